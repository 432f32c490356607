// Smooth L1 (torch.nn.SmoothL1Loss): hand-derived values, beta = 0 is L1 (bit for bit), the
// relation to Huber, central differences, extremes, target checks, and the lane loops against a
// scalar loop for every length 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"
#include "tests/native/loss_sum.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/huber.hpp"
#include "core/loss/mae.hpp"
#include "core/loss/smooth_l1.hpp"

namespace {
using namespace descent;
using V = std::vector<float>;

std::vector<double> numeric_grad(const Loss& loss, V x, const V& t, std::size_t n, std::size_t k,
                                 float h) {
  std::vector<double> g(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float xi = x[i], a = xi + h, b = xi - h;
    x[i] = a;
    const double fa = loss.value(x, t, n, k);
    x[i] = b;
    const double fb = loss.value(x, t, n, k);
    x[i] = xi;
    g[i] = (fa - fb) / (double(a) - double(b));
  }
  return g;
}

}  // namespace

TEST_CASE("smooth_l1: hand-derived values, beta = 2") {
  SmoothL1Loss loss(2.0f);
  // r = {1, 3, -2 (kink), 0}, beta = 2:
  //   l = {0.5*1/2 = 0.25, 3 - 1 = 2, 2 - 1 = 1 (= 0.5*4/2), 0}; sum 3.25, L = 3.25/4 = 0.8125
  //   gradient: r/(beta N) inside, sign(r)/N at and beyond beta: {1/8, 1/4, -1/4, 0}
  const V pred = {1, 3, -2, 0}, target(4, 0.0f);
  V g(4);
  CHECK(loss.value_and_grad(pred, target, g, 4, 1) == 0.8125f);
  CHECK(g == V{0.125f, 0.25f, -0.25f, 0.0f});
}

TEST_CASE("smooth_l1: beta = 0 is L1, bit for bit") {
  SmoothL1Loss loss(0.0f);
  MaeLoss l1;
  const V pred = {0.3f, -1.2f, 2.5f, 0.9f, 0.0f, 1.7f, 3.0f}, target = {0.1f, 0.8f, -1.0f, 1.0f, 0.0f, 2.2f, 3.0f};
  V g(7), g1(7);
  const float a = loss.value_and_grad(pred, target, g, 7, 1);
  const float b = l1.value_and_grad(pred, target, g1, 7, 1);
  CHECK(same_bits(a, b));
  for (std::size_t i = 0; i < 7; ++i) CHECK(same_bits(g[i], g1[i]));
  CHECK(g[4] == 0.0f);  // sign(0) = 0
  CHECK(g[6] == 0.0f);
}

TEST_CASE("smooth_l1: equals Huber(delta = beta) / beta") {
  for (float beta : {0.25f, 1.0f, 2.0f}) {
    SmoothL1Loss s(beta);
    HuberLoss h(beta);
    const V pred = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f}, target = {0.1f, 0.8f, -1.0f, 1.0f, 0.0f, 2.2f};
    V gs(6), gh(6);
    const float ls = s.value_and_grad(pred, target, gs, 6, 1);
    const float lh = h.value_and_grad(pred, target, gh, 6, 1);
    CHECK(ls == doctest::Approx(lh / beta).epsilon(1e-6).scale(0));
    for (std::size_t i = 0; i < 6; ++i) CHECK(gs[i] == doctest::Approx(gh[i] / beta).epsilon(1e-6).scale(0));
  }
}

TEST_CASE("smooth_l1: gradient matches central differences away from the kinks") {
  SmoothL1Loss loss(0.7f);
  const V pred = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f}, target = {0.1f, 0.8f, -1.0f, 1.0f, 0.0f, 2.2f};
  V g(6);
  loss.value_and_grad(pred, target, g, 3, 2);
  const auto num = numeric_grad(loss, pred, target, 3, 2, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("smooth_l1: extreme residuals 1e-8 and 1e3") {
  SmoothL1Loss loss(1.0f);
  const V pred = {1e-8f, 1e3f}, target = {0, 0};
  V g(2);
  const float L = loss.value_and_grad(pred, target, g, 2, 1);
  CHECK(double(L) == doctest::Approx((0.5e-16 + 999.5) / 2).epsilon(1e-7).scale(0));
  CHECK(g[0] == doctest::Approx(0.5e-8).epsilon(1e-6).scale(0));
  CHECK(g[1] == 0.5f);
}

TEST_CASE("smooth_l1: check_targets") {
  SmoothL1Loss loss;
  Status s = loss.check_targets(V{0, 1, 2, INFINITY}, 2, 2);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: inf is not a finite number");
  CHECK(!loss.check_targets(V{0, 1, 2}, 2, 2).ok());
}

TEST_CASE("smooth_l1: lane loops equal a scalar loop for every length 0..13") {
  for (float beta : {0.0f, 0.75f}) {
    SmoothL1Loss loss(beta);
    for (std::size_t N = 0; N <= 13; ++N) {
      V p(N), t(N), g(N, -7.0f);
      for (std::size_t i = 0; i < N; ++i) {
        p[i] = i % 4 == 3 ? 0.75f : float(3 * std::sin(1.3 * i + 0.7));
        t[i] = i % 4 == 3 ? 0.0f : i % 4 == 1 ? p[i] : float(std::cos(0.9 * i));
      }
      const float L = loss.value_and_grad(p, t, g, N, 1);
      const float norm = N ? float(1.0 / double(N)) : 1.0f;
      std::vector<float> ls;
      for (std::size_t i = 0; i < N; ++i) {
        const float r = p[i] - t[i], z = std::fabs(r);
        float l, ref;
        if (beta == 0.0f) {
          l = z;
          ref = r > 0 ? norm : r < 0 ? -norm : 0.0f;
        } else {
          l = z < beta ? 0.5f * z * z / beta : z - 0.5f * beta;
          ref = r <= -beta ? -norm : r >= beta ? norm : norm * r / beta;
        }
        ls.push_back(l);
        CHECK(same_bits(g[i], ref));
      }
      CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
    }
  }
}
