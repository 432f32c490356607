// The CSV dialect (dialect.hpp): separators , ; tab |, decimal commas, single quotes, Excel's sep=
// line, junk lines before the header, trailing separators, Windows-1252 bytes, and every spec field
// that overrides a guess. Expected tables and values are written by hand from the input text.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/data/csv.hpp"
#include "core/spec/spec.hpp"

using namespace descent;

namespace {

using Rows = std::vector<std::vector<std::string>>;
using Names = std::vector<std::string>;

CsvTable table(std::string_view text, const CsvFormat& f = CsvFormat()) {
  CsvTable t;
  const Status st = parse_csv_table(text, f, t);
  REQUIRE_MESSAGE(st.ok(), st.message());
  return t;
}

std::string error(std::string_view text, const CsvFormat& f = CsvFormat()) {
  CsvTable t;
  const Status st = parse_csv_table(text, f, t);
  REQUIRE(!st.ok());
  return st.message();
}

CsvFormat with(char delimiter, char decimal = 0) {
  CsvFormat f;
  f.delimiter = delimiter;
  f.decimal = decimal;
  return f;
}

Dataset dataset(const CsvTable& t) {
  Dataset ds;
  const Status st = table_to_dataset(t, CsvSelect(), ds);
  REQUIRE_MESSAGE(st.ok(), st.message());
  return ds;
}

}  // namespace

TEST_CASE("the separator is guessed among , semicolon tab |, and given overrides the guess") {
  const Rows want{{"1", "2", "a b"}, {"3", "4", "c"}};
  for (char sep : {',', ';', '\t', '|'}) {
    std::string text = "x,y,label\n1,2,a b\n3,4,c\n";
    for (char& c : text)
      if (c == ',') c = sep;
    CAPTURE(sep);
    const CsvTable t = table(text);
    CHECK(t.dialect.delimiter == sep);
    CHECK(t.dialect.guessed_delimiter);
    CHECK(t.header == Names{"x", "y", "label"});
    CHECK(t.rows == want);
  }
  // Text with commas in a ';' file: ';' still wins (its cells hold no other separator).
  CHECK(table("name;age\nSmith, J;41\nLee, K;35\n").dialect.delimiter == ';');
  // A file of one column stays one column (',' by default).
  const CsvTable one = table("y\n1\n2\n");
  CHECK(one.dialect.delimiter == ',');
  CHECK(one.header == Names{"y"});
  // Given: a ';' file read with ',' is one column per line.
  const CsvTable forced = table("a;b\n1;2\n", with(','));
  CHECK(forced.header == Names{"a;b"});
  CHECK(!forced.dialect.guessed_delimiter);
  // Lone CR line ends (old Mac exports) with ';'.
  const CsvTable cr = table("a;b\r1;2\r3;4\r");
  CHECK(cr.rows == Rows{{"1", "2"}, {"3", "4"}});
}

