// Regression (docs/reliability.md, F2): inline data with more than 1,000,000 rows was reported three
// times: "data.x has more than 1000000 rows", then "data.y has 2 rows but data.x has 0" and "data.x
// has no rows" (the refused matrix counted as empty). Only the real problem is reported now.
#include <doctest/doctest.h>

#include <string>

#include "core/spec/spec.hpp"

using namespace descent;

TEST_CASE("regress: inline rows over the limit give one error, not three") {
  std::string x;
  x.reserve(2200000);
  for (int i = 0; i < 1000001; ++i) x += i ? ",1" : "1";
  Issues issues;
  parse_spec_text(R"({"data":{"source":"inline","x":[)" + x + R"(],"y":[1,2]}})", issues);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].path == "data.x");
  CHECK(issues[0].message == "data.x has more than 1000000 rows");
}

TEST_CASE("regress: a bad cell in one matrix does not add a row-count error") {
  Issues issues;
  parse_spec_text(R"({"data":{"source":"inline","x":[1,2,"a"],"y":[1,2,3]}})", issues);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].path == "data.x[2]");
}

TEST_CASE("regress: the row checks still run when both matrices are valid") {
  Issues issues;
  parse_spec_text(R"({"data":{"source":"inline","x":[1,2,3],"y":[1,2]}})", issues);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].message == "data.y has 2 rows but data.x has 3");
  issues.clear();
  parse_spec_text(R"({"data":{"source":"inline","x":[],"y":[]}})", issues);
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].message == "data.x has no rows");
}
