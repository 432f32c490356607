// A preview of a CSV for the upload panel: header detection, column names, which columns are
// numeric, distinct counts of the text ones, and the first rows, as JSON. Uses the same parser
// as training, so the preview and the run agree on what the file says (and on its errors).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace descent {

/// {"ok":true,"hasHeader":bool,"columns":[{"name","numeric","distinct"}],"rows":[[cells]],
///  "totalRows":N} or {"ok":false,"error":"row 3: expected 2 fields, found 1"}.
/// distinct counts stop at 1001 ("more than 1000").
std::string csv_preview_json(std::string_view text, const std::string& header, std::size_t max_rows);

}  // namespace descent
