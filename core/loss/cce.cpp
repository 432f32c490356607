// See cce.hpp.
#include "core/loss/cce.hpp"

#include <cassert>
#include <cmath>

#include "core/loss/common.hpp"
#include "core/simd/kernels.hpp"

namespace descent {
using namespace loss_detail;

float CceLoss::value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                              std::size_t n, std::size_t k) const {
  const std::size_t C = k;
  assert(pred.size() == n * C && target.size() == n * C && dpred.size() == n * C);
  if (n == 0 || C == 0) return 0.0f;
  std::vector<float>& lp = scratch(n * C);
  simd::log_softmax_rows(pred.data(), lp.data(), n, C);
  simd::softmax_rows(pred.data(), dpred.data(), n, C);  // dpred = p, made into the gradient below
  const B count{float(n)};
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const float* t = target.data() + i * C;
    const float* l = lp.data() + i * C;
    // -sum_j t_j lp_j in double, index order (t_j lp_j is exact in double).
    double row = 0.0;
    float s = 0.0f;
    for (std::size_t j = 0; j < C; ++j) {
      row += double(t[j]) * double(l[j]);
      s += t[j];
    }
    total += -row;
    const B sb(s);
    simd::for_lanes(C, [&](B& g, const B& tb) { g = (g * sb - tb) / count; }, dpred.data() + i * C,
                    t);
  }
  return mean(total, n);
}

Status CceLoss::check_targets(Span<const float> target, std::size_t n, std::size_t k) const {
  Status s = check_size(target, n * k, std::to_string(n) + " rows x " + std::to_string(k) +
                                           " classes, one-hot or probabilities");
  if (!s.ok()) return s;
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
      const float v = target[i * k + j];
      if (!(v - v == 0.0f)) return row_error(i, format_float(v) + " is not a finite number");
      if (v < 0.0f)
        return row_error(i, "class probabilities must be >= 0, got " + format_float(v) +
                                " in column " + std::to_string(j + 1));
      sum += double(v);
    }
    if (!(std::fabs(sum - 1.0) <= 1e-4))
      return row_error(i, "class probabilities must sum to 1 (a one-hot or probability row), got " +
                              format_float(float(sum)));
  }
  return Status::Ok();
}

}  // namespace descent
