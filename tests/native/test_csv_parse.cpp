// CSV: RFC 4180 quoting (embedded commas, quotes, CR/LF), line ends, BOM, blank lines, header
// detection both ways, target/feature selection by name and index, categorical targets, every
// error message (naming row and column), the size limits, and garbage bytes (an error, no crash).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/data/csv.hpp"
#include "core/util/rng.hpp"

using namespace descent;

namespace {

CsvTable table(std::string_view text, const std::string& header = "auto") {
  CsvTable t;
  Status st = parse_csv_table(text, header, t);
  REQUIRE_MESSAGE(st.ok(), st.message());
  return t;
}

std::string parse_error(std::string_view text, const std::string& header = "auto",
                        const CsvLimits& lim = CsvLimits()) {
  CsvTable t;
  Status st = parse_csv_table(text, header, t, lim);
  REQUIRE(!st.ok());
  return st.message();
}

Dataset load(std::string_view text, CsvSelect sel = CsvSelect(), const std::string& header = "auto") {
  Dataset ds;
  Status st = load_csv(text, header, sel, ds);
  REQUIRE_MESSAGE(st.ok(), st.message());
  return ds;
}

std::string load_error(std::string_view text, CsvSelect sel = CsvSelect(),
                       const std::string& header = "auto", const CsvLimits& lim = CsvLimits()) {
  Dataset ds;
  Status st = load_csv(text, header, sel, ds, lim);
  REQUIRE(!st.ok());
  CHECK(ds.n == 0);  // nothing half-filled
  return st.message();
}

CsvSelect target(std::string t, bool classification = false) {
  CsvSelect s;
  s.target = std::move(t);
  s.classification = classification;
  return s;
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("plain table with a header") {
  const CsvTable t = table("a,b,c\n1,2,3\n4,5,6\n");
  CHECK(t.has_header);
  CHECK(t.header == std::vector<std::string>{"a", "b", "c"});
  CHECK(t.rows == Rows{{"1", "2", "3"}, {"4", "5", "6"}});
  CHECK(t.line_of_row == std::vector<std::size_t>{2, 3});
}

TEST_CASE("quoted fields: embedded commas, doubled quotes, CR and LF inside quotes") {
  const CsvTable t = table("name,note,v\n\"Smith, J\",\"say \"\"hi\"\"\",1\n\"a\nb\",\"c\r\nd\",2\n\"\",\"\"\"\",3\n");
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0] == std::vector<std::string>{"Smith, J", "say \"hi\"", "1"});
  CHECK(t.rows[1] == std::vector<std::string>{"a\nb", "c\r\nd", "2"});
  CHECK(t.rows[2] == std::vector<std::string>{"", "\"", "3"});
  // A record spanning two lines is one spreadsheet row: rows 2, 3, 4.
  CHECK(t.line_of_row == std::vector<std::size_t>{2, 3, 4});
  // Quoted header names, and a quoted number is still a number.
  const Dataset ds = load("\"x, first\",\"y\"\n\"1.5\",2\n3,\"4\"\n");
  CHECK(ds.feature_names == std::vector<std::string>{"x, first"});
  CHECK(ds.x == std::vector<float>{1.5f, 3.0f});
  CHECK(ds.y == std::vector<float>{2.0f, 4.0f});
}

TEST_CASE("a quote inside an unquoted field is kept, text after a closing quote is an error") {
  const CsvTable t = table("h,w\n5'11\",1\n", "yes");
  CHECK(t.rows[0][0] == "5'11\"");
  CHECK(parse_error("a,b\n\"x\"y,1\n") ==
        "row 2, field 1: unexpected text after a closing quote (a quote inside a quoted field is "
        "written \"\")");
}

