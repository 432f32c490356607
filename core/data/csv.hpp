// CSV ingestion (RFC 4180: quoted fields, embedded separators/quotes/newlines, CRLF, a UTF-8 BOM;
// the dialect of dialect.hpp: encoding, separator, quote, decimal comma, lines before the header;
// header detection), then selection of the target and feature columns. Every problem is a Status
// that names the row and the column, e.g. 'row 5, column "price": "abc" is not a number'.
// Rows are counted as a spreadsheet shows them: the first line of the file is row 1 (skipped lines
// and blank lines count). Byte positions in messages count from 1. Not here: guessing the target
// or the task (infer.hpp), thousands separators, dates, categorical features.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/data/csv_text.hpp"
#include "core/data/dialect.hpp"
#include "core/util/status.hpp"

namespace descent {

/// A table's data rows: each cell is where its field ends in the text parsed (csv::Cells, 4 bytes a
/// cell; the text is not copied, so it must outlive the table, or own_text() copies it in), or a
/// cell of a small store (quoted cells with doubled quotes, unescaped). rows[r][c] and iteration
/// give std::string_view. A hand-built table (tests) assigns rows.
class CsvRows {
 public:
  class Row {
   public:
    Row(const CsvRows* t, std::size_t r) : t_(t), r_(r) {}
    std::size_t size() const { return t_->cells_.width(r_); }
    std::string_view operator[](std::size_t c) const { return t_->cells_.cell(t_->text(), r_, c); }
    struct iterator {
      const Row* row;
      std::size_t c;
      std::string_view operator*() const { return (*row)[c]; }
      iterator& operator++() { ++c; return *this; }
      bool operator!=(const iterator& o) const { return c != o.c; }
    };
    iterator begin() const { return {this, 0}; }
    iterator end() const { return {this, size()}; }
    bool operator==(const std::vector<std::string>& cells) const {
      if (cells.size() != size()) return false;
      for (std::size_t c = 0; c < size(); ++c)
        if ((*this)[c] != cells[c]) return false;
      return true;
    }

   private:
    const CsvRows* t_;
    std::size_t r_;
  };
  struct iterator {
    const CsvRows* t;
    std::size_t r;
    Row operator*() const { return Row(t, r); }
    iterator& operator++() { ++r; return *this; }
    bool operator!=(const iterator& o) const { return r != o.r; }
  };

  CsvRows() { cells_.first.push_back(0); }
  CsvRows& operator=(const std::vector<std::vector<std::string>>& rows);  // a hand-built table
  std::size_t size() const { return cells_.size(); }
  bool empty() const { return size() == 0; }
  Row operator[](std::size_t r) const { return Row(this, r); }
  iterator begin() const { return {this, 0}; }
  iterator end() const { return {this, size()}; }
  /// Copies the text parsed into the table (so the table no longer refers to the caller's bytes).
  void own_text();
  bool operator==(const std::vector<std::vector<std::string>>& rows) const;
  bool operator==(const CsvRows& o) const;
  /// The parser's result: cells over `text` (the caller's), or over `owned` (decoded bytes).
  void assign(std::string_view text, csv::Cells cells);
  void assign_owned(std::string owned, csv::Cells cells);

