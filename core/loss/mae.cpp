// See mae.hpp.
#include "core/loss/mae.hpp"

#include <cassert>

#include "core/loss/common.hpp"

namespace descent {
using namespace loss_detail;

float MaeLoss::value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                              std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B norm(inv(N)), zero(0.0f);
  const double total = map_sum(pred.data(), target.data(), dpred.data(), N,
                               [&](const B& p, const B& y, B& l, B& g) {
                                 const B r = p - y;
                                 l = xsimd::abs(r);
                                 // sign(r) * norm: +norm, -norm, or 0 at r = 0.
                                 g = xsimd::select(r > zero, norm, xsimd::select(r < zero, -norm, zero));
                               });
  return mean(total, N);
}

Status MaeLoss::check_targets(Span<const float> target, std::size_t n, std::size_t k) const {
  return check_elements(target, n, k, [](float) { return true; }, [](float) { return ""; });
}

}  // namespace descent
