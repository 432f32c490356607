// See lr_finder.hpp.
#include "core/train/lr_finder.hpp"

#include <algorithm>
#include <cmath>

#include "core/simd/kernels.hpp"
#include "core/simd/num.hpp"
#include "core/train/call_args.hpp"
#include "core/train/session.hpp"

namespace descent {
namespace {

// Suggestion: where the smoothed loss falls fastest per unit of log(lr), measured over a window
// of +-k points (k = 5% of the curve), skipping the first tenth (the moving average has seen
// few batches there) and stopping at the smoothed minimum (past it the loss turns up and
// mini-batch noise makes spurious dips).
void suggest(LrFinderResult& r) {
  const std::size_t m = r.smoothed.size();
  if (m < 8) {
    r.message = "the loss exploded almost at once; try a smaller minLr";
    return;
  }
  std::size_t imin = 0;
  for (std::size_t i = 0; i < m; ++i) if (r.smoothed[i] < r.smoothed[imin]) imin = i;
  const std::size_t k = std::max<std::size_t>(1, m / 20);
  double steepest = 0;
  std::size_t at = 0;
  for (std::size_t i = std::max(k, m / 10); i + k < m && i <= imin; ++i) {
    const double slope = (double(r.smoothed[i + k]) - r.smoothed[i - k]) /
                         (num::log(double(r.lrs[i + k])) - num::log(double(r.lrs[i - k])));
    if (slope < steepest) { steepest = slope; at = i; }
  }
  const double drop = (double(r.smoothed[0]) - r.smoothed[imin]) / std::max(std::fabs(double(r.smoothed[0])), 1e-30);
  if (at > 0 && drop > 0.05) {
    r.suggestion = r.lrs[at];
    r.message = "suggested learning rate " + format_float(float(r.suggestion)) + " (steepest descent of the smoothed loss)";
  } else {
    // No real descent in range (say, an already trained model): a tenth of the LR at which the
    // loss starts to climb, the largest that is still stable (the smoothed loss doubles there).
    std::size_t rise = m - 1;
    for (std::size_t i = imin; i < m; ++i)
      if (r.smoothed[i] > 2.0 * r.smoothed[imin]) { rise = i; break; }
    r.suggestion = r.lrs[rise] / 10;
    r.message = "suggested learning rate " + format_float(float(r.suggestion)) +
                " (the loss hardly falls in this range; a tenth of the LR where it starts to climb)";
  }
}

}  // namespace

Status lr_finder(const Session& s, const LrFinderConfig& c, LrFinderResult& r) {
  Status st = check_lr_finder(c);
  if (!st.ok()) return st;
  r = LrFinderResult();
  const Problem& p = s.problem();
  const Spec& spec = s.spec();
  const std::int64_t steps = std::int64_t(c.steps);
  // The objective: the model on mini-batches in their own shuffled order (with dropout drawn from
  // a copy of the session's generator), or the test function.
  std::unique_ptr<Objective> f;
  std::optional<BatchStream> batches;
  Rng dropout = s.dropout_rng();
  ModelObjective* model = nullptr;
  if (p.function_mode) {
    f = std::make_unique<FunctionObjective>(*p.function, p.function_params);
  } else {
    auto m = std::make_unique<ModelObjective>(p, spec.training.l1, spec.training.l2);
    m->set_dropout(&dropout);
    model = m.get();
    f = std::move(m);
    batches.emplace(p.train, p.train_target, p.target_cols, s.batch_size(), true, Rng(spec.seed, RngStream::misc));
  }
  std::vector<float> w = s.params(), g(w.size());
  std::unique_ptr<Optimizer> opt = find_optimizer(spec.optimizer.kind)->make(spec.optimizer.params);
  const double beta = 0.98;
  double avg = 0, best = INFINITY;
  for (std::int64_t k = 0; k < steps; ++k) {
    const double lr = c.min_lr * num::pow(c.max_lr / c.min_lr, double(k) / double(steps - 1));
    if (model) model->set_batch(batches->next());
    const double loss = f->evaluate(w, g);
    // fastai-style smoothing: exponential moving average with bias correction
    avg = beta * avg + (1 - beta) * loss;
    const double smooth = avg / (1 - num::powi(beta, k + 1));
    if (!std::isfinite(loss) || !std::isfinite(smooth) || (k > 5 && smooth > 4 * best)) {
      r.stopped_early = true;
      break;
    }
    best = std::min(best, smooth);
    r.lrs.push_back(float(lr));
    r.losses.push_back(float(loss));
    r.smoothed.push_back(float(smooth));
    if (!simd::all_finite(g.data(), g.size())) {
      r.stopped_early = true;
      break;
    }
    opt->step(w, g, float(lr));
    if (!simd::all_finite(w.data(), w.size())) {
      r.stopped_early = true;
      break;
    }
  }
  suggest(r);
  return Status::Ok();
}

}  // namespace descent