TEST_CASE("decimal commas beside semicolon or tab are guessed and read as points") {
  // German Excel: "5,1;3,5;setosa" splits into 5 fields on ',' as well, consistently: the cells
  // "1;3" that ',' gives are not clean values, so ';' wins.
  const CsvTable t = table("5,1;3,5;1,4;0,2;setosa\n4,9;3,0;1,4;0,2;setosa\n7,0;3,2;4,7;1,4;versicolor\n");
  CHECK(t.dialect.delimiter == ';');
  CHECK(t.dialect.decimal == ',');
  CHECK(t.dialect.guessed_decimal);
  CHECK(!t.has_header);
  CsvSelect sel;
  sel.classification = true;
  Dataset ds;
  REQUIRE(table_to_dataset(t, sel, ds).ok());
  CHECK(ds.x == std::vector<float>{5.1f, 3.5f, 1.4f, 0.2f, 4.9f, 3.0f, 1.4f, 0.2f, 7.0f, 3.2f, 4.7f, 1.4f});
  // With a header; tab-separated; an exponent; a sign; integers beside comma numbers.
  const Dataset td = dataset(table("a\tb\ty\n-1,5e3\t7\t0,25\n2,0\t8\t1\n"));
  CHECK(td.x == std::vector<float>{-1500.0f, 7.0f, 2.0f, 8.0f});
  CHECK(td.y == std::vector<float>{0.25f, 1.0f});
  // No evidence (integers only) or points present: '.'.
  CHECK(table("a;b\n1;2\n3;4\n").dialect.decimal == '.');
  CHECK(table("a;b\n1.5;2\n3;4\n").dialect.decimal == '.');
  // Header detection uses the decimal: "1,5;2,5" is a row of numbers, not names.
  CHECK(!table("1,5;2,5\n3,5;4,5\n").has_header);
  CHECK(table("a;b\n1,5;2,5\n").has_header);
  // A point in a decimal-comma file is not a number, and the message says why.
  CsvTable mixed = table("a;y\n1,5;1\n2,5;2\n3.5;3\n");
  Dataset ds2;
  CHECK(table_to_dataset(mixed, CsvSelect(), ds2).message() ==
        "row 4, column \"a\": \"3.5\" is not a number (the decimal separator of this file is ','; set data.decimal "
        "to \".\" if it is '.')");
  // Given: decimal ',' leaves ',' out of the separators tried; decimal '.' reads "1,5" as text.
  CsvFormat comma;
  comma.decimal = ',';
  CHECK(table("a;b\n1;2\n", comma).dialect.delimiter == ';');
  const CsvTable dot = table("a;y\n1,5;1\n2,5;2\n", with(0, '.'));
  CHECK(dot.dialect.decimal == '.');
  Dataset ds3;
  CHECK(table_to_dataset(dot, CsvSelect(), ds3).message() ==
        "row 2, column \"a\": \"1,5\" is not a number (a decimal comma? set data.decimal to \",\")");
  CHECK(error("a,b\n1,2\n", with(',', ',')) == "the decimal separator ',' cannot also be the separator");
}

TEST_CASE("Excel's sep= first line names the separator and is not data") {
  const CsvTable t = table("sep=;\r\na;b\r\n1,5;2\r\n");
  CHECK(t.dialect.sep_line);
  CHECK(t.dialect.delimiter_from_sep_line);
  CHECK(!t.dialect.guessed_delimiter);
  CHECK(t.dialect.delimiter == ';');
  CHECK(t.header == Names{"a", "b"});
  CHECK(t.rows == Rows{{"1,5", "2"}});
  CHECK(t.line_of_row == std::vector<std::size_t>{3});  // row 1 is sep=, row 2 the header
  CHECK(t.dialect.skipped_lines == 0);
  // Padded by a spreadsheet round trip; a tab; a case-insensitive SEP.
  CHECK(table("sep=;;;\na;b\n1;2\n").rows == Rows{{"1", "2"}});
  CHECK(table("SEP=\t\na\tb\n1\t2\n").dialect.delimiter == '\t');
  // A given separator wins over the line (which is still skipped).
  const CsvTable given = table("sep=;\na,b\n1,2\n", with(','));
  CHECK(given.dialect.delimiter == ',');
  CHECK(!given.dialect.delimiter_from_sep_line);
  CHECK(given.header == Names{"a", "b"});
  CHECK(error("sep=#\na#b\n1#2\n") ==
        "row 1: \"sep=#\" names the separator '#'; the separators read are ',', ';', tab and '|'");
  // "sep=" with more after it is an ordinary header cell.
  CHECK(table("sep=a,b\n1,2\n").header == Names{"sep=a", "b"});
}

TEST_CASE("lines before the header are skipped, and data.skip_rows overrides") {
  // A title, a source line and a blank line: 3 lines, then the table.
  const std::string text =
      "Iris data, from UCI\nSource: Fisher (1936)\n\nsepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n"
      "6.3,6.0,virginica\n";
  const CsvTable t = table(text);
  CHECK(t.dialect.skipped_lines == 3);
  CHECK(t.dialect.guessed_skip);
  CHECK(t.header == Names{"sepal", "petal", "species"});
  CHECK(t.rows.size() == 3);
  CHECK(t.line_of_row == std::vector<std::size_t>{5, 6, 7});
  // '#' comment lines with as many fields as the table.
  CHECK(table("# a,b,c\nx,y,z\n1,2,3\n4,5,6\n7,8,9\n").dialect.skipped_lines == 1);
  // A tiny file is not trimmed to its tail: two lines of different widths stay (and fail).
  CHECK(error("x,y\n1,5,1\n") == "row 2: expected 2 fields, found 3");
  // Given: skip exactly this many lines (blank ones count), even where the guess would not.
  CsvFormat skip;
  skip.skip_rows = 1;
  const CsvTable s1 = table("junk\na,b\n1,2\n", skip);
  CHECK(s1.header == Names{"a", "b"});
  CHECK(!s1.dialect.guessed_skip);
  CHECK(s1.line_of_row == std::vector<std::size_t>{3});
  skip.skip_rows = 0;
  CHECK(error(text, skip) == "row 2: expected 2 fields, found 1");  // the title line taken as the header
  skip.skip_rows = 9;
  CHECK(error("a,b\n1,2\n", skip) == "data.skip_rows is 9 but the file has only 2 lines");
  CHECK(error("sep=;\na;b\n", skip) == "data.skip_rows is 9 but the file has only 1 line after its sep= line");
  skip.skip_rows = 2;
  CHECK(error("a,b\n1,2\n", skip) == "the file has no rows after the skipped lines");
}

