// Classification and regression metrics; see metrics.hpp. Everything is accumulated in double in
// row order. Conventions (scikit-learn's, zero_division=0): a class never predicted has precision
// 0, a class never present has recall 0, F1 = 2 tp / (2 tp + fp + fn) (0 when that is 0/0); macro
// averages run over the classes present in the labels or the predictions. Not here: losses.
#include "core/metrics/metrics.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

namespace descent {
namespace {

/// A stored class label -> index; out-of-range or NaN values (programmer errors) are clamped.
std::size_t class_index(float v, std::size_t classes) {
  assert(v >= 0.0f && v < static_cast<float>(classes));
  if (!(v >= 0.0f)) return 0;
  const std::size_t c = static_cast<std::size_t>(v);
  return c < classes ? c : classes - 1;
}

double ratio(double a, double b) { return b > 0.0 ? a / b : 0.0; }

/// Mann-Whitney U / (P N): the probability that a random positive scores above a random negative,
/// ties counting one half. Ranks from a sort by score; tied scores share their average rank.
/// -1 when a class is absent or any score is NaN.
double binary_auc(const float* labels, const float* score, std::size_t n) {
  std::vector<std::size_t> idx;
  idx.reserve(n);
  double positives = 0.0, negatives = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(score[i])) return -1.0;
    if (labels[i] == 1.0f) positives += 1.0;
    else negatives += 1.0;
    idx.push_back(i);
  }
  if (positives == 0.0 || negatives == 0.0) return -1.0;
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return score[a] < score[b]; });
  double rank_sum = 0.0;  // sum of the positives' 1-based ranks; half-integers, exact in double
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && score[idx[j]] == score[idx[i]]) ++j;
    const double avg_rank = 0.5 * (static_cast<double>(i + 1) + static_cast<double>(j));  // ranks i+1..j
    for (std::size_t t = i; t < j; ++t)
      if (labels[idx[t]] == 1.0f) rank_sum += avg_rank;
    i = j;
  }
  const double u = rank_sum - positives * (positives + 1.0) / 2.0;
  return u / (positives * negatives);
}

}  // namespace

ClassificationMetrics classification_metrics(const float* labels, const float* predicted,
                                             const float* score, std::size_t n,
                                             std::size_t classes) {
  assert(classes >= 1);
  if (classes == 0) classes = 1;
  ClassificationMetrics m;
  m.classes = classes;
  m.n = n;
  m.confusion.assign(classes * classes, 0);
  for (std::size_t i = 0; i < n; ++i)
    ++m.confusion[class_index(labels[i], classes) * classes + class_index(predicted[i], classes)];

  std::vector<double> tp(classes, 0.0), actual(classes, 0.0), pred(classes, 0.0);
  double correct = 0.0;
  for (std::size_t t = 0; t < classes; ++t)
    for (std::size_t p = 0; p < classes; ++p) {
      const double c = static_cast<double>(m.confusion[t * classes + p]);
      actual[t] += c;
      pred[p] += c;
      if (t == p) tp[t] = c, correct += c;
    }
  m.accuracy = ratio(correct, static_cast<double>(n));

  std::vector<double> prec(classes), rec(classes), f1(classes);
  double sum_p = 0.0, sum_r = 0.0, sum_f = 0.0, present = 0.0;
  for (std::size_t c = 0; c < classes; ++c) {
    prec[c] = ratio(tp[c], pred[c]);
    rec[c] = ratio(tp[c], actual[c]);
    // 2 tp / (2 tp + fp + fn), fp = pred - tp, fn = actual - tp.
    f1[c] = ratio(2.0 * tp[c], pred[c] + actual[c]);
    if (actual[c] > 0.0 || pred[c] > 0.0) {
      sum_p += prec[c];
      sum_r += rec[c];
      sum_f += f1[c];
      present += 1.0;
    }
  }
  m.macro_precision = ratio(sum_p, present);
  m.macro_recall = ratio(sum_r, present);
  m.macro_f1 = ratio(sum_f, present);
  if (classes == 2) {
    m.precision = prec[1];
    m.recall = rec[1];
    m.f1 = f1[1];
    if (score) m.auc = binary_auc(labels, score, n);
  } else {
    m.precision = m.macro_precision;
    m.recall = m.macro_recall;
    m.f1 = m.macro_f1;
  }
  return m;
}

RegressionMetrics regression_metrics(const float* y, const float* pred, std::size_t count,
                                     std::size_t outputs) {
  RegressionMetrics m;
  if (outputs == 0) outputs = 1;
  assert(count % outputs == 0);
  m.n = count;
  if (count == 0) return m;
  double se = 0.0, ae = 0.0;
  for (std::size_t i = 0; i < count; ++i) {
    const double r = static_cast<double>(pred[i]) - static_cast<double>(y[i]);
    se += r * r;
    ae += std::fabs(r);
  }
  m.mse = se / static_cast<double>(count);
  m.rmse = std::sqrt(m.mse);
  m.mae = ae / static_cast<double>(count);

  // R^2 per output column, then the plain mean (scikit-learn's multioutput="uniform_average").
  const std::size_t rows = count / outputs;
  double r2_sum = 0.0;
  for (std::size_t k = 0; k < outputs; ++k) {
    double sum = 0.0;
    for (std::size_t i = 0; i < rows; ++i) sum += y[i * outputs + k];
    const double mean = sum / static_cast<double>(rows);
    double ss_tot = 0.0, ss_res = 0.0;
    for (std::size_t i = 0; i < rows; ++i) {
      const double d = static_cast<double>(y[i * outputs + k]) - mean;
      const double r = static_cast<double>(pred[i * outputs + k]) - static_cast<double>(y[i * outputs + k]);
      ss_tot += d * d;
      ss_res += r * r;
    }
    double r2;
    if (ss_tot > 0.0) r2 = 1.0 - ss_res / ss_tot;
    else r2 = ss_res == 0.0 ? 1.0 : 0.0;  // constant target: perfect or nothing explained
    r2_sum += r2;
  }
  m.r2 = r2_sum / static_cast<double>(outputs);
  return m;
}

}  // namespace descent
