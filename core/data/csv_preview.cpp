// See csv_preview.hpp.
#include "core/data/csv_preview.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/data/csv.hpp"
#include "core/util/json.hpp"

namespace descent {

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
      if (numeric && !csv_cell_is_numeric(row[c])) numeric = false;  // the trainer's own test
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
