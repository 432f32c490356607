// Lion (core/optim/lion.hpp): two steps and weight decay by hand, a run on f = 0.5 (x^2 + 10 y^2)
// against the formula in double, SIMD == a scalar reference bit for bit for lengths 0..13, sign(0)
// = 0, explain()'s numbers, and beta1 from set_momentum.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/optim/lion.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 17);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

// torch.lerp's scalar kernel, written out (see optim_detail::Lerp).
float lerp_ref(float self, float end, double weight) {
  const float w = float(weight);
  if (std::fabs(w) < 0.5f) return self + w * (end - self);
  return end - (end - self) * (1.0f - w);
}

// One element at a time, in the order lion-pytorch writes it.
struct LionRef {
  LionConfig c;
  std::vector<float> m;
  void step(std::vector<float>& w, const std::vector<float>& g, float lr) {
    if (m.size() != w.size()) m.assign(w.size(), 0.0f);
    const float decay = float(1.0 - double(lr) * c.weight_decay);
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (c.weight_decay != 0.0) w[i] = w[i] * decay;
      const float ci = lerp_ref(m[i], g[i], 1.0 - c.beta1);
      const float s = ci > 0.0f ? 1.0f : ci < 0.0f ? -1.0f : 0.0f;
      w[i] = w[i] + (-lr) * s;
      m[i] = lerp_ref(m[i], g[i], 1.0 - c.beta2);
    }
  }
};

std::map<std::string, double> named(const Explained& e) {
  std::map<std::string, double> m;
  for (const auto& kv : e) m[kv.first] = kv.second;
  return m;
}

}  // namespace

TEST_CASE("lion: two steps by hand") {
  // lr 0.1, b1 0.9, b2 0.99, m starts at 0.
  // step 1, g = [0.5, -0.25, 0]: c = 0.1 g -> sign [1, -1, 0] -> w = [0.9, -1.9, 0.5] (the third
  //   does not move: sign(0) = 0); m = 0.01 g = [0.005, -0.0025, 0].
  // step 2, g = [-0.01, -0.25, 0.3]: c = m + 0.1 (g - m) = [0.0035, -0.02725, 0.03]: the first
  //   still moves down although its gradient is now negative (the momentum outweighs it):
  //   w = [0.8, -1.8, 0.4]; m = m + 0.01 (g - m) = [0.00485, -0.004975, 0.003].
  Lion opt(LionConfig{});
  std::vector<float> w{1.0f, -2.0f, 0.5f}, g1{0.5f, -0.25f, 0.0f}, g2{-0.01f, -0.25f, 0.3f};
  opt.step(w, g1, 0.1f);
  CHECK(w[0] == doctest::Approx(0.9).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-1.9).epsilon(1e-6));
  CHECK(w[2] == 0.5f);
  const std::vector<float> before = w;
  opt.step(w, g2, 0.1f);
  CHECK(w[0] == doctest::Approx(0.8).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-1.8).epsilon(1e-6));
  CHECK(w[2] == doctest::Approx(0.4).epsilon(1e-6));
  const Span<const float> m = opt.velocity();
  REQUIRE(m.size() == 3);
  CHECK(m[0] == doctest::Approx(0.00485).epsilon(1e-5));
  CHECK(m[1] == doctest::Approx(-0.004975).epsilon(1e-5));
  CHECK(m[2] == doctest::Approx(0.003).epsilon(1e-5));

  // explain() of the first parameter in step 2: the numbers above, from the gradient and the
  // parameter the session hands it.
  auto e = named(opt.explain(0, g2[0], before[0]));
  CHECK(e["t"] == 2);
  CHECK(e["g"] == doctest::Approx(-0.01).epsilon(1e-6));
  CHECK(e["m_prev"] == doctest::Approx(0.005).epsilon(1e-6));
  CHECK(e["c"] == doctest::Approx(0.0035).epsilon(1e-5));
  CHECK(e["update"] == 1);
  CHECK(e["m"] == doctest::Approx(0.00485).epsilon(1e-5));
  CHECK(e["step"] == doctest::Approx(-0.1).epsilon(1e-6));
  CHECK(e.count("decay_factor") == 0);
  CHECK(named(opt.explain(2, g2[2], before[2]))["update"] == 1);
}

