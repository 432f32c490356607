// CSV parsing (RFC 4180 plus CRLF/LF/CR line ends and a UTF-8 BOM) and conversion to a Dataset;
// see csv.hpp. One forward pass over the bytes, no recursion, every allocation bounded by
// CsvLimits, so any byte sequence ends in a table or a Status (it is fuzzed).
// Not here: streaming, other separators, type inference beyond "number or not".
#include "core/data/csv.hpp"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>

#include "core/registry/params.hpp"

namespace descent {
namespace {

// ---- text helpers ------------------------------------------------------------------------------

std::string to_dec(std::size_t v) {
  // Decimal without iostreams or locale.
  char buf[24];
  std::size_t i = sizeof buf;
  do {
    buf[--i] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  return std::string(buf + i, sizeof buf - i);
}

/// 0-based offset of the first byte of the first invalid UTF-8 sequence (RFC 3629: no overlong
/// forms, no surrogates, nothing above U+10FFFF), or npos when s is valid.
std::size_t utf8_error(std::string_view s) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return i;
    if (n - i < len) return i;
    const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 < lo || c1 > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::string_view::npos;
}

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && is_space(s[b])) ++b;
  while (e > b && is_space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, const char* b) {
  std::size_t i = 0;
  for (; i < a.size() && b[i] != '\0'; ++i)
    if (lower(a[i]) != b[i]) return false;
  return i == a.size() && b[i] == '\0';
}

/// [+-]nan, [+-]inf, [+-]infinity in any case (t already trimmed).
bool is_nan_inf_token(std::string_view t) {
  if (!t.empty() && (t[0] == '+' || t[0] == '-')) t.remove_prefix(1);
  return iequals(t, "nan") || iequals(t, "inf") || iequals(t, "infinity");
}

/// The decimal syntax we accept (t already trimmed): [+-] (d+ [. d*] | . d+) [(e|E) [+-] d+].
bool number_syntax(std::string_view t) {
  std::size_t i = 0;
  const std::size_t n = t.size();
  if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && is_digit(t[i])) ++i, ++digits;
  if (i < n && t[i] == '.') {
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

/// For header detection: numbers and NaN/Inf spellings look like data, not like column names.
bool looks_numeric(std::string_view cell) {
  const std::string_view t = trim(cell);
  return number_syntax(t) || is_nan_inf_token(t);
}

/// Clinger's exact fast path for t (already through number_syntax): when the decimal mantissa
/// fits in 53 bits and the power of ten is at most 22, m * 10^e or m / 10^-e is one correctly
/// rounded IEEE operation on exact operands, hence the very value strtod returns. Returns false
/// (use strtod) otherwise.
static_assert(FLT_EVAL_METHOD == 0, "the fast path needs plain double arithmetic (SSE2 or wasm)");

bool fast_decimal(std::string_view t, double& out) {
  static const double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  constexpr std::uint64_t kMaxExact = std::uint64_t(1) << 53;
  std::size_t i = 0;
  const std::size_t n = t.size();
  bool negative = false;
  if (t[i] == '+' || t[i] == '-') negative = t[i++] == '-';
  std::uint64_t m = 0;
  long frac_digits = 0;
  bool in_frac = false;
  for (; i < n; ++i) {
    const char c = t[i];
    if (c == '.') {
      in_frac = true;
      continue;
    }
    if (!is_digit(c)) break;
    if (m > (kMaxExact - 9) / 10) return false;  // more digits than 53 bits hold
    m = m * 10 + static_cast<std::uint64_t>(c - '0');
    if (in_frac) ++frac_digits;
  }
  long e = 0;
  if (i < n) {  // 'e' or 'E', then [+-] digits
    ++i;
    bool eneg = false;
    if (t[i] == '+' || t[i] == '-') eneg = t[i++] == '-';
    for (; i < n; ++i) {
      if (e > 1000) return false;
      e = e * 10 + (t[i] - '0');
    }
    if (eneg) e = -e;
  }
  e -= frac_digits;
  if (e < -22 || e > 22) return false;
  double d = static_cast<double>(m);  // exact: m < 2^53
  d = e >= 0 ? d * kPow10[e] : d / kPow10[-e];
  out = negative ? -d : d;
  return true;
}

/// The value of t (already through number_syntax), correctly rounded to double. False when strtod
/// stopped early (a locale with ',' as decimal point): reported, never misread.
bool decimal_value(std::string_view t, double& d) {
  if (fast_decimal(t, d)) return true;
  const std::string buf(t);  // strtod needs a terminator
  char* end = nullptr;
  d = std::strtod(buf.c_str(), &end);
  return end == buf.c_str() + buf.size();
}

enum class NumResult { ok, missing, not_number, nan_inf, out_of_range };

/// Trimmed cell -> float: correctly rounded to double (the fast path above or std::strtod), then
/// to float.
NumResult parse_number(std::string_view cell, float& out) {
  const std::string_view t = trim(cell);
  if (t.empty()) return NumResult::missing;
  if (is_nan_inf_token(t)) return NumResult::nan_inf;
  if (!number_syntax(t)) return NumResult::not_number;
  double d;
  if (!decimal_value(t, d)) return NumResult::not_number;
  if (!std::isfinite(d)) return NumResult::out_of_range;
  const float f = static_cast<float>(d);
  if (!std::isfinite(f)) return NumResult::out_of_range;
  out = f;
  return NumResult::ok;
}

// ---- the record reader --------------------------------------------------------------------------

struct Record {
  std::vector<std::string> fields;
  std::size_t row = 0;  // spreadsheet row number
};

/// Reads every non-blank record. Stops with an error on the first structural problem or limit.
Status read_records(std::string_view s, const CsvLimits& lim, std::vector<Record>& records) {
  const std::size_t n = s.size();
  std::size_t i = 0, row = 0, cells = 0, width = 0;
  std::string field;
  while (i < n) {
    ++row;
    Record rec;
    rec.row = row;
    rec.fields.reserve(width);
    bool blank = true;  // a line with one unquoted field of spaces/tabs only
    for (;;) {
      field.clear();
      bool quoted_field = false;
      if (i < n && s[i] == '"') {
        quoted_field = true;
        ++i;
        for (;;) {
          const std::size_t q = s.find('"', i);
          if (q == std::string_view::npos)
            return Status::Error("unterminated quoted field starting at row " + to_dec(row));
          field.append(s.data() + i, q - i);
          i = q + 1;
          if (i < n && s[i] == '"') {  // "" inside quotes is one "
            field.push_back('"');
            ++i;
            continue;
          }
          break;
        }
        if (i < n && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
          return Status::Error("row " + to_dec(row) + ", field " + to_dec(rec.fields.size() + 1) +
                               ": unexpected text after a closing quote (a quote inside a quoted "
                               "field is written \"\")");
      } else {
        std::size_t j = i;
        while (j < n && s[j] != ',' && s[j] != '\n' && s[j] != '\r') ++j;
        field.assign(s.data() + i, j - i);
        i = j;
      }
      if (quoted_field || !trim(field).empty()) blank = false;
      if (rec.fields.size() >= lim.columns)
        return Status::Error("the file has more than " + to_dec(lim.columns) + " columns (row " +
                             to_dec(row) + ")");
      rec.fields.push_back(field);
      if (i < n && s[i] == ',') {
        ++i;
        blank = false;
        continue;  // at the end of the text this reads one more, empty, field
      }
      if (i < n && s[i] == '\r') {
        ++i;
        if (i < n && s[i] == '\n') ++i;
      } else if (i < n && s[i] == '\n') {
        ++i;
      }
      break;
    }
    if (blank) continue;
    if (records.empty()) {
      width = rec.fields.size();
    } else if (rec.fields.size() != width) {
      return Status::Error("row " + to_dec(row) + ": expected " + to_dec(width) + " fields, found " +
                           to_dec(rec.fields.size()));
    } else {
      // Data cells only: the first record (maybe a header) is counted by the caller when it
      // turns out to be data. One record alone is bounded by the column limit.
      cells += width;
      if (cells > lim.cells)
        return Status::Error("the file has more than " + to_dec(lim.cells) + " cells");
    }
    // The first record may be a header, so data rows exceed the limit at limit + 2 records.
    if (records.size() >= lim.rows + 1)
      return Status::Error("the file has more than " + to_dec(lim.rows) + " rows");
    records.push_back(std::move(rec));
  }
  return Status::Ok();
}

/// "auto": the first record is a header when all its non-empty cells are non-numeric, or when
/// one of its cells is non-numeric in a column whose non-empty cells below are all numeric.
bool detect_header(const std::vector<Record>& records) {
  const std::vector<std::string>& first = records[0].fields;
  bool any_text = false, all_text = true;
  for (const std::string& c : first) {
    if (trim(c).empty()) continue;
    if (looks_numeric(c)) all_text = false;
    else any_text = true;
  }
  if (!any_text) return false;
  if (all_text) return true;
  for (std::size_t col = 0; col < first.size(); ++col) {
    if (trim(first[col]).empty() || looks_numeric(first[col])) continue;
    bool seen = false, numeric = true;
    for (std::size_t r = 1; r < records.size() && numeric; ++r) {
      const std::string& c = records[r].fields[col];
      if (trim(c).empty()) continue;
      seen = true;
      numeric = looks_numeric(c);
    }
    if (seen && numeric) return true;
  }
  return false;
}

// ---- column selection ---------------------------------------------------------------------------

std::string column_list(const std::vector<std::string>& header) {
  constexpr std::size_t kMax = 20;
  std::string r;
  for (std::size_t i = 0; i < header.size() && i < kMax; ++i) r += (i ? ", " : "") + header[i];
  if (header.size() > kMax) r += ", ... (" + to_dec(header.size()) + " columns)";
  return r;
}

/// "column \"price\"" with a header, "column 3" without.
std::string column_label(const CsvTable& t, std::size_t c) {
  if (t.has_header && c < t.header.size()) return "column " + quoted(t.header[c]);
  return "column " + to_dec(c + 1);
}

Status find_column(const CsvTable& t, const char* role, const std::string& sel, std::size_t& out) {
  const std::string_view key = trim(sel);
  std::size_t matches = 0, first = 0, second = 0;
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    if (t.header[c] != key) continue;
    if (matches == 0) first = c;
    else if (matches == 1) second = c;
    ++matches;
  }
  if (matches == 1) {
    out = first;
    return Status::Ok();
  }
  if (matches > 1)
    return Status::Error(std::string(role) + " column " + quoted(key) + " is ambiguous: columns " +
                         to_dec(first + 1) + " and " + to_dec(second + 1) +
                         " have that name; use an index");
  bool digits = !key.empty() && key.size() <= 9;
  for (char ch : key) digits = digits && is_digit(ch);
  if (digits) {
    std::size_t v = 0;
    for (char ch : key) v = v * 10 + static_cast<std::size_t>(ch - '0');
    if (v >= 1 && v <= t.header.size()) {
      out = v - 1;
      return Status::Ok();
    }
    return Status::Error(std::string(role) + " column " + to_dec(v) + " does not exist (the file has " +
                         to_dec(t.header.size()) + " columns)");
  }
  return Status::Error(std::string(role) + " column " + quoted(key) + " not found (columns: " +
                       column_list(t.header) + ")");
}

std::size_t row_number(const CsvTable& t, std::size_t r) {
  if (r < t.line_of_row.size()) return t.line_of_row[r];
  return r + (t.has_header ? 2 : 1);
}

Status cell_error(const CsvTable& t, std::size_t r, std::size_t c, NumResult res,
                  std::string_view cell) {
  std::string where = "row " + to_dec(row_number(t, r)) + ", " + column_label(t, c) + ": ";
  switch (res) {
    case NumResult::missing: return Status::Error(where + "missing value");
    case NumResult::nan_inf: return Status::Error(where + "NaN/Inf is not allowed");
    case NumResult::out_of_range:
      return Status::Error(where + quoted(trim(cell)) + " is out of range for a 32-bit float");
    default: return Status::Error(where + quoted(trim(cell)) + " is not a number");
  }
}

/// Class target: trimmed text -> index of its value among the sorted distinct values (numeric
/// order, values compared as doubles, when every value is a number; byte order otherwise). A class
/// is named by the text of its first occurrence.
Status class_target(const CsvTable& t, std::size_t col, const CsvLimits& lim, Dataset& out) {
  const std::size_t n = t.rows.size();
  bool all_numeric = true;
  std::vector<double> values(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::string_view v = trim(t.rows[r][col]);
    if (v.empty()) return cell_error(t, r, col, NumResult::missing, v);
    if (is_nan_inf_token(v)) return cell_error(t, r, col, NumResult::nan_inf, v);
    if (all_numeric && !(number_syntax(v) && decimal_value(v, values[r]))) all_numeric = false;
  }
  const std::string too_many = "target " + column_label(t, col) + " has more than " +
                               to_dec(lim.classes) + " classes (is it a regression target?)";
  std::vector<std::size_t> key_of_row(n);
  if (all_numeric) {
    std::map<double, std::pair<std::size_t, std::string>> keys;  // value -> (index, name)
    for (std::size_t r = 0; r < n; ++r) {
      if (keys.find(values[r]) == keys.end()) {
        if (keys.size() >= lim.classes) return Status::Error(too_many);
        keys.emplace(values[r], std::make_pair(std::size_t(0), std::string(trim(t.rows[r][col]))));
      }
    }
    std::size_t idx = 0;
    for (auto& kv : keys) {
      kv.second.first = idx++;
      out.class_names.push_back(kv.second.second);
    }
    for (std::size_t r = 0; r < n; ++r)
      key_of_row[r] = keys.find(values[r])->second.first;
  } else {
    std::map<std::string, std::size_t> keys;
    for (std::size_t r = 0; r < n; ++r) {
      const std::string v(trim(t.rows[r][col]));
      if (keys.find(v) == keys.end()) {
        if (keys.size() >= lim.classes) return Status::Error(too_many);
        keys.emplace(v, 0);
      }
    }
    std::size_t idx = 0;
    for (auto& kv : keys) {
      kv.second = idx++;
      out.class_names.push_back(kv.first);
    }
    for (std::size_t r = 0; r < n; ++r) key_of_row[r] = keys.find(std::string(trim(t.rows[r][col])))->second;
  }
  if (out.class_names.size() < 2)
    return Status::Error("target " + column_label(t, col) + " has a single value (" +
                         quoted(out.class_names.empty() ? "" : out.class_names[0]) +
                         "): a target column needs at least 2 classes");
  out.classes = out.class_names.size();
  for (std::size_t r = 0; r < n; ++r) out.y[r] = static_cast<float>(key_of_row[r]);
  return Status::Ok();
}

}  // namespace

bool csv_cell_is_numeric(std::string_view cell) { return trim(cell).empty() || looks_numeric(cell); }

bool csv_target_is_numeric(const CsvTable& table, const CsvSelect& select) {
  if (table.header.empty()) return false;
  std::size_t col = table.header.size() - 1;
  if (!trim(select.target).empty() && !find_column(table, "target", select.target, col).ok()) return false;
  for (const std::vector<std::string>& row : table.rows) {
    if (col >= row.size()) return false;
    if (!csv_cell_is_numeric(row[col])) return false;
  }
  return true;
}

Status parse_csv_table(std::string_view text, const std::string& header, CsvTable& out,
                       const CsvLimits& limits) {
  out = CsvTable();
  if (header != "auto" && header != "yes" && header != "no")
    return Status::Error("header must be \"auto\", \"yes\" or \"no\", got " + quoted(header));
  if (text.size() > limits.bytes)
    return Status::Error("the file is larger than " + to_dec(limits.bytes) + " bytes");
  if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
    return Status::Error("the file is UTF-16 text; save it as CSV in UTF-8");
  const std::size_t bad = utf8_error(text);
  if (bad != std::string_view::npos)
    return Status::Error("the file has invalid UTF-8 at byte " + to_dec(bad + 1));
  const std::size_t nul = text.find('\0');
  if (nul != std::string_view::npos)
    return Status::Error("the file has a NUL byte at byte " + to_dec(nul + 1) + " (is it a binary file?)");
  std::string_view body = text;
  if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);

