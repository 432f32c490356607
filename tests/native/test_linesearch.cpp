// Line search (core/optim/line_search.hpp): Armijo backtracking worked by hand, every accepted
// step satisfying the Armijo condition along a whole descent, failure, and the relaxation step
// a* = 1/lambda on 1-D quadratics.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/functions/function.hpp"
#include "core/optim/line_search.hpp"
#include "core/optim/objective.hpp"

using namespace descent;

namespace {

// f = lambda / 2 * x^2 in 1-D; grad = lambda x.
class Quad1 final : public Objective {
 public:
  explicit Quad1(double lambda) : lambda_(lambda) {}
  std::size_t dim() const override { return 1; }
  double evaluate(Span<const float> w, Span<float> grad) override {
    ++evals;
    const double x = w[0];
    grad[0] = float(lambda_ * x);
    return 0.5 * lambda_ * x * x;
  }
  int evals = 0;

 private:
  double lambda_;
};

}  // namespace

TEST_CASE("armijo: f = x^2 from x = 1 takes one halving") {
  // f = x^2 (lambda = 2), x = 1, g = 2, f = 1, c = 1e-4.
  //   a = 1:   x - 2 = -1, f = 1 > 1 - 1e-4 * 1 * 4 = 0.9996   -> fails
  //   a = 0.5: x - 1 =  0, f = 0 <= 1 - 1e-4 * 0.5 * 4 = 0.9998 -> passes
  Quad1 obj(2.0);
  std::vector<float> x{1.0f}, g{2.0f}, out(1);
  const LineSearchResult r = line_search(LineSearchKind::armijo, obj, x, g, 1.0, LineSearchConfig{}, out);
  CHECK(r.ok);
  CHECK(r.halvings == 1);
  REQUIRE(r.trials.size() == 2);
  CHECK(r.trials[0].a == 1.0);
  CHECK(r.trials[0].f == 1.0);
  CHECK(r.trials[1].a == 0.5);
  CHECK(r.trials[1].f == 0.0);
  CHECK(r.step == 0.5);
  CHECK(r.f == 0.0);
  CHECK(r.gnorm2 == 4.0);
  CHECK(out[0] == 0.0f);
  CHECK(std::isnan(r.a_star));
}

TEST_CASE("armijo: sufficient decrease, not just decrease (c = 0.9)") {
  // f = x^2, x = 1, g = 2: Armijo needs (1 - 2a)^2 <= 1 - 0.9 a 4, i.e. 4a^2 <= 0.4a, a <= 0.1.
  //   a = 1: f = 1 (fails);  0.5: f = 0 > -0.8 (fails, though f decreased);  0.25: 0.25 > 0.1;
  //   0.125: 0.5625 > 0.55;  0.0625: 0.765625 <= 0.775 -> accepted after 4 halvings
  Quad1 obj(2.0);
  LineSearchConfig c;
  c.c = 0.9;
  std::vector<float> x{1.0f}, g{2.0f}, out(1);
  const LineSearchResult r = line_search(LineSearchKind::armijo, obj, x, g, 1.0, c, out);
  CHECK(r.ok);
  CHECK(r.halvings == 4);
  CHECK(r.step == 0.0625);
  CHECK(r.f == 0.765625);
  CHECK(out[0] == 0.875f);
}

TEST_CASE("armijo: every accepted step satisfies the condition along a descent on Rosenbrock") {
  const TestFunctionEntry& f = *find_function("rosenbrock");
  FunctionObjective obj(f, defaults(f.params));
  std::vector<float> x{-1.5f, 2.0f}, g(2);
  LineSearchConfig c;
  int total_halvings = 0;
  double f0 = obj.evaluate(x, g);
  for (int it = 0; it < 300; ++it) {
    const LineSearchResult r = line_search(LineSearchKind::armijo, obj, x, g, f0, c, x);
    REQUIRE(r.ok);
    CHECK(r.f <= r.f0 - c.c * r.step * r.gnorm2);
    CHECK(r.halvings + 1 == int(r.trials.size()));
    // the accepted trial is the last one, its f is f(x_new), and every earlier one failed
    CHECK(r.trials.back().a == r.step);
    for (std::size_t k = 0; k + 1 < r.trials.size(); ++k) {
      CHECK(!(r.trials[k].f <= r.f0 - c.c * r.trials[k].a * r.gnorm2));
      CHECK(r.trials[k + 1].a == r.trials[k].a * 0.5);
    }
    total_halvings += r.halvings;
    const double fnew = obj.evaluate(x, g);
    CHECK(fnew == r.f);
    CHECK(fnew <= f0);
    f0 = fnew;
  }
  CHECK(total_halvings > 300);  // Rosenbrock's valley needs many halvings from a = 1
  CHECK(f0 < 0.5);              // and the descent made progress from f = 312.5
}

