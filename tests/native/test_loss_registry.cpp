// The loss registry: every id exactly once with a complete row (formula, source, kinds, params,
// fits, factory), find_loss, parameter specs and factories, and properties every registered loss
// must have (value() agrees with value_and_grad, NaN targets are rejected naming row 1).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "core/loss/huber.hpp"
#include "core/loss/registry.hpp"
#include "core/loss/smooth_l1.hpp"
#include "core/loss/weighted_bce.hpp"

namespace {
using namespace descent;
using V = std::vector<float>;

const std::vector<std::string> kIds = {"mse",        "mae",          "huber",      "smooth_l1",
                                       "logcosh",    "bce",          "bce_logits", "weighted_bce",
                                       "cce",        "sparse_cce",   "hinge",      "squared_hinge",
                                       "multiclass_hinge"};

const LossFit* find_fit(const LossEntry& e, Task task, const std::string& model) {
  for (const LossFit& f : e.fits)
    if (f.task == task && (f.models.empty() || std::count(f.models.begin(), f.models.end(), model)))
      return &f;
  return nullptr;
}

const ParamSpec* find_param(const LossEntry& e, const std::string& name) {
  for (const ParamSpec& p : e.params)
    if (p.name == name) return &p;
  return nullptr;
}

// Valid targets of the entry's kind for n rows, k outputs.
V valid_targets(TargetKind kind, std::size_t n, std::size_t k) {
  V t;
  for (std::size_t i = 0; i < n; ++i) {
    switch (kind) {
      case TargetKind::values: for (std::size_t j = 0; j < k; ++j) t.push_back(float(i) - 0.5f * j); break;
      case TargetKind::binary: for (std::size_t j = 0; j < k; ++j) t.push_back(float((i + j) % 2)); break;
      case TargetKind::signed_label: for (std::size_t j = 0; j < k; ++j) t.push_back((i + j) % 2 ? 1.0f : -1.0f); break;
      case TargetKind::one_hot: for (std::size_t j = 0; j < k; ++j) t.push_back(j == i % k ? 1.0f : 0.0f); break;
      case TargetKind::label: t.push_back(float(i % k)); break;
    }
  }
  return t;
}

}  // namespace

TEST_CASE("loss registry: every id exactly once, each row complete") {
  const auto& reg = loss_registry();
  CHECK(reg.size() == kIds.size());
  std::set<std::string> seen;
  for (const LossEntry& e : reg) {
    CAPTURE(e.id);
    CHECK(seen.insert(e.id).second);  // no duplicates
    CHECK(std::count(kIds.begin(), kIds.end(), e.id) == 1);
    CHECK(!e.label.empty());
    CHECK(!e.formula.empty());
    CHECK(!e.source.empty());
    CHECK(!e.fits.empty());
    CHECK(bool(e.make));
    for (const LossFit& f : e.fits) CHECK(!f.models.empty());
    for (const ParamSpec& p : e.params) {
      CHECK(!p.name.empty());
      CHECK(!p.label.empty());
      CHECK(!p.help.empty());
      Issues issues;
      CHECK(check_param(p, p.def, "loss." + p.name, issues));  // defaults are valid
      CHECK(p.ui_min < p.ui_max);
    }
  }
  for (const std::string& id : kIds) CHECK(seen.count(id) == 1);
}

TEST_CASE("loss registry: find_loss") {
  for (const std::string& id : kIds) {
    const LossEntry* e = find_loss(id);
    REQUIRE(e != nullptr);
    CHECK(e->id == id);
    CHECK(e >= &loss_registry().front());
    CHECK(e <= &loss_registry().back());
  }
  CHECK(find_loss("nope") == nullptr);
  CHECK(find_loss("") == nullptr);
  CHECK(find_loss("MSE") == nullptr);
}

TEST_CASE("loss registry: input and target kinds") {
  auto kinds = [](const char* id) {
    const LossEntry* e = find_loss(id);
    REQUIRE(e != nullptr);
    return std::make_pair(e->input, e->target);
  };
  for (const char* id : {"mse", "mae", "huber", "smooth_l1", "logcosh"})
    CHECK(kinds(id) == std::make_pair(LossInput::value, TargetKind::values));
  CHECK(kinds("bce") == std::make_pair(LossInput::probability, TargetKind::binary));
  CHECK(kinds("weighted_bce") == std::make_pair(LossInput::probability, TargetKind::binary));
  CHECK(kinds("bce_logits") == std::make_pair(LossInput::logit, TargetKind::binary));
  CHECK(kinds("cce") == std::make_pair(LossInput::logit, TargetKind::one_hot));
  CHECK(kinds("sparse_cce") == std::make_pair(LossInput::logit, TargetKind::label));
  CHECK(kinds("hinge") == std::make_pair(LossInput::score, TargetKind::signed_label));
  CHECK(kinds("squared_hinge") == std::make_pair(LossInput::score, TargetKind::signed_label));
  CHECK(kinds("multiclass_hinge") == std::make_pair(LossInput::score, TargetKind::label));
}

