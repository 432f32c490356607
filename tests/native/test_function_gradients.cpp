// Every test function's exact gradient against central differences of its value (in double) at
// points across its view box; FunctionObjective rounds the same numbers to float.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "core/functions/function.hpp"

using namespace descent;

namespace {

double f_only(const TestFunctionEntry& f, const ParamValues& p, double x, double y) {
  double gx, gy;
  return f.eval(p, x, y, &gx, &gy);
}

void check_gradient(const TestFunctionEntry& f, const ParamValues& p, double x, double y) {
  double gx, gy;
  f.eval(p, x, y, &gx, &gy);
  const double h = 1e-6 * std::max(1.0, std::max(std::fabs(x), std::fabs(y)));
  const double fx = (f_only(f, p, x + h, y) - f_only(f, p, x - h, y)) / (2 * h);
  const double fy = (f_only(f, p, x, y + h) - f_only(f, p, x, y - h)) / (2 * h);
  // central differences: error ~ h^2 f''' + eps f / h; scale by the size of f and g
  const double scale = std::max({1.0, std::fabs(gx), std::fabs(gy), std::fabs(f_only(f, p, x, y)) * 1e-3});
  INFO(f.id << " at (" << x << ", " << y << "): g = (" << gx << ", " << gy << "), fd = (" << fx
            << ", " << fy << ")");
  CHECK(std::fabs(gx - fx) <= 2e-5 * scale);
  CHECK(std::fabs(gy - fy) <= 2e-5 * scale);
}

}  // namespace

TEST_CASE("every test function: exact gradient == central differences across the view box") {
  CHECK(function_registry().size() == 9);
  for (const TestFunctionEntry& f : function_registry()) {
    const ParamValues p = defaults(f.params);
    const auto& v = f.view;
    // a 5 x 5 grid inside the view box, offset so no point lands on a symmetry line or the origin
    for (int i = 0; i < 5; ++i) {
      for (int j = 0; j < 5; ++j) {
        const double x = v[0] + (v[1] - v[0]) * (0.1 + 0.2 * i + 0.013);
        const double y = v[2] + (v[3] - v[2]) * (0.1 + 0.2 * j + 0.027);
        check_gradient(f, p, x, y);
      }
    }
    check_gradient(f, p, f.start[0], f.start[1]);
  }
}

TEST_CASE("gradients follow the parameters: rosenbrock a and b, quadratic k, rastrigin A") {
  const TestFunctionEntry& r = *find_function("rosenbrock");
  ParamValues p;
  p.num["a"] = 2.0;
  p.num["b"] = 5.0;
  check_gradient(r, p, -0.7, 1.3);
  double gx, gy;
  // by hand at (0, 0): f = a^2 = 4, df/dx = -2a = -4, df/dy = 0
  CHECK(r.eval(p, 0, 0, &gx, &gy) == 4.0);
  CHECK(gx == -4.0);
  CHECK(gy == 0.0);
  ParamValues k;
  k.num["k"] = 1000.0;
  // quadratic at (1, 1): f = 0.5 (1 + 1000) = 500.5, g = (1, 1000)
  CHECK(find_function("quadratic")->eval(k, 1, 1, &gx, &gy) == 500.5);
  CHECK(gy == 1000.0);
  ParamValues a;
  a.num["A"] = 3.0;
  check_gradient(*find_function("rastrigin"), a, 0.37, -1.21);
}

TEST_CASE("FunctionObjective: float gradient, double value") {
  const TestFunctionEntry& f = *find_function("booth");
  FunctionObjective obj(f, defaults(f.params));
  CHECK(obj.dim() == 2);
  std::vector<float> w{0.0f, 0.0f}, g(2);
  // booth at (0, 0): a = -7, b = -5: f = 49 + 25 = 74, g = (2a + 4b, 4a + 2b) = (-34, -38)
  CHECK(obj.evaluate(w, g) == 74.0);
  CHECK(g[0] == -34.0f);
  CHECK(g[1] == -38.0f);
  CHECK(obj.value(w) == 74.0);
}
