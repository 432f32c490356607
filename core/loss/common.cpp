// See common.hpp.
#include "core/loss/common.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace descent::loss_detail {

Status row_error(std::size_t row0, const std::string& what) {
  return Status::Error("target row " + std::to_string(row0 + 1) + ": " + what);
}

Status check_size(Span<const float> target, std::size_t expected, const std::string& layout) {
  if (target.size() == expected) return Status::Ok();
  return Status::Error("target has " + std::to_string(target.size()) + " values, expected " +
                       std::to_string(expected) + " (" + layout + ")");
}

Status check_binary_targets(Span<const float> target, std::size_t n, std::size_t k) {
  return check_elements(
      target, n, k, [](float v) { return v >= 0.0f && v <= 1.0f; },
      [](float v) { return "BCE labels must be in [0, 1], got " + format_float(v); });
}

Status check_signed_targets(Span<const float> target, std::size_t n, std::size_t k) {
  return check_elements(
      target, n, k, [](float v) { return v == -1.0f || v == 0.0f || v == 1.0f; },
      [](float v) {
        return "hinge labels must be -1 or +1 (0/1 labels are read as -1/+1), got " +
               format_float(v);
      });
}

Status check_label_targets(Span<const float> target, std::size_t n, std::size_t classes) {
  Status s = check_size(target, n, std::to_string(n) + " rows, one class label per row");
  if (!s.ok()) return s;
  for (std::size_t i = 0; i < n; ++i) {
    const float v = target[i];
    if (!(v - v == 0.0f)) return row_error(i, format_float(v) + " is not a finite number");
    if (!(v >= 0.0f && double(v) < double(classes) && std::floor(v) == v))
      return row_error(i, "label " + format_float(v) + " is not an integer in [0, " +
                              std::to_string(classes) + ")");
  }
  return Status::Ok();
}

std::vector<float>& scratch(std::size_t n) {
  thread_local std::vector<float> buf;
  if (buf.size() < n) buf.resize(n);
  return buf;
}

}  // namespace descent::loss_detail
