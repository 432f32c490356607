// See dialect.hpp. The sniffer reads a bounded prefix with the parser's own record reader
// (csv_text.hpp) once per candidate separator and quote, and scores each reading the way
// CleverCSV does in spirit (van den Burg et al. 2019, "Wrangling messy CSV files by detecting row
// and type patterns"): how many records share the most common field count, times how many cells
// look like one clean value (a number, or text without another candidate separator in it).
// Not here: the full parse (csv.cpp), column roles (infer.cpp).
#include "core/data/dialect.hpp"

#include <algorithm>
#include <map>

#include "core/data/csv_text.hpp"
#include "core/data/dataset.hpp"

namespace descent {
namespace {

using csv::lower;
using csv::to_dec;
using csv::trim;

constexpr std::size_t kSniffBytes = 64 * 1024;
constexpr std::size_t kSniffRecords = 100;

bool is_delimiter(char c) {
  for (char d : kCsvDelimiters)
    if (c == d) return true;
  return false;
}

/// The end of the line that starts at `at` (the offset after its line break).
std::size_t next_line(std::string_view s, std::size_t at) {
  const std::size_t n = s.size();
  while (at < n && s[at] != '\n' && s[at] != '\r') ++at;
  if (at < n && s[at] == '\r' && at + 1 < n && s[at + 1] == '\n') ++at;
  return at < n ? at + 1 : at;
}

/// Fields after stripping trailing empty unquoted ones (at least 1).
std::size_t stripped_count(const csv::Record& r) {
  std::size_t c = r.fields.size();
  if (r.last_quoted) return c;
  while (c > 1 && trim(r.fields[c - 1]).empty()) --c;
  return c;
}

struct Reading {
  char delimiter = ',', quote = '"';
  double score = -1;
  std::size_t junk = 0;  // leading records that are not part of the table
  std::vector<csv::Record> records;
};

/// A cell that reads as one value under this separator: not holding another candidate separator
/// (a decimal comma in a number excepted), not wrapped in the other quote character.
bool clean_cell(std::string_view cell, char delimiter, char quote) {
  const std::string_view t = trim(cell);
  for (char c : kCsvDelimiters) {
    if (c == delimiter || t.find(c) == std::string_view::npos) continue;
    if (c == ',' && csv::number_syntax(t, ',')) continue;
    return false;
  }
  const char other = quote == '"' ? '\'' : '"';
  return !(t.size() >= 2 && t.front() == other && t.back() == other);
}

void score(Reading& r) {
  const std::size_t n = r.records.size();
  if (n == 0) return;
  std::map<std::size_t, std::size_t> freq;
  for (const csv::Record& rec : r.records) ++freq[stripped_count(rec)];
  std::size_t m = 0, best = 0;
  for (const auto& kv : freq)
    if (kv.second >= best) m = kv.first, best = kv.second;  // ties: the wider
  if (m < 2) {
    r.score = 0;
    return;
  }
  auto fits = [&](const csv::Record& rec) { return rec.fields.size() == m || stripped_count(rec) == m; };
  // Junk before the table is narrower than it (a title, a source line) or a '#' comment; a header
  // may be wider than the stripped mode when the last data cells are empty.
  std::size_t k = 0;
  while (k < n && (r.records[k].fields.size() < m || trim(r.records[k].fields[0]).substr(0, 1) == "#")) ++k;
  if (2 * k >= n) k = 0;  // a table is most of the prefix, not its tail
  std::size_t matching = 0, cells = 0, clean = 0;
  for (std::size_t i = k; i < n; ++i) {
    if (!fits(r.records[i])) continue;
    ++matching;
    if (i == k && n - k > 1) continue;  // maybe a header: names are not values
    for (const std::string& c : r.records[i].fields) {
      ++cells;
      clean += clean_cell(c, r.delimiter, r.quote);
    }
  }
  r.junk = k;
  const double clean_fraction = cells ? double(clean) / double(cells) : 1.0;
  r.score = double(matching) / double(n) * (1.0 + clean_fraction) / 2.0;
}

bool single_quotes_plausible(std::string_view s) {
  if (s.find('"') != std::string_view::npos) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] == '\'' && (i == 0 || s[i - 1] == '\n' || s[i - 1] == '\r' || is_delimiter(s[i - 1]))) return true;
  return false;
}

}  // namespace

