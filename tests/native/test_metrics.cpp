// Metrics against hand-computed values: a 2x2 confusion matrix, a 3-class macro F1, zero-division
// conventions, an AUC with ties worked out pair by pair, R^2 by hand (single and multi-output),
// and the documented edge cases (one class, constant target, no rows).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/metrics/metrics.hpp"

using namespace descent;

namespace {

ClassificationMetrics cm(const std::vector<float>& y, const std::vector<float>& p, std::size_t k,
                         const std::vector<float>& score = {}) {
  REQUIRE(y.size() == p.size());
  return classification_metrics(y.data(), p.data(), score.empty() ? nullptr : score.data(), y.size(), k);
}

double auc(const std::vector<float>& y, const std::vector<float>& s) { return cm(y, y, 2, s).auc; }

}  // namespace

TEST_CASE("binary: a 2x2 confusion matrix by hand") {
  // true:  1 1 1 1 0 0 0 0 0 0
  // pred:  1 1 1 0 1 1 0 0 0 0   -> TP 3, FN 1, FP 2, TN 4
  const auto m = cm({1, 1, 1, 1, 0, 0, 0, 0, 0, 0}, {1, 1, 1, 0, 1, 1, 0, 0, 0, 0}, 2);
  CHECK(m.n == 10);
  CHECK(m.classes == 2);
  CHECK(m.confusion == std::vector<std::size_t>{4, 2, 1, 3});  // rows true 0, 1; cols predicted
  CHECK(m.accuracy == doctest::Approx(0.7));                   // (3 + 4) / 10
  CHECK(m.precision == doctest::Approx(0.6));                  // 3 / (3 + 2)
  CHECK(m.recall == doctest::Approx(0.75));                    // 3 / (3 + 1)
  CHECK(m.f1 == doctest::Approx(2.0 / 3.0));                   // 2*3 / (2*3 + 2 + 1) = 6/9
  // Class 0: precision 4/5, recall 4/6, F1 8/11.
  CHECK(m.macro_precision == doctest::Approx((0.8 + 0.6) / 2));           // 0.7
  CHECK(m.macro_recall == doctest::Approx((4.0 / 6 + 0.75) / 2));         // 0.708333
  CHECK(m.macro_f1 == doctest::Approx((8.0 / 11 + 2.0 / 3) / 2));         // 23/33 = 0.69697
  CHECK(m.auc == -1);  // no scores
}

TEST_CASE("three classes: macro precision, recall and F1 by hand") {
  // true 0 -> 0 0 1; true 1 -> 1 1 2; true 2 -> 2 0 0
  const auto m = cm({0, 0, 0, 1, 1, 1, 2, 2, 2}, {0, 0, 1, 1, 1, 2, 2, 0, 0}, 3);
  CHECK(m.confusion == std::vector<std::size_t>{2, 1, 0, 0, 2, 1, 2, 0, 1});
  CHECK(m.accuracy == doctest::Approx(5.0 / 9));
  // Predicted counts 4, 3, 2. Precision 2/4, 2/3, 1/2; recall 2/3, 2/3, 1/3;
  // F1 = 2tp/(pred + true): 4/7, 4/6, 2/5.
  CHECK(m.macro_precision == doctest::Approx(5.0 / 9));  // (1/2 + 2/3 + 1/2) / 3
  CHECK(m.macro_recall == doctest::Approx(5.0 / 9));     // (2/3 + 2/3 + 1/3) / 3
  CHECK(m.macro_f1 == doctest::Approx(172.0 / 315));     // (60 + 70 + 42) / 105 / 3 = 0.546032
  CHECK(m.f1 == m.macro_f1);
  CHECK(m.precision == m.macro_precision);
  CHECK(m.recall == m.macro_recall);
  CHECK(m.auc == -1);
}

TEST_CASE("zero division gives 0, classes absent everywhere are left out of the macro mean") {
  // Class 2 is never predicted: precision 0 (sklearn zero_division=0), recall 0, F1 0.
  // Class 1: tp 1, predicted 2, true 1 -> precision 1/2, recall 1, F1 2/3. Class 0: all 1.
  auto m = cm({0, 1, 2}, {0, 1, 1}, 3);
  CHECK(m.macro_precision == doctest::Approx(0.5));      // (1 + 1/2 + 0) / 3
  CHECK(m.macro_recall == doctest::Approx(2.0 / 3));     // (1 + 1 + 0) / 3
  CHECK(m.macro_f1 == doctest::Approx(5.0 / 9));         // (1 + 2/3 + 0) / 3
  // Binary with no positive prediction: precision 0, recall 0, F1 0.
  m = cm({1, 0, 0}, {0, 0, 0}, 2);
  CHECK(m.precision == 0);
  CHECK(m.recall == 0);
  CHECK(m.f1 == 0);
  CHECK(m.accuracy == doctest::Approx(2.0 / 3));
  // Classes 2 and 3 appear in neither labels nor predictions: the mean runs over classes 0, 1.
  m = cm({0, 1, 1}, {0, 1, 1}, 4);
  CHECK(m.macro_f1 == 1.0);
  CHECK(m.macro_precision == 1.0);
  CHECK(m.confusion.size() == 16);
  // No rows: everything 0.
  m = cm({}, {}, 2);
  CHECK(m.accuracy == 0);
  CHECK(m.macro_f1 == 0);
  CHECK(m.auc == -1);
}

