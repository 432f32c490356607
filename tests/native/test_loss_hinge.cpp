// Hinge: hand-derived values, labels 0 and -1 read the same, the subgradient 0 at y f = 1,
// central differences away from the kink, scores +-1000, every check_targets error, and the lane
// loop against a scalar loop for every length 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"
#include "tests/native/loss_sum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/hinge.hpp"

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

TEST_CASE("hinge: hand-derived values, subgradient 0 at y f = 1") {
  HingeLoss loss;
  // f = {2, 0.5, -0.5, 1, -1}, y = {1, 1, 0 (-> -1), 1, -1}
  //   1 - y f = {-1, 0.5, 0.5, 0 (kink), 0 (kink)}; l = {0, 0.5, 0.5, 0, 0}; L = 1/5 = 0.2
  //   gradient -y/5 where 1 - y f > 0: {0, -0.2, 0.2, 0 (kink), 0 (kink)}
  const V f = {2, 0.5f, -0.5f, 1, -1}, y = {1, 1, 0, 1, -1};
  V g(5);
  CHECK(loss.value_and_grad(f, y, g, 5, 1) == 0.2f);
  CHECK(g == V{0.0f, -0.2f, 0.2f, 0.0f, 0.0f});
}

TEST_CASE("hinge: labels 0 and -1 give the same numbers") {
  HingeLoss loss;
  const V f = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f};
  V g0(5), g1(5);
  const float a = loss.value_and_grad(f, V{0, 1, 0, 0, 1}, g0, 5, 1);
  const float b = loss.value_and_grad(f, V{-1, 1, -1, -1, 1}, g1, 5, 1);
  CHECK(same_bits(a, b));
  CHECK(g0 == g1);
}

TEST_CASE("hinge: gradient matches central differences away from the kink") {
  HingeLoss loss;
  const V f = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f}, y = {1, 0, 0, 1, -1, 1};
  V g(6);
  loss.value_and_grad(f, y, g, 3, 2);
  const auto num = numeric_grad(loss, f, y, 3, 2, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("hinge: scores +-1000") {
  HingeLoss loss;
  // f = {1000, -1000}, y = {1, 1}: l = {0, 1001}, L = 500.5; gradient {0, -1/2}
  V g(2);
  CHECK(loss.value_and_grad(V{1000, -1000}, V{1, 1}, g, 2, 1) == 500.5f);
  CHECK(g == V{0.0f, -0.5f});
}

TEST_CASE("hinge: check_targets") {
  HingeLoss loss;
  CHECK(loss.check_targets(V{-1, 0, 1}, 3, 1).ok());
  Status s = loss.check_targets(V{1, 0, 0.5f}, 3, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 3: hinge labels must be -1 or +1 (0/1 labels are read as -1/+1), got 0.5");
  s = loss.check_targets(V{2}, 1, 1);
  REQUIRE(!s.ok());
  CHECK(s.message().find("target row 1: hinge labels must be -1 or +1") == 0);
  s = loss.check_targets(V{1, -INFINITY}, 2, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: -inf is not a finite number");
  CHECK(!loss.check_targets(V{1, 1, 1}, 2, 1).ok());
}

TEST_CASE("hinge: lane loop equals a scalar loop for every length 0..13") {
  HingeLoss loss;
  for (std::size_t N = 0; N <= 13; ++N) {
    V f(N), y(N), g(N, -7.0f);
    for (std::size_t i = 0; i < N; ++i) {
      y[i] = i % 3 == 0 ? 1.0f : i % 3 == 1 ? 0.0f : -1.0f;
      f[i] = i % 4 == 2 ? (y[i] > 0 ? 1.0f : -1.0f) : float(2 * std::sin(1.3 * i + 0.7));  // kinks
    }
    const float L = loss.value_and_grad(f, y, g, N, 1);
    const float norm = N ? float(1.0 / double(N)) : 1.0f;
    std::vector<float> ls;
    for (std::size_t i = 0; i < N; ++i) {
      const float s = y[i] > 0 ? 1.0f : -1.0f, m = 1.0f - s * f[i];
      ls.push_back(std::max(m, 0.0f));
      CHECK(same_bits(g[i], m > 0 ? -s * norm : 0.0f));
    }
    CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
  }
}
