// Split and normalization: sizes worked out by hand (round half up, per class when stratified),
// a partition of the rows, a seeded draw in row order, edge cases; z-score and min-max fitted on the training
// split only (the validation statistics differ and must not leak in), constant columns, and the
// lane-padded apply against the scalar formula for every width 1..9.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/data/generators.hpp"
#include "core/data/preprocess.hpp"

using namespace descent;

namespace {

/// n rows, x = (i, 1000 + i), y = label[i] (classification) or 0.5 i.
Dataset rows(std::size_t n, const std::vector<int>& labels = {}, std::size_t classes = 0) {
  Dataset ds;
  ds.n = n;
  ds.inputs = 2;
  ds.feature_names = {"a", "b"};
  ds.target_names = {"y"};
  for (std::size_t i = 0; i < n; ++i) {
    ds.x.push_back(static_cast<float>(i));
    ds.x.push_back(static_cast<float>(1000 + i));
    ds.y.push_back(labels.empty() ? 0.5f * i : static_cast<float>(labels[i]));
  }
  if (!labels.empty()) {
    ds.classification = true;
    ds.classes = classes;
    for (std::size_t c = 0; c < classes; ++c) ds.class_names.push_back(std::to_string(c));
  }
  return ds;
}

std::vector<int> labels_of(const std::vector<std::size_t>& counts) {
  std::vector<int> l;
  for (std::size_t c = 0; c < counts.size(); ++c) l.insert(l.end(), counts[c], static_cast<int>(c));
  return l;
}

std::vector<std::size_t> class_sizes(const Dataset& ds) {
  std::vector<std::size_t> c(ds.classes, 0);
  for (float v : ds.y) ++c[static_cast<std::size_t>(v)];
  return c;
}

/// The original row index of every row of part (x[0] = i), checking the row is intact.
std::vector<std::size_t> origin(const Dataset& src, const Dataset& part) {
  std::vector<std::size_t> o;
  for (std::size_t i = 0; i < part.n; ++i) {
    const std::size_t r = static_cast<std::size_t>(part.x[2 * i]);
    CHECK(part.x[2 * i + 1] == src.x[2 * r + 1]);
    CHECK(part.y[i] == src.y[r]);
    o.push_back(r);
  }
  return o;
}

void check_partition(const Dataset& src, const Dataset& train, const Dataset& val) {
  std::vector<std::size_t> all = origin(src, train), v = origin(src, val);
  all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> want(src.n);
  for (std::size_t i = 0; i < src.n; ++i) want[i] = i;
  CHECK(all == want);
  for (const Dataset* d : {&train, &val}) {
    CHECK(d->inputs == src.inputs);
    CHECK(d->targets == src.targets);
    CHECK(d->classification == src.classification);
    CHECK(d->classes == src.classes);
    CHECK(d->feature_names == src.feature_names);
    CHECK(d->target_names == src.target_names);
    CHECK(d->class_names == src.class_names);
    CHECK(d->x.size() == d->n * d->inputs);
    CHECK(d->y.size() == d->n);
  }
}

struct Split {
  Dataset train, val;
};

Split split(const Dataset& ds, double f, std::uint64_t seed = 3) {
  Rng rng(seed, RngStream::split);
  Split s;
  split_dataset(ds, f, rng, s.train, s.val);
  check_partition(ds, s.train, s.val);
  return s;
}

}  // namespace

TEST_CASE("regression split: round(f n) rows to validation, a seeded draw, row order kept") {
  const Dataset ds = rows(10);
  Split s = split(ds, 0.2);
  CHECK(s.val.n == 2);  // 0.2 * 10 = 2
  CHECK(s.train.n == 8);
  CHECK(split(ds, 0.25).val.n == 3);  // 2.5 rounds half up to 3
  CHECK(split(ds, 0.24).val.n == 2);  // 2.4 -> 2
  CHECK(split(ds, 0.0).val.n == 0);
  CHECK(split(ds, 0.0).train.n == 10);
  CHECK(split(ds, 0.01).val.n == 1);  // 0.1 -> 0, but f > 0 keeps one row on each side
  CHECK(split(rows(2), 0.9).val.n == 1);   // 1.8 -> 2, but train keeps one
  CHECK(split(rows(2), 0.9).train.n == 1);
  CHECK(split(rows(1), 0.5).train.n == 1);  // a single row stays in train
  CHECK(split(rows(0), 0.5).train.n == 0);
  CHECK(split(ds, 1.5).val.n == 9);  // clamped to 0.9
  // Same seed, same rows; another seed, other rows; the rows are drawn (not the first or last
  // 30), and both sides keep the file's order (training.shuffle false then means data order).
  const Dataset big = rows(100);
  const Split a = split(big, 0.3, 1), b = split(big, 0.3, 1), c = split(big, 0.3, 2);
  CHECK(origin(big, a.val) == origin(big, b.val));
  CHECK(origin(big, a.train) == origin(big, b.train));
  CHECK(origin(big, a.val) != origin(big, c.val));
  const auto t = origin(big, a.train), v = origin(big, a.val);
  CHECK(std::is_sorted(t.begin(), t.end()));
  CHECK(std::is_sorted(v.begin(), v.end()));
  CHECK(v.front() < 70);  // not the last 30 rows
  CHECK(v.back() >= 30);  // not the first 30 rows
  // No split: every row in train, in order (issue 22: x = 1..4 in batches of 2 takes x1, x2 first).
  const Split none = split(big, 0.0, 1);
  std::vector<std::size_t> all(100);
  for (std::size_t i = 0; i < 100; ++i) all[i] = i;
  CHECK(origin(big, none.train) == all);
}

