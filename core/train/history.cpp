// See history.hpp.
#include "core/train/history.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace descent {

void History::push_step(std::int64_t step, const StepRecord& r, Span<const float> layer_norms) {
  if (!on_stride(step, stride_)) return;
  if (loss.size() >= limit_) {
    decimate();
    if (!on_stride(step, stride_)) return;
  }
  assert(layer_norms.size() == layer_grad_norm.size());
  loss.push_back(r.loss);
  grad_norm.push_back(r.grad_norm);
  lr.push_back(r.lr);
  update_norm.push_back(r.update_norm);
  step_size.push_back(r.step_size);
  penalty.push_back(r.penalty);
  trials.push_back(r.trials);
  for (std::size_t l = 0; l < layer_grad_norm.size(); ++l) layer_grad_norm[l].push_back(layer_norms[l]);
  ++version_;
}

void History::decimate() {
  // Keep the points whose step is a multiple of 2 * stride: with point j at step (j+1)*stride,
  // those are the odd j.
  auto keep_odd = [](auto& v) {
    std::size_t w = 0;
    for (std::size_t j = 1; j < v.size(); j += 2) v[w++] = v[j];
    v.resize(w);
  };
  keep_odd(loss);
  keep_odd(grad_norm);
  keep_odd(lr);
  keep_odd(update_norm);
  keep_odd(step_size);
  keep_odd(penalty);
  keep_odd(trials);
  for (std::vector<float>& v : layer_grad_norm) keep_odd(v);
  stride_ *= 2;
  ++version_;
}

void History::clear() {
  loss.clear();
  grad_norm.clear();
  lr.clear();
  update_norm.clear();
  step_size.clear();
  penalty.clear();
  trials.clear();
  for (std::vector<float>& v : layer_grad_norm) v.clear();
  epochs_.clear();
  stride_ = 1;
  ++version_;
}

void Trajectory::record(std::int64_t step, float x, float y, const double* value) {
  if (!due(step)) return;
  points_.push_back(x);
  points_.push_back(y);
  if (value) values_.push_back(*value);
  // Past the limit keep every other point (point j <-> step j * stride).
  if (points_.size() / 2 > limit_) {
    std::size_t w = 0;
    for (std::size_t j = 0; j < points_.size() / 2; j += 2, ++w) {
      points_[2 * w] = points_[2 * j];
      points_[2 * w + 1] = points_[2 * j + 1];
      if (!values_.empty()) values_[w] = values_[j];
    }
    points_.resize(2 * w);
    if (!values_.empty()) values_.resize(w);
    stride_ *= 2;
  }
}

void Snapshots::record(std::int64_t step, const std::vector<float>& params) {
  if (!on_stride(step, stride_)) return;
  const std::size_t cap = std::max<std::size_t>(3, std::min<std::size_t>(64, 8000000 / std::max<std::size_t>(params.size(), 1)));
  // Dropped snapshots keep their memory for the next ones (no allocation per snapshot).
  if (spare_.empty()) {
    kept_.push_back(params);
  } else {
    kept_.push_back(std::move(spare_.back()));
    spare_.pop_back();
    kept_.back().assign(params.begin(), params.end());
  }
  if (kept_.size() > cap) {
    // Keep every other one; swapping moves the dropped ones to the end, [w, size).
    std::size_t w = 0;
    for (std::size_t j = 0; j < kept_.size(); j += 2, ++w) std::swap(kept_[w], kept_[j]);
    for (std::size_t j = w; j < kept_.size(); ++j) spare_.push_back(std::move(kept_[j]));
    kept_.resize(w);
    stride_ *= 2;
  }
}

}  // namespace descent
