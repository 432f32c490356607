// The training loop: batch modes and counting, divergence with its hint, early stopping,
// convergence, schedules per epoch, history bounds, function mode, line search, LR finder,
// landscape, determinism.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "core/spec/spec.hpp"
#include "core/train/landscape.hpp"
#include "core/train/lr_finder.hpp"
#include "core/train/run.hpp"
#include "core/train/session.hpp"
#include "core/util/json.hpp"
#include "tests/native/open_session.hpp"

using namespace descent;

namespace {

Issues open_fail(const std::string& json) {
  Issues issues;
  auto s = open_session(json, nullptr, issues);
  CHECK(s == nullptr);
  REQUIRE(!issues.empty());
  return issues;
}

bool has_issue(const Issues& issues, const std::string& path, const std::string& fragment) {
  for (const Issue& i : issues)
    if (i.path == path && i.message.find(fragment) != std::string::npos) return true;
  return false;
}

// y = 2x + 1 on x = 0..9 (inline data, exact).
const std::string kLine = R"("data":{"source":"inline","x":[0,1,2,3,4,5,6,7,8,9],"y":[1,3,5,7,9,11,13,15,17,19]})";

}  // namespace

TEST_CASE("batch modes: full batch, mini-batch with a short last batch, stochastic, counters") {
  auto full = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":0.01},"training":{"batch_size":0,"epochs":3}})");
  full->run(1000);
  CHECK(full->status() == RunStatus::done);
  CHECK(full->steps() == 3);
  CHECK(full->epochs() == 3);
  CHECK(full->samples_seen() == 30);

  auto mini = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":0.01},"training":{"batch_size":4,"epochs":2}})");
  CHECK(mini->steps_per_epoch() == 3);  // 4 + 4 + 2: the short batch is used, not dropped
  mini->run(1000);
  CHECK(mini->steps() == 6);
  CHECK(mini->samples_seen() == 20);

  auto sgd1 = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":0.001},"training":{"batch_size":1,"epochs":1}})");
  sgd1->run(1000);
  CHECK(sgd1->steps() == 10);

  auto budget = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":0.001},"training":{"batch_size":3,"steps":7}})");
  budget->run(1000);
  CHECK(budget->steps() == 7);
  CHECK(budget->epochs() == 1);  // 4 steps per epoch; 7 steps end inside epoch 2
}

TEST_CASE("full-batch gradient descent on y = 2x + 1: first step by hand") {
  // Linear model w x + b from w = b = 0 with MSE: dL/dw = 2/N sum (wx + b - y) x = -2/10 sum y x,
  // sum y x = sum (2x + 1) x over 0..9 = 2*285 + 45 = 615 -> dL/dw = -123;
  // dL/db = -2/10 sum y = -2/10 * 100 = -20. With lr 0.001: w = 0.123, b = 0.02.
  auto s = open("{" + kLine + R"(,"model":{"kind":"linear","params":[0,0]},"optimizer":{"kind":"sgd","lr":0.001},"training":{"batch_size":0,"epochs":1}})");
  s->run(1);
  CHECK(s->params()[0] == doctest::Approx(0.123).epsilon(1e-6));
  CHECK(s->params()[1] == doctest::Approx(0.02).epsilon(1e-6));
  // the recorded loss is the loss before the step: mean(y^2) = (1+9+25+...+361)/10 = 1330/10 = 133
  CHECK(s->history().loss[0] == doctest::Approx(133.0));
}

TEST_CASE("divergence: lr 10 on the quadratic stops with status diverged and a hint, params before the bad step kept") {
  auto s = open(R"({"data":{"source":"function","function":"quadratic","start":[1,1]},"optimizer":{"kind":"sgd","lr":10},"training":{"steps":200}})");
  s->run(200);
  REQUIRE(s->status() == RunStatus::diverged);
  CHECK(s->message().find("learning rate 10 is probably too large") != std::string::npos);
  CHECK(s->message().find("try 1") != std::string::npos);
  CHECK(s->steps() < 200);
  CHECK(std::isfinite(s->params()[0]));
  CHECK(std::isfinite(s->params()[1]));
  Json r;
  REQUIRE(parse_json(s->result_json(), r).ok());
  CHECK(r.find("status")->as_string() == "diverged");
}

