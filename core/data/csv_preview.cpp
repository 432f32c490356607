// See csv_preview.hpp.
#include "core/data/csv_preview.hpp"

#include <algorithm>
#include <cstdlib>
#include <unordered_set>

#include "core/data/csv.hpp"
#include "core/util/json.hpp"

namespace descent {
namespace {

bool numeric_cell(const std::string& c) {
  std::size_t b = 0, e = c.size();
  while (b < e && (c[b] == ' ' || c[b] == '\t')) ++b;
  while (e > b && (c[e - 1] == ' ' || c[e - 1] == '\t')) --e;
  if (b == e) return true;  // missing values do not make a column textual
  const std::string t = c.substr(b, e - b);
  char* end = nullptr;
  std::strtod(t.c_str(), &end);
  const bool hexlike = t.find_first_of("xXnNiI") != std::string::npos;
  return end == t.c_str() + t.size() && !hexlike;
}

}  // namespace

std::string csv_preview_json(std::string_view text, const std::string& header, std::size_t max_rows) {
  CsvTable t;
  Status st = parse_csv_table(text, header, t);
  JsonWriter w;
  w.begin_object();
  w.key("ok");
  w.value_bool(st.ok());
  if (!st.ok()) {
    w.key("error");
    w.value_string(st.message());
    w.end_object();
    return w.take();
  }
  w.key("hasHeader");
  w.value_bool(t.has_header);
  w.key("columns");
  w.begin_array();
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    bool numeric = true;
    std::unordered_set<std::string> distinct;
    for (const auto& row : t.rows) {
      if (c >= row.size()) continue;
      if (numeric && !numeric_cell(row[c])) numeric = false;
      if (distinct.size() <= 1000) distinct.insert(row[c]);
    }
    w.begin_object();
    w.key("name");
    w.value_string(t.header[c]);
    w.key("numeric");
    w.value_bool(numeric);
    w.key("distinct");
    w.value_int(std::int64_t(distinct.size()));
    w.end_object();
  }
  w.end_array();
  w.key("rows");
  w.begin_array();
  for (std::size_t r = 0; r < std::min(max_rows, t.rows.size()); ++r) {
    w.begin_array();
    for (const std::string& cell : t.rows[r]) w.value_string(cell);
    w.end_array();
  }
  w.end_array();
  w.key("totalRows");
  w.value_int(std::int64_t(t.rows.size()));
  w.end_object();
  return w.take();
}

}  // namespace descent
