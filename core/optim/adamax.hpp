// Adamax, Adam with the infinity norm (Kingma & Ba 2015, section 7.1), torch.optim.Adamax
// (torch/optim/adamax.py, _single_tensor_adamax):
//   g <- g + weight_decay * w                        (only when weight_decay != 0)
//   m <- lerp(m, g, 1 - b1)                = b1 m + (1 - b1) g
//   u <- max(b2 u, |g| + eps)              (torch adds eps inside the max, not after it)
//   w <- w + (-lr / (1 - b1^t)) * m / u
#pragma once
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct AdamaxConfig {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.0;
  static AdamaxConfig from(const ParamValues& p);
};

class Adamax final : public Optimizer {
 public:
  explicit Adamax(const AdamaxConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// g, m, u (exp_inf), bias_correction1, clr, step.
  Explained explain(std::size_t i, float g, float w) const override;
  /// The first moment m.
  Span<const float> velocity() const override { return Span<const float>(m_); }

  /// beta1 from the next step on (a schedule's cycle_momentum).
  bool set_momentum(double m) override {
    c_.beta1 = m;
    return true;
  }

 private:
  AdamaxConfig c_;
  std::vector<float> m_, u_;
  float lr_ = 0.0f;
  double beta1_used_ = 0.0;  // c_.beta1 in the last step (a schedule may change it after)
  std::int64_t t_ = 0;
};

}  // namespace descent
