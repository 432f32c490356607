// Log-cosh: hand-derived values, accuracy against log(cosh r) in double across the branch switch
// at |r| = 1, tiny and huge residuals (no overflow at |r| = 1000), central differences, target
// checks, and the lane loop against a scalar loop for every length 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"
#include "tests/native/loss_sum.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/logcosh.hpp"
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

// log cosh r in double, overflow-free: |r| + log1p(exp(-2|r|)) - log 2, or the series near 0.
double logcosh_ref(double r) {
  const double z = std::fabs(r);
  if (z < 1e-4) return z * z / 2 - z * z * z * z / 12;
  return z + std::log1p(std::exp(-2 * z)) - std::log(2.0);
}

}  // namespace

TEST_CASE("logcosh: hand-derived values and gradient") {
  LogCoshLoss loss;
  // r = {0, 1, -2, 0.5}: log cosh = {0, 0.433781, 1.325003, 0.120115}; L = their sum / 4
  // gradient tanh(r)/4 = {0, 0.190399, -0.241007, 0.115529}
  const V pred = {0, 1, -2, 0.5f}, target(4, 0.0f);
  V g(4);
  const float L = loss.value_and_grad(pred, target, g, 4, 1);
  const double expect =
      (0 + std::log(std::cosh(1.0)) + std::log(std::cosh(2.0)) + std::log(std::cosh(0.5))) / 4;
  CHECK(L == doctest::Approx(expect).epsilon(1e-6).scale(0));
  CHECK(g[0] == 0.0f);
  CHECK(g[1] == doctest::Approx(std::tanh(1.0) / 4).epsilon(1e-6).scale(0));
  CHECK(g[2] == doctest::Approx(-std::tanh(2.0) / 4).epsilon(1e-6).scale(0));
  CHECK(g[3] == doctest::Approx(std::tanh(0.5) / 4).epsilon(1e-6).scale(0));
}

TEST_CASE("logcosh: relative accuracy across [-8, 8], both sides of the switch at |r| = 1") {
  LogCoshLoss loss;
  V g(1);
  for (int i = -800; i <= 800; ++i) {
    if (i == 0) continue;  // exact 0 is checked above
    const float r = float(i) / 100.0f;
    const float l = loss.value_and_grad(V{r}, V{0.0f}, g, 1, 1);
    CHECK(l == doctest::Approx(logcosh_ref(r)).epsilon(1e-6).scale(0));
    CHECK(g[0] == doctest::Approx(std::tanh(double(r))).epsilon(1e-6).scale(0));
  }
  for (float r : {0.9999f, 1.0f, 1.0001f}) {
    const float l = loss.value_and_grad(V{r}, V{0.0f}, g, 1, 1);
    CHECK(l == doctest::Approx(logcosh_ref(r)).epsilon(1e-6).scale(0));
  }
}

TEST_CASE("logcosh: residuals 1e-8 and +-1e3 are finite and equal the closed forms") {
  LogCoshLoss loss;
  V g(1);
  // r = 1e-8: log cosh r = r^2/2 - ... = 5e-17 (relative precision kept), tanh r = 1e-8
  float l = loss.value_and_grad(V{1e-8f}, V{0.0f}, g, 1, 1);
  CHECK(double(l) == doctest::Approx(0.5 * double(1e-8f) * double(1e-8f)).epsilon(1e-5).scale(0));
  CHECK(g[0] == doctest::Approx(double(1e-8f)).epsilon(1e-6).scale(0));
  // r = +-1000: log cosh r = 1000 - log 2 (cosh itself overflows), tanh = +-1
  for (float r : {1000.0f, -1000.0f}) {
    l = loss.value_and_grad(V{r}, V{0.0f}, g, 1, 1);
    CHECK(std::isfinite(l));
    CHECK(double(l) == doctest::Approx(1000.0 - std::log(2.0)).epsilon(1e-7).scale(0));
    CHECK(g[0] == (r > 0 ? 1.0f : -1.0f));
  }
}

TEST_CASE("logcosh: gradient matches central differences") {
  LogCoshLoss loss;
  const V pred = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f}, target = {0.1f, 0.8f, -1.0f, 1.0f, 0.0f, 2.2f};
  V g(6);
  loss.value_and_grad(pred, target, g, 2, 3);
  const auto num = numeric_grad(loss, pred, target, 2, 3, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("logcosh: check_targets") {
  LogCoshLoss loss;
  Status s = loss.check_targets(V{0, NAN}, 2, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: NaN is not a finite number");
  CHECK(!loss.check_targets(V{0, 1}, 1, 1).ok());
}

TEST_CASE("logcosh: lane loop equals a scalar loop for every length 0..13") {
  LogCoshLoss loss;
  const float ln2 = float(num::kLn2);
  for (std::size_t N = 0; N <= 13; ++N) {
    V p(N), t(N), g(N, -7.0f);
    for (std::size_t i = 0; i < N; ++i) {
      p[i] = float(3 * std::sin(1.3 * i + 0.7));
      t[i] = i % 6 == 5 ? p[i] - 1.0f : float(std::cos(0.9 * i));  // some |r| = 1 exactly
    }
    const float L = loss.value_and_grad(p, t, g, N, 1);
    const float norm = N ? float(1.0 / double(N)) : 1.0f;
    std::vector<float> ls;
    for (std::size_t i = 0; i < N; ++i) {
      const float r = p[i] - t[i], z = std::fabs(r);
      float l;
      if (z < 1.0f) {
        const float h = 0.5f * z;
        const float s = (num::expm1(h) - num::expm1(-h)) * 0.5f;
        l = num::log1p(2.0f * s * s);
      } else {
        l = (z + num::softplus(-2.0f * z)) - ln2;
      }
      ls.push_back(l);
      CHECK(same_bits(g[i], num::tanh(r) * norm));
    }
    CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
  }
}
