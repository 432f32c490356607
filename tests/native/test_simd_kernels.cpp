// SIMD kernels against their scalar references (core/simd/reference.hpp): every length
// 0..3*lanes+1 for the vector kernels, odd shapes for the matrix kernels. Matrix products and
// linear/relu layers must match the reference bit for bit (same operation order); transcendental
// activations within a few ulp of the double-precision truth.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "core/simd/arch.hpp"
#include "core/simd/kernels.hpp"
#include "core/simd/reference.hpp"
#include "core/util/rng.hpp"
#include "tests/native/ulp.hpp"

using namespace descent;
using simd::Act;

namespace {

std::vector<float> random_vec(std::size_t n, std::uint64_t seed, float lo = -3.0f, float hi = 3.0f) {
  Rng rng(seed, 99);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(lo, hi);
  return v;
}

bool bits_equal(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * 4) == 0;
}

const std::size_t kMaxLen = 3 * simd::lanes + 1;
const Act kActs[] = {Act::linear, Act::relu, Act::leaky_relu, Act::elu, Act::tanh, Act::sigmoid, Act::softplus};

}  // namespace

TEST_CASE("xsimd reports a 4-lane SIMD architecture natively") {
  const std::string name = simd::arch_name();
  CHECK(simd::lanes == 4);
  CHECK(name != "emulated");
  CHECK(!name.empty());
#if defined(__x86_64__)
  CHECK(name == "sse2");
#endif
}

TEST_CASE("sum and dot match the reference for every length 0..3*lanes+1 and long arrays") {
  for (std::size_t n = 0; n <= kMaxLen; ++n) {
    auto x = random_vec(n, n), y = random_vec(n, n + 100);
    CAPTURE(n);
    CHECK(simd::sum(x.data(), n) == doctest::Approx(ref::sum(x.data(), n)).epsilon(1e-6));
    CHECK(simd::dot(x.data(), y.data(), n) == doctest::Approx(ref::dot(x.data(), y.data(), n)).epsilon(1e-6));
    CHECK(simd::sqnorm(x.data(), n) == doctest::Approx(ref::dot(x.data(), x.data(), n)).epsilon(1e-6));
  }
  for (std::size_t n : {1023u, 1024u, 1025u, 5000u, 100003u}) {
    auto x = random_vec(n, n, 0.0f, 1.0f);
    CHECK(simd::sum(x.data(), n) == doctest::Approx(ref::sum(x.data(), n)).epsilon(1e-6));
  }
  const float ones[7] = {1, 1, 1, 1, 1, 1, 1};
  CHECK(simd::sum(ones, 7) == 7.0);  // hand-derived
}

TEST_CASE("sqdist is sqnorm of the float differences, bit for bit, every length") {
  // The session's update norm: one pass instead of storing p - prev and taking its sqnorm.
  for (std::size_t n : {std::size_t(0), std::size_t(1), std::size_t(3), std::size_t(4), std::size_t(5),
                        kMaxLen, std::size_t(105), std::size_t(1023), std::size_t(1025), std::size_t(3001)}) {
    CAPTURE(n);
    auto a = random_vec(n, n + 7), b = random_vec(n, n + 8);
    std::vector<float> d(n);
    for (std::size_t i = 0; i < n; ++i) d[i] = a[i] - b[i];
    const double got = simd::sqdist(a.data(), b.data(), n), want = simd::sqnorm(d.data(), n);
    CHECK(std::memcmp(&got, &want, sizeof got) == 0);
    CHECK(got == doctest::Approx(ref::dot(d.data(), d.data(), n)).epsilon(1e-6));
  }
  const float p[3] = {4.0f, 1.0f, -2.0f}, q[3] = {1.0f, 1.0f, 2.0f};
  CHECK(simd::sqdist(p, q, 3) == 25.0);  // 3^2 + 0 + 4^2
  const float bad[3] = {1.0f, INFINITY, 0.0f}, nan[3] = {NAN, 0.0f, 0.0f};
  CHECK(std::isinf(simd::sqdist(bad, q, 3)));
  CHECK(std::isnan(simd::sqdist(nan, q, 3)));
}