TEST_CASE("armijo: failure leaves x unchanged") {
  // initial 100 on f = x^2 from 1: a = 100, 50, 25 all overshoot badly; max_trials 3
  Quad1 obj(2.0);
  LineSearchConfig c;
  c.initial = 100.0;
  c.max_trials = 3;
  std::vector<float> x{1.0f}, g{2.0f}, out{7.0f};
  const LineSearchResult r = line_search(LineSearchKind::armijo, obj, x, g, 1.0, c, out);
  CHECK(!r.ok);
  CHECK(r.trials.size() == 3);
  CHECK(r.halvings == 2);
  CHECK(r.step == 0.0);
  CHECK(r.f == 1.0);
  CHECK(out[0] == 1.0f);
}

TEST_CASE("line search: a zero gradient is a stationary point") {
  Quad1 obj(2.0);
  std::vector<float> x{0.0f}, g{0.0f}, out{5.0f};
  const LineSearchResult r = line_search(LineSearchKind::relaxation, obj, x, g, 0.0, LineSearchConfig{}, out);
  CHECK(r.ok);
  CHECK(r.step == 0.0);
  CHECK(r.trials.empty());
  CHECK(out[0] == 0.0f);
  CHECK(obj.evals == 0);
}

TEST_CASE("relaxation: the model step is 1/lambda on f = lambda/2 x^2") {
  // lambda = 4, x = 1: g = 4, g^T H g = 4 * 4 * 4 = 64, a* = 16 / 64 = 0.25 = 1/lambda, landing on
  // the minimum. The finite difference is exact here (powers of two), so a* is too.
  // curvature term a*^2 / 2 g^T H g = 0.0625 / 2 * 64 = 2 (= ||g||^2 a* / 2).
  {
    Quad1 obj(4.0);
    std::vector<float> x{1.0f}, g{4.0f}, out(1);
    const LineSearchResult r = line_search(LineSearchKind::relaxation, obj, x, g, 2.0, LineSearchConfig{}, out);
    CHECK(r.used_model);
    CHECK(r.a_star == 0.25);
    CHECK(r.gHg == 64.0);
    CHECK(r.curvature == 2.0);
    CHECK(r.ok);
    CHECK(r.halvings == 0);
    CHECK(r.step == 0.25);
    CHECK(out[0] == 0.0f);
  }
  // lambda = 3, x = 0.7: a* = 1/3 up to the finite difference in float
  for (double lambda : {3.0, 0.37, 25.0}) {
    Quad1 obj(lambda);
    std::vector<float> x{0.7f}, g{float(lambda * 0.7f)}, out(1);
    const double fx = 0.5 * lambda * 0.7f * 0.7f;
    const LineSearchResult r = line_search(LineSearchKind::relaxation, obj, x, g, fx, LineSearchConfig{}, out);
    CHECK(r.used_model);
    CHECK(r.a_star == doctest::Approx(1.0 / lambda).epsilon(1e-3));
    CHECK(r.halvings == 0);
    CHECK(std::fabs(out[0]) < 1e-3f);
  }
}

