// What the columns of a CSV table mean when the spec does not say: the target (a common target
// name, else the only text column, else the last column), the features (every other numeric
// column but identifiers, constant and empty ones), and the task (text labels or a few distinct
// integers -> classification, otherwise regression). Also the report of every guess, dialect
// included (CsvReport): the notes, the one-line summary and the JSON that the upload preview, the
// problem and the result print. Not here: parsing (csv.hpp, dialect.hpp), which model or loss
// follows from the task (train/problem.hpp). docs/data-inference.md describes the rules.
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/data/csv.hpp"
#include "core/util/json.hpp"

namespace descent {

/// Column names that mark the target, in order of preference (compared trimmed, ignoring case).
const std::vector<std::string>& target_column_names();

/// What the spec says about the roles; empty/"auto" fields are guessed.
struct CsvRolesGiven {
  std::string target;                 // name or 1-based index; "" = guess
  std::vector<std::string> features;  // names or indices; empty = guess
  std::string task = "auto";          // auto | regression | classification
  bool classifier = false;            // the model or loss needs classes: "auto" means classification
};

struct CsvIgnored {
  std::size_t column = 0;  // 0-based
  std::string why;         // identifier | constant | empty | text
};

struct CsvRoles {
  std::size_t target = 0;        // 0-based column
  std::string target_how;        // given | by name | the only text column | the last column
  std::vector<std::size_t> features;
  bool features_given = false;
  std::vector<CsvIgnored> ignored;  // columns left out by the guess (none when features are given)
  bool classification = false;
  std::string task_how;  // given | the model or loss needs classes | text labels | N integer values | numeric values
  std::size_t distinct = 0;  // distinct target values, counted up to 21 (more: "many")
};

/// Guesses what `given` leaves open. Fails (naming the column) for a given target or feature that
/// does not exist (out.target_how is then empty), and when no feature is left (every role is set).
Status infer_csv_roles(const CsvTable& t, const CsvRolesGiven& given, CsvRoles& out);

/// Every guess made about one CSV, for people: what the preview, the problem and the result show.
struct CsvReport {
  bool parsed = false;  // the table was read (dialect, columns); false: only `error`
  CsvDialect dialect;
  std::vector<std::string> columns;
  std::size_t rows = 0;
  bool roles = false;   // target, task, features and ignored are set
  std::string target, target_how;
  std::size_t target_column = 0;  // 0-based
  std::vector<std::string> features;
  std::vector<std::size_t> feature_columns;                  // 0-based, beside `features`
  std::vector<std::pair<std::string, std::string>> ignored;  // (name, why)
  std::vector<std::size_t> ignored_columns;                  // 0-based, beside `ignored`
  bool classification = false;
  std::string task_how;
  std::size_t classes = 0;  // when the dataset was built
  std::size_t distinct = 0;
  /// The training defaults the problem chose for this file because the spec did not say
  /// (train/problem.hpp): spec field, the value chosen, and why ("1/L from the data's curvature").
  struct Default {
    std::string field, value, why;
  };
  std::vector<Default> defaults;

  /// One line: target: species (by name) · 3 classes · ignored: Id (identifier) · separator ';' · decimal ','
  std::string summary() const;
  /// One sentence per guess (separator, decimal, header, skipped lines, dropped columns,
  /// encoding, target, task, ignored columns), "(guessed)" or "(given)".
  std::vector<std::string> notes() const;
};

/// {"summary", "notes", "dialect": {delimiter, decimal, quote, encoding, header, skipped,
/// sepline, dropped, trailing, guessed: {delimiter, decimal, quote, header, skipped, encoding}},
/// "target": {name, column (1-based), how}, "task": {kind, classes, how}, "features": [names],
/// "ignored": [{name, column, why}]} (target, task, features, ignored when roles are known),
/// "defaults": [{field, value, why}] (when the problem was built).
void write_csv_report(JsonWriter& w, const CsvReport& r);

/// The whole path from bytes to a Dataset: parse (format), guess the roles (given), convert.
/// report holds whatever was learned before a failure (the page shows the columns of a file
/// whose target is wrong).
Status read_csv_dataset(std::string_view bytes, const CsvFormat& format, const CsvRolesGiven& given,
                        CsvTable& table, CsvReport& report, Dataset& out,
                        const CsvLimits& limits = CsvLimits());

}  // namespace descent
