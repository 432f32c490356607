// A training session: one spec turned into a problem, a model, an optimizer and a schedule, run
// step by step (the UI runs chunks of steps from a worker; the CLI runs to the end).
// Owns all buffers; a step allocates nothing after the first. Divergence, early stopping and
// convergence are outcomes (a status with a message), never exceptions.
// Not here: the JSON of results (result.cpp), LR finder / landscape / grids (analysis.cpp).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/optim/line_search.hpp"
#include "core/optim/optimizer.hpp"
#include "core/optim/schedule.hpp"
#include "core/train/history.hpp"
#include "core/train/problem.hpp"

namespace descent {

enum class RunStatus { running, done, converged, early_stopped, diverged };
const char* status_name(RunStatus s);

struct LrFinderResult {
  std::vector<float> lrs, losses, smoothed;
  double suggestion = 0;
  bool stopped_early = false;
  std::string message;
};

struct LandscapeConfig {
  std::string axes = "auto";  // auto | params (exact, 2-param models) | random | pca
  double range = 0;           // half-width: params axes in parameter units (0 = auto), random/pca in units of the direction (0 = 1)
  std::size_t resolution = 41;
  std::size_t row_begin = 0, row_end = 0;  // rows to compute (0, 0 = all): lets a worker go progressively
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;   // explicit coordinate box (all 0 = auto)
};

struct Landscape {
  std::string axes;            // what was used
  std::size_t resolution = 0;
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;  // coordinate ranges
  std::vector<float> values;   // (rows computed) x resolution, row-major, row r <-> y0 + r * (y1 - y0) / (res - 1)
  std::size_t row_begin = 0, row_end = 0;
  std::vector<float> path;     // (x, y) pairs: the trajectory projected on the axes
  std::string note;
};

class Session {
 public:
  /// Builds a session from a validated spec; false-y (nullptr) with issues on failure.
  static std::unique_ptr<Session> create(const Spec& spec, Issues& issues);

  /// Runs up to k optimizer steps; returns the status (running while more steps remain).
  RunStatus run(long k);
  /// Runs until the current epoch ends (or the run does).
  RunStatus run_epoch();
  RunStatus status() const { return status_; }
  const std::string& message() const { return message_; }
  bool finished() const { return status_ != RunStatus::running; }

  long steps() const { return steps_; }
  long epochs() const { return epochs_; }
  long samples_seen() const { return samples_; }
  long total_steps() const { return total_steps_; }
  long steps_per_epoch() const { return steps_per_epoch_; }
  std::size_t batch_size() const { return batch_; }

  double lr() const { return lr_; }
  /// Changes the learning rate from the next step on (until the schedule next sets it).
  Status set_lr(double lr);

  const std::vector<float>& params() const { return params_; }
  Status set_params(const float* p, std::size_t n);
  const std::vector<float>& gradient() const { return grad_; }  // of the last step
  /// Function mode: the gradient at the current point (after the last step); otherwise gradient().
  std::vector<float> gradient_here();
  const History& history() const { return history_; }
  const Problem& problem() const { return problem_; }
  const Spec& spec() const { return spec_; }
  std::size_t num_params() const { return params_.size(); }
  std::size_t inputs() const { return problem_.function_mode ? 2 : problem_.shape.inputs; }
  std::size_t outputs() const { return problem_.function_mode ? 1 : problem_.shape.outputs; }

  /// Function mode and 2-parameter models: positions after k updates (x, y pairs), k = 0.. ;
  /// past history_limit points every other one is dropped: point j is after j * stride updates.
  const std::vector<float>& trajectory() const { return trajectory_; }
  std::size_t trajectory_stride() const { return traj_stride_; }
  /// Function mode: f at each trajectory point.
  const std::vector<double>& values() const { return values_; }
  /// The last step's line-search trials: (a, f(x - a g)) pairs.
  const std::vector<double>& last_trials() const { return last_trials_; }
  /// The optimizer's view of parameter i after the last step (plus g, lr).
  Explained explain(std::size_t i) const;
  /// Momentum/first-moment buffer if any (function mode arrows).
  std::vector<float> velocity() const;

  /// Predictions for raw (un-normalized) inputs x (n, inputs): probabilities for classification
  /// (softmax for multi-class logits), scores for hinge losses, values for regression.
  /// Function mode: f(x, y) for each row.
  Status predict(const float* x, std::size_t n, std::vector<float>& out);
  /// Predictions on a grid over [x0, x1] x [y0, y1] (resolution^2 points, row-major, y rows).
  /// Models with 2 inputs; function mode evaluates f.
  Status grid(double x0, double x1, double y0, double y1, std::size_t resolution, std::vector<float>& out);

