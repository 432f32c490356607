// BCE on probabilities (torch.nn.BCELoss): hand-derived values, torch's -100 clamp and 1e-12
// gradient floor at p = 0 and 1, central differences, target checks, and the lane loop against a
// scalar loop for every length 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"
#include "tests/native/loss_sum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/bce.hpp"
#include "core/simd/num.hpp"

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

TEST_CASE("bce: hand-derived values and gradient") {
  BceLoss loss;
  // p = {0.5, 0.8, 0.1, 0.5, 0.6}, y = {1, 1, 0, 0, 0.25}:
  //   l = {-log 0.5, -log 0.8, -log 0.9, -log 0.5, -(0.25 log 0.6 + 0.75 log 0.4)}
  //     = {0.693147, 0.223144, 0.105361, 0.693147, 0.814930}; L = sum / 5
  //   dL/dp = (p - y) / ((1 - p) p) / 5 = {-2, -1.25, 1.111111, 2, 1.458333} / 5
  const V p = {0.5f, 0.8f, 0.1f, 0.5f, 0.6f}, y = {1, 1, 0, 0, 0.25f};
  V g(5);
  const float L = loss.value_and_grad(p, y, g, 5, 1);
  double expect = 0;
  for (int i = 0; i < 5; ++i)
    expect += -(y[i] * std::log(double(p[i])) + (1 - y[i]) * std::log(1 - double(p[i])));
  CHECK(L == doctest::Approx(expect / 5).epsilon(1e-6).scale(0));
  CHECK(L == doctest::Approx((0.693147 + 0.223144 + 0.105361 + 0.693147 + 0.814930) / 5).epsilon(1e-5));
  const double dg[5] = {-2, -1.25, 1.0 / 0.9, 2, 0.35 / 0.24};
  for (int i = 0; i < 5; ++i) CHECK(g[i] == doctest::Approx(dg[i] / 5).epsilon(1e-6).scale(0));
}

TEST_CASE("bce: p = 0 and p = 1 give finite values (torch's clamp at -100)") {
  BceLoss loss;
  // (p, y) = (0, 0): l = 0, g = 0 / max(0, 1e-12) = 0
  //          (0, 1): l = -max(log 0, -100) = 100, g = (0 - 1) / 1e-12 / N
  //          (1, 0): l = -max(log(1 - 1), -100) = 100, g = (1 - 0) / 1e-12 / N
  //          (1, 1): l = 0, g = 0
  const V p = {0, 0, 1, 1}, y = {0, 1, 0, 1};
  V g(4);
  const float L = loss.value_and_grad(p, y, g, 4, 1);
  CHECK(L == 50.0f);  // (0 + 100 + 100 + 0) / 4
  CHECK(g[0] == 0.0f);
  CHECK(g[1] == doctest::Approx(-1e12 / 4).epsilon(1e-6).scale(0));
  CHECK(g[2] == doctest::Approx(1e12 / 4).epsilon(1e-6).scale(0));
  CHECK(g[3] == 0.0f);
  for (float v : g) CHECK(std::isfinite(v));
}

TEST_CASE("bce: gradient matches central differences") {
  BceLoss loss;
  const V p = {0.3f, 0.7f, 0.15f, 0.9f, 0.5f, 0.45f}, y = {0, 1, 1, 0.5f, 0, 1};
  V g(6);
  loss.value_and_grad(p, y, g, 3, 2);
  const auto num = numeric_grad(loss, p, y, 3, 2, 1e-3f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(2e-3));
}

TEST_CASE("bce: check_targets") {
  BceLoss loss;
  CHECK(loss.check_targets(V{0, 1, 0.5f, 1}, 4, 1).ok());
  Status s = loss.check_targets(V{0, 1, 2, 1}, 4, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 3: BCE labels must be in [0, 1], got 2");
  s = loss.check_targets(V{0, -0.5f}, 2, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: BCE labels must be in [0, 1], got -0.5");
  s = loss.check_targets(V{NAN, 1}, 2, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 1: NaN is not a finite number");
  s = loss.check_targets(V{0, 1, 1}, 2, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target has 3 values, expected 2 (2 rows x 1 outputs)");
}

TEST_CASE("bce: lane loop equals a scalar loop for every length 0..13") {
  BceLoss loss;
  for (std::size_t N = 0; N <= 13; ++N) {
    V p(N), y(N), g(N, -7.0f);
    for (std::size_t i = 0; i < N; ++i) {
      p[i] = i % 7 == 3 ? 0.0f : i % 7 == 5 ? 1.0f : float(0.5 + 0.45 * std::sin(1.3 * i + 0.7));
      y[i] = i % 3 == 0 ? 1.0f : i % 3 == 1 ? 0.0f : 0.3f;
    }
    const float L = loss.value_and_grad(p, y, g, N, 1);
    std::vector<float> ls;
    for (std::size_t i = 0; i < N; ++i) {
      const float l = (y[i] - 1.0f) * std::max(num::log1p(-p[i]), -100.0f) -
                      y[i] * std::max(num::log(p[i]), -100.0f);
      ls.push_back(l);
      const float d = (p[i] - y[i]) / std::max((1.0f - p[i]) * p[i], 1e-12f);
      CHECK(same_bits(g[i], d / float(N)));
    }
    CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
  }
}
