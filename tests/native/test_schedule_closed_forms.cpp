// Epoch schedules (core/optim/schedules.hpp) against their closed forms for epochs 0..N, computed
// here in double with <cmath>; live LR changes (torch's chainable behaviour); the registry rows.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "core/optim/schedule.hpp"
#include "core/optim/schedules.hpp"

using namespace descent;

namespace {

// LRs for epochs 0..n through the public interface, handing back exactly what was returned.
std::vector<double> run(Schedule& s, double base, int n) {
  std::vector<double> lr{s.start(base)};
  for (int e = 1; e <= n; ++e) lr.push_back(s.after_epoch(lr.back(), 0.0));
  return lr;
}

std::unique_ptr<Schedule> make(const char* id, ParamValues p = {}, long total = 0) {
  const ScheduleEntry* e = find_schedule(id);
  REQUIRE(e);
  return e->make(p, total);
}

}  // namespace

TEST_CASE("step: base gamma^floor(e / step_size)") {
  // base 0.1, step_size 10, gamma 0.1: 0.1 for e = 0..9, 0.01 for 10..19, 0.001 for 20..29 ...
  auto s = make("step");
  const std::vector<double> lr = run(*s, 0.1, 35);
  for (int e = 0; e <= 35; ++e)
    CHECK_MESSAGE(lr[e] == doctest::Approx(0.1 * std::pow(0.1, e / 10)).epsilon(1e-12), "e = " << e);
  CHECK(lr[9] == doctest::Approx(0.1));
  CHECK(lr[10] == doctest::Approx(0.01));
  CHECK(lr[29] == doctest::Approx(0.001));
  CHECK(lr[30] == doctest::Approx(0.0001));
}

TEST_CASE("exponential: base gamma^e") {
  auto s = make("exponential");  // gamma 0.95
  const std::vector<double> lr = run(*s, 0.2, 60);
  for (int e = 0; e <= 60; ++e)
    CHECK_MESSAGE(lr[e] == doctest::Approx(0.2 * std::pow(0.95, e)).epsilon(1e-12), "e = " << e);
  CHECK(lr[1] == doctest::Approx(0.19));   // 0.2 * 0.95
  CHECK(lr[2] == doctest::Approx(0.1805));  // 0.19 * 0.95
}

TEST_CASE("cosine: eta_min + (base - eta_min)(1 + cos(pi e / t_max)) / 2, periodic past t_max") {
  ParamValues p;
  p.num["t_max"] = 20;
  p.num["eta_min"] = 0.001;
  auto s = make("cosine", p);
  const double base = 0.1, eta = 0.001, pi = 3.14159265358979323846;
  const std::vector<double> lr = run(*s, base, 60);
  for (int e = 0; e <= 60; ++e) {
    const double want = eta + (base - eta) * (1 + std::cos(pi * e / 20.0)) / 2;
    CHECK_MESSAGE(lr[e] == doctest::Approx(want).epsilon(1e-12), "e = " << e);
  }
  // by hand: e = 0 -> base; e = 10 -> midpoint 0.0505; e = 20 -> eta_min; e = 40 -> base again
  CHECK(lr[0] == doctest::Approx(0.1));
  CHECK(lr[10] == doctest::Approx(0.0505));
  CHECK(lr[20] == doctest::Approx(0.001));
  CHECK(lr[30] == doctest::Approx(0.0505));
  CHECK(lr[40] == doctest::Approx(0.1));
}

TEST_CASE("linear_warmup: base (s + (1 - s) min(e, 5) / 5), s = 1/3") {
  auto s = make("linear_warmup");
  const std::vector<double> lr = run(*s, 0.3, 10);
  // by hand: factor(e) = 1/3 + (2/3) e / 5: 1/3, 7/15, 9/15, 11/15, 13/15, 1, 1, ...
  const double f[] = {1.0 / 3, 7.0 / 15, 9.0 / 15, 11.0 / 15, 13.0 / 15, 1.0};
  for (int e = 0; e <= 10; ++e)
    CHECK_MESSAGE(lr[e] == doctest::Approx(0.3 * f[e < 5 ? e : 5]).epsilon(1e-12), "e = " << e);
  CHECK(lr[0] == doctest::Approx(0.1));
}

