// The chain rule of one sample (core/train/chain_rule.hpp): a 1-1-1 sigmoid network by hand (every
// forward value, the loss, every factor and dL/dw written out from the formulas), and the
// per-sample gradient of every parameter of a 2-3-1 tanh and a 1-1-1 sigmoid network against
// central differences of that sample's loss (the model objective on a batch of that one row).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/train/chain_rule.hpp"
#include "core/train/handle.hpp"
#include "core/train/session.hpp"
#include "core/util/json.hpp"
#include "tests/native/open_session.hpp"

using namespace descent;

namespace {

ChainRule chain(Session& s, double sample, double param) {
  ChainRule c;
  const Status st = chain_rule(s.problem(), s.model_objective()->model(), s.params(), sample, param, c);
  INFO(st.message());
  REQUIRE(st.ok());
  return c;
}

// The loss of training row `row` alone at parameters w: the objective on a batch of that one row
// (no penalty: the spec has none), in the objective's float result.
double row_loss(Session& s, std::size_t row, const std::vector<float>& w) {
  const Problem& p = s.problem();
  ModelObjective f(p, 0, 0);
  f.set_batch({p.train.x.data() + row * p.shape.inputs, p.train_target.data() + row * p.target_cols, 1});
  std::vector<float> g(w.size());
  return f.evaluate(w, g);
}

// Central differences of row_loss for every parameter against the chain's gradient.
void check_against_differences(Session& s, std::size_t row) {
  const std::vector<float> w0 = s.params();
  for (std::size_t i = 0; i < w0.size(); ++i) {
    const ChainRule c = chain(s, double(row), double(i));
    std::vector<float> w = w0;
    const float h = 1e-2f;
    w[i] = w0[i] + h;
    const double up = row_loss(s, row, w);
    const float step_up = w[i] - w0[i];
    w[i] = w0[i] - h;
    const double down = row_loss(s, row, w);
    const float step_down = w0[i] - w[i];
    const double numeric = (up - down) / (double(step_up) + double(step_down));
    INFO("row " << row << ", parameter " << i << ": chain " << c.grad[i] << ", differences " << numeric);
    CHECK(std::fabs(c.grad[i] - numeric) <= 2e-3 * std::max(1.0, std::fabs(numeric)));
    // The watched parameter's gradient is its unit's delta times what it multiplies.
    CHECK(c.grad[i] == doctest::Approx(double(c.layers[c.layer].delta[c.unit]) * c.input_value).epsilon(1e-6));
    // A unit's delta from the next layer's: f'(z) sum_m W_{l+1}[m][unit] delta_{l+1}[m].
    if (c.layer + 1 < c.layers.size()) {
      double back = 0;
      for (std::size_t m = 0; m < c.next.size(); ++m) back += double(c.next[m]) * c.layers[c.layer + 1].delta[m];
      CHECK(c.layers[c.layer].delta[c.unit] == doctest::Approx(double(c.layers[c.layer].dact[c.unit]) * back).epsilon(1e-5));
    }
    // One product along the path when every later layer has one unit: dL/dy, then back to the
    // output f'(z) and the weight into it, layer by layer, then f'(z) of the unit and its input.
    if (c.product) {
      double prod = c.dloss[0];
      for (std::size_t l = c.layers.size(); l-- > c.layer + 1;) prod *= double(c.layers[l].dact[0]) * c.path[l - c.layer - 1];
      prod *= double(c.layers[c.layer].dact[c.unit]) * c.input_value;
      CHECK(prod == doctest::Approx(numeric).epsilon(2e-3));
    }
    // The sample's loss is the one-row objective's.
    CHECK(c.loss == doctest::Approx(row_loss(s, row, w0)).epsilon(1e-6));
  }
}

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

}  // namespace

