// See run.hpp.
#include "core/train/run.hpp"

#include <utility>

#include "core/util/json.hpp"

namespace descent {
namespace {

/// csv (if non-null) is moved into the spec.
Spec parse_with_csv(const std::string& spec_json, std::string* csv, Issues& issues) {
  Json j;
  Status st = parse_json(spec_json, j);
  if (!st.ok()) {
    issues.push_back({"", st.message()});
    return Spec();
  }
  // A CSV given beside the spec (the CLI's --csv or data.path, the API's options.csv) stands in
  // for data.text.
  if (csv && j.is_object()) {
    Json* d = j.find("data");
    if (!d) d = &j.set("data", Json::object());
    if (d->is_object()) {
      if (!d->find("source")) d->set("source", Json::string("csv"));
      const Json* src = d->find("source");
      if (src->is_string() && src->as_string() == "csv") d->set("text", Json::string(""));
    }
  }
  Spec s = parse_spec(j, issues);
  if (csv && issues.empty()) {
    if (s.data.source != "csv") issues.push_back({"data.source", "a CSV was given but data.source is " + quoted(s.data.source) + ", not \"csv\""});
    else s.data.text = std::move(*csv);
  }
  return s;
}

std::unique_ptr<Session> open_with(const std::string& spec_json, std::string* csv, Issues& issues) {
  Spec s = parse_with_csv(spec_json, csv, issues);
  if (!issues.empty()) return nullptr;
  return Session::create(std::move(s), issues);
}

std::string validate_with(const std::string& spec_json, std::string* csv) {
  Issues issues;
  Spec s = parse_with_csv(spec_json, csv, issues);
  const bool parsed = issues.empty();
  if (parsed) {
    Problem p;
    build_problem(s, p, issues);
  }
  JsonWriter w;
  w.begin_object();
  w.key("ok");
  w.value_bool(issues.empty());
  w.key("errors");
  w.value_json(issues_to_json(issues));
  if (parsed) {
    w.key("spec");
    w.value_json(spec_to_json(s));
  }
  w.end_object();
  return w.take();
}

}  // namespace

std::unique_ptr<Session> open_session(const std::string& spec_json, const std::string* csv, Issues& issues) {
  std::string copy = csv ? *csv : std::string();
  return open_with(spec_json, csv ? &copy : nullptr, issues);
}

std::string validate_json(const std::string& spec_json, const std::string* csv) {
  std::string copy = csv ? *csv : std::string();
  return validate_with(spec_json, csv ? &copy : nullptr);
}

std::unique_ptr<Session> open_session_taking(const std::string& spec_json, std::string&& csv, Issues& issues) {
  return open_with(spec_json, &csv, issues);
}

std::string validate_json_taking(const std::string& spec_json, std::string&& csv) {
  return validate_with(spec_json, &csv);
}

std::string invalid_result_json(const Issues& issues) {
  JsonWriter w;
  w.begin_object();
  w.key("status");
  w.value_string("invalid");
  w.key("message");
  w.value_string(issues.empty() ? "invalid spec" : issues.front().message +
                                                       (issues.size() > 1 ? " (and " + std::to_string(issues.size() - 1) + " more)" : ""));
  w.key("errors");
  w.value_json(issues_to_json(issues));
  w.end_object();
  return w.take();
}

void run_to_end(Session& s, const std::function<void(const Session&)>& progress, std::int64_t chunk) {
  while (!s.finished()) {
    s.run(chunk);
    if (progress) progress(s);
  }
}

}  // namespace descent
