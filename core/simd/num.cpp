// See num.hpp. One lane of an xsimd batch carries the argument; the others hold a harmless value.
#include "core/simd/num.hpp"

#include "core/simd/arch.hpp"
#include "core/simd/tanh.hpp"

namespace descent::num {
namespace {
using dbatch = xsimd::batch<double, simd::arch>;
template <class F>
float f1(float x, F f) { return f(simd::fbatch(x)).get(0); }
template <class F>
double d1(double x, F f) { return f(dbatch(x)).get(0); }
}  // namespace

float exp(float x) { return f1(x, [](auto b) { return xsimd::exp(b); }); }
float expm1(float x) { return f1(x, [](auto b) { return xsimd::expm1(b); }); }
float log(float x) { return f1(x, [](auto b) { return xsimd::log(b); }); }
float log1p(float x) { return f1(x, [](auto b) { return xsimd::log1p(b); }); }
float tanh(float x) { return f1(x, [](auto b) { return simd::fast_tanh(b); }); }
// xsimd::sin on float batches sends clang 14 (wasm, -O3) into a very long compile: go via double.
float sin(float x) { return float(sin(double(x))); }
float cos(float x) { return float(cos(double(x))); }
float sigmoid(float x) { return 1.0f / (1.0f + exp(-x)); }
float softplus(float x) {
  // max(x, 0) + log1p(exp(-|x|)): never overflows.
  float ax = x < 0 ? -x : x;
  return (x > 0 ? x : 0.0f) + log1p(exp(-ax));
}

double exp(double x) { return d1(x, [](auto b) { return xsimd::exp(b); }); }
double log(double x) { return d1(x, [](auto b) { return xsimd::log(b); }); }
double log1p(double x) { return d1(x, [](auto b) { return xsimd::log1p(b); }); }
double sin(double x) { return d1(x, [](auto b) { return xsimd::sin(b); }); }
double cos(double x) { return d1(x, [](auto b) { return xsimd::cos(b); }); }
double pow(double x, double y) { return exp(y * log(x)); }
double powi(double x, std::int64_t n) {
  if (n < 0) return 1.0 / powi(x, -n);
  double r = 1.0;
  while (n > 0) {
    if (n & 1) r *= x;
    x *= x;
    n >>= 1;
  }
  return r;
}

}  // namespace descent::num
