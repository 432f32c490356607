// An objective, as an optimizer sees it (ensmallen's shape): parameters in, value and gradient
// out. A model on a batch of data and an analytic 2-D test function both fit this slot, so line
// search, the LR finder and function mode share one code path.
#pragma once
#include <cstddef>
#include <vector>

#include "core/util/span.hpp"

namespace descent {

class Objective {
 public:
  virtual ~Objective() = default;
  virtual std::size_t dim() const = 0;
  /// f(w); writes the gradient into grad (size dim()).
  virtual double evaluate(Span<const float> w, Span<float> grad) = 0;
  /// f(w) without the gradient (default: evaluate into a scratch buffer).
  virtual double value(Span<const float> w) {
    std::vector<float> g(dim());
    return evaluate(w, Span<float>(g));
  }
};

}  // namespace descent
