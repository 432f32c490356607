// The defaults a CSV spec gets from its data (issue 19, docs/data-inference.md): model and loss
// from the task, z-scored inputs, a standardized regression target reported in its own units, and
// a learning rate of 1/L from the data's curvature. Expected values are derived by hand in each
// case. Not here: which target or task is guessed (test_data_infer.cpp), the corpus scores
// (tests/js/csv_corpus.test.mjs).
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/train/result.hpp"
#include "core/train/run.hpp"
#include "core/train/session.hpp"
#include "core/util/json.hpp"

using namespace descent;

namespace {

std::unique_ptr<Session> open_csv(const std::string& spec, const std::string& csv) {
  Issues issues;
  auto s = open_session(spec, &csv, issues);
  std::string all;
  for (const Issue& i : issues) all += i.path + ": " + i.message + "\n";
  INFO(all);
  REQUIRE(s != nullptr);
  return s;
}

std::string chosen(const Session& s, const std::string& field) {
  for (const CsvReport::Default& d : s.problem().csv.defaults)
    if (d.field == field) return d.value;
  return "(not chosen)";
}

// x = 1..4 with a numeric target: one z-scored feature has mean 0 and mean square 1, so
// A^T A / n for A = [z 1] is the identity and its largest eigenvalue is 1.
const std::string kOne = "x,y\n1,10\n2,30\n3,20\n4,50\n";
// The same feature twice: A^T A / n = [[1 1 0] [1 1 0] [0 0 1]], largest eigenvalue 2.
const std::string kTwice = "a,b,y\n1,1,10\n2,2,30\n3,3,20\n4,4,50\n";
// Text labels: 2 classes, then 3.
const std::string kBinary = "a,b,label\n1,1,no\n2,2,yes\n3,3,no\n4,4,yes\n";
const std::string kThree = "x,label\n1,r\n2,g\n3,b\n4,r\n5,g\n6,b\n";

}  // namespace

TEST_CASE("csv defaults: the model, loss and learning rate follow the task (L = c * lambda_max)") {
  const std::string spec = R"({"data":{"source":"csv"}})";
  auto reg = open_csv(spec, kOne);  // mse: c = 2, lambda 1 -> lr 1/2
  CHECK(reg->spec().model.kind == "linear");
  CHECK(reg->problem().loss_kind == "mse");
  CHECK(reg->spec().optimizer.kind == "sgd");
  CHECK(reg->spec().optimizer.params.get("lr") == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(reg->lr() == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(chosen(*reg, "optimizer.lr") == "0.5");
  CHECK(chosen(*reg, "preprocess.normalize") == "zscore");
  CHECK(chosen(*reg, "model.kind") == "linear");

  auto twice = open_csv(spec, kTwice);  // mse, lambda 2 -> lr 1/4
  CHECK(twice->spec().optimizer.params.get("lr") == doctest::Approx(0.25).epsilon(1e-12));

  auto bin = open_csv(spec, kBinary);  // bce_logits: c = 1/4, lambda 2 -> lr 2
  CHECK(bin->spec().model.kind == "logistic");
  CHECK(bin->problem().loss_kind == "bce_logits");
  CHECK(bin->spec().optimizer.params.get("lr") == doctest::Approx(2.0).epsilon(1e-12));

  auto three = open_csv(spec, kThree);  // cce: c = 1/2, lambda 1 -> lr 2
  CHECK(three->spec().model.kind == "softmax");
  CHECK(three->problem().loss_kind == "cce");
  CHECK(three->spec().optimizer.params.get("lr") == doctest::Approx(2.0).epsilon(1e-12));
  CHECK(chosen(*three, "model.kind") == "softmax");

  // An L2 penalty adds 2 * l2 to the curvature: mse on kOne with l2 = 0.5 -> L = 3, lr 0.33.
  auto l2 = open_csv(R"({"data":{"source":"csv"},"training":{"l2":0.5}})", kOne);
  CHECK(l2->spec().optimizer.params.get("lr") == doctest::Approx(0.33).epsilon(1e-12));
}

TEST_CASE("csv defaults: a value the spec gives wins, and nothing is chosen for other sources") {
  auto given = open_csv(R"({"data":{"source":"csv"},"model":{"kind":"softmax"},"optimizer":{"kind":"sgd","lr":0.05},"preprocess":{"normalize":"none"}})", kBinary);
  CHECK(given->spec().model.kind == "softmax");
  CHECK(given->spec().optimizer.params.get("lr") == doctest::Approx(0.05));
  CHECK(given->problem().normalizer.kind == "none");
  CHECK(given->problem().csv.defaults.size() == 1);  // the loss only
  CHECK(chosen(*given, "loss.kind") == "cce");

  auto mlp = open_csv(R"({"data":{"source":"csv"},"model":{"kind":"mlp"}})", kOne);
  CHECK(mlp->spec().optimizer.kind == "adam");
  CHECK(mlp->spec().optimizer.params.get("lr") == doctest::Approx(0.01));

  Issues issues;
  auto synthetic = open_session(R"({"data":{"source":"synthetic","generator":"blobs"}})", nullptr, issues);
  REQUIRE(synthetic != nullptr);
  CHECK(synthetic->spec().model.kind == "linear");
  CHECK(synthetic->spec().preprocess.normalize == "none");
  CHECK(synthetic->spec().optimizer.params.get("lr") == doctest::Approx(0.01));
  CHECK(synthetic->problem().csv.defaults.empty());
}

TEST_CASE("csv defaults: a regression target trains standardized and is reported in its units") {
  // y = 100 + 50 x on x = 1..20: mean 625, population std 50 * sqrt((20^2 - 1) / 12).
  std::string csv = "x,y\n";
  for (int x = 1; x <= 20; ++x) csv += std::to_string(x) + "," + std::to_string(100 + 50 * x) + "\n";
  auto s = open_csv(R"({"data":{"source":"csv"},"training":{"shuffle":false}})", csv);
  const Problem& p = s->problem();
  const double sd = 50.0 * std::sqrt((400.0 - 1.0) / 12.0);
  REQUIRE(p.target_scaler.kind == "zscore");
  CHECK(p.target_scaler.shift[0] == doctest::Approx(625.0));
  CHECK(p.target_scaler.scale[0] == doctest::Approx(sd));
  CHECK(p.train_target[0] == doctest::Approx((150.0 - 625.0) / sd));  // what the loss reads
  CHECK(p.train.y[0] == doctest::Approx(150.0));                       // what metrics compare with
  s->run(1000000);
  CHECK(s->status() == RunStatus::done);
  std::vector<float> out;
  const float x[2] = {7.5f, 30.0f};
  REQUIRE(s->predict(x, 2, out).ok());
  CHECK(out[0] == doctest::Approx(475.0).epsilon(1e-3));
  CHECK(out[1] == doctest::Approx(1600.0).epsilon(1e-3));
  Json m;
  REQUIRE(parse_json(s->metrics_json(), m).ok());
  const Json* train = m.find("train");
  REQUIRE(train);
  CHECK(train->find("r2")->as_number() == doctest::Approx(1.0).epsilon(1e-4));
  CHECK(train->find("rmse")->as_number() < 0.5);  // in the target's units (its std is ~288)
}
