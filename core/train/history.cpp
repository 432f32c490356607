// See history.hpp.
#include "core/train/history.hpp"

namespace descent {

void History::push_step(long step, const StepRecord& r) {
  if (!on_stride(step, stride_)) return;
  if (loss.size() >= limit_) {
    decimate();
    if (!on_stride(step, stride_)) return;
  }
  loss.push_back(r.loss);
  grad_norm.push_back(r.grad_norm);
  lr.push_back(r.lr);
  update_norm.push_back(r.update_norm);
  step_size.push_back(r.step_size);
  penalty.push_back(r.penalty);
  trials.push_back(r.trials);
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
  epochs_.clear();
  stride_ = 1;
  ++version_;
}

}  // namespace descent