TEST_CASE("line ends: LF, CRLF, lone CR, no final newline, blank lines") {
  const Rows want{{"1", "2"}, {"3", "4"}};
  for (const char* text : {"a,b\n1,2\n3,4\n", "a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4\r", "a,b\n1,2\n3,4",
                           "a,b\r\n1,2\r\n3,4", "a,b\n1,2\n3,4\n\n\n", "a,b\r\n1,2\r\n3,4\r\n\r\n  \r\n"}) {
    CAPTURE(text);
    const CsvTable t = table(text);
    CHECK(t.header == std::vector<std::string>{"a", "b"});
    CHECK(t.rows == want);
  }
  // Blank lines in the middle are skipped but still counted, as a spreadsheet shows them.
  const CsvTable t = table("\na,b\n1,2\n\n3,4\n");
  CHECK(t.rows == want);
  CHECK(t.line_of_row == std::vector<std::size_t>{3, 5});
  // Rows: 1 header, 2 "1,2", 3 blank, 4 "3,x".
  CHECK(load_error("a,b\n1,2\n\n3,x\n") == "row 4, column \"b\": \"x\" is not a number");
  // A trailing comma on every line makes an empty unnamed last column, which is dropped
  // (test_csv_dialect.cpp has the other trailing-separator cases).
  const CsvTable tc = table("a,b,\n1,2,", "yes");
  CHECK(tc.rows == Rows{{"1", "2"}});
  CHECK(tc.dialect.dropped_columns == std::vector<std::string>{"column 3"});
}

TEST_CASE("a UTF-8 BOM is dropped, non-ASCII names are kept") {
  const CsvTable t = table("\xEF\xBB\xBFprix \xE2\x82\xAC,y\n1,2\n");
  CHECK(t.header == std::vector<std::string>{"prix \xE2\x82\xAC", "y"});
  CHECK(parse_error("\xEF\xBB\xBF") == "the file is empty");
}

TEST_CASE("header detection") {
  // Non-numeric names above numeric columns: a header.
  CHECK(table("x,y\n1,2\n").has_header);
  // All numeric: data; columns are named "column 1"...
  const CsvTable d = table("1,2\n3,4\n");
  CHECK(!d.has_header);
  CHECK(d.header == std::vector<std::string>{"column 1", "column 2"});
  CHECK(d.rows == Rows{{"1", "2"}, {"3", "4"}});
  CHECK(d.line_of_row == std::vector<std::size_t>{1, 2});
  // A text class column in every row, numbers elsewhere: no header.
  CHECK(!table("1.5,2,cat\n3,4,dog\n").has_header);
  // Text above a numeric column, even with a text column beside it: a header.
  CHECK(table("x,label\n1,cat\n2,dog\n").has_header);
  // All text: a header.
  CHECK(table("name,colour\nbob,red\n").has_header);
  // Empty cells below are neutral; NaN in the first row looks like data, not a name.
  CHECK(table("x,y\n,1\n2,\n").has_header);
  CHECK(!table("NaN,1\n2,3\n").has_header);
  // Forced either way.
  const CsvTable yes = table("1,2\n3,4\n", "yes");
  CHECK(yes.has_header);
  CHECK(yes.header == std::vector<std::string>{"1", "2"});
  CHECK(yes.rows == Rows{{"3", "4"}});
  const CsvTable no = table("x,y\n1,2\n", "no");
  CHECK(!no.has_header);
  CHECK(no.rows.size() == 2);
  // Header names are trimmed; an empty one gets a generated name.
  CHECK(table(" a , ,c\n1,2,3\n").header == std::vector<std::string>{"a", "column 2", "c"});
  CHECK(parse_error("1,2\n", "maybe") == "header must be \"auto\", \"yes\" or \"no\", got \"maybe\"");
}

