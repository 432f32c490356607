// The analytic 2-D test functions of function mode: f(x, y) and the exact gradient in double,
// with num:: transcendentals only (the same bits natively and in wasm). The registry
// (registry.cpp) pairs each with its parameters, view box, start and minima.
// Formulas (parameters from ParamValues; a missing one takes its default):
//   rosenbrock      (a - x)^2 + b (y - x^2)^2                        a = 1, b = 100; min (a, a^2)
//   beale           (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2;  min (3, 0.5)
//   himmelblau      (x^2 + y - 11)^2 + (x + y^2 - 7)^2;            four minima, all 0
//   quadratic       0.5 (x^2 + k y^2)                                k = condition number (50)
//   saddle          x^2 - y^2                                        unbounded below; saddle (0, 0)
//   booth           (x + 2y - 7)^2 + (2x + y - 5)^2                  min (1, 3)
//   rastrigin       2A + x^2 - A cos(2 pi x) + y^2 - A cos(2 pi y)   A = 10; min (0, 0)
//   six_hump_camel  (4 - 2.1 x^2 + x^4/3) x^2 + xy + (-4 + 4 y^2) y^2; min -1.0316 at (±0.0898, ∓0.7127)
//   ackley          -20 exp(-0.2 sqrt((x^2 + y^2)/2)) - exp((cos 2 pi x + cos 2 pi y)/2) + e + 20
//                   min (0, 0); its gradient at the cusp (0, 0) is taken as 0
#pragma once
#include "core/registry/params.hpp"

namespace descent::functions {

/// Each returns f(x, y) and writes the gradient (gx, gy may be null).
double rosenbrock(const ParamValues& p, double x, double y, double* gx, double* gy);
double beale(const ParamValues& p, double x, double y, double* gx, double* gy);
double himmelblau(const ParamValues& p, double x, double y, double* gx, double* gy);
double quadratic(const ParamValues& p, double x, double y, double* gx, double* gy);
double saddle(const ParamValues& p, double x, double y, double* gx, double* gy);
double booth(const ParamValues& p, double x, double y, double* gx, double* gy);
double rastrigin(const ParamValues& p, double x, double y, double* gx, double* gy);
double six_hump_camel(const ParamValues& p, double x, double y, double* gx, double* gy);
double ackley(const ParamValues& p, double x, double y, double* gx, double* gy);

}  // namespace descent::functions
