// Scalar transcendental functions that give the same bits natively and in WebAssembly.
// libm differs between glibc and Emscripten's musl, so the core never calls std::exp/log/tanh/pow:
// these evaluate xsimd's portable algorithms (tanh: core/simd/tanh.hpp, as the kernels) on a
// one-lane-used batch. Slow-ish; use the kernels in kernels.hpp for arrays. sqrt, fabs, floor are
// exact in IEEE arithmetic and may come from <cmath>.
#pragma once
#include <cstdint>

namespace descent::num {

float exp(float x);
float expm1(float x);
float log(float x);
float log1p(float x);
float tanh(float x);
float sin(float x);
float cos(float x);
float sigmoid(float x);
/// log(1 + exp(x)), overflow-free.
float softplus(float x);

double exp(double x);
double log(double x);
double log1p(double x);
double sin(double x);
double cos(double x);
/// x^y for x > 0, as exp(y log x) in double.
double pow(double x, double y);
/// x^n by repeated squaring (exact sequence of multiplications, the same everywhere).
double powi(double x, std::int64_t n);

constexpr double kPi = 3.14159265358979323846;
constexpr double kLn2 = 0.69314718055994530942;

}  // namespace descent::num
