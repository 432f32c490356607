// descent::simd::fast_tanh (core/simd/tanh.hpp) against the double-precision truth: a dense sweep
// of float bit patterns within 2 ulp, special values, bit-exact odd symmetry, monotonicity and
// |tanh| <= 1. The header's own claim (max 2 ulp) was measured over all 2^32 inputs; this suite
// samples every 97th pattern so it stays fast.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <vector>

#include "core/simd/arch.hpp"
#include "core/simd/tanh.hpp"
#include "tests/native/ulp.hpp"

using namespace descent;

namespace {

float from_bits(std::uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

std::uint32_t to_bits(float f) {
  std::uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

// fast_tanh over an array, a batch at a time (the tail padded with zeros).
std::vector<float> fast_tanh_all(const std::vector<float>& x) {
  std::vector<float> y(x.size());
  alignas(64) float in[simd::lanes], out[simd::lanes];
  for (std::size_t i = 0; i < x.size(); i += simd::lanes) {
    const std::size_t m = std::min(simd::lanes, x.size() - i);
    for (std::size_t j = 0; j < simd::lanes; ++j) in[j] = j < m ? x[i + j] : 0.0f;
    simd::fast_tanh(simd::fbatch::load_aligned(in)).store_aligned(out);
    for (std::size_t j = 0; j < m; ++j) y[i + j] = out[j];
  }
  return y;
}

float fast_tanh1(float x) { return fast_tanh_all({x})[0]; }

float truth(float x) { return float(std::tanh(double(x))); }

// Every `stride`-th float bit pattern from lo up to hi (both positive).
std::vector<float> sweep(float lo, float hi, std::uint32_t stride) {
  std::vector<float> v;
  for (std::uint64_t u = to_bits(lo); u <= to_bits(hi); u += stride) v.push_back(from_bits(std::uint32_t(u)));
  return v;
}

}  // namespace

TEST_CASE("fast_tanh is within 2 ulp of double tanh on every 97th float in +-[1e-8, 12]") {
  std::vector<float> x = sweep(1e-8f, 12.0f, 97);
  const std::size_t n = x.size();
  for (std::size_t i = 0; i < n; ++i) x.push_back(-x[i]);
  const std::vector<float> y = fast_tanh_all(x);
  long worst = 0;
  float worst_x = 0.0f;
  std::size_t exact = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const long d = ulp_distance(y[i], truth(x[i]));
    if (d > worst) worst = d, worst_x = x[i];
    exact += d == 0;
  }
  CAPTURE(worst_x);
  CHECK(x.size() > 4000000);
  CHECK(worst <= 2);
  CHECK(double(exact) / double(x.size()) > 0.8);  // most results are the correctly rounded float
  // A few inputs where the rounding is known to be delicate, checked one by one.
  for (float v : {0.0155571625f, 0.173471004f, 0.5493061f, 0.807601631f, 1.0f, 2.0f, 5.0f, 8.6599998f, 8.66f, 9.0109f}) {
    CAPTURE(v);
    CHECK(ulp_distance(fast_tanh1(v), truth(v)) <= 2);
    CHECK(ulp_distance(fast_tanh1(-v), truth(-v)) <= 2);
  }
}

TEST_CASE("fast_tanh special values") {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float denorm_min = std::numeric_limits<float>::denorm_min();
  const float fmin = std::numeric_limits<float>::min();
  const float fmax = std::numeric_limits<float>::max();
  const std::vector<float> x = {0.0f, -0.0f, inf, -inf, nan, -nan, fmax, -fmax, 1e30f, -1e30f, 20.0f, -20.0f,
                                9.5f, denorm_min, -denorm_min, 1e-40f, -1e-40f, fmin, -fmin, 1e-20f, -1e-20f};
  const std::vector<float> y = fast_tanh_all(x);
  CHECK(to_bits(y[0]) == to_bits(0.0f));
  CHECK(to_bits(y[1]) == to_bits(-0.0f));
  CHECK(y[2] == 1.0f);
  CHECK(y[3] == -1.0f);
  CHECK(std::isnan(y[4]));
  CHECK(std::isnan(y[5]));
  for (std::size_t i = 6; i <= 12; ++i) {
    CAPTURE(x[i]);
    CHECK(y[i] == (x[i] > 0 ? 1.0f : -1.0f));  // saturated exactly, with the sign
  }
  for (std::size_t i = 13; i < x.size(); ++i) {
    CAPTURE(x[i]);
    CHECK(to_bits(y[i]) == to_bits(x[i]));  // tanh(x) rounds to x here; denormals are not flushed
  }
  // All denormals and tiny normals (|x| < 2^-25) come back unchanged.
  std::vector<float> tiny = sweep(denorm_min, from_bits(0x33000000u), 4099);
  const std::vector<float> ty = fast_tanh_all(tiny);
  bool same = true;
  for (std::size_t i = 0; i < tiny.size(); ++i) same = same && to_bits(ty[i]) == to_bits(tiny[i]);
  CHECK(same);
}

TEST_CASE("fast_tanh is odd, bit for bit, and never leaves [-1, 1]") {
  std::vector<float> x = sweep(from_bits(1u), from_bits(0x7f7fffffu), 9973);  // all finite magnitudes
  for (float v : {1.0f, 8.66f, 9.0f, 1e-3f}) x.push_back(v);
  std::vector<float> neg(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) neg[i] = -x[i];
  const std::vector<float> y = fast_tanh_all(x), ny = fast_tanh_all(neg);
  bool odd = true, bounded = true, sign_ok = true;
  for (std::size_t i = 0; i < x.size(); ++i) {
    odd = odd && to_bits(ny[i]) == (to_bits(y[i]) ^ 0x80000000u);
    bounded = bounded && std::fabs(y[i]) <= 1.0f && std::fabs(ny[i]) <= 1.0f;
    sign_ok = sign_ok && y[i] >= 0.0f && !std::signbit(y[i]);
  }
  CHECK(x.size() > 200000);
  CHECK(odd);
  CHECK(bounded);
  CHECK(sign_ok);
}

TEST_CASE("fast_tanh is monotonic non-decreasing on [0, 10]") {
  // Below 1 the result can step back by 1 ulp between neighbouring floats (its rounding error is
  // up to 2 ulp), so that range is swept with a stride; from 1 on every consecutive float is checked.
  std::vector<float> x = sweep(from_bits(1u), 1.0f, 97);
  const std::vector<float> upper = sweep(1.0f, 10.0f, 1);
  x.insert(x.end(), upper.begin(), upper.end());
  const std::vector<float> y = fast_tanh_all(x);
  std::size_t drops = 0;
  float first_drop = 0.0f;
  for (std::size_t i = 1; i < y.size(); ++i) {
    if (y[i] < y[i - 1]) {
      if (drops == 0) first_drop = x[i];
      ++drops;
    }
  }
  CAPTURE(first_drop);
  CHECK(drops == 0);
  CHECK(y.front() >= 0.0f);
  CHECK(y.back() == 1.0f);
}