TEST_CASE("divergence on data: huge lr on linear regression") {
  auto s = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":5},"training":{"batch_size":0,"epochs":500}})");
  s->run(100000);
  CHECK(s->status() == RunStatus::diverged);
  CHECK(s->message().find("try 0.5") != std::string::npos);
  for (float p : s->params()) CHECK(std::isfinite(p));
}

TEST_CASE("early stopping restores the best parameters") {
  // A model that overfits noisy data; validation loss eventually stops improving.
  auto s = open(R"({"seed":3,"data":{"source":"synthetic","generator":"sine","samples":60,"noise":0.5},
      "preprocess":{"validation_split":0.5},"model":{"kind":"mlp","hidden":[64,64],"activation":"tanh"},
      "optimizer":{"kind":"adam","lr":0.02},"training":{"batch_size":0,"epochs":3000,
      "early_stopping":{"patience":20,"min_delta":0,"restore_best":true}}})");
  s->run(100000);
  REQUIRE(s->status() == RunStatus::early_stopped);
  CHECK(s->message().find("restored the best parameters") != std::string::npos);
  // The restored params give the best validation loss seen.
  double best = 1e30;
  for (const EpochRecord& e : s->history().epochs()) best = std::min(best, double(e.val_loss));
  CHECK(s->evaluate(s->params().data(), true) == doctest::Approx(best).epsilon(1e-5));
  CHECK(s->epochs() < 3000);
}

TEST_CASE("convergence by gradient-norm and loss-change tolerances") {
  auto g = open(R"({"data":{"source":"function","function":"quadratic","start":[1,1]},"optimizer":{"kind":"sgd","lr":0.01},
      "training":{"steps":100000,"tolerance":{"grad_norm":1e-3}}})");
  g->run(100000);
  CHECK(g->status() == RunStatus::converged);
  CHECK(g->message().find("gradient norm") != std::string::npos);
  auto l = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":0.005},"training":{"batch_size":0,"epochs":100000,"tolerance":{"loss_delta":1e-6}}})");
  l->run(1000000);
  CHECK(l->status() == RunStatus::converged);
  CHECK(l->epochs() < 100000);
}

TEST_CASE("schedules in the loop: the LR per epoch follows the closed form") {
  // step: lr = 0.1 * 0.5^floor(e / 2)
  auto s = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":0.1},"schedule":{"kind":"step","step_size":2,"gamma":0.5},
      "training":{"batch_size":5,"epochs":7}})");
  s->run(100000);
  const auto& ep = s->history().epochs();
  REQUIRE(ep.size() == 7);
  for (std::size_t e = 0; e < ep.size(); ++e) CHECK(ep[e].lr == doctest::Approx(0.1 * std::pow(0.5, double(e / 2))));
  // every step of epoch e used the epoch's LR
  CHECK(s->history().lr[0] == doctest::Approx(0.1));
  CHECK(s->history().lr[4] == doctest::Approx(0.05));  // step 5 is in epoch 2
}

TEST_CASE("the LR can be changed live between steps") {
  auto s = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":0.001},"training":{"batch_size":0,"epochs":10}})");
  s->run(2);
  REQUIRE(s->set_lr(0.002).ok());
  s->run(1);
  CHECK(s->history().lr[2] == doctest::Approx(0.002));
  CHECK_FALSE(s->set_lr(-1).ok());
  CHECK_FALSE(s->set_lr(NAN).ok());
}

TEST_CASE("history stays bounded on long runs: decimation doubles the stride, epochs stay whole") {
  auto s = open(R"({"data":{"source":"function","function":"quadratic","start":[1,1]},"optimizer":{"kind":"sgd","lr":0.001},
      "training":{"steps":100000,"history_limit":1000}})");
  s->run(100000);
  const History& h = s->history();
  CHECK(h.size() <= 1000);
  CHECK(h.size() >= 500);
  CHECK(h.stride() == 128);  // 100000 / 128 = 781 points, the first power of 2 that fits 1000
  CHECK(h.step_of(h.size() - 1) == 781 * 128);
  CHECK(s->trajectory().points().size() / 2 <= 1001);
  // Decimation keeps original values: point j is the loss at step (j + 1) * stride.
  auto t = open(R"({"data":{"source":"function","function":"quadratic","start":[1,1]},"optimizer":{"kind":"sgd","lr":0.001},
      "training":{"steps":1024}})");
  t->run(1024);
  CHECK(t->history().stride() == 1);
  CHECK(h.loss[0] == t->history().loss[127]);
  CHECK(h.loss[3] == t->history().loss[511]);
}

