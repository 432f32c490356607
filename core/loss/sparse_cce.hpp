// Categorical cross-entropy on logits with integer class labels, torch.nn.CrossEntropyLoss
// (class-index targets, reduction="mean"). z = pred (n, C) logits, y = target (n) in [0, C):
//   L = (1/n) sum_i -log_softmax(z_i)_{y_i}       dL/dz_ij = (softmax(z_i)_j - [j = y_i]) / n
// The same numbers as cce on the one-hot rows of y, bit for bit (same kernels, same order).
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class SparseCceLoss final : public Loss {
 public:
  /// k = C classes; target holds n labels.
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// n values, each an integer in [0, k).
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