Status check_csv_format(const CsvFormat& f) {
  if (f.header != "auto" && f.header != "yes" && f.header != "no")
    return Status::Error("header must be \"auto\", \"yes\" or \"no\", got " + quoted(f.header));
  if (f.delimiter != 0 && !is_delimiter(f.delimiter))
    return Status::Error("the separator must be ',', ';', tab or '|', got " + csv::char_name(f.delimiter));
  if (f.decimal != 0 && f.decimal != '.' && f.decimal != ',')
    return Status::Error("the decimal separator must be '.' or ',', got " + csv::char_name(f.decimal));
  if (f.decimal != 0 && f.decimal == f.delimiter)
    return Status::Error("the decimal separator " + csv::char_name(f.decimal) + " cannot also be the separator");
  if (f.quote != 0 && f.quote != '"' && f.quote != '\'')
    return Status::Error("the quote must be '\"' or \"'\", got " + csv::char_name(f.quote));
  if (f.encoding != "auto" && f.encoding != "utf-8" && f.encoding != "windows-1252")
    return Status::Error("the encoding must be \"auto\", \"utf-8\" or \"windows-1252\", got " + quoted(f.encoding));
  return Status::Ok();
}

Status decode_csv_bytes(std::string_view bytes, const CsvFormat& f, std::string& storage,
                        std::string_view& text, CsvDialect& d) {
  if (bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF')))
    return Status::Error("the file is UTF-16 text; save it as CSV in UTF-8");
  const std::size_t nul = bytes.find('\0');
  if (nul != std::string_view::npos)
    return Status::Error("the file has a NUL byte at byte " + to_dec(nul + 1) + " (is it a binary file?)");
  d.guessed_encoding = f.encoding == "auto";
  if (f.encoding == "windows-1252") {
    storage = csv::windows1252_to_utf8(bytes);
    text = storage;
    d.encoding = "windows-1252";
    return Status::Ok();
  }
  bool multibyte = false;
  const std::size_t bad = csv::utf8_error(bytes, f.encoding == "auto" ? &multibyte : nullptr);
  if (bad == std::string_view::npos) {
    text = bytes;
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    d.encoding = "utf-8";
    return Status::Ok();
  }
  static const char kHex[] = "0123456789ABCDEF";
  const unsigned char b = static_cast<unsigned char>(bytes[bad]);
  const std::string where = "byte " + to_dec(bad + 1) + " (line " + to_dec(csv::line_of_offset(bytes, bad)) +
                            ") is 0x" + kHex[b >> 4] + kHex[b & 15];
  if (f.encoding == "auto" && !multibyte) {
    storage = csv::windows1252_to_utf8(bytes);
    text = storage;
    d.encoding = "windows-1252";
    d.not_utf8_byte = bad + 1;
    d.not_utf8_line = csv::line_of_offset(bytes, bad);
    return Status::Ok();
  }
  return Status::Error("the file is not valid UTF-8: " + where +
                       (multibyte ? ", and other characters are UTF-8 (mixed encodings)" : "") +
                       "; save it as CSV in UTF-8, or set data.encoding to \"windows-1252\"");
}

Status sniff_csv(std::string_view text, const CsvFormat& f, CsvDialect& d, std::size_t& body,
                 std::size_t& first_row) {
  Status st = check_csv_format(f);
  if (!st.ok()) return st;
  std::size_t pos = 0, row = 1;
  d.sep_line = false;
  // Excel's "sep=;" first line (sometimes padded by a round trip to "sep=;;;;").
  if (text.size() >= 5 && lower(text[0]) == 's' && lower(text[1]) == 'e' && lower(text[2]) == 'p' && text[3] == '=') {
    const char c = text[4];
    std::size_t e = 5;
    while (e < text.size() && text[e] == c) ++e;
    if (c != '\n' && c != '\r' && (e == text.size() || text[e] == '\n' || text[e] == '\r')) {
      if (!is_delimiter(c))
        return Status::Error("row 1: \"sep=" + std::string(1, c) + "\" names the separator " + csv::char_name(c) +
                             "; the separators read are ',', ';', tab and '|'");
      d.sep_line = true;
      pos = next_line(text, 0);
      row = 2;
    }
  }
  const std::string_view rest = text.substr(pos);
  std::string_view prefix = rest.substr(0, kSniffBytes);
  const bool truncated = prefix.size() < rest.size();
  if (truncated) {
    const std::size_t cut = prefix.find_last_of("\r\n");
    if (cut != std::string_view::npos && cut > 0) prefix = prefix.substr(0, cut);
  }

  std::vector<char> delims, quotes;
  if (f.delimiter) delims = {f.delimiter};
  else if (d.sep_line) delims = {text[4]};
  else
    for (char c : kCsvDelimiters)
      if (c != f.decimal) delims.push_back(c);
  if (f.quote) quotes = {f.quote};
  else {
    quotes = {'"'};
    if (single_quotes_plausible(prefix)) quotes.push_back('\'');
  }
  Reading best;  // a reading must score above 0 (two or more columns) to beat the first candidate
  best.delimiter = delims[0];
  best.quote = quotes[0];
  best.score = 0;
  for (char q : quotes)
    for (char dl : delims) {
      Reading r;
      r.delimiter = dl;
      r.quote = q;
      csv::RecordLimits lim;
      lim.rows = lim.cells = static_cast<std::size_t>(-1);
      lim.columns = DataLimits::max_columns;
      lim.max_records = kSniffRecords;
      lim.ragged = true;
      const Status rs = csv::read_records(prefix, {dl, q}, lim, 1, r.records);
      // A quoted field cut by the end of the prefix is no evidence against this reading.
      if (!rs.ok() && !(truncated && r.records.size() >= 2)) continue;
      score(r);
      if (r.score > best.score) best = std::move(r);
    }
  d.delimiter = best.delimiter;
  d.quote = best.quote;
  d.guessed_delimiter = !f.delimiter && !d.sep_line;
  d.delimiter_from_sep_line = !f.delimiter && d.sep_line;
  d.guessed_quote = !f.quote;

  // Lines before the header.
  std::size_t skip = 0;
  if (f.skip_rows >= 0) {
    for (long i = 0; i < f.skip_rows; ++i) {
      if (pos >= text.size())
        return Status::Error("data.skip_rows is " + to_dec(std::size_t(f.skip_rows)) + " but the file has only " +
                             to_dec(std::size_t(i)) + (i == 1 ? " line" : " lines") + (d.sep_line ? " after its sep= line" : ""));
      pos = next_line(text, pos);
    }
    skip = std::size_t(f.skip_rows);
  } else if (best.junk > 0 && best.junk < best.records.size()) {
    skip = csv::line_of_offset(rest, best.records[best.junk].offset) - 1;
    pos += best.records[best.junk].offset;
  }
  d.guessed_skip = f.skip_rows < 0;
  d.skipped_lines = skip;
  body = pos;
  first_row = row + skip;

  // The decimal separator: ',' only beside another separator, and only when more numbers in the
  // prefix are written with a comma than with a point (the others are then reported by row).
  if (f.decimal) {
    if (f.decimal == d.delimiter)
      return Status::Error("data.decimal " + csv::char_name(f.decimal) + " is also the separator; set data.delimiter");
    d.decimal = f.decimal;
  } else {
    d.decimal = '.';
    d.guessed_decimal = true;
    if (d.delimiter != ',') {
      std::size_t comma = 0, point = 0;
      const std::size_t rest_at = text.size() - rest.size();
      bool first = true;
      for (const csv::Record& r : best.records) {
        if (rest_at + r.offset < body) continue;  // skipped lines
        if (first) {  // maybe the header
          first = false;
          continue;
        }
        for (const std::string& c : r.fields) {
          const std::string_view t = trim(c);
          if (t.find(',') != std::string_view::npos && csv::number_syntax(t, ',')) ++comma;
          else if (t.find('.') != std::string_view::npos && csv::number_syntax(t, '.')) ++point;
        }
      }
      if (comma > point) d.decimal = ',';
    }
  }
  return Status::Ok();
}

}  // namespace descent
