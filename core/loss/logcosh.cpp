// See logcosh.hpp.
#include "core/loss/logcosh.hpp"

#include <cassert>

#include "core/loss/common.hpp"
#include "core/simd/num.hpp"
#include "core/simd/tanh.hpp"

namespace descent {
using namespace loss_detail;

float LogCoshLoss::value_and_grad(Span<const float> pred, Span<const float> target,
                                  Span<float> dpred, std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B norm(inv(N)), one(1.0f), two(2.0f), half(0.5f), ln2{float(num::kLn2)};
  const double total = map_sum(pred.data(), target.data(), dpred.data(), N,
                               [&](const B& p, const B& y, B& l, B& g) {
                                 const B r = p - y;
                                 const B z = xsimd::abs(r);
                                 // z >= 1: z + softplus(-2z) - log 2; softplus of x <= 0 is
                                 // log1p(exp(x)).
                                 const B big = (z + xsimd::log1p(xsimd::exp(-two * z))) - ln2;
                                 // z < 1: log1p(2 s^2), s = sinh(z/2) = (expm1(h) - expm1(-h))/2
                                 const B h = half * z;
                                 const B s = (xsimd::expm1(h) - xsimd::expm1(-h)) * half;
                                 const B small = xsimd::log1p(two * s * s);
                                 l = xsimd::select(z < one, small, big);
                                 g = simd::fast_tanh(r) * norm;
                               });
  return mean(total, N);
}

Status LogCoshLoss::check_targets(Span<const float> target, std::size_t n, std::size_t k) const {
  return check_elements(target, n, k, [](float) { return true; }, [](float) { return ""; });
}

}  // namespace descent
