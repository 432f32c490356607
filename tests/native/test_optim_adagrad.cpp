// Adagrad (core/optim/adagrad.hpp): hand-derived steps (lr_decay, initial accumulator), three
// steps on the 2-D quadratic against the formula in double, SIMD == scalar bit for bit 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include "core/optim/adagrad.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 14);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

struct AdagradRef {
  AdagradConfig c;
  std::vector<float> sum;
  long t = 0;
  void step(std::vector<float>& w, const std::vector<float>& g, float lr) {
    if (sum.size() != w.size()) sum.assign(w.size(), float(c.initial_accumulator_value));
    ++t;
    const double clr = double(lr) / (1.0 + double(t - 1) * c.lr_decay);
    const float neg_clr = float(-clr), eps = float(c.eps), lambda = float(c.weight_decay);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const float gd = c.weight_decay != 0.0 ? g[i] + lambda * w[i] : g[i];
      sum[i] = sum[i] + gd * gd;
      w[i] = w[i] + neg_clr * gd / (std::sqrt(sum[i]) + eps);
    }
  }
};

}  // namespace

TEST_CASE("adagrad: first two steps by hand") {
  // w = [1, -2], g = [0.5, 0.25], lr = 0.01 (eps 1e-10 is below float resolution here)
  // step 1: sum = g^2 = [0.25, 0.0625], sqrt = |g|, w -= 0.01 g/|g| -> [0.99, -2.01]
  // step 2: sum = 2 g^2, w -= 0.01 / sqrt(2) -> [0.98292893, -2.01707107]
  Adagrad opt(AdagradConfig{});
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.01f);
  CHECK(w[0] == doctest::Approx(0.99).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.01).epsilon(1e-6));
  opt.step(w, g, 0.01f);
  CHECK(w[0] == doctest::Approx(0.98292893).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.01707107).epsilon(1e-6));
}

TEST_CASE("adagrad: lr_decay and initial_accumulator_value") {
  {
    // lr_decay 0.5: step 2 uses clr = 0.01 / (1 + 1 * 0.5); x = 0.99 - 0.0066667/sqrt(2) = 0.98528595
    AdagradConfig c;
    c.lr_decay = 0.5;
    Adagrad opt(c);
    std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
    opt.step(w, g, 0.01f);
    opt.step(w, g, 0.01f);
    CHECK(w[0] == doctest::Approx(0.98528595).epsilon(1e-6));
  }
  {
    // initial 0.75: sum = [1.0, 0.8125]; w = [1 - 0.01 * 0.5 / 1, -2 - 0.01 * 0.25 / 0.9013878]
    //                                      = [0.995, -2.0027735]
    AdagradConfig c;
    c.initial_accumulator_value = 0.75;
    Adagrad opt(c);
    std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
    opt.step(w, g, 0.01f);
    CHECK(w[0] == doctest::Approx(0.995).epsilon(1e-6));
    CHECK(w[1] == doctest::Approx(-2.0027735).epsilon(1e-6));
    bool saw = false;
    for (const auto& kv : opt.explain(0, g[0], 1.0f))
      if (kv.first == "sum") {
        saw = true;
        CHECK(kv.second == doctest::Approx(1.0));
      }
    CHECK(saw);
  }
}

TEST_CASE("adagrad: three steps on f = 0.5 (x^2 + 10 y^2) against the formula in double") {
  AdagradConfig c;
  c.lr_decay = 0.1;
  c.initial_accumulator_value = 0.1;
  c.weight_decay = 0.05;
  Adagrad opt(c);
  const double lr = 0.3;
  std::vector<float> w{1.5f, -0.5f}, g(2);
  double x[2] = {1.5, -0.5}, s[2] = {0.1, 0.1};
  for (int t = 1; t <= 3; ++t) {
    g[0] = w[0];
    g[1] = 10.0f * w[1];
    opt.step(w, g, float(lr));
    const double clr = lr / (1.0 + (t - 1) * 0.1);
    for (int i = 0; i < 2; ++i) {
      const double gi = (i == 0 ? x[0] : 10.0 * x[1]) + 0.05 * x[i];
      s[i] += gi * gi;
      x[i] -= clr * gi / (std::sqrt(s[i]) + 1e-10);
    }
  }
  CHECK(w[0] == doctest::Approx(x[0]).epsilon(1e-5));
  CHECK(w[1] == doctest::Approx(x[1]).epsilon(1e-5));
}

TEST_CASE("adagrad: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (double wd : {0.0, 0.01}) {
    for (std::size_t n = 0; n <= 13; ++n) {
      AdagradConfig c;
      c.lr_decay = 0.05;
      c.initial_accumulator_value = 0.01;
      c.weight_decay = wd;
      Adagrad opt(c);
      AdagradRef ref{c, {}, 0};
      std::vector<float> w = random_vec(n, n + 7), w_ref = w;
      for (int k = 0; k < 5; ++k) {
        const std::vector<float> g = random_vec(n, 3000 + 10 * n + k);
        opt.step(w, g, 0.1f);
        ref.step(w_ref, g, 0.1f);
        CHECK_MESSAGE(same_bits(w, w_ref), "n = " << n << ", step " << k);
      }
    }
  }
}
