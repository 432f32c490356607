// See multiclass_hinge.hpp.
#include "core/loss/multiclass_hinge.hpp"

#include <cassert>

#include "core/loss/common.hpp"

namespace descent {
using namespace loss_detail;

float MulticlassHingeLoss::value_and_grad(Span<const float> pred, Span<const float> target,
                                          Span<float> dpred, std::size_t n,
                                          std::size_t k) const {
  const std::size_t C = k;
  assert(pred.size() == n * C && target.size() == n && dpred.size() == n * C);
  if (n == 0 || C == 0) return 0.0f;
  const float margin = 1.0f;
  const float g = float(1.0 / (double(n) * double(C)));  // torch: 1. / (nframe * dim)
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const float* z = pred.data() + i * C;
    float* d = dpred.data() + i * C;
    const std::size_t y = std::size_t(target[i]);
    assert(y < C);
    const float zy = z[y];
    float sum = 0.0f, dy = 0.0f;
    for (std::size_t j = 0; j < C; ++j) {
      if (j == y) continue;
      const float m = margin - zy + z[j];
      if (m > 0.0f) {
        sum += m;
        dy -= g;
        d[j] = g;
      } else {
        d[j] = 0.0f;
      }
    }
    d[y] = dy;
    sum /= float(C);
    total += double(sum);
  }
  return mean(total, n);
}

Status MulticlassHingeLoss::check_targets(Span<const float> target, std::size_t n,
                                          std::size_t k) const {
  return check_label_targets(target, n, k);
}

}  // namespace descent
