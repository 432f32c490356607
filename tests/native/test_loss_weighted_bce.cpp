// Class-weighted BCE: hand-derived values on probabilities (value_and_grad) and logits
// (train_value_and_grad), torch's weight semantics (mean over N, not over sum of weights),
// w0 = w1 = 1 equals bce/bce_logits bit for bit, extremes, central differences for both forms,
// target checks, and both lane loops against a scalar loop for every length 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"
#include "tests/native/loss_sum.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <vector>

#include "core/loss/bce.hpp"
#include "core/loss/bce_logits.hpp"
#include "core/loss/weighted_bce.hpp"
#include "core/simd/num.hpp"

namespace {
using namespace descent;
using V = std::vector<float>;

// Central differences in double of a float-valued f(x).
std::vector<double> numeric_grad(const std::function<float(const V&)>& f, V x, float h) {
  std::vector<double> g(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float xi = x[i], a = xi + h, b = xi - h;
    x[i] = a;
    const double fa = f(x);
    x[i] = b;
    const double fb = f(x);
    x[i] = xi;
    g[i] = (fa - fb) / (double(a) - double(b));
  }
  return g;
}

double softplus(double x) { return std::max(x, 0.0) + std::log1p(std::exp(-std::fabs(x))); }
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

}  // namespace

TEST_CASE("weighted_bce: hand-derived values on probabilities, divided by N not by sum(w)") {
  WeightedBceLoss loss(0.2f, 0.8f);
  // p = {0.5, 0.8, 0.1, 0.5}, y = {1, 1, 0, 0}: w = {0.8, 0.8, 0.2, 0.2} (sum 2, N = 4)
  //   l = {log 2, -log 0.8, -log 0.9, log 2}
  //   L = (0.8*0.693147 + 0.8*0.223144 + 0.2*0.105361 + 0.2*0.693147) / 4 = 0.892734 / 4
  //     = 0.223184
  //   (dividing by sum(w) = 2 instead would give twice that)
  //   dL/dp = w (p - y) / ((1 - p) p) / 4 = {0.8*-2, 0.8*-1.25, 0.2*1.111111, 0.2*2} / 4
  const V p = {0.5f, 0.8f, 0.1f, 0.5f}, y = {1, 1, 0, 0};
  V g(4);
  const float L = loss.value_and_grad(p, y, g, 4, 1);
  const double ln2 = std::log(2.0);
  CHECK(L == doctest::Approx((0.8 * ln2 - 0.8 * std::log(0.8) - 0.2 * std::log(0.9) + 0.2 * ln2) / 4)
                 .epsilon(1e-6).scale(0));
  CHECK(L == doctest::Approx(0.223184).epsilon(1e-5));
  const double dg[4] = {0.8 * -2, 0.8 * -1.25, 0.2 / 0.9, 0.2 * 2};
  for (int i = 0; i < 4; ++i) CHECK(g[i] == doctest::Approx(dg[i] / 4).epsilon(1e-6).scale(0));
}

TEST_CASE("weighted_bce: soft labels interpolate the weight") {
  WeightedBceLoss loss(0.2f, 0.8f);
  // y = 0.25: w = 0.8*0.25 + 0.2*0.75 = 0.35; p = 0.6: l = -(0.25 log 0.6 + 0.75 log 0.4)
  V g(1);
  const float L = loss.value_and_grad(V{0.6f}, V{0.25f}, g, 1, 1);
  CHECK(L == doctest::Approx(0.35 * -(0.25 * std::log(0.6) + 0.75 * std::log(0.4))).epsilon(1e-6).scale(0));
  CHECK(g[0] == doctest::Approx(0.35 * 0.35 / 0.24).epsilon(1e-6).scale(0));
}

TEST_CASE("weighted_bce: training form on logits") {
  WeightedBceLoss loss(0.3f, 1.5f);
  CHECK(loss.trains_on_logits());
  // l_i = w_i * (y softplus(-z) + (1 - y) softplus(z)), w = {1.5, 0.3, 1.5, 0.3 + 1.2*0.5 = 0.9}
  // dL/dz = w (sigmoid(z) - y) / 4
  const V z = {0.5f, 2, -1, 0.25f}, y = {1, 0, 1, 0.5f};
  const double w[4] = {1.5, 0.3, 1.5, 0.9};
  V g(4);
  const float L = loss.train_value_and_grad(z, y, g, 4, 1);
  double expect = 0;
  for (int i = 0; i < 4; ++i) expect += w[i] * (y[i] * softplus(-z[i]) + (1 - y[i]) * softplus(z[i]));
  CHECK(L == doctest::Approx(expect / 4).epsilon(1e-6).scale(0));
  for (int i = 0; i < 4; ++i)
    CHECK(g[i] == doctest::Approx(w[i] * (sigmoid(z[i]) - y[i]) / 4).epsilon(1e-6).scale(0));
}

