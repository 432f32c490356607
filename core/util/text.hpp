// How numbers and user text are written into messages and JSON, with the same bytes on every
// target: shortest round-trip decimals for doubles and floats (never printf's defaults, never
// iostreams), and user text with its control characters escaped.
// Not here: the JSON writer itself (json.hpp), which uses these.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace descent {

/// Shortest decimal that reads back as the same double ("0.1", "1e-08", integers in full:
/// "100000"); "NaN", "inf", "-inf".
std::string format_number(double v);
/// Shortest decimal that reads back (strtof) as the same float: "0.1", "1e-08", "-3.25".
std::string format_float(float v);

/// s with JSON's escapes: \" \\ \n \r \t, the other C0 controls as \u00XX. all_controls also
/// escapes DEL (\u007f) and the C1 controls (U+0080..U+009F, as \u0080..\u009f), so that a message
/// never carries a raw NUL (which cuts a C string) or a terminal escape. Other UTF-8 passes through.
std::string escaped(std::string_view s, bool all_controls = true);
/// User text as every core message quotes it: escaped(s) in double quotes, so "a\0b" is shown as
/// "a\u0000b", cut after max_bytes (on a character boundary, marked "...") so that a 10 MB
/// column name does not become a 10 MB message. Use it for kinds, names, choices, cells:
/// anything a user typed.
std::string quoted(std::string_view s, std::size_t max_bytes = 40);

}  // namespace descent
