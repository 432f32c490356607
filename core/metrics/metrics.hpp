// Evaluation metrics, computed from predictions and targets at epoch ends.
// Classification: accuracy, precision, recall, F1 (binary: positive class 1; macro over classes),
// ROC AUC (binary, from scores, ties averaged), confusion matrix (rows = true, cols = predicted).
// Regression: MSE, RMSE, MAE, R^2 (1 - SS_res / SS_tot; 0 when SS_tot = 0 and SS_res = 0 ... see .cpp).
#pragma once
#include <cstddef>
#include <vector>

namespace descent {

struct ClassificationMetrics {
  std::size_t classes = 0, n = 0;
  double accuracy = 0, precision = 0, recall = 0, f1 = 0;  // binary: class 1; multi: macro
  double macro_precision = 0, macro_recall = 0, macro_f1 = 0;
  double auc = -1;                       // binary only; -1 when undefined (one class present)
  std::vector<std::size_t> confusion;    // classes x classes, row = true class
};

struct RegressionMetrics {
  std::size_t n = 0;
  double mse = 0, rmse = 0, mae = 0, r2 = 0;
};

/// labels: true classes (n); predicted: predicted classes (n); score: P(class 1) or a margin for
/// binary AUC (may be null for multi-class).
ClassificationMetrics classification_metrics(const float* labels, const float* predicted,
                                             const float* score, std::size_t n,
                                             std::size_t classes);
/// y, pred: (n * k) values.
RegressionMetrics regression_metrics(const float* y, const float* pred, std::size_t count);

}  // namespace descent
