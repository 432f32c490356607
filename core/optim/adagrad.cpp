// See adagrad.hpp.
#include "core/optim/adagrad.hpp"

#include <cassert>
#include <cmath>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

AdagradConfig AdagradConfig::from(const ParamValues& p) {
  AdagradConfig c;
  c.lr_decay = p.get("lr_decay");
  c.eps = p.get("eps");
  c.initial_accumulator_value = p.get("initial_accumulator_value");
  c.weight_decay = p.get("weight_decay");
  return c;
}

void Adagrad::step(Span<float> w, Span<const float> g, float lr) {
  assert(w.size() == g.size());
  if (sum_.size() != w.size()) {
    // A new size without reset() is a caller bug; in release builds start over cleanly.
    assert(sum_.empty() && "size changed without reset()");
    reset();
    sum_.assign(w.size(), f32(c_.initial_accumulator_value));
  }
  ++t_;
  clr_ = double(lr) / (1.0 + double(t_ - 1) * c_.lr_decay);
  const fbatch neg_clr(f32(-clr_));
  const fbatch eps(f32(c_.eps));
  const bool wd = c_.weight_decay != 0.0;
  const fbatch lambda(f32(c_.weight_decay));
  simd::for_lanes(
      w.size(),
      [&](fbatch& wv, const fbatch& gv, fbatch& sum) {
        const fbatch gd = wd ? gv + lambda * wv : gv;
        sum = sum + gd * gd;  // torch: addcmul_(g, g, value=1); 1 * g is exact
        wv = wv + neg_clr * gd / (xsimd::sqrt(sum) + eps);
      },
      w.data(), g.data(), sum_.data());
}

void Adagrad::reset() {
  sum_.clear();
  t_ = 0;
  clr_ = 0.0;
}

Explained Adagrad::explain(std::size_t i, float g_in, float w) const {
  if (i >= sum_.size()) return {};
  const double g = optim_detail::decayed(g_in, w, c_.weight_decay), sum = sum_[i];
  const double denom = std::sqrt(sum) + double(f32(c_.eps));
  return {{"t", double(t_)}, {"clr", clr_},    {"g", g},
          {"sum", sum},      {"denom", denom}, {"step", -clr_ * g / denom}};
}

}  // namespace descent
