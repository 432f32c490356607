// Each test function at its listed minima: the known value, a vanishing gradient, and nothing
// lower nearby; the view box contains the minima and the start.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>

#include "core/functions/function.hpp"

using namespace descent;

TEST_CASE("every function: f at the listed minima equals the known value") {
  // known minimum values (saddle: its stationary point, f = 0)
  const std::map<std::string, double> fmin = {
      {"rosenbrock", 0.0}, {"beale", 0.0},     {"himmelblau", 0.0},
      {"quadratic", 0.0},  {"saddle", 0.0},    {"booth", 0.0},
      {"rastrigin", 0.0},  {"six_hump_camel", -1.0316284534898774}, {"ackley", 0.0}};
  const std::map<std::string, std::size_t> count = {{"himmelblau", 4}, {"six_hump_camel", 2}};
  for (const TestFunctionEntry& f : function_registry()) {
    INFO(f.id);
    REQUIRE(fmin.count(f.id));
    const ParamValues p = defaults(f.params);
    const auto pts = f.minima(p);
    CHECK(pts.size() == (count.count(f.id) ? count.at(f.id) : 1u));
    const auto& v = f.view;
    CHECK(v[0] < v[1]);
    CHECK(v[2] < v[3]);
    CHECK(f.start[0] >= v[0]);
    CHECK(f.start[0] <= v[1]);
    CHECK(f.start[1] >= v[2]);
    CHECK(f.start[1] <= v[3]);
    for (const auto& m : pts) {
      INFO("at (" << m[0] << ", " << m[1] << ")");
      CHECK(m[0] >= v[0]);
      CHECK(m[0] <= v[1]);
      CHECK(m[1] >= v[2]);
      CHECK(m[1] <= v[3]);
      double gx, gy;
      const double fv = f.eval(p, m[0], m[1], &gx, &gy);
      CHECK(fv == doctest::Approx(fmin.at(f.id)).epsilon(1e-14).scale(1.0));
      CHECK(std::fabs(gx) < 1e-9);
      CHECK(std::fabs(gy) < 1e-9);
      if (f.id == "saddle") continue;
      // a local minimum: nothing lower on a small ring around it
      for (int k = 0; k < 16; ++k) {
        const double t = 2.0 * 3.14159265358979 * k / 16.0, r = 1e-3;
        double hx, hy;
        CHECK(f.eval(p, m[0] + r * std::cos(t), m[1] + r * std::sin(t), &hx, &hy) > fv);
      }
    }
  }
}

TEST_CASE("exact values where the arithmetic is exact") {
  double gx, gy;
  const ParamValues none;
  // rosenbrock (1, 1): (1 - 1)^2 + 100 (1 - 1)^2 = 0; with a = 2 the minimum moves to (2, 4)
  CHECK(find_function("rosenbrock")->eval(none, 1, 1, &gx, &gy) == 0.0);
  ParamValues a2;
  a2.num["a"] = 2.0;
  const auto m = find_function("rosenbrock")->minima(a2);
  CHECK(m[0][0] == 2.0);
  CHECK(m[0][1] == 4.0);
  CHECK(find_function("rosenbrock")->eval(a2, 2, 4, &gx, &gy) == 0.0);
  // beale (3, 0.5): 1.5 - 3 + 1.5 = 0, 2.25 - 3 + 0.75 = 0, 2.625 - 3 + 0.375 = 0
  CHECK(find_function("beale")->eval(none, 3, 0.5, &gx, &gy) == 0.0);
  // himmelblau (3, 2): 9 + 2 - 11 = 0, 3 + 4 - 7 = 0
  CHECK(find_function("himmelblau")->eval(none, 3, 2, &gx, &gy) == 0.0);
  // booth (1, 3): 1 + 6 - 7 = 0, 2 + 3 - 5 = 0
  CHECK(find_function("booth")->eval(none, 1, 3, &gx, &gy) == 0.0);
  // rastrigin (0, 0): 20 - 10 cos 0 - 10 cos 0 = 0; ackley (0, 0): -20 - e + e + 20 = 0
  CHECK(find_function("rastrigin")->eval(none, 0, 0, &gx, &gy) == 0.0);
  CHECK(std::fabs(find_function("ackley")->eval(none, 0, 0, &gx, &gy)) < 1e-15);
  CHECK(gx == 0.0);
  // the saddle is not a minimum: lower along y, higher along x
  const TestFunctionEntry& s = *find_function("saddle");
  CHECK(s.eval(none, 0, 0.1, &gx, &gy) < 0.0);
  CHECK(s.eval(none, 0.1, 0, &gx, &gy) > 0.0);
  // quadratic's k: default 50, range [1, 1000]
  const ParamSpec& k = find_function("quadratic")->params.at(0);
  CHECK(k.name == "k");
  CHECK(k.def == 50.0);
  Issues issues;
  CHECK(!check_param(k, 0.5, "function.k", issues));
  CHECK(!check_param(k, 1001, "function.k", issues));
  CHECK(check_param(k, 1, "function.k", issues));
  // rosenbrock's start, from the brief
  CHECK(find_function("rosenbrock")->start == std::array<double, 2>{-1.5, 2.0});
  CHECK(find_function("nope") == nullptr);
}
