// The SIMD kernels, templated on the xsimd architecture; kernels.cpp instantiates them for the one
// in arch.hpp. Every kernel computes each output element with the same sequence of float
// operations whatever its position (tails are zero-padded, never handled by a different loop),
// so results do not depend on lengths, alignment or the vector width of the target.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <type_traits>
#include <vector>

#include "core/simd/kernels.hpp"
#include "core/simd/lanes.hpp"
#include "core/simd/tanh.hpp"
#include "core/simd/terms.hpp"

namespace descent::simd::impl {

template <class Arch>
struct Kernels {
  using B = xsimd::batch<float, Arch>;
  static constexpr std::size_t L = B::size;
  static constexpr std::size_t kBlock = 1024;  // elements per float partial-sum block

  // ---- reductions ---------------------------------------------------------------------------
  // Lanes accumulate in float within a block of kBlock elements; each block's lanes are combined
  // by hsum (fixed order, double) and blocks are added in double. Tails are zero-padded.
  template <class Term>
  static double blocked_sum(std::size_t n, Term term) {
    double total = 0.0;
    for (std::size_t b0 = 0; b0 < n; b0 += kBlock) {
      const std::size_t len = std::min(kBlock, n - b0);
      B acc(0.0f);
      term(b0, len, acc);
      total += hsum<B>(acc);
    }
    return total;
  }

  static double sum(const float* x, std::size_t n) {
    return blocked_sum(n, [&](std::size_t b0, std::size_t len, B& acc) {
      for_lanes<B>(len, [&](const B& v) { acc = acc + v; }, x + b0);
    });
  }

  static double dot(const float* x, const float* y, std::size_t n) {
    return blocked_sum(n, [&](std::size_t b0, std::size_t len, B& acc) {
      for_lanes<B>(len, [&](const B& a, const B& b) { acc = acc + a * b; }, x + b0, y + b0);
    });
  }

  static double sqdist(const float* x, const float* y, std::size_t n) {
    return blocked_sum(n, [&](std::size_t b0, std::size_t len, B& acc) {
      for_lanes<B>(len, [&](const B& a, const B& b) { const B d = a - b; acc = acc + d * d; }, x + b0, y + b0);
    });
  }

  static float max_abs(const float* x, std::size_t n) {
    float m = 0.0f;
    for (std::size_t i = 0; i < n; ++i) {
      const float a = std::fabs(x[i]);
      if (a != a) return a;  // NaN propagates
      m = a > m ? a : m;
    }
    return m;
  }

  static bool all_finite(const float* x, std::size_t n) {
    // x - x is 0 for finite x and NaN for inf/NaN; accumulate so one branch covers the array.
    B acc(0.0f);
    for_lanes<B>(n, [&](const B& v) { acc = acc + (v - v); }, x);
    return hsum<B>(acc) == 0.0;
  }

  // ---- activations --------------------------------------------------------------------------
  // f(z), the activation chosen at compile time (with_act() picks it once per loop; with a switch
  // per vector WebAssembly called the activation instead of inlining it, and W1 ran ~15% slower).
  template <Act F>
  static B act_t(const B& z) {
    switch (F) {
      case Act::linear: return z;
      case Act::relu: return xsimd::max(z, B(0.0f));
      case Act::leaky_relu: return xsimd::select(z > B(0.0f), z, z * B(kLeakySlope));
      case Act::elu: return xsimd::select(z > B(0.0f), z, B(kEluAlpha) * xsimd::expm1(z));
      case Act::tanh: return fast_tanh(z);  // core/simd/tanh.hpp: 2 ulp, branch-free
      case Act::sigmoid: return B(1.0f) / (B(1.0f) + xsimd::exp(-z));
      case Act::softplus: {
        // torch: z if z > threshold else log1p(exp(z)); written overflow-free for z < 0 too.
        const B az = xsimd::abs(z);
        const B sp = xsimd::max(z, B(0.0f)) + xsimd::log1p(xsimd::exp(-az));
        return xsimd::select(z > B(kSoftplusThreshold), z, sp);
      }
    }
    return z;
  }

