// See hinge.hpp.
#include "core/loss/hinge.hpp"

#include <cassert>

#include "core/loss/common.hpp"

namespace descent {
using namespace loss_detail;

float HingeLoss::value_and_grad(Span<const float> pred, Span<const float> target,
                                Span<float> dpred, std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B norm(inv(N)), one(1.0f), zero(0.0f);
  const double total = map_sum(pred.data(), target.data(), dpred.data(), N,
                               [&](const B& f, const B& y, B& l, B& g) {
                                 const B s = xsimd::select(y > zero, one, -one);
                                 const B m = one - s * f;
                                 l = xsimd::max(m, zero);
                                 g = xsimd::select(m > zero, -s * norm, zero);
                               });
  return mean(total, N);
}

Status HingeLoss::check_targets(Span<const float> target, std::size_t n, std::size_t k) const {
  return check_signed_targets(target, n, k);
}

}  // namespace descent
