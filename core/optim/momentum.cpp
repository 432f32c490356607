// See momentum.hpp.
#include "core/optim/momentum.hpp"

#include <cassert>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

MomentumConfig MomentumConfig::from(const ParamValues& p) {
  MomentumConfig c;
  c.momentum = p.get("momentum");
  c.dampening = p.get("dampening");
  c.weight_decay = p.get("weight_decay");
  c.form = p.choice("form") == "ema" ? Form::ema : Form::torch;
  return c;
}

void Momentum::step(Span<float> w, Span<const float> g, float lr) {
  assert(w.size() == g.size());
  if (v_.size() != w.size()) {
    // A new size without reset() is a caller bug; in release builds start over cleanly.
    assert(v_.empty() && "size changed without reset()");
    reset();
    v_.assign(w.size(), 0.0f);
  }
  ++t_;
  lr_ = lr;
  momentum_used_ = c_.momentum;
  const fbatch neg_lr(f32(-double(lr)));
  const bool wd = c_.weight_decay != 0.0;
  const fbatch lambda(f32(c_.weight_decay));
  const fbatch mu(f32(c_.momentum));
  if (c_.form == MomentumConfig::Form::torch) {
    const bool first = t_ == 1;
    const fbatch keep(f32(1.0 - c_.dampening));
    simd::for_lanes(
        w.size(),
        [&](fbatch& wv, const fbatch& gv, fbatch& v) {
          const fbatch gd = wd ? gv + lambda * wv : gv;
          v = first ? gd : v * mu + keep * gd;
          wv = wv + neg_lr * v;
        },
        w.data(), g.data(), v_.data());
  } else {
    const fbatch one_minus(f32(1.0 - c_.momentum));
    simd::for_lanes(
        w.size(),
        [&](fbatch& wv, const fbatch& gv, fbatch& v) {
          const fbatch gd = wd ? gv + lambda * wv : gv;
          v = mu * v + one_minus * gd;
          wv = wv + neg_lr * v;
        },
        w.data(), g.data(), v_.data());
  }
}

void Momentum::reset() {
  v_.clear();
  t_ = 0;
  lr_ = 0.0f;
}

Explained Momentum::explain(std::size_t i, float g, float w) const {
  if (i >= v_.size()) return {};
  const double v = v_[i];
  return {{"t", double(t_)}, {"lr", lr_}, {"momentum", momentum_used_}, {"g", optim_detail::decayed(g, w, c_.weight_decay)},
          {"v", v},          {"step", -double(lr_) * v}};
}

}  // namespace descent
