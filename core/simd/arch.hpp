// Which SIMD architecture the core is compiled for, and the float batch type the kernels use.
// Portable builds use 4 lanes on every target (SSE2 natively, WebAssembly SIMD128 in wasm), so the
// same spec and seed give the same bits everywhere. DESCENT_FAST (native benchmarks only) takes the
// widest architecture the compiler was told about and gives up that promise.
#pragma once
#include <xsimd/xsimd.hpp>

namespace descent::simd {

#if defined(__EMSCRIPTEN__) || defined(__wasm__)
using arch = xsimd::wasm;
#elif defined(DESCENT_FAST)
using arch = xsimd::default_arch;
#elif defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
using arch = xsimd::sse2;
#elif defined(__aarch64__)
using arch = xsimd::neon64;
#else
#error "descent: no 4-lane SIMD architecture known for this target"
#endif

using fbatch = xsimd::batch<float, arch>;
constexpr std::size_t lanes = fbatch::size;
#if !defined(DESCENT_FAST)
static_assert(lanes == 4, "portable builds must use 4-lane float SIMD");
#endif

/// The architecture's name as xsimd reports it ("sse2", "wasm", "avx2" ...).
inline const char* arch_name() { return arch::name(); }

}  // namespace descent::simd
