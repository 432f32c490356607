// BCE on logits (torch.nn.BCEWithLogitsLoss): hand-derived values, logits +-50 and +-1000,
// agreement with bce(sigmoid(z)), central differences, target checks, and the lane loop against a
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
#include "core/loss/bce_logits.hpp"
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

double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x))); }
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

TEST_CASE("bce_logits: hand-derived values and gradient") {
  BceLogitsLoss loss;
  // l = y softplus(-z) + (1 - y) softplus(z):
  //   z = 0, y = 1: log 2 = 0.693147      z = 2, y = 0: softplus(2) = 2.126928
  //   z = -1, y = 1: softplus(1) = 1.313262      z = 3, y = 0.25: 0.25*0.048587 + 0.75*3.048587
  // gradient (sigmoid(z) - y) / 4
  const V z = {0, 2, -1, 3}, y = {1, 0, 1, 0.25f};
  V g(4);
  const float L = loss.value_and_grad(z, y, g, 4, 1);
  double expect = 0;
  for (int i = 0; i < 4; ++i) expect += y[i] * softplus(-z[i]) + (1 - y[i]) * softplus(z[i]);
  CHECK(L == doctest::Approx(expect / 4).epsilon(1e-6).scale(0));
  CHECK(L == doctest::Approx((0.693147 + 2.126928 + 1.313262 + 0.25 * 0.048587 + 0.75 * 3.048587) / 4)
                 .epsilon(1e-5));
  for (int i = 0; i < 4; ++i) CHECK(g[i] == doctest::Approx((sigmoid(z[i]) - y[i]) / 4).epsilon(1e-6).scale(0));
}

TEST_CASE("bce_logits: logits +-50 and +-1000 give finite values equal to the closed forms") {
  BceLogitsLoss loss;
  V g(1);
  for (float z : {50.0f, -50.0f, 1000.0f, -1000.0f}) {
    for (float y : {0.0f, 1.0f}) {
      CAPTURE(z);
      CAPTURE(y);
      const float l = loss.value_and_grad(V{z}, V{y}, g, 1, 1);
      REQUIRE(std::isfinite(l));
      REQUIRE(std::isfinite(g[0]));
      // l = softplus(z) if y = 0, softplus(-z) if y = 1; gradient sigmoid(z) - y
      const double expect = y == 0.0f ? softplus(z) : softplus(-z);
      if (expect > 1e-30) CHECK(l == doctest::Approx(expect).epsilon(1e-6).scale(0));
      else CHECK(l == 0.0f);
      CHECK(g[0] == doctest::Approx(sigmoid(z) - y).epsilon(1e-6));
    }
  }
  // z = 1000, y = 0: l = 1000 exactly; z = -1000, y = 1: 1000; the gradient saturates at +-1.
  CHECK(loss.value_and_grad(V{1000.0f}, V{0.0f}, g, 1, 1) == 1000.0f);
  CHECK(g[0] == 1.0f);
  CHECK(loss.value_and_grad(V{-1000.0f}, V{1.0f}, g, 1, 1) == 1000.0f);
  CHECK(g[0] == -1.0f);
}

TEST_CASE("bce_logits: equals bce on sigmoid(z) for moderate logits") {
  BceLogitsLoss logits;
  BceLoss probs;
  const V z = {-3, -0.5f, 0.25f, 1, 4}, y = {0, 1, 0.5f, 1, 0};
  V p(5), g(5), gp(5);
  for (int i = 0; i < 5; ++i) p[i] = float(sigmoid(z[i]));
  const float a = logits.value_and_grad(z, y, g, 5, 1);
  const float b = probs.value_and_grad(p, y, gp, 5, 1);
  CHECK(a == doctest::Approx(b).epsilon(1e-5).scale(0));
  // chain rule: dL/dz = dL/dp * p (1 - p)
  for (int i = 0; i < 5; ++i)
    CHECK(g[i] == doctest::Approx(gp[i] * p[i] * (1 - p[i])).epsilon(1e-5).scale(0));
}

TEST_CASE("bce_logits: gradient matches central differences") {
  BceLogitsLoss loss;
  const V z = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f}, y = {0, 1, 1, 0.5f, 0, 1};
  V g(6);
  loss.value_and_grad(z, y, g, 2, 3);
  const auto num = numeric_grad(loss, z, y, 2, 3, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("bce_logits: check_targets") {
  BceLogitsLoss loss;
  CHECK(loss.check_targets(V{0, 1, 0.5f}, 3, 1).ok());
  Status s = loss.check_targets(V{0, 1, 1, 1.5f}, 2, 2);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: BCE labels must be in [0, 1], got 1.5");
  s = loss.check_targets(V{0, INFINITY}, 2, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: inf is not a finite number");
}

TEST_CASE("bce_logits: lane loop equals a scalar loop for every length 0..13") {
  BceLogitsLoss loss;
  for (std::size_t N = 0; N <= 13; ++N) {
    V z(N), y(N), g(N, -7.0f);
    for (std::size_t i = 0; i < N; ++i) {
      z[i] = i % 5 == 4 ? (i % 2 ? -1000.0f : 1000.0f) : float(6 * std::sin(1.3 * i + 0.7));
      y[i] = i % 3 == 0 ? 1.0f : i % 3 == 1 ? 0.0f : 0.3f;
    }
    const float L = loss.value_and_grad(z, y, g, N, 1);
    std::vector<float> ls;
    for (std::size_t i = 0; i < N; ++i) {
      const float l = (std::max(z[i], 0.0f) - z[i] * y[i]) + num::log1p(num::exp(-std::fabs(z[i])));
      ls.push_back(l);
      CHECK(same_bits(g[i], (num::sigmoid(z[i]) - y[i]) / float(N)));
    }
    CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
  }
}