TEST_CASE("trailing separators: empty unnamed last columns are dropped, extra empty fields ignored") {
  // Every line ends with ',': an empty unnamed 3rd column, dropped.
  CsvTable t = table("a,b,\n1,2,\n3,4,\n");
  CHECK(t.header == Names{"a", "b"});
  CHECK(t.rows == Rows{{"1", "2"}, {"3", "4"}});
  CHECK(t.dialect.dropped_columns == Names{"column 3"});
  // Without a header too; and two of them.
  t = table("1,2,,\n3,4,,\n");
  CHECK(t.header == Names{"column 1", "column 2"});
  CHECK(t.dialect.dropped_columns == Names{"column 3", "column 4"});
  // Data rows end with ',' but the header does not: the extra empty field is ignored.
  t = table("a,b\n1,2,\n3,4,\n");
  CHECK(t.rows == Rows{{"1", "2"}, {"3", "4"}});
  CHECK(t.dialect.trailing_rows == 2);
  CHECK(t.dialect.dropped_columns.empty());
  // The header ends with ',' but data rows do not: padded, then dropped.
  t = table("a,b,\n1,2\n3,4\n");
  CHECK(t.rows == Rows{{"1", "2"}, {"3", "4"}});
  CHECK(t.dialect.dropped_columns == Names{"column 3"});
  // A named column stays even when empty (its missing values are reported by row).
  t = table("a,b,c\n1,2,\n3,4,\n");
  CHECK(t.header == Names{"a", "b", "c"});
  CHECK(t.dialect.dropped_columns.empty());
  // An extra field that is not empty is an error, as is a quoted empty one.
  CHECK(error("a,b\n1,2,3\n") == "row 2: expected 2 fields, found 3");
  CHECK(error("a,b\n1,2,\"\"\n") == "row 2: expected 2 fields, found 3");
}

TEST_CASE("single quotes are guessed when the file quotes with them") {
  const CsvTable t = table("name,y\n'Smith, J',1\n'O''Brien, K',2\n");
  CHECK(t.dialect.quote == '\'');
  CHECK(t.rows == Rows{{"Smith, J", "1"}, {"O'Brien, K", "2"}});
  // An apostrophe inside a field is not a quote; double quotes win when present.
  CHECK(table("name,y\nO'Brien,1\nLee,2\n").dialect.quote == '"');
  CHECK(table("name,y\n\"it's\",1\n'x',2\n").dialect.quote == '"');
  // Given: '"' keeps the single quotes as text.
  CsvFormat f;
  f.quote = '"';
  CHECK(table("name,y\n'Smith J',1\n", f).rows == Rows{{"'Smith J'", "1"}});
}

TEST_CASE("bytes that are not UTF-8 are decoded as Windows-1252 with a note, or refused") {
  // "caf\xE9" is Latin-1/Windows-1252 "café"; 0x80 is the euro sign, 0x9F is Y with diaeresis,
  // 0x81 (unassigned) the C1 control U+0081 (WHATWG's table).
  const CsvTable t = table("name,price\ncaf\xE9,1\n\x80\x9F\x81,2\n");
  CHECK(t.dialect.encoding == "windows-1252");
  CHECK(t.dialect.guessed_encoding);
  CHECK(t.dialect.not_utf8_byte == 15);  // "name,price\n" is 11 bytes, "caf" 3 more
  CHECK(t.dialect.not_utf8_line == 2);
  CHECK(t.rows == Rows{{"caf\xC3\xA9", "1"}, {"\xE2\x82\xAC\xC5\xB8\xC2\x81", "2"}});
  // Given: decode every byte so, even valid UTF-8 ("\xC3\xA9" is then two characters).
  CsvFormat f;
  f.encoding = "windows-1252";
  const CsvTable g = table("a,b\n\xC3\xA9,1\n", f);
  CHECK(g.rows[0][0] == "\xC3\x83\xC2\xA9");
  CHECK(!g.dialect.guessed_encoding);
  // UTF-8 stays UTF-8.
  CHECK(table("a,b\n\xC3\xA9,1\n").dialect.encoding == "utf-8");
  f.encoding = "latin-9";
  CHECK(error("a\n1\n", f) ==
        "the encoding must be \"auto\", \"utf-8\" or \"windows-1252\", got \"latin-9\"");
}

