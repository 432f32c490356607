// See batches.hpp.
#include "core/train/batches.hpp"

#include <algorithm>
#include <cstring>

namespace descent {

BatchStream::BatchStream(const Dataset& x, const std::vector<float>& target, std::size_t target_cols, std::size_t batch,
                         bool shuffle, Rng rng)
    : x_(x), target_(target), n_(x.n), d_(x.inputs), tc_(target_cols), batch_(batch), pos_(x.n), shuffle_(shuffle),
      rng_(rng) {
  if (shuffle_) {
    order_.resize(n_);
    xb_.resize(batch_ * d_);
    tb_.resize(batch_ * tc_);
  }
}

Batch BatchStream::next() {
  if (pos_ >= n_) {
    pos_ = 0;
    if (shuffle_) {
      for (std::size_t i = 0; i < n_; ++i) order_[i] = std::uint32_t(i);
      rng_.shuffle(order_);
    }
  }
  const std::size_t bs = std::min(batch_, n_ - pos_);
  Batch b{nullptr, nullptr, bs};
  if (!shuffle_) {
    // Data order: rows pos .. pos + bs of the split, read in place.
    b.x = x_.x.data() + pos_ * d_;
    b.target = target_.data() + pos_ * tc_;
  } else {
    for (std::size_t i = 0; i < bs; ++i) {
      const std::size_t r = order_[pos_ + i];
      std::memcpy(xb_.data() + i * d_, x_.x.data() + r * d_, d_ * sizeof(float));
      std::memcpy(tb_.data() + i * tc_, target_.data() + r * tc_, tc_ * sizeof(float));
    }
    b.x = xb_.data();
    b.target = tb_.data();
  }
  pos_ += bs;
  return b;
}

std::vector<std::uint32_t> BatchStream::orders(std::size_t n, bool shuffle, Rng rng, std::int64_t epochs) {
  std::vector<std::uint32_t> all, order(n);
  if (epochs <= 0) return all;
  all.reserve(n * std::size_t(epochs));
  for (std::int64_t e = 0; e < epochs; ++e) {
    for (std::size_t i = 0; i < n; ++i) order[i] = std::uint32_t(i);
    if (shuffle) rng.shuffle(order);
    all.insert(all.end(), order.begin(), order.end());
  }
  return all;
}

}  // namespace descent
