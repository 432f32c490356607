// What a run learns: a regression (real targets), a binary or a multi-class classification.
#pragma once
#include <string>
#include <vector>

namespace descent {

enum class Task { regression, binary, multiclass };

inline const char* task_name(Task t) {
  switch (t) {
    case Task::regression: return "regression";
    case Task::binary: return "binary";
    case Task::multiclass: return "multiclass";
  }
  return "regression";
}

/// How well a loss suits a task/model: the UI offers `recommended` and `allowed` (with the note),
/// and explains `invalid` combinations instead of offering them.
enum class Fit { recommended, allowed, invalid };

inline const char* fit_name(Fit f) {
  switch (f) {
    case Fit::recommended: return "recommended";
    case Fit::allowed: return "allowed";
    case Fit::invalid: return "invalid";
  }
  return "invalid";
}

}  // namespace descent
