// The MLP: layer bookkeeping, init, forward/backward with the dense kernels. See mlp.hpp.
#include "core/model/mlp.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

#include "core/simd/lanes.hpp"

namespace descent {

namespace {
struct ActName { simd::Act act; const char* name; };
const ActName kActNames[] = {
    {simd::Act::linear, "linear"}, {simd::Act::relu, "relu"},       {simd::Act::leaky_relu, "leaky_relu"},
    {simd::Act::elu, "elu"},       {simd::Act::tanh, "tanh"},       {simd::Act::sigmoid, "sigmoid"},
    {simd::Act::softplus, "softplus"},
};
constexpr std::size_t kPredictChunk = 4096;
}  // namespace

bool parse_activation(const std::string& name, simd::Act& out) {
  for (const ActName& a : kActNames)
    if (name == a.name) { out = a.act; return true; }
  return false;
}

const char* activation_name(simd::Act a) {
  for (const ActName& n : kActNames)
    if (n.act == a) return n.name;
  return "linear";
}

std::size_t Mlp::count_params(const ModelShape& s) {
  std::size_t total = 0, in = s.inputs;
  for (std::size_t h : s.hidden) { total += h * in + h; in = h; }
  return total + s.outputs * in + s.outputs;
}

Mlp::Mlp(const ModelShape& shape) : shape_(shape) {
  std::size_t in = shape.inputs, off = 0;
  for (std::size_t l = 0; l <= shape.hidden.size(); ++l) {
    const bool last = l == shape.hidden.size();
    const std::size_t out = last ? shape.outputs : shape.hidden[l];
    layers_.push_back({in, out, off, off + out * in, last ? shape.output : shape.activation});
    off += out * in + out;
    in = out;
  }
  num_params_ = off;
  act_.resize(layers_.size());
  mask_.resize(layers_.size());
  drop_.resize(layers_.size());
}

void Mlp::init(const std::string& name, Rng& rng, Span<float> params) const {
  assert(params.size() == num_params_);
  for (const Layer& L : layers_) {
    float* W = params.data() + L.w_offset;
    float* b = params.data() + L.b_offset;
    const double fan_in = double(L.in), fan_out = double(L.out);
    const std::size_t nw = L.in * L.out;
    std::fill(b, b + L.out, 0.0f);
    if (name == "zeros") {
      std::fill(W, W + nw, 0.0f);
    } else if (name == "xavier_uniform" || name == "he_uniform" || name == "torch_default") {
      // xavier: a = sqrt(6 / (fan_in + fan_out)); he (kaiming_uniform, relu gain sqrt 2):
      // a = sqrt(6 / fan_in); torch_default (nn.Linear.reset_parameters): a = 1 / sqrt(fan_in).
      const double a = name == "xavier_uniform" ? std::sqrt(6.0 / (fan_in + fan_out))
                       : name == "he_uniform"   ? std::sqrt(6.0 / fan_in)
                                                : 1.0 / std::sqrt(fan_in);
      for (std::size_t i = 0; i < nw; ++i) W[i] = float((2.0 * rng.uniform_double() - 1.0) * a);
      if (name == "torch_default")
        for (std::size_t i = 0; i < L.out; ++i) b[i] = float((2.0 * rng.uniform_double() - 1.0) * a);
    } else if (name == "xavier_normal" || name == "he_normal") {
      const double sd = name == "xavier_normal" ? std::sqrt(2.0 / (fan_in + fan_out)) : std::sqrt(2.0 / fan_in);
      for (std::size_t i = 0; i < nw; ++i) W[i] = float(rng.normal() * sd);
    } else {
      assert(false && "unknown init");
    }
  }
}

void Mlp::reserve(std::size_t n) {
  if (n <= capacity_) return;
  std::size_t widest = shape_.inputs;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    act_[l].resize(n * layers_[l].out);
    if (l + 1 < layers_.size() && shape_.dropout > 0) {
      mask_[l].resize(n * layers_[l].out);
      drop_[l].resize(n * layers_[l].out);
    }
    widest = std::max(widest, layers_[l].out);
  }
  delta_a_.resize(n * widest);
  delta_b_.resize(n * widest);
  capacity_ = n;
}

