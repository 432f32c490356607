// The experiment spec: defaults, every problem reported at once with its path, unknown fields,
// types and ranges from the registries, and the semantic checks that need the data.
#include <doctest/doctest.h>

#include <string>

#include "core/spec/spec.hpp"
#include "core/train/problem.hpp"
#include "core/train/run.hpp"
#include "core/util/json.hpp"

using namespace descent;

namespace {

Issues parse_issues(const std::string& text) {
  Issues issues;
  parse_spec_text(text, issues);
  return issues;
}

bool has(const Issues& issues, const std::string& path, const std::string& fragment) {
  for (const Issue& i : issues)
    if (i.path == path && i.message.find(fragment) != std::string::npos) return true;
  return false;
}

std::string dump(const Issues& issues) {
  std::string s;
  for (const Issue& i : issues) s += i.path + ": " + i.message + "\n";
  return s;
}

Issues problem_issues(const std::string& text) {
  Issues issues;
  Spec s = parse_spec_text(text, issues);
  REQUIRE(issues.empty());
  Problem p;
  build_problem(s, p, issues);
  return issues;
}

}  // namespace

TEST_CASE("an empty spec takes the documented defaults") {
  Issues issues;
  Spec s = parse_spec_text("{}", issues);
  INFO(dump(issues));
  REQUIRE(issues.empty());
  CHECK(s.seed == 42);
  CHECK(s.data.source == "synthetic");
  CHECK(s.data.generator == "blobs");
  CHECK(s.data.seed == 42);
  CHECK(s.model.kind == "linear");
  CHECK(s.optimizer.kind == "sgd");
  CHECK(s.optimizer.params.get("lr") == 0.01);
  CHECK(s.schedule.kind == "constant");
  CHECK(s.training.batch_size == 32);
  CHECK(s.training.epochs == 100);
  CHECK(s.training.shuffle);
  CHECK(s.preprocess.normalize == "none");
  CHECK(s.loss.kind.empty());  // chosen from the model and the data
  CHECK(default_loss("linear", false, 0) == "mse");
  CHECK(default_loss("logistic", true, 2) == "bce_logits");
  CHECK(default_loss("softmax", true, 3) == "cce");
  CHECK(default_loss("svm", true, 2) == "hinge");
  CHECK(default_loss("svm", true, 4) == "multiclass_hinge");
  CHECK(default_loss("mlp", true, 5) == "cce");
}

TEST_CASE("registry defaults fill unspecified hyperparameters (torch's)") {
  Issues issues;
  Spec s = parse_spec_text(R"({"optimizer":{"kind":"adam"},"schedule":{"kind":"step"},"loss":{"kind":"huber"}})", issues);
  REQUIRE(issues.empty());
  CHECK(s.optimizer.params.get("lr") == 0.001);
  CHECK(s.optimizer.params.get("beta1") == 0.9);
  CHECK(s.optimizer.params.get("beta2") == 0.999);
  CHECK(s.optimizer.params.get("eps") == 1e-8);
  CHECK(s.schedule.params.get("step_size") == 10);
  CHECK(s.schedule.params.get("gamma") == 0.1);
  CHECK(s.loss.params.get("delta") == 1.0);
}

TEST_CASE("every problem is reported at once, each with its path") {
  Issues i = parse_issues(R"({"seed":-1,"optimizer":{"kind":"adam","beta1":1.2,"eps":"small"},"model":{"kind":"mlp","hidden":[8,0]},
     "training":{"epochs":0,"batch_size":2.5,"shuffle":"yes"},"preprocess":{"normalize":"l2","validation_split":0.95},"extra":1})");
  INFO(dump(i));
  CHECK(has(i, "optimizer.beta1", "optimizer.beta1 must be in [0, 1), got 1.2"));
  CHECK(has(i, "optimizer.eps", "must be a number, got string"));
  CHECK(has(i, "seed", "must be an integer in [0, 9007199254740991], got -1"));
  CHECK(has(i, "model.hidden[1]", "must be an integer in [1, 4096], got 0"));
  CHECK(has(i, "training.epochs", "got 0"));
  CHECK(has(i, "training.batch_size", "must be an integer in [0, 1000000], got 2.5"));
  CHECK(has(i, "training.shuffle", "must be true or false"));
  CHECK(has(i, "preprocess.normalize", "must be one of zscore, minmax, none, got \"l2\""));
  CHECK(has(i, "preprocess.validation_split", "must be in [0, 0.9], got 0.95"));
  CHECK(has(i, "extra", "is not a known field"));
  CHECK(i.size() == 10);
}

