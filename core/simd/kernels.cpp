// Instantiates the SIMD kernels (kernels_impl.hpp) for this build's architecture (arch.hpp).
#include "core/simd/kernels.hpp"

#include "core/simd/kernels_impl.hpp"

namespace descent::simd {
using K = impl::Kernels<arch>;

// Fast builds on x86 with vectors wider than 4 floats (AVX2: 8, AVX-512: 16) send dense layers
// narrower than a vector to the 4-lane kernels: with 16 lanes every layer of a 2-8-8-1 network is
// "narrow", and the narrow paths' partial row blocks build each operand lane by lane in memory and
// then load it as one wide vector, a store-forwarding stall per operand (docs/performance.md,
// "Why the fast build was 3-4x slower on W1"). One input feature on at least a vector of rows
// (W4's full batch) stays wide: its rows are contiguous, so no block is built lane by lane.
// Portable builds have 4 lanes and never take this branch.
#if defined(DESCENT_FAST) && (defined(__x86_64__) || defined(_M_X64))
using Kn = impl::Kernels<xsimd::sse2>;
static bool narrow_split(std::size_t n, std::size_t in, std::size_t out) {
  return K::L > Kn::L && (in < K::L || out < K::L) && !(in == 1 && n >= K::L);
}
#define DESCENT_NARROW_SPLIT 1
#endif

double sum(const float* x, std::size_t n) { return K::sum(x, n); }
double dot(const float* x, const float* y, std::size_t n) { return K::dot(x, y, n); }
double sqnorm(const float* x, std::size_t n) { return K::dot(x, x, n); }
double sqdist(const float* a, const float* b, std::size_t n) { return K::sqdist(a, b, n); }
float max_abs(const float* x, std::size_t n) { return K::max_abs(x, n); }
bool all_finite(const float* x, std::size_t n) { return K::all_finite(x, n); }
void activate(Act f, const float* z, float* a, std::size_t n) { K::activate(f, z, a, n); }
void activate_backward(Act f, const float* a, const float* da, float* dz, std::size_t n) {
  K::activate_backward(f, a, da, dz, n);
}
void bias_activate(Act f, float* y, const float* b, std::size_t n, std::size_t out) {
  K::bias_activate(f, y, b, n, out);
}
void softmax_rows(const float* z, float* p, std::size_t n, std::size_t c) { K::softmax_rows(z, p, n, c); }
void log_softmax_rows(const float* z, float* lp, std::size_t n, std::size_t c) {
  K::log_softmax_rows(z, lp, n, c);
}
void gemm(std::size_t M, std::size_t N, std::size_t K_, const float* A, std::size_t rsa,
          std::size_t csa, const float* B, std::size_t rsb, std::size_t csb, float* C,
          std::size_t ldc) {
  K::gemm(M, N, K_, A, rsa, csa, B, rsb, csb, C, ldc);
}
void dense_forward(const float* x, const float* W, const float* b, float* y, std::size_t n,
                   std::size_t in, std::size_t out, Act f) {
#ifdef DESCENT_NARROW_SPLIT
  if (narrow_split(n, in, out)) return Kn::dense_forward(x, W, b, y, n, in, out, f);
#endif
  K::dense_forward(x, W, b, y, n, in, out, f);
}
void dense_backward(const float* x, const float* W, const float* dy, float* dx, float* dW,
                    float* db, std::size_t n, std::size_t in, std::size_t out) {
#ifdef DESCENT_NARROW_SPLIT
  if (narrow_split(n, in, out)) return Kn::dense_backward(x, W, dy, dx, dW, db, n, in, out);
#endif
  K::dense_backward(x, W, dy, dx, dW, db, n, in, out);
}

double linear_mse_pass(const float* x, const float* y, std::size_t n, std::size_t in, const float* w, float b,
                       float norm, float* dW, float* db) {
  return K::linear_mse_pass(x, y, n, in, w, b, norm, dW, db);
}

}  // namespace descent::simd
