// The kernel probe of `npm run bench`: (1) the peak multiply-add rate of 4-lane float SIMD on this
// machine, measured with independent mul + add chains (c = c * m + a, no FMA: the build uses
// -ffp-contract=off and WebAssembly SIMD has none), and (2) Descent's dense-layer kernels
// (core/simd/kernels.cpp, unchanged) on W3-sized matrices, forward and backward, in GFLOP/s.
// Built twice: with em++ -O3 -msimd128 (run in Node by bench/kernel-probe.mjs) and with g++ and the
// portable flags (SSE2, printed as JSON). Not a test: it measures, it asserts nothing.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include "core/simd/arch.hpp"
#include "core/simd/kernels.hpp"

namespace {

using descent::simd::fbatch;
using descent::simd::lanes;
volatile float g_sink;

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// C chains of c = c * m + a, written out so every chain is its own SSA value (a register, a wasm
// local), never an array in memory. 2 flops per lane per chain per iteration.
template <std::size_t... I>
double peak_chains(long iters, std::index_sequence<I...>) {
  constexpr std::size_t C = sizeof...(I);
  const fbatch m(0.999999f), a(1e-6f);
  auto run = [&](auto... c) {
    for (long it = 0; it < iters; ++it) ((c = c * m + a), ...);
    float s = 0;
    ((s += c.get(0)), ...);
    return s;
  };
  const double t0 = now_s();
  g_sink = run(fbatch(1.0f + 0.001f * float(I))...);
  const double t = now_s() - t0;
  return double(C) * double(lanes) * 2.0 * double(iters) / t * 1e-9;
}

struct Rand {
  unsigned s = 12345;
  float next() { s = s * 1664525u + 1013904223u; return float(s >> 8) / float(1 << 24) - 0.5f; }
};

// One dense layer of W3 (batch n, in -> out): forward (y = relu(x W^T + b)) and backward
// (dW = dy^T x, db, and dx = dy W when with_dx). Returns GFLOP/s of each, counting 2 n in out
// flops per matrix product.
struct LayerTiming { double fwd_gflops, bwd_gflops, fwd_s, bwd_s, fwd_flops, bwd_flops; };

LayerTiming time_layer(std::size_t n, std::size_t in, std::size_t out, bool with_dx, double min_seconds) {
  Rand r;
  std::vector<float> x(n * in), W(out * in), b(out), y(n * out), dy(n * out), dx(n * in), dW(out * in), db(out);
  for (float& v : x) v = r.next();
  for (float& v : W) v = r.next();
  for (float& v : dy) v = r.next();
  const double flops = 2.0 * double(n) * double(in) * double(out);
  auto run = [&](auto&& f) {
    f();  // warm
    long reps = 0;
    const double t0 = now_s();
    double t;
    do { f(); ++reps; t = now_s() - t0; } while (t < min_seconds);
    return t / double(reps);
  };
  const double tf = run([&] {
    descent::simd::dense_forward(x.data(), W.data(), b.data(), y.data(), n, in, out, descent::simd::Act::relu);
  });
  const double tb = run([&] {
    descent::simd::dense_backward(x.data(), W.data(), dy.data(), with_dx ? dx.data() : nullptr, dW.data(), db.data(), n, in, out);
  });
  g_sink = y[0] + dW[0] + dx[0];
  const double bflops = flops * (with_dx ? 2.0 : 1.0);
  return {flops / tf * 1e-9, bflops / tb * 1e-9, tf, tb, flops, bflops};
}

}  // namespace

extern "C" {

/// Peak GFLOP/s of `chains` independent f32x4 mul+add chains (4, 8, 12 or 16).
double probe_peak(int chains, double iters) {
  const long n = long(iters);
  switch (chains) {
    case 4: return peak_chains(n, std::make_index_sequence<4>());
    case 8: return peak_chains(n, std::make_index_sequence<8>());
    case 12: return peak_chains(n, std::make_index_sequence<12>());
    default: return peak_chains(n, std::make_index_sequence<16>());
  }
}

/// Dense-layer timing; writes 6 doubles into out (see LayerTiming).
void probe_layer(int n, int in, int out, int with_dx, double min_seconds, double* result) {
  const LayerTiming t = time_layer(std::size_t(n), std::size_t(in), std::size_t(out), with_dx != 0, min_seconds);
  const double v[6] = {t.fwd_gflops, t.bwd_gflops, t.fwd_s, t.bwd_s, t.fwd_flops, t.bwd_flops};
  for (int i = 0; i < 6; ++i) result[i] = v[i];
}

const char* probe_arch() { return descent::simd::arch_name(); }

}  // extern "C"

#ifndef __EMSCRIPTEN__
// Native: the same measurements, printed as the JSON that bench/kernel-probe.mjs builds for wasm.
// Rounds interleave the peak and the layers; each figure is the best of the rounds (on a shared
// machine, interference only ever slows a measurement down).
int main(int argc, char** argv) {
  const double min_s = argc > 1 ? std::atof(argv[1]) : 0.3;
  const double iters = argc > 2 ? std::atof(argv[2]) : 2e8;
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 3;
  const int chains[] = {4, 8, 12, 16};
  const int shapes[3][4] = {{64, 784, 128, 0}, {64, 128, 64, 1}, {64, 64, 10, 1}};
  double peak[4] = {0, 0, 0, 0}, best[3][6] = {};
  for (int round = 0; round < rounds; ++round) {
    for (int i = 0; i < 4; ++i) {
      const double g = probe_peak(chains[i], iters);
      if (g > peak[i]) peak[i] = g;
    }
    for (int i = 0; i < 3; ++i) {
      double r[6];
      probe_layer(shapes[i][0], shapes[i][1], shapes[i][2], shapes[i][3], min_s, r);
      if (round == 0 || r[2] < best[i][2]) { best[i][0] = r[0]; best[i][2] = r[2]; }
      if (round == 0 || r[3] < best[i][3]) { best[i][1] = r[1]; best[i][3] = r[3]; }
      best[i][4] = r[4];
      best[i][5] = r[5];
    }
  }
  std::printf("{\"arch\":\"%s\",\"rounds\":%d,\"peak\":{", probe_arch(), rounds);
  for (int i = 0; i < 4; ++i) std::printf("%s\"%d\":%.3f", i ? "," : "", chains[i], peak[i]);
  std::printf("},\"layers\":[");
  for (int i = 0; i < 3; ++i) {
    const double* r = best[i];
    std::printf("%s{\"n\":%d,\"in\":%d,\"out\":%d,\"dx\":%s,\"fwd_gflops\":%.3f,\"bwd_gflops\":%.3f,\"fwd_s\":%.9f,\"bwd_s\":%.9f,\"fwd_flops\":%.0f,\"bwd_flops\":%.0f}",
                i ? "," : "", shapes[i][0], shapes[i][1], shapes[i][2], shapes[i][3] ? "true" : "false", r[0], r[1], r[2], r[3], r[4], r[5]);
  }
  std::printf("]}\n");
  return 0;
}
#endif
