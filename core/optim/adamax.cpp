// See adamax.hpp.
#include "core/optim/adamax.hpp"

#include <cassert>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"
#include "core/simd/num.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

AdamaxConfig AdamaxConfig::from(const ParamValues& p) {
  AdamaxConfig c;
  c.beta1 = p.get("beta1");
  c.beta2 = p.get("beta2");
  c.eps = p.get("eps");
  c.weight_decay = p.get("weight_decay");
  return c;
}

void Adamax::step(Span<float> w, Span<const float> g, float lr) {
  assert(w.size() == g.size());
  const std::size_t n = w.size();
  if (m_.size() != n) {
    // A new size without reset() is a caller bug; in release builds start over cleanly.
    assert(m_.empty() && "size changed without reset()");
    reset();
    m_.assign(n, 0.0f);
    u_.assign(n, 0.0f);
  }
  ++t_;
  lr_ = lr;
  beta1_used_ = c_.beta1;
  const double bc1 = 1.0 - num::powi(c_.beta1, t_);
  const fbatch neg_clr(f32(-(double(lr) / bc1)));
  const fbatch eps(f32(c_.eps)), b2(f32(c_.beta2));
  const optim_detail::Lerp lerp(1.0 - c_.beta1);
  const bool wd = c_.weight_decay != 0.0;
  const fbatch lambda(f32(c_.weight_decay));
  simd::for_lanes(
      n,
      [&](fbatch& wv, const fbatch& gv, fbatch& m, fbatch& u) {
        const fbatch gd = wd ? gv + lambda * wv : gv;
        m = lerp(m, gd);
        u = xsimd::max(u * b2, xsimd::abs(gd) + eps);
        wv = wv + neg_clr * m / u;
      },
      w.data(), g.data(), m_.data(), u_.data());
}

void Adamax::reset() {
  m_.clear();
  u_.clear();
  t_ = 0;
  lr_ = 0.0f;
}

Explained Adamax::explain(std::size_t i, float g, float w) const {
  if (i >= m_.size()) return {};
  const double bc1 = 1.0 - num::powi(beta1_used_, t_);
  const double clr = double(lr_) / bc1, m = m_[i], u = u_[i];
  return {{"t", double(t_)}, {"lr", lr_}, {"beta1", beta1_used_}, {"g", optim_detail::decayed(g, w, c_.weight_decay)},  {"m", m},
          {"u", u},          {"bias_correction1", bc1},  {"clr", clr}, {"step", -clr * m / u}};
}

}  // namespace descent
