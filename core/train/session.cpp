// The training loop. See session.hpp.
#include "core/train/session.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "core/metrics/metrics.hpp"
#include "core/simd/kernels.hpp"
#include "core/simd/lanes.hpp"

namespace descent {
namespace {

constexpr double kExplode = 1e20;  // a finite loss this large counts as divergence

std::string fmt(double v) { return format_float(float(v)); }

// The model on one batch, as an Objective (for line search): no dropout, penalty included.
class BatchObjective final : public Objective {
 public:
  using Fn = double (*)(void*, const float*, float*);
  BatchObjective(std::size_t dim, void* ctx, Fn fn) : dim_(dim), ctx_(ctx), fn_(fn) {}
  std::size_t dim() const override { return dim_; }
  double evaluate(Span<const float> w, Span<float> g) override { return fn_(ctx_, w.data(), g.data()); }

 private:
  std::size_t dim_;
  void* ctx_;
  Fn fn_;
};

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

std::unique_ptr<Session> Session::create(const Spec& spec, Issues& issues) {
  std::unique_ptr<Session> s(new Session());
  if (!s->init(spec, issues)) return nullptr;
  return s;
}

bool Session::init(const Spec& spec, Issues& issues) {
  spec_ = spec;
  if (!build_problem(spec_, problem_, issues)) return false;
  const OptimizerEntry* oe = find_optimizer(spec_.optimizer.kind);
  const ScheduleEntry* se = find_schedule(spec_.schedule.kind);
  if (!oe || !se) {
    issues.push_back({oe ? "schedule.kind" : "optimizer.kind", "unknown optimizer or schedule"});
    return false;
  }
  if (spec_.training.line_search) search_ = find_line_search(spec_.training.search.kind);
  history_ = History(std::size_t(spec_.training.history_limit));
  shuffle_rng_ = Rng(spec_.seed, RngStream::shuffle);
  dropout_rng_ = Rng(spec_.seed, RngStream::dropout);

  if (problem_.function_mode) {
    function_obj_ = std::make_unique<FunctionObjective>(*problem_.function, problem_.function_params);
    params_ = {float(spec_.data.start[0]), float(spec_.data.start[1])};
    total_steps_ = spec_.training.steps;
    steps_per_epoch_ = 1;
    batch_ = 1;
  } else {
    model_ = std::make_unique<Mlp>(problem_.shape);
    params_.assign(model_->num_params(), 0.0f);
    if (spec_.model.has_params) {
      params_ = spec_.model.params;
    } else {
      Rng init_rng(spec_.seed, RngStream::init);
      model_->init(spec_.model.init, init_rng, params_);
    }
    is_weight_.assign(params_.size(), 0);
    for (const Layer& L : model_->layers())
      std::fill(is_weight_.begin() + long(L.w_offset), is_weight_.begin() + long(L.w_offset + L.in * L.out), 1);
    const std::size_t n = problem_.train.n;
    batch_ = spec_.training.batch_size == 0 ? n : std::min<std::size_t>(std::size_t(spec_.training.batch_size), n);
    if (spec_.training.batch_size > long(n))
      problem_.notes.push_back("batch_size " + std::to_string(spec_.training.batch_size) + " is larger than the " +
                               std::to_string(n) + " training rows: using full batches");
    steps_per_epoch_ = long((n + batch_ - 1) / batch_);
    total_steps_ = spec_.training.steps > 0 ? spec_.training.steps : spec_.training.epochs * steps_per_epoch_;
    const std::size_t k = problem_.shape.outputs;
    xb_.resize(batch_ * problem_.shape.inputs);
    tb_.resize(batch_ * problem_.target_cols);
    dout_.resize(batch_ * k);
    order_.resize(n);
  }
  grad_.assign(params_.size(), 0.0f);
  prev_.assign(params_.size(), 0.0f);
  optimizer_ = oe->make(spec_.optimizer.params);
  schedule_ = se->make(spec_.schedule.params, total_steps_);
  lr_ = schedule_->start(spec_.optimizer.params.get("lr"));
  // parse_spec's rule, again for a Spec built in code.
  if (!check_schedule_fits_optimizer(spec_, issues)) return false;
  schedule_momentum();
  record_trajectory();
  if (total_steps_ <= 0) finish(RunStatus::done, "nothing to do: 0 steps");
  return true;
}

void Session::schedule_momentum() {
  // init() checked that the optimizer takes it (check_schedule_fits_optimizer).
  if (const std::optional<double> m = schedule_->momentum()) optimizer_->set_momentum(*m);
}

Status Session::set_lr(double lr) {
  if (!std::isfinite(lr) || lr <= 0 || lr > 1e6)
    return Status::Error("learning rate must be a finite number in (0, 1e6], got " + format_number(lr));
  lr_ = lr;
  return Status::Ok();
}

Status Session::set_params(const float* p, std::size_t n) {
  if (n != params_.size())
    return Status::Error("params has " + std::to_string(n) + " values; this model has " + std::to_string(params_.size()));
  if (!simd::all_finite(p, n)) return Status::Error("params contains NaN or infinite values");
  params_.assign(p, p + n);
  return Status::Ok();
}

void Session::record_snapshot() {
  // Parameter snapshots for landscape paths (PCA / projections), bounded in count and memory.
  if (!on_stride(steps_, snap_stride_)) return;
  const std::size_t cap = std::max<std::size_t>(3, std::min<std::size_t>(64, 8000000 / std::max<std::size_t>(params_.size(), 1)));
  // Dropped snapshots keep their memory for the next ones (no allocation per snapshot).
  if (spare_snapshots_.empty()) {
    snapshots_.push_back(params_);
  } else {
    snapshots_.push_back(std::move(spare_snapshots_.back()));
    spare_snapshots_.pop_back();
    snapshots_.back().assign(params_.begin(), params_.end());
  }
  if (snapshots_.size() > cap) {
    // Keep every other one; swapping moves the dropped ones to the end, [w, size).
    std::size_t w = 0;
    for (std::size_t j = 0; j < snapshots_.size(); j += 2, ++w) std::swap(snapshots_[w], snapshots_[j]);
    for (std::size_t j = w; j < snapshots_.size(); ++j) spare_snapshots_.push_back(std::move(snapshots_[j]));
    snapshots_.resize(w);
    snap_stride_ *= 2;
  }
}

void Session::record_trajectory() {
  record_snapshot();
  if (params_.size() != 2 || !on_stride(steps_, traj_stride_)) return;
  trajectory_.push_back(params_[0]);
  trajectory_.push_back(params_[1]);
  if (problem_.function_mode) values_.push_back(function_obj_->value(params_));
  // Bounded like the history: past the limit keep every other point (point j <-> step j * stride).
  if (trajectory_.size() / 2 > std::size_t(spec_.training.history_limit)) {
    std::size_t w = 0;
    for (std::size_t j = 0; j < trajectory_.size() / 2; j += 2, ++w) {
      trajectory_[2 * w] = trajectory_[2 * j];
      trajectory_[2 * w + 1] = trajectory_[2 * j + 1];
      if (!values_.empty()) values_[w] = values_[j];
    }
    trajectory_.resize(2 * w);
    if (!values_.empty()) values_.resize(w);
    traj_stride_ *= 2;
  }
}

void Session::finish(RunStatus s, const std::string& msg) {
  status_ = s;
  message_ = msg;
  if (!problem_.function_mode && spec_.training.metrics == "end") {
    // metrics are computed on demand by metrics_json()/result_json(); nothing to store here
  }
}

void Session::diverge(const std::string& what) {
  const double lr = lr_;
  std::string msg = "diverged at step " + std::to_string(steps_ + 1) + ": " + what + ". ";
  if (search_) msg += "The line search could not keep the loss finite; check the data for extreme values.";
  else
    msg += "The learning rate " + fmt(lr) + " is probably too large for this problem; try " + fmt(lr / 10) + ".";
  msg += " The parameters from before this step are kept.";
  finish(RunStatus::diverged, msg);
}

RunStatus Session::run(long k) {
  for (long i = 0; i < k && !finished(); ++i) {
    if (problem_.function_mode) step_function();
    else step_data();
  }
  return status_;
}

RunStatus Session::run_epoch() {
  const long target = epochs_ + 1;
  while (!finished() && epochs_ < target) run(1);
  return status_;
}

// ---- penalties ---------------------------------------------------------------------------------
bool Session::weight_param(std::size_t i) const { return !is_weight_.empty() && is_weight_[i]; }

double Session::penalty(const float* w) const {
  const double l1 = spec_.training.l1, l2 = spec_.training.l2;
  if ((l1 == 0 && l2 == 0) || problem_.function_mode) return 0;
  double a = 0, s = 0;
  for (const Layer& L : model_->layers()) {
    const float* W = w + L.w_offset;
    const std::size_t m = L.in * L.out;
    if (l2 != 0) s += simd::sqnorm(W, m);
    if (l1 != 0)
      for (std::size_t i = 0; i < m; ++i) a += std::fabs(W[i]);
  }
  return l1 * a + l2 * s;
}

double Session::penalty_and_grad(const float* w, float* g) const {
  const double l1 = spec_.training.l1, l2 = spec_.training.l2;
  if ((l1 == 0 && l2 == 0) || problem_.function_mode) return 0;
  // d/dw [l1 |w| + l2 w^2] = l1 sign(w) + 2 l2 w, weights only (biases are not penalized)
  const float fl1 = float(l1), fl2 = float(2 * l2);
  for (const Layer& L : model_->layers()) {
    float* G = g + L.w_offset;
    const float* W = w + L.w_offset;
    simd::for_lanes(L.in * L.out, [&](simd::fbatch& gv, const simd::fbatch& wv) {
      const simd::fbatch zero(0.0f);
      const simd::fbatch sign = xsimd::select(wv > zero, simd::fbatch(1.0f), xsimd::select(wv < zero, simd::fbatch(-1.0f), zero));
      gv = gv + fl1 * sign + fl2 * wv;
    }, G, W);
  }
  return penalty(w);
}

// ---- one step on data ---------------------------------------------------------------------------
std::vector<std::uint32_t> Session::batch_order(long epochs) const {
  std::vector<std::uint32_t> all;
  if (problem_.function_mode || epochs <= 0) return all;
  const std::size_t n = problem_.train.n;
  Rng rng(spec_.seed, RngStream::shuffle);  // as the session's own shuffle stream starts
  std::vector<std::uint32_t> order(n);
  all.reserve(n * std::size_t(epochs));
  for (long e = 0; e < epochs; ++e) {
    for (std::size_t i = 0; i < n; ++i) order[i] = std::uint32_t(i);
    if (spec_.training.shuffle && batch_ < n) rng.shuffle(order);
    all.insert(all.end(), order.begin(), order.end());
  }
  return all;
}

void Session::begin_epoch() {
  const std::size_t n = problem_.train.n;
  // Full batch: the order cannot change the gradient (beyond rounding), so rows stay in data order
  // and the batch is read in place (gather_batch): no order to build.
  if (batch_ < n) {
    for (std::size_t i = 0; i < n; ++i) order_[i] = std::uint32_t(i);
    if (spec_.training.shuffle) shuffle_rng_.shuffle(order_);
  }
  epoch_loss_sum_ = 0;
  epoch_rows_ = 0;
}

float Session::batch_loss_grad(std::size_t bs, bool training) {
  const std::size_t k = problem_.shape.outputs;
  model_->forward(params_, bx_, bs, nullptr, training && problem_.shape.dropout > 0 ? &dropout_rng_ : nullptr);
  const float loss = problem_.loss->train_value_and_grad(Span<const float>(model_->output(), bs * k),
                                                         Span<const float>(bt_, bs * problem_.target_cols),
                                                         Span<float>(dout_.data(), bs * k), bs, k);
  model_->backward(params_, bx_, bs, dout_.data(), grad_);
  return loss;
}

void Session::gather_batch(const std::vector<std::uint32_t>& order, std::size_t pos, std::size_t bs) {
  const std::size_t n = problem_.train.n, d = problem_.shape.inputs, tc = problem_.target_cols;
  // The epoch order is the identity without shuffling, and for a full batch (see begin_epoch):
  // the batch is rows pos .. pos + bs of the dataset, read in place instead of copied.
  if (&order == &order_ && (!spec_.training.shuffle || batch_ >= n)) {
    bx_ = problem_.train.x.data() + pos * d;
    bt_ = problem_.train_target.data() + pos * tc;
    return;
  }
  for (std::size_t i = 0; i < bs; ++i) {
    const std::size_t r = order[pos + i];
    std::memcpy(xb_.data() + i * d, problem_.train.x.data() + r * d, d * sizeof(float));
    std::memcpy(tb_.data() + i * tc, problem_.train_target.data() + r * tc, tc * sizeof(float));
  }
  bx_ = xb_.data();
  bt_ = tb_.data();
}

bool Session::apply_update(Objective* obj, double f0, StepRecord& rec) {
  // gradient clipping: by value, then by global norm (torch.nn.utils.clip_grad_value_/_norm_)
  const double cv = spec_.training.clip_value, cn = spec_.training.clip_norm;
  if (cv > 0) {
    const simd::fbatch hi{float(cv)}, lo{-float(cv)};
    simd::for_lanes(grad_.size(), [&](simd::fbatch& g) { g = xsimd::min(xsimd::max(g, lo), hi); }, grad_.data());
  }
  if (cn > 0) {
    const double norm = std::sqrt(simd::sqnorm(grad_.data(), grad_.size()));
    const double coef = cn / (norm + 1e-6);
    if (coef < 1.0) {
      const simd::fbatch c{float(coef)};
      simd::for_lanes(grad_.size(), [&](simd::fbatch& g) { g = g * c; }, grad_.data());
    }
  }
  // a vector copy: in WebAssembly memcpy is a call into the C library, for ~100 floats here
  simd::for_lanes(params_.size(), [](simd::fbatch& d, const simd::fbatch& p) { d = p; }, prev_.data(),
                  static_cast<const float*>(params_.data()));
  if (search_) {
    const LineSearchResult r = line_search(search_->kind, *obj, Span<const float>(prev_), Span<const float>(grad_), f0,
                                           LineSearchConfig::from(spec_.training.search.params), Span<float>(params_));
    rec.step_size = float(r.step);
    rec.trials = std::int32_t(r.halvings);
    last_trials_.clear();
    for (const LineSearchTrial& t : r.trials) {
      last_trials_.push_back(t.a);
      last_trials_.push_back(t.f);
    }
    if (!r.ok) {
      finish(RunStatus::converged, "converged at step " + std::to_string(steps_ + 1) + ": the line search found no step that lowers the loss in " +
                                       std::to_string(r.trials.size()) + " trials (a minimum, within float precision)");
      return false;
    }
  } else {
    optimizer_->step(params_, grad_, float(lr_));
  }
  // One pass for both: prev_ is finite, so a finite sum of squared differences means every new
  // parameter is finite; only a non-finite sum needs the check (a finite overflow of p - prev
  // stays an infinite update norm, as before).
  const double moved = simd::sqdist(params_.data(), prev_.data(), params_.size());
  if (!std::isfinite(moved) && !simd::all_finite(params_.data(), params_.size())) {
    std::memcpy(params_.data(), prev_.data(), params_.size() * sizeof(float));
    diverge("the update made a parameter infinite or NaN");
    return false;
  }
  rec.update_norm = float(std::sqrt(moved));
  return true;
}

bool Session::below_grad_tolerance(const StepRecord& rec) {
  if (!(spec_.training.tol_grad_norm > 0 && rec.grad_norm < spec_.training.tol_grad_norm)) return false;
  finish(RunStatus::converged, "converged at step " + std::to_string(steps_) + ": the gradient norm " + fmt(rec.grad_norm) +
                                   " fell below the tolerance " + fmt(spec_.training.tol_grad_norm));
  return true;
}

void Session::step_data() {
  if (pos_ == 0) begin_epoch();
  const std::size_t n = problem_.train.n;
  const std::size_t bs = std::min(batch_, n - pos_);
  gather_batch(order_, pos_, bs);
  const float data_loss = batch_loss_grad(bs, true);
  const double pen = penalty_and_grad(params_.data(), grad_.data());
  if (!std::isfinite(data_loss) || std::fabs(data_loss) > kExplode) {
    diverge(std::string("the loss became ") + (std::isfinite(data_loss) ? format_float(data_loss) : std::isnan(data_loss) ? "NaN" : "infinite"));
    return;
  }
  // A finite squared norm means a finite gradient; only a non-finite one needs the full check.
  const double g2 = simd::sqnorm(grad_.data(), grad_.size());
  if (!std::isfinite(g2) && !simd::all_finite(grad_.data(), grad_.size())) {
    diverge("the gradient became infinite or NaN");
    return;
  }
  if (steps_ == 0) first_loss_ = data_loss;
  StepRecord rec;
  rec.loss = data_loss;
  rec.penalty = float(pen);
  rec.lr = float(lr_);
  rec.grad_norm = float(std::sqrt(g2));

  struct Ctx { Session* s; std::size_t bs; };
  Ctx ctx{this, bs};
  BatchObjective obj(params_.size(), &ctx, [](void* c, const float* w, float* g) -> double {
    Ctx& x = *static_cast<Ctx*>(c);
    Session& s = *x.s;
    // Evaluate at w (not params_): swap in, compute, swap back.
    std::vector<float> saved(s.params_);
    std::memcpy(s.params_.data(), w, s.params_.size() * sizeof(float));
    std::vector<float> keep_grad(s.grad_);
    const double f = double(s.batch_loss_grad(x.bs, false)) + s.penalty_and_grad(w, s.grad_.data());
    std::memcpy(g, s.grad_.data(), s.grad_.size() * sizeof(float));
    s.grad_ = keep_grad;
    s.params_ = saved;
    return f;
  });
  if (!apply_update(&obj, double(data_loss) + pen, rec)) return;

  ++steps_;
  samples_ += long(bs);
  pos_ += bs;
  epoch_loss_sum_ += double(data_loss) * double(bs);
  epoch_rows_ += bs;
  history_.push_step(steps_, rec);
  record_trajectory();
  lr_ = schedule_->after_step(lr_);
  schedule_momentum();
  if (below_grad_tolerance(rec)) return;
  if (pos_ >= n) end_epoch();
  if (!finished() && steps_ >= total_steps_)
    finish(RunStatus::done, "finished " + std::to_string(steps_) + " steps (" + std::to_string(epochs_) + " epochs)");
}

void Session::end_epoch(double function_value, bool function_epoch) {
  EpochRecord e;
  e.step = steps_;
  e.lr = float(lr_);
  double monitored;
  if (function_epoch) {
    e.train_loss = float(function_value);
    monitored = function_value;
  } else {
    e.train_loss = float(epoch_loss_sum_ / double(std::max<std::size_t>(epoch_rows_, 1)));
    e.val_loss = problem_.validation.n > 0 ? float(evaluate(params_.data(), true)) : NAN;  // null in JSON
    monitored = problem_.validation.n > 0 ? e.val_loss : e.train_loss;
    if (spec_.training.metrics == "epoch") {
      // accuracy (classification) or R^2 (regression) on both splits
      std::vector<float> out;
      auto metric = [&](const Dataset& ds) -> float {
        if (ds.n == 0) return 0;
        compute_outputs(ds, out);
        display_outputs(out.data(), ds.n);
        if (problem_.task == Task::regression) return float(regression_metrics(ds.y.data(), out.data(), ds.n * problem_.shape.outputs, problem_.shape.outputs).r2);
        std::vector<float> cls, score;
        predicted_classes(out.data(), ds.n, cls, score);
        std::size_t right = 0;
        for (std::size_t i = 0; i < ds.n; ++i) right += cls[i] == ds.y[i];
        return float(double(right) / double(ds.n));
      };
      e.train_metric = metric(problem_.train);
      e.val_metric = metric(problem_.validation);
    }
  }
  // Function mode: every step is an epoch for the schedule, but the per-step history already
  // holds f; keeping an epoch record per step would grow without bound on long runs.
  if (!function_epoch) history_.push_epoch(e);
  ++epochs_;
  pos_ = 0;
  lr_ = schedule_->after_epoch(lr_, monitored);

  if (spec_.training.early_stopping) {
    if (!have_best_ || monitored < best_monitored_ - spec_.training.min_delta) {
      best_monitored_ = monitored;
      have_best_ = true;
      wait_ = 0;
      if (spec_.training.restore_best) best_params_ = params_;
    } else if (++wait_ >= spec_.training.patience) {
      std::string msg = "stopped early after epoch " + std::to_string(epochs_) + ": the " +
                        (problem_.validation.n > 0 ? "validation" : "training") + " loss did not improve by more than " +
                        fmt(spec_.training.min_delta) + " for " + std::to_string(spec_.training.patience) + " epochs";
      if (spec_.training.restore_best && !best_params_.empty()) {
        params_ = best_params_;
        msg += "; restored the best parameters (loss " + fmt(best_monitored_) + ")";
      }
      finish(RunStatus::early_stopped, msg);
      return;
    }
  }
  if (spec_.training.tol_loss_delta > 0 && have_prev_epoch_ &&
      std::fabs(monitored - prev_epoch_loss_) < spec_.training.tol_loss_delta) {
    finish(RunStatus::converged, "converged after epoch " + std::to_string(epochs_) + ": the loss changed by less than " +
                                     fmt(spec_.training.tol_loss_delta));
    return;
  }
  prev_epoch_loss_ = monitored;
  have_prev_epoch_ = true;
}

// ---- one step on a test function ------------------------------------------------------------------
void Session::step_function() {
  const double f = function_obj_->evaluate(params_, grad_);
  if (!std::isfinite(f) || std::fabs(f) > kExplode) {
    diverge(std::string("f became ") + (std::isfinite(f) ? format_number(f) : std::isnan(f) ? "NaN" : "infinite"));
    return;
  }
  if (!simd::all_finite(grad_.data(), grad_.size())) {
    diverge("the gradient became infinite or NaN");
    return;
  }
  if (steps_ == 0) first_loss_ = f;
  StepRecord rec;
  rec.loss = float(f);
  rec.lr = float(lr_);
  rec.grad_norm = float(std::sqrt(simd::sqnorm(grad_.data(), grad_.size())));
  if (!apply_update(function_obj_.get(), f, rec)) return;
  ++steps_;
  ++samples_;
  history_.push_step(steps_, rec);
  record_trajectory();
  lr_ = schedule_->after_step(lr_);
  schedule_momentum();
  if (below_grad_tolerance(rec)) return;
  end_epoch(values_.empty() ? f : values_.back(), true);
  if (!finished() && steps_ >= total_steps_)
    finish(RunStatus::done, "finished " + std::to_string(steps_) + " steps");
}

// ---- evaluation and inference -------------------------------------------------------------------
double Session::evaluate(const float* p, bool validation) {
  if (problem_.function_mode) return function_obj_->value(Span<const float>(p, 2));
  const Dataset& ds = validation ? problem_.validation : problem_.train;
  const std::vector<float>& target = validation ? problem_.validation_target : problem_.train_target;
  if (ds.n == 0) return 0;
  const std::size_t k = problem_.shape.outputs, tc = problem_.target_cols, chunk = 4096;
  std::vector<float> out(std::min(chunk, ds.n) * k), dout(out.size());
  const Span<const float> params(p, params_.size());
  double total = 0;
  for (std::size_t i = 0; i < ds.n; i += chunk) {
    const std::size_t m = std::min(chunk, ds.n - i);
    model_->forward(params, ds.x.data() + i * ds.inputs, m, out.data(), nullptr);
    const float l = problem_.loss->train_value_and_grad(Span<const float>(out.data(), m * k),
                                                        Span<const float>(target.data() + i * tc, m * tc),
                                                        Span<float>(dout.data(), m * k), m, k);
    total += double(l) * double(m);
  }
  return total / double(ds.n) + penalty(p);
}

void Session::compute_outputs(const Dataset& ds, std::vector<float>& out) {
  out.resize(ds.n * problem_.shape.outputs);
  model_->predict(params_, ds.x.data(), ds.n, out.data());
}

void Session::display_outputs(float* out, std::size_t n) const {
  const std::size_t k = problem_.shape.outputs;
  if (problem_.output_kind == "logit") {
    if (k == 1) simd::activate(simd::Act::sigmoid, out, out, n);
    else simd::softmax_rows(out, out, n, k);
  }
}

void Session::predicted_classes(const float* display, std::size_t n, std::vector<float>& cls,
                                std::vector<float>& score) const {
  const std::size_t k = problem_.shape.outputs;
  cls.resize(n);
  score.resize(n);
  const float threshold = problem_.output_kind == "score" ? 0.0f : 0.5f;  // scores: sign; probabilities/values: 0.5
  for (std::size_t i = 0; i < n; ++i) {
    if (k == 1) {
      cls[i] = display[i] >= threshold ? 1.0f : 0.0f;
      score[i] = display[i];
    } else {
      std::size_t best = 0;
      for (std::size_t j = 1; j < k; ++j)
        if (display[i * k + j] > display[i * k + best]) best = j;
      cls[i] = float(best);
      score[i] = k == 2 ? display[i * k + 1] : 0.0f;
    }
  }
}

Status Session::predict(const float* x, std::size_t n, std::vector<float>& out) {
  if (problem_.function_mode) {
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const float w[2] = {x[2 * i], x[2 * i + 1]};
      out[i] = float(function_obj_->value(Span<const float>(w, 2)));
    }
    return Status::Ok();
  }
  const std::size_t d = problem_.shape.inputs;
  if (!simd::all_finite(x, n * d)) return Status::Error("x contains NaN or infinite values");
  std::vector<float> xn(x, x + n * d);
  problem_.normalizer.apply_rows(xn.data(), n, d);
  out.resize(n * problem_.shape.outputs);
  model_->predict(params_, xn.data(), n, out.data());
  display_outputs(out.data(), n);
  return Status::Ok();
}

Status Session::grid(double x0, double x1, double y0, double y1, std::size_t res, std::vector<float>& out) {
  if (inputs() != 2) return Status::Error("grid needs a model with 2 inputs; this one has " + std::to_string(inputs()));
  if (res < 2 || res > 512) return Status::Error("resolution must be in [2, 512], got " + std::to_string(res));
  if (!(std::isfinite(x0) && std::isfinite(x1) && std::isfinite(y0) && std::isfinite(y1)) || !(x1 > x0) || !(y1 > y0))
    return Status::Error("grid ranges must be finite with x1 > x0 and y1 > y0");
  std::vector<float> pts(res * res * 2);
  for (std::size_t r = 0; r < res; ++r)
    for (std::size_t c = 0; c < res; ++c) {
      pts[(r * res + c) * 2] = float(x0 + (x1 - x0) * double(c) / double(res - 1));
      pts[(r * res + c) * 2 + 1] = float(y0 + (y1 - y0) * double(r) / double(res - 1));
    }
  return predict(pts.data(), res * res, out);
}

Explained Session::explain(std::size_t i) const {
  Explained e;
  if (i >= params_.size()) return e;
  e.push_back({"w", params_[i]});
  e.push_back({"g", grad_[i]});
  e.push_back({"lr", lr_});
  if (search_) {
    // Gradient descent with a line search: the step length replaced the learning rate.
    const History& h = history_;
    const double a = h.size() ? h.step_size.back() : 0.0;
    e.push_back({"t", double(steps_)});
    e.push_back({"step_length", a});
    e.push_back({"trials", h.size() ? double(h.trials.back()) : 0.0});
    e.push_back({"step", -a * grad_[i]});
    return e;
  }
  Explained o = optimizer_->explain(i);
  e.insert(e.end(), o.begin(), o.end());
  return e;
}

std::vector<float> Session::gradient_here() {
  if (!problem_.function_mode) return grad_;
  std::vector<float> g(2);
  function_obj_->evaluate(params_, g);
  return g;
}

std::vector<float> Session::velocity() const {
  Span<const float> v = optimizer_->velocity();
  return std::vector<float>(v.begin(), v.end());
}

}  // namespace descent
