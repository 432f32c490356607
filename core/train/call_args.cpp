// See call_args.hpp.
#include "core/train/call_args.hpp"

#include <cmath>

#include "core/train/landscape.hpp"
#include "core/train/lr_finder.hpp"

namespace descent {
namespace call_args {
namespace {
ParamSpec count(const char* name, double lo, double hi) { return integer_param(name, name, lo, lo, hi); }
}  // namespace

const ParamSpec& steps() { static const ParamSpec p = count("k", 0, kMaxStepsPerCall); return p; }
const ParamSpec& chunk() { static const ParamSpec p = count("options.chunk", 1, kMaxStepsPerCall); return p; }
const ParamSpec& since() { static const ParamSpec p = count("since", 0, 9007199254740991.0); return p; }
const ParamSpec& epochs_since() { static const ParamSpec p = count("epochsSince", 0, 9007199254740991.0); return p; }
const ParamSpec& grid_resolution() { static const ParamSpec p = count("resolution", 2, 512); return p; }
const ParamSpec& order_epochs() { static const ParamSpec p = count("epochs", 0, 100000); return p; }
const ParamSpec& preview_rows() { static const ParamSpec p = count("rows", 0, 1000); return p; }
const ParamSpec& preview_header() {
  static const ParamSpec p = choice_param("header", "header", {"auto", "yes", "no"}, "auto");
  return p;
}

namespace {
const ParamSpec& lr_steps() { static const ParamSpec p = count("steps", 5, 2000); return p; }
const ParamSpec& min_lr() {
  static const ParamSpec p = [] {
    ParamSpec s = number_param("minLr", "minLr", 1e-6, 0, 1000);
    s.min_exclusive = true;
    return s;
  }();
  return p;
}
const ParamSpec& landscape_resolution() { static const ParamSpec p = count("resolution", 2, 256); return p; }
const ParamSpec& landscape_range() { static const ParamSpec p = number_param("range", "range", 0, 0, INFINITY); return p; }
const ParamSpec& landscape_axes() {
  static const ParamSpec p = choice_param("axes", "axes", {"auto", "params", "random", "pca"}, "auto");
  return p;
}
}  // namespace
}  // namespace call_args

Status check_arg(const ParamSpec& spec, double value) {
  Issues issues;
  return check_param(spec, value, spec.name, issues) ? Status::Ok() : Status::Error(issues.front().message);
}

Status check_arg(const ParamSpec& spec, const std::string& value) {
  Issues issues;
  return check_choice(spec, value, spec.name, issues) ? Status::Ok() : Status::Error(issues.front().message);
}

Status check_index(const char* name, double value, std::size_t n) {
  if (n == 0) return Status::Error(std::string(name) + ": there is nothing to index");
  return check_arg(integer_param(name, name, 0, 0, double(n - 1)), value);
}

Status check_lr_finder(const LrFinderConfig& c) {
  Status st = check_arg(call_args::min_lr(), c.min_lr);
  if (!st.ok()) return st;
  // maxLr: in (minLr, 1000]
  ParamSpec max = call_args::min_lr();
  max.name = "maxLr";
  max.min = c.min_lr;
  st = check_arg(max, c.max_lr);
  if (!st.ok()) return st;
  return check_arg(call_args::lr_steps(), c.steps);
}

Status check_landscape(const LandscapeConfig& c) {
  Status st = check_arg(call_args::landscape_axes(), c.axes);
  if (st.ok()) st = check_arg(call_args::landscape_range(), c.range);
  if (st.ok()) st = check_arg(call_args::landscape_resolution(), c.resolution);
  if (!st.ok()) return st;
  if (c.row_begin != 0 || c.row_end != 0) {
    st = check_arg(integer_param("rows[0]", "", 0, 0, c.resolution - 1), c.row_begin);
    if (st.ok()) st = check_arg(integer_param("rows[1]", "", 0, c.row_begin + 1, c.resolution), c.row_end);
    if (!st.ok()) return st;
  }
  const bool box = c.x0 != 0 || c.x1 != 0 || c.y0 != 0 || c.y1 != 0;
  if (box && !(std::isfinite(c.x0 + c.x1 + c.y0 + c.y1) && c.x1 > c.x0 && c.y1 > c.y0))
    return Status::Error("box must be [x0, x1, y0, y1], finite, with x1 > x0 and y1 > y0");
  return Status::Ok();
}

}  // namespace descent
