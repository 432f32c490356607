// Element terms that a loss and a fused kernel both compute, written once so the two cannot drift
// apart: the fused full-batch pass (kernels_impl.hpp, linear_mse_pass) must perform exactly the
// operations of the loss it fuses (core/loss/mse.cpp).
// Not here: the sums over elements (their order belongs to the caller) or any loss's checks.
#pragma once
#include <cstddef>

namespace descent::simd {

/// torch.nn.MSELoss's norm for mean reduction: float(2 / N) (2 for N = 0, never read then).
inline float mse_norm(std::size_t N) { return N == 0 ? 2.0f : float(2.0 / double(N)); }

/// Squared error of prediction p against target y: l = r^2, g = norm r, with r = p - y.
template <class B>
inline void mse_terms(const B& p, const B& y, const B& norm, B& l, B& g) {
  const B r = p - y;
  l = r * r;
  g = norm * r;
}

}  // namespace descent::simd
