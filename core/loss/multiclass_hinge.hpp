// Multi-class hinge (Weston-Watkins: a sum over the wrong classes, not Crammer-Singer's max),
// torch.nn.MultiMarginLoss (p=1, margin=1, no weight, reduction="mean"). z = pred (n, C) scores,
// y = target (n) in [0, C):
//   l_i = (1/C) sum_{j != y_i} max(0, 1 - z_{i,y_i} + z_ij)        L = (1/n) sum_i l_i
//   dL/dz_ij = 1/(nC) for j != y_i with a positive margin term, 0 otherwise;
//   dL/dz_{i,y_i} = -(number of positive terms)/(nC). A term exactly at 0 counts as inactive
//   (torch: `if (z > 0)`), the subgradient at the kink.
// The loop follows torch's multi_margin_loss_cpu_kernel step by step (float row sums in class
// order, divided by C, rows added in double); only + - / and comparisons, exact everywhere.
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class MulticlassHingeLoss final : public Loss {
 public:
  /// k = C classes; target holds n labels.
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// n values, each an integer in [0, k).
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