  // Calls fn(std::integral_constant<Act, F>) for the runtime f: loops pick the activation once.
  template <class Fn>
  static void with_act(Act f, Fn&& fn) {
    switch (f) {
      case Act::linear: fn(std::integral_constant<Act, Act::linear>()); return;
      case Act::relu: fn(std::integral_constant<Act, Act::relu>()); return;
      case Act::leaky_relu: fn(std::integral_constant<Act, Act::leaky_relu>()); return;
      case Act::elu: fn(std::integral_constant<Act, Act::elu>()); return;
      case Act::tanh: fn(std::integral_constant<Act, Act::tanh>()); return;
      case Act::sigmoid: fn(std::integral_constant<Act, Act::sigmoid>()); return;
      case Act::softplus: fn(std::integral_constant<Act, Act::softplus>()); return;
    }
  }

  // f'(z) from a = f(z).
  template <Act F>
  static B act_grad_t(const B& a) {
    const B one(1.0f), zero(0.0f);
    switch (F) {
      case Act::linear: return one;
      case Act::relu: return xsimd::select(a > zero, one, zero);
      case Act::leaky_relu: return xsimd::select(a > zero, one, B(kLeakySlope));
      case Act::elu: return xsimd::select(a > zero, one, a + B(kEluAlpha));
      case Act::tanh: return one - a * a;
      case Act::sigmoid: return a * (one - a);
      case Act::softplus:
        // sigmoid(z) = 1 - exp(-a) = -expm1(-a); exact to 1 for a > threshold as in torch.
        return xsimd::select(a > B(kSoftplusThreshold), one, -xsimd::expm1(-a));
    }
    return one;
  }

  static void activate(Act f, const float* z, float* a, std::size_t n) {
    if (f == Act::linear) {
      if (a != z) std::memmove(a, z, n * sizeof(float));
      return;
    }
    // element-wise through registers: a == z is fine, and no copy call first
    with_act(f, [&](auto F) {
      for_lanes<B>(n, [&](B& v, const B& zv) { v = act_t<decltype(F)::value>(zv); }, a, z);
    });
  }

  // dz == da or disjoint (element-wise, so the same pointer is safe).
  static void activate_backward(Act f, const float* a, const float* da, float* dz, std::size_t n) {
    if (f == Act::linear) {
      if (dz != da) std::memmove(dz, da, n * sizeof(float));
      return;
    }
    with_act(f, [&](auto F) {
      for_lanes<B>(n, [&](B& g, const B& d, const B& av) { g = d * act_grad_t<decltype(F)::value>(av); }, dz, da, a);
    });
  }

  // y (n, NV * L) = F(y + b) row by row, the NV bias vectors held in registers (each element gets
  // the same operations as the general loop below).
  template <std::size_t NV, Act F>
  static void bias_act_rows(float* y, const float* b, std::size_t n) {
    B bv[NV];
    for (std::size_t v = 0; v < NV; ++v) bv[v] = B::load_unaligned(b + v * L);
    for (std::size_t i = 0; i < n; ++i) {
      float* p = y + i * NV * L;
      for (std::size_t v = 0; v < NV; ++v) act_t<F>(B::load_unaligned(p + v * L) + bv[v]).store_unaligned(p + v * L);
    }
  }

  static void bias_activate(Act f, float* y, const float* b, std::size_t n, std::size_t out) {
    if (out % L == 0 && out <= 4 * L) {  // rows of 1-4 whole vectors: the bias stays in registers
      with_act(f, [&](auto F) {
        constexpr Act A = decltype(F)::value;
        switch (out / L) {
          case 1: bias_act_rows<1, A>(y, b, n); break;
          case 2: bias_act_rows<2, A>(y, b, n); break;
          case 3: bias_act_rows<3, A>(y, b, n); break;
          default: bias_act_rows<4, A>(y, b, n); break;
        }
      });
      return;
    }
    // Any other width, row by row. (Layers narrower than a vector fuse this into gemm_narrow;
    // dense_forward comes here with them only when they have no inputs.)
    with_act(f, [&](auto F) {
      for (std::size_t i = 0; i < n; ++i) {
        float* row = y + i * out;
        for_lanes<B>(out, [&](B& v, const B& bv) { v = act_t<decltype(F)::value>(v + bv); }, row, b);
      }
    });
  }

