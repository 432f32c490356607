// Huber loss, torch.nn.HuberLoss(delta, reduction="mean"):  r = pred - target, z = |r|, N = n*k
//   l = 0.5 z^2            if z <  delta
//   l = delta (z - delta/2) otherwise           L = (1/N) sum l
//   dL/dpred = r/N for |r| < delta, delta sign(r)/N for |r| >= delta.
// At the kink |r| = delta torch takes the linear branch (huber_kernel: `z < delta ? ...`,
// huber_backward: `x <= -delta` / `x >= delta`); both branches give 0.5 delta^2 and delta/N there,
// so the loss is C1 and the kink is in the second derivative only.
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class HuberLoss final : public Loss {
 public:
  /// delta > 0 (validated by the registry's ParamSpec).
  explicit HuberLoss(float delta = 1.0f);
  float delta() const { return delta_; }
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// Any finite reals.
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;

 private:
  float delta_;
};

}  // namespace descent