TEST_CASE("reductions do not depend on where the data sits in memory (fixed order)") {
  auto x = random_vec(37, 5);
  std::vector<float> shifted(40);
  std::memcpy(shifted.data() + 3, x.data(), 37 * 4);
  CHECK(simd::sum(x.data(), 37) == simd::sum(shifted.data() + 3, 37));
}

TEST_CASE("max_abs and all_finite") {
  float v[9] = {1, -7, 3, 0, 2, 6.5f, -1, 0, 4};
  for (std::size_t n = 0; n <= 9; ++n) {
    float expect = 0;
    for (std::size_t i = 0; i < n; ++i) expect = std::fmax(expect, std::fabs(v[i]));
    CHECK(simd::max_abs(v, n) == expect);
    CHECK(simd::all_finite(v, n));
  }
  for (std::size_t pos = 0; pos < 9; ++pos) {
    float w[9];
    std::memcpy(w, v, sizeof w);
    w[pos] = INFINITY;
    CHECK_FALSE(simd::all_finite(w, 9));
    w[pos] = NAN;
    CHECK_FALSE(simd::all_finite(w, 9));
    CHECK(std::isnan(simd::max_abs(w, 9)));
  }
}

TEST_CASE("activations match the double-precision truth within 4 ulp, every length") {
  for (Act f : kActs) {
    for (std::size_t n = 0; n <= kMaxLen; ++n) {
      auto z = random_vec(n, n * 7 + int(f), -6.0f, 6.0f);
      std::vector<float> a(n), g(n), ones(n, 1.0f);
      simd::activate(f, z.data(), a.data(), n);
      simd::activate_backward(f, a.data(), ones.data(), g.data(), n);
      for (std::size_t i = 0; i < n; ++i) {
        CAPTURE(int(f));
        CAPTURE(z[i]);
        CHECK(ulp_distance(a[i], ref::activate1(f, z[i])) <= 4);
        // derivatives from the output lose a little for tanh/sigmoid near saturation: 1e-6 abs
        CHECK(std::fabs(g[i] - ref::activate_grad1(f, z[i])) <= 2e-6f + 4e-7f * std::fabs(g[i]));
      }
    }
  }
}

TEST_CASE("activations at extremes stay finite and saturate like torch") {
  const float z[] = {-1000.f, -50.f, -20.f, 0.f, 20.f, 50.f, 1000.f};
  float a[7];
  simd::activate(Act::sigmoid, z, a, 7);
  CHECK(a[0] == 0.0f);
  CHECK(a[3] == 0.5f);
  CHECK(a[6] == 1.0f);
  simd::activate(Act::softplus, z, a, 7);
  CHECK(a[6] == 1000.0f);  // threshold 20: identity
  CHECK(a[5] == 50.0f);
  CHECK(a[0] == 0.0f);
  CHECK(a[3] == doctest::Approx(std::log(2.0)));
  simd::activate(Act::tanh, z, a, 7);
  CHECK(a[0] == -1.0f);
  CHECK(a[6] == 1.0f);
  simd::activate(Act::relu, z, a, 7);
  CHECK(a[3] == 0.0f);
  float ones[7] = {1, 1, 1, 1, 1, 1, 1}, g[7];
  simd::activate_backward(Act::relu, a, ones, g, 7);
  CHECK(g[3] == 0.0f);  // torch: relu'(0) = 0
  CHECK(g[6] == 1.0f);
}

TEST_CASE("an element's activation does not depend on its position or the array length") {
  auto z = random_vec(kMaxLen, 3);
  for (Act f : kActs) {
    std::vector<float> full(kMaxLen);
    simd::activate(f, z.data(), full.data(), kMaxLen);
    for (std::size_t off = 0; off < kMaxLen; ++off) {
      float one;
      simd::activate(f, z.data() + off, &one, 1);
      CHECK(one == full[off]);
    }
  }
}