  // ---- softmax ------------------------------------------------------------------------------
  // Per row: m = max z; e = exp(z - m); s = sum e (float, index order).
  static float row_exp_sum(const float* z, float* e, std::size_t c, float& m) {
    m = z[0];
    for (std::size_t j = 1; j < c; ++j) m = z[j] > m ? z[j] : m;
    std::memcpy(e, z, c * sizeof(float));
    const B mb(m);
    for_lanes<B>(c, [&](B& v) { v = xsimd::exp(v - mb); }, e);
    float s = 0.0f;
    for (std::size_t j = 0; j < c; ++j) s += e[j];
    return s;
  }

  static void softmax_rows(const float* z, float* p, std::size_t n, std::size_t c) {
    if (c == 0) return;
    for (std::size_t i = 0; i < n; ++i) {
      float m;
      const float s = row_exp_sum(z + i * c, p + i * c, c, m);
      const B sb(s);
      for_lanes<B>(c, [&](B& v) { v = v / sb; }, p + i * c);
    }
  }

  static void log_softmax_rows(const float* z, float* lp, std::size_t n, std::size_t c) {
    if (c == 0) return;
    std::vector<float>& e = scratch(c);
    for (std::size_t i = 0; i < n; ++i) {
      float m;
      const float s = row_exp_sum(z + i * c, e.data(), c, m);
      // (z - m) - log(s): subtracting m first keeps precision for large logits.
      const B mb(m), lb(xsimd::log(B(s)).get(0));
      float* out = lp + i * c;
      if (out != z + i * c) std::memcpy(out, z + i * c, c * sizeof(float));
      for_lanes<B>(c, [&](B& v) { v = (v - mb) - lb; }, out);
    }
  }

  // ---- matrix products ----------------------------------------------------------------------
  // Register tile: MR rows x NR = 2 vectors of columns. B panels are packed (K x NR, zero-padded)
  // so column tails load full vectors; row tails use a smaller MR, with the same per-element work.
  static constexpr std::size_t NR = 2 * L;
  static constexpr std::size_t KC = 256;  // k-block: a packed panel block stays in L1/L2

  static std::vector<float>& scratch(std::size_t n) {
    thread_local std::vector<float> buf;
    if (buf.size() < n) buf.resize(n);
    return buf;
  }
  static std::vector<float>& pack_buffer(std::size_t n) {
    thread_local std::vector<float> buf;
    if (buf.size() < n) buf.resize(n);
    return buf;
  }

  // panel: row k of the NR-column B block starts at panel + k * ldp (NR when packed; B's own row
  // stride when B is read in place).
  template <std::size_t MR>
  static void micro(std::size_t kc, const float* A, std::size_t rsa, std::size_t csa,
                    const float* panel, std::size_t ldp, float* C, std::size_t ldc, std::size_t ncols,
                    bool accumulate) {
    B c0[MR], c1[MR];
    alignas(64) float tmp[NR];
    for (std::size_t r = 0; r < MR; ++r) {
      if (!accumulate) {
        c0[r] = B(0.0f);
        c1[r] = B(0.0f);
      } else if (ncols == NR) {
        c0[r] = B::load_unaligned(C + r * ldc);
        c1[r] = B::load_unaligned(C + r * ldc + L);
      } else {
        for (std::size_t j = 0; j < NR; ++j) tmp[j] = j < ncols ? C[r * ldc + j] : 0.0f;
        c0[r] = B::load_aligned(tmp);
        c1[r] = B::load_aligned(tmp + L);
      }
    }
    for (std::size_t k = 0; k < kc; ++k) {
      const B b0 = B::load_unaligned(panel + k * ldp);
      const B b1 = B::load_unaligned(panel + k * ldp + L);
      const float* a = A + k * csa;
      for (std::size_t r = 0; r < MR; ++r) {
        const B av(a[r * rsa]);
        c0[r] = c0[r] + av * b0;
        c1[r] = c1[r] + av * b1;
      }
    }
    for (std::size_t r = 0; r < MR; ++r) {
      if (ncols == NR) {
        c0[r].store_unaligned(C + r * ldc);
        c1[r].store_unaligned(C + r * ldc + L);
      } else {
        c0[r].store_aligned(tmp);
        c1[r].store_aligned(tmp + L);
        for (std::size_t j = 0; j < NR; ++j)
          if (j < ncols) C[r * ldc + j] = tmp[j];
      }
    }
  }

