// See squared_hinge.hpp.
#include "core/loss/squared_hinge.hpp"

#include <cassert>

#include "core/loss/common.hpp"

namespace descent {
using namespace loss_detail;

float SquaredHingeLoss::value_and_grad(Span<const float> pred, Span<const float> target,
                                       Span<float> dpred, std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B norm(inv(N)), one(1.0f), two(2.0f), zero(0.0f);
  const double total = map_sum(pred.data(), target.data(), dpred.data(), N,
                               [&](const B& f, const B& y, B& l, B& g) {
                                 const B s = xsimd::select(y > zero, one, -one);
                                 const B h = xsimd::max(one - s * f, zero);
                                 l = h * h;
                                 g = xsimd::select(h > zero, ((-two * s) * h) * norm, zero);
                               });
  return mean(total, N);
}

Status SquaredHingeLoss::check_targets(Span<const float> target, std::size_t n,
                                       std::size_t k) const {
  return check_signed_targets(target, n, k);
}

}  // namespace descent
