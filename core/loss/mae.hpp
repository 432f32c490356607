// Mean absolute error, torch.nn.L1Loss (reduction="mean"):  r = pred - target over all N = n*k
//   L = (1/N) sum |r|          dL/dpred = sign(r) / N, with sign(0) = 0 (torch's sgn: the
//   subgradient at r = 0 is 0, so a fitted point stops pulling).
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class MaeLoss final : public Loss {
 public:
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// Any finite reals.
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
