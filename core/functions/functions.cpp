// See functions.hpp. Powers are written as products; no std::pow/exp/cos.
#include "core/functions/functions.hpp"

#include <cmath>
#include <string>

#include "core/simd/num.hpp"

namespace descent::functions {

namespace {
double param(const ParamValues& p, const char* name, double def) {
  auto it = p.num.find(name);
  return it == p.num.end() ? def : it->second;
}
double put(double f, double dx, double dy, double* gx, double* gy) {
  if (gx) *gx = dx;
  if (gy) *gy = dy;
  return f;
}
}  // namespace

double rosenbrock(const ParamValues& p, double x, double y, double* gx, double* gy) {
  const double a = param(p, "a", 1.0), b = param(p, "b", 100.0);
  const double u = a - x, r = y - x * x;
  // df/dx = -2 (a - x) - 4 b x (y - x^2);  df/dy = 2 b (y - x^2)
  return put(u * u + b * r * r, -2.0 * u - 4.0 * b * x * r, 2.0 * b * r, gx, gy);
}

double beale(const ParamValues&, double x, double y, double* gx, double* gy) {
  const double y2 = y * y, y3 = y2 * y;
  const double t1 = 1.5 - x + x * y, t2 = 2.25 - x + x * y2, t3 = 2.625 - x + x * y3;
  const double dx = 2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y2 - 1.0) + 2.0 * t3 * (y3 - 1.0);
  const double dy = 2.0 * t1 * x + 2.0 * t2 * (2.0 * x * y) + 2.0 * t3 * (3.0 * x * y2);
  return put(t1 * t1 + t2 * t2 + t3 * t3, dx, dy, gx, gy);
}

double himmelblau(const ParamValues&, double x, double y, double* gx, double* gy) {
  const double a = x * x + y - 11.0, b = x + y * y - 7.0;
  return put(a * a + b * b, 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b, gx, gy);
}

double quadratic(const ParamValues& p, double x, double y, double* gx, double* gy) {
  const double k = param(p, "k", 50.0);
  return put(0.5 * (x * x + k * y * y), x, k * y, gx, gy);
}

double saddle(const ParamValues&, double x, double y, double* gx, double* gy) {
  return put(x * x - y * y, 2.0 * x, -2.0 * y, gx, gy);
}

double booth(const ParamValues&, double x, double y, double* gx, double* gy) {
  const double a = x + 2.0 * y - 7.0, b = 2.0 * x + y - 5.0;
  return put(a * a + b * b, 2.0 * a + 4.0 * b, 4.0 * a + 2.0 * b, gx, gy);
}

double rastrigin(const ParamValues& p, double x, double y, double* gx, double* gy) {
  const double A = param(p, "A", 10.0);
  const double w = 2.0 * num::kPi;
  const double f = 2.0 * A + (x * x - A * num::cos(w * x)) + (y * y - A * num::cos(w * y));
  return put(f, 2.0 * x + A * w * num::sin(w * x), 2.0 * y + A * w * num::sin(w * y), gx, gy);
}

double six_hump_camel(const ParamValues&, double x, double y, double* gx, double* gy) {
  const double x2 = x * x, x4 = x2 * x2, y2 = y * y;
  const double f = (4.0 - 2.1 * x2 + x4 / 3.0) * x2 + x * y + (-4.0 + 4.0 * y2) * y2;
  // df/dx = 8x - 8.4x^3 + 2x^5 + y;  df/dy = x - 8y + 16y^3
  const double dx = 8.0 * x - 8.4 * x2 * x + 2.0 * x4 * x + y;
  const double dy = x - 8.0 * y + 16.0 * y2 * y;
  return put(f, dx, dy, gx, gy);
}

double ackley(const ParamValues&, double x, double y, double* gx, double* gy) {
  const double w = 2.0 * num::kPi;
  const double r = std::sqrt(0.5 * (x * x + y * y));
  const double e1 = num::exp(-0.2 * r);
  const double e2 = num::exp(0.5 * (num::cos(w * x) + num::cos(w * y)));
  // e computed the same way as e2 at the origin, so f(0, 0) is exactly 0.
  const double f = -20.0 * e1 - e2 + num::exp(1.0) + 20.0;
  // d/dx of -20 exp(-0.2 r) = 20 * 0.2 * exp(-0.2 r) * dr/dx, dr/dx = x / (2 r)
  const double c = r > 0.0 ? 2.0 * e1 / r : 0.0;
  const double dx = c * x + 0.5 * w * num::sin(w * x) * e2;
  const double dy = c * y + 0.5 * w * num::sin(w * y) * e2;
  return put(f, dx, dy, gx, gy);
}

}  // namespace descent::functions
