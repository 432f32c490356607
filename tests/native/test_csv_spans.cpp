// The span reader (csv::read_cells, the table's cells as offsets into the caller's bytes) against
// the reader it replaced: that reader, one std::string per cell, is kept below verbatim as the
// oracle, and both must give the same records, row numbers, offsets, trailing-separator counts
// and error messages on edge cases (quotes, CRLF, BOM, Windows-1252, empty cells, ragged rows,
// trailing newline, one column) and on random bytes; plus hand-written tables and messages for
// those cases, and the table's ownership of its text. Not here: number syntax (test_csv_parse).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/data/csv.hpp"
#include "core/data/csv_text.hpp"
#include "core/util/rng.hpp"

using namespace descent;
using namespace descent::csv;

namespace {

using Rows = std::vector<std::vector<std::string>>;

// ---- the oracle: read_records as of b99d8c1 (one std::string per cell), unchanged ---------------
Status reference_records(std::string_view s, const Syntax& syn, const RecordLimits& lim, std::size_t first_row,
                         std::vector<Record>& records, std::size_t* trailing) {
  const std::size_t n = s.size();
  const char sep = syn.delimiter, q = syn.quote;
  std::size_t i = 0, row = first_row == 0 ? 0 : first_row - 1, cells = 0, width = 0, min_width = 0;
  std::string field;
  while (i < n) {
    if (records.size() >= lim.max_records) return Status::Ok();
    ++row;
    Record rec;
    rec.row = row;
    rec.offset = i;
    bool blank = true;
    for (;;) {
      field.clear();
      bool quoted_field = false;
      if (i < n && s[i] == q) {
        quoted_field = true;
        ++i;
        for (;;) {
          const std::size_t e = s.find(q, i);
          if (e == std::string_view::npos)
            return Status::Error("unterminated quoted field starting at row " + to_dec(row));
          field.append(s.data() + i, e - i);
          i = e + 1;
          if (i < n && s[i] == q) {
            field.push_back(q);
            ++i;
            continue;
          }
          break;
        }
        if (i < n && s[i] != sep && s[i] != '\n' && s[i] != '\r')
          return Status::Error("row " + to_dec(row) + ", field " + to_dec(rec.fields.size() + 1) +
                               ": unexpected text after a closing quote (a quote inside a quoted "
                               "field is written " + std::string(2, q) + ")");
      } else {
        std::size_t j = i;
        while (j < n && s[j] != sep && s[j] != '\n' && s[j] != '\r') ++j;
        field.assign(s.data() + i, j - i);
        i = j;
      }
      if (quoted_field || !trim(field).empty()) blank = false;
      if (rec.fields.size() >= lim.columns)
        return Status::Error("the file has more than " + to_dec(lim.columns) + " columns (row " +
                             to_dec(row) + ")");
      rec.fields.push_back(field);
      rec.last_quoted = quoted_field;
      if (i < n && s[i] == sep) {
        ++i;
        blank = false;
        continue;
      }
      if (i < n && s[i] == '\r') {
        ++i;
        if (i < n && s[i] == '\n') ++i;
      } else if (i < n && s[i] == '\n') {
        ++i;
      }
      break;
    }
    if (blank) continue;
    if (lim.ragged) {
      records.push_back(std::move(rec));
      continue;
    }
    if (records.empty()) {
      width = rec.fields.size();
      min_width = width;
      while (min_width > 1 && trim(rec.fields[min_width - 1]).empty() && !(min_width == width && rec.last_quoted))
        --min_width;
    } else if (rec.fields.size() != width) {
      std::size_t c = rec.fields.size();
      if (c > width) {
        bool empty = !rec.last_quoted;
        for (std::size_t k = width; k < c && empty; ++k) empty = trim(rec.fields[k]).empty();
        if (empty) c = width;
      } else if (c >= min_width) {
        c = width;
      }
      if (c != width)
        return Status::Error("row " + to_dec(row) + ": expected " + to_dec(width) + " fields, found " +
                             to_dec(rec.fields.size()));
      rec.fields.resize(width);
      if (trailing) ++*trailing;
    }
    if (records.size() >= 1) {
      cells += width;
      if (cells > lim.cells)
        return Status::Error("the file has more than " + to_dec(lim.cells) + " cells");
    }
    if (records.size() >= lim.rows + 1)
      return Status::Error("the file has more than " + to_dec(lim.rows) + " rows");
    records.push_back(std::move(rec));
  }
  return Status::Ok();
}
// ---- end of the oracle ----------------------------------------------------------------------------

RecordLimits limits(std::size_t rows, std::size_t columns, std::size_t cells, bool ragged, std::size_t max_records) {
  RecordLimits l;
  l.rows = rows;
  l.columns = columns;
  l.cells = cells;
  l.ragged = ragged;
  l.max_records = max_records;
  return l;
}

/// read_cells and the oracle agree on s: same status, records, rows, offsets, last_quoted, trailing.
void same_as_reference(std::string_view s, const Syntax& syn, const RecordLimits& lim, std::size_t first_row = 1) {
  std::vector<Record> want;
  std::size_t want_trailing = 0, got_trailing = 0;
  const Status ws = reference_records(s, syn, lim, first_row, want, &want_trailing);
  Cells got;
  const Status gs = read_cells(s, syn, lim, first_row, got, &got_trailing);
  INFO("text: ", std::string(s));
  REQUIRE(gs.message() == ws.message());
  REQUIRE(got.size() == want.size());
  for (std::size_t r = 0; r < want.size(); ++r) {
    CHECK(got.row[r] == want[r].row);
    CHECK(got.offset[r] == want[r].offset);
    CHECK(got.last_quoted[r] == want[r].last_quoted);
    REQUIRE(got.width(r) == want[r].fields.size());
    for (std::size_t c = 0; c < want[r].fields.size(); ++c) CHECK(got.cell(s, r, c) == want[r].fields[c]);
  }
  if (ws.ok()) CHECK(got_trailing == want_trailing);
  // read_records (the sniffer's form) is read_cells copied out: the same again.
  std::vector<Record> copied;
  const Status cs = read_records(s, syn, lim, first_row, copied);
  CHECK(cs.message() == ws.message());
  REQUIRE(copied.size() == want.size());
  for (std::size_t r = 0; r < want.size(); ++r) CHECK(copied[r].fields == want[r].fields);
}

const RecordLimits kWide = limits(1000, 100, 100000, false, static_cast<std::size_t>(-1));

CsvTable table(std::string_view text, const CsvFormat& f = CsvFormat()) {
  CsvTable t;
  const Status st = parse_csv_table(text, f, t);
  REQUIRE_MESSAGE(st.ok(), st.message());
  return t;
}

std::string load_error(std::string_view text) {
  Dataset ds;
  const Status st = load_csv(text, "auto", CsvSelect(), ds);
  REQUIRE(!st.ok());
  return st.message();
}

}  // namespace