TEST_CASE("loss registry: parameter specs") {
  const ParamSpec* delta = find_param(*find_loss("huber"), "delta");
  REQUIRE(delta != nullptr);
  CHECK(delta->type == ParamType::number);
  CHECK(delta->def == 1.0);
  CHECK(delta->min == 0.0);
  CHECK(delta->min_exclusive);
  CHECK(delta->ui_min == 0.1);
  CHECK(delta->ui_max == 5.0);
  Issues issues;
  CHECK(!check_param(*delta, 0.0, "loss.delta", issues));
  CHECK(check_param(*delta, 0.01, "loss.delta", issues));

  const ParamSpec* beta = find_param(*find_loss("smooth_l1"), "beta");
  REQUIRE(beta != nullptr);
  CHECK(beta->def == 1.0);
  CHECK(check_param(*beta, 0.0, "loss.beta", issues));  // beta = 0 is L1
  CHECK(!check_param(*beta, -0.5, "loss.beta", issues));

  const LossEntry& w = *find_loss("weighted_bce");
  REQUIRE(find_param(w, "w0") != nullptr);
  REQUIRE(find_param(w, "w1") != nullptr);
  CHECK(find_param(w, "w0")->def == 0.2);
  CHECK(find_param(w, "w1")->def == 0.8);
  CHECK(check_param(*find_param(w, "w0"), 0.0, "loss.w0", issues));
  CHECK(!check_param(*find_param(w, "w1"), -1.0, "loss.w1", issues));

  for (const char* id : {"mse", "mae", "logcosh", "bce", "bce_logits", "cce", "sparse_cce", "hinge",
                         "squared_hinge", "multiclass_hinge"})
    CHECK(find_loss(id)->params.empty());
}

TEST_CASE("loss registry: factories read their parameters") {
  ParamValues v;
  v.num["delta"] = 2.5;
  auto huber = find_loss("huber")->make(v);
  REQUIRE(dynamic_cast<HuberLoss*>(huber.get()) != nullptr);
  CHECK(dynamic_cast<HuberLoss*>(huber.get())->delta() == 2.5f);
  auto huber_default = find_loss("huber")->make(defaults(find_loss("huber")->params));
  CHECK(dynamic_cast<HuberLoss*>(huber_default.get())->delta() == 1.0f);
  // A missing value falls back to the spec's default rather than 0.
  CHECK(dynamic_cast<HuberLoss*>(find_loss("huber")->make(ParamValues{}).get())->delta() == 1.0f);

  ParamValues b;
  b.num["beta"] = 0.0;
  auto sl1 = find_loss("smooth_l1")->make(b);
  CHECK(dynamic_cast<SmoothL1Loss*>(sl1.get())->beta() == 0.0f);

  ParamValues wv;
  wv.num["w0"] = 0.4;
  wv.num["w1"] = 3.0;
  auto w = find_loss("weighted_bce")->make(wv);
  auto* wb = dynamic_cast<WeightedBceLoss*>(w.get());
  REQUIRE(wb != nullptr);
  CHECK(wb->w0() == 0.4f);
  CHECK(wb->w1() == 3.0f);

  for (const LossEntry& e : loss_registry()) {
    CAPTURE(e.id);
    auto loss = e.make(defaults(e.params));
    REQUIRE(loss != nullptr);
    CHECK(loss->trains_on_logits() == (e.id == "weighted_bce"));
  }
}

