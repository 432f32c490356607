// See rmsprop.hpp.
#include "core/optim/rmsprop.hpp"

#include <cassert>
#include <cmath>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/lanes.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

RmspropConfig RmspropConfig::from(const ParamValues& p) {
  RmspropConfig c;
  c.alpha = p.get("alpha");
  c.eps = p.get("eps");
  c.momentum = p.get("momentum");
  c.weight_decay = p.get("weight_decay");
  c.centered = p.get("centered") != 0.0;
  return c;
}

void Rmsprop::step(Span<float> w, Span<const float> g, float lr) {
  assert(w.size() == g.size());
  const std::size_t n = w.size();
  if (sq_.size() != n) {
    // A new size without reset() is a caller bug; in release builds start over cleanly.
    assert(sq_.empty() && "size changed without reset()");
    reset();
    sq_.assign(n, 0.0f);
    ga_.assign(c_.centered ? n : 0, 0.0f);
    buf_.assign(c_.momentum > 0.0 ? n : 0, 0.0f);
  }
  // A momentum switched on after the first step (set_momentum) starts its buffer at zero.
  if (c_.momentum > 0.0 && buf_.size() != n) buf_.assign(n, 0.0f);
  ++t_;
  lr_ = lr;
  momentum_used_ = c_.momentum;
  const fbatch neg_lr(f32(-double(lr)));
  const fbatch alpha(f32(c_.alpha)), one_minus_alpha(f32(1.0 - c_.alpha));
  const optim_detail::Lerp lerp(1.0 - c_.alpha);
  const fbatch eps(f32(c_.eps)), mom(f32(c_.momentum));
  const bool wd = c_.weight_decay != 0.0;
  const fbatch lambda(f32(c_.weight_decay));
  // One lambda, four variants; centered/momentum are fixed for the whole step. Arrays that a
  // variant does not use are not passed (their vectors are empty).
  auto common = [&](const fbatch& wv, const fbatch& gv, fbatch& sq) {
    const fbatch gd = wd ? gv + lambda * wv : gv;
    sq = sq * alpha + one_minus_alpha * gd * gd;
    return gd;
  };
  auto apply = [&](fbatch& wv, const fbatch& gd, const fbatch& avg, fbatch* buf) {
    if (buf) {
      *buf = *buf * mom + gd / avg;  // torch: addcdiv_(g, avg) with value 1
      wv = wv + neg_lr * *buf;
    } else {
      wv = wv + neg_lr * gd / avg;
    }
  };
  if (c_.centered && c_.momentum > 0.0) {
    simd::for_lanes(
        n,
        [&](fbatch& wv, const fbatch& gv, fbatch& sq, fbatch& ga, fbatch& buf) {
          const fbatch gd = common(wv, gv, sq);
          ga = lerp(ga, gd);
          apply(wv, gd, xsimd::sqrt(sq - ga * ga) + eps, &buf);
        },
        w.data(), g.data(), sq_.data(), ga_.data(), buf_.data());
  } else if (c_.centered) {
    simd::for_lanes(
        n,
        [&](fbatch& wv, const fbatch& gv, fbatch& sq, fbatch& ga) {
          const fbatch gd = common(wv, gv, sq);
          ga = lerp(ga, gd);
          apply(wv, gd, xsimd::sqrt(sq - ga * ga) + eps, nullptr);
        },
        w.data(), g.data(), sq_.data(), ga_.data());
  } else if (c_.momentum > 0.0) {
    simd::for_lanes(
        n,
        [&](fbatch& wv, const fbatch& gv, fbatch& sq, fbatch& buf) {
          const fbatch gd = common(wv, gv, sq);
          apply(wv, gd, xsimd::sqrt(sq) + eps, &buf);
        },
        w.data(), g.data(), sq_.data(), buf_.data());
  } else {
    simd::for_lanes(
        n,
        [&](fbatch& wv, const fbatch& gv, fbatch& sq) {
          const fbatch gd = common(wv, gv, sq);
          apply(wv, gd, xsimd::sqrt(sq) + eps, nullptr);
        },
        w.data(), g.data(), sq_.data());
  }
}

void Rmsprop::reset() {
  sq_.clear();
  ga_.clear();
  buf_.clear();
  t_ = 0;
  lr_ = 0.0f;
}

Explained Rmsprop::explain(std::size_t i, float g_in, float w) const {
  if (i >= sq_.size()) return {};
  const double g = optim_detail::decayed(g_in, w, c_.weight_decay), sq = sq_[i];
  Explained e{{"t", double(t_)}, {"lr", lr_}, {"g", g}, {"square_avg", sq}};
  double var = sq;
  if (c_.centered) {
    const double ga = ga_[i];
    e.push_back({"grad_avg", ga});
    var = sq - ga * ga;
  }
  const double avg = std::sqrt(var) + double(f32(c_.eps));
  e.push_back({"avg", avg});
  if (momentum_used_ > 0.0 && i < buf_.size()) {
    e.push_back({"momentum", momentum_used_});
    e.push_back({"buf", buf_[i]});
    e.push_back({"step", -double(lr_) * buf_[i]});
  } else {
    e.push_back({"step", -double(lr_) * g / avg});
  }
  return e;
}

}  // namespace descent
