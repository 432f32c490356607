// See weighted_bce.hpp.
#include "core/loss/weighted_bce.hpp"

#include <cassert>

#include "core/loss/common.hpp"

namespace descent {
using namespace loss_detail;

WeightedBceLoss::WeightedBceLoss(float w0, float w1) : w0_(w0), w1_(w1) {
  assert(w0 >= 0.0f && w1 >= 0.0f);
}

float WeightedBceLoss::value_and_grad(Span<const float> pred, Span<const float> target,
                                      Span<float> dpred, std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B count{float(N)}, a(w0_), b(w1_), one(1.0f);
  const double total = map_sum(pred.data(), target.data(), dpred.data(), N,
                               [&](const B& p, const B& y, B& l, B& g) {
                                 const B w = b * y + a * (one - y);
                                 B lu, d;
                                 bce_terms(p, y, lu, d);
                                 l = lu * w;            // torch: loss.mul_(weight)
                                 g = (d * w) / count;   // grad_input.mul_(weight).div_(numel)
                               });
  return mean(total, N);
}

float WeightedBceLoss::train_value_and_grad(Span<const float> out, Span<const float> target,
                                            Span<float> dout, std::size_t n,
                                            std::size_t k) const {
  const std::size_t N = n * k;
  assert(out.size() == N && target.size() == N && dout.size() == N);
  const B count{float(N)}, a(w0_), b(w1_), one(1.0f);
  const double total = map_sum(out.data(), target.data(), dout.data(), N,
                               [&](const B& z, const B& y, B& l, B& g) {
                                 const B w = b * y + a * (one - y);
                                 B lu, d;
                                 bce_logits_terms(z, y, lu, d);
                                 l = lu * w;
                                 g = (d * w) / count;
                               });
  return mean(total, N);
}

Status WeightedBceLoss::check_targets(Span<const float> target, std::size_t n,
                                      std::size_t k) const {
  return check_binary_targets(target, n, k);
}

}  // namespace descent
