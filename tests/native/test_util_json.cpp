// The JSON parser and writer: values, errors with line/column, limits, float formatting.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/util/json.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {
Json parse_ok(const std::string& text) {
  Json j;
  Status s = parse_json(text, j);
  INFO(s.message());
  REQUIRE(s.ok());
  return j;
}
std::string parse_err(const std::string& text, JsonLimits lim = {}) {
  Json j;
  Status s = parse_json(text, j, lim);
  REQUIRE_FALSE(s.ok());
  return s.message();
}
}  // namespace

TEST_CASE("json: values of every type") {
  Json j = parse_ok(R"( {"a": 1.5, "b": [true, false, null], "c": "x\ny\u00e9\ud83d\ude00", "d": {}, "e": [], "f": -0.0, "g": 1e-3} )");
  REQUIRE(j.is_object());
  CHECK(j.find("a")->as_number() == 1.5);
  CHECK(j.find("b")->items().size() == 3);
  CHECK(j.find("b")->items()[0].as_bool());
  CHECK(j.find("b")->items()[2].is_null());
  CHECK(j.find("c")->as_string() == "x\ny\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(j.find("d")->is_object());
  CHECK(j.find("e")->is_array());
  CHECK(j.find("g")->as_number() == 0.001);
  CHECK(j.find("zz") == nullptr);
  CHECK(j.members()[0].first == "a");  // insertion order kept
}

TEST_CASE("json: syntax errors name line and column") {
  CHECK(parse_err("{\"a\": 1,\n  \"b\" 2}") == "JSON syntax error at line 2, column 7: expected ':' after the key");
  CHECK(parse_err("[1, 2,]").find("trailing comma") != std::string::npos);
  CHECK(parse_err("{\"a\": 1 \"b\": 2}").find("expected ',' or '}'") != std::string::npos);
  CHECK(parse_err("").find("empty") != std::string::npos);
  CHECK(parse_err("[1, 2").find("expected ']'") != std::string::npos);
  CHECK(parse_err("{\"a\": NaN}").find("NaN and Infinity") != std::string::npos);
  CHECK(parse_err("01").find("leading zeros") != std::string::npos);
  CHECK(parse_err("1e999").find("out of range") != std::string::npos);
  CHECK(parse_err("{\"a\":1, \"a\":2}").find("duplicate key \"a\"") != std::string::npos);
  CHECK(parse_err("\"abc").find("unterminated string") != std::string::npos);
  CHECK(parse_err("\"\xff\"").find("invalid UTF-8") != std::string::npos);
  CHECK(parse_err("\"\\ud800\"").find("surrogate") != std::string::npos);
  CHECK(parse_err("[1] x").find("after the JSON value") != std::string::npos);
  CHECK(parse_err("{,}").find("string key") != std::string::npos);
  CHECK(parse_err("[,1]").find("expected a value") != std::string::npos);
}

TEST_CASE("json: limits on depth, size and element count") {
  std::string deep(100, '[');
  deep += std::string(100, ']');
  CHECK(parse_err(deep).find("nesting deeper than 64") != std::string::npos);
  std::string ok(64, '[');
  ok += std::string(64, ']');
  parse_ok(ok);
  JsonLimits small;
  small.max_bytes = 10;
  CHECK(parse_err("[1,2,3,4,5,6]", small).find("larger than 10 bytes") != std::string::npos);
  JsonLimits few;
  few.max_elements = 3;
  CHECK(parse_err("[1,2,3]", few).find("too many") != std::string::npos);
}

TEST_CASE("json: many duplicate-free keys parse in linear-ish time, duplicates past 16 keys are found") {
  std::string s = "{";
  for (int i = 0; i < 20000; ++i) s += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
  parse_ok(s + "}");
  CHECK(parse_err(s + ",\"k17\":2}").find("duplicate key \"k17\"") != std::string::npos);
}

TEST_CASE("json: random bytes never crash") {
  Rng rng(7, 1);
  const char alphabet[] = "{}[],:\"\\0123456789.eE+-truefalsnul \n\x80\xff";
  for (int t = 0; t < 3000; ++t) {
    std::string s;
    const int len = int(rng.bounded(40));
    for (int i = 0; i < len; ++i) s += alphabet[rng.bounded(sizeof(alphabet) - 1)];
    Json j;
    (void)parse_json(s, j);
  }
  CHECK(true);
}

TEST_CASE("json: writer round-trips and escapes") {
  Json j = parse_ok(R"({"s":"a\"b\\c\n\u0001","n":[1,0.1,-2.5e-7,1e21],"t":true,"z":null})");
  const std::string out = to_json(j);
  CHECK(out == R"({"s":"a\"b\\c\n\u0001","n":[1,0.1,-2.5e-07,1e+21],"t":true,"z":null})");
  Json back = parse_ok(out);
  CHECK(to_json(back) == out);
}

