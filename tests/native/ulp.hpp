// Distance between two floats in units in the last place, for tests that hold a computed value to
// a few ulp of a double-precision truth.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>

/// Ulp distance, across zero as well (the bit patterns mapped to ordered integers); 0 for a == b.
inline long ulp_distance(float a, float b) {
  if (a == b) return 0;
  std::int32_t ia, ib;
  std::memcpy(&ia, &a, 4);
  std::memcpy(&ib, &b, 4);
  if (ia < 0) ia = INT32_MIN - ia;
  if (ib < 0) ib = INT32_MIN - ib;
  return std::labs(long(ia) - long(ib));
}
