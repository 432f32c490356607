// The network view's numbers from the core: the gradient norm of each layer in the history (a
// two-layer net by hand, a scalar reference over the gradient split by layer, the same thinning
// as the other series) and what every unit outputs on a grid (by hand, and the output layer
// against predict()).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/train/handle.hpp"
#include "core/train/outputs.hpp"
#include "core/train/run.hpp"
#include "core/train/session.hpp"
#include "core/util/json.hpp"
#include "tests/native/open_session.hpp"

using namespace descent;

namespace {

// sqrt(sum g_i^2) over [from, from + n) in double, one term after another: the slow, obvious norm.
double slow_norm(const std::vector<float>& g, std::size_t from, std::size_t n) {
  double s = 0;
  for (std::size_t i = from; i < from + n; ++i) s += double(g[i]) * double(g[i]);
  return std::sqrt(s);
}

const char* kDeep = R"({"seed":42,"data":{"source":"synthetic","generator":"moons","samples":300,"noise":0.1},
  "preprocess":{"normalize":"zscore","validation_split":0},
  "model":{"kind":"mlp","hidden":[16,16,16,16,16,16],"activation":"sigmoid"},
  "optimizer":{"kind":"sgd","lr":0.1},"training":{"batch_size":32,"epochs":60}})";

}  // namespace

TEST_CASE("layer gradient norms: a 1-1-1 linear network by hand") {
  // One row x = 1, y = 0; h = a x + b1 with a = 0.5, b1 = 0.5 -> h = 1; out = c h + b2 with c = 2,
  // b2 = -1 -> out = 1. MSE over one value: L = (out - y)^2 = 1, dL/dout = 2 (out - y) = 2.
  // Layer 2 (c, b2): dL/dc = 2 h = 2, dL/db2 = 2 -> norm sqrt(8).
  // Layer 1 (a, b1): dL/da = 2 c x = 4, dL/db1 = 2 c = 4 -> norm sqrt(32). Whole: sqrt(40).
  auto s = open(R"({"data":{"source":"inline","x":[[1]],"y":[0]},"preprocess":{"normalize":"none","validation_split":0},
      "model":{"kind":"mlp","hidden":[1],"activation":"linear","params":[0.5,0.5,2,-1]},"loss":{"kind":"mse"},
      "optimizer":{"kind":"sgd","lr":0.01},"training":{"batch_size":0,"epochs":3}})");
  s->run(1);
  const History& h = s->history();
  REQUIRE(h.layers() == 2);
  REQUIRE(h.layer_grad_norm[0].size() == 1);
  CHECK(h.layer_grad_norm[0][0] == doctest::Approx(std::sqrt(32.0)).epsilon(1e-6));
  CHECK(h.layer_grad_norm[1][0] == doctest::Approx(std::sqrt(8.0)).epsilon(1e-6));
  CHECK(h.grad_norm[0] == doctest::Approx(std::sqrt(40.0)).epsilon(1e-6));
}

TEST_CASE("layer gradient norms: the gradient split by layer, before clipping, none in function mode") {
  // Clipping by norm scales the gradient the update uses; the history's norms (whole and per layer)
  // are of the gradient before it, so they still split grad_norm^2.
  for (const char* clip : {"", R"(,"clip_norm":0.001)"}) {
    CAPTURE(clip);
    auto s = open(std::string(R"({"seed":3,"data":{"source":"synthetic","generator":"moons","samples":120},
        "model":{"kind":"mlp","hidden":[5,3],"activation":"tanh"},"optimizer":{"kind":"adam","lr":0.01},
        "training":{"batch_size":16,"epochs":5,"l2":0.01)") + clip + "}}");
    s->run(7);
    const History& h = s->history();
    const std::vector<Layer> layers = s->model_objective()->model().layers();
    REQUIRE(h.layers() == 3);
    // gradient() is step 7's gradient as the update used it: clipping scaled all of it by one
    // factor, so each layer's share of the whole is what it was before.
    const std::vector<float>& g = s->gradient();
    double whole = 0;
    for (std::size_t l = 0; l < 3; ++l) {
      REQUIRE(h.layer_grad_norm[l].size() == 7);
      const Layer& L = layers[l];
      const double ref = std::sqrt(std::pow(slow_norm(g, L.w_offset, L.in * L.out), 2) + std::pow(slow_norm(g, L.b_offset, L.out), 2));
      whole += double(h.layer_grad_norm[l][6]) * double(h.layer_grad_norm[l][6]);
      if (*clip == '\0') CHECK(h.layer_grad_norm[l][6] == doctest::Approx(ref).epsilon(1e-6));
      else CHECK(h.layer_grad_norm[l][6] / h.grad_norm[6] == doctest::Approx(ref / slow_norm(g, 0, g.size())).epsilon(1e-4));
    }
    CHECK(std::sqrt(whole) == doctest::Approx(h.grad_norm[6]).epsilon(1e-6));
  }
  auto f = open(R"({"data":{"source":"function","function":"quadratic","start":[1,1]},"training":{"steps":5}})");
  f->run(5);
  CHECK(f->history().layers() == 0);
  CHECK(f->history().size() == 5);
}