TEST_CASE("function mode: Adam on Rosenbrock approaches (1, 1), trajectory has steps + 1 points") {
  auto s = open(R"({"data":{"source":"function","function":"rosenbrock","start":[-1.5,2]},"optimizer":{"kind":"adam","lr":0.05},"training":{"steps":3000}})");
  s->run(3000);
  CHECK(s->status() == RunStatus::done);
  CHECK(s->trajectory().points().size() == 2 * 3001);
  CHECK(s->trajectory().points()[0] == -1.5f);
  CHECK(s->trajectory().points()[1] == 2.0f);
  CHECK(std::fabs(s->params()[0] - 1) < 0.02);
  CHECK(std::fabs(s->params()[1] - 1) < 0.04);
}

TEST_CASE("Armijo line search in the loop: every accepted step satisfies the condition") {
  auto s = open(R"({"data":{"source":"function","function":"rosenbrock","start":[-1.5,2]},"optimizer":{"kind":"sgd","lr":0.001},
      "training":{"steps":200,"line_search":{"kind":"armijo","initial":1,"shrink":0.5,"c":0.0001}}})");
  s->run(200);
  const History& h = s->history();
  REQUIRE(h.size() > 10);
  const std::vector<float>& tr = s->trajectory().points();
  for (std::size_t k = 0; k + 1 < h.size(); ++k) {
    const double a = h.step_size[k], g2 = double(h.grad_norm[k]) * h.grad_norm[k];
    const double f0 = h.loss[k], f1 = h.loss[k + 1];
    CHECK(f1 <= f0 - 1e-4 * a * g2 + 1e-6 * std::fabs(f0));
    // halvings: a = 0.5^trials
    CHECK(a == doctest::Approx(std::pow(0.5, h.trials[k])));
  }
  CHECK(tr.size() == 2 * (h.size() + 1));
  CHECK(h.loss.back() < h.loss.front());
}

TEST_CASE("line search needs plain sgd") {
  Issues i = open_fail(R"({"data":{"source":"function","function":"booth"},"optimizer":{"kind":"adam"},"training":{"line_search":{"kind":"armijo"}}})");
  CHECK(has_issue(i, "training.line_search", "use optimizer \"sgd\""));
}

TEST_CASE("LR finder suggests a sensible LR on linear regression and leaves the session unchanged") {
  auto s = open(R"({"seed":2,"data":{"source":"synthetic","generator":"line","samples":200,"noise":0.1},
      "model":{"kind":"linear"},"optimizer":{"kind":"sgd","lr":0.01},"training":{"batch_size":16,"epochs":5}})");
  const std::vector<float> before = s->params();
  LrFinderResult r;
  REQUIRE(lr_finder(*s, {1e-5, 10, 100}, r).ok());
  CHECK(std::memcmp(before.data(), s->params().data(), before.size() * 4) == 0);
  CHECK(s->steps() == 0);
  REQUIRE(r.lrs.size() >= 20);
  // x ~ U(-1, 1): the MSE Hessian is about diag(2/3, 2) -> SGD is stable below lr = 1 and fast
  // around 0.1-0.5; a sensible suggestion lies in [0.01, 1].
  CHECK(r.suggestion >= 0.01);
  CHECK(r.suggestion <= 1.0);
  CHECK(r.stopped_early);  // lr 10 explodes
  // Training with the suggestion works.
  s->set_lr(r.suggestion);
  s->run(100000);
  CHECK(s->history().epochs().back().train_loss < 0.05);
}

