// SGD with (heavy-ball) momentum in two forms, chosen by `form`:
//   torch (torch.optim.SGD(momentum=mu, dampening=d), torch/optim/sgd.py _single_tensor_sgd):
//     g <- g + weight_decay * w                     (only when weight_decay != 0)
//     v <- g on the first step (torch clones the gradient: no dampening then), else
//     v <- mu * v + (1 - d) * g
//     w <- w + (-lr) * v
//   ema (the "exponential moving average" form many tutorials write, beta = momentum, v0 = 0):
//     v <- beta * v + (1 - beta) * g                (dampening is not used)
//     w <- w + (-lr) * v
// With dampening 0 the two are the same curve when ema's lr = torch's lr / (1 - beta):
// v_ema = (1 - beta) v_torch at every step. Not here: Nesterov (nesterov.hpp).
#pragma once
#include <string>
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct MomentumConfig {
  enum class Form { torch, ema };
  double momentum = 0.9, dampening = 0.0, weight_decay = 0.0;
  Form form = Form::torch;
  static MomentumConfig from(const ParamValues& p);
};

class Momentum final : public Optimizer {
 public:
  explicit Momentum(const MomentumConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// g (after weight decay), v, lr, step.
  Explained explain(std::size_t i, float g, float w) const override;
  /// The buffer v (same sign as the gradient; the parameters move along -v).
  Span<const float> velocity() const override { return Span<const float>(v_); }

  /// momentum from the next step on (a schedule's cycle_momentum).
  bool set_momentum(double m) override {
    c_.momentum = m;
    return true;
  }

 private:
  MomentumConfig c_;
  std::vector<float> v_;
  float lr_ = 0.0f;
  double momentum_used_ = 0.0;  // c_.momentum in the last step (a schedule may change it after)
  std::int64_t t_ = 0;
};

}  // namespace descent
