// Nesterov momentum (core/optim/nesterov.hpp): torch's nesterov=True form by hand, three steps on
// the 2-D quadratic against the formula in double, SIMD == scalar bit for bit for lengths 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cstring>
#include <vector>

#include "core/optim/nesterov.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 13);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

struct NesterovRef {
  NesterovConfig c;
  std::vector<float> v;
  long t = 0;
  void step(std::vector<float>& w, const std::vector<float>& g, float lr) {
    if (v.size() != w.size()) v.assign(w.size(), 0.0f);
    ++t;
    const float neg_lr = float(-double(lr)), mu = float(c.momentum), lambda = float(c.weight_decay);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const float gd = c.weight_decay != 0.0 ? g[i] + lambda * w[i] : g[i];
      v[i] = t == 1 ? gd : v[i] * mu + gd;
      const float gn = gd + mu * v[i];
      w[i] = w[i] + neg_lr * gn;
    }
  }
};

}  // namespace

TEST_CASE("nesterov: first two steps by hand") {
  // w = [1, -2], g = [0.5, 0.25], lr = 0.1, mu = 0.9
  // step 1: v = g; g' = g + 0.9 g = 1.9 g = [0.95, 0.475]; w = [0.905, -2.0475]
  // step 2 (same g): v = 0.9 g + g = 1.9 g; g' = g + 0.9 * 1.9 g = 2.71 g = [1.355, 0.6775]
  //                  w = [0.905 - 0.1355, -2.0475 - 0.06775] = [0.7695, -2.11525]
  Nesterov opt(NesterovConfig{});
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.905).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.0475).epsilon(1e-6));
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.7695).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.11525).epsilon(1e-6));
  CHECK(opt.velocity()[0] == doctest::Approx(0.95).epsilon(1e-6));
  bool saw = false;
  for (const auto& kv : opt.explain(0, g[0], 0.905f))
    if (kv.first == "g_nesterov") {
      saw = true;
      CHECK(kv.second == doctest::Approx(1.355).epsilon(1e-6));
    }
  CHECK(saw);
}

TEST_CASE("nesterov: three steps on f = 0.5 (x^2 + 10 y^2) against the formula in double") {
  for (double wd : {0.0, 0.1}) {
    const double mu = 0.9, lr = 0.02;
    NesterovConfig c;
    c.weight_decay = wd;
    Nesterov opt(c);
    std::vector<float> w{1.5f, -0.5f}, g(2);
    double x[2] = {1.5, -0.5}, v[2] = {0.0, 0.0};
    for (int t = 1; t <= 3; ++t) {
      g[0] = w[0];
      g[1] = 10.0f * w[1];
      opt.step(w, g, float(lr));
      for (int i = 0; i < 2; ++i) {
        const double gi = (i == 0 ? x[0] : 10.0 * x[1]) + wd * x[i];
        v[i] = t == 1 ? gi : mu * v[i] + gi;
        x[i] -= lr * (gi + mu * v[i]);
      }
    }
    CHECK(w[0] == doctest::Approx(x[0]).epsilon(1e-5));
    CHECK(w[1] == doctest::Approx(x[1]).epsilon(1e-5));
  }
}

TEST_CASE("nesterov: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (double wd : {0.0, 0.02}) {
    for (std::size_t n = 0; n <= 13; ++n) {
      NesterovConfig c;
      c.momentum = 0.75;
      c.weight_decay = wd;
      Nesterov opt(c);
      NesterovRef ref{c, {}, 0};
      std::vector<float> w = random_vec(n, n + 5), w_ref = w;
      for (int k = 0; k < 5; ++k) {
        const std::vector<float> g = random_vec(n, 2000 + 10 * n + k);
        opt.step(w, g, 0.04f);
        ref.step(w_ref, g, 0.04f);
        CHECK_MESSAGE(same_bits(w, w_ref), "n = " << n << ", step " << k);
      }
    }
  }
}
