// The CSV reader's building blocks, shared by the parser (csv.cpp), the dialect sniffer
// (dialect.cpp) and the column-role inference (infer.cpp): the record reader (one tokenizer for
// all three, so a guess and the real parse never disagree), the number syntax with either
// decimal separator, trimming, UTF-8 checks, Windows-1252 decoding and message quoting.
// Internal to core/data; not a public API (csv.hpp is).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/status.hpp"
#include "core/util/text.hpp"  // quoted(): how a message shows a cell or a name

namespace descent {
namespace csv {

std::string to_dec(std::size_t v);  // decimal without iostreams or locale

bool is_space(char c);  // ' ' or '\t'
char lower(char c);     // ASCII only
std::string_view trim(std::string_view s);
/// A separator or decimal character for a message: ',' ';' '|' '.' or "tab".
std::string char_name(char c);

/// [+-]nan, [+-]inf, [+-]infinity in any case (t already trimmed).
bool is_nan_inf_token(std::string_view t);
/// The decimal syntax we accept (t already trimmed), with `decimal` ('.' or ',') as the point:
/// [+-] (d+ [point d*] | point d+) [(e|E) [+-] d+].
bool number_syntax(std::string_view t, char decimal);
/// Numbers and NaN/Inf spellings look like data, not like column names (header detection, the
/// preview's "numeric").
bool looks_numeric(std::string_view cell, char decimal);

enum class NumResult { ok, missing, not_number, nan_inf, out_of_range };
/// Trimmed cell -> float: correctly rounded to double (Clinger's fast path or std::strtod), then
/// to float. A decimal comma is read as a point.
NumResult parse_number(std::string_view cell, char decimal, float& out);
/// The exact double of a trimmed cell already through number_syntax (false if strtod disagrees).
bool decimal_value(std::string_view t, char decimal, double& d);

/// 0-based offset of the first byte of the first invalid UTF-8 sequence (RFC 3629: no overlong
/// forms, no surrogates, nothing above U+10FFFF), or npos when s is valid. multibyte (optional):
/// whether s holds a valid sequence of 2-4 bytes anywhere (the scan then goes on past the error).
std::size_t utf8_error(std::string_view s, bool* multibyte = nullptr);
/// Windows-1252 (WHATWG's table: 0x81 0x8D 0x8F 0x90 0x9D map to the C1 controls) to UTF-8.
std::string windows1252_to_utf8(std::string_view s);
/// 1-based line of byte offset `at` (CRLF, LF and lone CR end a line; quotes not considered).
std::size_t line_of_offset(std::string_view s, std::size_t at);

/// How records are split: the separator and the quote character.
struct Syntax {
  char delimiter = ',';
  char quote = '"';
};

/// A table's cells, 4 bytes each: where the raw field ends in the text read (the byte after it;
/// after the closing quote of a quoted field). A field starts one byte after the previous one
/// ends (the separator), a record's first field at the record's offset; a raw field that starts
/// with the quote is quoted and its content is inside the quotes. With kInStore set, the value
/// is an index into Cells::stored instead: a quoted cell with doubled quotes (unescaped into the
/// store), a padded cell (empty), a cell of a hand-built table.
constexpr std::uint32_t kInStore = 0x80000000u;
/// The largest text read_cells accepts (offsets are 31 bits).
constexpr std::size_t kMaxCellText = kInStore - 1;

/// What read_cells fills: the records of a text as cell ends, one copy of nothing. Cell views
/// need the text read (`text` of cell()); the store is owned here.
struct Cells {
  struct Stored {
    std::uint32_t begin = 0, end = 0;  // the content: [begin, end) of store
    std::uint32_t raw_end = 0;         // where the raw field ends in the text
  };
  std::vector<std::uint32_t> cells;  // every record's cells, one record after another
  std::vector<Stored> stored;        // the cells kept in the store
  std::string store;                 // their content
  std::vector<std::size_t> first;    // index in cells of each record's first cell, and the end
  std::vector<std::size_t> row;      // row number of each record (1-based)
  std::vector<std::size_t> offset;   // byte offset of each record's first character
  std::vector<bool> last_quoted;     // its last field was quoted (so it is not a trailing separator)
  char quote = '"';
  std::size_t size() const { return row.size(); }
  std::size_t width(std::size_t r) const { return first[r + 1] - first[r]; }
  std::string_view cell(std::string_view text, std::size_t r, std::size_t c) const {
    return at(text, first[r] + c, c == 0, offset[r]);
  }
  /// Cell i (the first of its record when `first_of_record`, which then starts at `record_offset`).
  std::string_view at(std::string_view text, std::size_t i, bool first_of_record, std::size_t record_offset) const {
    const std::uint32_t k = cells[i];
    if (k & kInStore) {
      const Stored& s = stored[k & ~kInStore];
      return std::string_view(store.data() + s.begin, s.end - s.begin);
    }
    const std::size_t b = first_of_record ? record_offset : raw_end(cells[i - 1]) + 1;
    if (k > b && text[b] == quote) return std::string_view(text.data() + b + 1, k - b - 2);
    return std::string_view(text.data() + b, k - b);
  }
  std::uint32_t raw_end(std::uint32_t k) const { return k & kInStore ? stored[k & ~kInStore].raw_end : k; }
};

struct Record {
  std::vector<std::string> fields;
  std::size_t row = 0;       // row number in the file (1-based, as a spreadsheet counts records)
  std::size_t offset = 0;    // byte offset of its first character in the text read
  bool last_quoted = false;  // the last field was quoted (so it is not a trailing separator)
};

/// Limits of one read (see CsvLimits). Reading stops early (not an error) after max_records.
/// ragged: keep every record as it is (the sniffer compares field counts); otherwise widths are
/// checked as read_records says.
struct RecordLimits {
  std::size_t rows = 0, columns = 0, cells = 0;
  std::size_t max_records = static_cast<std::size_t>(-1);
  bool ragged = false;
};

/// Reads every non-blank record of s into spans (see read_records for the rules; the same reader).
/// s must be at most kMaxCellText bytes (an error says so otherwise).
Status read_cells(std::string_view s, const Syntax& syn, const RecordLimits& lim, std::size_t first_row,
                  Cells& out, std::size_t* trailing = nullptr);

/// Reads every non-blank record of s (RFC 4180 quoting with syn.quote, CRLF/LF/CR line ends).
/// first_row is the row number of s's first line (lines skipped before it count). Every record
/// must have as many fields as the first, with two exceptions that trailing separators cause:
/// extra trailing empty unquoted fields are dropped (data rows that end with a separator when
/// the header does not), and a record may stop early where the first record's own trailing
/// fields are empty (the header ends with a separator, data rows do not): it is padded with
/// empty fields. Both are counted in *trailing. Stops with an error naming the row on the first
/// structural problem or limit (records keeps what was read). read_cells, copied into strings
/// (the sniffer's form; a prefix of the file).
Status read_records(std::string_view s, const Syntax& syn, const RecordLimits& lim, std::size_t first_row,
                    std::vector<Record>& records, std::size_t* trailing = nullptr);

}  // namespace csv
}  // namespace descent
