// The one random number generator of the core: PCG32 (O'Neill 2014, pcg-random.org, XSH-RR
// output) with our own uniform / normal / bounded / shuffle routines, because std:: distributions
// differ between libstdc++ and libc++ and would break "same seed, same numbers everywhere".
// Streams separate the uses of randomness (data, init, batch order, dropout, split) so that
// changing one (say, the optimizer) never changes another (the initial parameters).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace descent {

enum class RngStream : std::uint64_t { data = 1, init = 2, shuffle = 3, dropout = 4, split = 5, misc = 6 };

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 42, std::uint64_t stream = 0);
  Rng(std::uint64_t seed, RngStream s) : Rng(seed, static_cast<std::uint64_t>(s)) {}

  std::uint32_t next_u32();
  /// Uniform in [0, 1) with 24 random bits (every float multiple of 2^-24).
  float uniform();
  /// Uniform in [0, 1) with 53 random bits.
  double uniform_double();
  /// Uniform in [lo, hi).
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  /// Standard normal (Marsaglia polar method, double precision, rounded on return).
  double normal();
  /// Uniform integer in [0, n), unbiased (Lemire 2019 with rejection). n > 0.
  std::uint32_t bounded(std::uint32_t n);
  /// Fisher-Yates shuffle.
  void shuffle(std::vector<std::uint32_t>& v);

 private:
  std::uint64_t state_ = 0, inc_ = 0;
  bool has_spare_ = false;
  double spare_ = 0.0;
};

}  // namespace descent
