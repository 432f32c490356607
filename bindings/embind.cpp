// The Embind map of the core: names and types only, no logic. The only file that includes
// <emscripten/bind.h>. Everything crosses as strings (JSON) or copies of typed arrays; errors cross
// as status strings/JSON, never as C++ exceptions.
#include <emscripten/bind.h>

#include <string>

#include "core/simd/arch.hpp"
#include "core/simd/probe.hpp"

namespace {
std::string version() { return DESCENT_VERSION; }
std::string arch() { return descent::simd::arch_name(); }
std::string kernel_probe_hash() { return descent::kernel_probe().hash; }
}  // namespace

EMSCRIPTEN_BINDINGS(descent) {
  using namespace emscripten;
  function("version", &version);
  function("arch", &arch);
  function("kernelProbe", &kernel_probe_hash);
}
