// NAdam (core/optim/nadam.hpp): hand-derived first step (mu_t, mu_{t+1}, mu_product), three
// steps on the 2-D quadratic against the formula in double, SIMD == scalar bit for bit 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include "core/optim/nadam.hpp"
#include "core/simd/num.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 18);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

float lerp_ref(float self, float end, double weight) {
  const float w = float(weight);
  if (std::fabs(w) < 0.5f) return self + w * (end - self);
  return end - (end - self) * (1.0f - w);
}

// Scalar reference in torch's order. The per-step scalars use num:: (the portable pow the core
// must use); the element loop is written out by hand.
struct NadamRef {
  NadamConfig c;
  std::vector<float> m, v;
  float prod = 1.0f;
  long t = 0;
  void step(std::vector<float>& w, const std::vector<float>& g, float lr) {
    if (m.size() != w.size()) m.assign(w.size(), 0.0f), v = m;
    ++t;
    const double bc2 = 1.0 - num::powi(c.beta2, t);
    const double mu = c.beta1 * (1.0 - 0.5 * num::pow(0.96, double(t) * c.momentum_decay));
    const double mu_next = c.beta1 * (1.0 - 0.5 * num::pow(0.96, double(t + 1) * c.momentum_decay));
    prod = prod * float(mu);
    const float cg = float(-double(lr) * (1.0 - mu) / (1.0 - double(prod)));
    const float cm = float((-double(lr) * mu_next) / (1.0 - double(prod) * mu_next));
    const float bc2f = float(bc2), eps = float(c.eps), b2 = float(c.beta2), omb2 = float(1.0 - c.beta2);
    const float lambda = float(c.weight_decay);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const float gd = c.weight_decay != 0.0 ? g[i] + lambda * w[i] : g[i];
      m[i] = lerp_ref(m[i], gd, 1.0 - c.beta1);
      v[i] = v[i] * b2 + omb2 * gd * gd;
      const float denom = std::sqrt(v[i] / bc2f) + eps;
      w[i] = w[i] + cg * gd / denom;
      w[i] = w[i] + cm * m[i] / denom;
    }
  }
};

}  // namespace

TEST_CASE("nadam: first step by hand") {
  // w = [1, -2], g = [0.5, 0.25], lr = 0.002, beta1 0.9, momentum_decay 0.004:
  //   mu_1 = 0.9 (1 - 0.5 * 0.96^0.004) = 0.45007347,  mu_2 = 0.9 (1 - 0.5 * 0.96^0.008) = 0.45014694
  //   prod = mu_1;  m = 0.1 g;  v = 0.001 g^2;  denom = sqrt(v / 0.001) = |g|
  //   step = -lr (1 - mu_1)/(1 - mu_1) sign(g) - lr mu_2 / (1 - mu_1 mu_2) * 0.1 sign(g)
  //        = -0.002 (1 + 0.45014694 / (1 - 0.20259919) * 0.1) sign(g) = -0.0021129036 sign(g)
  Nadam opt(NadamConfig{});
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.002f);
  CHECK(w[0] == doctest::Approx(0.9978871).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.0021129).epsilon(1e-6));
  double mu = 0, mu_next = 0, prod = 0;
  for (const auto& kv : opt.explain(0, g[0], 1.0f)) {
    if (kv.first == "mu") mu = kv.second;
    if (kv.first == "mu_next") mu_next = kv.second;
    if (kv.first == "mu_product") prod = kv.second;
  }
  CHECK(mu == doctest::Approx(0.45007347).epsilon(1e-7));
  CHECK(mu_next == doctest::Approx(0.45014694).epsilon(1e-7));
  CHECK(prod == doctest::Approx(0.45007347).epsilon(1e-6));
}

TEST_CASE("nadam: mu_product is a float32 running product, as torch's state tensor") {
  // torch keeps mu_product in a float32 0-dim tensor: prod <- float(prod * float(mu_t)).
  // Over many steps that differs from a double product rounded at the end.
  NadamConfig c;
  c.momentum_decay = 0.05;
  Nadam opt(c);
  std::vector<float> w{1.0f}, g{0.3f};
  float prod = 1.0f;
  for (long t = 1; t <= 300; ++t) {
    opt.step(w, g, 0.001f);
    const double mu = 0.9 * (1.0 - 0.5 * num::pow(0.96, double(t) * 0.05));
    prod = prod * float(mu);
    double got = -1.0;
    for (const auto& kv : opt.explain(0, g[0], w[0]))
      if (kv.first == "mu_product") got = kv.second;
    REQUIRE_MESSAGE(got == double(prod), "t = " << t);
  }
}

TEST_CASE("nadam: three steps on f = 0.5 (x^2 + 10 y^2) against the formula in double") {
  NadamConfig c;
  c.weight_decay = 0.05;
  c.momentum_decay = 0.1;  // large enough that mu_t visibly changes between steps
  Nadam opt(c);
  const double lr = 0.05, b1 = 0.9, b2 = 0.999;
  std::vector<float> w{1.5f, -0.5f}, g(2);
  double x[2] = {1.5, -0.5}, m[2] = {0, 0}, v[2] = {0, 0}, prod = 1.0;
  for (int t = 1; t <= 3; ++t) {
    g[0] = w[0];
    g[1] = 10.0f * w[1];
    opt.step(w, g, float(lr));
    const double mu = b1 * (1 - 0.5 * std::pow(0.96, t * 0.1));
    const double mu_next = b1 * (1 - 0.5 * std::pow(0.96, (t + 1) * 0.1));
    prod *= mu;
    for (int i = 0; i < 2; ++i) {
      const double gi = (i == 0 ? x[0] : 10.0 * x[1]) + 0.05 * x[i];
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      const double denom = std::sqrt(v[i] / (1 - std::pow(b2, t))) + 1e-8;
      x[i] -= lr * (1 - mu) / (1 - prod) * gi / denom;
      x[i] -= lr * mu_next / (1 - prod * mu_next) * m[i] / denom;
    }
  }
  CHECK(w[0] == doctest::Approx(x[0]).epsilon(1e-5));
  CHECK(w[1] == doctest::Approx(x[1]).epsilon(1e-5));
}

TEST_CASE("nadam: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (double wd : {0.0, 0.01}) {
    for (std::size_t n = 0; n <= 13; ++n) {
      NadamConfig c;
      c.weight_decay = wd;
      Nadam opt(c);
      NadamRef ref{c, {}, {}, 1.0f, 0};
      std::vector<float> w = random_vec(n, n + 15), w_ref = w;
      for (int k = 0; k < 5; ++k) {
        const std::vector<float> g = random_vec(n, 7000 + 10 * n + k);
        opt.step(w, g, 0.002f);
        ref.step(w_ref, g, 0.002f);
        CHECK_MESSAGE(same_bits(w, w_ref), "n = " << n << " step " << k);
      }
    }
  }
}
