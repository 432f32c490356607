// Plain stochastic gradient descent, torch.optim.SGD with momentum = 0 (single-tensor path,
// torch/optim/sgd.py _single_tensor_sgd):
//   g <- g + weight_decay * w          (only when weight_decay != 0, as torch)
//   w <- w + (-lr) * g
// Not here: momentum and Nesterov (momentum.hpp, nesterov.hpp).
#pragma once
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct SgdConfig {
  double weight_decay = 0.0;
  static SgdConfig from(const ParamValues& p);
};

class Sgd final : public Optimizer {
 public:
  explicit Sgd(const SgdConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// g (after weight decay), lr, step.
  Explained explain(std::size_t i, float g, float w) const override;

 private:
  SgdConfig c_;
  std::size_t n_ = 0;  // parameters of the last step
  float lr_ = 0.0f;
  std::int64_t t_ = 0;
};

}  // namespace descent
