// See infer.hpp. One pass over the cells for the column flags (blank, text, constant), then a
// closer look at the few columns a rule needs (the target's distinct values, the first column's
// sequence, the text columns' uniqueness). Not here: parsing, model or loss defaults.
#include "core/data/infer.hpp"

#include <cmath>
#include <set>
#include <unordered_set>

#include "core/data/csv_text.hpp"

namespace descent {
namespace {

using csv::to_dec;
using csv::trim;

constexpr std::size_t kMaxClassesGuessed = 20;  // "few" distinct integers
constexpr std::size_t kMinRowsForIdentifier = 10;

std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = csv::lower(c);
  return r;
}

bool ends_with(const std::string& s, const char* tail) {
  const std::string t(tail);
  return s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0;
}

/// id, ID, Id, *_id, "* id", camelCase *Id / *ID (PassengerId, customerID), index, Unnamed: 0.
bool identifier_name(std::string_view raw) {
  const std::string_view name = trim(raw);
  const std::string l = lower(name);
  if (l == "id" || l == "index" || l == "unnamed: 0" || ends_with(l, "_id") || ends_with(l, " id")) return true;
  const std::size_t n = name.size();
  return n > 2 && name[n - 2] == 'I' && (name[n - 1] == 'd' || name[n - 1] == 'D') && name[n - 3] >= 'a' &&
         name[n - 3] <= 'z';
}

struct Column {
  bool empty = true;     // every cell blank
  bool text = false;     // most non-blank cells are not numbers (a few bad cells in a numeric
                         // column are not text: training names their rows instead)
  bool constant = true;  // every cell the same text, and not blank
  bool id_name = false;
  bool unique_text = false;  // text, every value different (names, codes)
};

std::vector<Column> column_flags(const CsvTable& t) {
  const std::size_t w = t.header.size(), n = t.rows.size();
  std::vector<Column> cols(w);
  std::vector<std::size_t> filled(w, 0), words(w, 0);
  // Row by row (the cells' order in memory), every column's counts at once.
  for (std::size_t r = 0; r < n; ++r) {
    const CsvRows::Row row = t.rows[r];
    for (std::size_t c = 0; c < w; ++c) {
      Column& k = cols[c];
      const std::string_view v = trim(row[c]);
      if (v.empty()) {
        k.constant = false;
        continue;
      }
      ++filled[c];
      if (k.constant && r > 0 && v != trim(t.rows[0][c])) k.constant = false;
      if (!csv::looks_numeric(v, t.dialect.decimal)) ++words[c];
    }
  }
  for (std::size_t c = 0; c < w; ++c) {
    Column& k = cols[c];
    k.id_name = t.has_header && identifier_name(t.header[c]);
    k.empty = filled[c] == 0;
    k.text = 2 * words[c] > filled[c];
    if (k.text && !k.constant && n >= kMinRowsForIdentifier) {
      std::unordered_set<std::string_view> seen;
      k.unique_text = true;
      for (std::size_t r = 0; r < n && k.unique_text; ++r) k.unique_text = seen.insert(trim(t.rows[r][c])).second;
    }
  }
  return cols;
}

/// The first column holds k, k+1, k+2, ... in file order (a row number or a pandas index).
bool sequential(const CsvTable& t, std::size_t c) {
  const std::size_t n = t.rows.size();
  if (n < kMinRowsForIdentifier) return false;
  double first = 0;
  for (std::size_t r = 0; r < n; ++r) {
    const std::string_view v = trim(t.rows[r][c]);
    double d;
    if (!csv::number_syntax(v, t.dialect.decimal) || !csv::decimal_value(v, t.dialect.decimal, d)) return false;
    if (r == 0) first = d;
    if (d != first + double(r) || d != std::floor(d)) return false;
  }
  return true;
}

std::string name_of(const CsvTable& t, std::size_t c) { return t.header[c]; }

}  // namespace

const std::vector<std::string>& target_column_names() {
  static const std::vector<std::string> names = {
      "target", "label", "class", "y", "species", "diagnosis", "outcome", "quality", "price",
      "survived", "churn", "result", "response", "category", "labels", "classe", "klasse", "clase",
      "medv", "output"};
  return names;
}

