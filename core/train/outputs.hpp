// A model's raw outputs as a person reads them: probabilities (sigmoid or softmax of logits),
// scores or values; the predicted classes; the per-epoch metric of a split (accuracy, or R^2
// for regression); the points of a prediction grid and what every unit of the model outputs
// there (the network view's heatmaps). Shared by the training loop, predictions, the result's
// metrics and the bindings. Not here: the metrics themselves (core/metrics), their JSON (result.hpp).
#pragma once
#include <cstddef>
#include <vector>

#include "core/train/problem.hpp"
#include "core/util/status.hpp"

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

/// The res x res points of a grid over [x0, x1] x [y0, y1] as (x, y) rows, row-major with y rows:
/// point (r, c) is (x0 + (x1 - x0) c / (res - 1), y0 + (y1 - y0) r / (res - 1)). An error (and no
/// points) unless the ranges are finite with x1 > x0 and y1 > y0. res >= 2 (the caller checks).
Status grid_points(double x0, double x1, double y0, double y1, std::size_t res, std::vector<float>& pts);
/// The most values unit_outputs() gives in one call (units x rows).
constexpr std::size_t kMaxUnitValues = std::size_t(1) << 22;
/// What every unit of the model outputs for n rows of raw inputs x (n, inputs; normalized here as
/// training normalized them): each hidden unit after its activation, then the output layer as the
/// model computes it (before to_display), without dropout. out is (units, n), unit-major, layer
/// by layer (units = the sum of the layers' widths). An error when units x n > kMaxUnitValues.
Status unit_outputs(const Problem& p, Mlp& model, const std::vector<float>& w, const float* x, std::size_t n,
                    std::vector<float>& out);

}  // namespace descent