  // Narrow products (N < lanes, e.g. a layer with one output): vectorize over rows of C instead
  // of columns. Each C(i,j) is still the float sum over k = 0..K-1 in order from 0, so the bits
  // equal the packed path's and the reference's. The last block of rows is zero-padded: its
  // extra lanes compute and are dropped, the real ones run the same operations as full blocks.
  // With bias non-null (dense_forward), every block gets F(acc + bias[j]) before the store,
  // fused (the same operations as bias_activate afterwards).
  template <Act F = Act::linear>
  static void gemm_narrow(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t rsa,
                          std::size_t csa, const float* Bm, std::size_t rsb, std::size_t csb, float* C,
                          std::size_t ldc, const float* bias = nullptr) {
    constexpr std::size_t kMaxPre = 64;
    B pre[kMaxPre];  // column j of B, broadcast once per column (K <= kMaxPre)
    for (std::size_t j = 0; j < N; ++j) {
      const float* bcol = Bm + j * csb;
      const B bj(bias ? bias[j] : 0.0f);
      auto block = [&](std::size_t i, auto wk) {
        const std::size_t m = std::min(L, M - i);  // rows in this block; the rest are zero lanes
        B acc(0.0f);
        if (m == L && rsa == 1) {  // the block's rows are contiguous in A (a dy^T read)
          for (std::size_t k = 0; k < K; ++k) acc = acc + B::load_unaligned(A + i + k * csa) * wk(k);
        } else {
          alignas(64) float tmp[L];
          std::size_t k = 0;
          if (m == L && csa == 1) {
            // Rows of A are contiguous (x in a forward pass): load an L x L block and transpose
            // it in registers instead of gathering lane by lane; the k order is unchanged.
            for (; k + L <= K; k += L) {
              B t[L];
              for (std::size_t l = 0; l < L; ++l) t[l] = B::load_unaligned(A + (i + l) * rsa + k);
              xsimd::transpose(t, t + L);
              for (std::size_t kk = 0; kk < L; ++kk) acc = acc + t[kk] * wk(k + kk);
            }
          }
          for (; k < K; ++k) {
            const float* a = A + i * rsa + k * csa;
            for (std::size_t l = 0; l < L; ++l) tmp[l] = l < m ? a[l * rsa] : 0.0f;
            acc = acc + B::load_aligned(tmp) * wk(k);
          }
        }
        if (bias) acc = act_t<F>(acc + bj);
        if (m == L && ldc == 1) {  // a single output column: contiguous
          acc.store_unaligned(C + i);
        } else {
          alignas(64) float out[L];
          acc.store_aligned(out);
          for (std::size_t l = 0; l < L; ++l)
            if (l < m) C[(i + l) * ldc + j] = out[l];
        }
      };
      if (K <= kMaxPre) {
        for (std::size_t k = 0; k < K; ++k) pre[k] = B(bcol[k * rsb]);
        for (std::size_t i = 0; i < M; i += L) block(i, [&](std::size_t k) { return pre[k]; });
      } else {
        for (std::size_t i = 0; i < M; i += L) block(i, [&](std::size_t k) { return B(bcol[k * rsb]); });
      }
    }
  }

