// Regression (docs/reliability.md, F1): a 50 MB JSON array of numbers (26M values, under the 20M
// JsonLimits::max_elements default only by a factor of 1.3) needed more than the 2 GB wasm heap and
// aborted the WebAssembly module. parse_json now stops at 2^22 values whatever the limits ask for,
// with a message that names the limit, and limit errors are no longer called syntax errors.
#include <doctest/doctest.h>

#include <string>

#include "core/util/json.hpp"

using namespace descent;

TEST_CASE("regress: a JSON text with more than 2^22 values is refused, even with a larger max_elements") {
  // [0,0,...,0] with 2^22 numbers: 2^22 + 1 values counting the array.
  const std::size_t n = std::size_t(1) << 22;
  std::string text = "[";
  text.reserve(2 * n + 2);
  for (std::size_t i = 0; i < n; ++i) text += i ? ",0" : "0";
  text += "]";
  JsonLimits lim;  // the default, 4,194,304
  Json j;
  Status st = parse_json(text, j, lim);
  REQUIRE_FALSE(st.ok());
  // The 2^22-th number is value 2^22 + 1; it starts at byte 1 + 2 * (2^22 - 1) + 1 (1-based).
  CHECK(st.message() == "the JSON text has too many values (more than 4194304) (at line 1, column " +
                            std::to_string(2 * n) + ")");
  CHECK(j.is_null());
  // One value fewer parses.
  text.erase(text.size() - 3, 2);  // drop the last ",0"
  CHECK(parse_json(text, j, lim).ok());
  CHECK(j.items().size() == n - 1);
}

TEST_CASE("regress: JSON limits read as limits, not as syntax errors") {
  Json j;
  std::string deep(65, '[');
  deep += std::string(65, ']');
  Status st = parse_json(deep, j);
  CHECK(st.message() == "the JSON text has nesting deeper than 64 levels (at line 1, column 65)");
  JsonLimits few;
  few.max_elements = 3;
  st = parse_json("[1,\n2,3]", j, few);
  CHECK(st.message() == "the JSON text has too many values (more than 3) (at line 2, column 3)");
}
