// See model_objective.hpp.
#include "core/train/model_objective.hpp"

#include <algorithm>
#include <cmath>

#include "core/loss/mse.hpp"
#include "core/simd/kernels.hpp"
#include "core/simd/lanes.hpp"
#include "core/train/problem.hpp"

namespace descent {

ModelObjective::ModelObjective(const Problem& p, double l1, double l2)
    : model_(p.shape), loss_(*p.loss), outputs_(p.shape.outputs), target_cols_(p.target_cols), l1_(l1), l2_(l2) {
  // Linear regression under MSE (one output, fewer inputs than a vector): the step is one sweep
  // over x and y with the same bits (simd::linear_mse_pass); the model's output buffer is not
  // written then, and nothing reads it after a step.
  const std::vector<Layer>& ls = model_.layers();
  if (ls.size() == 1 && ls[0].out == 1 && ls[0].in >= 1 && ls[0].in < simd::lanes && ls[0].act == simd::Act::linear &&
      target_cols_ == 1)
    linear_mse_ = dynamic_cast<const MseLoss*>(&loss_);
}

LossParts ModelObjective::evaluate_parts(Span<const float> w, Span<float> g) {
  const std::size_t n = batch_.rows, k = outputs_;
  if (linear_mse_ && n > 0) {
    const Layer& ly = model_.layers()[0];
    const float loss = linear_mse_->linear_pass(batch_.x, batch_.target, n, ly.in, w.data() + ly.w_offset,
                                                w[ly.b_offset], g.data() + ly.w_offset, g.data() + ly.b_offset);
    return {double(loss), add_penalty_grad(w.data(), g.data())};
  }
  if (dout_.size() < n * k) dout_.resize(n * k);
  model_.forward(w, batch_.x, n, nullptr, dropout_);
  const float loss = loss_.train_value_and_grad(Span<const float>(model_.output(), n * k),
                                                Span<const float>(batch_.target, n * target_cols_),
                                                Span<float>(dout_.data(), n * k), n, k);
  model_.backward(w, batch_.x, n, dout_.data(), g);
  return {double(loss), add_penalty_grad(w.data(), g.data())};
}

double ModelObjective::split_value(const float* w, const Dataset& ds, const std::vector<float>& target) {
  if (ds.n == 0) return 0;
  const std::size_t k = outputs_, tc = target_cols_, chunk = 4096;
  std::vector<float> out(std::min(chunk, ds.n) * k), dout(out.size());
  const Span<const float> params(w, model_.num_params());
  double total = 0;
  for (std::size_t i = 0; i < ds.n; i += chunk) {
    const std::size_t m = std::min(chunk, ds.n - i);
    model_.forward(params, ds.x.data() + i * ds.inputs, m, out.data(), nullptr);
    const float l = loss_.train_value_and_grad(Span<const float>(out.data(), m * k),
                                               Span<const float>(target.data() + i * tc, m * tc),
                                               Span<float>(dout.data(), m * k), m, k);
    total += double(l) * double(m);
  }
  return total / double(ds.n) + penalty(w);
}

double ModelObjective::penalty(const float* w) const {
  if (l1_ == 0 && l2_ == 0) return 0;
  double a = 0, s = 0;
  for (const Layer& L : model_.layers()) {
    const float* W = w + L.w_offset;
    const std::size_t m = L.in * L.out;
    if (l2_ != 0) s += simd::sqnorm(W, m);
    if (l1_ != 0)
      for (std::size_t i = 0; i < m; ++i) a += std::fabs(W[i]);
  }
  return l1_ * a + l2_ * s;
}

double ModelObjective::add_penalty_grad(const float* w, float* g) const {
  if (l1_ == 0 && l2_ == 0) return 0;
  // d/dw [l1 |w| + l2 w^2] = l1 sign(w) + 2 l2 w, weights only (biases are not penalized)
  const float fl1 = float(l1_), fl2 = float(2 * l2_);
  for (const Layer& L : model_.layers()) {
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

}  // namespace descent