TEST_CASE("relaxation: 2-D quadratic, and the concave fallback") {
  // 0.5 (x^2 + 10 y^2) at (1, 1): g = (1, 10), ||g||^2 = 101, g^T H g = 1 + 10 * 100 = 1001,
  // a* = 101 / 1001 = 0.1008991
  const TestFunctionEntry& q = *find_function("quadratic");
  ParamValues p;
  p.num["k"] = 10.0;
  FunctionObjective obj(q, p);
  std::vector<float> x{1.0f, 1.0f}, g(2), out(2);
  const double f = obj.evaluate(x, g);
  LineSearchResult r = line_search(LineSearchKind::relaxation, obj, x, g, f, LineSearchConfig{}, out);
  CHECK(r.used_model);
  CHECK(r.a_star == doctest::Approx(101.0 / 1001.0).epsilon(1e-3));
  CHECK(r.gHg == doctest::Approx(1001.0).epsilon(1e-3));
  CHECK(r.ok);
  CHECK(r.f <= r.f0 - 1e-4 * r.step * r.gnorm2);

  // saddle x^2 - y^2 at (0, 1): g = (0, -2), g^T H g = -8 < 0: no model step, Armijo from 1:
  // a = 1 -> (0, 3), f = -9 <= -1 - 1e-4 * 4: accepted at once
  const TestFunctionEntry& s = *find_function("saddle");
  FunctionObjective so(s, ParamValues{});
  std::vector<float> y{0.0f, 1.0f}, gy(2), outy(2);
  const double fy = so.evaluate(y, gy);
  r = line_search(LineSearchKind::relaxation, so, y, gy, fy, LineSearchConfig{}, outy);
  CHECK(!r.used_model);
  CHECK(std::isnan(r.a_star));
  CHECK(r.gHg == doctest::Approx(-8.0).epsilon(1e-3));
  CHECK(r.ok);
  CHECK(r.step == 1.0);
  CHECK(outy[1] == 3.0f);
}

TEST_CASE("relaxation backtracks from the model step when it overshoots") {
  // f = x^2/2 + 1000 max(0, 0.2 - x)^2: at x = 1 the wall is inactive, so locally f'' = 1, g = 1,
  // a* = 1/1 = 1 (the finite difference stays clear of the wall). The model step lands on x = 0,
  // inside the wall: f = 0 + 1000 * 0.04 = 40 > 0.5 - 1e-4 -> fails. a = 0.5: x = 0.5,
  // f = 0.125 <= 0.5 - 1e-4 * 0.5 -> accepted after one halving.
  class Wall final : public Objective {
   public:
    std::size_t dim() const override { return 1; }
    double evaluate(Span<const float> w, Span<float> grad) override {
      const double x = w[0], pen = x < 0.2 ? 0.2 - x : 0.0;
      grad[0] = float(x - 2000.0 * pen);
      return 0.5 * x * x + 1000.0 * pen * pen;
    }
  } obj;
  std::vector<float> x{1.0f}, g{1.0f}, out(1);
  const LineSearchResult r = line_search(LineSearchKind::relaxation, obj, x, g, 0.5, LineSearchConfig{}, out);
  CHECK(r.used_model);
  CHECK(r.a_star == doctest::Approx(1.0).epsilon(1e-3));
  CHECK(r.ok);
  CHECK(r.halvings == 1);
  REQUIRE(r.trials.size() == 2);
  CHECK(r.trials[0].a == r.a_star);
  CHECK(r.trials[0].f == doctest::Approx(40.0).epsilon(1e-2));
  CHECK(r.trials[1].a == r.a_star * 0.5);
  CHECK(r.f == doctest::Approx(0.125).epsilon(1e-2));
  CHECK(r.f <= r.f0 - 1e-4 * r.step * r.gnorm2);
  CHECK(out[0] == doctest::Approx(0.5).epsilon(1e-3));
}

TEST_CASE("line search registry: both kinds, specs with ranges") {
  REQUIRE(line_search_registry().size() == 2);
  const LineSearchEntry* a = find_line_search("armijo");
  const LineSearchEntry* rel = find_line_search("relaxation");
  REQUIRE(a);
  REQUIRE(rel);
  CHECK(rel->kind == LineSearchKind::relaxation);
  const ParamValues d = defaults(a->params);
  CHECK(d.get("initial") == 1.0);
  CHECK(d.get("shrink") == 0.5);
  CHECK(d.get("c") == 1e-4);
  CHECK(d.get("max_trials") == 50);
  Issues issues;
  CHECK(!check_param(a->params[1], 1.0, "line_search.shrink", issues));
  CHECK(!check_param(a->params[2], 0.0, "line_search.c", issues));
  CHECK(!check_param(a->params[3], 0.0, "line_search.max_trials", issues));
  CHECK(!check_param(a->params[0], 0.0, "line_search.initial", issues));
  CHECK(issues.size() == 4);
  ParamValues p;
  p.num["shrink"] = 0.25;
  const LineSearchConfig c = LineSearchConfig::from(p);
  CHECK(c.shrink == 0.25);
  CHECK(c.max_trials == 50);  // defaults fill the rest
}
