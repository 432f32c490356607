// Learning-rate schedules with torch.optim.lr_scheduler's names and semantics. A schedule is
// stepped at epoch ends (or, for one_cycle, after every optimizer step) and reports the LR to use
// next. Function mode treats every step as an epoch.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/registry/forms.hpp"
#include "core/registry/params.hpp"

namespace descent {

class Schedule {
 public:
  virtual ~Schedule() = default;
  /// Start over with this base learning rate (the optimizer's lr); returns the first LR to use.
  virtual double start(double base_lr) = 0;
  /// Called after every optimizer step; returns the LR for the next step.
  virtual double after_step(double current_lr) { return current_lr; }
  /// Called at the end of every epoch with the metric plateau watches (validation loss, or the
  /// training loss without validation data); returns the LR for the next epoch.
  virtual double after_epoch(double current_lr, double /*metric*/) { return current_lr; }
  /// The optimizer's momentum (or beta1) for the next step when this schedule cycles it
  /// (OneCycleLR's cycle_momentum; Optimizer::set_momentum), else nothing. Valid after start()
  /// and after every after_step().
  virtual std::optional<double> momentum() const { return std::nullopt; }
};

/// One schedule: see OptimizerEntry. Its torch form constructs the scheduler over `opt` (or is
/// "None"); its Keras form is a callback (or "None").
struct ScheduleEntry {
  std::string id;       // "cosine"
  std::string label;
  std::string formula;
  std::string tex;      // the same formula in TeX
  std::string source;   // "torch.optim.lr_scheduler.CosineAnnealingLR"
  std::vector<ParamSpec> params;
  /// Total optimizer steps of the run (one_cycle needs it when total_steps is 0 = auto).
  std::unique_ptr<Schedule> (*make)(const ParamValues&, std::int64_t total_steps);
  ExportForm torch;
  /// When torch's scheduler is stepped: "step" (after every optimizer step), "epoch" (at every
  /// epoch end), "metric" (at every epoch end with the monitored loss) or "" (never).
  std::string torch_step;
  ExportForm keras;
};

const std::vector<ScheduleEntry>& schedule_registry();
const ScheduleEntry* find_schedule(const std::string& id);

}  // namespace descent