TEST_CASE("constant keeps the LR, live changes included, and one_cycle ignores epoch ends") {
  auto c = make("constant");
  CHECK(c->start(0.05) == 0.05);
  CHECK(c->after_epoch(0.05, 1.0) == 0.05);
  CHECK(c->after_epoch(0.2, 1.0) == 0.2);
  CHECK(c->after_step(0.2) == 0.2);
  auto oc = make("one_cycle", {}, 100);
  const double lr0 = oc->start(0.5);
  CHECK(oc->after_epoch(lr0, 1.0) == lr0);
}

TEST_CASE("a live LR change rescales the rest of the curve (torch's chainable form)") {
  // exponential: the user doubles the LR after epoch 3; torch then continues lr * gamma from it.
  auto s = make("exponential");
  double lr = s->start(0.1);
  for (int e = 1; e <= 3; ++e) lr = s->after_epoch(lr, 0.0);
  CHECK(lr == doctest::Approx(0.1 * 0.95 * 0.95 * 0.95));
  const double user = 2.0 * lr;
  lr = s->after_epoch(user, 0.0);
  CHECK(lr == doctest::Approx(user * 0.95).epsilon(1e-12));
  lr = s->after_epoch(lr, 0.0);
  CHECK(lr == doctest::Approx(user * 0.95 * 0.95).epsilon(1e-12));

  // step: a change mid-plateau holds until the next boundary, then decays from the new value
  auto st = make("step");
  double a = st->start(1.0);
  for (int e = 1; e <= 5; ++e) a = st->after_epoch(a, 0.0);
  a = st->after_epoch(0.5, 0.0);  // epoch 6, user set 0.5
  CHECK(a == doctest::Approx(0.5));
  for (int e = 7; e <= 10; ++e) a = st->after_epoch(a, 0.0);
  CHECK(a == doctest::Approx(0.05));  // epoch 10: 0.5 * 0.1

  // a value handed back through float keeps the curve (no spurious rebase)
  auto ex = make("exponential");
  double b = ex->start(0.1);
  for (int e = 1; e <= 30; ++e) b = ex->after_epoch(double(float(b)), 0.0);
  CHECK(b == doctest::Approx(0.1 * std::pow(0.95, 30)).epsilon(1e-12));
}

TEST_CASE("schedule registry: ids and torch's defaults") {
  const std::map<std::string, std::map<std::string, double>> want = {
      {"constant", {}},
      {"step", {{"step_size", 10}, {"gamma", 0.1}}},
      {"exponential", {{"gamma", 0.95}}},
      {"cosine", {{"t_max", 50}, {"eta_min", 0}}},
      {"linear_warmup", {{"start_factor", 1.0 / 3.0}, {"end_factor", 1.0}, {"total_iters", 5}}},
      {"one_cycle",
       {{"max_lr", 0.1}, {"total_steps", 0}, {"pct_start", 0.3}, {"div_factor", 25},
        {"final_div_factor", 1e4}, {"three_phase", 0},
        // torch's cycle_momentum is True; here it is off by default (plain SGD and Adagrad,
        // which torch would refuse or give a momentum, keep working), the rest is torch's.
        {"cycle_momentum", 0}, {"base_momentum", 0.85}, {"max_momentum", 0.95}}},
      {"plateau",
       {{"factor", 0.1}, {"patience", 10}, {"threshold", 1e-4}, {"cooldown", 0}, {"min_lr", 0},
        {"eps", 1e-8}}},
  };
  CHECK(schedule_registry().size() == want.size());
  for (const auto& kv : want) {
    const ScheduleEntry* e = find_schedule(kv.first);
    REQUIRE_MESSAGE(e, kv.first);
    std::size_t numeric = 0;
    for (const ParamSpec& s : e->params) {
      if (s.type == ParamType::choice) {
        CHECK(s.name == "anneal_strategy");
        CHECK(s.def_choice == "cos");
        continue;
      }
      ++numeric;
      REQUIRE_MESSAGE(kv.second.count(s.name), kv.first << "." << s.name);
      CHECK(s.def == kv.second.at(s.name));
      Issues issues;
      CHECK(check_param(s, s.def, "schedule." + s.name, issues));
    }
    CHECK(numeric == kv.second.size());
  }
  // a few ranges: gamma in (0, 1], step_size an integer >= 1, factor in (0, 1)
  Issues issues;
  const ParamSpec& gamma = find_schedule("step")->params[1];
  CHECK(!check_param(gamma, 0.0, "schedule.gamma", issues));
  CHECK(!check_param(find_schedule("step")->params[0], 2.5, "schedule.step_size", issues));
  CHECK(!check_param(find_schedule("plateau")->params[0], 1.0, "schedule.factor", issues));
  CHECK(issues.size() == 3);
}
