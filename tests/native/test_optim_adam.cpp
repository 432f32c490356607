// Adam, AdamW and AMSGrad (core/optim/adam.hpp): hand-derived steps, three steps on the 2-D
// quadratic against the formula in double, SIMD == scalar bit for bit for lengths 0..13, and the
// AMSGrad difference that shows when v decreases.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include "core/optim/adam.hpp"
#include "core/optim/optimizer.hpp"
#include "core/simd/num.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 16);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

float lerp_ref(float self, float end, double weight) {
  const float w = float(weight);
  if (std::fabs(w) < 0.5f) return self + w * (end - self);
  return end - (end - self) * (1.0f - w);
}


struct AdamRef {
  AdamConfig c;
  std::vector<float> m, v, vmax;
  long t = 0;
  void step(std::vector<float>& w, const std::vector<float>& g, float lr) {
    if (m.size() != w.size()) m.assign(w.size(), 0.0f), v = vmax = m;
    ++t;
    const double bc1 = 1.0 - num::powi(c.beta1, t), bc2 = 1.0 - num::powi(c.beta2, t);
    const float neg_step = float(-(double(lr) / bc1)), bc2s = float(std::sqrt(bc2));
    const float eps = float(c.eps), b2 = float(c.beta2), omb2 = float(1.0 - c.beta2);
    const float lambda = float(c.weight_decay), decay = float(1.0 - double(lr) * c.weight_decay);
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (c.decoupled_weight_decay && c.weight_decay != 0.0) w[i] = w[i] * decay;
      const float gd = !c.decoupled_weight_decay && c.weight_decay != 0.0 ? g[i] + lambda * w[i] : g[i];
      m[i] = lerp_ref(m[i], gd, 1.0 - c.beta1);
      v[i] = v[i] * b2 + omb2 * gd * gd;
      float vv = v[i];
      if (c.amsgrad) vv = vmax[i] = std::max(vmax[i], v[i]);
      w[i] = w[i] + neg_step * m[i] / (std::sqrt(vv) / bc2s + eps);
    }
  }
};

// explain(i) of the last step, given the gradient it received and the parameter before it.
double explained(const Optimizer& o, std::size_t i, const std::string& name, float g, float w) {
  for (const auto& kv : o.explain(i, g, w))
    if (kv.first == name) return kv.second;
  FAIL("no " << name << " in explain()");
  return 0.0;
}

}  // namespace

TEST_CASE("adam: first step by hand") {
  // w = [1, -2], g = [0.5, 0.25], lr = 0.001. m = 0.1 g, v = 0.001 g^2, bc1 = 0.1, bc2 = 0.001:
  // m_hat = g, v_hat = g^2, step = -0.001 g / (|g| + 1e-8) = -0.001 sign(g) -> [0.999, -2.001]
  Adam opt(AdamConfig{});
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.001f);
  CHECK(w[0] == doctest::Approx(0.999).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.001).epsilon(1e-6));
  CHECK(explained(opt, 0, "g", g[0], 1.0f) == 0.5);
  CHECK(explained(opt, 0, "m", g[0], 1.0f) == doctest::Approx(0.05).epsilon(1e-6));
  CHECK(explained(opt, 0, "v", g[0], 1.0f) == doctest::Approx(0.00025).epsilon(1e-6));
  CHECK(explained(opt, 0, "bias_correction1", g[0], 1.0f) == doctest::Approx(0.1).epsilon(1e-12));
  CHECK(explained(opt, 0, "m_hat", g[0], 1.0f) == doctest::Approx(0.5).epsilon(1e-6));
  CHECK(explained(opt, 1, "v_hat", g[1], -2.0f) == doctest::Approx(0.0625).epsilon(1e-5));
  CHECK(explained(opt, 0, "step", g[0], 1.0f) == doctest::Approx(-0.001).epsilon(1e-6));
  REQUIRE(opt.velocity().size() == 2);
  CHECK(opt.velocity()[0] == doctest::Approx(0.05).epsilon(1e-6));
}

TEST_CASE("adamw: decoupled decay first, then the Adam step") {
  // lr 0.001, wd 0.01: w <- w (1 - 1e-5) = [0.99999, -1.99998]; then -0.001 sign(g):
  // [0.99899, -2.00098]. Adam's L2 instead (wd 0.1): g' = [0.6, 0.05], still sign-like: [0.999, -2.001]
  AdamConfig c;
  c.weight_decay = 0.01;
  c.decoupled_weight_decay = true;
  Adam opt(c);
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.001f);
  CHECK(w[0] == doctest::Approx(0.99899).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.00098).epsilon(1e-6));
  CHECK(explained(opt, 0, "decay_factor", g[0], 1.0f) == doctest::Approx(1.0 - 1e-5));
  CHECK(explained(opt, 0, "g", g[0], 1.0f) == 0.5);  // decoupled: the gradient itself

  AdamConfig l2;
  l2.weight_decay = 0.1;
  Adam adam(l2);
  std::vector<float> w2{1.0f, -2.0f};
  adam.step(w2, g, 0.001f);
  CHECK(w2[0] == doctest::Approx(0.999).epsilon(1e-6));
  // L2: g' = g + 0.1 w = 0.25 + 0.1 * -2 = 0.05 (w before the step)
  CHECK(explained(adam, 1, "g", g[1], -2.0f) == doctest::Approx(0.05).epsilon(1e-6));
}

