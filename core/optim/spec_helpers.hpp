// Small builders for the ParamSpecs of optimizers, schedules, line search and test functions, and
// the per-element helpers the optimizer updates share (torch's lerp). Internal to core/optim and
// core/functions; not a public API and not a place for behaviour.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/registry/params.hpp"
#include "core/simd/arch.hpp"

namespace descent::optim_detail {

/// A real number in [min, max] (open ends with the *_excl flags).
ParamSpec number(std::string name, std::string label, double def, double min, double max,
                 bool min_excl, bool max_excl, std::string help);
/// An integer in [min, max]; true/false as 0/1; one of `choices` (core/registry/params.hpp).
inline ParamSpec integer(std::string name, std::string label, double def, double min, double max, std::string help) {
  return integer_param(std::move(name), std::move(label), def, min, max, std::move(help));
}
inline ParamSpec boolean(std::string name, std::string label, bool def, std::string help) {
  return boolean_param(std::move(name), std::move(label), def, std::move(help));
}
inline ParamSpec choice(std::string name, std::string label, std::vector<std::string> choices, std::string def, std::string help) {
  return choice_param(std::move(name), std::move(label), std::move(choices), std::move(def), std::move(help));
}

/// "lr": (0, 10], log slider 1e-5..10. `required` = torch has no default (SGD); `def` is then
/// what the UI shows.
ParamSpec lr(double def, bool required = false);
/// A decay/averaging coefficient in [0, 1) (betas, momentum, alpha).
ParamSpec unit(std::string name, std::string label, double def, std::string help);
/// eps in (0, 1], log slider 1e-12..1e-2.
ParamSpec eps(double def);
/// L2 weight decay (or AdamW's decoupled decay) in [0, inf), slider 0..0.1.
ParamSpec weight_decay(double def, std::string help = "");

using descent::with_defaults;

/// Round a per-step scalar, computed in double, to float once.
inline float f32(double x) { return static_cast<float>(x); }

/// The gradient an update reads at one parameter: g + weight_decay * w (torch's L2 form, in float
/// as the vector code computes it), or g itself without weight decay.
inline float decayed(float g, float w, double weight_decay) { return weight_decay != 0.0 ? g + f32(weight_decay) * w : g; }

/// torch.lerp(self, end, weight) for a scalar weight, in float, as ATen's scalar kernel writes it
/// (aten/src/ATen/native/Lerp.h): |w| < 0.5 ? self + w (end - self) : end - (end - self) (1 - w).
/// (ATen's vectorised CPU path evaluates the same expression with a fused multiply-add; we never
/// fuse, so torch on an FMA machine may differ from us in the last bit.)
struct Lerp {
  float w = 0.0f, one_minus_w = 1.0f;
  bool small = true;
  Lerp() = default;
  explicit Lerp(double weight)
      : w(f32(weight)), one_minus_w(1.0f - f32(weight)), small(f32(weight) < 0.5f && f32(weight) > -0.5f) {}
  simd::fbatch operator()(const simd::fbatch& self, const simd::fbatch& end) const {
    if (small) return self + simd::fbatch(w) * (end - self);
    return end - (end - self) * simd::fbatch(one_minus_w);
  }
  float operator()(float self, float end) const {
    if (small) return self + w * (end - self);
    return end - (end - self) * one_minus_w;
  }
};

}  // namespace descent::optim_detail
