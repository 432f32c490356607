// CSV parsing and conversion to a Dataset; see csv.hpp. Bytes are decoded and sniffed
// (dialect.cpp), split by the shared record reader (csv_text.cpp), then the header is detected
// and trailing empty unnamed columns are dropped. Any byte sequence ends in a table or a Status
// (it is fuzzed). Not here: streaming, type inference beyond "number or not", column roles.
#include "core/data/csv.hpp"

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include "core/data/csv_text.hpp"

namespace descent {
namespace {

using csv::NumResult;
using csv::to_dec;
using csv::trim;

/// "auto": the first record is a header when all its non-empty cells are non-numeric, or when
/// one of its cells is non-numeric in a column whose non-empty cells below are all numeric.
bool detect_header(const csv::Cells& records, std::string_view s, char decimal) {
  const std::size_t width = records.width(0);
  bool any_text = false, all_text = true;
  for (std::size_t col = 0; col < width; ++col) {
    const std::string_view c = records.cell(s, 0, col);
    if (trim(c).empty()) continue;
    if (csv::looks_numeric(c, decimal)) all_text = false;
    else any_text = true;
  }
  if (!any_text) return false;
  if (all_text) return true;
  for (std::size_t col = 0; col < width; ++col) {
    const std::string_view h = records.cell(s, 0, col);
    if (trim(h).empty() || csv::looks_numeric(h, decimal)) continue;
    bool seen = false, numeric = true;
    for (std::size_t r = 1; r < records.size() && numeric; ++r) {
      const std::string_view c = records.cell(s, r, col);
      if (trim(c).empty()) continue;
      seen = true;
      numeric = csv::looks_numeric(c, decimal);
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

std::string column_label(const CsvTable& t, std::size_t c) { return csv_column_label(t, c); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

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
    default: break;
  }
  const std::string_view v = trim(cell);
  const char dec = t.dialect.decimal;
  std::string hint;
  if (dec == '.' && v.find(',') != std::string_view::npos && csv::number_syntax(v, ','))
    hint = " (a decimal comma? set data.decimal to \",\")";
  else if (dec == ',' && v.find('.') != std::string_view::npos && csv::number_syntax(v, '.'))
    hint = " (the decimal separator of this file is ','; set data.decimal to \".\" if it is '.')";
  return Status::Error(where + quoted(v) + " is not a number" + hint);
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
    if (csv::is_nan_inf_token(v)) return cell_error(t, r, col, NumResult::nan_inf, v);
    if (all_numeric && !(csv::number_syntax(v, t.dialect.decimal) && csv::decimal_value(v, t.dialect.decimal, values[r])))
      all_numeric = false;
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

CsvRows& CsvRows::operator=(const std::vector<std::vector<std::string>>& rows) {
  *this = CsvRows();
  owned_ = true;
  for (const std::vector<std::string>& row : rows) {
    for (const std::string& cell : row) {
      csv::Cells::Stored k;
      k.begin = static_cast<std::uint32_t>(cells_.store.size());
      cells_.store += cell;
      k.end = static_cast<std::uint32_t>(cells_.store.size());
      cells_.cells.push_back(static_cast<std::uint32_t>(cells_.stored.size()) | csv::kInStore);
      cells_.stored.push_back(k);
    }
    cells_.first.push_back(cells_.cells.size());
    cells_.row.push_back(cells_.size() + 1);
    cells_.offset.push_back(0);
  }
  return *this;
}

void CsvRows::own_text() {
  if (owned_) return;
  own_.assign(view_.data(), view_.size());
  owned_ = true;
}

void CsvRows::assign(std::string_view text, csv::Cells cells) {
  view_ = text;
  own_.clear();
  owned_ = false;
  cells_ = std::move(cells);
}

void CsvRows::assign_owned(std::string owned, csv::Cells cells) {
  own_ = std::move(owned);
  owned_ = true;
  cells_ = std::move(cells);
}

bool CsvRows::operator==(const std::vector<std::vector<std::string>>& rows) const {
  if (rows.size() != size()) return false;
  for (std::size_t r = 0; r < size(); ++r)
    if (!((*this)[r] == rows[r])) return false;
  return true;
}

bool CsvRows::operator==(const CsvRows& o) const {
  if (o.size() != size()) return false;
  for (std::size_t r = 0; r < size(); ++r) {
    const Row a = (*this)[r], b = o[r];
    if (a.size() != b.size()) return false;
    for (std::size_t c = 0; c < a.size(); ++c)
      if (a[c] != b[c]) return false;
  }
  return true;
}

std::string csv_column_label(const CsvTable& t, std::size_t c) {
  if (t.has_header && c < t.header.size()) return "column " + quoted(t.header[c]);
  return "column " + to_dec(c + 1);
}

Status csv_find_column(const CsvTable& t, const char* role, const std::string& sel, std::size_t& out) {
  return find_column(t, role, sel, out);
}

Status csv_find_features(const CsvTable& t, const std::vector<std::string>& names, std::size_t target,
                         std::vector<std::size_t>& out) {
  out.clear();
  std::vector<bool> used(t.header.size(), false);
  for (const std::string& f : names) {
    std::size_t c = 0;
    Status st = find_column(t, "feature", f, c);
    if (!st.ok()) return st;
    if (c == target) return Status::Error(column_label(t, c) + " is both the target and a feature");
    if (used[c]) return Status::Error(column_label(t, c) + " is selected twice as a feature");
    used[c] = true;
    out.push_back(c);
  }
  return Status::Ok();
}

bool csv_cell_is_numeric(std::string_view cell, char decimal) {
  return trim(cell).empty() || csv::looks_numeric(cell, decimal);
}

bool csv_target_is_numeric(const CsvTable& table, const CsvSelect& select) {
  if (table.header.empty()) return false;
  std::size_t col = table.header.size() - 1;
  if (!trim(select.target).empty() && !find_column(table, "target", select.target, col).ok()) return false;
  for (const CsvRows::Row row : table.rows) {
    if (col >= row.size()) return false;
    if (!csv_cell_is_numeric(row[col], table.dialect.decimal)) return false;
  }
  return true;
}

Status parse_csv_table(std::string_view text, const CsvFormat& format, CsvTable& out,
                       const CsvLimits& limits) {
  out = CsvTable();
  Status st = check_csv_format(format);
  if (!st.ok()) return st;
  if (text.size() > limits.bytes)
    return Status::Error("the file is larger than " + to_dec(limits.bytes) + " bytes");
  CsvDialect& d = out.dialect;
  std::string decoded;
  std::string_view utf8;
  st = decode_csv_bytes(text, format, decoded, utf8, d);
  if (!st.ok()) return st;
  std::size_t body = 0, first_row = 1;
  st = sniff_csv(utf8, format, d, body, first_row);
  if (!st.ok()) return st;

  const std::string_view s = utf8.substr(body);
  csv::Cells records;
  csv::RecordLimits lim;
  lim.rows = limits.rows;
  lim.columns = limits.columns;
  lim.cells = limits.cells;
  st = csv::read_cells(s, {d.delimiter, d.quote}, lim, first_row, records, &d.trailing_rows);
  if (!st.ok()) {
    if (d.guessed_delimiter && d.delimiter != ',' && st.message().find(" fields, found ") != std::string::npos)
      return Status::Error(st.message() + " (separator " + csv::char_name(d.delimiter) +
                           ", guessed from the first lines; set data.delimiter if it is another)");
    return st;
  }
  if (records.size() == 0) return Status::Error(body > 0 ? "the file has no rows after the skipped lines" : "the file is empty");

  const bool has_header = format.header == "yes" || (format.header == "auto" && detect_header(records, s, d.decimal));
  d.header = has_header;
  d.guessed_header = format.header == "auto";
  const std::size_t full_width = records.width(0);  // every record has it (read_cells pads or stops)
  std::size_t width = full_width;
  out.has_header = has_header;
  if (has_header) {
    if (records.size() == 1) return Status::Error("the file has a header but no data rows");
  } else {
    if (records.size() > limits.rows)
      return Status::Error("the file has more than " + to_dec(limits.rows) + " rows");
    if (records.size() > limits.cells / width)  // every record has `width` fields
      return Status::Error("the file has more than " + to_dec(limits.cells) + " cells");
  }
  const std::size_t first_data = has_header ? 1 : 0;
  // Trailing columns with no name and no value (every line ends with a separator) are dropped;
  // one column always stays.
  while (width > 1) {
    const std::size_t c = width - 1;
    bool empty = !has_header || trim(records.cell(s, 0, c)).empty();
    for (std::size_t r = first_data; r < records.size() && empty; ++r) empty = trim(records.cell(s, r, c)).empty();
    if (!empty) break;
    d.dropped_columns.insert(d.dropped_columns.begin(), "column " + to_dec(c + 1));
    --width;
  }
  out.header.reserve(width);
  for (std::size_t c = 0; c < width; ++c) {
    const std::string_view name = has_header ? trim(records.cell(s, 0, c)) : std::string_view();
    out.header.push_back(name.empty() ? "column " + to_dec(c + 1) : std::string(name));
  }
  // The data rows' cells, moved down in place over the header and the dropped columns.
  const std::size_t n = records.size() - first_data;
  out.line_of_row.assign(records.row.begin() + std::ptrdiff_t(first_data), records.row.end());
  std::vector<std::uint32_t>& cells = records.cells;
  std::size_t to = 0;
  for (std::size_t r = first_data; r < records.size(); ++r)
    for (std::size_t c = 0; c < width; ++c) cells[to++] = cells[r * full_width + c];
  cells.resize(to);
  records.first.resize(n + 1);
  for (std::size_t r = 0; r <= n; ++r) records.first[r] = r * width;
  records.row.assign(n, 0);  // not kept: line_of_row has them
  records.offset.erase(records.offset.begin(), records.offset.begin() + std::ptrdiff_t(first_data));
  records.last_quoted.clear();
  records.last_quoted.shrink_to_fit();
  if (decoded.empty()) {
    out.rows.assign(s, std::move(records));
  } else {
    decoded.erase(0, static_cast<std::size_t>(s.data() - decoded.data()));
    decoded.resize(s.size());
    out.rows.assign_owned(std::move(decoded), std::move(records));
  }
  return Status::Ok();
}

Status parse_csv_table(std::string_view text, const std::string& header, CsvTable& out,
                       const CsvLimits& limits) {
  CsvFormat f;
  f.header = header;
  return parse_csv_table(text, f, out, limits);
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
  std::vector<std::size_t> features;
  if (select.by_index) {
    target = select.target_index;
    features = select.feature_indices;
    bool ok = target < width;
    for (std::size_t c : features) ok = ok && c < width && c != target;
    if (!ok) return Status::Error("a selected column is outside the table");  // a programming error, reported
  } else if (!trim(select.target).empty()) {
    Status st = find_column(table, "target", select.target, target);
    if (!st.ok()) return st;
  }
  if (!select.by_index && select.features.empty()) {
    for (std::size_t c = 0; c < width; ++c)
      if (c != target) features.push_back(c);
  } else if (!select.by_index) {
    Status st = csv_find_features(table, select.features, target, features);
    if (!st.ok()) return st;
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
    const CsvRows::Row row = table.rows[r];
    for (std::size_t j = 0; j < inputs; ++j) {
      const NumResult res = csv::parse_number(row[features[j]], table.dialect.decimal, out.x[r * inputs + j]);
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
      const NumResult res = csv::parse_number(table.rows[r][target], table.dialect.decimal, out.y[r]);
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
