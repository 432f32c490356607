// See smooth_l1.hpp.
#include "core/loss/smooth_l1.hpp"

#include <cassert>

#include "core/loss/common.hpp"

namespace descent {
using namespace loss_detail;

SmoothL1Loss::SmoothL1Loss(float beta) : beta_(beta) { assert(beta >= 0.0f); }

float SmoothL1Loss::value_and_grad(Span<const float> pred, Span<const float> target,
                                   Span<float> dpred, std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B norm(inv(N)), b(beta_), half(0.5f), zero(0.0f);
  double total;
  if (beta_ == 0.0f) {
    // torch: beta == 0 -> l1_loss (and l1's gradient sgn(r) / N).
    total = map_sum(pred.data(), target.data(), dpred.data(), N,
                    [&](const B& p, const B& y, B& l, B& g) {
                      const B r = p - y;
                      l = xsimd::abs(r);
                      g = xsimd::select(r > zero, norm, xsimd::select(r < zero, -norm, zero));
                    });
  } else {
    total = map_sum(pred.data(), target.data(), dpred.data(), N,
                    [&](const B& p, const B& y, B& l, B& g) {
                      const B r = p - y;
                      const B z = xsimd::abs(r);
                      l = xsimd::select(z < b, half * z * z / b, z - half * b);
                      g = xsimd::select(r <= -b, -norm,
                                        xsimd::select(r >= b, norm, norm * r / b));
                    });
  }
  return mean(total, N);
}

Status SmoothL1Loss::check_targets(Span<const float> target, std::size_t n,
                                   std::size_t k) const {
  return check_elements(target, n, k, [](float) { return true; }, [](float) { return ""; });
}

}  // namespace descent
