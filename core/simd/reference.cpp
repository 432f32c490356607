// Scalar references (see reference.hpp). Deliberately plain loops; speed is irrelevant here.
#include "core/simd/reference.hpp"

#include "core/simd/arch.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace descent::ref {
using simd::Act;

double sum(const float* x, std::size_t n) {
  long double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += x[i];
  return double(s);
}

double dot(const float* x, const float* y, std::size_t n) {
  long double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += (long double)x[i] * y[i];
  return double(s);
}

float activate1(Act f, float zf) {
  const double z = zf;
  switch (f) {
    case Act::linear: return zf;
    case Act::relu: return zf > 0 ? zf : 0.0f;
    case Act::leaky_relu: return zf > 0 ? zf : zf * simd::kLeakySlope;
    case Act::elu: return float(z > 0 ? z : simd::kEluAlpha * std::expm1(z));
    case Act::tanh: return float(std::tanh(z));
    case Act::sigmoid: return float(1.0 / (1.0 + std::exp(-z)));
    case Act::softplus: return float(z > simd::kSoftplusThreshold ? z : std::log1p(std::exp(z)));
  }
  return zf;
}

float activate_grad1(Act f, float zf) {
  const double z = zf;
  switch (f) {
    case Act::linear: return 1.0f;
    case Act::relu: return zf > 0 ? 1.0f : 0.0f;
    case Act::leaky_relu: return zf > 0 ? 1.0f : simd::kLeakySlope;
    case Act::elu: return float(z > 0 ? 1.0 : simd::kEluAlpha * std::exp(z));
    case Act::tanh: { const double t = std::tanh(z); return float(1 - t * t); }
    case Act::sigmoid: { const double s = 1.0 / (1.0 + std::exp(-z)); return float(s * (1 - s)); }
    case Act::softplus: return float(z > simd::kSoftplusThreshold ? 1.0 : 1.0 / (1.0 + std::exp(-z)));
  }
  return 1.0f;
}

void softmax_rows(const float* z, float* p, std::size_t n, std::size_t c) {
  for (std::size_t i = 0; i < n; ++i) {
    double m = -INFINITY, s = 0;
    for (std::size_t j = 0; j < c; ++j) m = std::fmax(m, z[i * c + j]);
    for (std::size_t j = 0; j < c; ++j) s += std::exp(double(z[i * c + j]) - m);
    for (std::size_t j = 0; j < c; ++j) p[i * c + j] = float(std::exp(double(z[i * c + j]) - m) / s);
  }
}

void log_softmax_rows(const float* z, float* lp, std::size_t n, std::size_t c) {
  for (std::size_t i = 0; i < n; ++i) {
    double m = -INFINITY, s = 0;
    for (std::size_t j = 0; j < c; ++j) m = std::fmax(m, z[i * c + j]);
    for (std::size_t j = 0; j < c; ++j) s += std::exp(double(z[i * c + j]) - m);
    for (std::size_t j = 0; j < c; ++j) lp[i * c + j] = float(double(z[i * c + j]) - m - std::log(s));
  }
}

void gemm(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t rsa,
          std::size_t csa, const float* B, std::size_t rsb, std::size_t csb, float* C,
          std::size_t ldc) {
  for (std::size_t i = 0; i < M; ++i)
    for (std::size_t j = 0; j < N; ++j) {
      float acc = 0.0f;
      for (std::size_t k = 0; k < K; ++k) {
        const float prod = A[i * rsa + k * csa] * B[k * rsb + j * csb];
        acc = acc + prod;
      }
      C[i * ldc + j] = acc;
    }
}

void dense_forward_linear(const float* x, const float* W, const float* b, float* y, std::size_t n,
                          std::size_t in, std::size_t out) {
  gemm(n, out, in, x, in, 1, W, 1, in, y, out);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t o = 0; o < out; ++o) y[i * out + o] = y[i * out + o] + b[o];
}