TEST_CASE("softmax and log-softmax rows: reference agreement and stability") {
  for (std::size_t c = 1; c <= kMaxLen; ++c) {
    const std::size_t n = 3;
    auto z = random_vec(n * c, c, -10.0f, 10.0f);
    std::vector<float> p(n * c), lp(n * c), rp(n * c), rlp(n * c);
    simd::softmax_rows(z.data(), p.data(), n, c);
    simd::log_softmax_rows(z.data(), lp.data(), n, c);
    ref::softmax_rows(z.data(), rp.data(), n, c);
    ref::log_softmax_rows(z.data(), rlp.data(), n, c);
    for (std::size_t i = 0; i < n * c; ++i) {
      CHECK(p[i] == doctest::Approx(rp[i]).epsilon(1e-5));
      CHECK(lp[i] == doctest::Approx(rlp[i]).epsilon(1e-5).scale(1.0));
    }
  }
  const float big[3] = {1000.f, 1000.f, -1000.f};
  float p[3], lp[3];
  simd::softmax_rows(big, p, 1, 3);
  simd::log_softmax_rows(big, lp, 1, 3);
  CHECK(p[0] == 0.5f);
  CHECK(p[2] == 0.0f);
  CHECK(lp[0] == doctest::Approx(-std::log(2.0)));
  CHECK(std::isfinite(lp[2]));
}

TEST_CASE("gemm equals the triple loop bit for bit on odd shapes and strides") {
  struct Shape { std::size_t M, N, K; };
  const Shape shapes[] = {{1, 1, 1}, {3, 5, 7}, {7, 13, 5}, {64, 64, 64}, {65, 63, 67}, {1, 9, 300},
                          {5, 1, 513}, {4, 8, 256}, {9, 17, 0}, {2, 3, 1},
                          // narrow (N < lanes): vectorized over rows, with row tails
                          {100, 1, 1}, {13, 3, 5}, {9, 2, 7}, {1, 1, 10000}, {6, 3, 300}};
  for (const Shape& s : shapes) {
    CAPTURE(s.M);
    CAPTURE(s.N);
    CAPTURE(s.K);
    auto A = random_vec(s.M * s.K + 1, s.M + 11), B = random_vec(s.K * s.N + 1, s.N + 13);
    std::vector<float> C(s.M * s.N, -1.0f), R(s.M * s.N, -2.0f);
    // row-major A, row-major B
    simd::gemm(s.M, s.N, s.K, A.data(), s.K, 1, B.data(), s.N, 1, C.data(), s.N);
    ref::gemm(s.M, s.N, s.K, A.data(), s.K, 1, B.data(), s.N, 1, R.data(), s.N);
    CHECK(bits_equal(C, R));
    // transposed A (column-major), transposed B
    simd::gemm(s.M, s.N, s.K, A.data(), 1, s.M, B.data(), 1, s.K, C.data(), s.N);
    ref::gemm(s.M, s.N, s.K, A.data(), 1, s.M, B.data(), 1, s.K, R.data(), s.N);
    CHECK(bits_equal(C, R));
  }
}

TEST_CASE("gemm against a hand-computed 2x2 product") {
  const float A[4] = {1, 2, 3, 4}, B[4] = {5, 6, 7, 8};
  float C[4];
  simd::gemm(2, 2, 2, A, 2, 1, B, 2, 1, C, 2);
  CHECK(C[0] == 19.0f);  // 1*5 + 2*7
  CHECK(C[1] == 22.0f);  // 1*6 + 2*8
  CHECK(C[2] == 43.0f);  // 3*5 + 4*7
  CHECK(C[3] == 50.0f);  // 3*6 + 4*8
}

