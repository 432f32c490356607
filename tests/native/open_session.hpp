// A session opened from spec JSON for a test, failing the test with the engine's messages when the
// spec does not open. Not here: specs, or anything a test checks about the session.
#pragma once
#include <memory>
#include <string>

#include <doctest/doctest.h>

#include "core/train/run.hpp"
#include "core/train/session.hpp"

inline std::unique_ptr<descent::Session> open(const std::string& json) {
  descent::Issues issues;
  auto s = descent::open_session(json, nullptr, issues);
  std::string all;
  for (const descent::Issue& i : issues) all += i.message + "\n";
  INFO(all);
  REQUIRE(s != nullptr);
  return s;
}