TEST_CASE("landscape of a 2-parameter linear regression has its minimum at the least-squares solution") {
  auto s = open(R"({"seed":4,"data":{"source":"synthetic","generator":"line","samples":100,"noise":0.3},
      "model":{"kind":"linear"},"optimizer":{"kind":"sgd","lr":0.3},"training":{"batch_size":0,"epochs":300}})");
  s->run(100000);
  // closed-form least squares on the training data
  const Dataset& d = s->problem().train;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < d.n; ++i) {
    sx += d.x[i]; sy += d.y[i]; sxx += double(d.x[i]) * d.x[i]; sxy += double(d.x[i]) * d.y[i];
  }
  const double n = double(d.n), w = (n * sxy - sx * sy) / (n * sxx - sx * sx), b = (sy - w * sx) / n;
  LandscapeConfig c;
  c.axes = "params";
  c.resolution = 81;
  c.x0 = w - 2; c.x1 = w + 2; c.y0 = b - 2; c.y1 = b + 2;
  Landscape L;
  REQUIRE(landscape(*s, c, L).ok());
  std::size_t best = 0;
  for (std::size_t i = 0; i < L.values.size(); ++i) if (L.values[i] < L.values[best]) best = i;
  const double bw = L.x0 + (L.x1 - L.x0) * double(best % 81) / 80, bb = L.y0 + (L.y1 - L.y0) * double(best / 81) / 80;
  CHECK(std::fabs(bw - w) <= 0.05 + 1e-9);  // one grid cell is 0.05
  CHECK(std::fabs(bb - b) <= 0.05 + 1e-9);
  // the path ends near it
  const auto& p = L.path;
  CHECK(std::fabs(p[p.size() - 2] - w) < 1e-3);
  CHECK(std::fabs(p[p.size() - 1] - b) < 1e-3);
}

TEST_CASE("landscape of a larger model: random and pca slices through the current params") {
  auto s = open(R"({"data":{"source":"synthetic","generator":"moons","samples":100},"model":{"kind":"mlp","hidden":[6]},
      "optimizer":{"kind":"adam","lr":0.05},"training":{"batch_size":20,"epochs":10}})");
  s->run(1000);
  for (const char* axes : {"random", "pca"}) {
    LandscapeConfig c;
    c.axes = axes;
    c.resolution = 11;
    Landscape L;
    REQUIRE(landscape(*s, c, L).ok());
    // the centre of the grid is the current point: its loss is the training loss of the params
    CHECK(L.values[5 * 11 + 5] == doctest::Approx(s->evaluate(s->params().data(), false)).epsilon(1e-4));
    CHECK(!L.note.empty());
    CHECK(L.path.size() >= 6);
    // the last snapshot is the current point: projected at the origin
    CHECK(std::fabs(L.path[L.path.size() - 2]) < 1e-4);
  }
  // progressive rows equal the full computation
  LandscapeConfig c;
  c.axes = "random";
  c.resolution = 9;
  Landscape all, part;
  REQUIRE(landscape(*s, c, all).ok());
  c.row_begin = 3;
  c.row_end = 5;
  REQUIRE(landscape(*s, c, part).ok());
  REQUIRE(part.values.size() == 18);
  CHECK(std::memcmp(part.values.data(), all.values.data() + 27, 18 * 4) == 0);
  c.axes = "params";
  CHECK_FALSE(landscape(*s, c, part).ok());
}

TEST_CASE("the same spec and seed give the same bits, another seed other numbers") {
  const std::string spec = R"({"seed":SEED,"data":{"source":"synthetic","generator":"spiral","samples":100},
      "model":{"kind":"mlp","hidden":[8],"dropout":0.2},"optimizer":{"kind":"adam","lr":0.01},"training":{"batch_size":10,"epochs":3}})";
  auto with = [&](const std::string& seed) {
    std::string t = spec;
    t.replace(t.find("SEED"), 4, seed);
    auto s = open(t);
    s->run(1000);
    return s->result_json();
  };
  CHECK(with("7") == with("7"));
  CHECK(with("7") != with("8"));
}

TEST_CASE("race determinism: different optimizers share initial params and batch order") {
  auto a = open(R"({"seed":5,"data":{"source":"synthetic","generator":"blobs","samples":50},"model":{"kind":"logistic"},"optimizer":{"kind":"sgd","lr":0.1},"training":{"batch_size":7,"epochs":1}})");
  auto b = open(R"({"seed":5,"data":{"source":"synthetic","generator":"blobs","samples":50},"model":{"kind":"logistic"},"optimizer":{"kind":"adam","lr":0.1},"training":{"batch_size":7,"epochs":1}})");
  CHECK(std::memcmp(a->params().data(), b->params().data(), a->params().size() * 4) == 0);
  a->run(1);
  b->run(1);
  CHECK(a->history().loss[0] == b->history().loss[0]);  // same first batch, same params
}