  static void gemm(std::size_t M, std::size_t N, std::size_t K, const float* A, std::size_t rsa,
                   std::size_t csa, const float* Bm, std::size_t rsb, std::size_t csb, float* C,
                   std::size_t ldc) {
    if (M == 0 || N == 0) return;
    if (K == 0) {
      for (std::size_t i = 0; i < M; ++i) std::memset(C + i * ldc, 0, N * sizeof(float));
      return;
    }
    if (N < L) {
      gemm_narrow(M, N, K, A, rsa, csa, Bm, rsb, csb, C, ldc);
      return;
    }
    constexpr std::size_t MR = 4;
    const std::size_t panels = (N + NR - 1) / NR;
    // B with contiguous rows and whole panels (a layer of 8, 16 ... units) is read in place:
    // packing would only copy it. The arithmetic is the same either way.
    const bool in_place = csb == 1 && N % NR == 0;
    for (std::size_t k0 = 0; k0 < K; k0 += KC) {
      const std::size_t kc = std::min(KC, K - k0);
      const float* base;
      std::size_t ldp, pstride;  // row stride inside a panel, distance between panels
      if (in_place) {
        base = Bm + k0 * rsb;
        ldp = rsb;
        pstride = NR;
      } else {
        std::vector<float>& pack = pack_buffer(panels * kc * NR);
        // Pack B(k0 .. k0+kc, :) into panels of NR columns: panel p, row k -> pack[(p*kc + k)*NR].
        for (std::size_t p = 0; p < panels; ++p) {
          float* dst = pack.data() + p * kc * NR;
          const std::size_t j0 = p * NR, nc = std::min(NR, N - j0);
          std::size_t k = 0;
          if (rsb == 1 && csb != 1 && nc == NR) {
            // B^T row-major (W in a forward pass): transpose L x L blocks in registers.
            for (; k + L <= kc; k += L)
              for (std::size_t jb = 0; jb < NR; jb += L) {
                B t[L];
                for (std::size_t l = 0; l < L; ++l) t[l] = B::load_unaligned(Bm + (k0 + k) + (j0 + jb + l) * csb);
                xsimd::transpose(t, t + L);
                for (std::size_t l = 0; l < L; ++l) t[l].store_unaligned(dst + (k + l) * NR + jb);
              }
          }
          for (; k < kc; ++k) {
            const float* src = Bm + (k0 + k) * rsb + j0 * csb;
            float* d = dst + k * NR;
            if (csb == 1 && nc == NR) {
              B::load_unaligned(src).store_unaligned(d);
              B::load_unaligned(src + L).store_unaligned(d + L);
            } else {  // one loop with the zero padding (no memcpy/memset calls for a few floats)
              for (std::size_t j = 0; j < NR; ++j) d[j] = j < nc ? src[j * csb] : 0.0f;
            }
          }
        }
        base = pack.data();
        ldp = NR;
        pstride = kc * NR;
      }
      const bool acc = k0 > 0;
      const float* Ak = A + k0 * csa;
      std::size_t i = 0;
      for (; i + MR <= M; i += MR) {
        for (std::size_t p = 0; p < panels; ++p) {
          const std::size_t j0 = p * NR;
          micro<MR>(kc, Ak + i * rsa, rsa, csa, base + p * pstride, ldp, C + i * ldc + j0, ldc,
                    std::min(NR, N - j0), acc);
        }
      }
      for (; i < M;) {  // row tail: two rows, then one at a time; same per-element arithmetic
        const bool two = i + 2 <= M;
        for (std::size_t p = 0; p < panels; ++p) {
          const std::size_t j0 = p * NR;
          if (two)
            micro<2>(kc, Ak + i * rsa, rsa, csa, base + p * pstride, ldp, C + i * ldc + j0, ldc,
                     std::min(NR, N - j0), acc);
          else
            micro<1>(kc, Ak + i * rsa, rsa, csa, base + p * pstride, ldp, C + i * ldc + j0, ldc,
                     std::min(NR, N - j0), acc);
        }
        i += two ? 2 : 1;
      }
    }
  }

  static void dense_forward(const float* x, const float* W, const float* b, float* y,
                            std::size_t n, std::size_t in, std::size_t out, Act f) {
    // y (n, out) = x (n, in) . W^T (in, out): B(k, j) = W[j*in + k].
    if (out < L && in > 0) {  // narrow: bias and activation fused into the product's row blocks
      with_act(f, [&](auto F) { gemm_narrow<decltype(F)::value>(n, out, in, x, in, 1, W, 1, in, y, out, b); });
      return;
    }
    gemm(n, out, in, x, in, 1, W, 1, in, y, out);
    bias_activate(f, y, b, n, out);
  }

  // sum_i a[i*sa] * b[i*sb] (b null: sum_i a[i*sa]) over n terms, in the blocked order of dot():
  // lane l of a block takes terms l, l + L, ...; lanes combine by hsum in double, blocks in double.
  static double strided_dot(const float* a, std::size_t sa, const float* b, std::size_t sb, std::size_t n) {
    if (sa == 1 && (b == nullptr || sb == 1)) return b ? dot(a, b, n) : sum(a, n);  // same order
    double total = 0.0;
    alignas(64) float ta[L], tb[L];
    for (std::size_t b0 = 0; b0 < n; b0 += kBlock) {
      const std::size_t len = std::min(kBlock, n - b0);
      B acc(0.0f);
      std::size_t i = 0;
      for (; i + L <= len; i += L) {
        const float* pa = a + (b0 + i) * sa;
        for (std::size_t l = 0; l < L; ++l) ta[l] = pa[l * sa];
        if (b) {
          const float* pb = b + (b0 + i) * sb;
          for (std::size_t l = 0; l < L; ++l) tb[l] = pb[l * sb];
          acc = acc + B::load_aligned(ta) * B::load_aligned(tb);
        } else {
          acc = acc + B::load_aligned(ta) * B(1.0f);
        }
      }
      if (i < len) {  // zero-padded tail, as for_lanes pads
        for (std::size_t l = 0; l < L; ++l) {
          const bool in = i + l < len;
          ta[l] = in ? a[(b0 + i + l) * sa] : 0.0f;
          tb[l] = in ? (b ? b[(b0 + i + l) * sb] : 1.0f) : 0.0f;
        }
        acc = acc + B::load_aligned(ta) * B::load_aligned(tb);
      }
      total += hsum<B>(acc);
    }
    return total;
  }