TEST_CASE("unknown fields are errors, not ignored, at every level") {
  Issues i = parse_issues(R"({"optimizer":{"kind":"sgd","lr":0.1,"momentum":0.9},"data":{"source":"synthetic","generator":"spiral","arms":3},
     "training":{"early_stopping":{"patience":3,"wait":2}},"model":{"kind":"linear","layers":2}})");
  INFO(dump(i));
  CHECK(has(i, "optimizer.momentum", "is not a known field"));
  CHECK(has(i, "data.arms", "is not a known field"));
  CHECK(has(i, "training.early_stopping.wait", "is not a known field"));
  CHECK(has(i, "model.layers", "is not a known field"));
}

TEST_CASE("unknown ids list the known ones, sgd needs lr like torch.optim.SGD") {
  Issues i = parse_issues(R"({"optimizer":{"kind":"adamm"},"loss":{"kind":"mse2"},"schedule":"cosinus"})");
  INFO(dump(i));
  CHECK(has(i, "optimizer.kind", "\"adamm\" is not a known optimizer (known: sgd, momentum"));
  CHECK(has(i, "loss.kind", "is not a known loss"));
  CHECK(has(i, "schedule.kind", "is not a known schedule"));
  Issues j = parse_issues(R"({"optimizer":{"kind":"sgd"}})");
  CHECK(has(j, "optimizer.lr", "optimizer.lr is required for sgd"));
  Issues k = parse_issues(R"({"optimizer":"adam"})");  // a bare id is accepted
  CHECK(k.empty());
}

TEST_CASE("non-finite and wrong-typed values, JSON syntax errors") {
  CHECK(has(parse_issues(R"({"optimizer":{"kind":"adam","lr":1e400}})"), "", "out of range"));
  CHECK(has(parse_issues(R"({"optimizer":{"kind":"adam","lr":-0.1}})"), "optimizer.lr", "got -0.1"));
  CHECK(has(parse_issues(R"({"optimizer":{"kind":"adam","amsgrad":1}})"), "optimizer.amsgrad", "must be true or false"));
  CHECK(has(parse_issues("[1,2]"), "", "the spec must be an object, got array"));
  CHECK(has(parse_issues(R"({"model":[]})"), "model", "model must be an object, got array"));
  CHECK(has(parse_issues("{\"seed\": 1,}"), "", "JSON syntax error at line 1"));
}

TEST_CASE("inline data: ragged rows, non-finite values, mismatched lengths") {
  CHECK(has(parse_issues(R"({"data":{"source":"inline","x":[[1,2],[3]],"y":[1,2]}})"), "data.x[1]", "has 1 values; data.x[0] has 2"));
  CHECK(has(parse_issues(R"({"data":{"source":"inline","x":[1,2,3],"y":[1,2]}})"), "data.y", "has 2 rows but data.x has 3"));
  CHECK(has(parse_issues(R"({"data":{"source":"inline","x":[1,"a"],"y":[1,2]}})"), "data.x[1]", "must be a number or an array"));
  CHECK(has(parse_issues(R"({"data":{"source":"inline","x":[1,1e39],"y":[1,2]}})"), "data.x[1]", "not a finite float32"));
  CHECK(has(parse_issues(R"({"data":{"source":"inline","y":[1]}})"), "data.x", "required"));
}

TEST_CASE("mlp-only fields on other models, model.params length checked against the model") {
  CHECK(has(parse_issues(R"({"model":{"kind":"linear","hidden":[4]}})"), "model.hidden", "applies to the mlp model only"));
  CHECK(has(parse_issues(R"({"model":{"kind":"logistic","dropout":0.5}})"), "model.dropout", "applies to the mlp model only"));
  Issues i = problem_issues(R"({"data":{"source":"inline","x":[[1,2],[3,4]],"y":[1,2]},"model":{"kind":"linear","params":[1,2]}})");
  CHECK(has(i, "model.params", "model.params has 2 values; this linear model with 2 inputs and 1 outputs has 3 parameters"));
}

