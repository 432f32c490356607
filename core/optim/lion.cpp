// See lion.hpp.
#include "core/optim/lion.hpp"

#include <cassert>
#include <utility>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

LionConfig LionConfig::from(const ParamValues& p) {
  LionConfig c;
  c.beta1 = p.get("beta1");
  c.beta2 = p.get("beta2");
  c.weight_decay = p.get("weight_decay");
  return c;
}

void Lion::step(Span<float> w, Span<const float> g, float lr) {
  assert(w.size() == g.size());
  const std::size_t n = w.size();
  if (m_.size() != n) {
    // A new size without reset() is a caller bug; in release builds start over cleanly.
    assert(m_.empty() && "size changed without reset()");
    reset();
    m_.assign(n, 0.0f);
    prev_.assign(n, 0.0f);
  }
  ++t_;
  lr_ = lr;
  beta1_used_ = c_.beta1;
  std::swap(m_, prev_);  // prev_: m before this step; m_ is overwritten below
  const optim_detail::Lerp interpolate(1.0 - c_.beta1), average(1.0 - c_.beta2);
  const fbatch neg_lr(-lr), zero(0.0f), one(1.0f), minus_one(-1.0f);
  const bool decoupled = c_.weight_decay != 0.0;
  const fbatch decay(f32(1.0 - double(lr) * c_.weight_decay));
  simd::for_lanes(
      n,
      [&](fbatch& wv, const fbatch& gv, const fbatch& m_before, fbatch& m_after) {
        if (decoupled) wv = wv * decay;
        const fbatch c = interpolate(m_before, gv);
        wv = wv + neg_lr * xsimd::select(c > zero, one, xsimd::select(c < zero, minus_one, zero));
        m_after = average(m_before, gv);
      },
      w.data(), g.data(), static_cast<const float*>(prev_.data()), m_.data());
}

void Lion::reset() {
  m_.clear();
  prev_.clear();
  t_ = 0;
  lr_ = 0.0f;
}

Explained Lion::explain(std::size_t i, float g, float /*w*/) const {
  if (i >= m_.size()) return {};
  const float c = optim_detail::Lerp(1.0 - beta1_used_)(prev_[i], g);
  const double update = c > 0.0f ? 1.0 : c < 0.0f ? -1.0 : 0.0;
  Explained e{{"t", double(t_)}, {"lr", lr_},       {"beta1", beta1_used_}, {"beta2", c_.beta2}, {"g", g},
              {"m_prev", prev_[i]}, {"c", c},      {"update", update},      {"m", m_[i]}};
  if (c_.weight_decay != 0.0) e.push_back({"decay_factor", 1.0 - double(lr_) * c_.weight_decay});
  e.push_back({"step", -double(lr_) * update});
  return e;
}

}  // namespace descent
