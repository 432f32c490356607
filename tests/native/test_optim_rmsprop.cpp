// RMSprop (core/optim/rmsprop.hpp): plain, centered and momentum variants by hand, three steps on
// the 2-D quadratic against the formula in double, SIMD == scalar bit for bit for lengths 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cmath>
#include <cstring>
#include <vector>

#include "core/optim/rmsprop.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed) {
  Rng rng(seed, 15);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-2.0f, 2.0f);
  return v;
}

// ATen's scalar lerp (aten/src/ATen/native/Lerp.h), weight rounded to float.
float lerp_ref(float self, float end, double weight) {
  const float w = float(weight);
  if (std::fabs(w) < 0.5f) return self + w * (end - self);
  return end - (end - self) * (1.0f - w);
}

struct RmspropRef {
  RmspropConfig c;
  std::vector<float> sq, ga, buf;
  void step(std::vector<float>& w, const std::vector<float>& g, float lr) {
    if (sq.size() != w.size()) sq.assign(w.size(), 0.0f), ga = buf = sq;
    const float neg_lr = float(-double(lr)), alpha = float(c.alpha), oma = float(1.0 - c.alpha);
    const float eps = float(c.eps), mom = float(c.momentum), lambda = float(c.weight_decay);
    for (std::size_t i = 0; i < w.size(); ++i) {
      const float gd = c.weight_decay != 0.0 ? g[i] + lambda * w[i] : g[i];
      sq[i] = sq[i] * alpha + oma * gd * gd;
      float avg;
      if (c.centered) {
        ga[i] = lerp_ref(ga[i], gd, 1.0 - c.alpha);
        avg = std::sqrt(sq[i] - ga[i] * ga[i]) + eps;
      } else {
        avg = std::sqrt(sq[i]) + eps;
      }
      if (c.momentum > 0.0) {
        buf[i] = buf[i] * mom + gd / avg;
        w[i] = w[i] + neg_lr * buf[i];
      } else {
        w[i] = w[i] + neg_lr * gd / avg;
      }
    }
  }
};

RmspropConfig cfg(bool centered, double momentum, double wd = 0.0, double alpha = 0.99) {
  RmspropConfig c;
  c.centered = centered;
  c.momentum = momentum;
  c.weight_decay = wd;
  c.alpha = alpha;
  return c;
}

}  // namespace

TEST_CASE("rmsprop: first step by hand, plain and centered") {
  // w = [1, -2], g = [0.5, 0.25], lr = 0.01, alpha = 0.99
  // plain: sq = 0.01 g^2, sqrt = 0.1 |g|, step = -0.01 g / (0.1 |g|) = -0.1 sign(g) -> [0.9, -2.1]
  {
    Rmsprop opt(cfg(false, 0.0));
    std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
    opt.step(w, g, 0.01f);
    CHECK(w[0] == doctest::Approx(0.9).epsilon(1e-6));
    CHECK(w[1] == doctest::Approx(-2.1).epsilon(1e-6));
    CHECK(opt.velocity().empty());
  }
  // centered: ga = 0.01 g, sq - ga^2 = (0.01 - 0.0001) g^2, sqrt = 0.09949874 |g|,
  //           step = -0.01 / 0.09949874 = -0.10050378 -> [0.89949622, -2.10050378]
  {
    Rmsprop opt(cfg(true, 0.0));
    std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
    opt.step(w, g, 0.01f);
    CHECK(w[0] == doctest::Approx(0.89949622).epsilon(1e-6));
    CHECK(w[1] == doctest::Approx(-2.10050378).epsilon(1e-6));
  }
}

TEST_CASE("rmsprop: momentum buffer by hand") {
  // momentum 0.9. step 1: buf = g / avg = 10 (both coordinates) -> w = [0.9, -2.1]
  // step 2 (same g): sq = (0.99 * 0.01 + 0.01) g^2 = 0.0199 g^2, g/avg = 1/sqrt(0.0199) = 7.0888121
  //                  buf = 0.9 * 10 + 7.0888121 = 16.0888121; w = [0.9 - 0.160888, -2.1 - 0.160888]
  Rmsprop opt(cfg(false, 0.9));
  std::vector<float> w{1.0f, -2.0f}, g{0.5f, 0.25f};
  opt.step(w, g, 0.01f);
  CHECK(w[0] == doctest::Approx(0.9).epsilon(1e-6));
  REQUIRE(opt.velocity().size() == 2);
  CHECK(opt.velocity()[0] == doctest::Approx(10.0).epsilon(1e-6));
  opt.step(w, g, 0.01f);
  CHECK(opt.velocity()[0] == doctest::Approx(16.0888121).epsilon(1e-6));
  CHECK(w[0] == doctest::Approx(0.73911188).epsilon(1e-6));
  CHECK(w[1] == doctest::Approx(-2.26088812).epsilon(1e-6));
}

TEST_CASE("rmsprop: three steps on f = 0.5 (x^2 + 10 y^2) against the formula in double") {
  for (bool centered : {false, true}) {
    for (double mom : {0.0, 0.5}) {
      const double alpha = 0.9, lr = 0.01, wd = 0.02, eps = 1e-8;
      Rmsprop opt(cfg(centered, mom, wd, alpha));
      std::vector<float> w{1.5f, -0.5f}, g(2);
      double x[2] = {1.5, -0.5}, sq[2] = {0, 0}, ga[2] = {0, 0}, buf[2] = {0, 0};
      for (int t = 1; t <= 3; ++t) {
        g[0] = w[0];
        g[1] = 10.0f * w[1];
        opt.step(w, g, float(lr));
        for (int i = 0; i < 2; ++i) {
          const double gi = (i == 0 ? x[0] : 10.0 * x[1]) + wd * x[i];
          sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi;
          ga[i] = alpha * ga[i] + (1 - alpha) * gi;
          const double avg = std::sqrt(centered ? sq[i] - ga[i] * ga[i] : sq[i]) + eps;
          if (mom > 0) {
            buf[i] = mom * buf[i] + gi / avg;
            x[i] -= lr * buf[i];
          } else {
            x[i] -= lr * gi / avg;
          }
        }
      }
      CHECK(w[0] == doctest::Approx(x[0]).epsilon(1e-5));
      CHECK(w[1] == doctest::Approx(x[1]).epsilon(1e-5));
    }
  }
}

TEST_CASE("rmsprop: SIMD update equals the scalar reference bit for bit, lengths 0..13") {
  for (bool centered : {false, true}) {
    for (double mom : {0.0, 0.7}) {
      for (double wd : {0.0, 0.03}) {
        for (std::size_t n = 0; n <= 13; ++n) {
          // alpha 0.3 makes 1 - alpha >= 0.5: the other branch of torch's lerp
          for (double alpha : {0.99, 0.3}) {
            const RmspropConfig c = cfg(centered, mom, wd, alpha);
            Rmsprop opt(c);
            RmspropRef ref{c, {}, {}, {}};
            std::vector<float> w = random_vec(n, n + 9), w_ref = w;
            for (int k = 0; k < 5; ++k) {
              const std::vector<float> g = random_vec(n, 4000 + 10 * n + k);
              opt.step(w, g, 0.01f);
              ref.step(w_ref, g, 0.01f);
              CHECK_MESSAGE(same_bits(w, w_ref), "n = " << n << " step " << k << " centered "
                                                         << centered << " momentum " << mom);
            }
          }
        }
      }
    }
  }
}