Status infer_csv_roles(const CsvTable& t, const CsvRolesGiven& given, CsvRoles& out) {
  out = CsvRoles();
  const std::size_t w = t.header.size(), n = t.rows.size();
  if (w == 0) return Status::Error("the file has no columns");
  const std::vector<Column> cols = column_flags(t);
  auto left_out = [&](std::size_t c) { return cols[c].id_name || cols[c].empty || cols[c].constant || cols[c].unique_text; };

  // ---- target
  bool found = false;
  if (!trim(given.target).empty()) {
    Status st = csv_find_column(t, "target", given.target, out.target);
    if (!st.ok()) return st;
    out.target_how = "given";
    found = true;
  }
  if (!found && t.has_header)
    for (const std::string& want : target_column_names()) {
      for (std::size_t c = 0; c < w && !found; ++c)
        if (lower(trim(t.header[c])) == want) out.target = c, found = true;
      if (found) {
        out.target_how = "by name";
        break;
      }
    }
  if (!found) {
    std::size_t text = 0, which = 0;
    for (std::size_t c = 0; c < w; ++c)
      if (cols[c].text && !left_out(c)) ++text, which = c;
    if (text == 1) {
      out.target = which;
      out.target_how = "the only text column";
      found = true;
    }
  }
  if (!found) {
    out.target = w - 1;
    for (std::size_t c = w; c-- > 0;)
      if (!left_out(c)) {
        out.target = c;
        break;
      }
    out.target_how = "the last column";
  }

  // ---- features
  if (!given.features.empty()) {
    out.features_given = true;
    Status st = csv_find_features(t, given.features, out.target, out.features);
    if (!st.ok()) {
      out = CsvRoles();  // as for a target that is not found: no roles to show
      return st;
    }
  } else {
    for (std::size_t c = 0; c < w; ++c) {
      if (c == out.target) continue;
      const Column& k = cols[c];
      const char* why = k.id_name || k.unique_text ? "identifier" : k.empty ? "empty" : k.constant ? "constant"
                        : k.text ? "text" : nullptr;
      if (why) out.ignored.push_back({c, why});
      else out.features.push_back(c);
    }
    // A row number in the first column, when other features remain.
    if (out.features.size() >= 2 && out.features[0] == 0 && sequential(t, 0)) {
      out.features.erase(out.features.begin());
      out.ignored.insert(out.ignored.begin(), {0, "identifier"});
    }
  }

  // ---- task
  const std::size_t tc = out.target;
  const bool numeric = !cols[tc].text;
  bool integers = true;
  std::set<double> values;
  std::unordered_set<std::string_view> labels;
  for (std::size_t r = 0; r < n; ++r) {
    const std::string_view v = trim(t.rows[r][tc]);
    if (v.empty()) continue;
    if (numeric) {
      double d;
      if (!csv::number_syntax(v, t.dialect.decimal) || !csv::decimal_value(v, t.dialect.decimal, d) || d != std::floor(d))
        integers = false;
      else if (values.size() <= kMaxClassesGuessed)
        values.insert(d);
    } else if (labels.size() <= kMaxClassesGuessed) {
      labels.insert(v);
    }
  }
  out.distinct = numeric ? values.size() : labels.size();
  if (given.task == "classification" || given.task == "regression") {
    out.classification = given.task == "classification";
    out.task_how = "given";
  } else if (given.classifier) {
    out.classification = true;
    out.task_how = "the model or loss needs classes";
  } else if (!numeric) {
    out.classification = true;
    out.task_how = "text labels";
  } else if (integers && out.distinct >= 2 && out.distinct <= kMaxClassesGuessed && 2 * out.distinct <= n) {
    out.classification = true;
    out.task_how = to_dec(out.distinct) + " integer values";
  } else {
    out.task_how = "numeric values";
  }
  // Every role is set above (the preview shows them) even when this leaves no feature.
  if (out.features.empty() && !out.ignored.empty()) {
    std::string list;
    for (std::size_t i = 0; i < out.ignored.size() && i < 5; ++i)
      list += (i ? ", " : "") + name_of(t, out.ignored[i].column) + " (" + out.ignored[i].why + ")";
    if (out.ignored.size() > 5) list += ", ...";
    return Status::Error("no feature column is left besides the target " + csv_column_label(t, out.target) +
                         ": ignored " + list + "; set data.features to use them");
  }
  return Status::Ok();
}

// ---- the report -----------------------------------------------------------------------------

