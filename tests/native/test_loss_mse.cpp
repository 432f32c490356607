// MSE (torch.nn.MSELoss): hand-derived values, central differences, extreme residuals, target
// checks, and the lane loop against a scalar loop for every length 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"
#include "tests/native/loss_sum.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/mse.hpp"

namespace {
using namespace descent;
using V = std::vector<float>;

// dL/dx_i by central differences in double on the float value (the float step actually taken).
std::vector<double> numeric_grad(const Loss& loss, V x, const V& t, std::size_t n, std::size_t k,
                                 float h) {
  std::vector<double> g(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float xi = x[i], a = xi + h, b = xi - h;
    x[i] = a;
    const double fa = loss.value(x, t, n, k);
    x[i] = b;
    const double fb = loss.value(x, t, n, k);
    x[i] = xi;
    g[i] = (fa - fb) / (double(a) - double(b));
  }
  return g;
}

}  // namespace

TEST_CASE("mse: hand-derived value and gradient") {
  MseLoss loss;
  // r = pred - target = {-0.5, 0, 2, -3}; r^2 = {0.25, 0, 4, 9}, sum 13.25, N = 4 -> L = 3.3125
  // gradient 2 r / N = r / 2 = {-0.25, 0, 1, -1.5}  (all exact in float)
  const V pred = {1, 2, 3, 4}, target = {1.5f, 2, 1, 7};
  V g(4);
  CHECK(loss.value_and_grad(pred, target, g, 4, 1) == 3.3125f);
  CHECK(g == V{-0.25f, 0.0f, 1.0f, -1.5f});
  // The same numbers as (n, k) = (2, 2): the mean runs over all n*k elements.
  V g2(4);
  CHECK(loss.value_and_grad(pred, target, g2, 2, 2) == 3.3125f);
  CHECK(g2 == g);
  CHECK(loss.value(pred, target, 2, 2) == 3.3125f);
}

TEST_CASE("mse: gradient matches central differences") {
  MseLoss loss;
  const V pred = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f}, target = {0.1f, 0.8f, -1.0f, 1.0f, 0.0f, 2.2f};
  V g(6);
  loss.value_and_grad(pred, target, g, 3, 2);
  const auto num = numeric_grad(loss, pred, target, 3, 2, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("mse: extreme residuals 1e-8 and 1e3 are finite and exact") {
  MseLoss loss;
  const V pred = {1e3f, 1e-8f}, target = {0, 0};
  V g(2);
  const float L = loss.value_and_grad(pred, target, g, 2, 1);
  // (1e6 + 1e-16) / 2; gradient 2 r / 2 = r
  CHECK(std::isfinite(L));
  CHECK(double(L) == doctest::Approx((1e6 + 1e-16) / 2).epsilon(1e-7).scale(0));
  CHECK(g[0] == 1e3f);
  CHECK(g[1] == 1e-8f);
}

TEST_CASE("mse: check_targets") {
  MseLoss loss;
  CHECK(loss.check_targets(V{1, -2, 3.5f, 1e30f}, 2, 2).ok());
  Status s = loss.check_targets(V{1, 2, 3, NAN}, 2, 2);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: NaN is not a finite number");
  s = loss.check_targets(V{1, INFINITY, 3}, 3, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: inf is not a finite number");
  s = loss.check_targets(V{1, 2, 3}, 2, 2);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target has 3 values, expected 4 (2 rows x 2 outputs)");
}

TEST_CASE("mse: lane loop equals a scalar loop for every length 0..13") {
  MseLoss loss;
  for (std::size_t N = 0; N <= 13; ++N) {
    V p(N), t(N), g(N, -7.0f);
    for (std::size_t i = 0; i < N; ++i) {
      p[i] = float(3 * std::sin(1.3 * i + 0.7));
      t[i] = float(std::cos(0.9 * i));
    }
    const float L = loss.value_and_grad(p, t, g, N, 1);
    const float norm = N ? float(2.0 / double(N)) : 2.0f;
    std::vector<float> ls;
    for (std::size_t i = 0; i < N; ++i) {
      const float r = p[i] - t[i];
      ls.push_back(r * r);
      CHECK(same_bits(g[i], norm * r));
    }
    CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
  }
}
