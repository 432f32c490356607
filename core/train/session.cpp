// The training loop. See session.hpp.
#include "core/train/session.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/simd/kernels.hpp"
#include "core/simd/lanes.hpp"
#include "core/train/outputs.hpp"

namespace descent {
namespace {

constexpr double kExplode = 1e20;  // a finite loss this large counts as divergence
constexpr double kExtreme = 1e15;  // data or parameters this large overflow float32 in a loss

std::string fmt(double v) { return format_float(float(v)); }

// The norm of each layer's part of a gradient (its weights and its bias), in fixed-order sums.
void layer_norms(const std::vector<Layer>& layers, const std::vector<float>& g, std::vector<float>& out) {
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const Layer& L = layers[l];
    out[l] = float(std::sqrt(simd::sqnorm(g.data() + L.w_offset, L.in * L.out) + simd::sqnorm(g.data() + L.b_offset, L.out)));
  }
}

float max_abs(const float* v, std::size_t n) {
  float m = 0;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(v[i]));
  return m;
}

}  // namespace

const char* status_name(RunStatus s) {
  switch (s) {
    case RunStatus::running: return "running";
    case RunStatus::done: return "done";
    case RunStatus::converged: return "converged";
    case RunStatus::early_stopped: return "early_stopped";
    case RunStatus::diverged: return "diverged";
  }
  return "running";
}

std::unique_ptr<Session> Session::create(Spec spec, Issues& issues) {
  std::unique_ptr<Session> s(new Session());
  if (!s->init(std::move(spec), issues)) return nullptr;
  return s;
}

bool Session::init(Spec spec, Issues& issues) {
  spec_ = std::move(spec);
  if (!build_problem(spec_, problem_, issues)) return false;  // it frees the CSV's bytes once read
  const OptimizerEntry* oe = find_optimizer(spec_.optimizer.kind);
  const ScheduleEntry* se = find_schedule(spec_.schedule.kind);
  if (!oe || !se) {
    issues.push_back({oe ? "schedule.kind" : "optimizer.kind", "unknown optimizer or schedule"});
    return false;
  }
  // parse_spec's rule, again for a Spec built in code.
  if (!check_schedule_fits_optimizer(spec_, issues)) return false;
  const TrainingSpec& t = spec_.training;
  if (t.line_search) move_.search = find_line_search(t.search.kind);
  rec_.history = History(std::size_t(t.history_limit));
  rec_.trajectory = Trajectory(std::size_t(t.history_limit));
  dropout_rng_ = Rng(spec_.seed, RngStream::dropout);

  if (problem_.function_mode) {
    function_obj_ = std::make_unique<FunctionObjective>(*problem_.function, problem_.function_params);
    move_.w = {float(spec_.data.start[0]), float(spec_.data.start[1])};
    progress_.total_steps = t.steps;
  } else {
    model_obj_ = std::make_unique<ModelObjective>(problem_, t.l1, t.l2);
    move_.w.assign(model_obj_->dim(), 0.0f);
    if (spec_.model.has_params) {
      move_.w = spec_.model.params;
    } else {
      Rng init_rng(spec_.seed, RngStream::init);
      model_obj_->model().init(spec_.model.init, init_rng, move_.w);
    }
    model_obj_->set_dropout(&dropout_rng_);
    rec_.history.set_layers(model_obj_->model().layers().size());
    rec_.layer_norms.assign(rec_.history.layers(), 0.0f);
    const std::size_t n = problem_.train.n;
    batch_ = t.batch_size == 0 ? n : std::min<std::size_t>(std::size_t(t.batch_size), n);
    if (t.batch_size > std::int64_t(n))
      problem_.notes.push_back("batch_size " + std::to_string(t.batch_size) + " is larger than the " +
                               std::to_string(n) + " training rows: using full batches");
    // A full batch is read in data order: the order cannot change the gradient beyond rounding.
    batches_.emplace(problem_.train, problem_.train_target, problem_.target_cols, batch_, t.shuffle && batch_ < n,
                     Rng(spec_.seed, RngStream::shuffle));
    progress_.steps_per_epoch = std::int64_t((n + batch_ - 1) / batch_);
    progress_.total_steps = t.steps > 0 ? t.steps : t.epochs * progress_.steps_per_epoch;
  }
  for (std::vector<float>& g : move_.grad) g.assign(move_.w.size(), 0.0f);
  move_.before.assign(move_.w.size(), 0.0f);
  move_.optimizer = oe->make(spec_.optimizer.params);
  move_.schedule = se->make(spec_.schedule.params, progress_.total_steps);
  move_.lr = move_.schedule->start(spec_.optimizer.params.get("lr"));
  schedule_momentum();
  record();
  if (progress_.total_steps <= 0) finish(RunStatus::done, "nothing to do: 0 steps");
  return true;
}

