// Smooth L1 loss, torch.nn.SmoothL1Loss(beta, reduction="mean"):  r = pred - target, z = |r|
//   l = 0.5 z^2 / beta   if z < beta
//   l = z - beta/2       otherwise                 L = (1/N) sum l,  N = n*k   (= Huber(beta) / beta)
//   dL/dpred = r/(beta N) for |r| < beta, sign(r)/N for |r| >= beta (torch: linear branch at the
//   kink; both sides give 1/N there).
// beta = 0 is L1 exactly as torch dispatches it (smooth_l1_loss -> l1_loss): l = z, gradient
// sign(r)/N with sign(0) = 0.
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class SmoothL1Loss final : public Loss {
 public:
  /// beta >= 0 (validated by the registry's ParamSpec).
  explicit SmoothL1Loss(float beta = 1.0f);
  float beta() const { return beta_; }
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// Any finite reals.
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;

 private:
  float beta_;
};

}  // namespace descent
