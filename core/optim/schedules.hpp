// The learning-rate schedules, with torch.optim.lr_scheduler's names, defaults and semantics
// (torch/optim/lr_scheduler.py). e counts finished epochs (torch's last_epoch); start() returns
// the LR for e = 0 and after_epoch() the LR for the next e:
//   constant       lr (no scheduler; live changes stay)
//   step           base * gamma^floor(e / step_size)                           (StepLR)
//   exponential    base * gamma^e                                              (ExponentialLR)
//   cosine         eta_min + (base - eta_min) (1 + cos(pi e / t_max)) / 2      (CosineAnnealingLR)
//   linear_warmup  base * (s + (end - s) min(e, total_iters) / total_iters)    (LinearLR)
//   plateau        lr <- max(lr * factor, min_lr) after `patience` bad epochs   (ReduceLROnPlateau)
//   one_cycle      per optimizer step k (after_step), see OneCycle below        (OneCycleLR)
//                  (it also cycles the optimizer's momentum with cycle_momentum)
// The closed forms are evaluated from a base; when the LR handed back differs from the one we
// returned (the user changed it live), the base is re-solved so the curve passes through the
// user's value at this epoch: exactly torch's chainable behaviour, lr_{e+1} = lr_e * f(e+1)/f(e).
// Not here: warm restarts, cyclic LR.
#pragma once
#include <memory>

#include "core/optim/schedule.hpp"

namespace descent {

/// base (for LinearLR: multiplied by factors) as a closed form in the epoch count, plus the
/// inverse used when the LR was changed live.
class EpochSchedule : public Schedule {
 public:
  double start(double base_lr) override;
  double after_epoch(double current_lr, double metric) override;

 protected:
  /// LR at epoch e for this base.
  virtual double at(double base, std::int64_t e) const = 0;
  /// The base for which at(base, e) == lr, or NaN when there is none (a factor of 0).
  virtual double base_for(double lr, std::int64_t e) const = 0;

 private:
  double base_ = 0.0, last_ = 0.0;
  std::int64_t e_ = 0;
};

struct StepConfig { std::int64_t step_size = 10; double gamma = 0.1; };
class StepSchedule final : public EpochSchedule {
 public:
  explicit StepSchedule(const StepConfig& c) : c_(c) {}
 protected:
  double at(double base, std::int64_t e) const override;
  double base_for(double lr, std::int64_t e) const override;
 private:
  StepConfig c_;
};

struct ExponentialConfig { double gamma = 0.95; };
class ExponentialSchedule final : public EpochSchedule {
 public:
  explicit ExponentialSchedule(const ExponentialConfig& c) : c_(c) {}
 protected:
  double at(double base, std::int64_t e) const override;
  double base_for(double lr, std::int64_t e) const override;
 private:
  ExponentialConfig c_;
};

struct CosineConfig { std::int64_t t_max = 50; double eta_min = 0.0; };
/// CosineAnnealingLR's closed form. Past t_max it follows the same cosine back up (period
/// 2 t_max), as torch's recursive form does.
class CosineSchedule final : public EpochSchedule {
 public:
  explicit CosineSchedule(const CosineConfig& c) : c_(c) {}
 protected:
  double at(double base, std::int64_t e) const override;
  double base_for(double lr, std::int64_t e) const override;
 private:
  CosineConfig c_;
};

struct LinearWarmupConfig { double start_factor = 1.0 / 3.0, end_factor = 1.0; std::int64_t total_iters = 5; };
class LinearWarmupSchedule final : public EpochSchedule {
 public:
  explicit LinearWarmupSchedule(const LinearWarmupConfig& c) : c_(c) {}
 protected:
  double at(double base, std::int64_t e) const override;
  double base_for(double lr, std::int64_t e) const override;
 private:
  double factor(std::int64_t e) const;
  LinearWarmupConfig c_;
};

/// No schedule: the LR stays what it is (including live changes).
class ConstantSchedule final : public Schedule {
 public:
  double start(double base_lr) override { return base_lr; }
};

/// ReduceLROnPlateau, mode "min", threshold_mode "rel". After every epoch with metric x:
///   better = x < best * (1 - threshold)   (best starts at +inf; NaN is never better)
///   better: best = x, bad = 0;  else bad += 1
///   in cooldown (cooldown_left > 0): cooldown_left -= 1, bad = 0
///   bad > patience: new = max(lr * factor, min_lr); lr = new if lr - new > eps;
///                   cooldown_left = cooldown; bad = 0
struct PlateauConfig {
  double factor = 0.1, threshold = 1e-4, min_lr = 0.0, eps = 1e-8;
  std::int64_t patience = 10, cooldown = 0;
};
class PlateauSchedule final : public Schedule {
 public:
  explicit PlateauSchedule(const PlateauConfig& c) : c_(c) {}
  double start(double base_lr) override;
  double after_epoch(double current_lr, double metric) override;
  std::int64_t bad_epochs() const { return bad_; }
  double best() const { return best_; }

 private:
  PlateauConfig c_;
  double best_ = 0.0;
  std::int64_t bad_ = 0, cooldown_left_ = 0;
};

/// OneCycleLR (Smith & Topin 2018). Stepped after every optimizer step; k = steps taken,
/// T = total_steps:
///   initial = max_lr / div_factor,  min = initial / final_div_factor
///   two phases:   [0, pct T - 1]: initial -> max_lr;  [pct T - 1, T - 1]: max_lr -> min
///   three phases: [0, pct T - 1]: initial -> max;  [.., 2 pct T - 2]: max -> initial;
///                 [.., T - 1]: initial -> min
///   within a phase [s, e]: p = (k - s) / (e - s), cos: end + (start - end) (1 + cos(pi p)) / 2,
///   linear: start + (end - start) p.
/// cycle_momentum (torch's default is True; here it is off unless asked for): the optimizer's
/// momentum or beta1 moves the other way over the same phases: max_momentum -> base_momentum
/// while the LR rises, back to max_momentum while it falls (three phases: max -> base -> max ->
/// max), from max_momentum at step 0. Off, the LR moves alone and a PyTorch export passes
/// cycle_momentum=False. The base LR passed to start() is ignored, as torch ignores the
/// optimizer's lr. Past T (torch raises) both stay at their final values.
struct OneCycleConfig {
  double max_lr = 0.1, pct_start = 0.3, div_factor = 25.0, final_div_factor = 1e4;
  std::int64_t total_steps = 1;
  bool three_phase = false, linear = false;  // linear = anneal_strategy "linear"
  bool cycle_momentum = false;
  double base_momentum = 0.85, max_momentum = 0.95;
};
class OneCycleSchedule final : public Schedule {
 public:
  explicit OneCycleSchedule(const OneCycleConfig& c) : c_(c) {}
  double start(double base_lr) override;
  double after_step(double current_lr) override;
  std::optional<double> momentum() const override;
  /// The LR after k optimizer steps.
  double at(std::int64_t k) const;
  /// The momentum (or beta1) after k optimizer steps, when cycled.
  double momentum_at(std::int64_t k) const;

 private:
  /// The value after k steps of a curve through the phases' start values (from[i] -> to[i]).
  double anneal(std::int64_t k, const double (&from)[3], const double (&to)[3]) const;
  OneCycleConfig c_;
  std::int64_t k_ = 0;
};

}  // namespace descent