void Session::schedule_momentum() {
  // init() checked that the optimizer takes it (check_schedule_fits_optimizer).
  if (const std::optional<double> m = move_.schedule->momentum()) move_.optimizer->set_momentum(*m);
}

Status Session::set_lr(double lr) {
  Issues issues;
  if (!check_param(find_optimizer(spec_.optimizer.kind)->params.front(), lr, "lr", issues))
    return Status::Error(issues.front().message);
  move_.lr = lr;
  return Status::Ok();
}

Status Session::set_params(const float* p, std::size_t n) {
  if (n != move_.w.size())
    return Status::Error("params has " + std::to_string(n) + " values; this model has " + std::to_string(move_.w.size()));
  if (!simd::all_finite(p, n))
    for (std::size_t i = 0; i < n; ++i)
      if (!std::isfinite(p[i])) return Status::Error("params[" + std::to_string(i) + "] is not a finite number");
  move_.w.assign(p, p + n);
  return Status::Ok();
}

void Session::record() {
  const std::vector<float>& w = move_.w;
  rec_.snapshots.record(progress_.steps, w);
  if (w.size() != 2 || !rec_.trajectory.due(progress_.steps)) return;
  double f = 0;
  if (function_obj_) f = function_obj_->value(w);
  rec_.trajectory.record(progress_.steps, w[0], w[1], function_obj_ ? &f : nullptr);
}

void Session::finish(RunStatus s, const std::string& msg) {
  progress_.status = s;
  progress_.message = msg;
}

// Before any update the learning rate cannot be the cause: say what is extreme instead.
std::string Session::not_finite_at_start() const {
  if (problem_.function_mode)
    return "This happened at the start point (" + fmt(move_.w[0]) + ", " + fmt(move_.w[1]) +
           "), before any update, so the learning rate is not the cause: choose another data.start.";
  const float x = max_abs(problem_.train_x_raw.data(), problem_.train_x_raw.size());
  const float y = max_abs(problem_.train.y.data(), problem_.train.y.size());
  const float w = max_abs(move_.w.data(), move_.w.size());
  std::string why;
  if (x >= kExtreme || y >= kExtreme)
    why = "the training data has values as large as " + fmt(std::max(x, y)) + " in magnitude (in the " +
          (x >= y ? "inputs" : "targets") + "); rescale them";
  if (w >= kExtreme)
    why += (why.empty() ? "the " : "; the ") + std::string("initial parameters have values as large as ") + fmt(w) +
           (spec_.model.has_params ? " (model.params)" : "") + "; start from smaller ones";
  if (why.empty())
    why = "the model's output overflows at the initial parameters (the largest |input| is " + fmt(x) +
          ", the largest |parameter| " + fmt(w) + "); try normalized inputs (preprocess.normalize) or smaller parameters";
  return "This happened at the initial parameters, before any update, so the learning rate is not the cause: " + why + ".";
}

void Session::diverge(const std::string& what, bool before_update) {
  std::string msg = "diverged at step " + std::to_string(progress_.steps + 1) + ": " + what + ". ";
  if (before_update && progress_.steps == 0) msg += not_finite_at_start();
  else if (move_.search) msg += "The line search could not keep the loss finite; check the data for extreme values.";
  else msg += "The learning rate " + fmt(move_.lr) + " is probably too large for this problem; try " + fmt(move_.lr / 10) + ".";
  msg += " The parameters from before this step are kept.";
  finish(RunStatus::diverged, msg);
}

RunStatus Session::run(std::int64_t k) {
  for (std::int64_t i = 0; i < k && !finished(); ++i) step();
  return progress_.status;
}

