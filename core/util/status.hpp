// Status: the outcome of an operation on user input. Bad input is a Status with a message that
// names the field, row or column; programmer errors are asserts, not Statuses.
// Issues: every problem found at once, each with a JSON path ("optimizer.beta1").
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace descent {

class Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message)); }
  bool ok() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string m) : failed_(true), message_(std::move(m)) {}
  bool failed_ = false;
  std::string message_;
};

/// One problem with a spec or an input, at a JSON path ("" for the whole thing).
struct Issue {
  std::string path;
  std::string message;
};
using Issues = std::vector<Issue>;

}  // namespace descent
