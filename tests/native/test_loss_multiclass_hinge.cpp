// Multi-class hinge (torch.nn.MultiMarginLoss, p=1, margin=1): hand-derived values with a term
// exactly at the kink, an independent double reference of torch's definition, central
// differences away from kinks, scores +-1000, check_targets.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/loss/multiclass_hinge.hpp"

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

TEST_CASE("multiclass_hinge: hand-derived values, a term at exactly 0 is inactive") {
  MulticlassHingeLoss loss;
  // row 1: z = {1, 2, 0.5}, y = 1: terms j=0: 1 - 2 + 1 = 0 (kink: inactive), j=2: 1 - 2 + 0.5 < 0
  //        l = 0, gradient row 0
  // row 2: z = {0.25, 0.125, 0.875}, y = 0: j=1: 1 - 0.25 + 0.125 = 0.875, j=2: 1.625
  //        l = 2.5 / 3
  // L = (0 + 2.5/3) / 2 = 0.416667; g = 1/(n C) = 1/6: row 2 = {-2/6, 1/6, 1/6}
  const V z = {1, 2, 0.5f, 0.25f, 0.125f, 0.875f}, y = {1, 0};
  V g(6);
  const float L = loss.value_and_grad(z, y, g, 2, 3);
  CHECK(L == doctest::Approx(2.5 / 6).epsilon(1e-7).scale(0));
  CHECK(g[0] == 0.0f);
  CHECK(g[1] == 0.0f);
  CHECK(g[2] == 0.0f);
  CHECK(g[3] == doctest::Approx(-2.0 / 6).epsilon(1e-7).scale(0));
  CHECK(g[4] == doctest::Approx(1.0 / 6).epsilon(1e-7).scale(0));
  CHECK(g[5] == doctest::Approx(1.0 / 6).epsilon(1e-7).scale(0));
}

TEST_CASE("multiclass_hinge: matches torch's definition computed in double") {
  MulticlassHingeLoss loss;
  for (std::size_t C : {2u, 3u, 5u, 10u}) {
    const std::size_t n = 6;
    V z(n * C), y(n), g(n * C);
    for (std::size_t i = 0; i < n * C; ++i) z[i] = float(1.5 * std::sin(0.9 * i + 0.2 * C));
    for (std::size_t i = 0; i < n; ++i) y[i] = float((3 * i + 1) % C);
    const float L = loss.value_and_grad(z, y, g, n, C);
    double total = 0;
    std::vector<double> ref(n * C, 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t t = std::size_t(y[i]);
      double row = 0;
      for (std::size_t j = 0; j < C; ++j) {
        if (j == t) continue;
        const double m = 1.0 - z[i * C + t] + z[i * C + j];
        if (m > 0) {
          row += m;
          ref[i * C + j] += 1.0 / double(n * C);
          ref[i * C + t] -= 1.0 / double(n * C);
        }
      }
      total += row / double(C);
    }
    CAPTURE(C);
    CHECK(L == doctest::Approx(total / double(n)).epsilon(1e-6).scale(0));
    for (std::size_t i = 0; i < n * C; ++i) CHECK(g[i] == doctest::Approx(ref[i]).epsilon(1e-6));
  }
}

TEST_CASE("multiclass_hinge: gradient matches central differences away from kinks") {
  MulticlassHingeLoss loss;
  const V z = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f, 0.0f, 0.2f, -0.7f, 1.1f, 0.5f, -2.0f};
  const V y = {1, 3, 0};
  V g(12);
  loss.value_and_grad(z, y, g, 3, 4);
  const auto num = numeric_grad(loss, z, y, 3, 4, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("multiclass_hinge: scores +-1000") {
  MulticlassHingeLoss loss;
  // z = {1000, -1000, 0}: y = 0 -> all terms negative, l = 0; y = 1 -> terms 2001 and 1001, l = 3002/3
  V g(3);
  CHECK(loss.value_and_grad(V{1000, -1000, 0}, V{0}, g, 1, 3) == 0.0f);
  CHECK(g == V{0.0f, 0.0f, 0.0f});
  CHECK(loss.value_and_grad(V{1000, -1000, 0}, V{1}, g, 1, 3) == doctest::Approx(3002.0 / 3).epsilon(1e-7).scale(0));
  CHECK(g[0] == doctest::Approx(1.0 / 3).epsilon(1e-7).scale(0));
  CHECK(g[1] == doctest::Approx(-2.0 / 3).epsilon(1e-7).scale(0));
  CHECK(g[2] == doctest::Approx(1.0 / 3).epsilon(1e-7).scale(0));
}

TEST_CASE("multiclass_hinge: check_targets") {
  MulticlassHingeLoss loss;
  CHECK(loss.check_targets(V{0, 3, 1}, 3, 4).ok());
  Status s = loss.check_targets(V{0, 4}, 2, 4);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: label 4 is not an integer in [0, 4)");
  s = loss.check_targets(V{1.25f}, 1, 4);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 1: label 1.25 is not an integer in [0, 4)");
  s = loss.check_targets(V{INFINITY}, 1, 4);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 1: inf is not a finite number");
  s = loss.check_targets(V{0, 1}, 3, 4);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target has 2 values, expected 3 (3 rows, one class label per row)");
}