  // One pass over the batch for a narrow layer's gradients of one output: dW[k] = sum_i dy_i x_ik
  // and db = sum_i dy_i, each accumulated exactly as strided_dot would (same lanes, blocks, tail
  // padding), so the bits equal separate strided_dot calls; the dy stream is read once.
  static void narrow_param_grads(const float* x, const float* dy, std::size_t sdy, float* dW, float* db,
                                 std::size_t n, std::size_t in) {
    double tw[L] = {}, tb = 0.0;
    alignas(64) float td[L], tx[L];
    for (std::size_t b0 = 0; b0 < n; b0 += kBlock) {
      const std::size_t len = std::min(kBlock, n - b0);
      B accw[L], accb(0.0f);
      for (std::size_t k = 0; k < in; ++k) accw[k] = B(0.0f);
      for (std::size_t i = 0; i < len; i += L) {
        const std::size_t m = std::min(L, len - i);
        const std::size_t r0 = b0 + i;
        B dv;
        if (m == L && sdy == 1) {
          dv = B::load_unaligned(dy + r0);
        } else {
          for (std::size_t l = 0; l < L; ++l) td[l] = l < m ? dy[(r0 + l) * sdy] : 0.0f;
          dv = B::load_aligned(td);
        }
        // strided_dot(dy, nullptr) adds dy * 1 (padding lanes: 0 * 0)
        if (m == L) {
          accb = accb + dv * B(1.0f);
        } else {
          for (std::size_t l = 0; l < L; ++l) tx[l] = l < m ? 1.0f : 0.0f;
          accb = accb + dv * B::load_aligned(tx);
        }
        for (std::size_t k = 0; k < in; ++k) {
          B xv;
          if (m == L && in == 1) {
            xv = B::load_unaligned(x + r0);
          } else {
            for (std::size_t l = 0; l < L; ++l) tx[l] = l < m ? x[(r0 + l) * in + k] : 0.0f;
            xv = B::load_aligned(tx);
          }
          accw[k] = accw[k] + dv * xv;
        }
      }
      for (std::size_t k = 0; k < in; ++k) tw[k] += hsum<B>(accw[k]);
      tb += hsum<B>(accb);
    }
    for (std::size_t k = 0; k < in; ++k) dW[k] = float(tw[k]);
    *db = float(tb);
  }

  static void dense_backward(const float* x, const float* W, const float* dy, float* dx,
                             float* dW, float* db, std::size_t n, std::size_t in,
                             std::size_t out) {
    if (in < L && out < L) {
      // A narrow layer (e.g. linear regression on one feature): each parameter gradient is a
      // long sum over the batch, done as a blocked lane-parallel dot (a fixed order that does
      // not depend on the target) rather than one long dependency chain.
      for (std::size_t o = 0; o < out; ++o) narrow_param_grads(x, dy + o, out, dW + o * in, db + o, n, in);
      if (dx) gemm(n, in, out, dy, out, 1, W, in, 1, dx, in);
      return;
    }
    // dW (out, in) = dy^T (out, n) . x (n, in)
    gemm(out, in, n, dy, 1, out, x, in, 1, dW, in);
    // db (out) = sum over rows of dy, row order
    if (out < L) {  // narrow: plain float adds in row order (the same sums, without tail copies),
                    // in a register: through db[o] each add also waits for a store and a load
      for (std::size_t o = 0; o < out; ++o) {
        float acc = 0.0f;
        for (std::size_t i = 0; i < n; ++i) acc = acc + dy[i * out + o];
        db[o] = acc;
      }
    } else {  // a vector of columns at a time, summed over rows in a register
      alignas(64) float tmp[L];
      for (std::size_t o = 0; o < out; o += L) {
        const std::size_t m = std::min(L, out - o);
        B acc(0.0f);
        for (std::size_t i = 0; i < n; ++i) {
          const float* g = dy + i * out + o;
          if (m == L) {
            acc = acc + B::load_unaligned(g);
          } else {  // zero-padded tail, as for_lanes pads
            for (std::size_t l = 0; l < L; ++l) tmp[l] = l < m ? g[l] : 0.0f;
            acc = acc + B::load_aligned(tmp);
          }
        }
        if (m == L) {
          acc.store_unaligned(db + o);
        } else {  // (a plain copy loop would become a memcpy call)
          acc.store_aligned(tmp);
          for (std::size_t l = 0; l < L; ++l)
            if (l < m) db[o + l] = tmp[l];
        }
      }
    }
    // dx (n, in) = dy (n, out) . W (out, in)
    if (dx) gemm(n, in, out, dy, out, 1, W, in, 1, dx, in);
  }

