// The fused full-batch pass of linear regression under MSE (simd::linear_mse_pass): bit for bit
// equal to its scalar reference (ref::linear_mse_pass, the documented order) and to the separate
// passes it replaces (dense_forward, MseLoss::value_and_grad, dense_backward) for every length
// around the vector width and the 1024-row block, 1-3 inputs; and a hand-derived case.
// Not here: the other kernels (test_simd_kernels.cpp) or the loss on its own (test_loss_mse.cpp).
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "core/loss/mse.hpp"
#include "core/simd/arch.hpp"
#include "core/simd/kernels.hpp"
#include "core/simd/reference.hpp"
#include "core/simd/terms.hpp"
#include "core/util/rng.hpp"
#include "tests/native/bits.hpp"

using namespace descent;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed, float lo, float hi) {
  Rng rng(seed, 7);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(lo, hi);
  return v;
}

bool same_double(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

std::vector<std::size_t> lengths() {
  std::vector<std::size_t> ns;
  for (std::size_t n = 0; n <= 3 * simd::lanes + 1; ++n) ns.push_back(n);
  for (std::size_t n : {1023u, 1024u, 1025u, 1027u, 2047u, 2048u, 2051u, 5000u, 100003u}) ns.push_back(n);
  return ns;
}

}  // namespace

TEST_CASE("linear_mse_pass equals its scalar reference bit for bit, every length and tail") {
  for (std::size_t in = 1; in < simd::lanes; ++in)
    for (std::size_t n : lengths()) {
      CAPTURE(in);
      CAPTURE(n);
      const auto x = random_vec(n * in, n + 1, -2.0f, 2.0f), y = random_vec(n, n + 2, -5.0f, 5.0f);
      const auto w = random_vec(in, 3, -1.5f, 1.5f);
      const float b = 0.375f, norm = simd::mse_norm(n);
      std::vector<float> dW(in, -1.0f), rdW(in, -2.0f);
      float db = -1.0f, rdb = -2.0f;
      const double t = simd::linear_mse_pass(x.data(), y.data(), n, in, w.data(), b, norm, dW.data(), &db);
      const double rt = ref::linear_mse_pass(x.data(), y.data(), n, in, w.data(), b, norm, rdW.data(), &rdb);
      CHECK(same_double(t, rt));
      CHECK(same_bits(dW, rdW));
      CHECK(same_bits(db, rdb));
    }
}

TEST_CASE("MseLoss::linear_pass has the bits of dense_forward + value_and_grad + dense_backward") {
  MseLoss loss;
  for (std::size_t in = 1; in < simd::lanes; ++in)
    for (std::size_t n : lengths()) {
      if (n == 0) continue;
      CAPTURE(in);
      CAPTURE(n);
      const auto x = random_vec(n * in, 2 * n + 5, -3.0f, 3.0f), y = random_vec(n, 2 * n + 6, -4.0f, 4.0f);
      const auto w = random_vec(in, 11, -2.0f, 2.0f);
      const float b = -0.8125f;
      // the separate passes, as Mlp::forward, the loss and Mlp::backward run them
      std::vector<float> pred(n), dpred(n), dW(in);
      float db;
      simd::dense_forward(x.data(), w.data(), &b, pred.data(), n, in, 1, simd::Act::linear);
      const float want = loss.value_and_grad(pred, y, dpred, n, 1);
      simd::dense_backward(x.data(), w.data(), dpred.data(), nullptr, dW.data(), &db, n, in, 1);
      std::vector<float> fdW(in);
      float fdb;
      const float got = loss.linear_pass(x.data(), y.data(), n, in, w.data(), b, fdW.data(), &fdb);
      CHECK(same_bits(got, want));
      CHECK(same_bits(fdW, dW));
      CHECK(same_bits(fdb, db));
    }
}

TEST_CASE("linear_pass by hand: x = (1, 2), y = (3, 5), w = 1, b = 0") {
  // z = (1, 2), r = (-2, -3): L = (4 + 9) / 2 = 6.5; g = (2/2) r = (-2, -3);
  // dL/dw = -2 * 1 + -3 * 2 = -8, dL/db = -5 (all exact in float)
  MseLoss loss;
  const float x[] = {1, 2}, y[] = {3, 5}, w[] = {1};
  float dW, db;
  CHECK(loss.linear_pass(x, y, 2, 1, w, 0.0f, &dW, &db) == 6.5f);
  CHECK(dW == -8.0f);
  CHECK(db == -5.0f);
  // two inputs: x rows (1, 0), (0, 2), (1, 1); w = (2, -1), b = 0.5; y = (2, 0, 1)
  // z = (2.5, -1.5, 1.5), r = (0.5, -1.5, 0.5): L = (0.25 + 2.25 + 0.25) / 3 = 11/12
  // g = (2/3) r; dW0 = (2/3)(0.5 + 0.5) = 2/3, dW1 = (2/3)(-3 + 0.5) = -5/3, db = (2/3)(-0.5) = -1/3
  const float x2[] = {1, 0, 0, 2, 1, 1}, y2[] = {2, 0, 1}, w2[] = {2, -1};
  float dW2[2];
  CHECK(loss.linear_pass(x2, y2, 3, 2, w2, 0.5f, dW2, &db) == doctest::Approx(11.0 / 12.0).epsilon(1e-6));
  CHECK(dW2[0] == doctest::Approx(2.0 / 3.0).epsilon(1e-6));
  CHECK(dW2[1] == doctest::Approx(-5.0 / 3.0).epsilon(1e-6));
  CHECK(db == doctest::Approx(-1.0 / 3.0).epsilon(1e-6));
}
