// The optimizer registry (core/optim/registry.cpp): "lr" first, torch's defaults for the ids
// listed here by hand from the torch.optim docs, every ParamSpec rejecting values outside its
// range through check_param, and factories filling in defaults.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/optim/adam.hpp"
#include "core/optim/optimizer.hpp"
#include "core/registry/params.hpp"

using namespace descent;

namespace {

// torch.optim defaults (numbers; booleans as 0/1), from each class's signature.
const std::map<std::string, std::map<std::string, double>>& torch_defaults() {
  static const std::map<std::string, std::map<std::string, double>> d = {
      {"sgd", {{"lr", 0.01}, {"weight_decay", 0}}},
      {"momentum", {{"lr", 0.01}, {"momentum", 0.9}, {"dampening", 0}, {"weight_decay", 0}}},
      {"nesterov", {{"lr", 0.01}, {"momentum", 0.9}, {"weight_decay", 0}}},
      {"adagrad",
       {{"lr", 0.01}, {"lr_decay", 0}, {"eps", 1e-10}, {"initial_accumulator_value", 0}, {"weight_decay", 0}}},
      {"rmsprop",
       {{"lr", 0.01}, {"alpha", 0.99}, {"eps", 1e-8}, {"momentum", 0}, {"centered", 0}, {"weight_decay", 0}}},
      {"adam",
       {{"lr", 0.001}, {"beta1", 0.9}, {"beta2", 0.999}, {"eps", 1e-8}, {"weight_decay", 0}, {"amsgrad", 0}}},
      {"adamw",
       {{"lr", 0.001}, {"beta1", 0.9}, {"beta2", 0.999}, {"eps", 1e-8}, {"weight_decay", 0.01}, {"amsgrad", 0}}},
      {"amsgrad", {{"lr", 0.001}, {"beta1", 0.9}, {"beta2", 0.999}, {"eps", 1e-8}, {"weight_decay", 0}}},
      {"adamax", {{"lr", 0.002}, {"beta1", 0.9}, {"beta2", 0.999}, {"eps", 1e-8}, {"weight_decay", 0}}},
      {"nadam",
       {{"lr", 0.002}, {"beta1", 0.9}, {"beta2", 0.999}, {"eps", 1e-8}, {"weight_decay", 0},
        {"momentum_decay", 0.004}}},
      {"adadelta", {{"lr", 1.0}, {"rho", 0.9}, {"eps", 1e-6}, {"weight_decay", 0}}},
  };
  return d;
}

bool valid(const ParamSpec& s, double v) {
  Issues issues;
  return check_param(s, v, "optimizer." + s.name, issues);
}

}  // namespace

TEST_CASE("optimizer registry: every row has lr first, the torch.optim classes' defaults") {
  // Every row: a label, a formula, its source, "lr" first. (Its TeX, torch/Keras forms and explain
  // lines: tests/js/registry_forms.test.mjs; its defaults against torch's own signatures too, so a
  // new row needs no entry in the table above.)
  for (const OptimizerEntry& e : optimizer_registry()) {
    INFO(e.id);
    CHECK(!e.label.empty());
    CHECK(!e.formula.empty());
    CHECK(!e.source.empty());
    REQUIRE(!e.params.empty());
    CHECK(e.params.front().name == "lr");
  }
  for (const auto& row : torch_defaults()) {
    const std::string& id = row.first;
    const std::map<std::string, double>& want = row.second;
    const OptimizerEntry* e = find_optimizer(id);
    REQUIRE_MESSAGE(e, id);
    CHECK(e->source.find("torch.optim") != std::string::npos);
    std::size_t numeric = 0;
    for (const ParamSpec& s : e->params) {
      if (s.type == ParamType::choice) continue;
      ++numeric;
      REQUIRE_MESSAGE(want.count(s.name), id << "." << s.name);
      CHECK_MESSAGE(s.def == want.at(s.name), id << "." << s.name);
      CHECK_MESSAGE(valid(s, s.def), id << "." << s.name << " default must be valid");
    }
    CHECK_MESSAGE(numeric == want.size(), id);
  }
  CHECK(find_optimizer("lbfgs") == nullptr);
  CHECK(find_optimizer("sgd")->params.front().required);
  CHECK(!find_optimizer("adam")->params.front().required);
}