TEST_CASE("L1/L2 penalties are added to the gradient (weights only) and reported separately") {
  // linear model, params [w, b] = [1, 1], data y = x on x = 0 -> residual 1 * 0 + 1 - 0 = 1
  auto s = open(R"({"data":{"source":"inline","x":[0],"y":[0]},"model":{"kind":"linear","params":[1,1]},
      "optimizer":{"kind":"sgd","lr":0.1},"training":{"batch_size":0,"epochs":1,"l1":0.5,"l2":0.25}})");
  s->run(1);
  // data loss = (w*0 + b - 0)^2 = 1; penalty = 0.5*|1| + 0.25*1^2 = 0.75 (bias not penalized)
  CHECK(s->history().loss[0] == doctest::Approx(1.0));
  CHECK(s->history().penalty[0] == doctest::Approx(0.75));
  // grad w = 0 (x = 0) + 0.5 * sign(1) + 2 * 0.25 * 1 = 1 -> w = 1 - 0.1 = 0.9
  // grad b = 2 (b - y) = 2 -> b = 1 - 0.2 = 0.8
  CHECK(s->params()[0] == doctest::Approx(0.9));
  CHECK(s->params()[1] == doctest::Approx(0.8));
}

TEST_CASE("gradient clipping by global norm and by value") {
  // params [0, 0]: grad w = 2/1 * (0 - 10) * 3 = -60, grad b = -20; norm = sqrt(3600 + 400)
  auto s = open(R"({"data":{"source":"inline","x":[3],"y":[10]},"model":{"kind":"linear","params":[0,0]},
      "optimizer":{"kind":"sgd","lr":1},"training":{"batch_size":0,"epochs":1,"clip_norm":1}})");
  s->run(1);
  const double norm = std::sqrt(4000.0), coef = 1 / (norm + 1e-6);
  CHECK(s->params()[0] == doctest::Approx(60 * coef).epsilon(1e-5));
  CHECK(s->params()[1] == doctest::Approx(20 * coef).epsilon(1e-5));
  CHECK(s->history().grad_norm[0] == doctest::Approx(norm).epsilon(1e-6));  // recorded before clipping
  auto v = open(R"({"data":{"source":"inline","x":[3],"y":[10]},"model":{"kind":"linear","params":[0,0]},
      "optimizer":{"kind":"sgd","lr":1},"training":{"batch_size":0,"epochs":1,"clip_value":5}})");
  v->run(1);
  CHECK(v->params()[0] == 5.0f);
  CHECK(v->params()[1] == 5.0f);
}

TEST_CASE("pca landscape after the snapshot list is thinned (long runs) stays finite") {
  // Regression: thinning moved the first snapshot onto itself and emptied it; PCA read NaN.
  auto s = open(R"({"data":{"source":"synthetic","generator":"moons","samples":60},"model":{"kind":"mlp","hidden":[5]},
      "optimizer":{"kind":"adam","lr":0.05},"training":{"batch_size":6,"epochs":30}})");
  s->run(300);
  LandscapeConfig c;
  c.axes = "pca";
  c.resolution = 7;
  Landscape L;
  REQUIRE(landscape(*s, c, L).ok());
  CHECK(L.note.find("NaN") == std::string::npos);
  CHECK(L.x1 > 1e-3);
  for (float v : L.values) CHECK(std::isfinite(v));
  for (float v : L.path) CHECK(std::isfinite(v));
}

TEST_CASE("explain with a line search gives the accepted step length") {
  auto s = open(R"({"data":{"source":"function","function":"booth","start":[0,0]},"optimizer":{"kind":"sgd","lr":0.1},
      "training":{"steps":5,"line_search":{"kind":"armijo"}}})");
  s->run(1);
  bool found = false;
  for (const auto& kv : s->explain(0))
    if (kv.first == "step_length") { found = true; CHECK(kv.second == doctest::Approx(s->history().step_size[0])); }
  CHECK(found);
}

TEST_CASE("session: cycle_momentum with an optimizer that has none is refused, also for a Spec built in code") {
  const std::string json =
      R"({"data":{"source":"synthetic","generator":"line","samples":20},"model":{"kind":"linear"},)"
      R"("optimizer":{"kind":"adagrad"},"schedule":{"kind":"one_cycle","cycle_momentum":true}})";
  CHECK(has_issue(open_fail(json), "schedule.cycle_momentum", "\"adagrad\" has none"));
  // The parser's check bypassed: a valid spec whose optimizer is swapped afterwards.
  Issues issues;
  Spec spec = parse_spec_text(
      R"({"data":{"source":"synthetic","generator":"line","samples":20},"model":{"kind":"linear"},)"
      R"("optimizer":{"kind":"adam"},"schedule":{"kind":"one_cycle","cycle_momentum":true}})",
      issues);
  REQUIRE(issues.empty());
  REQUIRE(Session::create(spec, issues) != nullptr);
  spec.optimizer.kind = "sgd";
  spec.optimizer.params.num.erase("beta1");
  CHECK(Session::create(spec, issues) == nullptr);
  CHECK(has_issue(issues, "schedule.cycle_momentum", "\"sgd\" has none"));
}