RunStatus Session::run_epoch() {
  const std::int64_t target = progress_.epochs + 1;
  while (!finished() && progress_.epochs < target) run(1);
  return progress_.status;
}

std::vector<std::uint32_t> Session::batch_order(std::int64_t epochs) const {
  if (problem_.function_mode) return {};
  const std::size_t n = problem_.train.n;
  // As the session's own stream starts (see init).
  return BatchStream::orders(n, spec_.training.shuffle && batch_ < n, Rng(spec_.seed, RngStream::shuffle), epochs);
}

// ---- one step --------------------------------------------------------------------------------
bool Session::apply_update(double f0, StepRecord& rec) {
  std::vector<float>& g = move_.grad[move_.latest];
  std::vector<float>& w = move_.w;
  // gradient clipping: by value, then by global norm (torch.nn.utils.clip_grad_value_/_norm_)
  const double cv = spec_.training.clip_value, cn = spec_.training.clip_norm;
  if (cv > 0) {
    const simd::fbatch hi{float(cv)}, lo{-float(cv)};
    simd::for_lanes(g.size(), [&](simd::fbatch& x) { x = xsimd::min(xsimd::max(x, lo), hi); }, g.data());
  }
  if (cn > 0) {
    const double norm = std::sqrt(simd::sqnorm(g.data(), g.size()));
    const double coef = cn / (norm + 1e-6);
    if (coef < 1.0) {
      const simd::fbatch c{float(coef)};
      simd::for_lanes(g.size(), [&](simd::fbatch& x) { x = x * c; }, g.data());
    }
  }
  // a vector copy: in WebAssembly memcpy is a call into the C library, for ~100 floats here
  simd::for_lanes(w.size(), [](simd::fbatch& d, const simd::fbatch& p) { d = p; }, move_.before.data(),
                  static_cast<const float*>(w.data()));
  if (move_.search) {
    // The line search evaluates the same batch without dropout.
    Objective* obj = function_obj_ ? static_cast<Objective*>(function_obj_.get()) : model_obj_.get();
    if (model_obj_) model_obj_->set_dropout(nullptr);
    const LineSearchResult r = line_search(move_.search->kind, *obj, Span<const float>(move_.before), Span<const float>(g), f0,
                                           LineSearchConfig::from(spec_.training.search.params), Span<float>(w));
    if (model_obj_) model_obj_->set_dropout(&dropout_rng_);
    rec.step_size = float(r.step);
    rec.trials = std::int32_t(r.halvings);
    move_.last_trials.clear();
    for (const LineSearchTrial& t : r.trials) {
      move_.last_trials.push_back(t.a);
      move_.last_trials.push_back(t.f);
    }
    if (!r.ok) {
      finish(RunStatus::converged, "converged at step " + std::to_string(progress_.steps + 1) +
                                       ": the line search found no step that lowers the loss in " +
                                       std::to_string(r.trials.size()) + " trials (a minimum, within float precision)");
      return false;
    }
  } else {
    move_.optimizer->step(w, g, float(move_.lr));
    move_.consumed = move_.latest;
  }
  // One pass for both: `before` is finite, so a finite sum of squared differences means every new
  // parameter is finite; only a non-finite sum needs the check (a finite overflow of w - before
  // stays an infinite update norm, as before).
  const double moved = simd::sqdist(w.data(), move_.before.data(), w.size());
  if (!std::isfinite(moved) && !simd::all_finite(w.data(), w.size())) {
    std::memcpy(w.data(), move_.before.data(), w.size() * sizeof(float));
    diverge("the update made a parameter infinite or NaN", false);
    return false;
  }
  rec.update_norm = float(std::sqrt(moved));
  return true;
}

bool Session::below_grad_tolerance(const StepRecord& rec) {
  if (!(spec_.training.tol_grad_norm > 0 && rec.grad_norm < spec_.training.tol_grad_norm)) return false;
  finish(RunStatus::converged, "converged at step " + std::to_string(progress_.steps) + ": the gradient norm " +
                                   fmt(rec.grad_norm) + " fell below the tolerance " + fmt(spec_.training.tol_grad_norm));
  return true;
}

