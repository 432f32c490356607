// Adadelta (Zeiler 2012, arXiv:1212.5701), torch.optim.Adadelta (torch/optim/adadelta.py,
// _single_tensor_adadelta):
//   g     <- g + weight_decay * w                    (only when weight_decay != 0)
//   sq    <- rho sq + (1 - rho) g^2
//   delta  = sqrt(acc + eps) / sqrt(sq + eps) * g
//   acc   <- rho acc + (1 - rho) delta^2
//   w     <- w + (-lr) * delta                       (torch keeps an lr; the paper has none: 1.0)
#pragma once
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct AdadeltaConfig {
  double rho = 0.9, eps = 1e-6, weight_decay = 0.0;
  static AdadeltaConfig from(const ParamValues& p);
};

class Adadelta final : public Optimizer {
 public:
  explicit Adadelta(const AdadeltaConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// g, square_avg, acc_delta, delta, step.
  Explained explain(std::size_t i, float g, float w) const override;

 private:
  AdadeltaConfig c_;
  std::vector<float> sq_, acc_, delta_;
  float lr_ = 0.0f;
  std::int64_t t_ = 0;
};

}  // namespace descent
