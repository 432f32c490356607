// The Embind map of the core: names and types only, no logic.
#include <emscripten/bind.h>
#include "core/simd/arch.hpp"
#include <string>
std::string arch() { return descent::simd::arch_name(); }
EMSCRIPTEN_BINDINGS(descent) { emscripten::function("arch", &arch); }
