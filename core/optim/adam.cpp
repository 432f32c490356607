// See adam.hpp.
#include "core/optim/adam.hpp"

#include <cassert>
#include <cmath>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"
#include "core/simd/num.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

AdamConfig AdamConfig::from(const ParamValues& p) {
  AdamConfig c;
  c.beta1 = p.get("beta1");
  c.beta2 = p.get("beta2");
  c.eps = p.get("eps");
  c.weight_decay = p.get("weight_decay");
  c.amsgrad = p.get("amsgrad") != 0.0;
  return c;
}

void Adam::step(Span<float> w, Span<const float> g, float lr) {
  assert(w.size() == g.size());
  const std::size_t n = w.size();
  if (m_.size() != n) {
    // A new size without reset() is a caller bug; in release builds start over cleanly.
    assert(m_.empty() && "size changed without reset()");
    reset();
    m_.assign(n, 0.0f);
    v_.assign(n, 0.0f);
    vmax_.assign(c_.amsgrad ? n : 0, 0.0f);
  }
  ++t_;
  lr_ = lr;
  beta1_used_ = c_.beta1;
  const double bc1 = 1.0 - num::powi(c_.beta1, t_);
  const double bc2 = 1.0 - num::powi(c_.beta2, t_);
  const fbatch neg_step_size(f32(-(double(lr) / bc1)));
  const fbatch bc2_sqrt(f32(std::sqrt(bc2)));
  const fbatch eps(f32(c_.eps));
  const fbatch b2(f32(c_.beta2)), one_minus_b2(f32(1.0 - c_.beta2));
  const optim_detail::Lerp lerp(1.0 - c_.beta1);
  const bool l2 = c_.weight_decay != 0.0 && !c_.decoupled_weight_decay;
  const bool decoupled = c_.weight_decay != 0.0 && c_.decoupled_weight_decay;
  const fbatch lambda(f32(c_.weight_decay));
  const fbatch decay(f32(1.0 - double(lr) * c_.weight_decay));

  auto moments = [&](fbatch& wv, const fbatch& gv, fbatch& m, fbatch& v) {
    if (decoupled) wv = wv * decay;
    const fbatch gd = l2 ? gv + lambda * wv : gv;
    m = lerp(m, gd);
    v = v * b2 + one_minus_b2 * gd * gd;
  };
  if (c_.amsgrad) {
    simd::for_lanes(
        n,
        [&](fbatch& wv, const fbatch& gv, fbatch& m, fbatch& v, fbatch& vmax) {
          moments(wv, gv, m, v);
          vmax = xsimd::max(vmax, v);
          wv = wv + neg_step_size * m / (xsimd::sqrt(vmax) / bc2_sqrt + eps);
        },
        w.data(), g.data(), m_.data(), v_.data(), vmax_.data());
  } else {
    simd::for_lanes(
        n,
        [&](fbatch& wv, const fbatch& gv, fbatch& m, fbatch& v) {
          moments(wv, gv, m, v);
          wv = wv + neg_step_size * m / (xsimd::sqrt(v) / bc2_sqrt + eps);
        },
        w.data(), g.data(), m_.data(), v_.data());
  }
}

void Adam::reset() {
  m_.clear();
  v_.clear();
  vmax_.clear();
  t_ = 0;
  lr_ = 0.0f;
}

Explained Adam::explain(std::size_t i, float g, float w) const {
  if (i >= m_.size()) return {};
  const double bc1 = 1.0 - num::powi(beta1_used_, t_), bc2 = 1.0 - num::powi(c_.beta2, t_);
  const double m = m_[i], v = v_[i];
  const double v_used = c_.amsgrad ? double(vmax_[i]) : v;
  const double m_hat = m / bc1, v_hat = v_used / bc2;
  const double denom = std::sqrt(v_used) / std::sqrt(bc2) + double(f32(c_.eps));
  Explained e{{"t", double(t_)}, {"lr", lr_}, {"beta1", beta1_used_}, {"g", c_.decoupled_weight_decay ? g : optim_detail::decayed(g, w, c_.weight_decay)}, {"m", m}, {"v", v}};
  if (c_.amsgrad) e.push_back({"v_max", v_used});
  if (c_.decoupled_weight_decay && c_.weight_decay != 0.0)
    e.push_back({"decay_factor", 1.0 - double(lr_) * c_.weight_decay});
  e.insert(e.end(), {{"bias_correction1", bc1},
                     {"bias_correction2", bc2},
                     {"m_hat", m_hat},
                     {"v_hat", v_hat},
                     {"denom", denom},
                     {"step", -double(lr_) / bc1 * m / denom}});
  return e;
}

}  // namespace descent
