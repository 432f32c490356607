// Class-weighted binary cross-entropy: torch.nn.BCELoss / BCEWithLogitsLoss with a per-sample
// `weight` tensor w = w1 y + w0 (1 - y) (w1 weighs positives, w0 negatives), reduction="mean":
//   L = (1/N) sum w_i l_i       (torch's weight semantics: divided by N, not by sum w), N = n*k
// value_and_grad reads PROBABILITIES (l and dL/dp as in bce.hpp, times w_i);
// train_value_and_grad reads LOGITS (l and dL/dz as in bce_logits.hpp, times w_i): the trainer
// feeds it the raw output, which is the stable way to train (trains_on_logits() is true).
#pragma once
#include "core/loss/loss.hpp"

namespace descent {

class WeightedBceLoss final : public Loss {
 public:
  /// w0, w1 >= 0 (validated by the registry's ParamSpec).
  WeightedBceLoss(float w0 = 0.2f, float w1 = 0.8f);
  float w0() const { return w0_; }
  float w1() const { return w1_; }

  /// On probabilities p: l_i = w_i * bce(p_i, y_i); dL/dp = w_i (p - y) / max((1 - p) p, 1e-12) / N.
  float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                       std::size_t n, std::size_t k) const override;
  /// On logits z: l_i = w_i * bce_logits(z_i, y_i); dL/dz = w_i (sigmoid(z) - y) / N.
  float train_value_and_grad(Span<const float> out, Span<const float> target, Span<float> dout,
                             std::size_t n, std::size_t k) const override;
  bool trains_on_logits() const override { return true; }
  /// Finite, in [0, 1] (probabilistic labels allowed; the weight interpolates).
  Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const override;

 private:
  float w0_, w1_;
};

}  // namespace descent
