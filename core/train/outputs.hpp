// A model's raw outputs as a person reads them: probabilities (sigmoid or softmax of logits),
// scores or values; the predicted classes; the per-epoch metric of a split (accuracy, or R^2
// for regression). Shared by the training loop, predictions and the result's metrics.
// Not here: the metrics themselves (core/metrics), their JSON (result.hpp).
#pragma once
#include <cstddef>
#include <vector>

#include "core/train/problem.hpp"

namespace descent {

/// out (n, outputs) of the model -> what it means: logits become probabilities, a standardized
/// target's values return to its units (problem.hpp's target_scaler), the rest stays.
void to_display(const Problem& p, float* out, std::size_t n);
/// Predicted class per row of displayed outputs, and the score ROC curves read (binary: the
/// positive class's probability or score; more classes: 0).
void predicted_classes(const Problem& p, const float* display, std::size_t n, std::vector<float>& cls,
                       std::vector<float>& score);
/// The displayed outputs of the model with parameters w on a whole split (n, outputs).
void split_outputs(const Problem& p, Mlp& model, const std::vector<float>& w, const Dataset& ds, std::vector<float>& out);
/// Accuracy (classification) or R^2 (regression) of w on a split; 0 for an empty split.
float split_metric(const Problem& p, Mlp& model, const std::vector<float>& w, const Dataset& ds);

}  // namespace descent