TEST_CASE("ROC AUC: Mann-Whitney with ties averaged") {
  // Positives score 0.9, 0.5, 0.3; negatives 0.9, 0.5, 0.1. Pairs (pos, neg):
  //   0.9: tie 0.5 + win + win = 2.5;  0.5: loss + tie 0.5 + win = 1.5;  0.3: 0 + 0 + 1 = 1.
  // AUC = 5 / 9. (Ranks: 0.1 -> 1, 0.3 -> 2, 0.5 -> 3.5, 0.9 -> 5.5; positives 11; U = 11 - 6.)
  CHECK(auc({1, 0, 1, 0, 1, 0}, {0.9f, 0.9f, 0.5f, 0.5f, 0.3f, 0.1f}) == doctest::Approx(5.0 / 9));
  CHECK(auc({1, 1, 0, 0}, {0.8f, 0.7f, 0.2f, 0.1f}) == 1.0);
  CHECK(auc({1, 1, 0, 0}, {0.1f, 0.2f, 0.7f, 0.8f}) == 0.0);
  CHECK(auc({1, 0, 1, 0}, {0.5f, 0.5f, 0.5f, 0.5f}) == 0.5);  // all tied
  // Margins (negative scores) work the same: positives -1, 3; negatives -2, 3, 5.
  // -1: beats -2 -> 1;  3: beats -2, ties 3 -> 1.5.  2.5 / 6.
  CHECK(auc({1, 0, 1, 0, 0}, {-1, -2, 3, 3, 5}) == doctest::Approx(2.5 / 6));
  // Undefined: one class absent, or a NaN score.
  CHECK(auc({1, 1, 1}, {0.1f, 0.2f, 0.3f}) == -1);
  CHECK(auc({0, 0}, {0.1f, 0.2f}) == -1);
  CHECK(auc({1, 0}, {std::numeric_limits<float>::quiet_NaN(), 0.2f}) == -1);
}

TEST_CASE("regression: MSE, RMSE, MAE and R^2 by hand") {
  // y 1 2 3 4, pred 1.5 2 2.5 5: residuals 0.5 0 -0.5 1 -> SS_res 1.5, |r| sum 2;
  // mean y 2.5 -> SS_tot 2.25 + 0.25 + 0.25 + 2.25 = 5; R^2 = 1 - 1.5/5 = 0.7.
  const std::vector<float> y{1, 2, 3, 4}, p{1.5f, 2, 2.5f, 5};
  auto m = regression_metrics(y.data(), p.data(), 4);
  CHECK(m.n == 4);
  CHECK(m.mse == doctest::Approx(0.375));
  CHECK(m.rmse == doctest::Approx(std::sqrt(0.375)));  // 0.612372
  CHECK(m.mae == doctest::Approx(0.5));
  CHECK(m.r2 == doctest::Approx(0.7));
  // Predicting the mean gives R^2 = 0; worse than the mean is negative.
  const std::vector<float> mean{2.5f, 2.5f, 2.5f, 2.5f}, bad{4, 3, 2, 1};
  CHECK(regression_metrics(y.data(), mean.data(), 4).r2 == doctest::Approx(0.0));
  // bad: residuals 3 1 -1 -3 -> SS_res 20; R^2 = 1 - 20/5 = -3.
  CHECK(regression_metrics(y.data(), bad.data(), 4).r2 == doctest::Approx(-3.0));
}

TEST_CASE("R^2 with a constant target: 1 if perfect, else 0, no rows: zeros") {
  const std::vector<float> y{3, 3}, same{3, 3}, off{3, 4};
  CHECK(regression_metrics(y.data(), same.data(), 2).r2 == 1.0);
  auto m = regression_metrics(y.data(), off.data(), 2);
  CHECK(m.r2 == 0.0);
  CHECK(m.mse == doctest::Approx(0.5));
  m = regression_metrics(y.data(), off.data(), 0);
  CHECK(m.n == 0);
  CHECK(m.mse == 0);
  CHECK(m.r2 == 0);
}

TEST_CASE("multi-output: MSE over every value, R^2 averaged over outputs") {
  // Output 0 as above (R^2 0.7, SS_res 1.5, |r| 2). Output 1: y 0 0 2 2, pred 0 1 1 2:
  // mean 1, SS_tot 4, SS_res 0 + 1 + 1 + 0 = 2 -> R^2 0.5, |r| 2.
  const std::vector<float> y{1, 0, 2, 0, 3, 2, 4, 2}, p{1.5f, 0, 2, 1, 2.5f, 1, 5, 2};
  const auto m = regression_metrics(y.data(), p.data(), 8, 2);
  CHECK(m.n == 8);
  CHECK(m.mse == doctest::Approx(3.5 / 8));
  CHECK(m.mae == doctest::Approx(4.0 / 8));
  CHECK(m.r2 == doctest::Approx((0.7 + 0.5) / 2));
}
