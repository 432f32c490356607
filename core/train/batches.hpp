// The order in which training rows are visited: epochs of mini-batches over a split, reshuffled
// at each epoch start (seeded), or the rows in data order, read in place without a copy. The last
// batch of an epoch may be short; it is used, not dropped (torch's drop_last=False).
// Not here: what is computed on a batch (model_objective.hpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/train/model_objective.hpp"
#include "core/util/rng.hpp"

namespace descent {

class BatchStream {
 public:
  /// Batches of `batch` rows of x (the split's features) and target (target_cols per row).
  /// shuffle: a new order from rng at every epoch start; otherwise data order, read in place.
  BatchStream(const Dataset& x, const std::vector<float>& target, std::size_t target_cols, std::size_t batch,
              bool shuffle, Rng rng);

  /// The next batch, starting a new epoch when the last one has ended.
  Batch next();
  /// Whether the last batch handed out ended an epoch.
  bool epoch_done() const { return pos_ >= n_; }

  /// The orders of epochs 0..epochs-1, concatenated, as a stream that starts from rng visits them.
  static std::vector<std::uint32_t> orders(std::size_t n, bool shuffle, Rng rng, std::int64_t epochs);

 private:
  const Dataset& x_;
  const std::vector<float>& target_;
  std::size_t n_, d_, tc_, batch_, pos_ = 0;
  bool shuffle_;
  Rng rng_;
  std::vector<std::uint32_t> order_;
  std::vector<float> xb_, tb_;  // the gathered batch (shuffled orders only)
};

}  // namespace descent