namespace {

std::string how(bool guessed) { return guessed ? " (guessed)" : " (given)"; }

std::string ignored_list(const CsvReport& r, std::size_t max) {
  std::string s;
  for (std::size_t i = 0; i < r.ignored.size() && i < max; ++i)
    s += (i ? ", " : "") + r.ignored[i].first + " (" + r.ignored[i].second + ")";
  if (r.ignored.size() > max) s += " and " + to_dec(r.ignored.size() - max) + " more";
  return s;
}

std::string task_words(const CsvReport& r) {
  if (!r.classification) return "regression";
  const std::size_t k = r.classes ? r.classes : r.distinct;
  return k > kMaxClassesGuessed && !r.classes ? "classification" : to_dec(k) + " classes";
}

}  // namespace

std::string CsvReport::summary() const {
  std::string s;
  const std::string dot = " \xC2\xB7 ";  // U+00B7 middle dot
  if (roles) {
    s = "target: " + target + " (" + target_how + ")" + dot + task_words(*this);
    if (!ignored.empty()) s += dot + "ignored: " + ignored_list(*this, 4);
    s += dot;
  }
  s += "separator " + csv::char_name(dialect.delimiter);
  if (dialect.decimal != '.') s += dot + "decimal " + csv::char_name(dialect.decimal);
  if (!dialect.header) s += dot + "no header";
  if (dialect.skipped_lines) s += dot + "skipped " + to_dec(dialect.skipped_lines) + " lines";
  if (!dialect.dropped_columns.empty())
    s += dot + "dropped " + to_dec(dialect.dropped_columns.size()) + (dialect.dropped_columns.size() == 1 ? " empty column" : " empty columns");
  if (dialect.encoding != "utf-8") s += dot + "Windows-1252";
  return s;
}

std::vector<std::string> CsvReport::notes() const {
  std::vector<std::string> n;
  const CsvDialect& d = dialect;
  if (d.encoding != "utf-8")
    n.push_back("decoded as Windows-1252" +
                (d.guessed_encoding ? " (guessed: the file is not UTF-8; byte " + to_dec(d.not_utf8_byte) + ", line " +
                                          to_dec(d.not_utf8_line) + ")"
                                    : std::string(" (given)")));
  n.push_back("separator " + csv::char_name(d.delimiter) +
              (d.delimiter_from_sep_line ? " (from the sep= line)" : how(d.guessed_delimiter)));
  n.push_back("decimal separator " + csv::char_name(d.decimal) + how(d.guessed_decimal));
  if (d.quote != '"') n.push_back("quote " + csv::char_name(d.quote) + how(d.guessed_quote));
  n.push_back(std::string(d.header ? "header row" : "no header row: columns are named column 1, column 2, ...") +
              how(d.guessed_header));
  if (d.skipped_lines)
    n.push_back("skipped " + to_dec(d.skipped_lines) + (d.skipped_lines == 1 ? " line" : " lines") + " before the " +
                (d.header ? "header" : "data") + how(d.guessed_skip));
  if (!d.dropped_columns.empty()) {
    std::string cols;
    for (std::size_t i = 0; i < d.dropped_columns.size(); ++i) cols += (i ? ", " : "") + d.dropped_columns[i];
    n.push_back("dropped " + to_dec(d.dropped_columns.size()) + " empty unnamed " +
                (d.dropped_columns.size() == 1 ? "column" : "columns") + " at the end (" + cols +
                "): the lines end with a separator");
  } else if (d.trailing_rows) {
    n.push_back(to_dec(d.trailing_rows) + (d.trailing_rows == 1 ? " row ends" : " rows end") +
                " with extra separators (ignored)");
  }
  if (roles) {
    n.push_back("target: " + target + " (" + target_how + ")");
    n.push_back("task: " + std::string(classification ? "classification, " + task_words(*this) : "regression") + " (" +
                task_how + ")");
    if (!ignored.empty()) n.push_back("ignored: " + ignored_list(*this, 20));
  }
  return n;
}

