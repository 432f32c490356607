// What a run leaves behind, bounded for any run length:
//   History     per-step series (loss, gradient norm, LR, update norm, line-search step and
//               trials, penalty; the gradient norm of each layer of a model) and per-epoch
//               series (train/validation loss and metric, LR).
//               When the per-step series reach `limit` points they are decimated by 2 (the stride
//               doubles); point j then stands for step (j + 1) * stride. Epochs are kept whole.
//   Trajectory  the (x, y) path of 2-parameter problems (and f there in function mode), point j
//               after j * stride updates, thinned the same way.
//   Snapshots   a few whole parameter vectors along the way (landscape paths, PCA axes).
// Counts are 64-bit (a run may have 10^12 steps; `long` is 32-bit in WebAssembly).
// Not here: deciding what to record (session.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/util/span.hpp"

namespace descent {

struct StepRecord {
  float loss = 0, grad_norm = 0, lr = 0, update_norm = 0, step_size = 0, penalty = 0;
  std::int32_t trials = 0;
};

struct EpochRecord {
  float train_loss = 0, val_loss = 0, lr = 0;
  float train_metric = 0, val_metric = 0;  // accuracy (classification) or R^2 (regression)
  std::int64_t step = 0;                   // optimizer steps done at the epoch's end
};

/// Whether `step` is a multiple of `stride`. Every stride here starts at 1 and only doubles, so
/// it is a power of two and a mask does it (a 64-bit division per step is measurable in W1).
inline bool on_stride(std::int64_t step, std::uint64_t stride) { return (std::uint64_t(step) & (stride - 1)) == 0; }

class History {
 public:
  explicit History(std::size_t limit = 100000) : limit_(limit < 2 ? 2 : limit) {}

  /// Records step number `step` (1-based count of optimizer steps done, including this one);
  /// layer_norms: one value per layer (layers() of them; empty when there are none).
  void push_step(std::int64_t step, const StepRecord& r, Span<const float> layer_norms = {});
  /// Whether push_step(step, ...) will keep the step (work for its record can be skipped if not).
  bool due(std::int64_t step) const { return on_stride(step, stride_); }
  /// How many per-layer series the history keeps (the model's layers; 0 in function mode). Call
  /// before the first step.
  void set_layers(std::size_t layers) { layer_grad_norm.assign(layers, {}); }
  std::size_t layers() const { return layer_grad_norm.size(); }
  void push_epoch(const EpochRecord& r) { epochs_.push_back(r); }
  void clear();

  std::uint64_t stride() const { return stride_; }
  std::size_t size() const { return loss.size(); }
  const std::vector<EpochRecord>& epochs() const { return epochs_; }
  /// Step number of point j.
  std::int64_t step_of(std::size_t j) const { return std::int64_t((j + 1) * stride_); }
  /// Total points ever appended (grows monotonically; lets a reader ask "what is new since n").
  std::uint64_t version() const { return version_; }

  // Per-step series (parallel arrays).
  std::vector<float> loss, grad_norm, lr, update_norm, step_size, penalty;
  std::vector<std::int32_t> trials;
  /// layer_grad_norm[l][j]: the norm of layer l's part of the gradient (its weights and bias)
  /// at point j, the same gradient as grad_norm (before clipping). Layer 0 is the first after the
  /// inputs, the last is the output layer.
  std::vector<std::vector<float>> layer_grad_norm;

 private:
  void decimate();
  std::size_t limit_;
  std::uint64_t stride_ = 1;
  std::uint64_t version_ = 0;
  std::vector<EpochRecord> epochs_;
};

/// The path of a 2-parameter problem: (x, y) after every stride-th update, from the start; with
/// f at each point in function mode. Past `limit` points every other one is dropped.
class Trajectory {
 public:
  explicit Trajectory(std::size_t limit = 100000) : limit_(limit) {}
  /// Whether the point after `step` updates is kept (compute f there only then).
  bool due(std::int64_t step) const { return on_stride(step, stride_); }
  /// Records the point after `step` updates (if due); value: f there in function mode.
  void record(std::int64_t step, float x, float y, const double* value);
  const std::vector<float>& points() const { return points_; }  // x, y pairs
  const std::vector<double>& values() const { return values_; }
  std::uint64_t stride() const { return stride_; }

 private:
  std::size_t limit_;
  std::uint64_t stride_ = 1;
  std::vector<float> points_;
  std::vector<double> values_;
};

/// Whole parameter vectors every stride-th step, at most a few dozen and about 8 million floats;
/// past the cap every other one is dropped (and its memory reused: no allocation per snapshot).
class Snapshots {
 public:
  void record(std::int64_t step, const std::vector<float>& params);
  const std::vector<std::vector<float>>& all() const { return kept_; }

 private:
  std::vector<std::vector<float>> kept_, spare_;
  std::uint64_t stride_ = 1;
};

}  // namespace descent
