// Huber (torch.nn.HuberLoss): hand-derived values for two deltas, the gradient at the kink
// |r| = delta, central differences, extreme residuals, target checks, and the lane loop against a
// scalar loop for every length 0..13.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"
#include "tests/native/loss_sum.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/huber.hpp"

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

TEST_CASE("huber: hand-derived values, delta = 1") {
  HuberLoss loss(1.0f);
  // r = {0, 0.5, 3, -2, 1}, delta = 1:
  //   l = {0, 0.5*0.25 = 0.125, 1*(3 - 0.5) = 2.5, 1*(2 - 0.5) = 1.5, kink: 0.5}; sum 4.625
  //   L = 4.625 / 5 = 0.925
  //   gradient: r/5 inside, delta*sign(r)/5 outside: {0, 0.1, 0.2, -0.2, 0.2}
  const V pred = {0, 0.5f, 3, -2, 1}, target(5, 0.0f);
  V g(5);
  CHECK(loss.value_and_grad(pred, target, g, 5, 1) == doctest::Approx(0.925).epsilon(1e-7).scale(0));
  CHECK(g[0] == 0.0f);
  CHECK(g[1] == doctest::Approx(0.1).epsilon(1e-7).scale(0));
  CHECK(g[2] == doctest::Approx(0.2).epsilon(1e-7).scale(0));
  CHECK(g[3] == doctest::Approx(-0.2).epsilon(1e-7).scale(0));
  CHECK(g[4] == doctest::Approx(0.2).epsilon(1e-7).scale(0));
}

TEST_CASE("huber: hand-derived values, delta = 2") {
  HuberLoss loss(2.0f);
  // r = pred - target = {1, -3, 2}: l = {0.5, 2*(3 - 1) = 4, kink: 0.5*4 = 2 = 2*(2 - 1)}; sum 6.5
  //   L = 6.5 / 3; gradient {1/3, -2/3, 2/3}
  const V pred = {2, -1, 2.5f}, target = {1, 2, 0.5f};
  V g(3);
  CHECK(loss.value_and_grad(pred, target, g, 3, 1) == doctest::Approx(6.5 / 3).epsilon(1e-7).scale(0));
  CHECK(g[0] == doctest::Approx(1.0 / 3).epsilon(1e-7).scale(0));
  CHECK(g[1] == doctest::Approx(-2.0 / 3).epsilon(1e-7).scale(0));
  CHECK(g[2] == doctest::Approx(2.0 / 3).epsilon(1e-7).scale(0));
}

TEST_CASE("huber: at the kink |r| = delta the gradient is delta sign(r) / N (torch's linear branch)") {
  for (float delta : {0.5f, 1.0f, 1.5f, 3.0f}) {
    HuberLoss loss(delta);
    const V pred = {delta, -delta}, target = {0, 0};
    V g(2);
    const float L = loss.value_and_grad(pred, target, g, 2, 1);
    CHECK(L == doctest::Approx(0.5 * delta * delta).epsilon(1e-7).scale(0));
    CHECK(g[0] == doctest::Approx(delta / 2.0).epsilon(1e-7).scale(0));
    CHECK(g[1] == doctest::Approx(-delta / 2.0).epsilon(1e-7).scale(0));
    // C1: just inside and just outside agree with it.
    const float in = delta * (1 - 1e-4f), out = delta * (1 + 1e-4f);
    V gi(2), go(2);
    loss.value_and_grad(V{in, -in}, target, gi, 2, 1);
    loss.value_and_grad(V{out, -out}, target, go, 2, 1);
    CHECK(gi[0] == doctest::Approx(g[0]).epsilon(2e-4).scale(0));
    CHECK(go[0] == g[0]);
    CHECK(go[1] == g[1]);
  }
}

TEST_CASE("huber: gradient matches central differences away from the kink") {
  HuberLoss loss(1.3f);
  const V pred = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f, -4.0f, 0.05f},
          target = {0.1f, 0.8f, -1.0f, 1.0f, 0.0f, 2.2f, 0.0f, 0.0f};
  V g(8);
  loss.value_and_grad(pred, target, g, 4, 2);
  const auto num = numeric_grad(loss, pred, target, 4, 2, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("huber: extreme residuals 1e-8 and 1e3") {
  HuberLoss loss(1.0f);
  const V pred = {1e-8f, -1e3f}, target = {0, 0};
  V g(2);
  const float L = loss.value_and_grad(pred, target, g, 2, 1);
  // l = {0.5e-16, 1e3 - 0.5}; gradient {1e-8/2, -1/2}
  CHECK(double(L) == doctest::Approx((0.5e-16 + 999.5) / 2).epsilon(1e-7).scale(0));
  CHECK(g[0] == doctest::Approx(0.5e-8).epsilon(1e-6).scale(0));
  CHECK(g[1] == -0.5f);
}

TEST_CASE("huber: check_targets") {
  HuberLoss loss;
  CHECK(loss.check_targets(V{0, 1}, 2, 1).ok());
  Status s = loss.check_targets(V{0, 1, NAN}, 3, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 3: NaN is not a finite number");
  s = loss.check_targets(V{0, 1}, 3, 1);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target has 2 values, expected 3 (3 rows x 1 outputs)");
}

TEST_CASE("huber: lane loop equals a scalar loop for every length 0..13") {
  const float delta = 1.25f;
  HuberLoss loss(delta);
  for (std::size_t N = 0; N <= 13; ++N) {
    V p(N), t(N), g(N, -7.0f);
    for (std::size_t i = 0; i < N; ++i) {
      p[i] = i % 5 == 2 ? delta : i % 5 == 3 ? -delta : float(3 * std::sin(1.3 * i + 0.7));
      t[i] = i % 5 >= 2 && i % 5 <= 3 ? 0.0f : float(std::cos(0.9 * i));
    }
    const float L = loss.value_and_grad(p, t, g, N, 1);
    const float norm = N ? float(1.0 / double(N)) : 1.0f;
    std::vector<float> ls;
    for (std::size_t i = 0; i < N; ++i) {
      const float r = p[i] - t[i], z = std::fabs(r);
      ls.push_back(z < delta ? 0.5f * z * z : delta * (z - 0.5f * delta));
      const float ref = r <= -delta ? -norm * delta : r >= delta ? norm * delta : norm * r;
      CHECK(same_bits(g[i], ref));
    }
    CHECK(same_bits(L, N ? float(blocked_total(ls) / double(N)) : 0.0f));
  }
}
