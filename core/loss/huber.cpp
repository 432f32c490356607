// See huber.hpp.
#include "core/loss/huber.hpp"

#include <cassert>

#include "core/loss/common.hpp"

namespace descent {
using namespace loss_detail;

HuberLoss::HuberLoss(float delta) : delta_(delta) { assert(delta > 0.0f); }

float HuberLoss::value_and_grad(Span<const float> pred, Span<const float> target,
                                Span<float> dpred, std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B norm(inv(N)), d(delta_), half(0.5f);
  const double total = map_sum(pred.data(), target.data(), dpred.data(), N,
                               [&](const B& p, const B& y, B& l, B& g) {
                                 const B r = p - y;
                                 const B z = xsimd::abs(r);
                                 l = xsimd::select(z < d, half * z * z, d * (z - half * d));
                                 g = xsimd::select(r <= -d, -norm * d,
                                                   xsimd::select(r >= d, norm * d, norm * r));
                               });
  return mean(total, N);
}

Status HuberLoss::check_targets(Span<const float> target, std::size_t n, std::size_t k) const {
  return check_elements(target, n, k, [](float) { return true; }, [](float) { return ""; });
}

}  // namespace descent
