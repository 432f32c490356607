// libFuzzer target: the experiment spec (parse_spec + build_problem through validate_json), and
// for small valid specs a session: open_session, a few steps, result_json.
// Input: spec JSON, optionally followed by "\n@@CSV@@\n" and CSV bytes (the CLI's --csv / the API's
// options.csv). Synthetic specs with more than 2,000 samples are only parsed, and sessions are
// opened for small models only (at most 256 hidden units, params x batch rows <= 2e6), so an
// execution stays in milliseconds.
// Checks: every reply is valid JSON; "ok" agrees with open_session; invalid results parse.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/spec/spec.hpp"
#include "core/train/run.hpp"
#include "core/util/json.hpp"

using namespace descent;

namespace {
void check(bool ok) {
  if (!ok) std::abort();
}

bool small_data(const Spec& s) {
  return !(s.data.source == "synthetic" && s.data.generator_params.get("samples") > 2000);
}

bool small_model(const Spec& s) {
  std::size_t units = 0;
  for (std::size_t w : s.model.hidden) units += w;
  return units <= 256;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  static constexpr std::string_view kSep = "\n@@CSV@@\n";
  const std::size_t sep = all.find(kSep);
  const std::string spec(all.substr(0, sep));
  std::string csv;
  const bool has_csv = sep != std::string_view::npos;
  if (has_csv) csv.assign(all.substr(sep + kSep.size()));

  // Parse once to decide whether building the data is cheap enough.
  Issues issues;
  Spec s = parse_spec_text(spec, issues);
  if (issues.empty() && !small_data(s)) return 0;

  const std::string report = validate_json(spec, has_csv ? &csv : nullptr);
  Json r;
  check(parse_json(report, r).ok());
  const Json* ok = r.find("ok");
  check(ok && ok->is_bool());
  const Json* errors = r.find("errors");
  check(errors && errors->is_array());
  check(ok->as_bool() == errors->items().empty());
  for (const Json& e : errors->items()) {
    const Json* m = e.find("message");
    check(e.find("path") && m && m->is_string() && !m->as_string().empty());
  }
  if (!issues.empty() && !has_csv) check(!ok->as_bool());

  if (ok->as_bool() && !small_model(s)) return 0;
  Issues open_issues;
  std::unique_ptr<Session> session = open_session(spec, has_csv ? &csv : nullptr, open_issues);
  check((session != nullptr) == ok->as_bool());
  if (!session) {
    Json inv;
    check(parse_json(invalid_result_json(open_issues), inv).ok());
    return 0;
  }
  if (session->num_params() * session->batch_size() > 2000000) return 0;
  session->run(5);
  if (session->steps_per_epoch() <= 50) session->run_epoch();
  Json res;
  check(parse_json(session->result_json(), res).ok());
  check(parse_json(session->metrics_json(), res).ok());
  return 0;
}
