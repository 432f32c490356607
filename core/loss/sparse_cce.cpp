// See sparse_cce.hpp.
#include "core/loss/sparse_cce.hpp"

#include <cassert>

#include "core/loss/common.hpp"
#include "core/simd/kernels.hpp"

namespace descent {
using namespace loss_detail;

float SparseCceLoss::value_and_grad(Span<const float> pred, Span<const float> target,
                                    Span<float> dpred, std::size_t n, std::size_t k) const {
  const std::size_t C = k;
  assert(pred.size() == n * C && target.size() == n && dpred.size() == n * C);
  if (n == 0 || C == 0) return 0.0f;
  std::vector<float>& lp = scratch(n * C);
  simd::log_softmax_rows(pred.data(), lp.data(), n, C);
  simd::softmax_rows(pred.data(), dpred.data(), n, C);
  const B count{float(n)};
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t y = std::size_t(target[i]);
    assert(y < C);
    total += -double(lp[i * C + y]);
    float* g = dpred.data() + i * C;
    g[y] -= 1.0f;  // p - onehot; p - 0 = p elsewhere
    simd::for_lanes(C, [&](B& gb) { gb = gb / count; }, g);
  }
  return mean(total, n);
}

Status SparseCceLoss::check_targets(Span<const float> target, std::size_t n,
                                    std::size_t k) const {
  return check_label_targets(target, n, k);
}

}  // namespace descent
