// See bce.hpp.
#include "core/loss/bce.hpp"

#include <cassert>

#include "core/loss/common.hpp"

namespace descent {
using namespace loss_detail;

float BceLoss::value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                              std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B count{float(N)};
  const double total = map_sum(pred.data(), target.data(), dpred.data(), N,
                               [&](const B& p, const B& y, B& l, B& g) {
                                 B d;
                                 bce_terms(p, y, l, d);
                                 g = d / count;  // torch: grad_input.div_(numel)
                               });
  return mean(total, N);
}

Status BceLoss::check_targets(Span<const float> target, std::size_t n, std::size_t k) const {
  return check_binary_targets(target, n, k);
}

}  // namespace descent
