// RMSprop (Hinton, Coursera lecture 6e; Graves 2013 for the centered form), torch.optim.RMSprop
// (torch/optim/rmsprop.py, _single_tensor_rmsprop):
//   g   <- g + weight_decay * w                      (only when weight_decay != 0)
//   sq  <- alpha * sq + (1 - alpha) * g^2
//   centered: ga <- lerp(ga, g, 1 - alpha);  avg = sqrt(sq - ga^2) + eps
//   else:                                     avg = sqrt(sq) + eps
//   momentum > 0: buf <- momentum * buf + g / avg;  w <- w + (-lr) * buf
//   else:                                            w <- w + (-lr * g) / avg
// Note torch's eps is added after the square root and there is no bias correction.
#pragma once
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct RmspropConfig {
  double alpha = 0.99, eps = 1e-8, momentum = 0.0, weight_decay = 0.0;
  bool centered = false;
  static RmspropConfig from(const ParamValues& p);
};

class Rmsprop final : public Optimizer {
 public:
  explicit Rmsprop(const RmspropConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// g, square_avg, grad_avg (centered), avg, buf (momentum), step.
  Explained explain(std::size_t i, float g, float w) const override;
  /// The momentum buffer when momentum > 0, else empty.
  Span<const float> velocity() const override {
    return c_.momentum > 0.0 ? Span<const float>(buf_) : Span<const float>();
  }

  /// momentum from the next step on (a schedule's cycle_momentum).
  bool set_momentum(double m) override {
    c_.momentum = m;
    return true;
  }

 private:
  RmspropConfig c_;
  std::vector<float> sq_, ga_, buf_;
  float lr_ = 0.0f;
  double momentum_used_ = 0.0;  // c_.momentum in the last step (a schedule may change it after)
  std::int64_t t_ = 0;
};

}  // namespace descent