TEST_CASE("layer gradient norms are thinned with the other series") {
  const std::string body = R"({"seed":1,"data":{"source":"synthetic","generator":"xor","samples":40},
      "model":{"kind":"mlp","hidden":[4],"activation":"relu"},"optimizer":{"kind":"sgd","lr":0.05},
      "training":{"batch_size":8,"steps":3000)";
  auto thin = open(body + R"(,"history_limit":200}})");
  auto full = open(body + "}}");
  thin->run(3000);
  full->run(3000);
  const History& a = thin->history();
  const History& b = full->history();
  REQUIRE(a.stride() == 16);  // 3000 / 16 = 187 points fit 200
  REQUIRE(b.stride() == 1);
  for (std::size_t l = 0; l < a.layers(); ++l) {
    REQUIRE(a.layer_grad_norm[l].size() == a.size());
    for (std::size_t j = 0; j < a.size(); j += 37) CHECK(a.layer_grad_norm[l][j] == b.layer_grad_norm[l][std::size_t(a.step_of(j)) - 1]);
  }
}

TEST_CASE("vanishing gradients: six sigmoid layers leave the first layer's gradient far below the last's") {
  // The lesson's network: the sigmoid's derivative is at most 1/4, so the gradient shrinks by
  // about that much (times the weights) at each of the 6 layers on the way back.
  auto s = open(kDeep);
  s->run(50);
  const History& h = s->history();
  REQUIRE(h.layers() == 7);
  const float first = h.layer_grad_norm[0].back(), last = h.layer_grad_norm[6].back();
  CHECK(first > 0);
  CHECK(last / first > 100);
  // and ReLU passes it through: within a factor of 100.
  std::string relu = kDeep;
  relu.replace(relu.find("sigmoid"), 7, "relu");
  auto r = open(relu);
  r->run(50);
  CHECK(r->history().layer_grad_norm[6].back() / r->history().layer_grad_norm[0].back() < 100);
}

TEST_CASE("grid_points: layout and refused boxes") {
  std::vector<float> p;
  REQUIRE(grid_points(-1, 1, 0, 4, 3, p).ok());
  // (r, c): x = -1 + c, y = 2 r.
  const std::vector<float> want = {-1, 0, 0, 0, 1, 0, -1, 2, 0, 2, 1, 2, -1, 4, 0, 4, 1, 4};
  CHECK(p == want);
  CHECK(grid_points(1, 1, 0, 1, 3, p).message() == "grid ranges must be finite with x1 > x0 and y1 > y0");
  CHECK(p.empty());
  CHECK(!grid_points(0, 1, 0, NAN, 3, p).ok());
}

