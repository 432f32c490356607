// MAE (torch.nn.L1Loss): hand-derived values, the subgradient 0 at r = 0, central differences,
// extreme residuals, target checks, and the lane loop against a scalar loop (lengths 0..13).
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"
#include "tests/native/loss_sum.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/mae.hpp"

namespace {
using namespace descent;
using V = std::vector<float>;

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

TEST_CASE("mae: hand-derived value and gradient, subgradient 0 at r = 0") {
  MaeLoss loss;
  // r = {-0.5, 0, 2, -3}; |r| sum 5.5, N = 4 -> L = 1.375; gradient sign(r)/4 with sign(0) = 0
  const V pred = {1, 2, 3, 4}, target = {1.5f, 2, 1, 7};
  V g(4);
  CHECK(loss.value_and_grad(pred, target, g, 4, 1) == 1.375f);
  CHECK(g == V{-0.25f, 0.0f, 0.25f, -0.25f});
}

TEST_CASE("mae: gradient matches central differences away from r = 0") {
  MaeLoss loss;
  const V pred = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f}, target = {0.1f, 0.8f, -1.0f, 1.0f, 0.0f, 2.2f};
  V g(6);
  loss.value_and_grad(pred, target, g, 2, 3);
  const auto num = numeric_grad(loss, pred, target, 2, 3, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("mae: extreme residuals") {
  MaeLoss loss;
  const V pred = {1e3f, -1e-8f}, target = {0, 0};
  V g(2);
  const float L = loss.value_and_grad(pred, target, g, 2, 1);
  CHECK(double(L) == doctest::Approx((1e3 + 1e-8) / 2).epsilon(1e-7).scale(0));
  CHECK(g == V{0.5f, -0.5f});
}

TEST_CASE("mae: check_targets") {
  MaeLoss loss;
  CHECK(loss.check_targets(V{1, 2}, 2, 1).ok());
  Status s = loss.check_targets(V{1, 2, 3, 4, -INFINITY, 6}, 3, 2);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 3: -inf is not a finite number");
  s = loss.check_targets(V{1, 2, 3}, 2, 1);
  REQUIRE(!s.ok());
  CHECK(s.message().find("expected 2") != std::string::npos);
}

TEST_CASE("mae: lane loop equals a scalar loop for every length 0..13") {
  MaeLoss loss;
  for (std::size_t N = 0; N <= 13; ++N) {
    V p(N), t(N), g(N, -7.0f);
    for (std::size_t i = 0; i < N; ++i) {
      p[i] = float(3 * std::sin(1.3 * i + 0.7));
      t[i] = i % 4 == 1 ? p[i] : float(std::cos(0.9 * i));  // some r = 0 exactly
    }
    const float L = loss.value_and_grad(p, t, g, N, 1);
    const float norm = N ? float(1.0 / double(N)) : 1.0f;
    std::vector<float> ls;
    for (std::size_t i = 0; i < N; ++i) {
      const float r = p[i] - t[i];
      ls.push_back(std::fabs(r));
      CHECK(same_bits(g[i], r > 0 ? norm : r < 0 ? -norm : 0.0f));
    }
    CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
  }
}