// The blocked lane order of simd::dot, written as scalar float/double operations: lane l of a
// 1024-term block sums terms l, l + 4, ... (zero-padded), lanes combine as (l0 + l1) + (l2 + l3)
// in double, blocks in double.
static double blocked_dot(const float* a, std::size_t sa, const float* b, std::size_t sb, std::size_t n) {
  const std::size_t L = simd::lanes, block = 1024;
  double total = 0.0;
  for (std::size_t b0 = 0; b0 < n; b0 += block) {
    const std::size_t len = std::min(block, n - b0);
    float acc[16] = {};
    for (std::size_t i = 0; i < len; i += L)
      for (std::size_t l = 0; l < L; ++l) {
        const bool in = i + l < len;
        const float x = in ? a[(b0 + i + l) * sa] : 0.0f;
        const float y = in ? (b ? b[(b0 + i + l) * sb] : 1.0f) : 0.0f;
        const float p = x * y;
        acc[l] = acc[l] + p;
      }
    double s = 0.0;
    for (std::size_t k = 0; k < L; k += 2) s += double(acc[k]) + double(acc[k + 1]);
    total += s;
  }
  return total;
}

void dense_backward(const float* x, const float* W, const float* dy, float* dx, float* dW,
                    float* db, std::size_t n, std::size_t in, std::size_t out) {
  if (in < simd::lanes && out < simd::lanes) {  // narrow layers: blocked sums over the batch
    for (std::size_t o = 0; o < out; ++o) {
      for (std::size_t k = 0; k < in; ++k) dW[o * in + k] = float(blocked_dot(dy + o, out, x + k, in, n));
      db[o] = float(blocked_dot(dy + o, out, nullptr, 0, n));
    }
    if (dx) gemm(n, in, out, dy, out, 1, W, in, 1, dx, in);
    return;
  }
  gemm(out, in, n, dy, 1, out, x, in, 1, dW, in);
  for (std::size_t o = 0; o < out; ++o) {
    float acc = 0.0f;
    for (std::size_t i = 0; i < n; ++i) acc = acc + dy[i * out + o];
    db[o] = acc;
  }
  if (dx) gemm(n, in, out, dy, out, 1, W, in, 1, dx, in);
}

double linear_mse_pass(const float* x, const float* y, std::size_t n, std::size_t in, const float* w, float b,
                       float norm, float* dW, float* db) {
  const std::size_t L = simd::lanes, block = 1024;
  auto combine = [&](const float* acc) {
    double s = 0.0;
    for (std::size_t k = 0; k < L; k += 2) s += double(acc[k]) + double(acc[k + 1]);
    return s;
  };
  double tw[16] = {}, tb = 0.0, tl = 0.0;
  for (std::size_t b0 = 0; b0 < n; b0 += block) {
    const std::size_t len = std::min(block, n - b0);
    float aw[16][16] = {}, ab[16] = {}, al[16] = {};
    for (std::size_t i = 0; i < len; i += L)
      for (std::size_t l = 0; l < L; ++l) {
        const bool real = i + l < len;  // a row past the end is a zero lane
        const std::size_t row = b0 + i + l;
        float z = 0.0f;
        for (std::size_t k = 0; k < in; ++k) {
          const float prod = (real ? x[row * in + k] : 0.0f) * w[k];
          z = z + prod;
        }
        z = z + b;
        const float p = real ? z : 0.0f, t = real ? y[row] : 0.0f;
        const float r = p - t, sq = r * r, g = norm * r;
        al[l] = al[l] + sq;
        const float g1 = g * 1.0f;
        ab[l] = ab[l] + g1;
        for (std::size_t k = 0; k < in; ++k) {
          const float gx = g * (real ? x[row * in + k] : 0.0f);
          aw[k][l] = aw[k][l] + gx;
        }
      }
    for (std::size_t k = 0; k < in; ++k) tw[k] += combine(aw[k]);
    tb += combine(ab);
    tl += combine(al);
  }
  for (std::size_t k = 0; k < in; ++k) dW[k] = float(tw[k]);
  *db = float(tb);
  return tl;
}

}  // namespace descent::ref