TEST_CASE("numbers: strtod on the trimmed cell, strict syntax") {
  const Dataset ds = load("x,y\n1e3,0\n-0.5,1\n 2 ,2\n+.5,3\n7.,4\n\t-1.25E-2\t,5\n");
  CHECK(ds.x == std::vector<float>{1000.0f, -0.5f, 2.0f, 0.5f, 7.0f, -0.0125f});
  CHECK(ds.y == std::vector<float>{0, 1, 2, 3, 4, 5});
  // 0.1 is rounded to double then to float: the float nearest 0.1.
  CHECK(load("x,y\n0.1,1\n").x[0] == 0.1f);
  struct Bad {
    const char* cell;
    const char* msg;
  };
  const Bad bad[] = {
      {"abc", "row 2, column \"x\": \"abc\" is not a number"},
      {"1,5", "row 2: expected 2 fields, found 3"},
      {"\"1,5\"", "row 2, column \"x\": \"1,5\" is not a number (a decimal comma? set data.decimal to \",\")"},
      {"0x10", "row 2, column \"x\": \"0x10\" is not a number"},
      {"1e", "row 2, column \"x\": \"1e\" is not a number"},
      {".", "row 2, column \"x\": \".\" is not a number"},
      {"1 2", "row 2, column \"x\": \"1 2\" is not a number"},
      {"--1", "row 2, column \"x\": \"--1\" is not a number"},
      {"", "row 2, column \"x\": missing value"},
      {"   ", "row 2, column \"x\": missing value"},
      {"NaN", "row 2, column \"x\": NaN/Inf is not allowed"},
      {"nan", "row 2, column \"x\": NaN/Inf is not allowed"},
      {"-inf", "row 2, column \"x\": NaN/Inf is not allowed"},
      {"Infinity", "row 2, column \"x\": NaN/Inf is not allowed"},
      {"1e999", "row 2, column \"x\": \"1e999\" is out of range for a 32-bit float"},
      {"1e39", "row 2, column \"x\": \"1e39\" is out of range for a 32-bit float"},
  };
  for (const Bad& b : bad) {
    CAPTURE(b.cell);
    CHECK(load_error(std::string("x,y\n") + b.cell + ",1\n", CsvSelect(), "yes") == b.msg);
  }
  // Long cells are cut in messages.
  const std::string long_cell(100, 'z');
  CHECK(load_error("x,y\n" + long_cell + ",1\n") ==
        "row 2, column \"x\": \"" + std::string(40, 'z') + "...\" is not a number");
  // Without a header, columns are named by number.
  CHECK(load_error("1,2\n3,abc\n") == "row 2, column 2: \"abc\" is not a number");
}

TEST_CASE("every number reads as (float) std::strtod, bit for bit") {
  // The parser takes an exact shortcut for short mantissas; strtod is the reference for all.
  Rng rng(31, RngStream::misc);
  std::vector<std::string> cells;
  for (int k = 0; k < 20000; ++k) {
    std::string c;
    if (rng.bounded(3) == 0) c += rng.bounded(2) ? "-" : "+";
    const std::uint32_t digits = 1 + rng.bounded(22), point = rng.bounded(digits + 2);
    for (std::uint32_t d = 0; d < digits; ++d) {
      if (d == point) c += ".";
      c += static_cast<char>('0' + rng.bounded(10));
    }
    if (rng.bounded(2)) c += (rng.bounded(2) ? "e" : "E") + std::to_string(int(rng.bounded(36)) - 20);  // stays below 1e38
    cells.push_back(c);
  }
  cells.insert(cells.end(), {"9007199254740993", "9007199254740992", "0.1", "1e22", "1e23", "1e-22",
                             "4.9e-324", "3.4028235e38", "3.4028234e38", "1.17549435e-38", "1e-45",
                             "0.30000000000000004", "-0", "0000000000000000000000000012.5e-1"});
  std::string text = "x,y\n";
  for (const std::string& c : cells) text += c + ",0\n";
  Dataset ds;
  Status st = load_csv(text, "yes", CsvSelect(), ds);
  REQUIRE_MESSAGE(st.ok(), st.message());
  REQUIRE(ds.n == cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const float want = static_cast<float>(std::strtod(cells[i].c_str(), nullptr));
    CAPTURE(cells[i]);
    CHECK(std::memcmp(&ds.x[i], &want, 4) == 0);
  }
  CHECK(std::signbit(ds.x[cells.size() - 2]));  // "-0" is -0.0
}