TEST_CASE("stratified split: each class by the same fraction, rounded half up") {
  // 80 of class 0, 20 of class 1, f = 0.25: 20 and 5 to validation.
  Split s = split(rows(100, labels_of({80, 20}), 2), 0.25);
  CHECK(class_sizes(s.val) == std::vector<std::size_t>{20, 5});
  CHECK(class_sizes(s.train) == std::vector<std::size_t>{60, 15});
  // Classes of 7, 5, 3 rows, f = 0.3: 2.1 -> 2, 1.5 -> 2, 0.9 -> 1.
  s = split(rows(15, labels_of({7, 5, 3}), 3), 0.3);
  CHECK(class_sizes(s.val) == std::vector<std::size_t>{2, 2, 1});
  CHECK(class_sizes(s.train) == std::vector<std::size_t>{5, 3, 2});
  // Interleaved labels work the same as sorted ones.
  std::vector<int> inter;
  for (int i = 0; i < 40; ++i) inter.push_back(i % 4 == 0);  // 30 zeros, 10 ones
  s = split(rows(40, inter, 2), 0.2);
  CHECK(class_sizes(s.val) == std::vector<std::size_t>{6, 2});
  // Edges: two rows of different classes, f = 0.1: both round to 0; the largest class (a tie,
  // so class 0) gives one row.
  s = split(rows(2, {1, 0}, 2), 0.1);
  CHECK(s.val.n == 1);
  CHECK(s.val.y[0] == 0.0f);
  CHECK(s.train.y[0] == 1.0f);
  // Three classes of one row, f = 0.9: all three round to 1; the class with most validation rows
  // (a tie, so class 0) gives one back to train.
  s = split(rows(3, {2, 1, 0}, 3), 0.9);
  CHECK(s.train.n == 1);
  CHECK(s.train.y[0] == 0.0f);
  CHECK(class_sizes(s.val) == std::vector<std::size_t>{0, 1, 1});
  // Both sides keep row order; the rows drawn are not simply the first of each class.
  s = split(rows(100, labels_of({50, 50}), 2), 0.5);
  const auto v = origin(rows(100, labels_of({50, 50}), 2), s.val), tr = origin(rows(100, labels_of({50, 50}), 2), s.train);
  CHECK(std::is_sorted(v.begin(), v.end()));
  CHECK(std::is_sorted(tr.begin(), tr.end()));
  CHECK(v != std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
                                      50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74});
  // Determinism per seed.
  const Dataset ds = rows(100, labels_of({50, 50}), 2);
  CHECK(origin(ds, split(ds, 0.3, 9).val) == origin(ds, split(ds, 0.3, 9).val));
  CHECK(origin(ds, split(ds, 0.3, 9).val) != origin(ds, split(ds, 0.3, 10).val));
}

TEST_CASE("z-score: population statistics of the training split only") {
  // train column a: 1, 2, 3, 4: mean 2.5, population variance (2.25 + 0.25 + 0.25 + 2.25) / 4
  // = 1.25, sd 1.1180340. Column b constant 7: scale 1.
  Dataset train;
  train.n = 4;
  train.inputs = 2;
  train.x = {1, 7, 2, 7, 3, 7, 4, 7};
  train.y = {0, 0, 0, 0};
  Normalizer norm;
  norm.fit(train, "zscore");
  CHECK(norm.kind == "zscore");
  CHECK(norm.shift == std::vector<float>{2.5f, 7.0f});
  CHECK(norm.scale[0] == static_cast<float>(std::sqrt(1.25)));
  CHECK(norm.scale[1] == 1.0f);
  // Validation: a = 10, 20 (its own mean 15 and sd 5 must NOT be used).
  Dataset val;
  val.n = 2;
  val.inputs = 2;
  val.x = {10, 7, 20, 8};
  val.y = {0, 0};
  norm.apply(val);
  CHECK(val.x[0] == doctest::Approx((10 - 2.5) / 1.1180340));  // 6.7082, not -1
  CHECK(val.x[2] == doctest::Approx((20 - 2.5) / 1.1180340));  // 15.652, not 1
  CHECK(val.x[1] == 0.0f);
  CHECK(val.x[3] == 1.0f);  // (8 - 7) / 1
  norm.apply(train);
  double sum = 0, ss = 0;
  for (std::size_t i = 0; i < 4; ++i) sum += train.x[2 * i];
  for (std::size_t i = 0; i < 4; ++i) ss += (train.x[2 * i] - sum / 4) * (train.x[2 * i] - sum / 4);
  CHECK(sum / 4 == doctest::Approx(0.0).scale(1));
  CHECK(std::sqrt(ss / 4) == doctest::Approx(1.0));
  CHECK(train.x[1] == 0.0f);
}

