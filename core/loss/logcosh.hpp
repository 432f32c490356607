// Log-cosh loss, as tf.keras.losses.LogCosh (torch has no class; in torch it is
// torch.log(torch.cosh(pred - target)).mean(), which overflows):  r = pred - target, z = |r|
//   l = log cosh r = z + softplus(-2z) - log 2        (no overflow: at z = 1000 it is 1000 - log 2)
//   L = (1/N) sum l,  N = n*k          dL/dpred = tanh(r) / N
// For z < 1 the same l is evaluated as log1p(2 sinh(z/2)^2) (cosh r - 1 = 2 sinh^2(r/2)), with
// sinh from expm1: the form above cancels to ~1e-7 absolute near r = 0, this one keeps relative
// precision down to tiny residuals (l ~ r^2/2 = 5e-17 at r = 1e-8).
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class LogCoshLoss final : public Loss {
 public:
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// Any finite reals.
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
