// See spec_helpers.hpp.
#include "core/optim/spec_helpers.hpp"

#include <limits>
#include <utility>

namespace descent::optim_detail {

ParamSpec number(std::string name, std::string label, double def, double min, double max,
                 bool min_excl, bool max_excl, std::string help) {
  ParamSpec s = number_param(std::move(name), std::move(label), def, min, max, std::move(help));
  s.min_exclusive = min_excl;
  s.max_exclusive = max_excl;
  return s;
}

ParamSpec lr(double def, bool required) {
  ParamSpec s = number("lr", "learning rate", def, 0.0, 10.0, true, false,
                       "Step size; the schedule scales it over time.");
  s.log = true;
  s.ui_min = 1e-5;
  s.ui_max = 10.0;
  s.required = required;
  return s;
}

ParamSpec unit(std::string name, std::string label, double def, std::string help) {
  return number(std::move(name), std::move(label), def, 0.0, 1.0, false, true, std::move(help));
}

ParamSpec eps(double def) {
  ParamSpec s = number("eps", "ε", def, 0.0, 1.0, true, false,
                       "Added to the denominator so it is never zero.");
  s.log = true;
  s.ui_min = 1e-12;
  s.ui_max = 1e-2;
  return s;
}

ParamSpec weight_decay(double def, std::string help) {
  if (help.empty()) help = "L2 penalty: adds weight_decay * w to the gradient.";
  ParamSpec s = number("weight_decay", "weight decay", def, 0.0,
                       std::numeric_limits<double>::infinity(), false, false, std::move(help));
  s.ui_min = 0.0;
  s.ui_max = 0.1;
  return s;
}

}  // namespace descent::optim_detail
