// A model and a loss on a batch of data, as an optimizer or a line search sees it (ensmallen's
// shape): parameters w in, value and gradient out,
//   f(w) = loss(model(w, x_batch), t_batch) + l1 sum |W| + l2 sum W^2   (W: weights, not biases)
// with dropout drawn from the given generator in training mode, none in evaluation mode. The
// session, the line search, the LR finder and the landscape all evaluate the model through this.
// Owns its model's workspace: after the first batch an evaluation allocates nothing.
// Not here: which batch comes next (batches.hpp), what outputs mean to a person (outputs.hpp).
#pragma once
#include <cstddef>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/loss/loss.hpp"
#include "core/model/mlp.hpp"
#include "core/optim/objective.hpp"
#include "core/util/rng.hpp"

namespace descent {

struct Problem;
class MseLoss;

/// Rows of a batch as the model and the loss read them: x (rows, inputs), target (rows, target_cols).
struct Batch {
  const float* x = nullptr;
  const float* target = nullptr;
  std::size_t rows = 0;
};

/// An evaluation split in two: the data loss (the loss computes it in float) and the penalty.
struct LossParts {
  double loss = 0, penalty = 0;
  double total() const { return loss + penalty; }
};

class ModelObjective final : public Objective {
 public:
  /// The problem's model shape, loss and targets; l1, l2: the penalties (training.l1, .l2).
  ModelObjective(const Problem& p, double l1, double l2);

  std::size_t dim() const override { return model_.num_params(); }
  /// Data loss + penalty on the current batch; the gradient into g.
  double evaluate(Span<const float> w, Span<float> g) override { return evaluate_parts(w, g).total(); }
  /// The same, in its two parts.
  LossParts evaluate_parts(Span<const float> w, Span<float> g);

  void set_batch(const Batch& b) { batch_ = b; }
  /// Training mode draws dropout masks from rng (when the model has dropout); nullptr: evaluation.
  void set_dropout(Rng* rng) { dropout_ = model_.shape().dropout > 0 ? rng : nullptr; }

  /// Mean data loss of w over a whole split (no dropout), plus the penalty.
  double split_value(const float* w, const Dataset& ds, const std::vector<float>& target);
  /// The penalty of w alone.
  double penalty(const float* w) const;

  Mlp& model() { return model_; }
  const Mlp& model() const { return model_; }

 private:
  double add_penalty_grad(const float* w, float* g) const;
  Mlp model_;
  const Loss& loss_;
  std::size_t outputs_, target_cols_;
  double l1_, l2_;
  Batch batch_;
  Rng* dropout_ = nullptr;
  const MseLoss* linear_mse_ = nullptr;  // set when the step is MseLoss::linear_pass's single sweep
  std::vector<float> dout_;  // dL/d(output) of the batch, grown to the largest batch
};

}  // namespace descent
