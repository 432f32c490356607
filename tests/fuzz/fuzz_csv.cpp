// libFuzzer target: the CSV reader (decoding, dialect sniffing, parse_csv_table, role inference,
// table_to_dataset) and the upload panel's preview (csv_preview_json). The whole input is the CSV
// bytes; its last byte also picks the options (header mode, target, features, task, tight or
// default limits, and with bit 7 a given separator/decimal/quote/skip/encoding from the byte
// before it), so the seeds in corpus/fuzz_csv stay plain CSV files. Checks, besides ASan/UBSan: a
// table is rectangular, a dataset has the advertised shape, finite values and class indices in
// range, the preview is JSON that agrees with the table, the guessed dialect given back explicitly
// reads the same table, and the inferred roles build the dataset they describe. Not here: the
// spec or training (fuzz_spec.cpp).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/data/csv.hpp"
#include "core/data/csv_preview.hpp"
#include "core/data/infer.hpp"
#include "core/util/json.hpp"

using namespace descent;

namespace {
void check(bool ok) {
  if (!ok) std::abort();  // an invariant broke: libFuzzer reports it as a crash
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const unsigned b = size ? data[size - 1] : 0;
  static const char* kHeader[] = {"auto", "yes", "no", "auto"};
  const std::string header = kHeader[b & 3];

  CsvFormat format;
  format.header = header;
  if ((b & 0x80) && size >= 2) {  // explicit format fields from the byte before the last
    const unsigned o = data[size - 2];
    static const char kDelim[] = {0, ',', ';', '\t', '|', 0, 0, 0};
    format.delimiter = kDelim[o & 7];
    format.decimal = (o >> 3 & 3) == 1 ? '.' : (o >> 3 & 3) == 2 ? ',' : 0;
    if (format.decimal == ',' && format.delimiter == ',') format.decimal = 0;
    format.quote = (o & 0x20) ? '\'' : 0;
    format.skip_rows = (o & 0x40) ? long(o & 3) : -1;
    format.encoding = (o & 0x80) ? "windows-1252" : "auto";
  }
  auto ch = [](char c) { return c ? json_quote(std::string(1, c)) : std::string("\"auto\""); };
  const std::string options = "{\"header\":\"" + header + "\",\"delimiter\":" + ch(format.delimiter) +
                              ",\"decimal\":" + ch(format.decimal) + ",\"quote\":" + ch(format.quote) +
                              ",\"skip_rows\":" + std::to_string(format.skip_rows) + ",\"encoding\":\"" +
                              format.encoding + "\"}";

  CsvLimits lim;  // the defaults, or small ones so the limit paths are reached
  if (b & 0x40) {
    lim.rows = 20;
    lim.columns = 12;
    lim.cells = 60;
    lim.bytes = 1024;
    lim.classes = 4;
  }

  // The preview uses the default limits and the same parser: it succeeds exactly when the table does.
  Json preview;
  check(parse_json(csv_preview_json(text, options, 3), preview).ok());
  CsvTable full;
  const bool full_ok = parse_csv_table(text, format, full).ok();
  check(preview.find("ok")->as_bool() == full_ok);
  if (full_ok) {
    // The guesses, given back as spec fields, read the very same table.
    CsvFormat again;
    again.header = full.has_header ? "yes" : "no";
    again.delimiter = full.dialect.delimiter;
    again.decimal = full.dialect.decimal;
    again.quote = full.dialect.quote;
    again.skip_rows = long(full.dialect.skipped_lines);
    again.encoding = full.dialect.encoding;
    CsvTable same;
    check(parse_csv_table(text, again, same).ok());
    check(same.header == full.header && same.rows == full.rows && same.line_of_row == full.line_of_row);
    // The roles the preview shows build a dataset of that shape, or say why not.
    CsvTable t2;
    CsvReport report;
    Dataset inferred;
    const Status rs = read_csv_dataset(text, format, CsvRolesGiven(), t2, report, inferred);
    check(report.parsed);
    check(rs.ok() == (preview.find("dataError") == nullptr));
    if (rs.ok()) {
      check(inferred.inputs == report.features.size() && inferred.n == full.rows.size());
      check(report.features.size() + report.ignored.size() + 1 == full.header.size());
      check(inferred.classification == report.classification);
    }
    check(preview.find("totalRows")->as_number() == double(full.rows.size()));
    check(preview.find("rows")->items().size() == std::min<std::size_t>(3, full.rows.size()));
    check(preview.find("columns")->items().size() == full.header.size());
    for (const Json& c : preview.find("columns")->items()) check(c.find("distinct")->as_number() <= 1001);
    // "numeric" is exactly what task "auto" decides for that column as the target (selected by
    // index, unless a column is named like that index: names win).
    for (std::size_t c = 0; c < full.header.size(); ++c) {
      CsvSelect as_target;
      as_target.target = std::to_string(c + 1);
      if (std::find(full.header.begin(), full.header.end(), as_target.target) != full.header.end()) continue;
      check(preview.find("columns")->items()[c].find("numeric")->as_bool() == csv_target_is_numeric(full, as_target));
    }
  }

  CsvTable table;
  const Status st = parse_csv_table(text, format, table, lim);
  if (!st.ok()) {
    check(!st.message().empty());
    return 0;
  }
  check(!table.header.empty());
  check(table.rows.size() == table.line_of_row.size());
  check(table.rows.size() <= lim.rows);
  for (const auto& row : table.rows) check(row.size() == table.header.size());

  CsvSelect sel;
  switch ((b >> 2) & 3) {
    case 0: break;                                   // last column
    case 1: sel.target = "1"; break;                 // by index
    case 2: sel.target = table.header[0]; break;     // by name
    case 3: sel.target = "no such column"; break;
  }
  if (b & 0x10) sel.features = {std::to_string(table.header.size()), "2"};
  sel.classification = (b & 0x20) ? true : !csv_target_is_numeric(table, sel);

  Dataset ds;
  const Status st2 = table_to_dataset(table, sel, ds, lim);
  if (!st2.ok()) {
    check(!st2.message().empty());
    check(ds.n == 0 && ds.x.empty());
    return 0;
  }
  check(ds.n == table.rows.size() && ds.n > 0 && ds.inputs > 0);
  check(ds.x.size() == ds.n * ds.inputs && ds.y.size() == ds.n * ds.targets);
  check(ds.feature_names.size() == ds.inputs);
  for (float v : ds.x) check(std::isfinite(v));
  for (float v : ds.y) check(std::isfinite(v));
  if (ds.classification) {
    check(ds.classes >= 2 && ds.classes <= lim.classes && ds.class_names.size() == ds.classes);
    for (float v : ds.y) check(v >= 0 && v < float(ds.classes) && v == std::floor(v));
  }
  return 0;
}
