// Lion, "EvoLved Sign Momentum" (Chen et al. 2023, arXiv:2302.06675), in the form of the authors'
// lion-pytorch (torch.optim has no Lion; the PyTorch export defines this class inline):
//   w <- w * (1 - lr * weight_decay)         (decoupled, as AdamW; only when weight_decay != 0)
//   c  = lerp(m, g, 1 - b1)               = b1 m + (1 - b1) g
//   w <- w + (-lr) * sign(c)              (sign(0) = 0: every parameter moves by lr or not at all)
//   m <- lerp(m, g, 1 - b2)               = b2 m + (1 - b2) g     (after the step, with b2 > b1)
// Torch's defaults there: lr 1e-4, betas (0.9, 0.99), weight_decay 0. The momentum of the step
// before is kept by swapping two buffers (the step reads one and writes the other), so explain()
// can show c without a copy per step.
#pragma once
#include <cstdint>
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct LionConfig {
  double beta1 = 0.9, beta2 = 0.99, weight_decay = 0.0;
  static LionConfig from(const ParamValues& p);
};

class Lion final : public Optimizer {
 public:
  explicit Lion(const LionConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// t, lr, beta1, beta2, g, m_prev (m before the step), c, update (sign(c)), m, decay_factor, step.
  Explained explain(std::size_t i, float g, float w) const override;
  /// The momentum m.
  Span<const float> velocity() const override { return Span<const float>(m_); }
  /// beta1 from the next step on (a schedule's cycle_momentum; torch cycles betas[0]).
  bool set_momentum(double m) override {
    c_.beta1 = m;
    return true;
  }

 private:
  LionConfig c_;
  std::vector<float> m_, prev_;  // m after the last step, and before it (swapped every step)
  float lr_ = 0.0f;
  double beta1_used_ = 0.0;  // c_.beta1 in the last step (a schedule may change it after)
  std::int64_t t_ = 0;
};

}  // namespace descent
