// The numeric kernels of the core: reductions, activations, softmax, and the dense-layer matrix
// products. Implemented with xsimd (kernels_impl.hpp) for the architecture in arch.hpp; each has a
// scalar reference in reference.hpp that tests hold it to.
// Not here: losses and optimizer updates (their own files, built from for_lanes in lanes.hpp);
// the one fused pass below takes its loss terms from terms.hpp, which MseLoss uses too.
#pragma once
#include <cstddef>

namespace descent::simd {

/// Element-wise activations with PyTorch's definitions and default constants.
enum class Act : int { linear, relu, leaky_relu, elu, tanh, sigmoid, softplus };
constexpr float kLeakySlope = 0.01f;        // torch.nn.LeakyReLU negative_slope
constexpr float kEluAlpha = 1.0f;           // torch.nn.ELU alpha
constexpr float kSoftplusThreshold = 20.0f; // torch.nn.Softplus threshold (beta = 1)

// ---- reductions: fixed order (see reference.hpp), result in double -------------------------
double sum(const float* x, std::size_t n);
double dot(const float* x, const float* y, std::size_t n);
double sqnorm(const float* x, std::size_t n);
/// sum (a_i - b_i)^2 in dot()'s order: the same bits as sqnorm of the float differences a - b.
double sqdist(const float* a, const float* b, std::size_t n);
/// max |x_i| (0 for n = 0; NaN if any element is NaN).
float max_abs(const float* x, std::size_t n);
bool all_finite(const float* x, std::size_t n);

// ---- element-wise ---------------------------------------------------------------------------
/// a = f(z); a may alias z.
void activate(Act f, const float* z, float* a, std::size_t n);
/// dz = da * f'(z), with f' written in terms of the output a = f(z); dz may alias da.
void activate_backward(Act f, const float* a, const float* da, float* dz, std::size_t n);
/// y = y + b (per row) then f, in place. y is (n, out), b is (out).
void bias_activate(Act f, float* y, const float* b, std::size_t n, std::size_t out);

// ---- softmax over rows: z is (n, c) row-major; max-subtracted, stable ----------------------
void softmax_rows(const float* z, float* p, std::size_t n, std::size_t c);
void log_softmax_rows(const float* z, float* lp, std::size_t n, std::size_t c);

// ---- matrix products ------------------------------------------------------------------------
/// C (M, N) = A (M, K) B (K, N), A(i,k) = A[i*rsa + k*csa], B(k,j) = B[k*rsb + j*csb], C row-major
/// with leading dimension ldc. Every C(i,j) is the float sum over k = 0..K-1 in that order,
/// starting from 0, without fused multiply-add: the same bits as the obvious triple loop.
void gemm(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t rsa,
          std::size_t csa, const float* B, std::size_t rsb, std::size_t csb, float* C,
          std::size_t ldc);

/// Dense layer forward: x is (n, in), W is (out, in), b is (out), y is (n, out):
///   y = f(x W^T + b)
void dense_forward(const float* x, const float* W, const float* b, float* y, std::size_t n,
                   std::size_t in, std::size_t out, Act f);

/// Dense layer backward, given dy = dL/d(x W^T + b) (n, out):
///   dW = dy^T x (out, in),  db = sum over rows of dy (out),  dx = dy W (n, in) unless dx is null.
/// The batch sums run in row order, except in narrow layers (in < lanes and out < lanes), where
/// they use dot()'s fixed blocked order (long dependency chains would dominate otherwise).
void dense_backward(const float* x, const float* W, const float* dy, float* dx, float* dW,
                    float* db, std::size_t n, std::size_t in, std::size_t out);


// ---- fused passes ---------------------------------------------------------------------------
/// One sweep over a full batch for a linear model with one output and in < lanes inputs under
/// squared error: z = x w + b (dense_forward's order), r = z - y, the loss terms r^2 and the
/// gradient g = norm r (terms.hpp), and dW = sum g x, db = sum g. The three sums use dot()'s
/// blocked order, as MseLoss and the narrow dense_backward do, so the loss total (returned, in
/// double), dW and db have the bits of those separate passes; no prediction or gradient array is
/// written. x is (n, in), y is (n), w is (in).
double linear_mse_pass(const float* x, const float* y, std::size_t n, std::size_t in, const float* w, float b,
                       float norm, float* dW, float* db);

}  // namespace descent::simd