TEST_CASE("model, loss and data must fit: errors name the loss and what would fit") {
  Issues a = problem_issues(R"({"data":{"source":"synthetic","generator":"blobs","classes":3},"model":{"kind":"logistic"}})");
  INFO(dump(a));
  CHECK(has(a, "model.kind", "cannot learn 3-class data"));
  Issues b = problem_issues(R"({"data":{"source":"synthetic","generator":"line"},"model":{"kind":"linear"},"loss":{"kind":"bce_logits"}})");
  CHECK(has(b, "loss.kind", "loss \"bce_logits\" cannot learn regression data"));
  CHECK(has(b, "loss.kind", "losses that can: mse"));
  Issues c = problem_issues(R"({"data":{"source":"synthetic","generator":"moons"},"model":{"kind":"svm"},"loss":{"kind":"cce"}})");
  CHECK(has(c, "loss.kind", "does not fit a svm model"));
  // allowed-but-not-recommended combinations work, with a note
  Issues none;
  Spec s = parse_spec_text(R"({"data":{"source":"synthetic","generator":"moons"},"model":{"kind":"linear"},"loss":{"kind":"mse"}})", none);
  Problem p;
  REQUIRE(build_problem(s, p, none));
  REQUIRE(!p.notes.empty());
  CHECK(p.notes[0].find("MSE on class labels") != std::string::npos);
}

TEST_CASE("spec_to_json round-trips: the normalized spec parses to the same normalized spec") {
  Issues issues;
  Spec s = parse_spec_text(R"({"seed":3,"data":{"source":"synthetic","generator":"spiral","classes":3},"model":{"kind":"mlp","hidden":[5]},
      "loss":"cce","optimizer":{"kind":"rmsprop","centered":true},"schedule":{"kind":"cosine","t_max":20},
      "training":{"early_stopping":{"patience":4},"line_search":null}})", issues);
  REQUIRE(issues.empty());
  const std::string once = to_json(spec_to_json(s));
  Spec t = parse_spec_text(once, issues);
  INFO(dump(issues));
  REQUIRE(issues.empty());
  CHECK(to_json(spec_to_json(t)) == once);
}

TEST_CASE("validate_json reports data problems (CSV rows and columns) and the normalized spec") {
  const std::string csv = "a,b,y\n1,2,0\n3,x,1\n";
  const std::string report = validate_json(R"({"data":{"source":"csv","target":"y"}})", &csv);
  Json j;
  REQUIRE(parse_json(report, j).ok());
  CHECK_FALSE(j.find("ok")->as_bool());
  CHECK(j.find("errors")->items()[0].find("message")->as_string().find("row 3, column \"b\"") != std::string::npos);
  const std::string ok = validate_json(R"({"data":{"source":"csv","target":"y"},"model":{"kind":"logistic"}})", nullptr);
  Json k;
  REQUIRE(parse_json(ok, k).ok());
  CHECK_FALSE(k.find("ok")->as_bool());  // no CSV text
}

TEST_CASE("CSV auto task: a text target is classification, a numeric target regression unless the loss says otherwise") {
  Issues issues;
  const std::string text = "h,w,kind\n1,2,cat\n2,3,dog\n3,1,cat\n";
  Spec s = parse_spec_text(R"({"data":{"source":"csv","target":"kind"},"model":{"kind":"mlp","hidden":[3]}})", issues);
  s.data.text = text;
  Problem p;
  REQUIRE(build_problem(s, p, issues));
  CHECK(p.task == Task::binary);
  CHECK(p.train.class_names[0] == "cat");
  const std::string num = "h,w,y\n1,2,0.5\n2,3,1.5\n3,1,2\n";
  Spec r = parse_spec_text(R"({"data":{"source":"csv"}})", issues);
  r.data.text = num;
  Problem q;
  REQUIRE(build_problem(r, q, issues));
  CHECK(q.task == Task::regression);
  const std::string lab = "h,w,y\n1,2,0\n2,3,1\n3,1,1\n";
  Spec l = parse_spec_text(R"({"data":{"source":"csv"},"model":{"kind":"logistic"}})", issues);
  l.data.text = lab;
  Problem u;
  REQUIRE(build_problem(l, u, issues));
  CHECK(u.task == Task::binary);
}
