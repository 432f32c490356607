// Categorical cross-entropy on logits with one-hot or probability targets,
// torch.nn.CrossEntropyLoss (probability targets, reduction="mean"). z = pred (n, C) logits,
// t = target (n, C), rows of t sum to 1:
//   L = (1/n) sum_i -sum_j t_ij log_softmax(z_i)_j         (mean over rows, not over n*C)
//   dL/dz_ij = (softmax(z_i)_j s_i - t_ij) / n,  s_i = sum_j t_ij
// which is torch's autograd gradient of that value; it is (softmax - t)/n for rows summing to 1
// (s_i = 1 exactly for one-hot rows, so the numbers equal sparse_cce's bit for bit).
// log_softmax/softmax come from simd::log_softmax_rows/softmax_rows (max-subtracted, stable).
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class CceLoss final : public Loss {
 public:
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// (n, k) rows, entries >= 0, each row summing to 1 within 1e-4.
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
