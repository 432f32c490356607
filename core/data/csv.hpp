// CSV ingestion (RFC 4180: quoted fields, embedded commas/quotes/newlines, CRLF, a UTF-8 BOM;
// header detection), then selection of the target and feature columns. Every problem is a Status
// that names the row and the column, e.g. 'row 5, column "price": "abc" is not a number'.
// Rows are counted as a spreadsheet shows them: the header is row 1 when present (blank lines
// count but are skipped). Byte positions in messages count from 1. Not here: encodings other
// than UTF-8, separators other than ',', locales (numbers use '.' as the decimal point).
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

/// What one parse may hold; the defaults are DataLimits (tests pass smaller ones).
struct CsvLimits {
  std::size_t rows = DataLimits::max_rows;        // data rows
  std::size_t columns = DataLimits::max_columns;  // fields per row
  std::size_t cells = DataLimits::max_cells;      // fields in data rows (the header not counted)
  std::size_t bytes = DataLimits::max_csv_bytes;  // text size, BOM included
  std::size_t classes = DataLimits::max_classes;  // distinct values of a class target
};

/// Parses text into a table. header: "auto" (a first row with a non-numeric cell in a column
/// that is numeric below it, or all non-numeric, is a header), "yes", "no".
/// Linear time, no recursion; never reads outside text. Blank lines are skipped (they still count
/// in row numbers); every other row must have as many fields as the first.
Status parse_csv_table(std::string_view text, const std::string& header, CsvTable& out,
                       const CsvLimits& limits = CsvLimits());

struct CsvSelect {
  std::string target;                 // column name, or a 1-based index as text ("3"); "" = last.
                                      // A name wins over an index when a header cell is "3".
  std::vector<std::string> features;  // names or indices; empty = every column but the target
  bool classification = false;        // target -> class indices (sorted distinct values, numeric order when all numeric)
};

/// Builds a Dataset from a table: numeric features only; NaN/Inf, missing values and non-numeric
/// feature cells are errors that name row and column.
/// Cells are trimmed (spaces, tabs) and parsed with std::strtod after a syntax check:
/// [+-]digits[.digits][e[+-]digits] (".5" and "5." too); hex, "1,5", NaN and Inf are rejected.
Status table_to_dataset(const CsvTable& table, const CsvSelect& select, Dataset& out,
                        const CsvLimits& limits = CsvLimits());

/// Whether every non-empty cell of the selected target column is a number (so "auto" can treat a
/// text column as classes). False when the target column cannot be found.
bool csv_target_is_numeric(const CsvTable& table, const CsvSelect& select);

/// The cell test behind csv_target_is_numeric (and the upload preview's "numeric" flag): empty
/// (missing), or written as a number in the accepted syntax, or a NaN/Inf spelling. Training then
/// names the row and column of a NaN or an out-of-range value instead of calling the column text.
bool csv_cell_is_numeric(std::string_view cell);

/// Both steps.
Status load_csv(std::string_view text, const std::string& header, const CsvSelect& select,
                Dataset& out, const CsvLimits& limits = CsvLimits());

}  // namespace descent
