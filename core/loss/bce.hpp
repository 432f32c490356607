// Binary cross-entropy on probabilities, torch.nn.BCELoss (reduction="mean"), p = pred in [0, 1],
// y = target in [0, 1], N = n*k:
//   l = -(y max(log p, -100) + (1 - y) max(log(1 - p), -100))     L = (1/N) sum l
//   dL/dp = (p - y) / max((1 - p) p, 1e-12) / N         (torch's binary_cross_entropy_backward)
// The clamp at -100 (torch's) keeps p = 0 or 1 finite: l <= 100, |gradient| <= 1e12 / N.
// log(1 - p) is log1p(-p) as in current torch. Predictions outside [0, 1] are not checked (torch
// raises; the model's sigmoid output cannot leave [0, 1]).
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class BceLoss final : public Loss {
 public:
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// Finite, in [0, 1] (probabilistic labels allowed).
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
