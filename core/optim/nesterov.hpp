// SGD with Nesterov momentum, torch.optim.SGD(momentum=mu, nesterov=True, dampening=0)
// (torch/optim/sgd.py _single_tensor_sgd; Sutskever et al. 2013 in torch's reformulation):
//   g  <- g + weight_decay * w                      (only when weight_decay != 0)
//   v  <- g on the first step, else v <- mu * v + g
//   g' <- g + mu * v                                (the look-ahead gradient)
//   w  <- w + (-lr) * g'
// torch requires momentum > 0 for nesterov=True, so momentum is in (0, 1) here.
#pragma once
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct NesterovConfig {
  double momentum = 0.9, weight_decay = 0.0;
  static NesterovConfig from(const ParamValues& p);
};

class Nesterov final : public Optimizer {
 public:
  explicit Nesterov(const NesterovConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// g (after weight decay), v, g_nesterov, lr, step.
  Explained explain(std::size_t i, float g, float w) const override;
  /// The buffer v (same sign as the gradient).
  Span<const float> velocity() const override { return Span<const float>(v_); }

  /// momentum from the next step on (a schedule's cycle_momentum).
  bool set_momentum(double m) override {
    c_.momentum = m;
    return true;
  }

 private:
  NesterovConfig c_;
  std::vector<float> v_;
  float lr_ = 0.0f;
  double momentum_used_ = 0.0;  // c_.momentum in the last step (a schedule may change it after)
  std::int64_t t_ = 0;
};

}  // namespace descent