TEST_CASE("span reader: edge cases read as the string reader read them") {
  const char* cases[] = {
      "a,b\n1,2\n",                          // plain
      "a,b\r\n1,2\r\n3,4",                   // CRLF, no final newline
      "a,b\r1,2\r",                          // lone CR
      "a,b\n1,2\n\n\n3,4\n\n",               // blank lines (they count in rows)
      "a,b\n  \t\n1,2\n",                    // a line of spaces is blank
      "\"x\",\"y\"\n\"1\",\"\"\n",           // quoted, an empty quoted cell
      "n,v\n\"a,b\",\"say \"\"hi\"\"\"\n",   // separator and doubled quotes inside quotes
      "n,v\n\"a\nb\",\"c\r\nd\"\n",          // line ends inside quotes
      "n,v\n\"\"\"\",\"\"\"\"\"\"\n",        // cells that are only quotes
      "a,b\n1,\n,2\n,\n",                    // empty cells
      "a,b,\n1,2,\n3,4,\n",                  // every line ends with a separator
      "a,b\n1,2,\n3,4,,\n",                  // data rows with trailing separators
      "a,b,,\n1,2\n3,4,5\n",                 // a header with trailing separators, short rows
      "a,b,c\n1,2\n",                        // ragged: too few fields
      "a,b\n1,2,3\n",                        // ragged: too many fields
      "a,b\n1,\"2\",\"\"\n",                 // a quoted empty extra field is not a trailing separator
      "y\n1\n2\n3",                          // one column, no final newline
      "y\n\n1\n",                            // one column with a blank line
      "a,b\n\"1\"x,2\n",                     // text after a closing quote
      "a,b\n\"1,2\n",                        // unterminated quote
      "a,b\n\"1\"\"\n",                      // unterminated after a doubled quote
      "a,\"\"\n",                            // ends right after a quoted cell
      "a,b\n1,2\n,",                         // a last line of one separator
      ",",                                   // only a separator
      "\"",                                  // only a quote
      "",                                    // empty
  };
  for (const char* c : cases) {
    same_as_reference(c, {',', '"'}, kWide);
    same_as_reference(c, {',', '"'}, limits(1000, 100, 100000, true, static_cast<std::size_t>(-1)));  // the sniffer's ragged mode
    same_as_reference(c, {',', '"'}, limits(1000, 100, 100000, false, 2));                            // stopped after 2 records
  }
  same_as_reference("a;b\n'x;y';'it''s'\n", {';', '\''}, kWide);  // another separator and quote
  same_as_reference("a\tb\n1\t2\n", {'\t', '"'}, kWide, 4);        // first_row after skipped lines
  // Limits: columns, cells, rows.
  same_as_reference("a,b,c\n1,2,3\n", {',', '"'}, limits(10, 2, 100, false, static_cast<std::size_t>(-1)));
  same_as_reference("a,b\n1,2\n3,4\n5,6\n", {',', '"'}, limits(10, 10, 5, false, static_cast<std::size_t>(-1)));
  same_as_reference("a,b\n1,2\n3,4\n5,6\n", {',', '"'}, limits(2, 10, 100, false, static_cast<std::size_t>(-1)));
}

