// Analytic 2-D test functions for "function mode": value and exact gradient in double precision,
// the known minima, a sensible view box and a default start. Not an optimizer concern: an
// optimizer sees one of these through FunctionObjective (an Objective over 2 floats).
#pragma once
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/optim/objective.hpp"
#include "core/registry/params.hpp"

namespace descent {

struct TestFunctionEntry {
  std::string id;       // "rosenbrock"
  std::string label;    // "Rosenbrock"
  std::string formula;  // "(a - x)^2 + b (y - x^2)^2"
  std::string tex;      // the same right-hand side in TeX (Temml/KaTeX); hosts write "f(x, y) = " before either
  std::vector<ParamSpec> params;                 // e.g. quadratic: k (condition number)
  std::array<double, 4> view;                    // xmin, xmax, ymin, ymax
  std::array<double, 2> start;                   // default start point
  /// f(x, y) and its gradient, for the given params.
  double (*eval)(const ParamValues& p, double x, double y, double* gx, double* gy);
  /// Known global minima (saddle: none; it is unbounded below) and other stationary points worth
  /// marking, for the given params.
  std::vector<std::array<double, 2>> (*minima)(const ParamValues& p);
};

const std::vector<TestFunctionEntry>& function_registry();
const TestFunctionEntry* find_function(const std::string& id);

/// A test function as an Objective over w = (x, y), evaluated in double and returned rounded.
class FunctionObjective final : public Objective {
 public:
  FunctionObjective(const TestFunctionEntry& f, ParamValues p) : f_(f), p_(std::move(p)) {}
  std::size_t dim() const override { return 2; }
  double evaluate(Span<const float> w, Span<float> grad) override {
    double gx, gy;
    const double v = f_.eval(p_, w[0], w[1], &gx, &gy);
    grad[0] = static_cast<float>(gx);
    grad[1] = static_cast<float>(gy);
    return v;
  }
  double value(Span<const float> w) override {
    double gx, gy;
    return f_.eval(p_, w[0], w[1], &gx, &gy);
  }

 private:
  const TestFunctionEntry& f_;
  ParamValues p_;
};

}  // namespace descent
