// Categorical cross-entropy with one-hot/probability targets (torch.nn.CrossEntropyLoss):
// hand-derived values, logits +-50 and +-1000, central differences, torch's gradient
// softmax * sum(t) - t, every check_targets error, and the per-row lane loop against a scalar loop
// for every class count 1..13 (0 rows and 0 classes return 0).
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/cce.hpp"
#include "core/simd/kernels.hpp"

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

TEST_CASE("cce: hand-derived values and gradient") {
  CceLoss loss;
  // row 1: z = {1, 2, 3}, t = {0, 0, 1}: -log softmax_3 = log(1 + e^-1 + e^-2) = log 1.503214
  //        = 0.407606; softmax = {0.090031, 0.244728, 0.665241}
  // row 2: z = {0, 0, 0}, t = {0.5, 0.25, 0.25}: -sum t log(1/3) = log 3 = 1.098612
  // L = (0.407606 + 1.098612) / 2 = 0.753109
  // gradient (softmax - t) / 2: row 1 {0.045015, 0.122364, -0.167380},
  //                             row 2 {-1/12, 1/24, 1/24}
  const V z = {1, 2, 3, 0, 0, 0}, t = {0, 0, 1, 0.5f, 0.25f, 0.25f};
  V g(6);
  const float L = loss.value_and_grad(z, t, g, 2, 3);
  CHECK(L == doctest::Approx((std::log(1 + std::exp(-1.0) + std::exp(-2.0)) + std::log(3.0)) / 2)
                 .epsilon(1e-6).scale(0));
  CHECK(L == doctest::Approx(0.753109).epsilon(1e-5));
  const double e = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
  const double expect[6] = {std::exp(1.0) / e / 2, std::exp(2.0) / e / 2, (std::exp(3.0) / e - 1) / 2,
                            -1.0 / 12, 1.0 / 24, 1.0 / 24};
  for (int i = 0; i < 6; ++i) CHECK(g[i] == doctest::Approx(expect[i]).epsilon(1e-6).scale(0));
}

TEST_CASE("cce: logits +-50 and +-1000 are finite and equal the closed forms") {
  CceLoss loss;
  for (float big : {50.0f, 1000.0f}) {
    CAPTURE(big);
    // z = {big, -big, 0}: log-sum-exp = big + log(1 + e^-2big + e^-big) = big (to float precision)
    //   t = e1: loss 0, gradient (softmax - t) = {~0, 0, e^-big}
    //   t = e2: loss 2 big, gradient {1, -1, ~0} (times 1/n, n = 1)
    const V z = {big, -big, 0};
    V g(3);
    float L = loss.value_and_grad(z, V{1, 0, 0}, g, 1, 3);
    CHECK(L == doctest::Approx(0.0).epsilon(1e-6));
    CHECK(g[0] == doctest::Approx(0.0).epsilon(1e-6));
    CHECK(g[1] == doctest::Approx(0.0).epsilon(1e-6));
    CHECK(g[2] == doctest::Approx(std::exp(-double(big))).epsilon(1e-6));
    L = loss.value_and_grad(z, V{0, 1, 0}, g, 1, 3);
    CHECK(std::isfinite(L));
    CHECK(L == doctest::Approx(2.0 * big).epsilon(1e-6).scale(0));
    CHECK(g[0] == doctest::Approx(1.0).epsilon(1e-6));
    CHECK(g[1] == doctest::Approx(-1.0).epsilon(1e-6));
    for (float v : g) CHECK(std::isfinite(v));
  }
}

