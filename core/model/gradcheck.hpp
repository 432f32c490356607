// Gradient check: analytic gradient of an Objective against central differences, evaluated in
// double around the float32 parameters. For tests (every model x activation x loss family) and for
// anyone adding a loss or a layer. Not a training tool: it costs 2 * dim evaluations.
#pragma once
#include <cstddef>
#include <vector>

#include "core/optim/objective.hpp"

namespace descent {

struct GradCheck {
  double max_abs_error = 0;   // max |analytic - numeric|
  double max_rel_error = 0;   // max |analytic - numeric| / max(|analytic|, |numeric|, floor)
  std::size_t worst = 0;      // index of the parameter with the largest relative error
  bool finite = true;
  std::vector<double> rel_errors;  // per parameter
  /// Fraction of parameters whose relative error exceeds tol (kinks make a few fail honestly).
  double fraction_above(double tol) const;
};

/// h: the perturbation (the float step actually taken is measured, not assumed); floor: the
/// gradient magnitude below which errors count as absolute.
GradCheck gradient_check(Objective& f, Span<const float> w, double h = 1e-3, double floor = 1e-3);

}  // namespace descent