TEST_CASE("64-bit step counts: runs of 2^31 and 2^32 steps count, report and schedule exactly") {
  // 65,536 rows at batch size 1: 65,536 steps per epoch; 32,768 epochs are 2^31 steps, 65,536
  // epochs 2^32 (a 32-bit long, as in WebAssembly, wrapped these to -2^31 and 0).
  for (const auto& [epochs, total] : {std::pair<long long, long long>{32768, 2147483648LL}, {65536, 4294967296LL}}) {
    auto s = open(R"({"data":{"source":"synthetic","generator":"line","samples":65536},"model":{"kind":"linear"},)"
                  R"("optimizer":{"kind":"sgd","lr":0.01},"training":{"batch_size":1,"metrics":"none","epochs":)" +
                  std::to_string(epochs) + "}}");
    CHECK(s->steps_per_epoch() == 65536);
    CHECK(s->total_steps() == total);
    s->run(3);
    CHECK(s->status() == RunStatus::running);
    CHECK(s->steps() == 3);
    CHECK(s->samples_seen() == 3);
    Json r;
    REQUIRE(parse_json(s->result_json(), r).ok());
    CHECK(r.find("message")->as_string() == "running: 3 of " + std::to_string(total) + " steps");
  }
}

TEST_CASE("64-bit step counts: one_cycle over 2^31 - 1, 2^31 and 2^32 steps stays at its start") {
  // OneCycleLR with T total steps, pct 0.3: after k steps lr = max - (max - initial) (1 + cos(pi p)) / 2,
  // p = k / (0.3 T - 1). For T >= 2^31 and k <= 3, p < 5e-9: the LR is initial = 0.1 / 25 = 0.004 to
  // far below float precision. T taken as the whole run (100 steps: p = k / 29) would give 0.0065 at k = 3.
  for (const char* total : {"2147483647", "2147483648", "4294967296"}) {
    auto s = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":0.01},"schedule":{"kind":"one_cycle","max_lr":0.1,"total_steps":)" +
                  std::string(total) + R"(},"training":{"batch_size":1,"epochs":10}})");
    s->run(4);
    REQUIRE(s->history().size() == 4);
    for (float lr : s->history().lr) CHECK(lr == 0.004f);
  }
  // and over the run's own 100 steps the LR has left its start by step 4 (the test can tell)
  auto whole = open("{" + kLine + R"(,"optimizer":{"kind":"sgd","lr":0.01},"schedule":{"kind":"one_cycle","max_lr":0.1},"training":{"batch_size":1,"epochs":10}})");
  whole->run(4);
  CHECK(whole->history().lr[3] == doctest::Approx(0.004 + 0.096 * (1 - std::cos(M_PI * 3 / 29)) / 2).epsilon(1e-6));
}

TEST_CASE("divergence before the first update blames the data or the initial parameters, not the learning rate") {
  // x = 3e38 (a float): the linear model's output 3e38 w + b overflows the squared error at once.
  auto data = open(R"({"data":{"source":"inline","x":[1,3e38],"y":[0,1]},"model":{"kind":"linear","params":[1,0]},)"
                   R"("optimizer":{"kind":"sgd","lr":1e-9},"training":{"batch_size":0,"epochs":5}})");
  data->run(5);
  REQUIRE(data->status() == RunStatus::diverged);
  CHECK(data->steps() == 0);
  const std::string& m = data->message();
  CHECK(m.find("diverged at step 1: the loss became infinite") == 0);
  CHECK(m.find("before any update, so the learning rate is not the cause") != std::string::npos);
  CHECK(m.find("the training data has values as large as 3e+38 in magnitude (in the inputs)") != std::string::npos);
  CHECK(m.find("The learning rate") == std::string::npos);
  // initial parameters near the float maximum, ordinary data
  auto params = open(R"({"data":{"source":"inline","x":[1,2],"y":[0,1]},"model":{"kind":"linear","params":[3e38,0]},)"
                     R"("optimizer":{"kind":"adam","lr":1e-9},"training":{"batch_size":0,"epochs":5}})");
  params->run(5);
  REQUIRE(params->status() == RunStatus::diverged);
  CHECK(params->message().find("the initial parameters have values as large as 3e+38 (model.params)") != std::string::npos);
  CHECK(params->message().find("training data") == std::string::npos);
  // function mode: a start where f overflows
  // (rosenbrock at (1e6, 1e6): 100 (1e6 - 1e12)^2 ~ 1e26, past the 1e20 that counts as divergence)
  auto f = open(R"({"data":{"source":"function","function":"rosenbrock","start":[1e6,1e6]},"optimizer":{"kind":"sgd","lr":1e-9},"training":{"steps":5}})");
  f->run(5);
  REQUIRE(f->status() == RunStatus::diverged);
  CHECK(f->message().find("at the start point (1000000, 1000000), before any update, so the learning rate is not the cause: choose another data.start") != std::string::npos);
  // after updates the learning rate is still the suspect (the quadratic with lr 10 above)
}