void Mlp::forward(Span<const float> params, const float* x, std::size_t n, float* out,
                  Rng* dropout_rng) {
  assert(params.size() == num_params_);
  reserve(n);
  const float* in = x;
  const float p = shape_.dropout;
  dropped_ = dropout_rng != nullptr && p > 0;
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& L = layers_[l];
    float* a = act_[l].data();
    simd::dense_forward(in, params.data() + L.w_offset, params.data() + L.b_offset, a, n, L.in, L.out, L.act);
    in = a;
    if (dropped_ && l + 1 < layers_.size()) {
      // Inverted dropout (torch.nn.Dropout): zero with probability p, scale survivors 1/(1-p).
      // act_ keeps f(z) for the derivative; the next layer reads the dropped copy.
      float* m = mask_[l].data();
      float* dropped = drop_[l].data();
      const float keep_scale = 1.0f / (1.0f - p);
      for (std::size_t i = 0; i < n * L.out; ++i) m[i] = dropout_rng->uniform() < p ? 0.0f : keep_scale;
      std::memcpy(dropped, a, n * L.out * sizeof(float));
      simd::for_lanes(n * L.out, [](simd::fbatch& v, const simd::fbatch& mk) { v = v * mk; }, dropped,
                      static_cast<const float*>(m));
      in = dropped;
    }
  }
  if (out) std::memcpy(out, act_.back().data(), n * shape_.outputs * sizeof(float));
}

void Mlp::backward(Span<const float> params, const float* x, std::size_t n, const float* dout,
                   Span<float> grad) {
  assert(params.size() == num_params_ && grad.size() == num_params_ && n <= capacity_);
  float* d = delta_a_.data();
  float* d_prev = delta_b_.data();
  const std::size_t last = layers_.size() - 1;
  // dy = dL/dz of the output layer (dout itself for a linear output: no copy)
  const float* dy = dout;
  if (layers_[last].act != simd::Act::linear) {
    simd::activate_backward(layers_[last].act, act_[last].data(), dout, d, n * layers_[last].out);
    dy = d;
  }
  for (std::size_t l = layers_.size(); l-- > 0;) {
    const Layer& L = layers_[l];
    const float* in = l == 0 ? x : (dropped_ ? drop_[l - 1].data() : act_[l - 1].data());
    float* dx = l == 0 ? nullptr : d_prev;
    simd::dense_backward(in, params.data() + L.w_offset, dy, dx, grad.data() + L.w_offset,
                         grad.data() + L.b_offset, n, L.in, L.out);
    if (l == 0) break;
    const Layer& P = layers_[l - 1];
    const std::size_t m = n * P.out;
    if (dropped_)  // through the dropout mask of the previous layer
      simd::for_lanes(m, [](simd::fbatch& g, const simd::fbatch& mk) { g = g * mk; }, d_prev,
                      static_cast<const float*>(mask_[l - 1].data()));
    simd::activate_backward(P.act, act_[l - 1].data(), d_prev, d_prev, m);
    std::swap(d, d_prev);
    dy = d;
  }
}

void Mlp::pre_activation(Span<const float> params, const float* x, std::size_t n, std::size_t l, float* z) const {
  assert(params.size() == num_params_ && n <= capacity_ && l < layers_.size());
  const Layer& L = layers_[l];
  const float* in = l == 0 ? x : (dropped_ ? drop_[l - 1].data() : act_[l - 1].data());
  simd::dense_forward(in, params.data() + L.w_offset, params.data() + L.b_offset, z, n, L.in, L.out, simd::Act::linear);
}

void Mlp::predict(Span<const float> params, const float* x, std::size_t n, float* out) {
  for (std::size_t i = 0; i < n; i += kPredictChunk) {
    const std::size_t m = std::min(kPredictChunk, n - i);
    forward(params, x + i * shape_.inputs, m, out + i * shape_.outputs, nullptr);
  }
}

}  // namespace descent
