// Regression (docs/reliability.md, F6; found by fuzz_spec after 1.2M inputs, under 4 minutes):
// a component with "kind": "" passed validation. The optimizer and schedule then failed at run time
// with "unknown optimizer or schedule" (validate said ok, run said invalid), and an empty loss or
// line-search kind silently fell back to the default loss / no line search. Every explicit empty
// kind is now an error at validation, with its path.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "core/spec/spec.hpp"
#include "core/train/run.hpp"
#include "core/util/json.hpp"

using namespace descent;

namespace {
// validate_json's first error path, or "" when the spec is valid; open_session must agree.
std::string first_error(const std::string& spec) {
  Json r;
  REQUIRE(parse_json(validate_json(spec, nullptr), r).ok());
  Issues issues;
  std::unique_ptr<Session> s = open_session(spec, nullptr, issues);
  CHECK((s != nullptr) == r.find("ok")->as_bool());
  const auto& errors = r.find("errors")->items();
  return errors.empty() ? std::string() : errors[0].find("path")->as_string();
}
}  // namespace

TEST_CASE("regress: the fuzzer's input: optimizer kind \"\" is refused at validation") {
  // The crashing input as fuzz_spec wrote it (test-artifacts/fuzz/fuzz_spec/crash-0bf2ee7a...).
  const std::string crash =
      R"({"data":{"source":"synthetic","generator":"sine","samples":100,"freq":2},"model":{"kind":"mlp","hidden":[4],)"
      R"("activation":"sigmoid","init":"he_normal"},"optimizer":{"kind":"","rho":0.9},"schedule":{"kind":"one_cycle",)"
      R"("max_lr":0.1,"total_steps":20},"training":{"steps":20}})";
  CHECK(first_error(crash) == "optimizer.kind");
  Issues issues;
  parse_spec_text(crash, issues);
  REQUIRE_FALSE(issues.empty());
  CHECK(issues[0].message.rfind("optimizer.kind \"\" is not a known optimizer (known: sgd, ", 0) == 0);
}

TEST_CASE("regress: an empty kind is an error for every component") {
  CHECK(first_error(R"({"optimizer":{"kind":""}})") == "optimizer.kind");
  CHECK(first_error(R"({"optimizer":""})") == "optimizer.kind");
  CHECK(first_error(R"({"schedule":{"kind":""}})") == "schedule.kind");
  CHECK(first_error(R"({"loss":{"kind":""}})") == "loss.kind");
  CHECK(first_error(R"({"loss":""})") == "loss.kind");
  CHECK(first_error(R"({"optimizer":{"kind":"sgd","lr":0.1},"training":{"line_search":{"kind":""}}})") == "training.line_search.kind");
  // Absent kinds keep their defaults.
  CHECK(first_error(R"({"schedule":{},"training":{"line_search":{}},"optimizer":{"kind":"sgd","lr":0.1}})") == "");
  CHECK(first_error(R"({"loss":{}})") == "loss.kind");  // a loss object must say which loss
}