TEST_CASE("explain: the session hands the optimizer the gradient it used, with weight decay, each name once") {
  // SGD with weight decay 0.5 on a 2-parameter linear model: g' = g + 0.5 w_before.
  auto s = open("{" + kLine + R"(,"model":{"kind":"linear","params":[1,1]},"optimizer":{"kind":"sgd","lr":0.001,"weight_decay":0.5},"training":{"batch_size":0,"epochs":3}})");
  s->run(1);
  // grad at w = b = 1 (MSE on y = 2x + 1): r = (w - 2) x + (b - 1) = -x; dL/dw = 2/10 sum -x^2 = -57,
  // dL/db = 2/10 sum -x = -9. g'_w = -57 + 0.5 * 1 = -56.5.
  double g = 0, step = 0;
  for (const auto& [name, v] : s->explain(0)) {
    if (name == "g") g = v;
    if (name == "step") step = v;
  }
  CHECK(g == doctest::Approx(-56.5).epsilon(1e-6));
  CHECK(step == doctest::Approx(0.0565).epsilon(1e-6));
  // each name once
  const Explained e = s->explain(0);
  for (std::size_t i = 0; i < e.size(); ++i)
    for (std::size_t j = i + 1; j < e.size(); ++j) CHECK(e[i].first != e[j].first);
}

TEST_CASE("messages quote user text with its control characters escaped") {
  const Issues i = open_fail(std::string(R"({"optimizer":{"kind":"a)") + "\\u0000" + R"(b"},"seeed)" + "\\u0001" + R"(":1})");
  REQUIRE(i.size() == 2);
  CHECK(i[0].message.find(R"(optimizer.kind "a\u0000b" is not a known optimizer (known: )") == 0);
  CHECK(i[1].message.find(R"(seeed\u0001 is not a known field)") == 0);
  for (const Issue& x : i)
    for (char c : x.message) CHECK((unsigned char)c >= 0x20);
  // a duplicate key inside the JSON text
  Json j;
  const Status st = parse_json(std::string("{\"a\\u001b\":1,\"a\\u001b\":2}"), j);
  CHECK(st.message().find(R"(: duplicate key "a\u001b")") != std::string::npos);
}

TEST_CASE("explain: a step that fails before its update leaves explain() as the last update left it") {
  // Momentum with lr 5 on a line diverges when a loss passes 1e20 (step 12), before that step's update: the optimizer
  // state, the parameters and the LR are those after the last good step, and so is explain().
  const std::string spec = R"({"data":{"source":"synthetic","generator":"line","samples":60,"noise":0.2},"model":{"kind":"linear"},)"
                           R"("optimizer":{"kind":"momentum","lr":5,"weight_decay":0.1},"training":{"batch_size":0,"epochs":100}})";
  auto failed = open(spec);
  failed->run(1000);
  REQUIRE(failed->status() == RunStatus::diverged);
  REQUIRE(failed->message().find("the loss became") != std::string::npos);
  auto good = open(spec);
  good->run(failed->steps());
  REQUIRE(good->status() == RunStatus::running);
  for (std::size_t i = 0; i < 2; ++i) {
    const Explained a = failed->explain(i), b = good->explain(i);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      CHECK(a[k].first == b[k].first);
      CHECK(a[k].second == b[k].second);
    }
  }
  // while gradient() is the failed step's (at the same parameters)
  CHECK(failed->gradient() != good->gradient());
}