TEST_CASE("weighted_bce: w0 = w1 = 1 is bce (probabilities) and bce_logits (logits), bit for bit") {
  WeightedBceLoss w(1.0f, 1.0f);
  BceLoss bce;
  BceLogitsLoss bcel;
  const V x = {0.3f, 0.7f, 0.0f, 1.0f, 0.5f, 0.45f}, y = {0, 1, 1, 0, 0, 1};
  V g1(6), g2(6);
  CHECK(same_bits(w.value_and_grad(x, y, g1, 6, 1), bce.value_and_grad(x, y, g2, 6, 1)));
  for (int i = 0; i < 6; ++i) CHECK(same_bits(g1[i], g2[i]));
  const V z = {-1000, 1000, -50, 50, 0.5f, -2};
  CHECK(same_bits(w.train_value_and_grad(z, y, g1, 6, 1), bcel.value_and_grad(z, y, g2, 6, 1)));
  for (int i = 0; i < 6; ++i) CHECK(same_bits(g1[i], g2[i]));
}

TEST_CASE("weighted_bce: extremes stay finite") {
  WeightedBceLoss loss(0.2f, 0.8f);
  V g(4);
  // probabilities 0 and 1: l = w * {0, 100, 100, 0} = {0, 80, 20, 0} -> L = 25
  float L = loss.value_and_grad(V{0, 0, 1, 1}, V{0, 1, 0, 1}, g, 4, 1);
  CHECK(L == doctest::Approx(25.0).epsilon(1e-6).scale(0));
  CHECK(g[1] == doctest::Approx(0.8 * -1e12 / 4).epsilon(1e-6).scale(0));
  CHECK(g[2] == doctest::Approx(0.2 * 1e12 / 4).epsilon(1e-6).scale(0));
  // logits +-1000: l = w * {0, 1000, 1000, 0} = {0, 800, 200, 0} -> L = 250; g = w {0, -1, 1, 0}/4
  L = loss.train_value_and_grad(V{-1000, -1000, 1000, 1000}, V{0, 1, 0, 1}, g, 4, 1);
  CHECK(L == doctest::Approx(250.0).epsilon(1e-6).scale(0));
  CHECK(g[0] == 0.0f);
  CHECK(g[1] == doctest::Approx(-0.2).epsilon(1e-6).scale(0));
  CHECK(g[2] == doctest::Approx(0.05).epsilon(1e-6).scale(0));
  CHECK(g[3] == 0.0f);
}

TEST_CASE("weighted_bce: both gradients match central differences") {
  WeightedBceLoss loss(0.35f, 1.4f);
  const V y = {0, 1, 1, 0.5f, 0, 1};
  const V p = {0.3f, 0.7f, 0.15f, 0.9f, 0.5f, 0.45f};
  V g(6), scratch(6);
  loss.value_and_grad(p, y, g, 3, 2);
  auto num = numeric_grad([&](const V& x) { return loss.value_and_grad(x, y, scratch, 3, 2); }, p, 1e-3f);
  for (std::size_t i = 0; i < 6; ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(2e-3));
  const V z = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f};
  loss.train_value_and_grad(z, y, g, 3, 2);
  num = numeric_grad([&](const V& x) { return loss.train_value_and_grad(x, y, scratch, 3, 2); }, z, 1e-2f);
  for (std::size_t i = 0; i < 6; ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("weighted_bce: check_targets") {
  WeightedBceLoss loss;
  CHECK(loss.check_targets(V{0, 1}, 2, 1).ok());
  Status s = loss.check_targets(V{0, 1, 3}, 3, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 3: BCE labels must be in [0, 1], got 3");
  s = loss.check_targets(V{NAN}, 1, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 1: NaN is not a finite number");
}

TEST_CASE("weighted_bce: lane loops equal a scalar loop for every length 0..13") {
  const float w0 = 0.3f, w1 = 0.9f;
  WeightedBceLoss loss(w0, w1);
  for (std::size_t N = 0; N <= 13; ++N) {
    V p(N), z(N), y(N), g(N, -7.0f), gz(N, -7.0f);
    for (std::size_t i = 0; i < N; ++i) {
      p[i] = i % 7 == 3 ? 0.0f : i % 7 == 5 ? 1.0f : float(0.5 + 0.45 * std::sin(1.3 * i + 0.7));
      z[i] = float(6 * std::sin(0.8 * i + 0.1));
      y[i] = i % 3 == 0 ? 1.0f : i % 3 == 1 ? 0.0f : 0.3f;
    }
    const float L = loss.value_and_grad(p, y, g, N, 1);
    const float Lz = loss.train_value_and_grad(z, y, gz, N, 1);
    std::vector<float> ls, lsz;
    for (std::size_t i = 0; i < N; ++i) {
      const float w = w1 * y[i] + w0 * (1.0f - y[i]);
      const float l = (y[i] - 1.0f) * std::max(num::log1p(-p[i]), -100.0f) -
                      y[i] * std::max(num::log(p[i]), -100.0f);
      ls.push_back(l * w);
      const float d = (p[i] - y[i]) / std::max((1.0f - p[i]) * p[i], 1e-12f);
      CHECK(same_bits(g[i], (d * w) / float(N)));
      const float lz = (std::max(z[i], 0.0f) - z[i] * y[i]) + num::log1p(num::exp(-std::fabs(z[i])));
      lsz.push_back(lz * w);
      CHECK(same_bits(gz[i], ((num::sigmoid(z[i]) - y[i]) * w) / float(N)));
    }
    CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
    CHECK(same_bits(Lz, N ? float(blocked_total(lsz) / double(N)) : 0.0f));
  }
}
