// Sparse categorical cross-entropy (torch.nn.CrossEntropyLoss with class indices): identical to
// cce on one-hot targets bit for bit (values and gradients, extremes included), hand-derived
// values, central differences, every check_targets error.
#include <doctest/doctest.h>

#include "tests/native/bits.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/loss/cce.hpp"
#include "core/loss/sparse_cce.hpp"

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

TEST_CASE("sparse_cce: hand-derived value and gradient") {
  SparseCceLoss loss;
  // row 1: z = {1, 2, 3}, y = 2: log(1 + e^-1 + e^-2) = 0.407606
  // row 2: z = {0, 0, 0}, y = 0: log 3 = 1.098612;  L = 0.753109
  // gradient (softmax - onehot) / 2; row 2: {(1/3 - 1)/2, 1/6, 1/6}
  const V z = {1, 2, 3, 0, 0, 0}, y = {2, 0};
  V g(6);
  const float L = loss.value_and_grad(z, y, g, 2, 3);
  CHECK(L == doctest::Approx((std::log(1 + std::exp(-1.0) + std::exp(-2.0)) + std::log(3.0)) / 2)
                 .epsilon(1e-6).scale(0));
  CHECK(g[3] == doctest::Approx(-1.0 / 3).epsilon(1e-6).scale(0));
  CHECK(g[4] == doctest::Approx(1.0 / 6).epsilon(1e-6).scale(0));
  CHECK(g[5] == doctest::Approx(1.0 / 6).epsilon(1e-6).scale(0));
}

TEST_CASE("sparse_cce: identical to cce on one-hot targets, bit for bit") {
  SparseCceLoss sparse;
  CceLoss dense;
  for (std::size_t n : {1u, 2u, 5u, 7u}) {
    for (std::size_t C = 1; C <= 13; ++C) {
      V z(n * C), labels(n), onehot(n * C, 0.0f);
      for (std::size_t i = 0; i < n * C; ++i) {
        // mostly moderate logits, with +-50 and +-1000 mixed in
        const std::size_t m = i % 11;
        z[i] = m == 3 ? 1000.0f : m == 7 ? -1000.0f : m == 9 ? 50.0f : m == 10 ? -50.0f
                                                              : float(5 * std::sin(0.7 * i + 0.3 * C));
      }
      for (std::size_t i = 0; i < n; ++i) {
        labels[i] = float((i * 7 + C) % C);
        onehot[i * C + std::size_t(labels[i])] = 1.0f;
      }
      REQUIRE(sparse.check_targets(labels, n, C).ok());
      REQUIRE(dense.check_targets(onehot, n, C).ok());
      V gs(n * C, -1.0f), gd(n * C, -2.0f);
      const float ls = sparse.value_and_grad(z, labels, gs, n, C);
      const float ld = dense.value_and_grad(z, onehot, gd, n, C);
      CAPTURE(n);
      CAPTURE(C);
      CHECK(std::isfinite(ls));
      CHECK(same_bits(ls, ld));
      for (std::size_t i = 0; i < n * C; ++i) {
        CHECK(std::isfinite(gs[i]));
        CHECK(same_bits(gs[i], gd[i]));
      }
    }
  }
}

TEST_CASE("sparse_cce: logits +-1000") {
  SparseCceLoss loss;
  // z = {1000, -1000}: y = 0 -> loss 0, gradient {0, 0}; y = 1 -> loss 2000, gradient {1, -1}
  V g(2);
  CHECK(loss.value_and_grad(V{1000, -1000}, V{0}, g, 1, 2) == 0.0f);
  CHECK(g == V{0.0f, 0.0f});
  CHECK(loss.value_and_grad(V{1000, -1000}, V{1}, g, 1, 2) == 2000.0f);
  CHECK(g == V{1.0f, -1.0f});
}

TEST_CASE("sparse_cce: gradient matches central differences") {
  SparseCceLoss loss;
  const V z = {0.3f, -1.2f, 2.5f, 0.9f, -0.4f, 1.7f, 0.0f, 0.2f, -0.7f, 1.1f, 0.5f, -2.0f};
  const V y = {1, 3, 0};
  V g(12);
  loss.value_and_grad(z, y, g, 3, 4);
  const auto num = numeric_grad(loss, z, y, 3, 4, 1e-2f);
  for (std::size_t i = 0; i < g.size(); ++i) CHECK(g[i] == doctest::Approx(num[i]).epsilon(1e-3));
}

TEST_CASE("sparse_cce: check_targets") {
  SparseCceLoss loss;
  CHECK(loss.check_targets(V{0, 2, 1}, 3, 3).ok());
  Status s = loss.check_targets(V{0, 1, 2, 1, 1, 1, 3.5f}, 7, 3);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 7: label 3.5 is not an integer in [0, 3)");
  s = loss.check_targets(V{0, 3}, 2, 3);  // = classes
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: label 3 is not an integer in [0, 3)");
  s = loss.check_targets(V{-1}, 1, 3);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 1: label -1 is not an integer in [0, 3)");
  s = loss.check_targets(V{0, 0.5f}, 2, 3);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: label 0.5 is not an integer in [0, 3)");
  s = loss.check_targets(V{0, NAN}, 2, 3);
  REQUIRE(!s.ok());
  CHECK(s.message() == "target row 2: NaN is not a finite number");
  s = loss.check_targets(V{0, 1, 0, 0, 0, 1}, 2, 3);  // one-hot rows where labels are expected
  REQUIRE(!s.ok());
  CHECK(s.message() == "target has 6 values, expected 2 (2 rows, one class label per row)");
}
