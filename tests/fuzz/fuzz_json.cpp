// libFuzzer target: the JSON parser and writer (parse_json, to_json).
// Parses with the default limits and with tight ones (depth 8, 200 values, 2 KB); checks that
// tight success implies default success, and that a parsed value round-trips: to_json ->
// parse_json -> to_json gives the same text. Not here: what the spec means (fuzz_spec.cpp).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/util/json.hpp"

using namespace descent;

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  JsonLimits tight;
  tight.max_depth = 8;
  tight.max_elements = 200;
  tight.max_bytes = 2048;
  Json small;
  const Status st_tight = parse_json(text, small, tight);

  Json j;
  const Status st = parse_json(text, j);
  if (!st.ok()) {
    check(!st_tight.ok());
    const std::string& m = st.message();
    check(m.rfind("JSON syntax error at line ", 0) == 0 || m.rfind("the JSON text ", 0) == 0);
    check(j.is_null());
    return 0;
  }
  const std::string out = to_json(j);
  if (st_tight.ok()) check(to_json(small) == out);

  Json again;
  check(parse_json(out, again).ok());
  check(to_json(again) == out);
  return 0;
}
