// See mse.hpp.
#include "core/loss/mse.hpp"

#include <cassert>

#include "core/loss/common.hpp"

namespace descent {
using namespace loss_detail;

float MseLoss::value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                              std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B norm(N == 0 ? 2.0f : float(2.0 / double(N)));
  const double total = map_sum(pred.data(), target.data(), dpred.data(), N,
                               [&](const B& p, const B& y, B& l, B& g) {
                                 const B r = p - y;
                                 l = r * r;
                                 g = norm * r;
                               });
  return mean(total, N);
}

Status MseLoss::check_targets(Span<const float> target, std::size_t n, std::size_t k) const {
  return check_elements(target, n, k, [](float) { return true; }, [](float) { return ""; });
}

}  // namespace descent