TEST_CASE("lion: decoupled weight decay before the sign step") {
  // weight_decay 0.5, lr 0.1: factor 0.95, then -lr sign(0.1 g):
  //   w = [1 * 0.95 - 0.1, -2 * 0.95 + 0.1, 0.5 * 0.95] = [0.85, -1.8, 0.475]
  LionConfig c;
  c.weight_decay = 0.5;
  Lion opt(c);
  std::vector<float> w{1.0f, -2.0f, 0.5f}, g{0.5f, -0.25f, 0.0f};
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.85).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-1.8).epsilon(1e-6));
  CHECK(w[2] == doctest::Approx(0.475).epsilon(1e-6));
  auto e = named(opt.explain(2, g[2], 0.5f));
  CHECK(e["decay_factor"] == doctest::Approx(0.95).epsilon(1e-7));  // lr is the float 0.1f
  CHECK(e["update"] == 0);
  CHECK(e["step"] == 0);
}

TEST_CASE("lion: twenty steps on f = 0.5 (x^2 + 10 y^2) against the formula in double") {
  // Each coordinate moves by exactly lr per step while the sign of c holds; in double, with the
  // same rule, the path is the same as long as no c comes near 0 (checked: |c| > 1e-3 here).
  LionConfig c;
  c.weight_decay = 0.1;
  Lion opt(c);
  const double lr = 0.01;
  std::vector<float> w{1.5f, -0.5f}, g(2);
  double x[2] = {1.5, -0.5}, m[2] = {0, 0};
  for (int t = 1; t <= 20; ++t) {
    g[0] = w[0];
    g[1] = 10.0f * w[1];
    opt.step(w, g, float(lr));
    for (int i = 0; i < 2; ++i) {
      const double gi = i == 0 ? x[0] : 10.0 * x[1];
      x[i] *= 1.0 - lr * 0.1;
      const double ci = 0.9 * m[i] + 0.1 * gi;
      REQUIRE(std::fabs(ci) > 1e-3);
      x[i] -= lr * (ci > 0 ? 1.0 : -1.0);
      m[i] = 0.99 * m[i] + 0.01 * gi;
    }
  }
  CHECK(w[0] == doctest::Approx(x[0]).epsilon(1e-5));
  CHECK(w[1] == doctest::Approx(x[1]).epsilon(1e-5));
}

TEST_CASE("lion: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (double wd : {0.0, 0.3}) {
    for (std::size_t n = 0; n <= 13; ++n) {
      LionConfig c;
      c.weight_decay = wd;
      Lion opt(c);
      LionRef ref{c, {}};
      std::vector<float> w = random_vec(n, n + 29), w_ref = w;
      for (int k = 0; k < 6; ++k) {
        std::vector<float> g = random_vec(n, 7000 + 10 * n + k);
        if (n > 2) g[1] = 0.0f;  // sign(lerp(m, 0, .)) with m from earlier steps
        opt.step(w, g, 0.003f);
        ref.step(w_ref, g, 0.003f);
        CHECK_MESSAGE(same_bits(w, w_ref), "n = " << n << " step " << k);
      }
      const Span<const float> m = opt.velocity();
      CHECK(same_bits(std::vector<float>(m.begin(), m.end()), ref.m));
    }
  }
}

TEST_CASE("lion: set_momentum moves beta1 from the next step on, reset forgets m") {
  // beta1 = 0.5 in step 2 instead of 0.9: c = m + 0.5 (g - m) with m = 0.01 * 1 = 0.01 and
  // g = -0.05: c = -0.02 < 0 (with 0.9 it would be 0.01 + 0.1 * -0.06 = 0.004 > 0).
  Lion opt(LionConfig{});
  std::vector<float> w{0.0f}, g1{1.0f}, g2{-0.05f};
  opt.step(w, g1, 0.1f);
  CHECK(opt.set_momentum(0.5));
  opt.step(w, g2, 0.1f);
  CHECK(w[0] == doctest::Approx(0.0).epsilon(1e-6));  // -0.1, then +0.1
  CHECK(named(opt.explain(0, g2[0], -0.1f))["beta1"] == 0.5);
  opt.reset();
  CHECK(opt.velocity().size() == 0);
  CHECK(opt.explain(0, 0.0f, 0.0f).empty());
}
