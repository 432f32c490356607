// Shared plumbing for the loss files: the element-wise lane loop with its fixed-order sum, the
// mean, and the target checks with their row-naming messages.
// Not a loss and not public API: only core/loss/*.cpp include it (tests may, to pin the order).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/simd/arch.hpp"
#include "core/simd/lanes.hpp"
#include "core/util/span.hpp"
#include "core/util/json.hpp"
#include "core/util/status.hpp"

namespace descent::loss_detail {

using B = simd::fbatch;
constexpr std::size_t L = B::size;

/// Element-wise loss over N = a.size() elements, lanes at a time through simd::for_lanes:
///   f(a, b, l, g) reads two input batches and writes the per-element loss l and gradient g.
/// g is stored into `grad`; the returned value is sum_i l_i over the N real elements (padding
/// lanes of the tail are skipped), added in double in index order 0..N-1: the same number a
/// scalar loop gives, whatever the vector width.
template <class F>
double map_sum(const float* a, const float* b, float* grad, std::size_t N, F&& f) {
  // The loss total in the blocked order of simd::sum (lanes in float within 1024-element blocks,
  // each block's lanes combined by hsum in double, blocks added in double): a fixed order, the
  // same on every target, without one long dependency chain of double adds. The gradients are
  // element-wise and unchanged; only the reported loss's rounding differs from a sequential sum.
  double total = 0.0;
  for (std::size_t b0 = 0; b0 < N; b0 += 1024) {
    const std::size_t len = N - b0 < 1024 ? N - b0 : 1024;
    B acc(0.0f);
    std::size_t i = 0;
    simd::for_lanes(
        len,
        [&](B& g, const B& av, const B& bv) {
          B l;
          f(av, bv, l, g);
          if (len - i < L) {  // the zero-padded tail's extra lanes contribute 0
            alignas(64) float t[L];
            l.store_aligned(t);
            for (std::size_t j = len - i; j < L; ++j) t[j] = 0.0f;
            l = B::load_aligned(t);
          }
          acc = acc + l;
          i += L;
        },
        grad + b0, a + b0, b + b0);
    total += simd::hsum<B>(acc);
  }
  return total;
}

/// The mean as every loss returns it: float(total / N), and 0 for an empty batch (torch gives NaN;
/// an empty batch here is a caller's corner case, not divergence).
inline float mean(double total, std::size_t N) {
  return N == 0 ? 0.0f : float(total / double(N));
}

/// float(1 / N) (1 for N = 0, never read then): torch's `norm` for mean reduction.
inline float inv(std::size_t N) { return N == 0 ? 1.0f : float(1.0 / double(N)); }

/// Shortest decimal that reads back as the same float ("0.1", "2", "-3.5", "NaN", "inf").
using descent::format_float;

/// "target row 3: <what>"
Status row_error(std::size_t row0, const std::string& what);

/// Size check: target must hold `expected` values. `layout` explains it ("3 rows x 2 outputs").
Status check_size(Span<const float> target, std::size_t expected, const std::string& layout);

/// Size n*k, then every value finite, then `ok(v)` true for every value; on the first failure
/// (row order) returns "target row r: <bad(v)>". Used by every (n, k)-shaped target.
template <class Ok, class Bad>
Status check_elements(Span<const float> target, std::size_t n, std::size_t k, Ok ok, Bad bad) {
  Status s = check_size(target, n * k,
                        std::to_string(n) + " rows x " + std::to_string(k) + " outputs");
  if (!s.ok()) return s;
  for (std::size_t i = 0; i < n * k; ++i) {
    const float v = target[i];
    if (!(v - v == 0.0f)) return row_error(i / k, format_float(v) + " is not a finite number");
    if (!ok(v)) return row_error(i / k, bad(v));
  }
  return Status::Ok();
}

// ---- BCE element terms (shared by bce, bce_logits, weighted_bce) -------------------------------

/// torch's binary_cross_entropy kernel on probabilities p, targets y:
///   l = (y - 1) max(log1p(-p), -100) - y max(log p, -100)
///   d = (p - y) / max((1 - p) p, 1e-12)            (binary_cross_entropy_backward, before / N)
inline void bce_terms(const B& p, const B& y, B& l, B& d) {
  const B one(1.0f), floor(-100.0f), eps(1e-12f);
  l = (y - one) * xsimd::max(xsimd::log1p(-p), floor) - y * xsimd::max(xsimd::log(p), floor);
  d = (p - y) / xsimd::max((one - p) * p, eps);
}

/// BCE on logits z, targets y (the classic stable form of torch.nn.BCEWithLogitsLoss):
///   l = max(z, 0) - z y + log1p(exp(-|z|))
///   d = sigmoid(z) - y, sigmoid(z) = 1 / (1 + exp(-z))   (exactly num::sigmoid's sequence)
inline void bce_logits_terms(const B& z, const B& y, B& l, B& d) {
  const B one(1.0f), zero(0.0f);
  l = (xsimd::max(z, zero) - z * y) + xsimd::log1p(xsimd::exp(-xsimd::abs(z)));
  d = one / (one + xsimd::exp(-z)) - y;
}

/// Check for BCE-family targets: finite and in [0, 1].
Status check_binary_targets(Span<const float> target, std::size_t n, std::size_t k);

/// Check for signed labels (hinge family): finite and one of -1, 0, 1 (0 is read as -1).
Status check_signed_targets(Span<const float> target, std::size_t n, std::size_t k);

/// Check for class labels (sparse_cce, multiclass_hinge): n values, each an integer in [0, classes).
Status check_label_targets(Span<const float> target, std::size_t n, std::size_t classes);

/// Per-thread scratch of at least n floats (the CE losses keep log-probabilities there).
std::vector<float>& scratch(std::size_t n);

}  // namespace descent::loss_detail
