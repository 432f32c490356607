// Binary cross-entropy on logits, torch.nn.BCEWithLogitsLoss (reduction="mean"), z = pred (any
// real), y = target in [0, 1], N = n*k:
//   l = max(z, 0) - z y + log1p(exp(-|z|))     (= -(y log s(z) + (1 - y) log(1 - s(z))), s = sigmoid)
//   L = (1/N) sum l          dL/dz = (sigmoid(z) - y) / N   (binary_cross_entropy_with_logits_backward)
// Stable for any z: at z = +-1000 l is 0 or 1000, never inf. (Current torch writes the value as
// (1 - y) z - log_sigmoid(z); the same number up to rounding.)
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class BceLogitsLoss final : public Loss {
 public:
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// Finite, in [0, 1] (probabilistic labels allowed).
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
