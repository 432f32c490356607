// Train/validation split (seeded; stratified for classification) and feature normalization
// (z-score or min-max) fitted on the training split only and applied to both.
#pragma once
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/util/rng.hpp"
#include "core/util/status.hpp"

namespace descent {

/// Splits ds into train and validation; fraction in [0, 0.9] (clamped). With fraction > 0 at
/// least one row goes to each side when ds has >= 2 rows; a single row stays in train. Which rows
/// go to validation is a seeded draw; inside each side rows keep their order in ds (fraction 0:
/// train is ds). Regression: round(f n) rows (half up) to validation. Classification
/// (stratified): round(f n_c) rows of each class c (half up).
void split_dataset(const Dataset& ds, double validation_fraction, Rng& rng, Dataset& train,
                   Dataset& validation);

/// Per-feature affine transform x' = (x - shift) / scale.
struct Normalizer {
  std::string kind = "none";  // "zscore" | "minmax" | "none"
  std::vector<float> shift, scale;
  /// Fits on train's features (population std for z-score; constant columns get scale 1).
  void fit(const Dataset& train, const std::string& kind);
  void apply(Dataset& ds) const;
  void apply_rows(float* x, std::size_t n, std::size_t inputs) const;
};

}  // namespace descent