TEST_CASE("unit_outputs: each hidden unit by hand, the output layer as predict() before display") {
  // Two inputs, hidden [2] relu, one output (binary, logits). Params in PyTorch layout:
  // W1 = [[1, -2], [0.5, 0.5]], b1 = [0.25, -1], W2 = [[3, -1]], b2 = [0.5].
  auto s = open(R"({"data":{"source":"inline","x":[[0,0],[1,1],[2,0],[0,2]],"y":[0,1,1,0]},
      "preprocess":{"normalize":"none","validation_split":0},
      "model":{"kind":"mlp","hidden":[2],"activation":"relu","params":[1,-2,0.5,0.5,0.25,-1,3,-1,0.5]},
      "loss":{"kind":"bce_logits"},"training":{"epochs":1}})");
  const std::vector<float> x = {0, 0, 1, 1, 2, -1, -3, 4};
  std::vector<float> out;
  Mlp& m = s->model_objective()->model();
  REQUIRE(unit_outputs(s->problem(), m, s->params(), x.data(), 4, out).ok());
  REQUIRE(out.size() == 3 * 4);
  auto relu = [](double v) { return v > 0 ? v : 0.0; };
  for (std::size_t i = 0; i < 4; ++i) {
    const double a = x[2 * i], b = x[2 * i + 1];
    const double h0 = relu(a - 2 * b + 0.25), h1 = relu(0.5 * a + 0.5 * b - 1);
    CHECK(out[0 * 4 + i] == doctest::Approx(h0));
    CHECK(out[1 * 4 + i] == doctest::Approx(h1));
    CHECK(out[2 * 4 + i] == doctest::Approx(3 * h0 - h1 + 0.5));
  }
  // predict() gives probabilities: the sigmoid of the logits above.
  std::vector<float> p;
  REQUIRE(s->predict(x.data(), 4, p).ok());
  for (std::size_t i = 0; i < 4; ++i) CHECK(p[i] == doctest::Approx(1 / (1 + std::exp(-double(out[8 + i])))).epsilon(1e-5));
}

TEST_CASE("unit_outputs normalizes the inputs as training did, the handle checks its arguments") {
  // z-scored inputs: unit 0 of a linear hidden layer with W = [1, 0], b = 0 is the z-score of x1.
  // x1 over the rows 0, 2, 4, 6: mean 3, population std sqrt(5).
  auto s = open(R"({"data":{"source":"inline","x":[[0,0],[2,1],[4,0],[6,1]],"y":[0,1,2,3]},
      "preprocess":{"normalize":"zscore","validation_split":0},
      "model":{"kind":"mlp","hidden":[1],"activation":"linear","params":[1,0,0,1,0]},"training":{"epochs":1}})");
  const std::vector<float> x = {3, 0, 8, 0};
  std::vector<float> out;
  REQUIRE(unit_outputs(s->problem(), s->model_objective()->model(), s->params(), x.data(), 2, out).ok());
  CHECK(out[0] == doctest::Approx(0.0));
  CHECK(out[1] == doctest::Approx(5 / std::sqrt(5.0)).epsilon(1e-5));

  SessionHandle* h = SessionHandle::open(R"({"data":{"source":"synthetic","generator":"moons","samples":50},"model":{"kind":"mlp","hidden":[3,2]}})", nullptr);
  REQUIRE(h->ok());
  Reply r = h->unit_grid(-2, 2, -1, 1, 5);
  REQUIRE(r.error.empty());
  CHECK(r.json == R"({"resolution":5,"layers":[3,2,1]})");
  CHECK(h->output().size() == 6 * 25);
  CHECK(h->unit_grid(-2, 2, -1, 1, 1).error.find("resolution") != std::string::npos);
  CHECK(h->unit_grid(2, -2, -1, 1, 5).error == "grid ranges must be finite with x1 > x0 and y1 > y0");
  delete h;
  SessionHandle* f = SessionHandle::open(R"({"data":{"source":"function","function":"beale"}})", nullptr);
  CHECK(f->unit_grid(-2, 2, -1, 1, 5).error == "unitGrid needs a model: a test function has no units");
  delete f;
  SessionHandle* three = SessionHandle::open(R"({"data":{"source":"inline","x":[[0,0,1],[1,1,0]],"y":[0,1]}})", nullptr);
  REQUIRE(three->ok());
  CHECK(three->unit_grid(-2, 2, -1, 1, 5).error == "unitGrid needs a model with 2 inputs; this one has 3");
  delete three;
  // Too many values at once: 4096 + 1 units at 64 x 64 points are more than 2^22 values.
  SessionHandle* wide = SessionHandle::open(R"({"data":{"source":"synthetic","generator":"moons","samples":50},"model":{"kind":"mlp","hidden":[4096]}})", nullptr);
  REQUIRE(wide->ok());
  CHECK(wide->unit_grid(-2, 2, -1, 1, 64).error == "4097 units at 4096 points are more than 4194304 values; ask for fewer points");
  delete wide;
}
