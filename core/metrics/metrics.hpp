// Evaluation metrics, computed from predictions and targets at epoch ends.
// Classification: accuracy, precision, recall, F1 (binary: positive class 1; macro over classes),
// ROC AUC (binary, from scores, ties averaged), confusion matrix (rows = true, cols = predicted).
// Regression: MSE, RMSE, MAE, R^2 (1 - SS_res / SS_tot; when SS_tot = 0: 1 if SS_res = 0, else 0).
// Zero division gives 0 (scikit-learn's zero_division=0); macro averages run over the classes
// present in the labels or the predictions. All sums in double, in row order.
#pragma once
#include <cstddef>
#include <vector>

namespace descent {

struct ClassificationMetrics {
  std::size_t classes = 0, n = 0;
  double accuracy = 0, precision = 0, recall = 0, f1 = 0;  // binary: class 1; multi: macro
  double macro_precision = 0, macro_recall = 0, macro_f1 = 0;
  double auc = -1;                       // binary only; -1 when undefined (one class present, NaN score)
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
/// y, pred: (n, outputs) row-major, count = n * outputs values. MSE and MAE average over every
/// value; R^2 is computed per output column and averaged (scikit-learn's "uniform_average").
/// count = 0 gives all zeros.
RegressionMetrics regression_metrics(const float* y, const float* pred, std::size_t count,
                                     std::size_t outputs = 1);

}  // namespace descent
