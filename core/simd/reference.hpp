// Scalar references for the kernels in kernels.hpp: the obvious loops, the truth the SIMD kernels
// are tested against. Transcendentals here come from <cmath> in double precision (the "true"
// value); the SIMD kernels use xsimd and must agree within a few ulp. Tests only: never call these
// from training code (libm differs between platforms, which breaks bit-reproducibility).
#pragma once
#include <cstddef>

#include "core/simd/kernels.hpp"

namespace descent::ref {

double sum(const float* x, std::size_t n);  // exact-ish: long double accumulation
double dot(const float* x, const float* y, std::size_t n);
float activate1(simd::Act f, float z);                   // f(z) in double, rounded
float activate_grad1(simd::Act f, float z);              // f'(z) in double, rounded
void softmax_rows(const float* z, float* p, std::size_t n, std::size_t c);
void log_softmax_rows(const float* z, float* lp, std::size_t n, std::size_t c);

/// The triple loop, float accumulation in k order from 0: bit-identical to simd::gemm.
void gemm(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t rsa,
          std::size_t csa, const float* B, std::size_t rsb, std::size_t csb, float* C,
          std::size_t ldc);
/// y = x W^T + b without activation, same order as simd::dense_forward (bit-identical for linear/relu).
void dense_forward_linear(const float* x, const float* W, const float* b, float* y, std::size_t n,
                          std::size_t in, std::size_t out);
/// Same operation order as simd::dense_backward: parameter gradients are sums over the batch in
/// row order, except for narrow layers (in and out < lanes), which use dot()'s blocked order.
void dense_backward(const float* x, const float* W, const float* dy, float* dx, float* dW,
                    float* db, std::size_t n, std::size_t in, std::size_t out);

/// simd::linear_mse_pass as scalar float/double operations in its documented order (the lanes of a
/// 1024-row block as separate float accumulators, combined as (l0 + l1) + (l2 + l3) in double).
double linear_mse_pass(const float* x, const float* y, std::size_t n, std::size_t in, const float* w, float b,
                       float norm, float* dW, float* db);

}  // namespace descent::ref
