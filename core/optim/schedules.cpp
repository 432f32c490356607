// See schedules.hpp.
#include "core/optim/schedules.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/simd/num.hpp"

namespace descent {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A value handed back that differs from ours by more than float rounding is a live change.
bool changed(double current, double last) {
  return std::fabs(current - last) > 1e-6 * std::fabs(last) && !(std::isnan(current) && std::isnan(last));
}
}  // namespace

// ---- EpochSchedule ---------------------------------------------------------------------------
double EpochSchedule::start(double base_lr) {
  base_ = base_lr;
  e_ = 0;
  last_ = at(base_, 0);
  return last_;
}

double EpochSchedule::after_epoch(double current_lr, double) {
  if (changed(current_lr, last_)) {
    const double b = base_for(current_lr, e_);
    if (std::isfinite(b)) base_ = b;
  }
  ++e_;
  last_ = at(base_, e_);
  return last_;
}

// ---- step / exponential ----------------------------------------------------------------------
double StepSchedule::at(double base, std::int64_t e) const {
  return base * num::powi(c_.gamma, e / c_.step_size);
}
double StepSchedule::base_for(double lr, std::int64_t e) const {
  const double f = num::powi(c_.gamma, e / c_.step_size);
  return f > 0.0 ? lr / f : kNaN;
}

double ExponentialSchedule::at(double base, std::int64_t e) const { return base * num::powi(c_.gamma, e); }
double ExponentialSchedule::base_for(double lr, std::int64_t e) const {
  const double f = num::powi(c_.gamma, e);
  return f > 0.0 ? lr / f : kNaN;
}

// ---- cosine ----------------------------------------------------------------------------------
double CosineSchedule::at(double base, std::int64_t e) const {
  const double c = (1.0 + num::cos(num::kPi * double(e) / double(c_.t_max))) / 2.0;
  return c_.eta_min + (base - c_.eta_min) * c;
}
double CosineSchedule::base_for(double lr, std::int64_t e) const {
  const double c = (1.0 + num::cos(num::kPi * double(e) / double(c_.t_max))) / 2.0;
  return c > 1e-12 ? c_.eta_min + (lr - c_.eta_min) / c : kNaN;
}

// ---- linear warmup ---------------------------------------------------------------------------
double LinearWarmupSchedule::factor(std::int64_t e) const {
  const std::int64_t k = std::min(e, c_.total_iters);
  return c_.start_factor + (c_.end_factor - c_.start_factor) * double(k) / double(c_.total_iters);
}
double LinearWarmupSchedule::at(double base, std::int64_t e) const { return base * factor(e); }
double LinearWarmupSchedule::base_for(double lr, std::int64_t e) const {
  const double f = factor(e);
  return f > 0.0 ? lr / f : kNaN;
}

// ---- plateau ---------------------------------------------------------------------------------
double PlateauSchedule::start(double base_lr) {
  best_ = std::numeric_limits<double>::infinity();
  bad_ = 0;
  cooldown_left_ = 0;
  return base_lr;
}

double PlateauSchedule::after_epoch(double current_lr, double metric) {
  if (metric < best_ * (1.0 - c_.threshold)) {
    best_ = metric;
    bad_ = 0;
  } else {
    ++bad_;
  }
  if (cooldown_left_ > 0) {
    --cooldown_left_;
    bad_ = 0;  // torch ignores bad epochs in cooldown
  }
  double lr = current_lr;
  if (bad_ > c_.patience) {
    const double reduced = std::max(current_lr * c_.factor, c_.min_lr);
    if (current_lr - reduced > c_.eps) lr = reduced;
    cooldown_left_ = c_.cooldown;
    bad_ = 0;
  }
  return lr;
}

// ---- one cycle -------------------------------------------------------------------------------
double OneCycleSchedule::start(double) {
  k_ = 0;
  return at(0);
}

double OneCycleSchedule::after_step(double) {
  ++k_;
  return at(k_);
}

std::optional<double> OneCycleSchedule::momentum() const {
  if (!c_.cycle_momentum) return std::nullopt;
  return momentum_at(k_);
}

double OneCycleSchedule::at(std::int64_t k) const {
  const double initial = c_.max_lr / c_.div_factor;
  const double min_lr = initial / c_.final_div_factor;
  if (c_.three_phase) return anneal(k, {initial, c_.max_lr, initial}, {c_.max_lr, initial, min_lr});
  return anneal(k, {initial, c_.max_lr, 0.0}, {c_.max_lr, min_lr, 0.0});
}

double OneCycleSchedule::momentum_at(std::int64_t k) const {
  const double lo = c_.base_momentum, hi = c_.max_momentum;
  if (c_.three_phase) return anneal(k, {hi, lo, hi}, {lo, hi, hi});
  return anneal(k, {hi, lo, 0.0}, {lo, hi, 0.0});
}

double OneCycleSchedule::anneal(std::int64_t k, const double (&from)[3], const double (&to)[3]) const {
  const double T = double(std::max<std::int64_t>(1, c_.total_steps));
  double ends[3];
  int count;
  if (c_.three_phase) {
    ends[0] = c_.pct_start * T - 1.0;
    ends[1] = 2.0 * c_.pct_start * T - 2.0;
    ends[2] = T - 1.0;
    count = 3;
  } else {
    ends[0] = c_.pct_start * T - 1.0;
    ends[1] = T - 1.0;
    count = 2;
  }
  const double step = std::min(double(k), T - 1.0 > 0.0 ? T - 1.0 : 0.0);
  double begin = 0.0;
  for (int i = 0; i < count; ++i) {
    if (step <= ends[i] || i == count - 1) {
      const double span = ends[i] - begin;
      const double pct = span > 0.0 ? (step - begin) / span : 1.0;
      if (c_.linear) return (to[i] - from[i]) * pct + from[i];
      return to[i] + (from[i] - to[i]) / 2.0 * (num::cos(num::kPi * pct) + 1.0);
    }
    begin = ends[i];
  }
  return to[count - 1];  // unreachable
}

}  // namespace descent