void write_csv_report(JsonWriter& w, const CsvReport& r) {
  const CsvDialect& d = r.dialect;
  w.begin_object();
  w.key("summary");
  w.value_string(r.summary());
  w.key("notes");
  w.begin_array();
  for (const std::string& s : r.notes()) w.value_string(s);
  w.end_array();
  w.key("dialect");
  w.begin_object();
  w.key("delimiter");
  w.value_string(std::string(1, d.delimiter));
  w.key("decimal");
  w.value_string(std::string(1, d.decimal));
  w.key("quote");
  w.value_string(std::string(1, d.quote));
  w.key("encoding");
  w.value_string(d.encoding);
  w.key("header");
  w.value_bool(d.header);
  w.key("skipped");
  w.value_int(std::int64_t(d.skipped_lines));
  w.key("sepline");
  w.value_bool(d.sep_line);
  w.key("dropped");
  w.begin_array();
  for (const std::string& c : d.dropped_columns) w.value_string(c);
  w.end_array();
  w.key("trailing");
  w.value_int(std::int64_t(d.trailing_rows));
  w.key("guessed");
  w.begin_object();
  w.key("delimiter");
  w.value_bool(d.guessed_delimiter);
  w.key("decimal");
  w.value_bool(d.guessed_decimal);
  w.key("quote");
  w.value_bool(d.guessed_quote);
  w.key("header");
  w.value_bool(d.guessed_header);
  w.key("skipped");
  w.value_bool(d.guessed_skip);
  w.key("encoding");
  w.value_bool(d.guessed_encoding);
  w.end_object();
  w.end_object();
  if (r.roles) {
    w.key("target");
    w.begin_object();
    w.key("name");
    w.value_string(r.target);
    w.key("column");
    w.value_int(std::int64_t(r.target_column + 1));
    w.key("how");
    w.value_string(r.target_how);
    w.end_object();
    w.key("task");
    w.begin_object();
    w.key("kind");
    w.value_string(r.classification ? "classification" : "regression");
    if (r.classification) {
      w.key("classes");
      w.value_int(std::int64_t(r.classes ? r.classes : r.distinct));
    }
    w.key("how");
    w.value_string(r.task_how);
    w.end_object();
    w.key("features");
    w.begin_array();
    for (const std::string& f : r.features) w.value_string(f);
    w.end_array();
    w.key("ignored");
    w.begin_array();
    for (std::size_t i = 0; i < r.ignored.size(); ++i) {
      w.begin_object();
      w.key("name");
      w.value_string(r.ignored[i].first);
      w.key("column");
      w.value_int(std::int64_t(r.ignored_columns[i] + 1));
      w.key("why");
      w.value_string(r.ignored[i].second);
      w.end_object();
    }
    w.end_array();
  }
  if (!r.defaults.empty()) {
    w.key("defaults");
    w.begin_array();
    for (const CsvReport::Default& d : r.defaults) {
      w.begin_object();
      w.key("field");
      w.value_string(d.field);
      w.key("value");
      w.value_string(d.value);
      w.key("why");
      w.value_string(d.why);
      w.end_object();
    }
    w.end_array();
  }
  w.end_object();
}

Status read_csv_dataset(std::string_view bytes, const CsvFormat& format, const CsvRolesGiven& given,
                        CsvTable& table, CsvReport& report, Dataset& out, const CsvLimits& limits) {
  report = CsvReport();
  out = Dataset();
  Status st = parse_csv_table(bytes, format, table, limits);
  if (!st.ok()) return st;
  report.parsed = true;
  report.dialect = table.dialect;
  report.columns = table.header;
  report.rows = table.rows.size();
  CsvRoles roles;
  const Status rs = infer_csv_roles(table, given, roles);
  if (roles.target_how.empty()) return rs;  // a given column was not found: no roles to show
  report.target = table.header[roles.target];
  report.target_column = roles.target;
  report.target_how = roles.target_how;
  for (std::size_t c : roles.features) report.features.push_back(table.header[c]);
  report.feature_columns = roles.features;
  for (const CsvIgnored& i : roles.ignored) {
    report.ignored.emplace_back(table.header[i.column], i.why);
    report.ignored_columns.push_back(i.column);
  }
  report.classification = roles.classification;
  report.task_how = roles.task_how;
  report.distinct = roles.distinct;
  report.roles = true;
  if (!rs.ok()) return rs;
  CsvSelect sel;
  sel.by_index = true;
  sel.target_index = roles.target;
  sel.feature_indices = roles.features;
  sel.classification = roles.classification;
  st = table_to_dataset(table, sel, out, limits);
  if (st.ok() && out.classification) report.classes = out.classes;
  return st;
}

}  // namespace descent
