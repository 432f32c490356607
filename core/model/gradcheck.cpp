// See gradcheck.hpp.
#include "core/model/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace descent {

GradCheck gradient_check(Objective& f, Span<const float> w0, double h, double floor) {
  const std::size_t n = w0.size();
  std::vector<float> w(w0.begin(), w0.end()), g(n), scratch(n);
  f.evaluate(Span<const float>(w), Span<float>(g));
  GradCheck r;
  for (std::size_t i = 0; i < n; ++i) {
    const float orig = w[i];
    const float up = float(double(orig) + h * std::max(1.0, std::fabs(double(orig))));
    const float down = float(double(orig) - h * std::max(1.0, std::fabs(double(orig))));
    w[i] = up;
    const double fu = f.evaluate(Span<const float>(w), Span<float>(scratch));
    w[i] = down;
    const double fd = f.evaluate(Span<const float>(w), Span<float>(scratch));
    w[i] = orig;
    const double numeric = (fu - fd) / (double(up) - double(down));
    const double analytic = g[i];
    if (!std::isfinite(numeric) || !std::isfinite(analytic)) r.finite = false;
    const double abs_err = std::fabs(analytic - numeric);
    const double rel_err = abs_err / std::max({std::fabs(analytic), std::fabs(numeric), floor});
    r.max_abs_error = std::max(r.max_abs_error, abs_err);
    r.rel_errors.push_back(rel_err);
    if (rel_err > r.max_rel_error) {
      r.max_rel_error = rel_err;
      r.worst = i;
    }
  }
  return r;
}

double GradCheck::fraction_above(double tol) const {
  if (rel_errors.empty()) return 0;
  std::size_t bad = 0;
  for (double e : rel_errors) bad += e > tol;
  return double(bad) / double(rel_errors.size());
}

}  // namespace descent
