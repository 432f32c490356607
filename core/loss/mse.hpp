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
  /// A linear model with one output and in < simd::lanes inputs, prediction x w + b on n rows of
  /// x (n, in), in one sweep over x and target (simd::linear_mse_pass): returns the mean loss and
  /// writes dL/dw (in) and dL/db, with the bits of dense_forward + value_and_grad + dense_backward.
  float linear_pass(const float* x, const float* target, std::size_t n, std::size_t in, const float* w, float b,
                    float* dW, float* db) const;
  /// Any finite reals.
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;
};

}  // namespace descent
