// Entry points shared by the native CLI and the WebAssembly bindings, so both engines do exactly
// the same thing with a spec: open a session (spec JSON + optional CSV bytes that override
// data.text), validate, run to the end. Everything returns JSON text or a session.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/train/session.hpp"

namespace descent {

/// Parses, validates and builds a session. csv (if non-null) replaces data.text; its bytes are
/// read in place during the call (never copied, not kept). On failure returns nullptr and fills
/// issues.
std::unique_ptr<Session> open_session(const std::string& spec_json, const std::string_view* csv, Issues& issues);

/// {"ok": bool, "errors": [{path, message}], "spec": normalized spec (when it parses)}.
/// Builds the data too, so CSV and model/loss problems are reported.
std::string validate_json(const std::string& spec_json, const std::string_view* csv);

/// The same without a CSV, and with the CSV in a std::string (the CLI's).
inline std::unique_ptr<Session> open_session(const std::string& spec_json, std::nullptr_t, Issues& issues) {
  return open_session(spec_json, static_cast<const std::string_view*>(nullptr), issues);
}
inline std::string validate_json(const std::string& spec_json, std::nullptr_t) {
  return validate_json(spec_json, static_cast<const std::string_view*>(nullptr));
}
inline std::unique_ptr<Session> open_session(const std::string& spec_json, const std::string* csv, Issues& issues) {
  const std::string_view v = csv ? std::string_view(*csv) : std::string_view();
  return open_session(spec_json, csv ? &v : nullptr, issues);
}
inline std::string validate_json(const std::string& spec_json, const std::string* csv) {
  const std::string_view v = csv ? std::string_view(*csv) : std::string_view();
  return validate_json(spec_json, csv ? &v : nullptr);
}

/// The result object of an invalid spec: {"status":"invalid","message":...,"errors":[...]}.
std::string invalid_result_json(const Issues& issues);

/// Runs a session to the end in chunks, calling progress(session) after each chunk.
void run_to_end(Session& s, const std::function<void(const Session&)>& progress, std::int64_t chunk = 1000);

}  // namespace descent