TEST_CASE("chain rule: a 1-1-1 sigmoid network by hand") {
  // Row 1: x = 2, y = 1. Parameters a = 0.5, b1 = -0.5 (hidden), c = 1.5, b2 = 0.25 (output, linear).
  //   z1 = a x + b1 = 0.5            h1 = sigma(z1)           sigma'(z1) = h1 (1 - h1)
  //   z2 = c h1 + b2                 y_hat = z2               L = (y_hat - y)^2 (MSE of one value)
  //   dL/dy_hat = 2 (y_hat - y)      delta2 = dL/dy_hat       delta1 = sigma'(z1) c delta2
  //   dL/da = delta1 x   dL/db1 = delta1   dL/dc = delta2 h1   dL/db2 = delta2
  auto s = open(R"({"data":{"source":"inline","x":[[-1],[2]],"y":[0,1]},"preprocess":{"normalize":"none","validation_split":0},
      "model":{"kind":"mlp","hidden":[1],"activation":"sigmoid","params":[0.5,-0.5,1.5,0.25]},"loss":{"kind":"mse"},
      "optimizer":{"kind":"sgd","lr":0.1},"training":{"batch_size":0,"epochs":3}})");
  const double x = 2, y = 1, a = 0.5, b1 = -0.5, cw = 1.5, b2 = 0.25;
  const double z1 = a * x + b1, h1 = sigmoid(z1), d1 = h1 * (1 - h1);
  const double z2 = cw * h1 + b2, yhat = z2, loss = (yhat - y) * (yhat - y), dy = 2 * (yhat - y);
  const double delta2 = dy, delta1 = d1 * cw * delta2;
  const double grads[4] = {delta1 * x, delta1, delta2 * h1, delta2};
  for (int i = 0; i < 4; ++i) {
    const ChainRule c = chain(*s, 1, i);
    REQUIRE(c.layers.size() == 2);
    CHECK(c.sample == 1);
    CHECK(c.rows == 2);
    CHECK(c.x[0] == 2.0f);
    CHECK(c.target[0] == 1.0f);
    CHECK(c.layers[0].z[0] == doctest::Approx(z1).epsilon(1e-6));
    CHECK(c.layers[0].h[0] == doctest::Approx(h1).epsilon(1e-6));
    CHECK(c.layers[0].dact[0] == doctest::Approx(d1).epsilon(1e-6));
    CHECK(c.layers[1].z[0] == doctest::Approx(z2).epsilon(1e-6));
    CHECK(c.layers[1].dact[0] == 1.0f);  // linear output
    CHECK(c.prediction[0] == doctest::Approx(yhat).epsilon(1e-6));
    CHECK(c.loss == doctest::Approx(loss).epsilon(1e-5));
    CHECK(c.dloss[0] == doctest::Approx(dy).epsilon(1e-6));
    CHECK(c.layers[1].delta[0] == doctest::Approx(delta2).epsilon(1e-6));
    CHECK(c.layers[0].delta[0] == doctest::Approx(delta1).epsilon(1e-6));
    CHECK(c.grad[i] == doctest::Approx(grads[i]).epsilon(1e-6));
  }
  // Where each parameter sits and what it multiplies.
  const ChainRule wa = chain(*s, 1, 0), wb = chain(*s, 1, 1), wc = chain(*s, 1, 2);
  CHECK((wa.layer == 0 && !wa.bias && wa.unit == 0 && wa.input == 0 && wa.input_value == 2.0f && wa.w == 0.5f));
  CHECK((wb.layer == 0 && wb.bias && wb.input_value == 1.0f && wb.w == -0.5f));
  CHECK((wa.product && wa.path.size() == 1 && wa.path[0] == 1.5f && wa.next.size() == 1 && wa.next[0] == 1.5f));
  CHECK((wc.product && wc.path.empty() && wc.next.empty()));
  CHECK((wc.layer == 1 && !wc.bias && wc.input_value == doctest::Approx(h1).epsilon(1e-6) && wc.w == 1.5f));
}

TEST_CASE("chain rule: every parameter of a 2-3-1 tanh network against central differences") {
  auto s = open(R"({"seed":5,"data":{"source":"inline","x":[[0.5,-1],[1,2],[-1.5,0.25],[2,1]],"y":[0.3,-0.7,1.2,0.1]},
      "preprocess":{"normalize":"none","validation_split":0},
      "model":{"kind":"mlp","hidden":[3],"activation":"tanh","init":"xavier_normal"},"loss":{"kind":"mse"},
      "optimizer":{"kind":"sgd","lr":0.1},"training":{"batch_size":2,"epochs":5}})");
  s->run(3);  // away from the initial parameters
  REQUIRE(s->num_params() == 13);
  for (std::size_t row = 0; row < 4; ++row) check_against_differences(*s, row);
}

