#include "core/optim/objective.hpp"

#include <vector>

namespace descent {

double Objective::value(Span<const float> w) {
  std::vector<float> g(dim());
  return evaluate(w, Span<float>(g));
}

}  // namespace descent
