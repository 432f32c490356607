// The upload preview (csv_preview.hpp): the table, column roles and guesses as JSON; options as a
// header mode or as the spec's data fields (checked by the spec reader, with their paths); the first
// lines of a file that cannot be split; cells cut for display. Expected JSON values by hand.
#include <doctest/doctest.h>

#include <string>

#include "core/data/csv_preview.hpp"
#include "core/util/json.hpp"

using namespace descent;

namespace {

Json preview(std::string_view text, const std::string& options = "auto", std::size_t rows = 5) {
  Json j;
  REQUIRE(parse_json(csv_preview_json(text, options, rows), j).ok());
  return j;
}

std::string str(const Json& j, const char* key) { return j.find(key)->as_string(); }

}  // namespace

TEST_CASE("preview: rows, columns with roles, totals and the guesses") {
  const Json p = preview("Id,x,kind\n1,2.5,cat\n2,3.5,dog\n3,1.5,cat\n", "auto", 2);
  CHECK(p.find("ok")->as_bool());
  CHECK(p.find("dataError") == nullptr);
  CHECK(p.find("hasHeader")->as_bool());
  CHECK(p.find("bytes")->as_number() == 40);  // four lines of 10 bytes
  CHECK(p.find("totalRows")->as_number() == 3);
  CHECK(p.find("rows")->items().size() == 2);
  CHECK(p.find("rows")->items()[1].items()[2].as_string() == "dog");
  const auto& cols = p.find("columns")->items();
  REQUIRE(cols.size() == 3);
  CHECK(str(cols[0], "role") == "ignored");
  CHECK(str(cols[0], "why") == "identifier");
  CHECK(str(cols[1], "role") == "feature");
  CHECK(cols[1].find("numeric")->as_bool());
  CHECK(str(cols[2], "role") == "target");
  CHECK(cols[2].find("distinct")->as_number() == 2);
  CHECK(p.find("header")->items()[2].as_string() == "kind");
  const Json* d = p.find("data");
  CHECK(str(*d->find("target"), "how") == "the only text column");
  CHECK(str(*d, "summary") ==
        "target: kind (the only text column) \xC2\xB7 2 classes \xC2\xB7 ignored: Id (identifier) \xC2\xB7 separator ','");
}

TEST_CASE("preview options: the spec's data fields, checked with their paths") {
  // Decimal comma given: "1,5" is 1.5, and the separator is then guessed among ; tab |.
  Json p = preview("a;y\n1,5;1\n2,5;2\n", R"({"decimal":",","task":"regression"})");
  CHECK(p.find("ok")->as_bool());
  CHECK(str(*p.find("data")->find("dialect"), "delimiter") == ";");
  CHECK(!p.find("data")->find("dialect")->find("guessed")->find("decimal")->as_bool());
  // Target and features given.
  p = preview("a,b,c\n1,2,3\n4,5,6\n", R"({"target":"a","features":["c"]})");
  const auto& cols = p.find("columns")->items();
  CHECK(str(cols[0], "role") == "target");
  CHECK(str(cols[1], "role") == "unused");
  CHECK(str(cols[2], "role") == "feature");
  // Bad options: no table, every problem with its path.
  p = preview("a,b\n1,2\n", R"({"delimiter":"x","skip_rows":-2,"colour":1})");
  CHECK(!p.find("ok")->as_bool());
  const auto& errors = p.find("errors")->items();
  REQUIRE(errors.size() == 3);
  CHECK(str(errors[0], "path") == "data.delimiter");
  CHECK(str(errors[0], "message") == "data.delimiter must be one of \"auto\", \",\", \";\", \"\\t\", \"|\", got \"x\"");
  CHECK(str(errors[1], "path") == "data.skip_rows");
  CHECK(str(errors[2], "path") == "data.colour");
  CHECK(str(p, "error") == str(errors[0], "message"));
  p = preview("a\n1\n", R"({"delimiter":",","decimal":","})");
  CHECK(str(p.find("errors")->items()[0], "path") == "data.decimal");
  CHECK(!preview("a\n1\n", "{oops").find("ok")->as_bool());
}

TEST_CASE("preview of a file that trains badly or not at all") {
  // Split, but the selection fails: the table is there, with why training would fail.
  Json p = preview("a,b,y\n1,2,3\n", R"({"target":"nope"})");
  CHECK(p.find("ok")->as_bool());
  CHECK(str(p, "dataError") == "target column \"nope\" not found (columns: a, b, y)");
  CHECK(p.find("columns")->items().size() == 3);
  // Not split: the error and the first lines as text (invalid bytes shown as U+FFFD).
  p = preview("a,b\n1,2\n\"oops,3\n4,5\n", "auto", 2);
  CHECK(!p.find("ok")->as_bool());
  CHECK(str(p, "error") == "unterminated quoted field starting at row 3");
  const auto& lines = p.find("lines")->items();
  REQUIRE(lines.size() == 3);  // rows + 1
  CHECK(lines[0].as_string() == "a,b");
  CHECK(lines[2].as_string() == "\"oops,3");
  p = preview("a,b\r\n1,\xC3\xA9\r\n2,\xE9\r\n");  // mixed encodings: refused
  CHECK(!p.find("ok")->as_bool());
  CHECK(p.find("lines")->items()[2].as_string() == "2,\xEF\xBF\xBD");
}

TEST_CASE("preview cells are trimmed and cut to 80 characters") {
  const std::string longcell(100, 'x');
  std::string accented;
  for (int i = 0; i < 85; ++i) accented += "\xC3\xA9";  // 85 two-byte characters
  const Json p = preview("a,b\n  " + longcell + "  ," + accented + "\n" + std::string(80, 'y') + ",z\n");
  const auto& r0 = p.find("rows")->items()[0].items();
  CHECK(r0[0].as_string() == std::string(79, 'x') + "\xE2\x80\xA6");
  std::string want;
  for (int i = 0; i < 79; ++i) want += "\xC3\xA9";
  CHECK(r0[1].as_string() == want + "\xE2\x80\xA6");
  CHECK(p.find("rows")->items()[1].items()[0].as_string() == std::string(80, 'y'));  // exactly 80: kept
}