void Session::step() {
  // The objective at the current parameters: the model on the next batch, or f at the point. The
  // gradient goes into the buffer the optimizer did not see last, so explain() keeps that one.
  std::size_t rows = 1;
  move_.latest = 1 - move_.consumed;
  std::vector<float>& g = move_.grad[move_.latest];
  LossParts f;
  if (model_obj_) {
    const Batch b = batches_->next();
    rows = b.rows;
    model_obj_->set_batch(b);
    f = model_obj_->evaluate_parts(move_.w, g);
  } else {
    f.loss = function_obj_->evaluate(move_.w, g);
  }
  if (!std::isfinite(f.loss) || std::fabs(f.loss) > kExplode) {
    const char* what = function_obj_ ? "f became " : "the loss became ";
    const std::string v = !std::isfinite(f.loss) ? (std::isnan(f.loss) ? "NaN" : "infinite")
                          : function_obj_        ? format_number(f.loss)
                                                 : format_float(float(f.loss));
    diverge(what + v, true);
    return;
  }
  // A finite squared norm means a finite gradient; only a non-finite one needs the full check.
  const double g2 = simd::sqnorm(g.data(), g.size());
  if (!std::isfinite(g2) && !simd::all_finite(g.data(), g.size())) {
    diverge("the gradient became infinite or NaN", true);
    return;
  }
  StepRecord rec;
  rec.loss = float(f.loss);
  rec.penalty = float(f.penalty);
  rec.lr = float(move_.lr);
  rec.grad_norm = float(std::sqrt(g2));
  // Per layer, from the same gradient (apply_update clips it in place), for the steps kept.
  const bool layers = model_obj_ && rec_.history.due(progress_.steps + 1);
  if (layers) layer_norms(model_obj_->model().layers(), g, rec_.layer_norms);
  if (!apply_update(f.total(), rec)) return;

  Progress& p = progress_;
  ++p.steps;
  p.samples += std::int64_t(rows);
  if (model_obj_) {
    rec_.epoch_loss_sum += f.loss * double(rows);
    rec_.epoch_rows += rows;
  }
  rec_.history.push_step(p.steps, rec, layers ? Span<const float>(rec_.layer_norms) : Span<const float>());
  record();
  move_.lr = move_.schedule->after_step(move_.lr);
  schedule_momentum();
  if (below_grad_tolerance(rec)) return;
  // Function mode: every step is an epoch (for schedules and stopping rules).
  if (function_obj_) end_epoch(rec_.trajectory.values().empty() ? f.loss : rec_.trajectory.values().back());
  else if (batches_->epoch_done()) end_epoch(0);
  if (!finished() && p.steps >= p.total_steps)
    finish(RunStatus::done, "finished " + std::to_string(p.steps) + " steps" +
                                (function_obj_ ? std::string() : " (" + std::to_string(p.epochs) + " epochs)"));
}

void Session::end_epoch(double function_value) {
  double monitored = function_value;
  if (model_obj_) {
    // Function mode has no epoch records: the per-step history already holds f, and a record per
    // step would grow without bound on long runs.
    EpochRecord e;
    e.step = progress_.steps;
    e.lr = float(move_.lr);
    e.train_loss = float(rec_.epoch_loss_sum / double(std::max<std::size_t>(rec_.epoch_rows, 1)));
    e.val_loss = problem_.validation.n > 0 ? float(evaluate(move_.w.data(), true)) : NAN;  // null in JSON
    monitored = problem_.validation.n > 0 ? e.val_loss : e.train_loss;
    if (spec_.training.metrics == "epoch") {
      // accuracy (classification) or R^2 (regression) on both splits
      e.train_metric = split_metric(problem_, model_obj_->model(), move_.w, problem_.train);
      e.val_metric = split_metric(problem_, model_obj_->model(), move_.w, problem_.validation);
    }
    rec_.history.push_epoch(e);
    rec_.epoch_loss_sum = 0;
    rec_.epoch_rows = 0;
  }
  ++progress_.epochs;
  move_.lr = move_.schedule->after_epoch(move_.lr, monitored);
  stop_after_epoch(monitored);
}

