// See params.hpp.
#include "core/registry/params.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace descent {

ParamSpec number_param(std::string name, std::string label, double def, double min, double max,
                       std::string help) {
  ParamSpec s;
  s.name = std::move(name);
  s.label = std::move(label);
  s.type = ParamType::number;
  s.def = def;
  s.min = min;
  s.max = max;
  s.help = std::move(help);
  return s;
}

ParamSpec integer_param(std::string name, std::string label, double def, double min, double max,
                        std::string help) {
  ParamSpec s = number_param(std::move(name), std::move(label), def, min, max, std::move(help));
  s.type = ParamType::integer;
  return s;
}

ParamSpec boolean_param(std::string name, std::string label, bool def, std::string help) {
  ParamSpec s = number_param(std::move(name), std::move(label), def ? 1.0 : 0.0, 0.0, 1.0, std::move(help));
  s.type = ParamType::boolean;
  return s;
}

ParamSpec choice_param(std::string name, std::string label, std::vector<std::string> choices,
                       std::string def, std::string help) {
  ParamSpec s;
  s.name = std::move(name);
  s.label = std::move(label);
  s.type = ParamType::choice;
  s.choices = std::move(choices);
  s.def_choice = std::move(def);
  s.help = std::move(help);
  return s;
}

ParamValues with_defaults(const std::vector<ParamSpec>& specs, const ParamValues& given) {
  ParamValues v = defaults(specs);
  for (const auto& kv : given.num) v.num[kv.first] = kv.second;
  for (const auto& kv : given.str) v.str[kv.first] = kv.second;
  return v;
}

ParamValues defaults(const std::vector<ParamSpec>& specs) {
  ParamValues v;
  for (const ParamSpec& s : specs) {
    if (s.type == ParamType::choice) v.str[s.name] = s.def_choice;
    else v.num[s.name] = s.def;
  }
  return v;
}

std::string describe_range(const ParamSpec& s) {
  if (s.type == ParamType::boolean) return "true or false";
  if (s.type == ParamType::choice) {
    std::string r = "one of ";
    for (std::size_t i = 0; i < s.choices.size(); ++i) r += (i ? ", " : "") + ("\"" + s.choices[i] + "\"");
    return r;
  }
  std::string r = s.type == ParamType::integer ? "an integer in " : "in ";
  r += s.min_exclusive || std::isinf(s.min) ? "(" : "[";
  r += std::isinf(s.min) ? "-inf" : format_number(s.min);
  r += ", ";
  r += std::isinf(s.max) ? "inf" : format_number(s.max);
  r += s.max_exclusive || std::isinf(s.max) ? ")" : "]";
  return r;
}

bool check_param(const ParamSpec& s, double v, const std::string& path, Issues& issues) {
  auto fail = [&](const std::string& what) {
    issues.push_back({path, path + " " + what + ", got " + format_number(v)});
    return false;
  };
  if (s.type == ParamType::boolean) {
    if (v != 0.0 && v != 1.0) return fail("must be true or false");
    return true;
  }
  if (!std::isfinite(v)) return fail("must be a finite number");
  if (s.type == ParamType::integer && v != std::floor(v)) return fail("must be " + describe_range(s));
  const bool below = s.min_exclusive ? !(v > s.min) : !(v >= s.min);
  const bool above = s.max_exclusive ? !(v < s.max) : !(v <= s.max);
  if (below || above) return fail("must be " + describe_range(s));
  return true;
}

bool check_choice(const ParamSpec& s, const std::string& v, const std::string& path, Issues& issues) {
  for (const std::string& c : s.choices)
    if (c == v) return true;
  issues.push_back({path, path + " must be " + describe_range(s) + ", got " + quoted(v)});
  return false;
}

}  // namespace descent
