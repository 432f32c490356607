// See nadam.hpp.
#include "core/optim/nadam.hpp"

#include <cassert>
#include <cmath>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"
#include "core/simd/num.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

NadamConfig NadamConfig::from(const ParamValues& p) {
  NadamConfig c;
  c.beta1 = p.get("beta1");
  c.beta2 = p.get("beta2");
  c.eps = p.get("eps");
  c.weight_decay = p.get("weight_decay");
  c.momentum_decay = p.get("momentum_decay");
  return c;
}

void Nadam::step(Span<float> w, Span<const float> g, float lr) {
  assert(w.size() == g.size());
  const std::size_t n = w.size();
  if (m_.size() != n) {
    // A new size without reset() is a caller bug; in release builds start over cleanly.
    assert(m_.empty() && "size changed without reset()");
    reset();
    m_.assign(n, 0.0f);
    v_.assign(n, 0.0f);
    mu_product_ = 1.0f;
  }
  ++t_;
  lr_ = lr;
  beta1_used_ = c_.beta1;
  const double t = double(t_);
  const double bc2 = 1.0 - num::powi(c_.beta2, t_);
  mu_ = c_.beta1 * (1.0 - 0.5 * num::pow(0.96, t * c_.momentum_decay));
  mu_next_ = c_.beta1 * (1.0 - 0.5 * num::pow(0.96, (t + 1.0) * c_.momentum_decay));
  // torch: mu_product *= mu on a float32 tensor: the scalar is cast to float, the product rounded.
  mu_product_ = mu_product_ * f32(mu_);
  const double prod = mu_product_, prod_next = prod * mu_next_;
  c_grad_ = -double(lr) * (1.0 - mu_) / (1.0 - prod);
  c_avg_ = (-double(lr) * mu_next_) / (1.0 - prod_next);
  const fbatch c_grad(f32(c_grad_)), c_avg(f32(c_avg_));
  const fbatch bc2f(f32(bc2)), eps(f32(c_.eps));
  const fbatch b2(f32(c_.beta2)), one_minus_b2(f32(1.0 - c_.beta2));
  const optim_detail::Lerp lerp(1.0 - c_.beta1);
  const bool wd = c_.weight_decay != 0.0;
  const fbatch lambda(f32(c_.weight_decay));
  simd::for_lanes(
      n,
      [&](fbatch& wv, const fbatch& gv, fbatch& m, fbatch& v) {
        const fbatch gd = wd ? gv + lambda * wv : gv;
        m = lerp(m, gd);
        v = v * b2 + one_minus_b2 * gd * gd;
        const fbatch denom = xsimd::sqrt(v / bc2f) + eps;
        wv = wv + c_grad * gd / denom;
        wv = wv + c_avg * m / denom;
      },
      w.data(), g.data(), m_.data(), v_.data());
}

void Nadam::reset() {
  m_.clear();
  v_.clear();
  mu_product_ = 1.0f;
  mu_ = mu_next_ = c_grad_ = c_avg_ = 0.0;
  t_ = 0;
  lr_ = 0.0f;
}

Explained Nadam::explain(std::size_t i, float g_in, float w) const {
  if (i >= m_.size()) return {};
  const double bc2 = 1.0 - num::powi(c_.beta2, t_);
  const double g = optim_detail::decayed(g_in, w, c_.weight_decay), m = m_[i], v = v_[i];
  const double denom = std::sqrt(v / bc2) + double(f32(c_.eps));
  return {{"t", double(t_)},       {"lr", lr_},
          {"beta1", beta1_used_},
          {"g", g},                {"m", m},
          {"v", v},                {"mu", mu_},
          {"mu_next", mu_next_},   {"mu_product", mu_product_},
          {"bias_correction2", bc2}, {"denom", denom},
          {"step", (c_grad_ * g + c_avg_ * m) / denom}};
}

}  // namespace descent
