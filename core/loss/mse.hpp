// Mean squared error, torch.nn.MSELoss (reduction="mean"):  r = pred - target over all N = n*k
//   L = (1/N) sum r^2          dL/dpred = (2/N) r   (torch's mse_loss_backward: norm = 2/N, norm * r)
// Not here: anything about which task it suits (registry.cpp).
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class MseLoss final : public Loss {
 public:
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// Any finite reals.
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