  /// Mean loss (data loss + penalty) of params p on the training split (validation = false) or
  /// validation split; function mode: f(p).
  double evaluate(const float* p, bool validation);

  /// The current metrics on the training and validation splits, as JSON.
  std::string metrics_json();
  /// The result of the run so far, as JSON (the same bytes natively and in WebAssembly).
  std::string result_json();

  /// The order in which training rows are visited in epochs 0..epochs-1, concatenated (for the
  /// PyTorch export, which replays the same batches). Independent of the session's progress.
  std::vector<std::uint32_t> batch_order(long epochs) const;

  /// Learning-rate range test from a copy of the current parameters; the session is unchanged.
  LrFinderResult lr_finder(double min_lr, double max_lr, long steps);
  /// The loss on a 2-D slice of parameter space through the current parameters.
  Status landscape(const LandscapeConfig& c, Landscape& out);

 private:
  Session() = default;
  bool init(const Spec& spec, Issues& issues);
  void step_data();
  void step_function();
  void begin_epoch();
  void end_epoch(double monitored_override = 0, bool function_epoch = false);
  /// Hands the schedule's momentum (cycle_momentum) to the optimizer for the next step.
  void schedule_momentum();
  float batch_loss_grad(std::size_t bs, bool training);  // on bx_/bt_
  void gather_batch(const std::vector<std::uint32_t>& order, std::size_t pos, std::size_t bs);
  double penalty_and_grad(const float* w, float* g) const;
  double penalty(const float* w) const;
  bool apply_update(Objective* obj, double f0, StepRecord& rec);
  bool below_grad_tolerance(const StepRecord& rec);  // finishes the run as converged
  void diverge(const std::string& what);
  void finish(RunStatus s, const std::string& msg);
  void record_trajectory();
  void record_snapshot();
  void compute_outputs(const Dataset& ds, std::vector<float>& out);
  void display_outputs(float* out, std::size_t n) const;
  void predicted_classes(const float* display, std::size_t n, std::vector<float>& cls, std::vector<float>& score) const;
  std::string metrics_for(const Dataset& ds, std::vector<float>& scratch);
  bool weight_param(std::size_t i) const;

  Spec spec_;
  Problem problem_;
  std::unique_ptr<Mlp> model_;
  std::unique_ptr<Optimizer> optimizer_;
  std::unique_ptr<Schedule> schedule_;
  std::unique_ptr<Objective> function_obj_;
  const LineSearchEntry* search_ = nullptr;

  std::vector<float> params_, grad_, prev_;
  std::vector<float> xb_, tb_, dout_;  // batch buffers
  const float* bx_ = nullptr;                 // the current batch: xb_/tb_, or the dataset itself
  const float* bt_ = nullptr;
  std::vector<std::uint32_t> order_;
  std::vector<unsigned char> is_weight_;      // 1 for weights (penalized), 0 for biases
  Rng shuffle_rng_, dropout_rng_;

  History history_;
  std::vector<float> trajectory_;
  std::vector<double> values_;
  std::size_t traj_stride_ = 1;
  std::vector<std::vector<float>> snapshots_;  // params every snap_stride_ steps (landscape paths)
  std::vector<std::vector<float>> spare_snapshots_;  // dropped ones, reused (their memory)
  std::size_t snap_stride_ = 1;
  std::vector<double> last_trials_;

  RunStatus status_ = RunStatus::running;
  std::string message_;
  long steps_ = 0, epochs_ = 0, samples_ = 0, total_steps_ = 0, steps_per_epoch_ = 1;
  std::size_t batch_ = 1, pos_ = 0;
  double lr_ = 0;
  double epoch_loss_sum_ = 0;
  std::size_t epoch_rows_ = 0;
  double first_loss_ = 0;
  // early stopping / tolerance
  double best_monitored_ = 0;
  bool have_best_ = false;
  long wait_ = 0;
  std::vector<float> best_params_;
  double prev_epoch_loss_ = 0;
  bool have_prev_epoch_ = false;
};

/// What the UI needs to know about a session's problem: task, classes and names, shapes, the loss
/// used, notes, the function (function mode), and sizes.
std::string problem_json(const Session& s);

}  // namespace descent