TEST_CASE("optimizer registry: lr is above 0 and at most 10, with a log slider 1e-5..10") {
  for (const OptimizerEntry& e : optimizer_registry()) {
    const ParamSpec& lr = e.params.front();
    CHECK(lr.log);
    CHECK(lr.ui_min == 1e-5);
    CHECK(lr.ui_max == 10.0);
    CHECK(!valid(lr, 0.0));
    CHECK(!valid(lr, -0.1));
    CHECK(!valid(lr, 10.5));
    CHECK(valid(lr, 10.0));
    CHECK(valid(lr, 1e-7));
  }
}

TEST_CASE("optimizer registry: every spec rejects values outside its range") {
  for (const OptimizerEntry& e : optimizer_registry()) {
    for (const ParamSpec& s : e.params) {
      INFO(e.id << "." << s.name);
      if (s.type == ParamType::choice) {
        Issues issues;
        CHECK(check_choice(s, s.def_choice, "optimizer." + s.name, issues));
        CHECK(!check_choice(s, "bogus", "optimizer." + s.name, issues));
        continue;
      }
      if (s.type == ParamType::boolean) {
        CHECK(valid(s, 0.0));
        CHECK(valid(s, 1.0));
        CHECK(!valid(s, 0.5));
        continue;
      }
      CHECK(!valid(s, std::nan("")));
      if (std::isfinite(s.min)) {
        CHECK(!valid(s, s.min - 1.0));
        CHECK(valid(s, s.min) == !s.min_exclusive);
      }
      if (std::isfinite(s.max)) {
        CHECK(!valid(s, s.max + 1.0));
        CHECK(valid(s, s.max) == !s.max_exclusive);
      }
    }
  }
}

TEST_CASE("optimizer registry: the ranges torch enforces, with the validator's message") {
  const ParamSpec* beta1 = nullptr;
  for (const ParamSpec& s : find_optimizer("adam")->params)
    if (s.name == "beta1") beta1 = &s;
  REQUIRE(beta1);
  Issues issues;
  CHECK(!check_param(*beta1, 1.2, "optimizer.beta1", issues));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].path == "optimizer.beta1");
  CHECK(issues[0].message == "optimizer.beta1 must be in [0, 1), got 1.2");
  // betas, momentum, alpha: [0, 1); eps > 0; weight decay >= 0; nesterov momentum > 0
  auto spec = [](const char* id, const char* name) -> const ParamSpec& {
    for (const ParamSpec& s : find_optimizer(id)->params)
      if (s.name == name) return s;
    FAIL("missing " << id << "." << name);
    return find_optimizer(id)->params.front();
  };
  CHECK(!valid(spec("adam", "beta2"), 1.0));
  CHECK(valid(spec("adam", "beta2"), 0.0));
  CHECK(!valid(spec("adamax", "eps"), 0.0));
  CHECK(valid(spec("adamax", "eps"), 1e-30));
  CHECK(!valid(spec("rmsprop", "alpha"), 1.0));
  CHECK(!valid(spec("rmsprop", "momentum"), -0.1));
  CHECK(!valid(spec("momentum", "momentum"), 1.0));
  CHECK(!valid(spec("nesterov", "momentum"), 0.0));
  CHECK(!valid(spec("sgd", "weight_decay"), -1e-3));
  CHECK(valid(spec("adadelta", "rho"), 1.0));
  CHECK(!valid(spec("adadelta", "rho"), 1.01));
  CHECK(!valid(spec("adagrad", "lr_decay"), -0.1));
  CHECK(!valid(spec("nadam", "momentum_decay"), -0.1));
  CHECK(spec("rmsprop", "centered").type == ParamType::boolean);
  CHECK(spec("adam", "amsgrad").type == ParamType::boolean);
  const ParamSpec& form = spec("momentum", "form");
  CHECK(form.type == ParamType::choice);
  CHECK(form.def_choice == "torch");
  CHECK(form.choices == std::vector<std::string>{"torch", "ema"});
}

