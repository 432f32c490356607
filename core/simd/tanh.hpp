// Branch-free float tanh for xsimd batches, within 2 ulp of the correctly rounded result for every
// float input, with the same bits on every target.
//
// Formula (y = |z|; the sign is copied back at the end, so odd symmetry is exact):
//   k  = round(2y / ln2)        via the 1.5*2^23 "magic add"; the low bits of that sum give 2^(k-1)
//                               after an integer shift by 23 (no float->int conversion)
//   r  = 2y - k*ln2             in [-ln2/2, ln2/2]
//   q  = r + r^2 * P(r)         expm1(r), P of degree 4
//   h  = 2^(k-1)*q + (2^(k-1) - 1/2)                  = (e^(2y) - 1) / 2
//   b  = min(y, 1)
//   tanh(y) = h / (1 + h) = b - (b*h + (b - h)) / (1 + h)
// For y < 1 (b = y) the division gives the small correction y - tanh(y); its numerator has no
// harmful cancellation (b - h = y - h is even exact for y < 0.6, by Sterbenz), so rounding errors
// are scaled down by the size of that correction. For y >= 1 (b = 1) the numerator is exactly 1 (as
// long as h < 2^24, i.e. y < 8.664), so the result is 1 - 1/(1 + h), whose rounding is monotone in
// h. For y >= 8.66 (and +inf) the result is exactly 1; tanh(y) rounds to 1 - 2^-24 or 1 there, so
// this costs at most 1 ulp and keeps tanh(inf) = 1 exact. NaN never compares >= 8.66, so it runs
// through the arithmetic and comes out as a NaN.
//
// Coefficients: P(r) = (expm1(r) - r) / r^2 was fitted for minimax relative error of expm1 on
// [-0.34657383, 0.34657383] (the exact range of r reached by the reduction) with Lawson's
// iteratively reweighted least squares in double (error 0.22 * 2^-24); the coefficients were then
// rounded to float and adjusted by a coordinate search over neighbouring floats (P(0) became
// exactly 1/2), scoring each candidate by the number of 2-ulp results of this function over all
// floats in [0.005, 1), which halved that number.
//
// Measured against float(std::tanh(double(z))) for all 2^32 bit patterns: max error 2 ulp (about
// 4000 inputs with 2 ulp, all with 0.005 < |z| < 1; 85% of the floats in [1e-6, 10] correctly
// rounded, the rest within 1 ulp). Odd symmetry is bit-exact, |result| <= 1, tanh(+-0) = +-0,
// tanh(+-inf) = +-1, tanh(NaN) = NaN, and all |z| < 2^-25 (denormals included) return z itself.
// For |z| >= 1 the result is monotone across every pair of consecutive floats; below 1 it can step
// back by up to 2 ulp between neighbouring floats, but inputs 5 or more floats apart always come
// out in order.
//
// Cost: 33 batch operations, one of them a division: 25 multiplies/adds/subtracts, 1 division,
// abs, min, one compare + select, one 32-bit integer shift, and two bitwise ops for the sign
// (35 SSE2 arithmetic/logic instructions, select being and/andnot/or).
//
// Portability: only IEEE-exact operations (+ - * / with round-to-nearest, min, compare, select,
// bitwise ops, a 32-bit integer shift); no FMA (fused on some targets, emulated with two roundings
// on others; the build uses -ffp-contract=off), no rcp/rsqrt estimates, no libm, no data-dependent
// branches. So SSE2 and WebAssembly SIMD128 give the same bits; checked over all 2^32 inputs, NaN
// payloads included (a NaN comes out as the quieted input NaN). xsimd::min treats a NaN operand
// differently on the two targets (minps vs f32x4.pmin), but here b only feeds lanes whose h is
// already NaN, so the output does not depend on it.
//
// Why not a single rational x*P(x^2)/Q(x^2), as in Eigen (about 22 operations)? Without FMA it
// cannot reach 2 ulp: even a refitted degree-9/8 rational with 0.4 ulp approximation error ends
// up near 6 ulp from the Horner rounding of P and Q close to saturation.
#pragma once

#include <cstdint>
#include <type_traits>

#include <xsimd/xsimd.hpp>

namespace descent::simd {

/// tanh of every lane of a float batch, within 2 ulp. See the comment above for the method.
template <class B>
inline B fast_tanh(const B& z) {
  static_assert(std::is_same<typename B::value_type, float>::value, "fast_tanh is for float batches");
  const B magic(12583038.0f);  // 1.5 * 2^23 + 126: adding it rounds to an integer; 126 biases 2^(k-1)
  const B y = xsimd::abs(z);
  const B t = y * B(2.88539004f) + magic;  // 2 / ln2
  const B k = t - magic;
  const B half_pow = xsimd::bitwise_cast<float>(xsimd::bitwise_cast<std::int32_t>(t) << 23);  // 2^(k-1)
  const B r = (y + y) - k * B(0.693147182f);  // ln2; the rounding of k*ln2 (k <= 25) is harmless
  const B r2 = r * r;
  B p = B(1.388252364e-03f);
  p = p * r + B(8.366513997e-03f);
  p = p * r + B(4.166719690e-02f);
  p = p * r + B(1.666654199e-01f);
  p = p * r + B(0.5f);
  const B q = r + r2 * p;                           // expm1(r)
  const B h = half_pow * q + (half_pow - B(0.5f));   // (e^(2y) - 1) / 2
  const B b = xsimd::min(y, B(1.0f));
  const B n = b * h + (b - h);
  const B v = b - n / (h + B(1.0f));
  const B sat = xsimd::select(y >= B(8.66f), B(1.0f), v);
  return sat | (z & B(-0.0f));
}

}  // namespace descent::simd
