// Squared hinge: hand-derived values, labels 0/-1, central differences (including at the margin,
// where it is differentiable), scores +-1000, check_targets, and the lane loop against a scalar
// loop for every length 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"
#include "tests/native/loss_sum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/squared_hinge.hpp"

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

TEST_CASE("squared_hinge: hand-derived values") {
  SquaredHingeLoss loss;
  // f = {2, 0.5, -0.5, 1, -3}, y = {1, 1, 0 (-> -1), 1, 1}
  //   h = max(0, 1 - y f) = {0, 0.5, 0.5, 0, 4}; l = h^2 = {0, 0.25, 0.25, 0, 16}; L = 16.5/5 = 3.3
  //   gradient -2 y h / 5 = {0, -0.2, 0.2, 0, -1.6}
  const V f = {2, 0.5f, -0.5f, 1, -3}, y = {1, 1, 0, 1, 1};
  V g(5);
  CHECK(loss.value_and_grad(f, y, g, 5, 1) == doctest::Approx(3.3).epsilon(1e-7).scale(0));
  CHECK(g[0] == 0.0f);
  CHECK(g[1] == doctest::Approx(-0.2).epsilon(1e-7).scale(0));
  CHECK(g[2] == doctest::Approx(0.2).epsilon(1e-7).scale(0));
  CHECK(g[3] == 0.0f);
  CHECK(g[4] == doctest::Approx(-1.6).epsilon(1e-7).scale(0));
}

TEST_CASE("squared_hinge: gradient matches central differences, also at the margin") {
  SquaredHingeLoss loss;
  const V f = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.0f}, y = {1, 0, 0, 1, -1, 1};
  V g(6);
  loss.value_and_grad(f, y, g, 2, 3);
  const auto num = numeric_grad(loss, f, y, 2, 3, 1e-3f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("squared_hinge: scores +-1000") {
  SquaredHingeLoss loss;
  // f = {1000, -1000}, y = {1, 1}: l = {0, 1001^2 = 1002001}; L = 501000.5; gradient {0, -1001}
  V g(2);
  CHECK(loss.value_and_grad(V{1000, -1000}, V{1, 0}, g, 2, 1) == 0.0f);  // y = 0: margin met
  CHECK(loss.value_and_grad(V{1000, -1000}, V{1, 1}, g, 2, 1) == 501000.5f);
  CHECK(g == V{0.0f, -1001.0f});
}

TEST_CASE("squared_hinge: check_targets") {
  SquaredHingeLoss loss;
  CHECK(loss.check_targets(V{-1, 0, 1}, 3, 1).ok());
  Status s = loss.check_targets(V{1, 3}, 2, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: hinge labels must be -1 or +1 (0/1 labels are read as -1/+1), got 3");
}

TEST_CASE("squared_hinge: lane loop equals a scalar loop for every length 0..13") {
  SquaredHingeLoss loss;
  for (std::size_t N = 0; N <= 13; ++N) {
    V f(N), y(N), g(N, -7.0f);
    for (std::size_t i = 0; i < N; ++i) {
      y[i] = i % 3 == 0 ? 1.0f : i % 3 == 1 ? 0.0f : -1.0f;
      f[i] = float(2 * std::sin(1.3 * i + 0.7));
    }
    const float L = loss.value_and_grad(f, y, g, N, 1);
    const float norm = N ? float(1.0 / double(N)) : 1.0f;
    std::vector<float> ls;
    for (std::size_t i = 0; i < N; ++i) {
      const float s = y[i] > 0 ? 1.0f : -1.0f, h = std::max(1.0f - s * f[i], 0.0f);
      ls.push_back(h * h);
      CHECK(same_bits(g[i], h > 0 ? ((-2.0f * s) * h) * norm : 0.0f));
    }
    CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
  }
}