TEST_CASE("error messages name the row and column") {
  CHECK(load_error("a,b,c,price\n1,2,3,4\n1,2,3,4\n1,2,3,4\n1,2,3,abc\n") ==
        "row 5, column \"price\": \"abc\" is not a number");
  CHECK(parse_error("a,b,c,d\n1,2,3,4\n1,2,3\n") == "row 3: expected 4 fields, found 3");
  CHECK(parse_error("a,b\n1,2\n1,2,3\n") == "row 3: expected 2 fields, found 3");
  CHECK(load_error("id,age,y\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1,2,3\n1, ,3\n") ==
        "row 7, column \"age\": missing value");
  CHECK(load_error("x,y\nNaN,1\n") == "row 2, column \"x\": NaN/Inf is not allowed");
  CHECK(load_error("x,y\n1,inf\n") == "row 2, column \"y\": NaN/Inf is not allowed");
  CHECK(parse_error("") == "the file is empty");
  CHECK(parse_error("\n\r\n  \n") == "the file is empty");
  CHECK(parse_error("a,b,c\n") == "the file has a header but no data rows");
  CHECK(parse_error("a,b,c\n\n\n") == "the file has a header but no data rows");
  CHECK(parse_error("1,2\n", "yes") == "the file has a header but no data rows");
  CHECK(parse_error("a,b\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n1,2\n\"oops,2\n1,2\n") ==
        "unterminated quoted field starting at row 9");
  CHECK(parse_error("a,\"b") == "unterminated quoted field starting at row 1");
  CHECK(parse_error("a,\"b\"\"") == "unterminated quoted field starting at row 1");
  CHECK(load_error("a,b,c\n1,2,3\n", target("foo")) == "target column \"foo\" not found (columns: a, b, c)");
  CHECK(load_error("a,b,c\n1,2,3\n", target("4")) == "target column 4 does not exist (the file has 3 columns)");
  CHECK(load_error("a,b,c\n1,2,3\n", target("0")) == "target column 0 does not exist (the file has 3 columns)");
}

TEST_CASE("invalid UTF-8 is reported at its byte and line (data.encoding \"utf-8\")") {
  auto utf8_error = [](std::string_view text) {
    CsvFormat f;
    f.encoding = "utf-8";
    CsvTable t;
    const Status st = parse_csv_table(text, f, t);
    REQUIRE(!st.ok());
    return st.message();
  };
  const std::string tail = "; save it as CSV in UTF-8, or set data.encoding to \"windows-1252\"";
  // "x,y\n1," is 6 bytes, the bad byte is the 7th, on line 2.
  CHECK(utf8_error("x,y\n1,\xFF\n") == "the file is not valid UTF-8: byte 7 (line 2) is 0xFF" + tail);
  CHECK(utf8_error("\xC3") == "the file is not valid UTF-8: byte 1 (line 1) is 0xC3" + tail);        // truncated
  CHECK(utf8_error("ab\xC0\xAF") == "the file is not valid UTF-8: byte 3 (line 1) is 0xC0" + tail);  // overlong '/'
  CHECK(utf8_error("\xED\xA0\x80") == "the file is not valid UTF-8: byte 1 (line 1) is 0xED" + tail);  // a surrogate
  CHECK(utf8_error("\xF4\x90\x80\x80") == "the file is not valid UTF-8: byte 1 (line 1) is 0xF4" + tail);  // > U+10FFFF
  CHECK(utf8_error("\"caf\xE9\",y\n1,2\n") == "the file is not valid UTF-8: byte 5 (line 1) is 0xE9" + tail);  // Latin-1 header
  // CR, LF and CRLF each end a line: 5 + 4 + 4 bytes of lines 1-3, then "1,caf" (5): byte 19, line 4.
  CHECK(utf8_error("x,y\r\n1,a\r2,b\n1,caf\xE9\n") == "the file is not valid UTF-8: byte 19 (line 4) is 0xE9" + tail);
  // encoding "auto" refuses a file that mixes UTF-8 with another encoding (Windows-1252 would
  // turn its UTF-8 into mojibake): "\xC3\xA9" is a valid UTF-8 "é", "\xE9" a Latin-1 one.
  CHECK(parse_error("caf\xC3\xA9,y\ncaf\xE9,1\n") ==
        "the file is not valid UTF-8: byte 12 (line 2) is 0xE9, and other characters are UTF-8 (mixed encodings)" + tail);
  CHECK(parse_error(std::string("x,y\n1,\0\n", 8)) == "the file has a NUL byte at byte 7 (is it a binary file?)");
  CHECK(parse_error(std::string("\xFF\xFEx\0,\0y\0", 8)) == "the file is UTF-16 text; save it as CSV in UTF-8");
  // Valid 2-, 3- and 4-byte sequences pass.
  CHECK(table("\xC3\xA9,\xE2\x82\xAC,\xF0\x9F\x98\x80\n1,2,3\n").header.size() == 3);
}

