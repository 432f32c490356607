// The loss interface: mean value and its gradient with respect to the model output in one pass,
// PyTorch conventions (mean reduction; the gradient includes the 1/N).
// Shapes: pred is (n, k) row-major: k = 1 for regression with one target and for binary losses,
// k = classes for multi-class losses. target is (n, k) values/probabilities, or (n) labels for
// sparse_cce and multiclass_hinge (see each loss's TargetKind).
// Not here: which loss goes with which model (registry.hpp), reading targets from data (train/).
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/registry/params.hpp"
#include "core/registry/task.hpp"
#include "core/util/span.hpp"
#include "core/util/status.hpp"

namespace descent {

/// What the loss reads as its prediction input.
enum class LossInput {
  value,        // any real number (regression)
  probability,  // in [0, 1] (bce, weighted_bce through evaluate)
  logit,        // real, turned into probabilities inside the loss (bce_logits, cce, sparse_cce)
  score,        // real margin score (hinge family)
};

/// What the loss reads as its target.
enum class TargetKind {
  values,        // (n, k) reals
  binary,        // (n) in [0, 1] (probabilistic labels allowed)
  signed_label,  // (n) in {-1, +1}; {0, 1} accepted with 0 -> -1
  one_hot,       // (n, C) rows of probabilities summing to 1
  label,         // (n) integer class indices in [0, C)
};

class Loss {
 public:
  virtual ~Loss() = default;

  /// Mean loss over the batch; writes dL/dpred (same shape as pred, includes the 1/N) into dpred.
  /// n rows, k columns of pred. Targets must have passed check_targets.
  virtual float value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                               std::size_t n, std::size_t k) const = 0;

  /// Loss value only (default: value_and_grad into a scratch buffer).
  virtual float value(Span<const float> pred, Span<const float> target, std::size_t n,
                      std::size_t k) const;

  /// Training form: the loss as the trainer calls it, on the model's raw output (logits/scores/
  /// values). Default: the same as value_and_grad. weighted_bce overrides it with its logits form.
  virtual float train_value_and_grad(Span<const float> out, Span<const float> target,
                                     Span<float> dout, std::size_t n, std::size_t k) const {
    return value_and_grad(out, target, dout, n, k);
  }
  /// Whether train_value_and_grad reads logits even though value_and_grad reads probabilities.
  virtual bool trains_on_logits() const { return false; }

  /// Rejects targets this loss cannot read, naming the row: "target row 3: BCE labels must be in
  /// [0, 1], got 2", "target row 7: label 3.5 is not an integer in [0, 3)". NaN is rejected.
  virtual Status check_targets(Span<const float> target, std::size_t n, std::size_t k) const = 0;
};

}  // namespace descent
