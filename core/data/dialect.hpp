// How a CSV file is written, and how the reader finds out: its encoding (UTF-8, or Windows-1252
// when the bytes are not UTF-8), an Excel "sep=X" first line, the separator (, ; tab |), the quote
// (" or '), the decimal separator (. or ,), the lines before the header. Every guess looks at a
// bounded prefix of the text; every field given in the spec (CsvFormat) overrides its guess, and
// CsvDialect says what was used and what was guessed. Not here: splitting the whole file
// (csv.hpp), what the columns mean (infer.hpp). docs/data-inference.md describes the rules.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/status.hpp"

namespace descent {

/// What the spec says about the file (data.header, data.delimiter, ...); each "auto"/0/-1 is
/// guessed.
struct CsvFormat {
  std::string header = "auto";    // auto | yes | no
  char delimiter = 0;             // 0 = guess; ',' ';' '\t' '|'
  char decimal = 0;               // 0 = guess; '.' ','
  char quote = 0;                 // 0 = guess; '"' '\''
  std::int64_t skip_rows = -1;           // lines before the header, after an Excel sep= line; -1 = guess
  std::string encoding = "auto";  // auto | utf-8 | windows-1252
};

/// The separators CsvFormat::delimiter may hold, in the order the sniffer prefers them on a tie.
constexpr char kCsvDelimiters[] = {',', ';', '\t', '|'};

/// What the reader used, and which parts it guessed (the notes of the preview and the problem).
struct CsvDialect {
  char delimiter = ',';
  char decimal = '.';
  char quote = '"';
  std::string encoding = "utf-8";  // utf-8 | windows-1252
  bool header = false;
  bool sep_line = false;           // an Excel "sep=X" first line (not data) was skipped
  bool delimiter_from_sep_line = false;  // ... and named the separator (data.delimiter not given)
  std::size_t skipped_lines = 0;   // lines skipped before the header (the sep= line not counted)
  std::size_t trailing_rows = 0;   // rows whose trailing separators were dropped or padded
  std::vector<std::string> dropped_columns;  // trailing empty unnamed columns ("column 6")
  bool guessed_delimiter = false, guessed_decimal = false, guessed_quote = false;
  bool guessed_header = false, guessed_skip = false, guessed_encoding = false;
  std::size_t not_utf8_byte = 0, not_utf8_line = 0;  // guessed windows-1252: where UTF-8 failed (1-based)
};

/// Checks a hand-built format (the spec reader checks the same values with the field's path).
Status check_csv_format(const CsvFormat& f);

/// Bytes -> UTF-8 text: refuses UTF-16 and NUL bytes; drops a UTF-8 BOM; decodes Windows-1252
/// when f.encoding says so, or (encoding "auto") when the bytes are not UTF-8 and hold no valid
/// multi-byte UTF-8 sequence at all (a file that mixes both is refused: its message names the
/// first bad byte and its line). text views bytes or storage.
Status decode_csv_bytes(std::string_view bytes, const CsvFormat& f, std::string& storage,
                        std::string_view& text, CsvDialect& d);

/// Finds the sep= line, separator, quote, decimal separator and the lines to skip, looking at the
/// first 64 KiB (100 records) of text. body is where the records start (the header, if any) and
/// first_row its 1-based row number in the file.
Status sniff_csv(std::string_view text, const CsvFormat& f, CsvDialect& d, std::size_t& body,
                 std::size_t& first_row);

}  // namespace descent
