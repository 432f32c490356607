// Hyperparameter descriptions shared by every registry (losses, optimizers, schedules, models,
// generators, test functions): name, default, valid range, UI hints. The spec validator, the
// JSON registry the UI builds its controls from, and docs/spec.md are all generated from these.
// Not a place for behaviour: factories read the validated values from ParamValues.
#pragma once
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "core/util/status.hpp"
#include "core/util/text.hpp"  // format_number

namespace descent {

enum class ParamType { number, integer, boolean, choice };

struct ParamSpec {
  std::string name;   // the spec/JSON key, torch's name where there is one ("beta1", "lr")
  std::string label;  // for the UI ("β₁")
  ParamType type = ParamType::number;
  double def = 0.0;   // default (boolean: 0/1); ignored for choice
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false, max_exclusive = false;
  bool log = false;       // UI: logarithmic slider
  double ui_min = 0.0, ui_max = 0.0;  // UI slider range when narrower than [min, max] (0, 0 = same)
  std::vector<std::string> choices;   // for choice
  std::string def_choice;             // for choice
  bool required = false;  // no default: the spec must give it (the UI still shows `def`)
  std::string help;       // one sentence for the help panel
};

/// Validated hyperparameter values: numbers (incl. integers and booleans as 0/1) and choices.
struct ParamValues {
  std::map<std::string, double> num;
  std::map<std::string, std::string> str;
  double get(const std::string& name) const {
    auto it = num.find(name);
    return it == num.end() ? 0.0 : it->second;
  }
  const std::string& choice(const std::string& name) const {
    static const std::string empty;
    auto it = str.find(name);
    return it == str.end() ? empty : it->second;
  }
};

/// Builders for registry rows; adjust the returned spec's other fields (min_exclusive, log,
/// ui_min ...) where a parameter needs them.
ParamSpec number_param(std::string name, std::string label, double def, double min, double max,
                       std::string help = "");
ParamSpec integer_param(std::string name, std::string label, double def, double min, double max,
                        std::string help = "");
ParamSpec boolean_param(std::string name, std::string label, bool def, std::string help = "");
ParamSpec choice_param(std::string name, std::string label, std::vector<std::string> choices,
                       std::string def, std::string help = "");

/// Every parameter at its default.
ParamValues defaults(const std::vector<ParamSpec>& specs);
/// Every parameter at its default, overridden by the values given (so a factory never reads a
/// missing key as 0).
ParamValues with_defaults(const std::vector<ParamSpec>& specs, const ParamValues& given);

/// Checks one numeric value against its spec; on failure appends an Issue at `path`, e.g.
/// {"optimizer.beta1", "optimizer.beta1 must be in [0, 1), got 1.2"}. Returns true when valid.
bool check_param(const ParamSpec& spec, double value, const std::string& path, Issues& issues);
/// Checks a choice value.
bool check_choice(const ParamSpec& spec, const std::string& value, const std::string& path,
                  Issues& issues);

/// "[0, 1)", "(0, inf)", "integer in [1, 1000]" ...
std::string describe_range(const ParamSpec& spec);

}  // namespace descent
