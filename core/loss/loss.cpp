// Default Loss::value.
#include "core/loss/loss.hpp"

#include <vector>

namespace descent {

float Loss::value(Span<const float> pred, Span<const float> target, std::size_t n,
                  std::size_t k) const {
  std::vector<float> scratch(pred.size());
  return value_and_grad(pred, target, Span<float>(scratch), n, k);
}

}  // namespace descent