  std::vector<Record> records;
  Status st = read_records(body, limits, records);
  if (!st.ok()) return st;
  if (records.empty()) return Status::Error("the file is empty");

  const bool has_header = header == "yes" || (header == "auto" && detect_header(records));
  const std::size_t width = records[0].fields.size();
  out.has_header = has_header;
  if (has_header) {
    if (records.size() == 1) return Status::Error("the file has a header but no data rows");
    out.header.reserve(width);
    for (std::size_t c = 0; c < width; ++c) {
      const std::string_view name = trim(records[0].fields[c]);
      out.header.push_back(name.empty() ? "column " + to_dec(c + 1) : std::string(name));
    }
  } else {
    if (records.size() > limits.rows)
      return Status::Error("the file has more than " + to_dec(limits.rows) + " rows");
    if (records.size() > limits.cells / width)  // every record has `width` fields
      return Status::Error("the file has more than " + to_dec(limits.cells) + " cells");
    for (std::size_t c = 0; c < width; ++c) out.header.push_back("column " + to_dec(c + 1));
  }
  const std::size_t first_data = has_header ? 1 : 0;
  out.rows.reserve(records.size() - first_data);
  out.line_of_row.reserve(records.size() - first_data);
  for (std::size_t r = first_data; r < records.size(); ++r) {
    out.rows.push_back(std::move(records[r].fields));
    out.line_of_row.push_back(records[r].row);
  }
  return Status::Ok();
}

