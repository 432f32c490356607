// See mse.hpp.
#include "core/loss/mse.hpp"

#include <cassert>

#include "core/loss/common.hpp"
#include "core/simd/kernels.hpp"
#include "core/simd/terms.hpp"

namespace descent {
using namespace loss_detail;

float MseLoss::value_and_grad(Span<const float> pred, Span<const float> target, Span<float> dpred,
                              std::size_t n, std::size_t k) const {
  const std::size_t N = n * k;
  assert(pred.size() == N && target.size() == N && dpred.size() == N);
  const B norm(simd::mse_norm(N));
  const double total = map_sum(pred.data(), target.data(), dpred.data(), N,
                               [&](const B& p, const B& y, B& l, B& g) { simd::mse_terms(p, y, norm, l, g); });
  return mean(total, N);
}

float MseLoss::linear_pass(const float* x, const float* target, std::size_t n, std::size_t in, const float* w,
                           float b, float* dW, float* db) const {
  return mean(simd::linear_mse_pass(x, target, n, in, w, b, simd::mse_norm(n), dW, db), n);
}

Status MseLoss::check_targets(Span<const float> target, std::size_t n, std::size_t k) const {
  return check_elements(target, n, k, [](float) { return true; }, [](float) { return ""; });
}

}  // namespace descent
