// Adamax (core/optim/adamax.hpp): hand-derived first step, three steps on the 2-D quadratic
// against the formula in double, SIMD == scalar bit for bit for lengths 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/optim/adamax.hpp"
#include "core/simd/num.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 17);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

float lerp_ref(float self, float end, double weight) {
  const float w = float(weight);
  if (std::fabs(w) < 0.5f) return self + w * (end - self);
  return end - (end - self) * (1.0f - w);
}

struct AdamaxRef {
  AdamaxConfig c;
  std::vector<float> m, u;
  long t = 0;
  void step(std::vector<float>& w, const std::vector<float>& g, float lr) {
    if (m.size() != w.size()) m.assign(w.size(), 0.0f), u = m;
    ++t;
    const float neg_clr = float(-(double(lr) / (1.0 - num::powi(c.beta1, t))));
    const float eps = float(c.eps), b2 = float(c.beta2), lambda = float(c.weight_decay);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const float gd = c.weight_decay != 0.0 ? g[i] + lambda * w[i] : g[i];
      m[i] = lerp_ref(m[i], gd, 1.0 - c.beta1);
      u[i] = std::max(u[i] * b2, std::fabs(gd) + eps);
      w[i] = w[i] + neg_clr * m[i] / u[i];
    }
  }
};

}  // namespace

TEST_CASE("adamax: first step by hand") {
  // w = [1, -2], g = [0.5, 0.25], lr = 0.002: m = 0.1 g, u = max(0, |g| + 1e-8) = |g| (+1e-8),
  // clr = 0.002 / (1 - 0.9) = 0.02, step = -0.02 * 0.1 g / |g| = -0.002 sign(g) -> [0.998, -2.002]
  Adamax opt(AdamaxConfig{});
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.002f);
  CHECK(w[0] == doctest::Approx(0.998).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.002).epsilon(1e-6));
  // second step with g = [0.1, 0.1]: u = max(0.999 |g1|, |g2|) keeps the old maximum
  // x: m = 0.9*0.05 + 0.1*0.1 = 0.055, u = 0.4995, clr = 0.002/0.19 -> step = -0.00115904
  std::vector<float> g2{0.1f, 0.1f};
  opt.step(w, g2, 0.002f);
  CHECK(w[0] == doctest::Approx(0.998 - 0.00115904).epsilon(1e-6));
  bool saw = false;
  for (const auto& kv : opt.explain(0, g2[0], 0.998f))
    if (kv.first == "u") {
      saw = true;
      CHECK(kv.second == doctest::Approx(0.4995).epsilon(1e-6));
    }
  CHECK(saw);
}

TEST_CASE("adamax: eps goes inside the max, as in torch") {
  // eps = 0.1 makes its place visible. x: g1 = 0.5, g2 = 0.1, lr 0.002.
  //   step 1: m = 0.05, u = max(0, 0.5 + 0.1) = 0.6, clr = 0.002 / 0.1 = 0.02
  //           x = 1 - 0.02 * 0.05 / 0.6 = 0.99833333
  //   step 2: m = 0.9 * 0.05 + 0.1 * 0.1 = 0.055, u = max(0.999 * 0.6, 0.1 + 0.1) = 0.5994
  //           (eps after the max would give 0.6994), clr = 0.002 / 0.19 = 0.010526316
  //           x = 0.99833333 - 0.010526316 * 0.055 / 0.5994 = 0.99736746
  AdamaxConfig c;
  c.eps = 0.1;
  Adamax opt(c);
  std::vector<float> w{1.0f}, g1{0.5f}, g2{0.1f};
  opt.step(w, g1, 0.002f);
  CHECK(w[0] == doctest::Approx(0.99833333).epsilon(1e-6));
  opt.step(w, g2, 0.002f);
  CHECK(w[0] == doctest::Approx(0.99736746).epsilon(1e-6));
}

TEST_CASE("adamax: three steps on f = 0.5 (x^2 + 10 y^2) against the formula in double") {
  AdamaxConfig c;
  c.weight_decay = 0.05;
  Adamax opt(c);
  const double lr = 0.05;
  std::vector<float> w{1.5f, -0.5f}, g(2);
  double x[2] = {1.5, -0.5}, m[2] = {0, 0}, u[2] = {0, 0};
  for (int t = 1; t <= 3; ++t) {
    g[0] = w[0];
    g[1] = 10.0f * w[1];
    opt.step(w, g, float(lr));
    for (int i = 0; i < 2; ++i) {
      const double gi = (i == 0 ? x[0] : 10.0 * x[1]) + 0.05 * x[i];
      m[i] = 0.9 * m[i] + 0.1 * gi;
      u[i] = std::max(0.999 * u[i], std::fabs(gi) + 1e-8);
      x[i] -= lr / (1 - std::pow(0.9, t)) * m[i] / u[i];
    }
  }
  CHECK(w[0] == doctest::Approx(x[0]).epsilon(1e-5));
  CHECK(w[1] == doctest::Approx(x[1]).epsilon(1e-5));
}

TEST_CASE("adamax: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (double wd : {0.0, 0.02}) {
    for (std::size_t n = 0; n <= 13; ++n) {
      AdamaxConfig c;
      c.weight_decay = wd;
      c.eps = wd != 0.0 ? 0.05 : 1e-8;
      Adamax opt(c);
      AdamaxRef ref{c, {}, {}, 0};
      std::vector<float> w = random_vec(n, n + 13), w_ref = w;
      for (int k = 0; k < 5; ++k) {
        std::vector<float> g = random_vec(n, 6000 + 10 * n + k);
        for (float& x : g) x /= float(1 + 2 * k);
        opt.step(w, g, 0.002f);
        ref.step(w_ref, g, 0.002f);
        CHECK_MESSAGE(same_bits(w, w_ref), "n = " << n << " step " << k);
      }
    }
  }
}
