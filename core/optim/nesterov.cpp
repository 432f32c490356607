// See nesterov.hpp.
#include "core/optim/nesterov.hpp"

#include <cassert>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

NesterovConfig NesterovConfig::from(const ParamValues& p) {
  NesterovConfig c;
  c.momentum = p.get("momentum");
  c.weight_decay = p.get("weight_decay");
  return c;
}

void Nesterov::step(Span<float> w, Span<const float> g, float lr) {
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
  const bool first = t_ == 1;
  simd::for_lanes(
      w.size(),
      [&](fbatch& wv, const fbatch& gv, fbatch& v) {
        const fbatch gd = wd ? gv + lambda * wv : gv;
        // torch: buf.mul_(momentum).add_(grad, alpha=1 - 0): the alpha 1 multiply is exact.
        v = first ? gd : v * mu + gd;
        wv = wv + neg_lr * (gd + mu * v);
      },
      w.data(), g.data(), v_.data());
}

void Nesterov::reset() {
  v_.clear();
  t_ = 0;
  lr_ = 0.0f;
}

Explained Nesterov::explain(std::size_t i, float g_in, float w) const {
  if (i >= v_.size()) return {};
  const double g = optim_detail::decayed(g_in, w, c_.weight_decay), v = v_[i];
  const double gn = g + double(f32(momentum_used_)) * v;
  return {{"t", double(t_)}, {"lr", lr_},      {"momentum", momentum_used_}, {"g", g},
          {"v", v},          {"g_nesterov", gn}, {"step", -double(lr_) * gn}};
}

}  // namespace descent
