// See text.hpp.
#include "core/util/text.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace descent {

std::string format_number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[40];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {  // integers in full: 100000, not 1e+05
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

namespace {

// format_float's original search: the shortest %.*g that strtof reads back as v. Exact, but in
// WebAssembly printf and strtof run on soft-float long double (~5 us a number); kept as the
// fallback for values whose decimal exponent is beyond +-22.
std::string format_float_search(float v) {
  char buf[32];
  for (int prec = 1; prec <= 9; ++prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, (double)v);
    if (std::strtof(buf, nullptr) == v) break;
  }
  return buf;
}

// The "%.{p}g" text of m * 10^(x - p + 1), m an integer of p digits, x the leading digit's exponent.
std::string g_text(bool neg, std::uint64_t m, int p, int x) {
  char dig[24];
  for (int i = p - 1; i >= 0; --i) { dig[i] = char('0' + m % 10); m /= 10; }
  int nd = p;
  while (nd > 1 && dig[nd - 1] == '0') --nd;  // %g drops trailing zeros
  std::string s = neg ? "-" : "";
  if (x < -4 || x >= p) {
    s += dig[0];
    if (nd > 1) { s += '.'; s.append(dig + 1, std::size_t(nd - 1)); }
    char e[8];
    std::snprintf(e, sizeof e, "e%c%02d", x < 0 ? '-' : '+', x < 0 ? -x : x);
    s += e;
  } else if (x >= 0) {
    for (int i = 0; i <= x; ++i) s += i < nd ? dig[i] : '0';
    if (nd > x + 1) { s += '.'; s.append(dig + x + 1, std::size_t(nd - x - 1)); }
  } else {
    s += "0.";
    s.append(std::size_t(-x - 1), '0');
    s.append(dig, std::size_t(nd));
  }
  return s;
}

}  // namespace

// The same text as the search, found with double arithmetic: for p = 1, 2, ... digits, round
// |v| * 10^k to an integer m and keep the first m whose value m * 10^q (one correctly rounded
// double operation on exact operands, as a JSON reader computes it) converts back to v.
std::string format_float(float v) {
  if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "inf" : "-inf");
  if (v == 0) return std::signbit(v) ? "-0" : "0";
  if (v == std::floor(v) && std::fabs(v) <= 16777216.0f) {  // exact integers in full: 10, not 1e+01
    char buf[16], *e = buf + sizeof buf, *p = e;
    for (std::uint32_t u = std::uint32_t(std::fabs(v)); u; u /= 10) *--p = char('0' + u % 10);
    if (v < 0) *--p = '-';
    return std::string(p, e);
  }
  static const double P[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool neg = v < 0;
  const float a = neg ? -v : v;
  const double d = a;
  int x = 0;  // 10^x <= d < 10^(x+1)
  if (d >= 1) {
    while (x < 22 && d >= P[x + 1]) ++x;
    if (x >= 22) return format_float_search(v);
  } else {
    while (x > -22 && d < 1 / P[1 - x]) --x;
    if (--x <= -22) return format_float_search(v);
  }
  {  // 1/P[] is inexact: settle x so that d * 10^-x is in [1, 10)
    const double s1 = x <= 0 ? d * P[-x] : d / P[x];
    if (s1 >= 10) ++x; else if (s1 < 1) --x;
  }
  for (int p = 1; p <= 9; ++p) {
    const int k = p - 1 - x;  // d * 10^k has p digits before the point
    if (k > 22 || k < -22) return format_float_search(v);
    double m = std::nearbyint(k >= 0 ? d * P[k] : d / P[-k]);
    int xx = x;
    if (m >= P[p]) { m /= 10; ++xx; }  // rounded up to the next power of ten
    if (m != std::floor(m) || m < P[p - 1]) return format_float_search(v);
    const int q = xx - p + 1;  // the candidate is m * 10^q
    if (q > 22 || q < -22) return format_float_search(v);
    if (float(q >= 0 ? m * P[q] : m / P[-q]) == a) return g_text(neg, std::uint64_t(m), p, xx);
  }
  return format_float_search(v);
}

std::string escaped(std::string_view s, bool all_controls) {
  std::string o;
  o.reserve(s.size());
  auto hex = [&o](unsigned code) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\u%04x", code);
    o += buf;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default:
        if (c < 0x20 || (all_controls && c == 0x7f)) {
          hex(c);
        } else if (all_controls && c == 0xc2 && i + 1 < s.size() && (unsigned char)s[i + 1] >= 0x80 &&
                   (unsigned char)s[i + 1] <= 0x9f) {
          hex((unsigned char)s[++i]);  // U+0080..U+009F, two bytes in UTF-8
        } else {
          o += char(c);
        }
    }
  }
  return o;
}

std::string quoted(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return "\"" + escaped(s) + "\"";
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + escaped(s.substr(0, cut)) + "...\"";
}

}  // namespace descent
