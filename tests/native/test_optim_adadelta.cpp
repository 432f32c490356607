// Adadelta (core/optim/adadelta.hpp): hand-derived first step, three steps on the 2-D quadratic
// against the formula in double, SIMD == scalar bit for bit for lengths 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include "core/optim/adadelta.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 19);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

struct AdadeltaRef {
  AdadeltaConfig c;
  std::vector<float> sq, acc;
  void step(std::vector<float>& w, const std::vector<float>& g, float lr) {
    if (sq.size() != w.size()) sq.assign(w.size(), 0.0f), acc = sq;
    const float neg_lr = float(-double(lr)), rho = float(c.rho), omr = float(1.0 - c.rho);
    const float eps = float(c.eps), lambda = float(c.weight_decay);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const float gd = c.weight_decay != 0.0 ? g[i] + lambda * w[i] : g[i];
      sq[i] = sq[i] * rho + omr * gd * gd;
      const float std_ = std::sqrt(sq[i] + eps);
      const float delta = std::sqrt(acc[i] + eps) / std_ * gd;
      acc[i] = acc[i] * rho + omr * delta * delta;
      w[i] = w[i] + neg_lr * delta;
    }
  }
};

}  // namespace

TEST_CASE("adadelta: first step by hand") {
  // w = [1, -2], g = [0.5, 0.25], lr 1, rho 0.9, eps 1e-6:
  //   sq = 0.1 g^2 = [0.025, 0.00625]
  //   delta = sqrt(0 + 1e-6) / sqrt(sq + 1e-6) g = [0.001 * 0.5 / 0.15811704, 0.001 * 0.25 / 0.07906327]
  //         = [0.00316221, 0.00316202]
  //   w = [0.99683779, -2.00316202];  acc = 0.1 delta^2 = [9.9996e-7, 9.9984e-7]
  Adadelta opt(AdadeltaConfig{});
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 1.0f);
  CHECK(w[0] == doctest::Approx(0.99683779).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.00316202).epsilon(1e-6));
  bool saw = false;
  for (const auto& kv : opt.explain(0, g[0], 1.0f))
    if (kv.first == "acc_delta") {
      saw = true;
      CHECK(kv.second == doctest::Approx(9.9996e-7).epsilon(1e-4));
    }
  CHECK(saw);
}

TEST_CASE("adadelta: three steps on f = 0.5 (x^2 + 10 y^2) against the formula in double") {
  AdadeltaConfig c;
  c.weight_decay = 0.05;
  c.eps = 1e-4;
  Adadelta opt(c);
  const double lr = 2.0, rho = 0.9;
  std::vector<float> w{1.5f, -0.5f}, g(2);
  double x[2] = {1.5, -0.5}, sq[2] = {0, 0}, acc[2] = {0, 0};
  for (int t = 1; t <= 3; ++t) {
    g[0] = w[0];
    g[1] = 10.0f * w[1];
    opt.step(w, g, float(lr));
    for (int i = 0; i < 2; ++i) {
      const double gi = (i == 0 ? x[0] : 10.0 * x[1]) + 0.05 * x[i];
      sq[i] = rho * sq[i] + (1 - rho) * gi * gi;
      const double d = std::sqrt(acc[i] + 1e-4) / std::sqrt(sq[i] + 1e-4) * gi;
      acc[i] = rho * acc[i] + (1 - rho) * d * d;
      x[i] -= lr * d;
    }
  }
  CHECK(w[0] == doctest::Approx(x[0]).epsilon(1e-5));
  CHECK(w[1] == doctest::Approx(x[1]).epsilon(1e-5));
}

TEST_CASE("adadelta: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (double wd : {0.0, 0.01}) {
    for (std::size_t n = 0; n <= 13; ++n) {
      AdadeltaConfig c;
      c.weight_decay = wd;
      Adadelta opt(c);
      AdadeltaRef ref{c, {}, {}};
      std::vector<float> w = random_vec(n, n + 17), w_ref = w;
      for (int k = 0; k < 5; ++k) {
        const std::vector<float> g = random_vec(n, 8000 + 10 * n + k);
        opt.step(w, g, 1.0f);
        ref.step(w_ref, g, 1.0f);
        CHECK_MESSAGE(same_bits(w, w_ref), "n = " << n << " step " << k);
      }
    }
  }
}