void Session::stop_after_epoch(double monitored) {
  const TrainingSpec& t = spec_.training;
  Stopping& s = stop_;
  if (t.early_stopping) {
    if (!s.have_best || monitored < s.best - t.min_delta) {
      s.best = monitored;
      s.have_best = true;
      s.wait = 0;
      if (t.restore_best) s.best_params = move_.w;
    } else if (++s.wait >= t.patience) {
      std::string msg = "stopped early after epoch " + std::to_string(progress_.epochs) + ": the " +
                        (problem_.validation.n > 0 ? "validation" : "training") + " loss did not improve by more than " +
                        fmt(t.min_delta) + " for " + std::to_string(t.patience) + " epochs";
      if (t.restore_best && !s.best_params.empty()) {
        move_.w = s.best_params;
        msg += "; restored the best parameters (loss " + fmt(s.best) + ")";
      }
      finish(RunStatus::early_stopped, msg);
      return;
    }
  }
  if (t.tol_loss_delta > 0 && s.have_previous && std::fabs(monitored - s.previous) < t.tol_loss_delta) {
    finish(RunStatus::converged, "converged after epoch " + std::to_string(progress_.epochs) +
                                     ": the loss changed by less than " + fmt(t.tol_loss_delta));
    return;
  }
  s.previous = monitored;
  s.have_previous = true;
}

// ---- evaluation and inference -------------------------------------------------------------------
double Session::evaluate(const float* p, bool validation) {
  if (function_obj_) return function_obj_->value(Span<const float>(p, 2));
  return validation ? model_obj_->split_value(p, problem_.validation, problem_.validation_target)
                    : model_obj_->split_value(p, problem_.train, problem_.train_target);
}

Status Session::predict(const float* x, std::size_t n, std::vector<float>& out) {
  const std::size_t d = inputs();
  if (!simd::all_finite(x, n * d))
    for (std::size_t i = 0; i < n * d; ++i)
      if (!std::isfinite(x[i])) return Status::Error("x[" + std::to_string(i) + "] is not a finite number");
  if (function_obj_) {
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const float w[2] = {x[2 * i], x[2 * i + 1]};
      out[i] = float(function_obj_->value(Span<const float>(w, 2)));
    }
    return Status::Ok();
  }
  std::vector<float> xn(x, x + n * d);
  problem_.normalizer.apply_rows(xn.data(), n, d);
  out.resize(n * problem_.shape.outputs);
  model_obj_->model().predict(move_.w, xn.data(), n, out.data());
  to_display(problem_, out.data(), n);
  return Status::Ok();
}

Status Session::grid(double x0, double x1, double y0, double y1, std::size_t res, std::vector<float>& out) {
  if (inputs() != 2) return Status::Error("grid needs a model with 2 inputs; this one has " + std::to_string(inputs()));
  std::vector<float> pts;
  const Status st = grid_points(x0, x1, y0, y1, res, pts);
  if (!st.ok()) return st;
  return predict(pts.data(), res * res, out);
}

Explained Session::explain(std::size_t i) const {
  Explained e;
  if (i >= move_.w.size()) return e;
  const std::vector<float>& g = move_.grad[move_.latest];
  e.push_back({"w", move_.w[i]});
  e.push_back({"g", g[i]});
  e.push_back({"lr", move_.lr});
  if (move_.search) {
    // Gradient descent with a line search: the step length replaced the learning rate.
    const History& h = rec_.history;
    const double a = h.size() ? h.step_size.back() : 0.0;
    e.push_back({"t", double(progress_.steps)});
    e.push_back({"step_length", a});
    e.push_back({"trials", h.size() ? double(h.trials.back()) : 0.0});
    e.push_back({"step", -a * g[i]});
    return e;
  }
  // The optimizer's own quantities replace the session's w/g/lr where it names them too (its g is
  // the gradient it received, after weight decay; its lr the one of its last step).
  for (const auto& kv : move_.optimizer->explain(i, move_.grad[move_.consumed][i], move_.before[i])) {
    auto same = std::find_if(e.begin(), e.end(), [&](const auto& x) { return x.first == kv.first; });
    if (same != e.end()) same->second = kv.second;
    else e.push_back(kv);
  }
  return e;
}

std::vector<float> Session::gradient_here() {
  if (!function_obj_) return gradient();
  std::vector<float> g(2);
  function_obj_->evaluate(move_.w, g);
  return g;
}

std::vector<float> Session::velocity() const {
  Span<const float> v = move_.optimizer->velocity();
  return std::vector<float>(v.begin(), v.end());
}

}  // namespace descent
