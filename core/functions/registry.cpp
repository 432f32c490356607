// The test-function registry: one row per function (formula, parameters, view box, default start,
// minima). The evaluations live in functions.cpp.
#include <utility>

#include "core/functions/function.hpp"
#include "core/functions/functions.hpp"
#include "core/optim/spec_helpers.hpp"

namespace descent {

namespace o = optim_detail;
using Points = std::vector<std::array<double, 2>>;

namespace {

double param(const ParamValues& p, const char* name, double def) {
  auto it = p.num.find(name);
  return it == p.num.end() ? def : it->second;
}

std::vector<TestFunctionEntry> build() {
  std::vector<TestFunctionEntry> r;
  r.push_back({"rosenbrock", "Rosenbrock", "(a - x)^2 + b (y - x^2)^2",
               R"((a - x)^2 + b\,(y - x^2)^2)",
               {o::number("a", "a", 1.0, -10.0, 10.0, false, false, "Minimum at (a, a²)."),
                o::number("b", "b", 100.0, 0.0, 1000.0, true, false,
                          "Steepness of the valley walls.")},
               {-2.0, 2.0, -1.0, 3.0}, {-1.5, 2.0}, &functions::rosenbrock,
               [](const ParamValues& p) {
                 const double a = param(p, "a", 1.0);
                 return Points{{a, a * a}};
               }});
  r.push_back({"beale", "Beale", "(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
               R"((1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2)", {},
               {-4.5, 4.5, -4.5, 4.5}, {1.0, 1.5}, &functions::beale,
               [](const ParamValues&) { return Points{{3.0, 0.5}}; }});
  r.push_back({"himmelblau", "Himmelblau", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
               R"((x^2 + y - 11)^2 + (x + y^2 - 7)^2)", {},
               {-5.0, 5.0, -5.0, 5.0}, {0.0, 0.0}, &functions::himmelblau,
               [](const ParamValues&) {
                 // Newton-refined to 40 digits (the three irrational ones), rounded to double.
                 return Points{{3.0, 2.0},
                               {-2.805118086952744853, 3.131312518250572966},
                               {-3.779310253377746892, -3.283185991286169412},
                               {3.584428340330491745, -1.848126526964403554}};
               }});
  r.push_back({"quadratic", "Quadratic bowl", "0.5 (x^2 + k y^2)",
               R"(\tfrac{1}{2}\,(x^2 + k\,y^2))",
               {o::number("k", "condition number k", 50.0, 1.0, 1000.0, false, false,
                          "Curvature ratio of the two axes.")},
               {-3.0, 3.0, -2.0, 2.0}, {-2.5, 1.5}, &functions::quadratic,
               [](const ParamValues&) { return Points{{0.0, 0.0}}; }});
  r.push_back({"saddle", "Saddle", "x^2 - y^2 (unbounded below: shown in a bounded view)",
               R"(x^2 - y^2\ \ (\text{unbounded below: shown in a bounded view}))", {},
               {-2.0, 2.0, -2.0, 2.0}, {1.5, 0.01}, &functions::saddle,
               // No minimum: (0, 0) is the saddle point, marked as a stationary point.
               [](const ParamValues&) { return Points{{0.0, 0.0}}; }});
  r.push_back({"booth", "Booth", "(x + 2y - 7)^2 + (2x + y - 5)^2",
               R"((x + 2y - 7)^2 + (2x + y - 5)^2)", {},
               {-10.0, 10.0, -10.0, 10.0}, {-5.0, -5.0}, &functions::booth,
               [](const ParamValues&) { return Points{{1.0, 3.0}}; }});
  r.push_back({"rastrigin", "Rastrigin", "2A + sum over x, y of (t^2 - A cos(2 pi t))",
               R"(2A + \sum_{t \in \{x, y\}} \bigl(t^2 - A \cos(2\pi t)\bigr))",
               {o::number("A", "A", 10.0, 0.0, 100.0, false, false, "Height of the ripples.")},
               {-5.12, 5.12, -5.12, 5.12}, {3.0, 2.5}, &functions::rastrigin,
               [](const ParamValues&) { return Points{{0.0, 0.0}}; }});
  r.push_back({"six_hump_camel", "Six-hump camel",
               "(4 - 2.1 x^2 + x^4/3) x^2 + xy + (-4 + 4 y^2) y^2",
               R"(\bigl(4 - 2.1\,x^2 + \tfrac{x^4}{3}\bigr)\,x^2 + xy + (-4 + 4y^2)\,y^2)", {},
               {-2.0, 2.0, -1.25, 1.25}, {-1.5, 1.0}, &functions::six_hump_camel,
               [](const ParamValues&) {
                 // The two global minima, f = -1.0316284534898774 (Newton-refined).
                 return Points{{0.08984201310031806242, -0.7126564030207396334},
                               {-0.08984201310031806242, 0.7126564030207396334}};
               }});
  r.push_back({"ackley", "Ackley",
               "-20 exp(-0.2 sqrt((x^2 + y^2)/2)) - exp((cos 2 pi x + cos 2 pi y)/2) + e + 20",
               R"(-20\,e^{-0.2\sqrt{(x^2 + y^2)/2}} - e^{(\cos 2\pi x + \cos 2\pi y)/2} + e + 20)", {},
               {-5.0, 5.0, -5.0, 5.0}, {3.0, 3.5}, &functions::ackley,
               [](const ParamValues&) { return Points{{0.0, 0.0}}; }});
  return r;
}

}  // namespace

const std::vector<TestFunctionEntry>& function_registry() {
  static const std::vector<TestFunctionEntry> r = build();
  return r;
}

const TestFunctionEntry* find_function(const std::string& id) {
  for (const TestFunctionEntry& e : function_registry())
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace descent
