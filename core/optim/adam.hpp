// Adam (Kingma & Ba 2015, arXiv:1412.6980) with its two torch variants, torch.optim.Adam /
// torch.optim.AdamW (torch/optim/adam.py _single_tensor_adam, adamw.py _single_tensor_adamw):
//   adam:    g <- g + weight_decay * w                (L2, only when weight_decay != 0)
//   adamw:   w <- w * (1 - lr * weight_decay)         (decoupled, Loshchilov & Hutter 2019)
//   m <- lerp(m, g, 1 - b1)              = b1 m + (1 - b1) g
//   v <- b2 v + (1 - b2) g^2
//   amsgrad (Reddi et al. 2018): v_max <- max(v_max, v), and v_max replaces v below
//   bc1 = 1 - b1^t,  bc2 = 1 - b2^t      (double; torch's step_size = lr / bc1)
//   w <- w + (-lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)
// eps is added after the square root (PyTorch form). The registry's `adam`, `adamw` and
// `amsgrad` rows are all this class.
#pragma once
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct AdamConfig {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0.0;
  bool amsgrad = false;
  /// AdamW: decay w directly instead of adding weight_decay * w to the gradient.
  bool decoupled_weight_decay = false;
  static AdamConfig from(const ParamValues& p);
};

class Adam final : public Optimizer {
 public:
  explicit Adam(const AdamConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// g, m, v, (v_max), bias_correction1/2, m_hat, v_hat, denom, step.
  Explained explain(std::size_t i, float g, float w) const override;
  /// The first moment m.
  Span<const float> velocity() const override { return Span<const float>(m_); }

  /// beta1 from the next step on (a schedule's cycle_momentum).
  bool set_momentum(double m) override {
    c_.beta1 = m;
    return true;
  }

 private:
  AdamConfig c_;
  std::vector<float> m_, v_, vmax_;
  float lr_ = 0.0f;
  double beta1_used_ = 0.0;  // c_.beta1 in the last step (a schedule may change it after)
  std::int64_t t_ = 0;
};

}  // namespace descent
