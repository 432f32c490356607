// Train/validation split and feature normalization; see preprocess.hpp.
// Split: regression draws round(f n) rows at random for validation; classification draws every
// class by the same fraction (round(f n_c), half up), then fixes the edges so each side keeps a row
// when n >= 2 and f > 0 (a single row stays in train). Both sides keep the file's row order (so
// training.shuffle false trains in data order). Normalization statistics: double sums in row order.
// Not here: anything that looks at the validation rows when fitting.
#include "core/data/preprocess.hpp"

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>

#include "core/simd/lanes.hpp"

namespace descent {
namespace {

std::size_t round_half_up(double v) { return static_cast<std::size_t>(std::floor(v + 0.5)); }

/// Copies the metadata of src and the listed rows, in that order.
void take_rows(const Dataset& src, const std::vector<std::uint32_t>& rows, Dataset& dst) {
  dst = Dataset();
  dst.n = rows.size();
  dst.inputs = src.inputs;
  dst.targets = src.targets;
  dst.classification = src.classification;
  dst.classes = src.classes;
  dst.feature_names = src.feature_names;
  dst.target_names = src.target_names;
  dst.class_names = src.class_names;
  dst.x.resize(rows.size() * src.inputs);
  dst.y.resize(rows.size() * src.targets);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t r = rows[i];
    for (std::size_t j = 0; j < src.inputs; ++j) dst.x[i * src.inputs + j] = src.x[r * src.inputs + j];
    for (std::size_t j = 0; j < src.targets; ++j) dst.y[i * src.targets + j] = src.y[r * src.targets + j];
  }
}

}  // namespace

// Draw order: regression: one shuffle of 0..n-1, validation = its first nv entries, train = the
// rest. Classification: per class c = 0..k-1 a shuffle of that class's rows (in row order), its
// first nv_c to validation. Both lists are then sorted back into row order. f = 0 draws nothing.
// Edge fixes: if f > 0, n >= 2 and no row went to validation, the class with most rows (lowest
// index on ties) gives one; if no row stayed in train (n >= 1), the class with most validation
// rows (lowest index on ties) gives one back. A single row always stays in train.
void split_dataset(const Dataset& ds, double validation_fraction, Rng& rng, Dataset& train,
                   Dataset& validation) {
  assert(ds.x.size() == ds.n * ds.inputs && ds.y.size() == ds.n * ds.targets);
  double f = validation_fraction;
  if (!(f > 0.0)) f = 0.0;  // NaN too
  if (f > 0.9) f = 0.9;
  const std::size_t n = ds.n;
  std::vector<std::uint32_t> val_rows, train_rows;

  if (f == 0.0) {
    for (std::size_t i = 0; i < n; ++i) train_rows.push_back(static_cast<std::uint32_t>(i));
  } else if (!ds.classification || ds.classes < 2) {
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
    rng.shuffle(order);
    std::size_t nv = round_half_up(f * static_cast<double>(n));
    if (f > 0.0 && n >= 2 && nv < 1) nv = 1;
    if (n >= 1 && nv > n - 1) nv = n - 1;  // train always keeps a row
    val_rows.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(nv));
    train_rows.assign(order.begin() + static_cast<std::ptrdiff_t>(nv), order.end());
  } else {
    const std::size_t k = ds.classes;
    std::vector<std::vector<std::uint32_t>> by_class(k);
    for (std::size_t i = 0; i < n; ++i) {
      const float v = ds.y[i * ds.targets];
      std::size_t c = v >= 0.0f ? static_cast<std::size_t>(v) : 0;  // labels are 0..k-1
      if (!(v >= 0.0f) || c >= k) c = k - 1;  // defensive: a bad label never indexes out of range
      by_class[c].push_back(static_cast<std::uint32_t>(i));
    }
    std::vector<std::size_t> nv(k);
    std::size_t total_val = 0;
    for (std::size_t c = 0; c < k; ++c) {
      rng.shuffle(by_class[c]);
      nv[c] = round_half_up(f * static_cast<double>(by_class[c].size()));
      if (nv[c] > by_class[c].size()) nv[c] = by_class[c].size();
      total_val += nv[c];
    }
    if (f > 0.0 && n >= 2 && total_val == 0) {
      std::size_t big = 0;
      for (std::size_t c = 1; c < k; ++c)
        if (by_class[c].size() > by_class[big].size()) big = c;
      ++nv[big];
      ++total_val;
    }
    if (n >= 1 && total_val == n) {  // train always keeps a row
      std::size_t big = 0;
      for (std::size_t c = 1; c < k; ++c)
        if (nv[c] > nv[big]) big = c;
      --nv[big];
      --total_val;
    }
    for (std::size_t c = 0; c < k; ++c) {
      val_rows.insert(val_rows.end(), by_class[c].begin(),
                      by_class[c].begin() + static_cast<std::ptrdiff_t>(nv[c]));
      train_rows.insert(train_rows.end(), by_class[c].begin() + static_cast<std::ptrdiff_t>(nv[c]),
                        by_class[c].end());
    }
  }
  std::sort(val_rows.begin(), val_rows.end());
  std::sort(train_rows.begin(), train_rows.end());
  take_rows(ds, train_rows, train);
  take_rows(ds, val_rows, validation);
}

void Normalizer::fit(const Dataset& train, const std::string& k) {
  assert(k == "zscore" || k == "minmax" || k == "none");
  kind = k == "zscore" || k == "minmax" ? k : "none";
  const std::size_t n = train.n, d = train.inputs;
  shift.assign(d, 0.0f);
  scale.assign(d, 1.0f);
  if (kind == "none" || n == 0) return;
  for (std::size_t j = 0; j < d; ++j) {
    double s = 0.0, sc = 1.0;
    if (kind == "zscore") {
      double sum = 0.0;
      for (std::size_t i = 0; i < n; ++i) sum += train.x[i * d + j];
      const double mean = sum / static_cast<double>(n);
      double ss = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        const double e = train.x[i * d + j] - mean;
        ss += e * e;
      }
      s = mean;
      sc = std::sqrt(ss / static_cast<double>(n));  // population std
    } else {
      double lo = train.x[j], hi = train.x[j];
      for (std::size_t i = 1; i < n; ++i) {
        lo = std::fmin(lo, static_cast<double>(train.x[i * d + j]));
        hi = std::fmax(hi, static_cast<double>(train.x[i * d + j]));
      }
      s = lo;
      sc = hi - lo;
    }
    shift[j] = static_cast<float>(s);
    float scf = static_cast<float>(sc);
    if (!(scf > 0.0f)) scf = 1.0f;          // constant column (or a std below float range)
    if (!std::isfinite(scf)) scf = FLT_MAX;  // a range wider than float (|x| near FLT_MAX)
    scale[j] = scf;
  }
}

void Normalizer::apply(Dataset& ds) const { apply_rows(ds.x.data(), ds.n, ds.inputs); }

// x is (n, inputs) row-major; each row: x' = (x - shift) / scale in float (IEEE, exact same bits
// for any lane width).
void Normalizer::apply_rows(float* x, std::size_t n, std::size_t inputs) const {
  if (kind == "none" || n == 0) return;
  assert(shift.size() == inputs && scale.size() == inputs);
  if (shift.size() != inputs || scale.size() != inputs) return;
  const float* sh = shift.data();
  const float* sc = scale.data();
  for (std::size_t i = 0; i < n; ++i)
    simd::for_lanes(
        inputs, [](simd::fbatch& v, const simd::fbatch& a, const simd::fbatch& b) { v = (v - a) / b; },
        x + i * inputs, sh, sc);
}

}  // namespace descent