TEST_CASE("target and features by name or 1-based index") {
  const char* text = "a,b,c,d\n1,2,3,4\n5,6,7,8\n";
  Dataset ds = load(text);  // default: the last column is the target
  CHECK(ds.n == 2);
  CHECK(ds.inputs == 3);
  CHECK(ds.feature_names == std::vector<std::string>{"a", "b", "c"});
  CHECK(ds.target_names == std::vector<std::string>{"d"});
  CHECK(ds.x == std::vector<float>{1, 2, 3, 5, 6, 7});
  CHECK(ds.y == std::vector<float>{4, 8});
  CHECK(!ds.classification);

  ds = load(text, target("b"));
  CHECK(ds.feature_names == std::vector<std::string>{"a", "c", "d"});
  CHECK(ds.y == std::vector<float>{2, 6});
  CHECK(ds.x == std::vector<float>{1, 3, 4, 5, 7, 8});

  ds = load(text, target("1"));
  CHECK(ds.target_names == std::vector<std::string>{"a"});
  CHECK(ds.y == std::vector<float>{1, 5});

  CsvSelect sel = target(" c ");
  sel.features = {"d", "2"};  // order as given
  ds = load(text, sel);
  CHECK(ds.feature_names == std::vector<std::string>{"d", "b"});
  CHECK(ds.x == std::vector<float>{4, 2, 8, 6});
  CHECK(ds.y == std::vector<float>{3, 7});

  // A name wins over an index.
  ds = load("x,1,y\n10,20,30\n", target("1"));
  CHECK(ds.y == std::vector<float>{20});
  // No header: names and indices refer to "column N".
  ds = load("1,2,3\n4,5,6\n", target("column 1"));
  CHECK(ds.y == std::vector<float>{1, 4});

  sel.features = {"c"};
  CHECK(load_error(text, sel) == "column \"c\" is both the target and a feature");
  sel.features = {"a", "1"};
  CHECK(load_error(text, sel) == "column \"a\" is selected twice as a feature");
  sel.features = {"zz"};
  CHECK(load_error(text, sel) == "feature column \"zz\" not found (columns: a, b, c, d)");
  CHECK(load_error("a,a,y\n1,2,3\n", target("a")) ==
        "target column \"a\" is ambiguous: columns 1 and 2 have that name; use an index");
  CHECK(load_error("y\n1\n2\n", CsvSelect()) ==
        "the file needs at least one feature column besides the target column \"y\"");
  // Long column lists are cut.
  std::string wide;
  for (int i = 1; i <= 25; ++i) wide += (i > 1 ? ",c" : "c") + std::to_string(i);
  wide += "\n";
  for (int i = 1; i <= 25; ++i) wide += i > 1 ? ",1" : "1";
  const std::string msg = load_error(wide, target("nope"));
  CHECK(msg.find("c20, ... (25 columns))") != std::string::npos);
  CHECK(msg.find("c21") == std::string::npos);
}