TEST_CASE("loss registry: fits") {
  const LossEntry& mse = *find_loss("mse");
  for (const char* m : {"linear", "mlp"}) {
    const LossFit* f = find_fit(mse, Task::regression, m);
    REQUIRE(f != nullptr);
    CHECK(f->fit == Fit::recommended);
  }
  // MSE and MAE on 0/1 labels: allowed with a note (the lesson "a loss that does not match the
  // task" lets the learner make that mistake).
  for (const char* id : {"mse", "mae"}) {
    CAPTURE(id);
    const LossEntry& e = *find_loss(id);
    const std::string note = std::string(std::string(id) == "mse" ? "MSE" : "MAE") +
                             " on class labels: allowed but not recommended; use BCE";
    for (const char* m : {"linear", "logistic", "mlp"}) {
      const LossFit* f = find_fit(e, Task::binary, m);
      REQUIRE(f != nullptr);
      CHECK(f->fit == Fit::allowed);
      CHECK(f->note == note);
    }
    CHECK(find_fit(e, Task::multiclass, "mlp") == nullptr);
    CHECK(find_fit(e, Task::binary, "svm") == nullptr);
  }

  for (const char* id : {"mae", "huber", "smooth_l1", "logcosh"}) {
    CAPTURE(id);
    const LossEntry& e = *find_loss(id);
    CHECK(find_fit(e, Task::regression, "linear")->fit == Fit::recommended);
    CHECK(find_fit(e, Task::regression, "mlp")->fit == Fit::recommended);
    if (std::string(id) != "mae") CHECK(find_fit(e, Task::binary, "linear") == nullptr);
    CHECK(find_fit(e, Task::regression, "svm") == nullptr);
  }
  for (const char* id : {"bce", "bce_logits", "weighted_bce"}) {
    CAPTURE(id);
    const LossEntry& e = *find_loss(id);
    CHECK(find_fit(e, Task::binary, "logistic")->fit == Fit::recommended);
    CHECK(find_fit(e, Task::binary, "mlp")->fit == Fit::recommended);
    CHECK(find_fit(e, Task::regression, "mlp") == nullptr);
    CHECK(find_fit(e, Task::multiclass, "mlp") == nullptr);
  }
  CHECK(find_fit(*find_loss("bce"), Task::binary, "logistic")->note ==
        "the model's output goes through a sigmoid first");
  for (const char* id : {"cce", "sparse_cce"}) {
    const LossEntry& e = *find_loss(id);
    CHECK(find_fit(e, Task::multiclass, "softmax")->fit == Fit::recommended);
    CHECK(find_fit(e, Task::multiclass, "mlp")->fit == Fit::recommended);
    CHECK(find_fit(e, Task::binary, "softmax") == nullptr);
  }
  for (const char* id : {"hinge", "squared_hinge"}) {
    const LossEntry& e = *find_loss(id);
    CHECK(find_fit(e, Task::binary, "svm")->fit == Fit::recommended);
    CHECK(find_fit(e, Task::binary, "mlp")->fit == Fit::allowed);
    CHECK(find_fit(e, Task::binary, "svm")->note == "labels 0/1 are mapped to -1/+1");
    CHECK(find_fit(e, Task::binary, "mlp")->note == "labels 0/1 are mapped to -1/+1");
    CHECK(find_fit(e, Task::binary, "logistic") == nullptr);
  }
  const LossEntry& mh = *find_loss("multiclass_hinge");
  CHECK(find_fit(mh, Task::multiclass, "svm")->fit == Fit::recommended);
  CHECK(find_fit(mh, Task::multiclass, "mlp")->fit == Fit::allowed);
  CHECK(find_fit(mh, Task::binary, "svm") == nullptr);
}

TEST_CASE("loss registry: every loss agrees with itself and rejects NaN targets naming the row") {
  for (const LossEntry& e : loss_registry()) {
    CAPTURE(e.id);
    auto loss = e.make(defaults(e.params));
    const bool rows = e.target == TargetKind::one_hot || e.target == TargetKind::label;
    const std::size_t n = 5, k = rows ? 3 : 1;
    V pred(n * k), g(n * k);
    for (std::size_t i = 0; i < n * k; ++i)
      pred[i] = e.input == LossInput::probability ? float(0.2 + 0.12 * i / k) : float(std::sin(1.7 * i));
    V t = valid_targets(e.target, n, k);
    REQUIRE(loss->check_targets(t, n, k).ok());
    const float L = loss->value_and_grad(pred, t, g, n, k);
    CHECK(std::isfinite(L));
    CHECK(L == loss->value(pred, t, n, k));
    for (float v : g) CHECK(std::isfinite(v));
    t[0] = NAN;
    Status s = loss->check_targets(t, n, k);
    REQUIRE(!s.ok());
    CHECK(s.message() == "target row 1: NaN is not a finite number");
    t.push_back(0.0f);
    s = loss->check_targets(t, n, k);
    REQUIRE(!s.ok());
    CHECK(s.message().find("target has " + std::to_string(t.size()) + " values, expected") == 0);
  }
}