TEST_CASE("z-score after a split: mean 0 and sd 1 on train, not on validation") {
  ParamValues p;
  p.num["samples"] = 1000;
  p.num["scale"] = 100;
  Rng rng(5, RngStream::data);
  Dataset ds;
  REQUIRE(find_generator("plane")->generate(p, rng, ds).ok());
  Rng srng(5, RngStream::split);
  Dataset train, val;
  split_dataset(ds, 0.2, srng, train, val);
  Normalizer norm;
  norm.fit(train, "zscore");
  norm.apply(train);
  norm.apply(val);
  for (std::size_t j = 0; j < 2; ++j) {
    double s = 0, ss = 0, vs = 0;
    for (std::size_t i = 0; i < train.n; ++i) s += train.x[i * 2 + j];
    const double mean = s / train.n;
    for (std::size_t i = 0; i < train.n; ++i) ss += (train.x[i * 2 + j] - mean) * (train.x[i * 2 + j] - mean);
    CHECK(std::fabs(mean) < 1e-6);
    CHECK(std::sqrt(ss / train.n) == doctest::Approx(1.0).epsilon(1e-5));
    for (std::size_t i = 0; i < val.n; ++i) vs += val.x[i * 2 + j];
    CHECK(std::fabs(vs / val.n) > 1e-4);  // validation is only near 0, not fitted to it
  }
}

TEST_CASE("min-max: [min, max] of train to [0, 1], validation may fall outside") {
  Dataset train;
  train.n = 3;
  train.inputs = 1;
  train.x = {2, 6, 4};
  train.y = {0, 0, 0};
  Normalizer norm;
  norm.fit(train, "minmax");
  CHECK(norm.shift == std::vector<float>{2});
  CHECK(norm.scale == std::vector<float>{4});
  norm.apply(train);
  CHECK(train.x == std::vector<float>{0, 1, 0.5f});
  Dataset val = train;
  val.x = {8, 0, 2};
  norm.apply(val);
  CHECK(val.x == std::vector<float>{1.5f, -0.5f, 0});  // (8-2)/4, (0-2)/4, (2-2)/4
  // Constant column: scale 1.
  train.x = {3, 3, 3};
  norm.fit(train, "minmax");
  CHECK(norm.scale == std::vector<float>{1});
  norm.apply(train);
  CHECK(train.x == std::vector<float>{0, 0, 0});
}

TEST_CASE("none leaves data alone, an empty train fits the identity") {
  Dataset d;
  d.n = 2;
  d.inputs = 1;
  d.x = {3, 5};
  d.y = {0, 0};
  Normalizer norm;
  norm.fit(d, "none");
  norm.apply(d);
  CHECK(d.x == std::vector<float>{3, 5});
  Dataset empty;
  empty.inputs = 1;
  norm.fit(empty, "zscore");
  CHECK(norm.shift == std::vector<float>{0});
  CHECK(norm.scale == std::vector<float>{1});
}

TEST_CASE("apply_rows matches (x - shift) / scale bit for bit for every width 1..9") {
  Rng rng(77, 1);
  for (std::size_t d = 1; d <= 9; ++d) {
    const std::size_t n = 5;
    Dataset train;
    train.n = n;
    train.inputs = d;
    for (std::size_t i = 0; i < n * d; ++i) train.x.push_back(rng.uniform(-50.0f, 50.0f));
    train.y.assign(n, 0);
    for (const char* kind : {"zscore", "minmax"}) {
      Normalizer norm;
      norm.fit(train, kind);
      std::vector<float> x = train.x;
      norm.apply_rows(x.data(), n, d);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < d; ++j) {
          const float want = (train.x[i * d + j] - norm.shift[j]) / norm.scale[j];
          CHECK(std::memcmp(&x[i * d + j], &want, 4) == 0);
        }
    }
  }
}
