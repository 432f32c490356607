// See csv_preview.hpp.
#include "core/data/csv_preview.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/data/csv_text.hpp"
#include "core/data/infer.hpp"
#include "core/spec/spec.hpp"
#include "core/util/json.hpp"

namespace descent {
namespace {

constexpr std::size_t kCellChars = 80;  // what the upload table shows of a cell
constexpr std::size_t kMaxDistinct = 1000;

/// s cut to `chars` code points (the last one replaced by U+2026 when cut).
std::string clip(std::string_view s, std::size_t chars) {
  std::size_t count = 0, cut = s.size();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;  // a continuation byte
    if (count == chars - 1) cut = i;
    if (++count > chars) return std::string(s.substr(0, cut)) + "\xE2\x80\xA6";
  }
  return std::string(s);
}

/// Valid UTF-8 for display: each invalid byte becomes U+FFFD.
std::string displayable(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    const std::size_t bad = csv::utf8_error(s);
    if (bad == std::string_view::npos) {
      out.append(s);
      break;
    }
    out.append(s.substr(0, bad));
    out.append("\xEF\xBF\xBD");
    s.remove_prefix(bad + 1);
  }
  return out;
}

/// The first `n` lines of a file that could not be split, as text to look at.
void write_lines(JsonWriter& w, std::string_view bytes, std::size_t n) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  w.key("lines");
  w.begin_array();
  std::size_t at = 0;
  for (std::size_t k = 0; k < n && at < bytes.size(); ++k) {
    std::size_t e = at;
    while (e < bytes.size() && bytes[e] != '\n' && bytes[e] != '\r' && e - at < 4 * kCellChars) ++e;
    w.value_string(clip(displayable(bytes.substr(at, e - at)), kCellChars));
    while (e < bytes.size() && bytes[e] != '\n' && bytes[e] != '\r') ++e;
    if (e < bytes.size() && bytes[e] == '\r') ++e;
    if (e < bytes.size() && bytes[e] == '\n') ++e;
    at = e;
  }
  w.end_array();
}

}  // namespace

std::string csv_preview_json(std::string_view bytes, const std::string& options, std::size_t max_rows) {
  JsonWriter w;
  w.begin_object();
  // ---- options: a header mode, or the data fields of a spec
  Issues issues;
  DataSpec d;
  if (options == "auto" || options == "yes" || options == "no") {
    d.format.header = options;
  } else {
    Json j;
    const Status st = parse_json(options, j);
    if (!st.ok()) issues.push_back({"", "the preview options are not JSON: " + st.message()});
    else d = parse_csv_options(j, issues);
  }
  if (!issues.empty()) {
    w.key("ok");
    w.value_bool(false);
    w.key("error");
    w.value_string(issues[0].message);
    w.key("errors");
    w.value_json(issues_to_json(issues));
    w.end_object();
    return w.take();
  }

  CsvTable t;
  CsvReport report;
  Dataset ds;
  const Status st = read_csv_dataset(bytes, d.format, d.csv_roles(), t, report, ds);
  w.key("ok");
  w.value_bool(report.parsed);
  if (!st.ok()) {
    w.key(report.parsed ? "dataError" : "error");
    w.value_string(st.message());
  }
  w.key("bytes");
  w.value_int(std::int64_t(bytes.size()));
  if (!report.parsed) {
    write_lines(w, bytes, max_rows + 1);
    w.end_object();
    return w.take();
  }
  w.key("hasHeader");
  w.value_bool(t.has_header);
  w.key("header");
  w.begin_array();
  for (const std::string& name : t.header) w.value_string(name);
  w.end_array();

  std::vector<const char*> role(t.header.size(), report.roles ? "unused" : nullptr);
  std::vector<std::string> why(t.header.size());
  if (report.roles) {
    role[report.target_column] = "target";
    for (std::size_t i = 0; i < report.ignored_columns.size(); ++i) {
      role[report.ignored_columns[i]] = "ignored";
      why[report.ignored_columns[i]] = report.ignored[i].second;
    }
    for (std::size_t c : report.feature_columns) role[c] = "feature";
  }
  w.key("columns");
  w.begin_array();
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    bool numeric = true;
    std::unordered_set<std::string_view> distinct;
    for (const auto& row : t.rows) {
      if (numeric && !csv_cell_is_numeric(row[c], t.dialect.decimal)) numeric = false;  // the trainer's own test
      if (distinct.size() <= kMaxDistinct) distinct.insert(row[c]);
    }
    w.begin_object();
    w.key("name");
    w.value_string(t.header[c]);
    w.key("numeric");
    w.value_bool(numeric);
    w.key("distinct");
    w.value_int(std::int64_t(distinct.size()));
    if (role[c]) {
      w.key("role");
      w.value_string(role[c]);
      if (!why[c].empty()) {
        w.key("why");
        w.value_string(why[c]);
      }
    }
    w.end_object();
  }
  w.end_array();
  w.key("rows");
  w.begin_array();
  for (std::size_t r = 0; r < std::min(max_rows, t.rows.size()); ++r) {
    w.begin_array();
    for (const std::string_view cell : t.rows[r]) w.value_string(clip(csv::trim(cell), kCellChars));
    w.end_array();
  }
  w.end_array();
  w.key("totalRows");
  w.value_int(std::int64_t(t.rows.size()));
  w.key("data");
  write_csv_report(w, report);
  w.end_object();
  return w.take();
}

}  // namespace descent
