// The order in which losses total their per-element values (core/loss/common.hpp map_sum, the same
// as simd::sum): 4 float lanes (element i to lane i % 4) within blocks of 1024 elements, each
// block's lanes combined as (l0 + l1) + (l2 + l3) in double, blocks added in double. Written out as
// scalar operations so loss tests can pin the exact bits of a loss value.
#pragma once
#include <cstddef>
#include <vector>

inline double blocked_total(const std::vector<float>& l) {
  const std::size_t L = 4, block = 1024;
  double total = 0.0;
  for (std::size_t b0 = 0; b0 < l.size(); b0 += block) {
    const std::size_t len = l.size() - b0 < block ? l.size() - b0 : block;
    float acc[4] = {0, 0, 0, 0};
    for (std::size_t i = 0; i < len; ++i) acc[i % L] = acc[i % L] + l[b0 + i];
    total += (double(acc[0]) + double(acc[1])) + (double(acc[2]) + double(acc[3]));
  }
  return total;
}
