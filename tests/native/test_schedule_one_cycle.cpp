// OneCycleLR (core/optim/schedules.hpp): LR at the start, the peak (pct_start) and the end, a
// point inside each phase against the documented formula, three-phase and linear variants,
// total_steps = 0 taking the run's total.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "core/optim/schedule.hpp"
#include "core/optim/schedules.hpp"

using namespace descent;

namespace {
const double kPi = 3.14159265358979323846;
double cos_anneal(double from, double to, double pct) {
  return to + (from - to) / 2.0 * (std::cos(kPi * pct) + 1.0);
}
}  // namespace

TEST_CASE("one_cycle: start, peak, end (two phases, cos)") {
  // max_lr 0.1, T = 100, pct 0.3, div 25, final_div 1e4:
  //   initial = 0.1 / 25 = 0.004;  min = 0.004 / 1e4 = 4e-7
  //   phase 1 ends at step 0.3 * 100 - 1 = 29 (the peak), phase 2 at 99
  auto s = find_schedule("one_cycle")->make(ParamValues{}, 100);
  double lr = s->start(123.0);  // the optimizer's lr is ignored, as in torch
  CHECK(lr == doctest::Approx(0.004).epsilon(1e-12));
  std::vector<double> by_step{lr};
  for (int k = 1; k <= 99; ++k) by_step.push_back(lr = s->after_step(lr));
  CHECK(by_step[29] == doctest::Approx(0.1).epsilon(1e-12));
  CHECK(by_step[99] == doctest::Approx(4e-7).epsilon(1e-9));
  // inside the phases
  CHECK(by_step[10] == doctest::Approx(cos_anneal(0.004, 0.1, 10.0 / 29.0)).epsilon(1e-12));
  CHECK(by_step[64] == doctest::Approx(cos_anneal(0.1, 4e-7, 35.0 / 70.0)).epsilon(1e-12));
  // monotone up to the peak, then down
  for (int k = 1; k <= 29; ++k) CHECK(by_step[k] > by_step[k - 1]);
  for (int k = 30; k <= 99; ++k) CHECK(by_step[k] < by_step[k - 1]);
  // past the end it stays at the final value (torch would raise)
  CHECK(s->after_step(lr) == doctest::Approx(4e-7).epsilon(1e-9));
}

TEST_CASE("one_cycle: three phases and linear annealing") {
  ParamValues p;
  p.num["three_phase"] = 1;
  p.num["total_steps"] = 100;
  auto s = find_schedule("one_cycle")->make(p, 5000);  // explicit total_steps wins
  OneCycleConfig c;
  c.total_steps = 100;
  c.three_phase = true;
  OneCycleSchedule direct(c);
  // ends: 29 (peak 0.1), 58 (back to 0.004), 99 (4e-7)
  CHECK(direct.at(29) == doctest::Approx(0.1).epsilon(1e-12));
  CHECK(direct.at(58) == doctest::Approx(0.004).epsilon(1e-12));
  CHECK(direct.at(99) == doctest::Approx(4e-7).epsilon(1e-9));
  CHECK(direct.at(40) == doctest::Approx(cos_anneal(0.1, 0.004, 11.0 / 29.0)).epsilon(1e-12));
  double lr = s->start(0.0);
  for (int k = 1; k <= 58; ++k) lr = s->after_step(lr);
  CHECK(lr == doctest::Approx(0.004).epsilon(1e-12));

  ParamValues q;
  q.str["anneal_strategy"] = "linear";
  auto lin = find_schedule("one_cycle")->make(q, 100);
  lr = lin->start(0.0);
  for (int k = 1; k <= 10; ++k) lr = lin->after_step(lr);
  // linear: 0.004 + (0.1 - 0.004) * 10 / 29
  CHECK(lr == doctest::Approx(0.004 + 0.096 * 10.0 / 29.0).epsilon(1e-12));
}

TEST_CASE("one_cycle: total_steps 0 means the run's total") {
  auto s = find_schedule("one_cycle")->make(ParamValues{}, 10);
  // T = 10: peak at 0.3 * 10 - 1 = 2, end at 9
  double lr = s->start(0.0);
  for (int k = 1; k <= 2; ++k) lr = s->after_step(lr);
  CHECK(lr == doctest::Approx(0.1).epsilon(1e-12));
  for (int k = 3; k <= 9; ++k) lr = s->after_step(lr);
  CHECK(lr == doctest::Approx(4e-7).epsilon(1e-9));
}

TEST_CASE("one_cycle: cycle_momentum moves the momentum against the LR (torch's phases)") {
  // Off (the default): no momentum to hand over.
  auto off = find_schedule("one_cycle")->make(ParamValues{}, 100);
  off->start(0.0);
  CHECK_FALSE(off->momentum().has_value());

  // On, T = 100, pct 0.3, base 0.85, max 0.95 (torch's defaults):
  //   phase 1 [0, 29]: 0.95 -> 0.85 while the LR rises; phase 2 [29, 99]: 0.85 -> 0.95.
  ParamValues p;
  p.num["cycle_momentum"] = 1;
  auto s = find_schedule("one_cycle")->make(p, 100);
  double lr = s->start(0.0);
  std::vector<double> m{*s->momentum()};
  for (int k = 1; k <= 99; ++k) {
    lr = s->after_step(lr);
    REQUIRE(s->momentum().has_value());
    m.push_back(*s->momentum());
  }
  CHECK(m[0] == doctest::Approx(0.95).epsilon(1e-15));
  CHECK(m[29] == doctest::Approx(0.85).epsilon(1e-15));
  CHECK(m[99] == doctest::Approx(0.95).epsilon(1e-15));
  CHECK(m[10] == doctest::Approx(cos_anneal(0.95, 0.85, 10.0 / 29.0)).epsilon(1e-15));
  CHECK(m[64] == doctest::Approx(cos_anneal(0.85, 0.95, 35.0 / 70.0)).epsilon(1e-15));  // = 0.90
  CHECK(m[64] == doctest::Approx(0.90).epsilon(1e-12));
  // The LR is the same curve as without cycling.
  double lr_off = off->start(0.0);
  for (int k = 1; k <= 99; ++k) lr_off = off->after_step(lr_off);
  CHECK(lr == lr_off);

  // Three phases: 0.95 -> 0.85 over [0, 29], 0.85 -> 0.95 over [29, 58], then 0.95 to the end.
  OneCycleConfig c;
  c.total_steps = 100;
  c.three_phase = true;
  c.cycle_momentum = true;
  c.base_momentum = 0.8;
  c.max_momentum = 0.9;
  OneCycleSchedule three(c);
  CHECK(three.momentum_at(0) == doctest::Approx(0.9).epsilon(1e-15));
  CHECK(three.momentum_at(29) == doctest::Approx(0.8).epsilon(1e-15));
  CHECK(three.momentum_at(40) == doctest::Approx(cos_anneal(0.8, 0.9, 11.0 / 29.0)).epsilon(1e-15));
  CHECK(three.momentum_at(58) == doctest::Approx(0.9).epsilon(1e-15));
  CHECK(three.momentum_at(80) == 0.9);
  // Linear annealing: 0.9 + (0.8 - 0.9) * 10 / 29 at step 10.
  c.three_phase = false;
  c.linear = true;
  CHECK(OneCycleSchedule(c).momentum_at(10) == doctest::Approx(0.9 - 0.1 * 10.0 / 29.0).epsilon(1e-15));
}
