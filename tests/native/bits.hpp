// Bit-for-bit comparison of floats, for tests that hold a kernel to its scalar reference exactly
// (a NaN equals a NaN of the same pattern; 0.0f and -0.0f differ).
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

inline bool same_bits(float a, float b) {
  std::uint32_t ua, ub;
  std::memcpy(&ua, &a, 4);
  std::memcpy(&ub, &b, 4);
  return ua == ub;
}

inline bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}
