// The training history: per-step series (loss, gradient norm, LR, update norm, line-search step
// and trials, penalty) and per-epoch series (train/validation loss and metric, LR).
// Memory stays bounded for any run length: when the per-step series reach `limit` points they
// are decimated by 2 (the stride doubles); point j then stands for step (j + 1) * stride.
// Per-epoch series are kept whole. Not here: deciding what to record (session.cpp).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace descent {

struct StepRecord {
  float loss = 0, grad_norm = 0, lr = 0, update_norm = 0, step_size = 0, penalty = 0;
  std::int32_t trials = 0;
};

struct EpochRecord {
  float train_loss = 0, val_loss = 0, lr = 0;
  float train_metric = 0, val_metric = 0;  // accuracy (classification) or R^2 (regression)
  long step = 0;                            // optimizer steps done at the epoch's end
};

/// Whether `step` is a multiple of `stride`. Every stride here starts at 1 and only doubles, so
/// it is a power of two and a mask does it (a 64-bit division per step is measurable in W1).
inline bool on_stride(long step, std::size_t stride) { return (std::size_t(step) & (stride - 1)) == 0; }

class History {
 public:
  explicit History(std::size_t limit = 100000) : limit_(limit < 2 ? 2 : limit) {}

  /// Records step number `step` (1-based count of optimizer steps done, including this one).
  void push_step(long step, const StepRecord& r);
  void push_epoch(const EpochRecord& r) { epochs_.push_back(r); }
  void clear();

  std::size_t stride() const { return stride_; }
  std::size_t size() const { return loss.size(); }
  const std::vector<EpochRecord>& epochs() const { return epochs_; }
  /// Step number of point j.
  long step_of(std::size_t j) const { return long((j + 1) * stride_); }
  /// Total points ever appended (grows monotonically; lets a reader ask "what is new since n").
  std::uint64_t version() const { return version_; }

  // Per-step series (parallel arrays).
  std::vector<float> loss, grad_norm, lr, update_norm, step_size, penalty;
  std::vector<std::int32_t> trials;

 private:
  void decimate();
  std::size_t limit_;
  std::size_t stride_ = 1;
  std::uint64_t version_ = 0;
  std::vector<EpochRecord> epochs_;
};

}  // namespace descent
