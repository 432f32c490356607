// Hinge loss (the linear SVM's), sklearn.metrics.hinge_loss; torch has no class for it (nn.
// HingeEmbeddingLoss is a different loss), in torch it is relu(1 - y * f).mean():
//   s = +1 if y = 1, -1 if y is -1 or 0 (0/1 labels are accepted, 0 -> -1), f = pred (a score)
//   l = max(0, 1 - s f)      L = (1/N) sum l,  N = n*k
//   dL/df = -s/N where s f < 1, else 0. At the kink s f = 1 the subgradient is 0 (torch's
//   relu'(0) = 0): a point exactly on the margin stops pulling.
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class HingeLoss final : public Loss {
 public:
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// -1, 0 or 1 (0 means -1).
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
