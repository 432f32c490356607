// See csv_text.hpp. One forward pass over the bytes for every reader here, no recursion, every
// allocation bounded by the caller's limits (the whole CSV path is fuzzed: tests/fuzz/fuzz_csv.cpp).
// Not here: what a column means (infer.cpp) or which separator a file uses (dialect.cpp).
#include "core/data/csv_text.hpp"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <utility>

namespace descent {
namespace csv {

std::string to_dec(std::size_t v) {
  char buf[24];
  std::size_t i = sizeof buf;
  do {
    buf[--i] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  return std::string(buf + i, sizeof buf - i);
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

std::string char_name(char c) {
  if (c == '\t') return "tab";
  return std::string("'") + c + "'";
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool iequals(std::string_view a, const char* b) {
  std::size_t i = 0;
  for (; i < a.size() && b[i] != '\0'; ++i)
    if (lower(a[i]) != b[i]) return false;
  return i == a.size() && b[i] == '\0';
}

/// Clinger's exact fast path: when the decimal mantissa fits in 53 bits and the power of ten is
/// at most 22, m * 10^e or m / 10^-e is one correctly rounded IEEE operation on exact operands,
/// hence the very value strtod returns.
static_assert(FLT_EVAL_METHOD == 0, "the fast path needs plain double arithmetic (SSE2 or wasm)");

/// A cell in the plain form, in one pass: no spaces, [+-] digits [point digits] [(e|E) [+-] digits]
/// (number_syntax's) within the fast path's limits (mantissa below 2^53, power of ten at most 22),
/// and its value. False for anything else (then strtod decides).
bool plain_number(std::string_view t, char point, double& out) {
  static const double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  constexpr std::uint64_t kMaxExact = std::uint64_t(1) << 53;
  const char* p = t.data();
  const std::size_t n = t.size();
  std::size_t i = 0;
  bool negative = false;
  if (i < n && (p[i] == '+' || p[i] == '-')) negative = p[i++] == '-';
  std::uint64_t m = 0;
  std::size_t digits = 0;
  long frac_digits = 0;
  for (; i < n && is_digit(p[i]); ++i, ++digits) {
    if (m > (kMaxExact - 9) / 10) return false;
    m = m * 10 + static_cast<std::uint64_t>(p[i] - '0');
  }
  if (i < n && p[i] == point) {
    for (++i; i < n && is_digit(p[i]); ++i, ++digits, ++frac_digits) {
      if (m > (kMaxExact - 9) / 10) return false;
      m = m * 10 + static_cast<std::uint64_t>(p[i] - '0');
    }
  }
  if (digits == 0) return false;
  long e = 0;
  if (i < n && (p[i] == 'e' || p[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < n && (p[i] == '+' || p[i] == '-')) eneg = p[i++] == '-';
    std::size_t exp_digits = 0;
    for (; i < n && is_digit(p[i]); ++i, ++exp_digits) {
      if (e > 1000) return false;
      e = e * 10 + (p[i] - '0');
    }
    if (exp_digits == 0) return false;
    if (eneg) e = -e;
  }
  if (i != n) return false;
  e -= frac_digits;
  if (e < -22 || e > 22) return false;
  double d = static_cast<double>(m);  // exact: m < 2^53
  d = e >= 0 ? d * kPow10[e] : d / kPow10[-e];
  out = negative ? -d : d;
  return true;
}

}  // namespace

bool is_nan_inf_token(std::string_view t) {
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.remove_prefix(1);
  return iequals(t, "nan") || iequals(t, "inf") || iequals(t, "infinity");
}

bool number_syntax(std::string_view t, char decimal) {
  std::size_t i = 0;
  const std::size_t n = t.size();
  if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && is_digit(t[i])) ++i, ++digits;
  if (i < n && t[i] == decimal) {
    ++i;
    while (i < n && is_digit(t[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < n && is_digit(t[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == n;
}

bool looks_numeric(std::string_view cell, char decimal) {
  const std::string_view t = trim(cell);
  return number_syntax(t, decimal) || is_nan_inf_token(t);
}

bool decimal_value(std::string_view t, char decimal, double& d) {
  if (plain_number(t, decimal, d)) return true;
  std::string buf(t);  // strtod needs a terminator (and a point)
  if (decimal != '.')
    for (char& c : buf)
      if (c == decimal) c = '.';
  char* end = nullptr;
  d = std::strtod(buf.c_str(), &end);
  // False when strtod stopped early (a C locale with ',' as its point): reported, never misread.
  return end == buf.c_str() + buf.size();
}

NumResult parse_number(std::string_view cell, char decimal, float& out) {
  double d;
  if (plain_number(cell, decimal, d)) {  // the common cell, in one pass; the same value as below
    const float f = static_cast<float>(d);
    if (!std::isfinite(f)) return NumResult::out_of_range;
    out = f;
    return NumResult::ok;
  }
  const std::string_view t = trim(cell);
  if (t.empty()) return NumResult::missing;
  if (is_nan_inf_token(t)) return NumResult::nan_inf;
  if (!number_syntax(t, decimal)) return NumResult::not_number;
  if (!decimal_value(t, decimal, d)) return NumResult::not_number;
  if (!std::isfinite(d)) return NumResult::out_of_range;
  const float f = static_cast<float>(d);
  if (!std::isfinite(f)) return NumResult::out_of_range;
  out = f;
  return NumResult::ok;
}

std::size_t utf8_error(std::string_view s, bool* multibyte) {
  const std::size_t n = s.size();
  std::size_t i = 0, first_bad = std::string_view::npos;
  if (multibyte) *multibyte = false;
  while (i < n) {
    std::uint64_t w;  // ASCII runs 8 bytes at a time
    while (i + 8 <= n && (std::memcpy(&w, s.data() + i, 8), (w & 0x8080808080808080ULL) == 0)) i += 8;
    if (i >= n) break;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    bool ok = len != 0 && n - i >= len;
    if (ok) {
      const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      ok = c1 >= lo && c1 <= hi;
      for (std::size_t k = 2; k < len && ok; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    }
    if (ok) {
      if (multibyte) *multibyte = true;
      i += len;
      continue;
    }
    if (first_bad == std::string_view::npos) first_bad = i;
    if (!multibyte || *multibyte) return first_bad;  // nothing more to learn
    ++i;
  }
  return first_bad;
}

std::string windows1252_to_utf8(std::string_view s) {
  // 0x80..0x9F; 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned and map to the C1 control of the
  // same value (WHATWG Encoding Standard, index-windows-1252).
  static const std::uint16_t k80[32] = {
      0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    const std::uint32_t u = c < 0x80 ? c : c < 0xA0 ? k80[c - 0x80] : c;
    if (u < 0x80) {
      out.push_back(static_cast<char>(u));
    } else if (u < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (u >> 6)));
      out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xE0 | (u >> 12)));
      out.push_back(static_cast<char>(0x80 | ((u >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
    }
  }
  return out;
}

std::size_t line_of_offset(std::string_view s, std::size_t at) {
  std::size_t line = 1;
  const std::size_t end = at < s.size() ? at : s.size();
  for (std::size_t i = 0; i < end; ++i) {
    if (s[i] == '\n') ++line;
    else if (s[i] == '\r' && !(i + 1 < s.size() && s[i + 1] == '\n')) ++line;
  }
  return line;
}

namespace {
constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
/// 0x80 in the bytes of w equal to the byte repeated in `pattern`; exact up to the lowest such byte
/// (a borrow may flag bytes above it, never below).
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the 8-byte scan takes the lowest byte first");
inline std::uint64_t byte_match(std::uint64_t w, std::uint64_t pattern) {
  const std::uint64_t x = w ^ pattern;
  return (x - kOnes) & ~x & (kOnes * 0x80);
}
}  // namespace

Status read_cells(std::string_view s, const Syntax& syn, const RecordLimits& lim, std::size_t first_row,
                  Cells& out, std::size_t* trailing) {
  out = Cells();
  out.first.push_back(0);
  out.quote = syn.quote;
  const std::size_t n = s.size();
  if (n > kMaxCellText) return Status::Error("the text is larger than " + to_dec(kMaxCellText) + " bytes");
  const char* p = s.data();
  const char sep = syn.delimiter, q = syn.quote;
  const std::uint64_t kSep = kOnes * static_cast<unsigned char>(sep), kLf = kOnes * '\n', kCr = kOnes * '\r';
  bool stop[256] = {};  // the bytes that end an unquoted field
  stop[static_cast<unsigned char>(sep)] = stop[static_cast<unsigned char>('\n')] = stop[static_cast<unsigned char>('\r')] = true;
  std::vector<std::uint32_t>& cells = out.cells;
  std::uint32_t padding = 0;  // the stored empty cell that pads short records (made when first needed)
  std::size_t i = 0, row = first_row == 0 ? 0 : first_row - 1, data_cells = 0, width = 0, min_width = 0;
  bool reserved = false;
  auto blank_at = [&](std::size_t k, std::size_t rec, std::size_t offset) {
    return trim(out.at(s, k, k == rec, offset)).empty();
  };
  while (i < n) {
    if (out.size() >= lim.max_records) return Status::Ok();
    ++row;
    const std::size_t rec = cells.size(), offset = i;
    bool blank = true;  // a line with one unquoted field of spaces/tabs only
    bool last_quoted = false;
    for (;;) {
      std::uint32_t k;
      bool quoted_field = false;
      const std::size_t field_start = i;
      if (i < n && p[i] == q) {
        quoted_field = true;
        ++i;
        const char* e = static_cast<const char*>(std::memchr(p + i, q, n - i));
        if (!e) return Status::Error("unterminated quoted field starting at row " + to_dec(row));
        std::size_t at = static_cast<std::size_t>(e - p);
        if (at + 1 < n && p[at + 1] == q) {  // doubled quotes: the cell is unescaped into the store
          Cells::Stored st;
          st.begin = static_cast<std::uint32_t>(out.store.size());
          for (;;) {
            out.store.append(p + i, at - i);
            i = at + 1;
            if (i < n && p[i] == q) {  // a doubled quote inside quotes is one quote
              out.store.push_back(q);
              ++i;
              e = static_cast<const char*>(std::memchr(p + i, q, n - i));
              if (!e) return Status::Error("unterminated quoted field starting at row " + to_dec(row));
              at = static_cast<std::size_t>(e - p);
              continue;
            }
            break;
          }
          st.end = static_cast<std::uint32_t>(out.store.size());
          st.raw_end = static_cast<std::uint32_t>(i);
          k = static_cast<std::uint32_t>(out.stored.size()) | kInStore;
          out.stored.push_back(st);
        } else {
          i = at + 1;
          k = static_cast<std::uint32_t>(i);
        }
        if (i < n && p[i] != sep && p[i] != '\n' && p[i] != '\r')
          return Status::Error("row " + to_dec(row) + ", field " + to_dec(cells.size() - rec + 1) +
                               ": unexpected text after a closing quote (a quote inside a quoted "
                               "field is written " + std::string(2, q) + ")");
      } else {
        std::size_t j = i;
        // Eight bytes at a time while they last (little-endian: the lowest flagged byte is the
        // first), then byte by byte.
        for (; j + 8 <= n; j += 8) {
          std::uint64_t w;
          std::memcpy(&w, p + j, 8);
          const std::uint64_t m = byte_match(w, kSep) | byte_match(w, kLf) | byte_match(w, kCr);
          if (m) {
            j += static_cast<std::size_t>(__builtin_ctzll(m)) >> 3;
            goto field_end;
          }
        }
        while (j < n && !stop[static_cast<unsigned char>(p[j])]) ++j;
      field_end:
        k = static_cast<std::uint32_t>(j);
        i = j;
        if (blank && !trim(std::string_view(p + field_start, j - field_start)).empty()) blank = false;
      }
      if (quoted_field) blank = false;
      if (cells.size() - rec >= lim.columns)
        return Status::Error("the file has more than " + to_dec(lim.columns) + " columns (row " +
                             to_dec(row) + ")");
      cells.push_back(k);
      last_quoted = quoted_field;
      if (i < n && p[i] == sep) {
        ++i;
        blank = false;
        continue;  // at the end of the text this reads one more, empty, field
      }
      if (i < n && p[i] == '\r') {
        ++i;
        if (i < n && p[i] == '\n') ++i;
      } else if (i < n && p[i] == '\n') {
        ++i;
      }
      break;
    }
    const std::size_t fields = cells.size() - rec;
    if (blank) {
      cells.resize(rec);
      continue;
    }
    if (!lim.ragged) {
      if (out.size() == 0) {
        width = fields;
        min_width = width;  // the first record without its trailing empty unquoted fields
        while (min_width > 1 && blank_at(rec + min_width - 1, rec, offset) && !(min_width == width && last_quoted))
          --min_width;
      } else if (fields != width) {
        std::size_t c = fields;
        if (c > width) {  // extra fields must all be empty and unquoted (trailing separators)
          bool empty = !last_quoted;
          for (std::size_t x = width; x < c && empty; ++x) empty = blank_at(rec + x, rec, offset);
          if (empty) c = width;
        } else if (c >= min_width) {
          c = width;
        }
        if (c != width)
          return Status::Error("row " + to_dec(row) + ": expected " + to_dec(width) + " fields, found " +
                               to_dec(fields));
        if (fields < width && padding == 0) {
          padding = static_cast<std::uint32_t>(out.stored.size()) | kInStore;
          out.stored.push_back(Cells::Stored());
        }
        cells.resize(rec + width, padding);  // padded cells are empty
        if (trailing) ++*trailing;
      }
      if (out.size() >= 1) {
        // Data cells only: the first record (maybe a header) is counted by the caller when it
        // turns out to be data. One record alone is bounded by the column limit.
        data_cells += width;
        if (data_cells > lim.cells)
          return Status::Error("the file has more than " + to_dec(lim.cells) + " cells");
      }
      // The first record may be a header, so data rows exceed the limit at limit + 2 records.
      if (out.size() >= lim.rows + 1)
        return Status::Error("the file has more than " + to_dec(lim.rows) + " rows");
    }
    out.first.push_back(cells.size());
    out.row.push_back(row);
    out.offset.push_back(offset);
    out.last_quoted.push_back(last_quoted);
    if (!reserved && !lim.ragged && out.size() == 3 && i < n) {
      // From the second and third records' size, room for the whole file (no doubling past it).
      reserved = true;
      const std::size_t per = (i - out.offset[1]) / 2 + 1;
      const std::size_t records = std::min(n / per + n / per / 16 + 4, lim.rows + 2);
      if (records <= lim.cells / (width ? width : 1) + 2) {
        cells.reserve(records * width);
        out.first.reserve(records + 1);
        out.row.reserve(records);
        out.offset.reserve(records);
        out.last_quoted.reserve(records);
      }
    }
  }
  return Status::Ok();
}

Status read_records(std::string_view s, const Syntax& syn, const RecordLimits& lim, std::size_t first_row,
                    std::vector<Record>& records, std::size_t* trailing) {
  Cells c;
  const Status st = read_cells(s, syn, lim, first_row, c, trailing);
  records.reserve(records.size() + c.size());
  for (std::size_t r = 0; r < c.size(); ++r) {
    Record rec;
    rec.row = c.row[r];
    rec.offset = c.offset[r];
    rec.last_quoted = c.last_quoted[r];
    rec.fields.reserve(c.width(r));
    for (std::size_t k = 0; k < c.width(r); ++k) rec.fields.emplace_back(c.cell(s, r, k));
    records.push_back(std::move(rec));
  }
  return st;
}

}  // namespace csv
}  // namespace descent
