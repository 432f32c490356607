// A dataset in memory: n rows of float features and targets, plus what the UI needs to show it
// (column names, class names). Classification targets are class indices 0..classes-1 stored as
// floats; regression targets are reals. Not here: how targets become what a loss reads (train/).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace descent {

struct Dataset {
  std::size_t n = 0;        // rows
  std::size_t inputs = 0;   // feature columns
  std::size_t targets = 1;  // target columns (1 except multi-output regression)
  std::vector<float> x;     // (n, inputs) row-major
  std::vector<float> y;     // (n, targets) row-major
  bool classification = false;
  std::size_t classes = 0;                 // classification: number of classes (>= 2)
  std::vector<std::string> feature_names;  // size inputs
  std::vector<std::string> target_names;   // size targets
  std::vector<std::string> class_names;    // classification: label of class i
};

/// Hard limits on what any input may allocate (rows, columns, cells, bytes of CSV text).
struct DataLimits {
  static constexpr std::size_t max_rows = 1000000;
  static constexpr std::size_t max_columns = 10000;
  static constexpr std::size_t max_cells = 20000000;
  static constexpr std::size_t max_csv_bytes = 256u * 1024u * 1024u;
  static constexpr std::size_t max_classes = 1000;
};

}  // namespace descent
