// See line_search.hpp.
#include "core/optim/line_search.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "core/optim/spec_helpers.hpp"
#include "core/simd/kernels.hpp"
#include "core/simd/lanes.hpp"

namespace descent {

using optim_detail::f32;
using simd::fbatch;

LineSearchConfig LineSearchConfig::from(const ParamValues& given) {
  const ParamValues p = optim_detail::with_defaults(line_search_registry().front().params, given);
  LineSearchConfig c;
  c.initial = p.get("initial");
  c.shrink = p.get("shrink");
  c.c = p.get("c");
  c.max_trials = int(p.get("max_trials"));
  return c;
}

namespace {

// out = x + s * g, element-wise in float.
void axpy(Span<const float> x, float s, Span<const float> g, std::vector<float>& out) {
  out.resize(x.size());
  const fbatch sb(s);
  simd::for_lanes(
      x.size(), [&](const fbatch& xv, const fbatch& gv, fbatch& o) { o = xv + sb * gv; }, x.data(),
      g.data(), out.data());
}

// Backtracking from a0; fills r.trials/halvings/ok/step/f and writes the accepted point to best.
void backtrack(Objective& obj, Span<const float> x, Span<const float> g, double a0,
               const LineSearchConfig& c, LineSearchResult& r, std::vector<float>& trial,
               std::vector<float>& best) {
  double a = a0;
  for (int k = 0; k < c.max_trials; ++k) {
    if (k > 0) {
      a *= c.shrink;
      ++r.halvings;
    }
    axpy(x, f32(-a), g, trial);
    const double f = obj.value(Span<const float>(trial));
    r.trials.push_back({a, f});
    if (f <= r.f0 - c.c * a * r.gnorm2) {  // false for NaN: keep shrinking
      r.ok = true;
      r.step = a;
      r.f = f;
      best.swap(trial);
      return;
    }
  }
}

}  // namespace

LineSearchResult line_search(LineSearchKind kind, Objective& obj, Span<const float> x,
                             Span<const float> g, double fx, const LineSearchConfig& c,
                             Span<float> x_out) {
  const std::size_t n = x.size();
  LineSearchResult r;
  r.f0 = fx;
  r.f = fx;
  r.gnorm2 = simd::sqnorm(g.data(), n);
  std::vector<float> trial, best;
  auto keep_x = [&] {
    if (x_out.data() != x.data()) std::copy(x.begin(), x.end(), x_out.begin());
  };
  if (r.gnorm2 == 0.0) {
    r.ok = true;
    keep_x();
    return r;
  }
  double a0 = c.initial;
  if (kind == LineSearchKind::relaxation) {
    const double gnorm = std::sqrt(r.gnorm2);
    const double xnorm = std::sqrt(simd::sqnorm(x.data(), n));
    const double h = std::sqrt(double(FLT_EPSILON)) * std::max(1.0, xnorm) / gnorm;
    std::vector<float> xh, gh(n), d(n);
    axpy(x, f32(h), g, xh);
    obj.evaluate(Span<const float>(xh), Span<float>(gh));
    simd::for_lanes(
        n,
        [&](const fbatch& xhv, const fbatch& xv, const fbatch& gv, fbatch& dv, fbatch& ghv) {
          dv = xhv - xv;  // the displacement actually taken
          ghv = ghv - gv;  // grad(x_h) - grad(x)
        },
        xh.data(), x.data(), g.data(), d.data(), gh.data());
    const double h_eff = simd::dot(g.data(), d.data(), n) / r.gnorm2;
    const double gHg = simd::dot(g.data(), gh.data(), n) / h_eff;
    r.gHg = gHg;
    if (h_eff > 0.0 && std::isfinite(gHg) && gHg > 0.0) {
      r.a_star = r.gnorm2 / gHg;
      r.curvature = 0.5 * r.a_star * r.a_star * gHg;
      if (std::isfinite(r.a_star)) {
        r.used_model = true;
        a0 = r.a_star;
      }
    }
  }
  backtrack(obj, x, g, a0, c, r, trial, best);
  if (r.ok) {
    std::copy(best.begin(), best.end(), x_out.begin());
  } else {
    r.step = 0.0;
    r.f = fx;
    keep_x();
  }
  return r;
}

const std::vector<LineSearchEntry>& line_search_registry() {
  static const std::vector<LineSearchEntry> r = [] {
    namespace o = optim_detail;
    ParamSpec initial = o::number("initial", "initial step", 1.0, 0.0,
                                  std::numeric_limits<double>::infinity(), true, false,
                                  "First step length tried.");
    initial.log = true;
    initial.ui_min = 1e-4;
    initial.ui_max = 10.0;
    ParamSpec shrink = o::number("shrink", "shrink factor", 0.5, 0.0, 1.0, true, true,
                                 "a <- shrink * a after a failed trial.");
    ParamSpec c = o::number("c", "Armijo c", 1e-4, 0.0, 1.0, true, true,
                            "Required fraction of the linear decrease: f(x - a g) <= f - c a |g|^2.");
    c.log = true;
    c.ui_min = 1e-6;
    c.ui_max = 0.5;
    ParamSpec trials = o::integer("max_trials", "max trials", 50, 1, 1000,
                                  "Give up after this many function evaluations.");
    const std::vector<ParamSpec> specs{initial, shrink, c, trials};
    const ExportForm torch = no_equivalent(
        "torch.optim has no backtracking line search for gradient descent (LBFGS's strong-Wolfe "
        "search is another method): the script takes plain SGD steps with optimizer.lr");
    const ExportForm keras = no_equivalent("Keras has no line search: the snippet uses plain SGD with optimizer.lr");
    return std::vector<LineSearchEntry>{
        {"armijo", "Armijo backtracking",
         "a = initial; a <- shrink a until f(x - a g) <= f(x) - c a ||g||^2",
         R"(a = a_0;\ a \leftarrow \text{shrink} \cdot a \text{ until } f(x - a g) \le f(x) - c\, a\, \|g\|^2)",
         "Armijo 1966; Nocedal & Wright, Numerical Optimization, Alg. 3.1", LineSearchKind::armijo,
         specs, torch, keras},
        {"relaxation", "Full relaxation",
         "a* = ||g||^2 / (g^T H g), H g by finite differences of gradients; then Armijo from a*",
         R"(a^* = \frac{\|g\|^2}{g^\top H g},\ H g \text{ by finite differences of gradients; then Armijo from } a^*)",
         "Steepest descent with exact step on the local quadratic model (Cauchy 1847)",
         LineSearchKind::relaxation, specs, torch, keras}};
  }();
  return r;
}

const LineSearchEntry* find_line_search(const std::string& id) {
  for (const LineSearchEntry& e : line_search_registry())
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace descent
