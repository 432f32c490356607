// Momentum (core/optim/momentum.hpp), both forms: hand-derived steps, three steps on the 2-D
// quadratic against a double-precision implementation of the documented formula, SIMD == scalar
// bit for bit for lengths 0..13, and the relation ema(lr) == torch(lr (1 - beta)).
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cstring>
#include <vector>

#include "core/optim/momentum.hpp"
#include "core/util/rng.hpp"

using namespace descent;
using Form = MomentumConfig::Form;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 12);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

MomentumConfig cfg(Form f, double mu = 0.9, double damp = 0.0, double wd = 0.0) {
  MomentumConfig c;
  c.form = f;
  c.momentum = mu;
  c.dampening = damp;
  c.weight_decay = wd;
  return c;
}

// Scalar reference in the same operation order as the SIMD loop (torch's for the torch form).
struct MomentumRef {
  MomentumConfig c;
  std::vector<float> v;
  long t = 0;
  void step(std::vector<float>& w, const std::vector<float>& g, float lr) {
    if (v.size() != w.size()) v.assign(w.size(), 0.0f);
    ++t;
    const float neg_lr = float(-double(lr)), mu = float(c.momentum), lambda = float(c.weight_decay);
    const float keep = float(1.0 - c.dampening), one_minus = float(1.0 - c.momentum);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const float gd = c.weight_decay != 0.0 ? g[i] + lambda * w[i] : g[i];
      if (c.form == Form::torch)
        v[i] = t == 1 ? gd : v[i] * mu + keep * gd;
      else
        v[i] = mu * v[i] + one_minus * gd;
      w[i] = w[i] + neg_lr * v[i];
    }
  }
};

}  // namespace

TEST_CASE("momentum (torch form): first two steps by hand") {
  // w = [1, -2], g = [0.5, 0.25], lr = 0.1, mu = 0.9.
  // step 1: v = g (torch clones the gradient) -> w = [0.95, -2.025]
  // step 2 (same g): v = 0.9 g + g = 1.9 g = [0.95, 0.475] -> w = [0.95 - 0.095, -2.025 - 0.0475]
  //                                                            = [0.855, -2.0725]
  Momentum opt(cfg(Form::torch));
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.95).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.025).epsilon(1e-6));
  REQUIRE(opt.velocity().size() == 2);
  CHECK(opt.velocity()[0] == 0.5f);
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.855).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.0725).epsilon(1e-6));
  CHECK(opt.velocity()[1] == doctest::Approx(0.475).epsilon(1e-6));
}

TEST_CASE("momentum (torch form): dampening is skipped on the first step, as in torch") {
  // dampening 0.5: step 1 v = g; step 2 v = 0.9 g + 0.5 g = 1.4 g = [0.7, 0.35]
  // w1 = [0.95, -2.025]; w2 = [0.95 - 0.07, -2.025 - 0.035] = [0.88, -2.06]
  Momentum opt(cfg(Form::torch, 0.9, 0.5));
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.95).epsilon(1e-6));
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.88).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.06).epsilon(1e-6));
}

TEST_CASE("momentum (ema form): first step by hand") {
  // v = 0.9 * 0 + 0.1 g = [0.05, 0.025]; w = [1 - 0.005, -2 - 0.0025] = [0.995, -2.0025]
  Momentum opt(cfg(Form::ema));
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.995).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.0025).epsilon(1e-6));
  const Explained e = opt.explain(0, g[0], 1.0f);
  REQUIRE(e.size() >= 4);
  bool saw_v = false;
  for (const auto& kv : e)
    if (kv.first == "v") {
      saw_v = true;
      CHECK(kv.second == doctest::Approx(0.05).epsilon(1e-6));
    }
  CHECK(saw_v);
}

TEST_CASE("momentum: three steps on f = 0.5 (x^2 + 10 y^2) against the formula in double") {
  for (Form form : {Form::torch, Form::ema}) {
    for (double wd : {0.0, 0.1}) {
      const double mu = 0.9, damp = form == Form::torch ? 0.2 : 0.0, lr = 0.02;
      Momentum opt(cfg(form, mu, damp, wd));
      std::vector<float> w{1.5f, -0.5f}, g(2);
      double x[2] = {1.5, -0.5}, v[2] = {0.0, 0.0};
      for (int t = 1; t <= 3; ++t) {
        g[0] = w[0];
        g[1] = 10.0f * w[1];
        opt.step(w, g, float(lr));
        for (int i = 0; i < 2; ++i) {
          const double gi = (i == 0 ? x[0] : 10.0 * x[1]) + wd * x[i];
          if (form == Form::torch)
            v[i] = t == 1 ? gi : mu * v[i] + (1.0 - damp) * gi;
          else
            v[i] = mu * v[i] + (1.0 - mu) * gi;
          x[i] -= lr * v[i];
        }
      }
      CHECK(w[0] == doctest::Approx(x[0]).epsilon(1e-5));
      CHECK(w[1] == doctest::Approx(x[1]).epsilon(1e-5));
    }
  }
}

TEST_CASE("momentum: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (Form form : {Form::torch, Form::ema}) {
    for (double wd : {0.0, 0.01}) {
      for (std::size_t n = 0; n <= 13; ++n) {
        const MomentumConfig c = cfg(form, 0.85, 0.1, wd);
        Momentum opt(c);
        MomentumRef ref{c, {}, 0};
        std::vector<float> w = random_vec(n, n + 3), w_ref = w;
        for (int k = 0; k < 5; ++k) {
          const std::vector<float> g = random_vec(n, 1000 + 10 * n + k);
          opt.step(w, g, 0.05f);
          ref.step(w_ref, g, 0.05f);
          CHECK_MESSAGE(same_bits(w, w_ref), "n = " << n << ", step " << k);
          const std::vector<float> vel(opt.velocity().begin(), opt.velocity().end());
          CHECK(same_bits(vel, ref.v));
        }
      }
    }
  }
}

TEST_CASE("momentum: ema with lr walks the same path as torch with lr (1 - beta)") {
  // v_ema = (1 - beta) v_torch at every step (both start from v = 0 / v = g), so
  // lr * v_ema = lr * (1 - beta) * v_torch. Float rounding differs slightly; compare tightly.
  const double beta = 0.8, lr = 0.05;
  Momentum ema(cfg(Form::ema, beta)), torch(cfg(Form::torch, beta));
  std::vector<float> we{1.5f, -0.5f}, wt = we, g(2);
  for (int t = 0; t < 50; ++t) {
    g[0] = we[0];
    g[1] = 10.0f * we[1];
    ema.step(we, g, float(lr));
    g[0] = wt[0];
    g[1] = 10.0f * wt[1];
    torch.step(wt, g, float(lr * (1.0 - beta)));
    CHECK(we[0] == doctest::Approx(wt[0]).epsilon(1e-5).scale(1e-3));
    CHECK(we[1] == doctest::Approx(wt[1]).epsilon(1e-5).scale(1e-3));
  }
  // and they really moved: 50 steps of a stable heavy ball shrink the start a lot
  CHECK(std::abs(we[0]) < 0.5f);
}
