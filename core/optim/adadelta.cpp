// See adadelta.hpp.
#include "core/optim/adadelta.hpp"

#include <cassert>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

AdadeltaConfig AdadeltaConfig::from(const ParamValues& p) {
  AdadeltaConfig c;
  c.rho = p.get("rho");
  c.eps = p.get("eps");
  c.weight_decay = p.get("weight_decay");
  return c;
}

void Adadelta::step(Span<float> w, Span<const float> g, float lr) {
  assert(w.size() == g.size());
  const std::size_t n = w.size();
  if (sq_.size() != n) {
    // A new size without reset() is a caller bug; in release builds start over cleanly.
    assert(sq_.empty() && "size changed without reset()");
    reset();
    sq_.assign(n, 0.0f);
    acc_.assign(n, 0.0f);
    delta_.assign(n, 0.0f);
  }
  ++t_;
  lr_ = lr;
  const fbatch neg_lr(f32(-double(lr)));
  const fbatch rho(f32(c_.rho)), one_minus_rho(f32(1.0 - c_.rho)), eps(f32(c_.eps));
  const bool wd = c_.weight_decay != 0.0;
  const fbatch lambda(f32(c_.weight_decay));
  simd::for_lanes(
      n,
      [&](fbatch& wv, const fbatch& gv, fbatch& sq, fbatch& acc, fbatch& delta) {
        const fbatch gd = wd ? gv + lambda * wv : gv;
        sq = sq * rho + one_minus_rho * gd * gd;
        const fbatch std_ = xsimd::sqrt(sq + eps);
        delta = xsimd::sqrt(acc + eps) / std_ * gd;
        acc = acc * rho + one_minus_rho * delta * delta;
        wv = wv + neg_lr * delta;
      },
      w.data(), g.data(), sq_.data(), acc_.data(), delta_.data());
}

void Adadelta::reset() {
  sq_.clear();
  acc_.clear();
  delta_.clear();
  t_ = 0;
  lr_ = 0.0f;
}

Explained Adadelta::explain(std::size_t i, float g, float w) const {
  if (i >= sq_.size()) return {};
  const double delta = delta_[i];
  return {{"t", double(t_)},        {"lr", lr_},           {"g", optim_detail::decayed(g, w, c_.weight_decay)},
          {"square_avg", sq_[i]},   {"acc_delta", acc_[i]}, {"delta", delta},
          {"step", -double(lr_) * delta}};
}

}  // namespace descent
