// Adagrad (Duchi, Hazan & Singer 2011), torch.optim.Adagrad (torch/optim/adagrad.py,
// _single_tensor_adagrad):
//   g   <- g + weight_decay * w                      (only when weight_decay != 0)
//   clr  = lr / (1 + (t - 1) * lr_decay)             (double, rounded once)
//   sum <- sum + g * g                               (sum starts at initial_accumulator_value)
//   w   <- w + (-clr * g) / (sqrt(sum) + eps)
#pragma once
#include <vector>

#include "core/optim/optimizer.hpp"

namespace descent {

struct AdagradConfig {
  double lr_decay = 0.0, eps = 1e-10, initial_accumulator_value = 0.0, weight_decay = 0.0;
  static AdagradConfig from(const ParamValues& p);
};

class Adagrad final : public Optimizer {
 public:
  explicit Adagrad(const AdagradConfig& c) : c_(c) {}
  void step(Span<float> w, Span<const float> g, float lr) override;
  void reset() override;
  /// g, sum, clr, denom (sqrt(sum) + eps), step.
  Explained explain(std::size_t i, float g, float w) const override;

 private:
  AdagradConfig c_;
  std::vector<float> sum_;
  double clr_ = 0.0;
  std::int64_t t_ = 0;
};

}  // namespace descent
