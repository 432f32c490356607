// See sgd.hpp.
#include "core/optim/sgd.hpp"

#include <cassert>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

SgdConfig SgdConfig::from(const ParamValues& p) {
  SgdConfig c;
  c.weight_decay = p.get("weight_decay");
  return c;
}

void Sgd::step(Span<float> w, Span<const float> g, float lr) {
  assert(w.size() == g.size());
  if (n_ != w.size()) {
    // A new size without reset() is a caller bug; in release builds start over cleanly.
    assert(n_ == 0 && "size changed without reset()");
    reset();
    n_ = w.size();
  }
  ++t_;
  lr_ = lr;
  const fbatch neg_lr(f32(-double(lr)));
  const bool wd = c_.weight_decay != 0.0;
  const fbatch lambda(f32(c_.weight_decay));
  simd::for_lanes(
      w.size(),
      [&](fbatch& wv, const fbatch& gv) {
        const fbatch gd = wd ? gv + lambda * wv : gv;
        wv = wv + neg_lr * gd;
      },
      w.data(), g.data());
}

void Sgd::reset() {
  n_ = 0;
  t_ = 0;
  lr_ = 0.0f;
}

Explained Sgd::explain(std::size_t i, float g, float w) const {
  if (i >= n_) return {};
  const double gd = optim_detail::decayed(g, w, c_.weight_decay);
  return {{"t", double(t_)}, {"lr", lr_}, {"g", gd}, {"step", -double(lr_) * gd}};
}

}  // namespace descent