TEST_CASE("optimizer registry: factories fill in defaults for missing values") {
  // An empty ParamValues must give torch's defaults (not zeros): the same bits as AdamConfig{}.
  auto made = find_optimizer("adam")->make(ParamValues{});
  Adam direct(AdamConfig{});
  std::vector<float> w1{1.0f, -2.0f, 0.5f}, w2 = w1, g{0.5f, 0.25f, -1.0f};
  for (int k = 0; k < 3; ++k) {
    made->step(w1, g, 0.001f);
    direct.step(w2, g, 0.001f);
  }
  CHECK(std::memcmp(w1.data(), w2.data(), 12) == 0);

  // adamw decays decoupled, amsgrad keeps the max: both differ from plain adam
  ParamValues p;
  p.num["weight_decay"] = 0.5;
  auto adamw = find_optimizer("adamw")->make(p);
  auto adam = find_optimizer("adam")->make(p);
  std::vector<float> a{1.0f}, b{1.0f}, gg{0.0f};
  adamw->step(a, gg, 0.1f);  // zero gradient: only the decoupled decay moves w: 1 * (1 - 0.05)
  CHECK(a[0] == doctest::Approx(0.95));
  adam->step(b, gg, 0.1f);  // L2: g' = 0.5, Adam's first step is -lr sign(g') = -0.1
  CHECK(b[0] == doctest::Approx(0.9).epsilon(1e-6));

  // momentum's form choice reaches the optimizer
  ParamValues ema;
  ema.str["form"] = "ema";
  auto m = find_optimizer("momentum")->make(ema);
  std::vector<float> x{1.0f}, gx{1.0f};
  m->step(x, gx, 0.1f);  // v = 0.1 * 1: x = 1 - 0.01
  CHECK(x[0] == doctest::Approx(0.99));
}

TEST_CASE("optimizer registry: set_momentum reaches the momentum or beta1 a schedule may cycle") {
  // Which optimizers have one (torch: group["momentum"] or group["betas"][0]): exactly those whose
  // registry parameters include "momentum" or "beta1".
  for (const OptimizerEntry& e : optimizer_registry()) {
    bool has = false;
    for (const ParamSpec& s : e.params) has = has || s.name == "momentum" || s.name == "beta1";
    CHECK_MESSAGE(e.make(ParamValues{})->set_momentum(0.5) == has, e.id);
  }
  // Setting it before the steps is the same as constructing with it, bit for bit, for each kind;
  // changing it between steps is the same as two optimizers that agree up to that step.
  for (const char* id : {"momentum", "nesterov", "rmsprop", "adam", "adamw", "amsgrad", "adamax", "nadam"}) {
    const OptimizerEntry* e = find_optimizer(id);
    const bool beta = std::string(id).rfind("ada", 0) == 0 || std::string(id) == "amsgrad" || std::string(id) == "nadam";
    ParamValues p;
    p.num[beta ? "beta1" : "momentum"] = 0.6;
    auto given = e->make(p);
    auto set = e->make(ParamValues{});
    REQUIRE(set->set_momentum(0.6));
    std::vector<float> w1{1.0f, -2.0f, 0.5f, 3.0f, -0.25f}, w2 = w1;
    const std::vector<float> g1{0.5f, 0.25f, -1.0f, 2.0f, 0.125f}, g2{-0.75f, 0.5f, 0.25f, -1.5f, 1.0f};
    for (int k = 0; k < 3; ++k) {
      given->step(w1, k % 2 ? g2 : g1, 0.01f);
      set->step(w2, k % 2 ? g2 : g1, 0.01f);
    }
    CHECK_MESSAGE(std::memcmp(w1.data(), w2.data(), w1.size() * 4) == 0, id);
    // And a new value takes effect on the next step: 0.6 -> 0.3 differs from staying at 0.6.
    auto stay = e->make(p);
    std::vector<float> w3{1.0f, -2.0f, 0.5f, 3.0f, -0.25f}, w4 = w3;
    for (int k = 0; k < 2; ++k) stay->step(w3, k % 2 ? g2 : g1, 0.01f);
    auto moved = e->make(p);
    moved->step(w4, g1, 0.01f);
    moved->set_momentum(0.3);
    moved->step(w4, g2, 0.01f);
    CHECK_MESSAGE(std::memcmp(w3.data(), w4.data(), w3.size() * 4) != 0, id);
  }
}
