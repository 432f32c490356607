// for_lanes: run a batch lambda over arrays, 4 (lanes) elements at a time, with the tail copied
// into zero-padded temporaries so it takes the very same code path as full lanes. Results never
// depend on where a vector boundary falls. Pointers to const are inputs; others are written back.
//   for_lanes(n, [&](fbatch& w, const fbatch& g) { w = w - lr * g; }, w, g);
#pragma once
#include <cstddef>
#include <cstring>
#include <tuple>
#include <type_traits>
#include <utility>

#include "core/simd/arch.hpp"

namespace descent::simd {
namespace detail {

template <class B, class P>
inline void store_if_writable(const B& b, P* p) {
  if constexpr (!std::is_const<P>::value) b.store_unaligned(p);
}

template <class B, class F, class Tuple, std::size_t... I>
inline void lanes_full(F& f, std::size_t i, const Tuple& ptrs, std::index_sequence<I...>) {
  std::tuple<decltype((void)I, B())...> b{B::load_unaligned(std::get<I>(ptrs) + i)...};
  f(std::get<I>(b)...);
  (store_if_writable(std::get<I>(b), std::get<I>(ptrs) + i), ...);
}

template <class B, class F, class Tuple, std::size_t... I>
inline void lanes_tail(F& f, std::size_t i, std::size_t r, const Tuple& ptrs, std::index_sequence<I...>) {
  alignas(64) float tmp[sizeof...(I)][B::size];
  // element loops, not memcpy: a call per tail costs more than the tail (notably in wasm)
  auto copy_in = [&](const float* p, float* t) {
    for (std::size_t j = 0; j < B::size; ++j) t[j] = j < r ? p[i + j] : 0.0f;
  };
  (copy_in(std::get<I>(ptrs), tmp[I]), ...);
  std::tuple<decltype((void)I, B())...> b{B::load_aligned(tmp[I])...};
  f(std::get<I>(b)...);
  (store_if_writable(std::get<I>(b), tmp[I]), ...);
  auto copy_back = [&](auto* p, const float* t) {
    if constexpr (!std::is_const<std::remove_pointer_t<decltype(p)>>::value)
      for (std::size_t j = 0; j < B::size; ++j)
        if (j < r) p[i + j] = t[j];
  };
  (copy_back(std::get<I>(ptrs), tmp[I]), ...);
}

}  // namespace detail

template <class B = fbatch, class F, class... P>
inline void for_lanes(std::size_t n, F&& f, P*... p) {
  static_assert((std::is_same<std::remove_const_t<P>, float>::value && ...), "float arrays only");
  auto ptrs = std::make_tuple(p...);
  using Seq = std::index_sequence_for<P...>;
  std::size_t i = 0;
  for (; i + B::size <= n; i += B::size) detail::lanes_full<B>(f, i, ptrs, Seq{});
  if (i < n) detail::lanes_tail<B>(f, i, n - i, ptrs, Seq{});
}

/// Horizontal sum in a fixed order, ((l0 + l1) + (l2 + l3)), in double; the same on every target.
template <class B = fbatch>
inline double hsum(const B& b) {
  alignas(64) float t[B::size];
  b.store_aligned(t);
  double s = 0.0;
  for (std::size_t k = 0; k < B::size; k += 2) s += double(t[k]) + double(t[k + 1]);
  return s;
}

}  // namespace descent::simd