TEST_CASE("dense forward/backward equal the reference bit for bit") {
  struct Shape { std::size_t n, in, out; };
  const Shape shapes[] = {{1, 1, 1}, {3, 5, 7}, {7, 13, 3}, {64, 64, 64}, {65, 63, 10}, {10, 784, 13},
                          {1000, 1, 1}, {37, 2, 3}, {33, 64, 1}, {5, 3, 2},
                          // the playground's 2-8-8-1 MLP on batches of 10
                          {10, 2, 8}, {10, 8, 8}, {10, 8, 1}, {6, 8, 2}};
  for (const Shape& s : shapes) {
    auto x = random_vec(s.n * s.in, 1), W = random_vec(s.out * s.in, 2), b = random_vec(s.out, 3);
    auto dy = random_vec(s.n * s.out, 4);
    std::vector<float> y(s.n * s.out), ry(s.n * s.out);
    simd::dense_forward(x.data(), W.data(), b.data(), y.data(), s.n, s.in, s.out, Act::linear);
    ref::dense_forward_linear(x.data(), W.data(), b.data(), ry.data(), s.n, s.in, s.out);
    CHECK(bits_equal(y, ry));
    // relu is exact too: max(v, 0)
    simd::dense_forward(x.data(), W.data(), b.data(), y.data(), s.n, s.in, s.out, Act::relu);
    for (float& v : ry) v = v > 0 ? v : 0.0f;
    CHECK(bits_equal(y, ry));

    std::vector<float> dx(s.n * s.in), dW(s.out * s.in), db(s.out);
    std::vector<float> rdx(s.n * s.in), rdW(s.out * s.in), rdb(s.out);
    simd::dense_backward(x.data(), W.data(), dy.data(), dx.data(), dW.data(), db.data(), s.n, s.in, s.out);
    ref::dense_backward(x.data(), W.data(), dy.data(), rdx.data(), rdW.data(), rdb.data(), s.n, s.in, s.out);
    CHECK(bits_equal(dx, rdx));
    CHECK(bits_equal(dW, rdW));
    CHECK(bits_equal(db, rdb));
  }
}

TEST_CASE("a dense layer's fused activation equals activating its linear output, bit for bit") {
  // dense_forward applies f inside the product's stores (narrow layers) or in one pass after it;
  // either way each element must be f(x W^T + b) exactly as activate() computes it.
  struct Shape { std::size_t n, in, out; };
  const Shape shapes[] = {{1, 1, 1},  {10, 2, 8}, {10, 8, 8}, {10, 8, 1}, {7, 13, 3}, {13, 5, 2}, {9, 4, 1},
                          {33, 64, 1}, {5, 3, 4},  {9, 5, 12}, {6, 7, 16}, {3, 4, 20}};
  for (const Shape& s : shapes)
    for (Act f : kActs) {
      CAPTURE(s.n);
      CAPTURE(s.in);
      CAPTURE(s.out);
      CAPTURE(int(f));
      auto x = random_vec(s.n * s.in, 5), W = random_vec(s.out * s.in, 6), b = random_vec(s.out, 7);
      std::vector<float> y(s.n * s.out), want(s.n * s.out);
      simd::dense_forward(x.data(), W.data(), b.data(), want.data(), s.n, s.in, s.out, Act::linear);
      simd::activate(f, want.data(), want.data(), want.size());
      simd::dense_forward(x.data(), W.data(), b.data(), y.data(), s.n, s.in, s.out, f);
      CHECK(bits_equal(y, want));
    }
}

TEST_CASE("dense layer: y = x W^T + b by hand") {
  // x = [[1, 2]], W = [[1, 0], [0.5, -1], [2, 2]], b = [0.5, 0, -1]
  const float x[2] = {1, 2}, W[6] = {1, 0, 0.5f, -1, 2, 2}, b[3] = {0.5f, 0, -1};
  float y[3];
  simd::dense_forward(x, W, b, y, 1, 2, 3, Act::linear);
  CHECK(y[0] == 1.5f);   // 1 + 0 + 0.5
  CHECK(y[1] == -1.5f);  // 0.5 - 2 + 0
  CHECK(y[2] == 5.0f);   // 2 + 4 - 1
}