TEST_CASE("chain rule: a 1-1-1 sigmoid network under BCE on probabilities and on logits, against central differences") {
  for (const char* loss : {"bce", "bce_logits"}) {
    INFO(loss);
    auto s = open(std::string(R"({"seed":3,"data":{"source":"inline","x":[[-1],[0.5],[2]],"y":[0,1,1]},
        "preprocess":{"normalize":"none","validation_split":0},
        "model":{"kind":"mlp","hidden":[1],"activation":"sigmoid","params":[0.8,-0.3,1.7,0.2]},"loss":{"kind":")") + loss + R"("},
        "optimizer":{"kind":"sgd","lr":0.1},"training":{"batch_size":0,"epochs":5}})");
    for (std::size_t row = 0; row < 3; ++row) check_against_differences(*s, row);
    // BCE on probabilities: the output layer is a sigmoid and its derivative is a factor.
    const ChainRule c = chain(*s, 2, 0);
    CHECK((c.layers[1].act == (std::string(loss) == "bce" ? simd::Act::sigmoid : simd::Act::linear)));
  }
}

TEST_CASE("chain rule: bad arguments are refused with the argument's name, and the JSON shape") {
  auto s = open(R"({"data":{"source":"inline","x":[[1],[2],[3]],"y":[0,1,2]},"preprocess":{"normalize":"none","validation_split":0},
      "model":{"kind":"mlp","hidden":[2]},"optimizer":{"kind":"sgd","lr":0.1},"training":{"epochs":1}})");
  ChainRule c;
  Status st = chain_rule(s->problem(), s->model_objective()->model(), s->params(), 3, 0, c);
  CHECK(st.message().find("sample") != std::string::npos);
  CHECK(st.message().find("3") != std::string::npos);
  st = chain_rule(s->problem(), s->model_objective()->model(), s->params(), 0, 7, c);
  CHECK(st.message().find("i must be") != std::string::npos);
  st = chain_rule(s->problem(), s->model_objective()->model(), s->params(), 0.5, 0, c);
  CHECK(!st.ok());

  SessionHandle* h = SessionHandle::open(R"({"data":{"source":"inline","x":[[1],[2],[3]],"y":[0,1,2]},
      "preprocess":{"normalize":"none","validation_split":0},"model":{"kind":"mlp","hidden":[2]},"training":{"epochs":1}})", nullptr);
  REQUIRE(h->ok());
  // A 1-2-1 network's parameters, per layer W then b (PyTorch's order): W1 0-1, b1 2-3, W2 4-5, b2 6.
  const Reply r = h->chain_rule(2, 5);
  REQUIRE(r.error.empty());
  Json j;
  REQUIRE(parse_json(r.json, j).ok());
  CHECK(j.find("sample")->as_number() == 2);
  CHECK(j.find("layers")->items().size() == 2);
  CHECK(j.find("param")->find("kind")->as_string() == "weight");
  CHECK(j.find("param")->find("layer")->as_number() == 1);
  CHECK(j.find("param")->find("input")->as_number() == 1);
  const Reply rb = h->chain_rule(2, 6);
  REQUIRE(rb.error.empty());
  Json jb;
  REQUIRE(parse_json(rb.json, jb).ok());
  CHECK(jb.find("param")->find("kind")->as_string() == "bias");
  CHECK(jb.find("param")->find("layer")->as_number() == 1);
  delete h;

  SessionHandle* f = SessionHandle::open(R"({"data":{"source":"function","function":"quadratic","start":[1,1]},"optimizer":{"kind":"sgd","lr":0.01}})", nullptr);
  REQUIRE(f->ok());
  CHECK(f->chain_rule(0, 0).error.find("test function") != std::string::npos);
  delete f;
}