TEST_CASE("cce: gradient matches central differences (one-hot and soft rows)") {
  CceLoss loss;
  const V z = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f, 0.0f, 0.2f, -0.7f, 1.1f, 0.5f, -2.0f};
  const V t = {0, 0, 1, 0, 0.2f, 0.3f, 0.5f, 0, 1, 0, 0, 0};
  V g(12);
  loss.value_and_grad(z, t, g, 3, 4);
  const auto num = numeric_grad(loss, z, t, 3, 4, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("cce: rows summing to 1 within the tolerance get torch's exact gradient softmax*sum(t) - t") {
  CceLoss loss;
  // t sums to 1.00008 (accepted: |sum - 1| <= 1e-4). The value is -sum t log softmax; its exact
  // gradient (torch's autograd) is softmax * sum(t) - t, not softmax - t.
  const V z = {0.5f, -0.25f, 1.0f}, t = {0.25002f, 0.25002f, 0.50004f};
  REQUIRE(loss.check_targets(t, 1, 3).ok());
  V g(3), p(3);
  loss.value_and_grad(z, t, g, 1, 3);
  simd::softmax_rows(z.data(), p.data(), 1, 3);
  const float s = (t[0] + t[1]) + t[2];
  for (int i = 0; i < 3; ++i) CHECK(same_bits(g[i], (p[i] * s - t[i]) / 1.0f));
}

TEST_CASE("cce: check_targets") {
  CceLoss loss;
  CHECK(loss.check_targets(V{0, 1, 0, 0.5f, 0.25f, 0.25f}, 2, 3).ok());
  CHECK(loss.check_targets(V{0.33333f, 0.33333f, 0.33334f}, 1, 3).ok());
  CHECK(loss.check_targets(V{0.99995f, 0}, 1, 2).ok());  // within 1e-4
  Status s = loss.check_targets(V{0, 1, 0, 0.5f, -0.1f, 0.6f}, 2, 3);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: class probabilities must be >= 0, got -0.1 in column 2");
  s = loss.check_targets(V{0, 1, 0, 1, 0, 0, 0.5f, 0.25f, 0.2f}, 3, 3);
  REQUIRE(!s.ok());
  CHECK(s.message() ==
        "target row 3: class probabilities must sum to 1 (a one-hot or probability row), got 0.95");
  s = loss.check_targets(V{0, 1, 1, 1}, 2, 2);
  REQUIRE(!s.ok());
  CHECK(s.message().find("target row 2: class probabilities must sum to 1") == 0);
  s = loss.check_targets(V{0, 1, NAN, 1}, 2, 2);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: NaN is not a finite number");
  s = loss.check_targets(V{0, 1, 2}, 3, 2);  // labels where one-hot rows are expected
  REQUIRE(!s.ok());
  CHECK(s.message() == "target has 3 values, expected 6 (3 rows x 2 classes, one-hot or probabilities)");
}

TEST_CASE("cce: the per-row lane loop equals a scalar loop for every class count 1..13") {
  CceLoss loss;
  const std::size_t n = 3;
  for (std::size_t C = 1; C <= 13; ++C) {
    V z(n * C), t(n * C, 0.0f), g(n * C, -7.0f);
    for (std::size_t i = 0; i < n * C; ++i) z[i] = float(4 * std::sin(1.3 * i + 0.7));
    for (std::size_t i = 0; i < n; ++i) {
      if (i == 1) {
        for (std::size_t j = 0; j < C; ++j) t[i * C + j] = 1.0f / float(C);  // soft row
      } else {
        t[i * C + (i * 5) % C] = 1.0f;
      }
    }
    const float L = loss.value_and_grad(z, t, g, n, C);
    V p(n * C), lp(n * C);
    simd::softmax_rows(z.data(), p.data(), n, C);
    simd::log_softmax_rows(z.data(), lp.data(), n, C);
    double total = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double row = 0;
      float s = 0;
      for (std::size_t j = 0; j < C; ++j) {
        row += double(t[i * C + j]) * double(lp[i * C + j]);
        s += t[i * C + j];
      }
      total += -row;
      for (std::size_t j = 0; j < C; ++j)
        CHECK(same_bits(g[i * C + j], (p[i * C + j] * s - t[i * C + j]) / float(n)));
    }
    CHECK(same_bits(L, float(total / double(n))));
  }
  // Empty batches: nothing to average.
  V none;
  CHECK(loss.value_and_grad(none, none, none, 0, 3) == 0.0f);
  CHECK(loss.value_and_grad(none, none, none, 4, 0) == 0.0f);
}
