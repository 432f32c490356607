// SGD (core/optim/sgd.hpp): the update rule with hand-derived numbers, three steps on the 2-D
// quadratic, and the SIMD update against a plain scalar loop bit for bit at every length 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cstring>
#include <vector>

#include "core/optim/optimizer.hpp"
#include "core/optim/sgd.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 11);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

// The scalar reference, in torch's operation order: g' = g + wd w; w = w + (-lr) g'.
void sgd_ref(std::vector<float>& w, const std::vector<float>& g, float lr, double wd) {
  const float neg_lr = static_cast<float>(-double(lr));
  const float lambda = static_cast<float>(wd);
  for (std::size_t i = 0; i < w.size(); ++i) {
    const float gd = wd != 0.0 ? g[i] + lambda * w[i] : g[i];
    w[i] = w[i] + neg_lr * gd;
  }
}

}  // namespace

TEST_CASE("sgd: first step by hand") {
  // w = [1, -2], g = [0.5, 0.25], lr = 0.1:  w - 0.1 g = [1 - 0.05, -2 - 0.025] = [0.95, -2.025]
  Sgd opt(SgdConfig{});
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.95).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.025).epsilon(1e-6));
  // explain (given the gradient and the parameter before the step): g, lr and the step -lr g = -0.05
  const Explained e = opt.explain(0, g[0], 1.0f);
  bool saw_step = false;
  for (const auto& kv : e)
    if (kv.first == "step") {
      saw_step = true;
      CHECK(kv.second == doctest::Approx(-0.05).epsilon(1e-6));
    }
  CHECK(saw_step);
  CHECK(opt.velocity().empty());
}

TEST_CASE("sgd: weight decay adds weight_decay times w to the gradient") {
  // wd = 0.1: g' = [0.5 + 0.1, 0.25 - 0.2] = [0.6, 0.05]; w = [1 - 0.06, -2 - 0.005]
  SgdConfig c;
  c.weight_decay = 0.1;
  Sgd opt(c);
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.1f);
  CHECK(w[0] == doctest::Approx(0.94).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.005).epsilon(1e-6));
}

TEST_CASE("sgd: three steps on f = 0.5 (x^2 + 10 y^2)") {
  // grad = (x, 10 y); with lr 0.05: x <- 0.95 x, y <- (1 - 0.5) y = 0.5 y.
  // From (1, 1): after 3 steps x = 0.95^3 = 0.857375, y = 0.5^3 = 0.125.
  Sgd opt(SgdConfig{});
  std::vector<float> w{1.0f, 1.0f}, g(2);
  for (int k = 0; k < 3; ++k) {
    g[0] = w[0];
    g[1] = 10.0f * w[1];
    opt.step(w, g, 0.05f);
  }
  CHECK(w[0] == doctest::Approx(0.857375).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(0.125).epsilon(1e-6));
}

TEST_CASE("sgd: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (double wd : {0.0, 0.05}) {
    for (std::size_t n = 0; n <= 13; ++n) {
      SgdConfig c;
      c.weight_decay = wd;
      Sgd opt(c);
      std::vector<float> w = random_vec(n, n + 1), w_ref = w;
      for (int k = 0; k < 4; ++k) {
        const std::vector<float> g = random_vec(n, 100 * n + k);
        const float lr = 0.03f * float(k + 1);
        opt.step(w, g, lr);
        sgd_ref(w_ref, g, lr, wd);
        CHECK_MESSAGE(same_bits(w, w_ref), "n = " << n << ", step " << k << ", wd " << wd);
      }
    }
  }
}

TEST_CASE("sgd: reset forgets the size") {
  Sgd opt(SgdConfig{});
  std::vector<float> w(5, 1.0f), g(5, 1.0f);
  opt.step(w, g, 0.1f);
  opt.reset();
  std::vector<float> w3(3, 1.0f), g3(3, 1.0f);
  opt.step(w3, g3, 0.1f);
  CHECK(w3[2] == doctest::Approx(0.9));
  CHECK(opt.explain(4, 1.0f, 1.0f).empty());
}
