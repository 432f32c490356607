// Gradient descent with a line search on an Objective: one step from x along -g, where g is the
// gradient at x and f(x) is known. Two kinds:
//   armijo      backtracking (Armijo 1966; Nocedal & Wright, Alg. 3.1):
//                 a = initial; while f(x - a g) > f(x) - c a ||g||^2 and trials < max_trials:
//                 a = shrink * a
//   relaxation  "full relaxation" on a local quadratic model f(x - a g) ~ f - a ||g||^2 +
//               a^2/2 g^T H g, whose minimiser is a* = ||g||^2 / (g^T H g). H g comes from a
//               finite difference of gradients:
//                 h  = sqrt(FLT_EPSILON) * max(1, ||x||) / ||g||;  x_h = float(x + h g)
//                 d  = x_h - x (the step actually taken in float), h_eff = (g . d) / ||g||^2
//                 g^T H g ~ g . (grad(x_h) - g) / h_eff
//               If g^T H g <= 0 or is not finite (concave or flat direction), a* is not used and
//               the search is armijo from `initial`; otherwise the Armijo condition is checked at
//               a* and the search backtracks from a* (a = shrink * a) until it holds.
// Trial points are x - float(a) g in float; sums (||g||^2, dots) are in double in a fixed order.
// A zero gradient is a stationary point: success with step 0 and no trials. On failure (no trial
// passed in max_trials) x_out = x and step = 0. Not here: Wolfe/curvature conditions, other
// search directions.
#pragma once
#include <limits>
#include <string>
#include <vector>

#include "core/optim/objective.hpp"
#include "core/registry/forms.hpp"
#include "core/registry/params.hpp"
#include "core/util/span.hpp"

namespace descent {

enum class LineSearchKind { armijo, relaxation };

struct LineSearchConfig {
  double initial = 1.0, shrink = 0.5, c = 1e-4;
  int max_trials = 50;
  static LineSearchConfig from(const ParamValues& p);
};

struct LineSearchTrial {
  double a;  // step length tried
  double f;  // f(x - a g)
};

struct LineSearchResult {
  bool ok = false;                    // a trial satisfied the Armijo condition (or g = 0)
  double step = 0.0;                  // the accepted a (0 on failure or at a stationary point)
  int halvings = 0;                   // reductions a <- shrink a before acceptance (or in all)
  std::vector<LineSearchTrial> trials;  // every (a, f) evaluated, in order
  double f0 = 0.0;                    // f(x)
  double f = 0.0;                     // f at the new point (f0 on failure)
  double gnorm2 = 0.0;                // ||g||^2
  // relaxation only:
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  bool used_model = false;            // a* was valid and the search started from it
  double a_star = kNaN;               // ||g||^2 / (g^T H g)
  double gHg = kNaN;                  // the finite-difference g^T H g
  double curvature = kNaN;            // a*^2 / 2 g^T H g (the model's quadratic term at a*)
};

/// One line-search step. x and g have size obj.dim(); x_out (may be x itself) receives
/// x - step g, or x on failure.
LineSearchResult line_search(LineSearchKind kind, Objective& obj, Span<const float> x,
                             Span<const float> g, double fx, const LineSearchConfig& c,
                             Span<float> x_out);

struct LineSearchEntry {
  std::string id;       // "armijo", "relaxation"
  std::string label;
  std::string formula;
  std::string tex;      // the same rule in TeX
  std::string source;
  LineSearchKind kind;
  std::vector<ParamSpec> params;  // initial, shrink, c, max_trials (both kinds)
  ExportForm torch, keras;        // core/registry/forms.hpp (neither framework has these)
};

const std::vector<LineSearchEntry>& line_search_registry();
const LineSearchEntry* find_line_search(const std::string& id);

}  // namespace descent