 private:
  std::string_view text() const { return owned_ ? std::string_view(own_) : view_; }
  std::string_view view_;  // the caller's text (or own_ when owned_)
  std::string own_;        // the text, when decoded (Windows-1252) or own_text() was called
  bool owned_ = false;
  csv::Cells cells_;       // rows only (not the header)
};

/// The raw table: cells as text, after unquoting.
struct CsvTable {
  bool has_header = false;
  std::vector<std::string> header;           // column names (generated "column 1".. if no header)
  CsvRows rows;                              // data rows only
  std::vector<std::size_t> line_of_row;        // 1-based row number of each data row in the file
  CsvDialect dialect;                          // how it was read (decimal is used for numbers)
};

/// What one parse may hold; the defaults are DataLimits (tests pass smaller ones).
struct CsvLimits {
  std::size_t rows = DataLimits::max_rows;        // data rows
  std::size_t columns = DataLimits::max_columns;  // fields per row
  std::size_t cells = DataLimits::max_cells;      // fields in data rows (the header not counted)
  std::size_t bytes = DataLimits::max_csv_bytes;  // text size, BOM included
  std::size_t classes = DataLimits::max_classes;  // distinct values of a class target
};

/// Parses bytes into a table (which refers to `text`: keep it alive, or call rows.own_text()):
/// decodes and sniffs (dialect.hpp) what format leaves to "auto", then splits every record. header "auto": a first row with a non-numeric cell in a column that is
/// numeric below it, or all non-numeric, is a header. Linear time, no recursion; never reads
/// outside text. Blank lines are skipped (they still count in row numbers); every other row must
/// have as many fields as the first (trailing separators aside, see csv_text.hpp). Trailing
/// columns without a name and without a value (every line ends with a separator) are dropped and
/// listed in out.dialect.dropped_columns.
Status parse_csv_table(std::string_view text, const CsvFormat& format, CsvTable& out,
                       const CsvLimits& limits = CsvLimits());
/// The same with every format field guessed but the header ("auto", "yes", "no").
Status parse_csv_table(std::string_view text, const std::string& header, CsvTable& out,
                       const CsvLimits& limits = CsvLimits());

struct CsvSelect {
  std::string target;                 // column name, or a 1-based index as text ("3"); "" = last.
                                      // A name wins over an index when a header cell is "3".
  std::vector<std::string> features;  // names or indices; empty = every column but the target
  bool classification = false;        // target -> class indices (sorted distinct values, numeric order when all numeric)
  /// Resolved columns (0-based; infer.hpp's guess): when by_index, these replace target/features.
  bool by_index = false;
  std::size_t target_index = 0;
  std::vector<std::size_t> feature_indices;
};

/// Builds a Dataset from a table: numeric features only; NaN/Inf, missing values and non-numeric
/// feature cells are errors that name row and column.
/// Cells are trimmed (spaces, tabs) and parsed with std::strtod after a syntax check:
/// [+-]digits[.digits][e[+-]digits] (".5" and "5." too) with the table's decimal separator in
/// place of '.'; hex, "1,5" (with '.' as the decimal), NaN and Inf are rejected.
Status table_to_dataset(const CsvTable& table, const CsvSelect& select, Dataset& out,
                        const CsvLimits& limits = CsvLimits());

/// Whether every non-empty cell of the selected target column is a number (so "auto" can treat a
/// text column as classes). False when the target column cannot be found.
bool csv_target_is_numeric(const CsvTable& table, const CsvSelect& select);

/// The cell test behind csv_target_is_numeric (and the upload preview's "numeric" flag): empty
/// (missing), or written as a number in the accepted syntax, or a NaN/Inf spelling. Training then
/// names the row and column of a NaN or an out-of-range value instead of calling the column text.
bool csv_cell_is_numeric(std::string_view cell, char decimal = '.');

/// Both steps.
Status load_csv(std::string_view text, const std::string& header, const CsvSelect& select,
                Dataset& out, const CsvLimits& limits = CsvLimits());

/// "column \"price\"" with a header, "column 3" without: how messages name a column.
std::string csv_column_label(const CsvTable& t, std::size_t c);

/// The column a selection names (a name, else a 1-based index); role ("target", "feature") is
/// for the message: 'target column "x" not found (columns: a, b)'.
Status csv_find_column(const CsvTable& t, const char* role, const std::string& sel, std::size_t& out);
/// The feature columns `names` select, none of them the target or named twice.
Status csv_find_features(const CsvTable& t, const std::vector<std::string>& names, std::size_t target,
                         std::vector<std::size_t>& out);

}  // namespace descent