TEST_CASE("span reader: random bytes read as the string reader read them") {
  Rng rng(77, RngStream::misc);
  const char alphabet[] = {',', '"', '\n', '\r', ' ', '\t', '1', 'a', ';', '"', ','};
  for (int round = 0; round < 4000; ++round) {
    std::string s(rng.bounded(40), ' ');
    for (char& c : s) c = alphabet[rng.bounded(sizeof alphabet)];
    const std::size_t rows = 1 + rng.bounded(6), cols = 1 + rng.bounded(6), cells = 1 + rng.bounded(20);
    same_as_reference(s, {',', '"'}, limits(rows, cols, cells, rng.bounded(4) == 0, static_cast<std::size_t>(-1)));
  }
}

TEST_CASE("span tables: cells, header, BOM, Windows-1252, dropped columns, row numbers") {
  // Hand-written tables for the edge cases (what a spreadsheet shows).
  CHECK(table("\xEF\xBB\xBFname,v\r\n\"Smith, J\",1\r\n\"O\"\"Brien\",2\r\n").rows == Rows{{"Smith, J", "1"}, {"O\"Brien", "2"}});
  const CsvTable w = table("name,price\ncaf\xE9,1\n\x80,2\n");  // Windows-1252: decoded, owned by the table
  CHECK(w.rows == Rows{{"caf\xC3\xA9", "1"}, {"\xE2\x82\xAC", "2"}});
  const CsvTable t = table("a,b,\n1,,\n\n3,4,\n");  // trailing separators dropped, an empty cell, a blank line
  CHECK(t.header == std::vector<std::string>{"a", "b"});
  CHECK(t.rows == Rows{{"1", ""}, {"3", "4"}});
  CHECK(t.line_of_row == std::vector<std::size_t>{2, 4});
  CHECK(t.dialect.dropped_columns == std::vector<std::string>{"column 3"});
  const CsvTable one = table("y\n1\n2\n3");  // one column, no final newline
  CHECK(one.rows == Rows{{"1"}, {"2"}, {"3"}});
  const CsvTable pad = table("a,b,c,,\n1,2,3\n");  // a short row under a header with trailing separators
  CHECK(pad.rows == Rows{{"1", "2", "3"}});
  // Row views: size, indexing, iteration.
  const CsvRows::Row r = t.rows[1];
  CHECK(r.size() == 2);
  std::string joined;
  for (std::string_view cell : r) joined += std::string(cell) + "|";
  CHECK(joined == "3|4|");
}

TEST_CASE("span tables: the table refers to the caller's bytes until own_text()") {
  std::string text = "a,b\n\"x\"\"y\",2\n3,4\n";
  CsvTable t = table(text);
  CHECK(t.rows[1][0].data() == text.data() + 13);  // a view into the bytes, not a copy
  t.rows.own_text();
  text.assign(text.size(), '#');  // the caller's bytes change: the table does not
  CHECK(t.rows == Rows{{"x\"y", "2"}, {"3", "4"}});
  const CsvTable copy = t;  // a copy of an owning table owns its own text
  t = CsvTable();
  CHECK(copy.rows == Rows{{"x\"y", "2"}, {"3", "4"}});
}

TEST_CASE("span tables: messages name the row and column as before") {
  CHECK(load_error("a,b,y\n1,2,3\n4,x,6\n") == "row 3, column \"b\": \"x\" is not a number");
  CHECK(load_error("a,b,y\r\n1,2,3\r\n\r\n4, ,6\r\n") == "row 4, column \"b\": missing value");
  CHECK(load_error("a,y\n\"1\",3\n4,nan\n") == "row 3, column \"y\": NaN/Inf is not allowed");
  CHECK(load_error("a,y\n1,2\n3,4,5\n") == "row 3: expected 2 fields, found 3");
  CHECK(load_error("a,y\n1,2\n\"3,4\n") == "unterminated quoted field starting at row 3");
  CHECK(load_error("a,y\n\"1\"2,3\n") ==
        "row 2, field 1: unexpected text after a closing quote (a quote inside a quoted field is written \"\")");
}
