// Regression (docs/reliability.md, F5): format_float printed integers from 10 up with an exponent
// ("%.1g" of 10 reads back as 10): "The learning rate 1e+01 is probably too large", inline class
// labels 10 and 20 named "1e+01" and "2e+01". Exact integers (|v| <= 2^24) are now printed in full.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "core/util/json.hpp"

using namespace descent;

TEST_CASE("regress: format_float prints exact integers in full") {
  CHECK(format_float(10.0f) == "10");
  CHECK(format_float(-20.0f) == "-20");
  CHECK(format_float(100000.0f) == "100000");
  CHECK(format_float(16777216.0f) == "16777216");
  CHECK(format_float(0.0f) == "0");
  CHECK(format_float(-0.0f) == "-0");
  // Past 2^24 the digits are not all meaningful: the shortest form that reads back.
  CHECK(format_float(1e20f) == "1e+20");
  CHECK(format_float(3.5e9f) == "3.5e+09");
  // Every integer-valued float up to 2^24 reads back.
  for (float f = 1.0f; f <= 16777216.0f; f *= 3.0f) {
    const float g = float(int(f));
    CHECK(std::strtof(format_float(g).c_str(), nullptr) == g);
  }
}

TEST_CASE("regress: JsonWriter writes float integers in full") {
  JsonWriter w;
  const float v[] = {10.0f, 250.0f, 0.5f};
  w.floats(v, 3);
  CHECK(w.str() == "[10,250,0.5]");
}