TEST_CASE("json: format_float gives the shortest text that reads back as the same float") {
  CHECK(format_float(0.1f) == "0.1");
  CHECK(format_float(1.0f) == "1");
  CHECK(format_float(-3.25f) == "-3.25");
  CHECK(format_float(1e-8f) == "1e-08");
  CHECK(format_float(16777216.0f) == "16777216");
  Rng rng(3, 2);
  for (int i = 0; i < 20000; ++i) {
    std::uint32_t bits = rng.next_u32();
    float f;
    std::memcpy(&f, &bits, 4);
    if (!std::isfinite(f)) continue;
    const std::string s = format_float(f);
    CHECK(std::strtof(s.c_str(), nullptr) == f);
    CHECK(s.size() <= 16);  // at most 9 significant digits, sign, point, exponent
  }
}

TEST_CASE("json: streaming writer manages commas and writes non-finite as null") {
  JsonWriter w;
  w.begin_object();
  w.key("a");
  w.value_int(3);
  w.key("b");
  const float v[3] = {0.5f, NAN, INFINITY};
  w.floats(v, 3);
  w.key("c");
  w.begin_object();
  w.key("d");
  w.value_string("x");
  w.end_object();
  w.key("e");
  w.begin_array();
  w.end_array();
  w.end_object();
  CHECK(w.str() == R"({"a":3,"b":[0.5,null,null],"c":{"d":"x"},"e":[]})");
}

TEST_CASE("json: a copy is deep (strings, arrays, objects), self-assignment keeps the value, a value is 24 bytes") {
  Json a;
  REQUIRE(parse_json(R"({"s":"text","a":[1,[2,"x"]],"o":{"k":true}})", a).ok());
  const std::string before = to_json(a);
  Json b = a;
  *b.find("s") = Json::string("changed");
  b.find("a")->items()[1].items()[1] = Json::number(3);
  b.find("o")->set("k", Json::boolean(false));
  b.find("a")->push(Json::string("more"));
  CHECK(to_json(a) == before);
  CHECK(to_json(b) == R"({"s":"changed","a":[1,[2,3],"more"],"o":{"k":false}})");
  Json c;
  c = b;  // copy assignment
  c.find("o")->set("new", Json::number(1));
  CHECK(to_json(b) == R"({"s":"changed","a":[1,[2,3],"more"],"o":{"k":false}})");
  const Json& same = c;
  c = same;  // self-assignment
  CHECK(to_json(c) == R"({"s":"changed","a":[1,[2,3],"more"],"o":{"k":false,"new":1}})");
  Json d = std::move(c);
  CHECK(to_json(d) == R"({"s":"changed","a":[1,[2,3],"more"],"o":{"k":false,"new":1}})");
  // Read-only access to a value without a box (a number, null) gives empty text and containers.
  const Json n = Json::number(2);
  CHECK(n.as_string().empty());
  CHECK(n.items().empty());
  CHECK(n.members().empty());
  CHECK(n.find("x") == nullptr);
  CHECK(sizeof(Json) <= 24);  // a number in a big inline array: parse time and memory go with it
}
