// A training session: one spec turned into a problem, an objective, an optimizer and a schedule,
// run step by step (the UI runs chunks of steps from a worker; the CLI runs to the end). One
// stepping path for data and test functions: the objective at the current parameters (a model on
// the next batch, or f), then an update by the optimizer or a line search, then the records.
// Owns all buffers; a step allocates nothing after the first. Divergence, early stopping and
// convergence are outcomes (a status with a message), never exceptions. Counts are 64-bit.
// Not here: result/metrics JSON (result.hpp), the LR finder (lr_finder.hpp), the landscape
// (landscape.hpp), the checks on arguments a binding passes (handle.hpp).
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/optim/line_search.hpp"
#include "core/optim/optimizer.hpp"
#include "core/optim/schedule.hpp"
#include "core/train/batches.hpp"
#include "core/train/history.hpp"
#include "core/train/model_objective.hpp"
#include "core/train/problem.hpp"

namespace descent {

enum class RunStatus { running, done, converged, early_stopped, diverged };
const char* status_name(RunStatus s);

/// How far a run is. A run has at most 10^12 steps (training.epochs x rows at batch size 1).
struct Progress {
  RunStatus status = RunStatus::running;
  std::string message;
  std::int64_t steps = 0, epochs = 0, samples = 0, total_steps = 0, steps_per_epoch = 1;
  bool finished() const { return status != RunStatus::running; }
};

class Session {
 public:
  /// Builds a session from a validated spec; nullptr with issues on failure.
  /// A CSV in the spec (data.text) is read and freed here: the session's spec keeps its size only
  /// (spec().data.text_bytes), never the bytes.
  static std::unique_ptr<Session> create(Spec spec, Issues& issues);

  /// Runs up to k optimizer steps; returns the status (running while more steps remain).
  RunStatus run(std::int64_t k);
  /// Runs until the current epoch ends (or the run does).
  RunStatus run_epoch();

  const Progress& progress() const { return progress_; }
  RunStatus status() const { return progress_.status; }
  const std::string& message() const { return progress_.message; }
  bool finished() const { return progress_.finished(); }
  std::int64_t steps() const { return progress_.steps; }
  std::int64_t epochs() const { return progress_.epochs; }
  std::int64_t samples_seen() const { return progress_.samples; }
  std::int64_t total_steps() const { return progress_.total_steps; }
  std::int64_t steps_per_epoch() const { return progress_.steps_per_epoch; }
  std::size_t batch_size() const { return batch_; }

  double lr() const { return move_.lr; }
  /// Changes the learning rate from the next step on (until the schedule next sets it). Checked
  /// against the optimizer's own "lr" range (the registry's).
  Status set_lr(double lr);

  const std::vector<float>& params() const { return move_.w; }
  Status set_params(const float* p, std::size_t n);
  /// The gradient of the last step (at the parameters before it; clipped as the update used it).
  const std::vector<float>& gradient() const { return move_.grad[move_.latest]; }
  /// Function mode: the gradient at the current point (after the last step); otherwise gradient().
  std::vector<float> gradient_here();
  const History& history() const { return rec_.history; }
  const Trajectory& trajectory() const { return rec_.trajectory; }
  const Snapshots& snapshots() const { return rec_.snapshots; }
  const Problem& problem() const { return problem_; }
  const Spec& spec() const { return spec_; }
  std::size_t num_params() const { return move_.w.size(); }
  std::size_t inputs() const { return problem_.function_mode ? 2 : problem_.shape.inputs; }
  std::size_t outputs() const { return problem_.function_mode ? 1 : problem_.shape.outputs; }
  /// The last step's line-search trials: (a, f(x - a g)) pairs.
  const std::vector<double>& last_trials() const { return move_.last_trials; }
  /// The update of parameter i in the last step: w, g, lr and the optimizer's quantities (or the
  /// line search's), each name once. Empty when i is out of range.
  Explained explain(std::size_t i) const;
  /// Momentum/first-moment buffer if any (function mode arrows).
  std::vector<float> velocity() const;
  /// The dropout generator as the next step will use it (the LR finder draws from a copy).
  const Rng& dropout_rng() const { return dropout_rng_; }
  /// Data mode: the model on the training batches (nullptr in function mode); function mode: f.
  ModelObjective* model_objective() { return model_obj_.get(); }
  FunctionObjective* function_objective() { return function_obj_.get(); }

  /// Predictions for raw (un-normalized) inputs x (n, inputs): probabilities for classification
  /// (softmax for multi-class logits), scores for hinge losses, values for regression.
  /// Function mode: f(x, y) for each row. x must be finite (checked; the message names the index).
  Status predict(const float* x, std::size_t n, std::vector<float>& out);
  /// Predictions on a grid over [x0, x1] x [y0, y1] (resolution^2 points, row-major, y rows).
  /// Models with 2 inputs; function mode evaluates f.
  Status grid(double x0, double x1, double y0, double y1, std::size_t resolution, std::vector<float>& out);

  /// Mean loss (data loss + penalty) of params p on the training split (validation = false) or
  /// validation split; function mode: f(p).
  double evaluate(const float* p, bool validation);

  /// The current metrics / the result of the run so far, as JSON (result.hpp).
  std::string metrics_json();
  std::string result_json();

  /// The order in which training rows are visited in epochs 0..epochs-1, concatenated (for the
  /// PyTorch export, which replays the same batches). Independent of the session's progress.
  std::vector<std::uint32_t> batch_order(std::int64_t epochs) const;

 private:
  Session() = default;
  bool init(Spec spec, Issues& issues);
  void step();
  void end_epoch(double function_value);
  void schedule_momentum();
  bool apply_update(double f0, StepRecord& rec);
  bool below_grad_tolerance(const StepRecord& rec);
  void diverge(const std::string& what, bool before_update);
  std::string not_finite_at_start() const;
  void finish(RunStatus s, const std::string& msg);
  void record();
  void stop_after_epoch(double monitored);

  Spec spec_;
  Problem problem_;
  // The objective: a model on batches of the training split, or a test function.
  std::unique_ptr<ModelObjective> model_obj_;
  std::unique_ptr<FunctionObjective> function_obj_;
  std::optional<BatchStream> batches_;
  std::size_t batch_ = 1;
  Rng dropout_rng_;

  // The parameters and how they move.
  struct Movement {
    std::vector<float> w, before;             // now, and before the last update
    std::vector<float> grad[2];               // the last two gradients (no copy per step)
    int latest = 0, consumed = 0;             // grad[latest]: the newest; grad[consumed]: the optimizer's last
    std::unique_ptr<Optimizer> optimizer;
    std::unique_ptr<Schedule> schedule;
    const LineSearchEntry* search = nullptr;  // line search instead of the optimizer
    double lr = 0;
    std::vector<double> last_trials;
  } move_;

  // What the run leaves behind.
  struct Records {
    History history;
    Trajectory trajectory;
    Snapshots snapshots;
    double epoch_loss_sum = 0;  // of the current epoch, weighted by batch rows
    std::size_t epoch_rows = 0;
    std::vector<float> layer_norms;  // the step's gradient norm per layer (history.layers())
  } rec_;

  // Early stopping and the loss-change tolerance, between epochs.
  struct Stopping {
    double best = 0, previous = 0;
    bool have_best = false, have_previous = false;
    std::int64_t wait = 0;
    std::vector<float> best_params;
  } stop_;

  Progress progress_;
};

}  // namespace descent