TEST_CASE("categorical target: sorted distinct values, numeric order when all numeric") {
  Dataset ds = load("x,species\n1,versicolor\n2,setosa\n3,virginica\n4,setosa\n", target("species", true));
  CHECK(ds.classification);
  CHECK(ds.classes == 3);
  CHECK(ds.class_names == std::vector<std::string>{"setosa", "versicolor", "virginica"});
  CHECK(ds.y == std::vector<float>{1, 0, 2, 0});
  // Numeric labels sort as numbers (10 after 9, not after 1); "2" and "2.0" are one class named by
  // its first occurrence; cells are trimmed.
  ds = load("x,y\n1,10\n2,9\n3, 2 \n4,2.0\n5,-1\n", target("y", true));
  CHECK(ds.class_names == std::vector<std::string>{"-1", "2", "9", "10"});
  CHECK(ds.y == std::vector<float>{3, 2, 1, 1, 0});
  // Mixed text and numbers: byte order of the text.
  ds = load("x,y\n1,b\n2,10\n3,9\n", target("y", true));
  CHECK(ds.class_names == std::vector<std::string>{"10", "9", "b"});
  CHECK(ds.y == std::vector<float>{2, 0, 1});
  // UTF-8 names kept as they are.
  ds = load("x,y\n1,\xC3\xA9t\xC3\xA9\n2,hiver\n", target("y", true));
  CHECK(ds.class_names == std::vector<std::string>{"hiver", "\xC3\xA9t\xC3\xA9"});

  CHECK(load_error("x,y\n1,a\n2,a\n", target("y", true)) ==
        "target column \"y\" has a single value (\"a\"): a target column needs at least 2 classes");
  CHECK(load_error("x,y\n1,a\n2,\n", target("y", true)) == "row 3, column \"y\": missing value");
  CHECK(load_error("x,y\n1,a\n2,NaN\n", target("y", true)) == "row 3, column \"y\": NaN/Inf is not allowed");
  // A regression target must be numeric.
  CHECK(load_error("x,y\n1,a\n2,b\n", target("y")) == "row 2, column \"y\": \"a\" is not a number");
}

TEST_CASE("limits: rows, columns, cells, bytes, classes") {
  CsvLimits lim;
  lim.rows = 3;
  CHECK(parse_error("a\n1\n2\n3\n4\n", "auto", lim) == "the file has more than 3 rows");
  CHECK(parse_error("1\n2\n3\n4\n", "no", lim) == "the file has more than 3 rows");
  {
    CsvTable t;
    CHECK(parse_csv_table("a\n1\n2\n3\n", "auto", t, lim).ok());  // exactly 3 data rows + header
    CHECK(parse_csv_table("1\n2\n3\n", "no", t, lim).ok());
  }
  lim = CsvLimits();
  lim.columns = 3;
  CHECK(parse_error("a,b,c,d\n1,2,3,4\n", "auto", lim) == "the file has more than 3 columns (row 1)");
  CHECK(parse_error("a,b,c\n1,2,3,4,5,6,7\n", "auto", lim) == "the file has more than 3 columns (row 2)");
  lim = CsvLimits();
  lim.cells = 4;  // data cells; a header row is not counted
  {
    CsvTable t;
    CHECK(parse_csv_table("a,b\n1,2\n3,4\n\n", "auto", t, lim).ok());
    CHECK(parse_csv_table("1,2\n3,4\n", "no", t, lim).ok());
    CHECK(parse_csv_table("1,2\n3,4\n", "auto", t, lim).ok());
  }
  CHECK(parse_error("a,b\n1,2\n3,4\n5,6\n", "auto", lim) == "the file has more than 4 cells");
  // Without a header the first row counts: 6 data cells.
  CHECK(parse_error("1,2\n3,4\n5,6\n", "no", lim) == "the file has more than 4 cells");
  CHECK(parse_error("1,2\n3,4\n5,6\n", "auto", lim) == "the file has more than 4 cells");
  lim = CsvLimits();
  lim.bytes = 11;
  // "a,b\n" 4 + "1,2\n" 4 + "3,4" 3 = 11 bytes; with a final newline 12.
  CHECK(parse_error("a,b\n1,2\n3,4\n", "auto", lim) == "the file is larger than 11 bytes");
  {
    CsvTable t;
    CHECK(parse_csv_table("a,b\n1,2\n3,4", "auto", t, lim).ok());
  }
  lim = CsvLimits();
  lim.classes = 2;
  Dataset ds;
  CHECK(load_csv("x,y\n1,a\n2,b\n", "auto", target("y", true), ds, lim).ok());
  CHECK(load_error("x,y\n1,a\n2,b\n3,c\n", target("y", true), "auto", lim) ==
        "target column \"y\" has more than 2 classes (is it a regression target?)");
  CHECK(load_error("x,y\n1,1\n2,2\n3,3\n", target("y", true), "auto", lim) ==
        "target column \"y\" has more than 2 classes (is it a regression target?)");
}