TEST_CASE("the sniffer looks at a bounded prefix, a quoted field across its end is no evidence against ','") {
  // 70 KB of rows, with a quoted multi-line cell that spans the 64 KiB cut.
  std::string text = "id,note,y\n";
  int r = 0;
  while (text.size() < 65500) text += std::to_string(r++) + ",plain,1\n";
  text += std::to_string(r++) + ",\"a long note\n" + std::string(200, 'x') + "\nstill quoted\",2\n";
  while (text.size() < 70000) text += std::to_string(r++) + ",plain,1\n";
  const CsvTable t = table(text);
  CHECK(t.dialect.delimiter == ',');
  CHECK(t.rows.size() == std::size_t(r));
}

TEST_CASE("a ragged row in a file whose separator was guessed says so") {
  CHECK(error("a;b\n1;2\n3;4\n5;6;7\n") ==
        "row 4: expected 2 fields, found 3 (separator ';', guessed from the first lines; set data.delimiter if it "
        "is another)");
}

TEST_CASE("the spec's data fields set the format, bad values are issues at their paths") {
  Issues issues;
  Spec s = parse_spec_text(
      R"({"data":{"source":"csv","text":"","header":"no","delimiter":"\t","decimal":",","quote":"'","skip_rows":2,"encoding":"windows-1252"}})",
      issues);
  REQUIRE(issues.empty());
  const CsvFormat& f = s.data.format;
  CHECK(f.header == "no");
  CHECK(f.delimiter == '\t');
  CHECK(f.decimal == ',');
  CHECK(f.quote == '\'');
  CHECK(f.skip_rows == 2);
  CHECK(f.encoding == "windows-1252");
  // The normalized spec says "auto" / -1 for what is guessed, and reads back the same.
  const Json j = spec_to_json(parse_spec_text(R"({"data":{"source":"csv","text":"a\n1\n"}})", issues));
  const Json* d = j.find("data");
  CHECK(d->find("delimiter")->as_string() == "auto");
  CHECK(d->find("decimal")->as_string() == "auto");
  CHECK(d->find("quote")->as_string() == "auto");
  CHECK(d->find("skip_rows")->as_number() == -1);
  CHECK(d->find("encoding")->as_string() == "auto");
  Issues again;
  const Spec back = parse_spec_text(
      R"({"data":{"source":"csv","text":"","header":"auto","delimiter":"auto","decimal":"auto","quote":"auto","skip_rows":-1,"encoding":"auto"}})",
      again);
  CHECK(again.empty());
  CHECK(back.data.format.delimiter == 0);
  CHECK(back.data.format.skip_rows == -1);
  // Every bad value names its field.
  Issues bad;
  parse_spec_text(R"({"data":{"source":"csv","text":"","delimiter":";;","decimal":"?","skip_rows":1.5,"encoding":"utf8","quote":1}})", bad);
  std::vector<std::string> paths;
  for (const Issue& i : bad) paths.push_back(i.path);
  CHECK(paths == std::vector<std::string>{"data.delimiter", "data.decimal", "data.quote", "data.skip_rows", "data.encoding"});
  CHECK(bad[1].message == "data.decimal must be one of \"auto\", \".\", \",\", got \"?\"");
  CHECK(bad[3].message == "data.skip_rows must be an integer in [-1, 1000000], got 1.5");
  Issues both;
  parse_spec_text(R"({"data":{"source":"csv","text":"","delimiter":",","decimal":","}})", both);
  REQUIRE(both.size() == 1);
  CHECK(both[0].path == "data.decimal");
}
