// NAdam, Adam with Nesterov momentum (Dozat 2016), torch.optim.NAdam (torch/optim/nadam.py,
// _single_tensor_nadam; decoupled_weight_decay = False):
//   g     <- g + weight_decay * w                    (only when weight_decay != 0)
//   mu_t   = b1 (1 - 0.5 * 0.96^(t * momentum_decay)),  mu_{t+1} likewise   (double)
//   prod  <- prod * mu_t                              (a float32 state in torch, kept as float)
//   m     <- lerp(m, g, 1 - b1);   v <- b2 v + (1 - b2) g^2
//   denom  = sqrt(v / (1 - b2^t)) + eps               (divide, then root: unlike Adam)
//   w     <- w + (-lr (1 - mu_t) / (1 - prod)) * g / denom
//   w     <- w + (-lr mu_{t+1} / (1 - prod mu_{t+1})) * m / denom
#pragma once
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct NadamConfig {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.0, momentum_decay = 0.004;
  static NadamConfig from(const ParamValues& p);
};

class Nadam final : public Optimizer {
 public:
  explicit Nadam(const NadamConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// g, m, v, mu, mu_next, mu_product, bias_correction2, denom, step.
  Explained explain(std::size_t i, float g, float w) const override;
  /// The first moment m.
  Span<const float> velocity() const override { return Span<const float>(m_); }

  /// beta1 from the next step on (a schedule's cycle_momentum).
  bool set_momentum(double m) override {
    c_.beta1 = m;
    return true;
  }

 private:
  NadamConfig c_;
  std::vector<float> m_, v_;
  float mu_product_ = 1.0f;  // torch: a float32 0-dim tensor
  double mu_ = 0.0, mu_next_ = 0.0, c_grad_ = 0.0, c_avg_ = 0.0;
  float lr_ = 0.0f;
  double beta1_used_ = 0.0;  // c_.beta1 in the last step (a schedule may change it after)
  std::int64_t t_ = 0;
};

}  // namespace descent
