// CSV ingestion (RFC 4180: quoted fields, embedded commas/quotes/newlines, CRLF, a UTF-8 BOM;
// header detection), then selection of the target and feature columns. Every problem is a Status
// that names the row and the column, e.g. 'row 5, column "price": "abc" is not a number'.
// Rows are counted as a spreadsheet shows them: the header is row 1 when present.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/util/status.hpp"

namespace descent {

/// The raw table: cells as text, after RFC 4180 unquoting.
struct CsvTable {
  bool has_header = false;
  std::vector<std::string> header;           // column names (generated "column 1".. if no header)
  std::vector<std::vector<std::string>> rows;  // data rows only
  std::vector<std::size_t> line_of_row;        // 1-based row number of each data row in the file
};

/// Parses text into a table. header: "auto" (a first row with a non-numeric cell in a column
/// that is numeric below it, or all non-numeric, is a header), "yes", "no".
Status parse_csv_table(std::string_view text, const std::string& header, CsvTable& out);

struct CsvSelect {
  std::string target;                 // column name, or a 1-based index as text ("3"); "" = last
  std::vector<std::string> features;  // names or indices; empty = every column but the target
  bool classification = false;        // target -> class indices (sorted distinct values, numeric order when all numeric)
};

/// Builds a Dataset from a table: numeric features only; NaN/Inf, missing values and non-numeric
/// feature cells are errors that name row and column.
Status table_to_dataset(const CsvTable& table, const CsvSelect& select, Dataset& out);

/// Both steps.
Status load_csv(std::string_view text, const std::string& header, const CsvSelect& select,
                Dataset& out);

}  // namespace descent
