// A fixed computation through every kernel family (gemm, dense forward/backward, activations,
// softmax, reductions) on seeded inputs, summarized as a hash of the output bits. Native and
// WebAssembly builds must print the same hash: the cheapest end-to-end check of bit-identity.
#pragma once
#include <string>

namespace descent {

struct KernelProbe {
  std::string hash;    // 16 hex digits, FNV-1a 64 over the output bytes
  double checksum;     // sum of outputs, for humans
  std::size_t values;  // number of floats hashed
};

KernelProbe kernel_probe();

/// FNV-1a 64-bit over bytes, as 16 lowercase hex digits.
std::string fnv1a_hex(const void* data, std::size_t bytes, unsigned long long seed = 0xcbf29ce484222325ULL);

}  // namespace descent