  // ---- fused passes -------------------------------------------------------------------------
  // kernels.hpp, linear_mse_pass. Per vector of rows, each element gets the operations of the
  // separate passes in their order: gemm_narrow's prediction ((0 + x_0 w_0) + ... ) + b, map_sum's
  // terms on the prediction and target with the tail's extra lanes zero (so their r, r^2 and
  // g are +0, as the stored-and-reloaded padding was), narrow_param_grads' g x_k and g * 1. Each
  // of the three sums is one float accumulator per lane within kBlock rows, combined by hsum into
  // double, blocks in double: the order of dot(). Only the totals leave registers.
  static double linear_mse_pass(const float* x, const float* y, std::size_t n, std::size_t in, const float* w,
                                float b, float norm, float* dW, float* db) {
    double tw[L] = {}, tb = 0.0, tl = 0.0;
    B wv[L];
    for (std::size_t k = 0; k < in; ++k) wv[k] = B(w[k]);
    const B bv(b), nv(norm), one(1.0f), zero(0.0f);
    alignas(64) float lane[L];
    for (std::size_t l = 0; l < L; ++l) lane[l] = float(l);
    const B lanes_v = B::load_aligned(lane);
    for (std::size_t b0 = 0; b0 < n; b0 += kBlock) {
      const std::size_t len = std::min(kBlock, n - b0);
      B accw[L], accb(0.0f), accl(0.0f);
      for (std::size_t k = 0; k < in; ++k) accw[k] = B(0.0f);
      // m real rows from r0: m == L, or the block's zero-padded tail
      auto rows = [&](std::size_t r0, std::size_t m) {
        alignas(64) float tmp[L];
        B xv[L];
        for (std::size_t k = 0; k < in; ++k) {
          if (m == L && in == 1) {
            xv[k] = B::load_unaligned(x + r0);
          } else {
            for (std::size_t l = 0; l < L; ++l) tmp[l] = l < m ? x[(r0 + l) * in + k] : 0.0f;
            xv[k] = B::load_aligned(tmp);
          }
        }
        B z(0.0f);
        for (std::size_t k = 0; k < in; ++k) z = z + xv[k] * wv[k];
        z = z + bv;
        B yv;
        if (m == L) {
          yv = B::load_unaligned(y + r0);
        } else {
          for (std::size_t l = 0; l < L; ++l) tmp[l] = l < m ? y[r0 + l] : 0.0f;
          yv = B::load_aligned(tmp);
          z = xsimd::select(lanes_v < B(float(m)), z, zero);
        }
        B sq, g;
        mse_terms(z, yv, nv, sq, g);
        accl = accl + sq;
        accb = accb + g * one;
        for (std::size_t k = 0; k < in; ++k) accw[k] = accw[k] + g * xv[k];
      };
      std::size_t i = 0;
      for (; i + L <= len; i += L) rows(b0 + i, L);
      if (i < len) rows(b0 + i, len - i);
      for (std::size_t k = 0; k < in; ++k) tw[k] += hsum<B>(accw[k]);
      tb += hsum<B>(accb);
      tl += hsum<B>(accl);
    }
    for (std::size_t k = 0; k < in; ++k) dW[k] = float(tw[k]);
    *db = float(tb);
    return tl;
  }
};

}  // namespace descent::simd::impl
