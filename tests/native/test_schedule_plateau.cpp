// ReduceLROnPlateau (mode min, relative threshold) against hand-made loss sequences: reductions
// at the epochs worked out below, cooldown, min_lr and eps.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/optim/schedule.hpp"
#include "core/optim/schedules.hpp"

using namespace descent;

namespace {

// Feeds the metrics; returns the LR after each epoch (index k = after metric k).
std::vector<double> feed(Schedule& s, double base, const std::vector<double>& metrics) {
  std::vector<double> out;
  double lr = s.start(base);
  for (double m : metrics) {
    lr = s.after_epoch(lr, m);
    out.push_back(lr);
  }
  return out;
}

}  // namespace

TEST_CASE("plateau: reductions after more than `patience` bad epochs") {
  // patience 2, factor 0.5, threshold 1e-4 (relative), base 1.
  // epoch:   1    2    3    4    5    6    7    8    9
  // metric: 1.0  0.9  0.9  0.9  0.9  0.8  0.8  0.8  0.8
  // bad:     0    0    1    2    3*   0    1    2    3*     (* > patience: reduce, bad = 0)
  // lr:      1    1    1    1   0.5  0.5  0.5  0.5  0.25
  PlateauConfig c;
  c.patience = 2;
  c.factor = 0.5;
  PlateauSchedule s(c);
  const std::vector<double> lr = feed(s, 1.0, {1.0, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.8, 0.8});
  const std::vector<double> want{1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25};
  REQUIRE(lr.size() == want.size());
  for (std::size_t k = 0; k < want.size(); ++k) CHECK_MESSAGE(lr[k] == want[k], "epoch " << k + 1);
}

TEST_CASE("plateau: the threshold is relative") {
  // best 0.9; 0.89995 is not below 0.9 * (1 - 1e-4) = 0.89991, so it is a bad epoch;
  // 0.8999 is below it and resets the count.
  PlateauConfig c;
  c.patience = 1;
  c.factor = 0.5;
  PlateauSchedule s(c);
  double lr = s.start(1.0);
  lr = s.after_epoch(lr, 0.9);      // best 0.9
  lr = s.after_epoch(lr, 0.89995);  // bad 1
  CHECK(s.bad_epochs() == 1);
  CHECK(s.best() == 0.9);
  lr = s.after_epoch(lr, 0.8999);  // better
  CHECK(s.bad_epochs() == 0);
  CHECK(s.best() == 0.8999);
  lr = s.after_epoch(lr, 0.8999);  // bad 1
  lr = s.after_epoch(lr, 0.8999);  // bad 2 > 1: reduce
  CHECK(lr == 0.5);
}

TEST_CASE("plateau: cooldown ignores bad epochs after a reduction") {
  // patience 0, cooldown 2, factor 0.5, constant metric 1.0:
  // epoch 1: better than inf.  epoch 2: bad 1 > 0 -> 0.5, cooldown 2.
  // epochs 3, 4: in cooldown (bad reset).  epoch 5: bad 1 -> 0.25.  epochs 6, 7: cooldown.
  // epoch 8: -> 0.125
  PlateauConfig c;
  c.patience = 0;
  c.cooldown = 2;
  c.factor = 0.5;
  PlateauSchedule s(c);
  const std::vector<double> lr = feed(s, 1.0, std::vector<double>(8, 1.0));
  const std::vector<double> want{1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125};
  for (std::size_t k = 0; k < want.size(); ++k) CHECK_MESSAGE(lr[k] == want[k], "epoch " << k + 1);
}

TEST_CASE("plateau: min_lr floors the LR and changes below eps are skipped") {
  // factor 0.1, min_lr 0.005, patience 0: 0.1 -> 0.01 -> max(0.001, 0.005) = 0.005 -> stays
  PlateauConfig c;
  c.patience = 0;
  c.min_lr = 0.005;
  PlateauSchedule s(c);
  const std::vector<double> lr = feed(s, 0.1, {1, 1, 1, 1, 1});
  CHECK(lr[0] == doctest::Approx(0.1));
  CHECK(lr[1] == doctest::Approx(0.01));
  CHECK(lr[2] == doctest::Approx(0.005));
  CHECK(lr[3] == doctest::Approx(0.005));
  CHECK(lr[4] == doctest::Approx(0.005));
  // eps 1e-8: from lr 1e-8, factor 0.5 would remove 5e-9 < eps: skipped
  PlateauConfig d;
  d.patience = 0;
  d.factor = 0.5;
  PlateauSchedule t(d);
  const std::vector<double> tiny = feed(t, 1e-8, {1, 1, 1});
  CHECK(tiny[2] == 1e-8);
}

TEST_CASE("plateau: a NaN metric counts as a bad epoch (through the registry)") {
  ParamValues p;
  p.num["patience"] = 1;
  auto s = find_schedule("plateau")->make(p, 0);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> lr = feed(*s, 1.0, {2.0, nan, nan});
  CHECK(lr[1] == 1.0);
  CHECK(lr[2] == doctest::Approx(0.1));  // factor 0.1 default
}
