// Gradient checks for every model kind x hidden activation x loss family, through the same
// problem setup the trainer uses (targets as the loss reads them, sigmoid output for probability
// losses, logits for weighted_bce): the backward pass agrees with central differences.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/loss/registry.hpp"
#include "core/model/gradcheck.hpp"
#include "core/model/registry.hpp"
#include "core/spec/spec.hpp"
#include "core/train/problem.hpp"

using namespace descent;

namespace {

// The trainer's objective on the whole training split: model -> loss (training form).
class ProblemObjective final : public Objective {
 public:
  ProblemObjective(Problem& p, Mlp& m) : p_(p), m_(m), out_(p.train.n * p.shape.outputs), dout_(out_.size()) {}
  std::size_t dim() const override { return m_.num_params(); }
  double evaluate(Span<const float> w, Span<float> g) override {
    const std::size_t n = p_.train.n, k = p_.shape.outputs;
    m_.forward(w, p_.train.x.data(), n, out_.data(), nullptr);
    const float l = p_.loss->train_value_and_grad(out_, p_.train_target, dout_, n, k);
    m_.backward(w, p_.train.x.data(), n, dout_.data(), g);
    return l;
  }

 private:
  Problem& p_;
  Mlp& m_;
  std::vector<float> out_, dout_;
};

std::string data_for(Task t, int samples) {
  const std::string n = std::to_string(samples);
  if (t == Task::regression) return R"({"source":"synthetic","generator":"sine","samples":)" + n + R"(,"noise":0.3})";
  if (t == Task::binary) return R"({"source":"synthetic","generator":"moons","samples":)" + n + R"(,"noise":0.3})";
  return R"({"source":"synthetic","generator":"blobs","classes":3,"samples":)" + n + "}";
}

}  // namespace

TEST_CASE("gradient check: every model x activation x loss that fits it") {
  int checked = 0;
  for (const LossEntry& loss : loss_registry()) {
    for (const LossFit& fit : loss.fits) {
      if (fit.fit == Fit::invalid) continue;
      for (const ModelEntry& model : model_registry()) {
        if (!fit.models.empty() && std::find(fit.models.begin(), fit.models.end(), model.id) == fit.models.end()) continue;
        if (std::find(model.tasks.begin(), model.tasks.end(), fit.task) == model.tasks.end()) continue;
        std::vector<std::string> acts = {"linear"};
        if (model.hidden_layers) acts = {"tanh", "relu", "leaky_relu", "elu", "sigmoid", "softplus", "linear"};
        for (const std::string& act : acts) {
          // Kinks (relu, hinge, |r|): a central difference that straddles one is honestly off for
          // that sample; many samples and a small step keep that effect far below a real error.
          const bool kinked = act == "relu" || act == "leaky_relu" || loss.id == "mae" || loss.id == "hinge" ||
                              loss.id == "multiclass_hinge" || loss.id == "huber" || loss.id == "smooth_l1" || loss.id == "squared_hinge";
          const std::string spec = R"({"seed":5,"data":)" + data_for(fit.task, kinked ? 80 : 12) + R"(,"model":{"kind":")" + model.id + "\"" +
                                   (model.hidden_layers ? R"(,"hidden":[4,3],"activation":")" + act + "\"" : "") +
                                   R"(,"init":"xavier_normal"},"loss":{"kind":")" + loss.id + R"("}})";
          Issues issues;
          Spec s = parse_spec_text(spec, issues);
          REQUIRE(issues.empty());
          Problem p;
          const bool built = build_problem(s, p, issues);
          CAPTURE(spec);
          INFO((issues.empty() ? std::string() : issues[0].message));
          REQUIRE(built);
          Mlp m(p.shape);
          std::vector<float> w(m.num_params());
          Rng rng(7, RngStream::init);
          m.init("xavier_normal", rng, w);
          ProblemObjective f(p, m);
          const GradCheck r = gradient_check(f, w, kinked ? 3e-4 : 1e-2, 1e-2);
          CHECK(r.finite);
          CHECK(r.max_rel_error < (kinked ? 0.1 : 1e-2));
          ++checked;
        }
      }
    }
  }
  CHECK(checked >= 40);
}