Status table_to_dataset(const CsvTable& table, const CsvSelect& select, Dataset& out,
                        const CsvLimits& limits) {
  out = Dataset();
  const std::size_t width = table.header.size();
  if (table.rows.empty()) return Status::Error("the file has no data rows");
  if (table.rows.size() > limits.rows)
    return Status::Error("the file has more than " + to_dec(limits.rows) + " rows");
  for (std::size_t r = 0; r < table.rows.size(); ++r)  // a hand-built table may be ragged
    if (table.rows[r].size() != width)
      return Status::Error("row " + to_dec(row_number(table, r)) + ": expected " + to_dec(width) +
                           " fields, found " + to_dec(table.rows[r].size()));

  std::size_t target = width - 1;
  if (!trim(select.target).empty()) {
    Status st = find_column(table, "target", select.target, target);
    if (!st.ok()) return st;
  }
  std::vector<std::size_t> features;
  if (select.features.empty()) {
    for (std::size_t c = 0; c < width; ++c)
      if (c != target) features.push_back(c);
  } else {
    std::vector<bool> used(width, false);
    for (const std::string& f : select.features) {
      std::size_t c = 0;
      Status st = find_column(table, "feature", f, c);
      if (!st.ok()) return st;
      if (c == target)
        return Status::Error(column_label(table, c) + " is both the target and a feature");
      if (used[c]) return Status::Error(column_label(table, c) + " is selected twice as a feature");
      used[c] = true;
      features.push_back(c);
    }
  }
  if (features.empty())
    return Status::Error("the file needs at least one feature column besides the target " +
                         column_label(table, target));

  const std::size_t n = table.rows.size(), inputs = features.size();
  if (inputs > limits.cells / n)
    return Status::Error("the file has more than " + to_dec(limits.cells) + " cells");
  out.n = n;
  out.inputs = inputs;
  out.targets = 1;
  out.x.resize(n * inputs);
  out.y.resize(n);
  for (std::size_t r = 0; r < n; ++r) {
    const std::vector<std::string>& row = table.rows[r];
    for (std::size_t j = 0; j < inputs; ++j) {
      const NumResult res = parse_number(row[features[j]], out.x[r * inputs + j]);
      if (res != NumResult::ok) {
        Status st = cell_error(table, r, features[j], res, row[features[j]]);
        out = Dataset();
        return st;
      }
    }
  }
  for (std::size_t c : features) out.feature_names.push_back(table.header[c]);
  out.target_names = {table.header[target]};
  out.classification = select.classification;
  Status st;
  if (select.classification) {
    st = class_target(table, target, limits, out);
  } else {
    for (std::size_t r = 0; r < n && st.ok(); ++r) {
      const NumResult res = parse_number(table.rows[r][target], out.y[r]);
      if (res != NumResult::ok) st = cell_error(table, r, target, res, table.rows[r][target]);
    }
  }
  if (!st.ok()) out = Dataset();
  return st;
}

Status load_csv(std::string_view text, const std::string& header, const CsvSelect& select,
                Dataset& out, const CsvLimits& limits) {
  CsvTable table;
  Status st = parse_csv_table(text, header, table, limits);
  if (!st.ok()) {
    out = Dataset();
    return st;
  }
  return table_to_dataset(table, select, out, limits);
}

}  // namespace descent
