// See probe.hpp.
#include "core/simd/probe.hpp"

#include <cstdio>
#include <vector>

#include "core/simd/kernels.hpp"
#include "core/util/rng.hpp"

namespace descent {

std::string fnv1a_hex(const void* data, std::size_t bytes, unsigned long long h) {
  const unsigned char* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < bytes; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", h);
  return buf;
}

KernelProbe kernel_probe() {
  using simd::Act;
  Rng rng(2024, RngStream::misc);
  const std::size_t n = 37, in = 29, out = 13;
  std::vector<float> x(n * in), W(out * in), b(out), y(n * out), dy(n * out), dx(n * in), dW(out * in), db(out);
  for (float& v : x) v = rng.uniform(-2, 2);
  for (float& v : W) v = rng.uniform(-1, 1);
  for (float& v : b) v = rng.uniform(-1, 1);
  for (float& v : dy) v = rng.uniform(-1, 1);
  std::vector<float> all;
  const Act acts[] = {Act::linear, Act::relu, Act::leaky_relu, Act::elu, Act::tanh, Act::sigmoid, Act::softplus};
  for (Act f : acts) {
    simd::dense_forward(x.data(), W.data(), b.data(), y.data(), n, in, out, f);
    all.insert(all.end(), y.begin(), y.end());
    simd::activate_backward(f, y.data(), dy.data(), dx.data(), n * out);
    all.insert(all.end(), dx.begin(), dx.begin() + n * out);
  }
  simd::dense_backward(x.data(), W.data(), dy.data(), dx.data(), dW.data(), db.data(), n, in, out);
  all.insert(all.end(), dx.begin(), dx.end());
  all.insert(all.end(), dW.begin(), dW.end());
  all.insert(all.end(), db.begin(), db.end());
  simd::softmax_rows(y.data(), dy.data(), n, out);
  all.insert(all.end(), dy.begin(), dy.end());
  simd::log_softmax_rows(y.data(), dy.data(), n, out);
  all.insert(all.end(), dy.begin(), dy.end());
  const double s = simd::sum(all.data(), all.size());
  const double d = simd::dot(all.data(), all.data(), all.size());
  const float sd[2] = {float(s), float(d)};
  all.insert(all.end(), sd, sd + 2);
  return {fnv1a_hex(all.data(), all.size() * sizeof(float)), s, all.size()};
}

}  // namespace descent