TEST_CASE("the real limits: 1e6 rows pass, one more fails, 10000 columns pass, one more fails") {
  std::string text = "x,y\n";
  text.reserve(4 + 4 * DataLimits::max_rows + 4);
  for (std::size_t i = 0; i < DataLimits::max_rows; ++i) text += "1,2\n";
  Dataset ds;
  Status st = load_csv(text, "auto", CsvSelect(), ds);
  REQUIRE_MESSAGE(st.ok(), st.message());
  CHECK(ds.n == 1000000);
  CHECK(ds.y[999999] == 2.0f);
  text += "1,2\n";
  CHECK(parse_error(text) == "the file has more than 1000000 rows");

  std::string wide, row;
  for (std::size_t c = 0; c < DataLimits::max_columns; ++c) {
    wide += c ? ",c" : "c";
    row += c ? ",1" : "1";
  }
  CsvTable t;
  CHECK(parse_csv_table(wide + "\n" + row + "\n", "auto", t).ok());
  CHECK(t.header.size() == 10000);
  CHECK(parse_error(wide + ",extra\n" + row + ",1\n") == "the file has more than 10000 columns (row 1)");
  CHECK(parse_error(std::string(DataLimits::max_columns * 2, ',')) ==
        "the file has more than 10000 columns (row 1)");
}

TEST_CASE("table_to_dataset checks a hand-built table") {
  CsvTable t;
  t.has_header = true;
  t.header = {"a", "b"};
  Dataset ds;
  CHECK(table_to_dataset(t, CsvSelect(), ds).message() == "the file has no data rows");
  t.rows = {{"1", "2"}, {"3"}};
  t.line_of_row = {2, 3};
  CHECK(table_to_dataset(t, CsvSelect(), ds).message() == "row 3: expected 2 fields, found 1");
}

TEST_CASE("garbage bytes give a table or an error, never a crash") {
  Rng rng(2024, RngStream::misc);
  const char alphabet[] = {',', '"', '\n', '\r', ' ', '1', '.', 'e', '-', 'a', 'E', '\t'};
  std::size_t errors = 0, tables = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::size_t len = rng.bounded(64);
    std::string s(len, '\0');
    const bool bytes = round % 2 == 0;  // raw bytes or CSV-ish characters
    for (char& c : s)
      c = bytes ? static_cast<char>(rng.bounded(256)) : alphabet[rng.bounded(sizeof alphabet)];
    for (const char* header : {"auto", "yes", "no"}) {
      CsvTable t;
      Status st = parse_csv_table(s, header, t);
      if (!st.ok()) {
        ++errors;
        CHECK(!st.message().empty());
        continue;
      }
      ++tables;
      CHECK(t.rows.size() == t.line_of_row.size());
      for (const auto& r : t.rows) CHECK(r.size() == t.header.size());
      for (bool cls : {false, true}) {
        CsvSelect sel;
        sel.classification = cls;
        Dataset ds;
        Status s2 = table_to_dataset(t, sel, ds);
        if (s2.ok()) {
          CHECK(ds.x.size() == ds.n * ds.inputs);
          CHECK(ds.y.size() == ds.n);
        }
      }
    }
  }
  CHECK(errors > 0);
  CHECK(tables > 0);
}