TEST_CASE("amsgrad: differs from adam only once v decreases") {
  // 1-D, lr 0.1, g1 = 1 then g2 = 0.01.
  // step 1 identical. step 2: m2 = 0.9*0.1 + 0.1*0.01 = 0.091, bc1 = 0.19, m_hat = 0.47894737
  //   v2 = 0.999*0.001 + 0.001*1e-4 = 0.0009991 < v1 = 0.001 (v decreased), bc2 = 0.001999
  //   adam:    step = -0.1 * 0.47894737 / sqrt(0.0009991 / 0.001999) = -0.1 * 0.67746943
  //   amsgrad: v_max = 0.001:   step = -0.1 * 0.47894737 / sqrt(0.001 / 0.001999) = -0.1 * 0.67716450
  AdamConfig ac;
  AdamConfig mc;
  mc.amsgrad = true;
  Adam adam(ac), ams(mc);
  std::vector<float> wa{0.0f}, wm{0.0f};
  std::vector<float> g1{1.0f}, g2{0.01f};
  adam.step(wa, g1, 0.1f);
  ams.step(wm, g1, 0.1f);
  CHECK(same_bits(wa, wm));
  const float a1 = wa[0], m1 = wm[0];
  adam.step(wa, g2, 0.1f);
  ams.step(wm, g2, 0.1f);
  CHECK(wa[0] - a1 == doctest::Approx(-0.067746943).epsilon(1e-5));
  CHECK(wm[0] - m1 == doctest::Approx(-0.067716450).epsilon(1e-5));
  CHECK(std::fabs(wm[0] - m1) < std::fabs(wa[0] - a1));
  CHECK(explained(ams, 0, "v_max", g2[0], m1) == doctest::Approx(0.001).epsilon(1e-6));
  // while v grows the two stay identical
  Adam adam2(ac), ams2(mc);
  std::vector<float> x{0.0f}, y{0.0f};
  for (float gv : {0.1f, 0.5f, 1.0f, 2.0f}) {
    std::vector<float> gg{gv};
    adam2.step(x, gg, 0.1f);
    ams2.step(y, gg, 0.1f);
    CHECK(same_bits(x, y));
  }
}

TEST_CASE("adam family: three steps on f = 0.5 (x^2 + 10 y^2) against the formula in double") {
  for (int variant = 0; variant < 4; ++variant) {
    AdamConfig c;
    c.beta1 = 0.8;
    c.beta2 = 0.99;
    c.amsgrad = variant == 2;
    c.decoupled_weight_decay = variant == 3;
    c.weight_decay = variant == 1 ? 0.1 : variant == 3 ? 0.2 : 0.0;
    Adam opt(c);
    const double lr = 0.05;
    std::vector<float> w{1.5f, -0.5f}, g(2);
    double x[2] = {1.5, -0.5}, m[2] = {0, 0}, v[2] = {0, 0}, vmax[2] = {0, 0};
    for (int t = 1; t <= 3; ++t) {
      g[0] = w[0];
      g[1] = 10.0f * w[1];
      opt.step(w, g, float(lr));
      for (int i = 0; i < 2; ++i) {
        if (c.decoupled_weight_decay) x[i] *= 1.0 - lr * c.weight_decay;
        double gi = i == 0 ? x[0] : 10.0 * x[1];
        if (!c.decoupled_weight_decay) gi += c.weight_decay * x[i];
        m[i] = c.beta1 * m[i] + (1 - c.beta1) * gi;
        v[i] = c.beta2 * v[i] + (1 - c.beta2) * gi * gi;
        vmax[i] = std::max(vmax[i], v[i]);
        const double m_hat = m[i] / (1 - std::pow(c.beta1, t));
        const double v_hat = (c.amsgrad ? vmax[i] : v[i]) / (1 - std::pow(c.beta2, t));
        x[i] -= lr * m_hat / (std::sqrt(v_hat) + c.eps);
      }
    }
    CHECK_MESSAGE(w[0] == doctest::Approx(x[0]).epsilon(1e-5), "variant " << variant);
    CHECK_MESSAGE(w[1] == doctest::Approx(x[1]).epsilon(1e-5), "variant " << variant);
  }
}

TEST_CASE("adam family: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (int variant = 0; variant < 5; ++variant) {
    AdamConfig c;
    c.amsgrad = variant == 2;
    c.decoupled_weight_decay = variant == 3;
    c.weight_decay = variant == 1 ? 0.05 : variant == 3 ? 0.1 : 0.0;
    if (variant == 4) c.beta1 = 0.3;  // 1 - beta1 >= 0.5: the other branch of torch's lerp
    for (std::size_t n = 0; n <= 13; ++n) {
      Adam opt(c);
      AdamRef ref{c, {}, {}, {}, 0};
      std::vector<float> w = random_vec(n, n + 11), w_ref = w;
      for (int k = 0; k < 6; ++k) {
        // shrinking gradients make v decrease, so amsgrad's max matters
        std::vector<float> g = random_vec(n, 5000 + 10 * n + k);
        for (float& x : g) x /= float(1 + 3 * k);
        opt.step(w, g, 0.01f);
        ref.step(w_ref, g, 0.01f);
        CHECK_MESSAGE(same_bits(w, w_ref), "variant " << variant << " n = " << n << " step " << k);
        const std::vector<float> m(opt.velocity().begin(), opt.velocity().end());
        CHECK(same_bits(m, ref.m));
      }
    }
  }
}
