// Squared hinge loss (L2-SVM), sklearn's LinearSVC(loss="squared_hinge") / tf.keras.losses.
// SquaredHinge; in torch relu(1 - y * f).pow(2).mean():
//   s = +1 if y = 1, -1 if y is -1 or 0 (0/1 labels are accepted, 0 -> -1), f = pred (a score)
//   l = max(0, 1 - s f)^2      L = (1/N) sum l,  N = n*k
//   dL/df = -2 s max(0, 1 - s f) / N   (differentiable: 0 at and beyond the margin s f >= 1)
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class SquaredHingeLoss final : public Loss {
 public:
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// -1, 0 or 1 (0 means -1).
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
