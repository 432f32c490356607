// Entry points shared by the native CLI and the WebAssembly bindings, so both engines do exactly
// the same thing with a spec: open a session (spec JSON + optional CSV bytes that override
// data.text), validate, run to the end. Everything returns JSON text or a session.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/train/session.hpp"

namespace descent {

/// Parses, validates and builds a session. csv (if non-null) replaces data.text. On failure
/// returns nullptr and fills issues.
std::unique_ptr<Session> open_session(const std::string& spec_json, const std::string* csv, Issues& issues);

/// {"ok": bool, "errors": [{path, message}], "spec": normalized spec (when it parses)}.
/// Builds the data too, so CSV and model/loss problems are reported.
std::string validate_json(const std::string& spec_json, const std::string* csv);

/// The same two taking the CSV's bytes over (moved into the spec, never copied, and freed once the
/// data is loaded): the one copy of a CSV the bindings hold (core/train/handle.hpp's CsvBytes).
std::unique_ptr<Session> open_session_taking(const std::string& spec_json, std::string&& csv, Issues& issues);
std::string validate_json_taking(const std::string& spec_json, std::string&& csv);

/// The result object of an invalid spec: {"status":"invalid","message":...,"errors":[...]}.
std::string invalid_result_json(const Issues& issues);

/// Runs a session to the end in chunks, calling progress(session) after each chunk.
void run_to_end(Session& s, const std::function<void(const Session&)>& progress, std::int64_t chunk = 1000);

}  // namespace descent
