// A preview of a CSV for the upload panel, as JSON: the first rows, the columns (numeric or not,
// distinct counts, role), and every guess (dialect, target, task, ignored columns) with its notes.
// It runs the very path training runs (infer.hpp's read_csv_dataset), so the preview and the run
// agree on what the file says, and on its errors. Not here: any HTML, any choice of what to show.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace descent {

/// bytes: the file as it is (any encoding; see dialect.hpp). options: a JSON object with the CSV
/// fields of a spec's data section ({"header", "delimiter", "decimal", "quote", "skip_rows",
/// "encoding", "target", "features", "task"}; source/text/path ignored), or one of "auto", "yes",
/// "no" (a header mode alone). max_rows: data rows to return.
///
/// {"ok": bool,                     // the file was read into a table
///  "error": "row 3: ...",          // when not ok: why (the file, or an option)
///  "errors": [{path, message}],    // when an option is invalid (paths "data.delimiter"), instead of a table
///  "dataError": "row 5, ...",      // when ok but these options give no dataset (a bad cell, no such
///                                  // target): training would fail with this message; absent when it would not
///  "bytes": N,
///  "lines": ["..."],               // when the file could not be split: its first lines (80 chars each)
///  "hasHeader": bool, "header": [names],
///  "columns": [{"name", "numeric", "distinct" (stops at 1001), "role": target|feature|ignored|unused, "why"?}],
///  "rows": [[cells]],              // trimmed, cut to 80 characters ("..." as U+2026)
///  "totalRows": N,
///  "data": {...}}                  // infer.hpp's write_csv_report: summary, notes, dialect, target, task, ...
/// Table fields are present whenever the file was split, even when the selection failed.
std::string csv_preview_json(std::string_view bytes, const std::string& options, std::size_t max_rows);

}  // namespace descent
