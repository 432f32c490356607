// See chain_rule.hpp.
#include "core/train/chain_rule.hpp"

#include "core/simd/kernels.hpp"
#include "core/train/call_args.hpp"
#include "core/util/json.hpp"

namespace descent {

Status chain_rule(const Problem& p, Mlp& model, Span<const float> w, double sample, double param, ChainRule& c) {
  if (p.function_mode) return Status::Error("the chain rule needs a model: a test function has no layers");
  const std::size_t n = p.train.n;
  if (n == 0) return Status::Error("the chain rule needs a training row; the training split is empty");
  Status st = check_index("sample", sample, n);
  if (st.ok()) st = check_index("i", param, model.num_params());
  if (!st.ok()) return st;
  const std::size_t s = std::size_t(sample), i = std::size_t(param);
  const std::size_t d = p.shape.inputs, k = p.shape.outputs, tc = p.target_cols;
  const std::vector<Layer>& layers = model.layers();

  c = ChainRule();
  c.sample = s;
  c.rows = n;
  c.x.assign(p.train.x.begin() + s * d, p.train.x.begin() + (s + 1) * d);
  c.target.assign(p.train_target.begin() + s * tc, p.train_target.begin() + (s + 1) * tc);

  // Forward on the one row (no dropout), then the loss's training form on it: with n = 1 its
  // mean is the sample's own loss and dout its own dL/d(output).
  model.forward(w, c.x.data(), 1, nullptr, nullptr);
  c.prediction.assign(model.output(), model.output() + k);
  c.dloss.resize(k);
  c.loss = p.loss->train_value_and_grad(Span<const float>(c.prediction.data(), k), Span<const float>(c.target.data(), tc),
                                        Span<float>(c.dloss.data(), k), 1, k);
  c.layers.resize(layers.size());
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const Layer& L = layers[l];
    ChainLayer& cl = c.layers[l];
    cl.act = L.act;
    cl.z.resize(L.out);
    model.pre_activation(w, c.x.data(), 1, l, cl.z.data());
    cl.h.assign(model.activation(l), model.activation(l) + L.out);
    const std::vector<float> ones(L.out, 1.0f);
    cl.dact.resize(L.out);
    simd::activate_backward(L.act, cl.h.data(), ones.data(), cl.dact.data(), L.out);
  }
  // Backward on the same row: dL/dw of this sample; a unit's delta is its bias's gradient.
  c.grad.resize(model.num_params());
  model.backward(w, c.x.data(), 1, c.dloss.data(), Span<float>(c.grad.data(), c.grad.size()));
  for (std::size_t l = 0; l < layers.size(); ++l)
    c.layers[l].delta.assign(c.grad.begin() + layers[l].b_offset, c.grad.begin() + layers[l].b_offset + layers[l].out);

  // The watched parameter's place.
  c.param = i;
  c.w = w[i];
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const Layer& L = layers[l];
    if (i >= L.b_offset + L.out) continue;
    c.layer = l;
    c.bias = i >= L.b_offset;
    c.unit = c.bias ? i - L.b_offset : (i - L.w_offset) / L.in;
    c.input = c.bias ? 0 : (i - L.w_offset) % L.in;
    c.input_value = c.bias ? 1.0f : (l == 0 ? c.x[c.input] : c.layers[l - 1].h[c.input]);
    break;
  }
  if (c.layer + 1 < layers.size()) {
    const Layer& N = layers[c.layer + 1];
    for (std::size_t m = 0; m < N.out; ++m) c.next.push_back(w[N.w_offset + m * N.in + c.unit]);
  }
  c.product = k == 1;
  for (std::size_t l = c.layer + 1; l < layers.size(); ++l) c.product = c.product && layers[l].out == 1;
  if (c.product)
    for (std::size_t l = c.layer + 1; l < layers.size(); ++l)
      c.path.push_back(w[layers[l].w_offset + (l == c.layer + 1 ? c.unit : 0)]);
  return Status::Ok();
}

std::string chain_rule_json(const ChainRule& c) {
  JsonWriter j;
  j.begin_object();
  j.key("sample");
  j.value_int(std::int64_t(c.sample));
  j.key("rows");
  j.value_int(std::int64_t(c.rows));
  j.key("loss");
  j.value_float(c.loss);
  j.key("x");
  j.floats(c.x.data(), c.x.size());
  j.key("target");
  j.floats(c.target.data(), c.target.size());
  j.key("prediction");
  j.floats(c.prediction.data(), c.prediction.size());
  j.key("dloss");
  j.floats(c.dloss.data(), c.dloss.size());
  j.key("layers");
  j.begin_array();
  for (const ChainLayer& l : c.layers) {
    j.begin_object();
    j.key("activation");
    j.value_string(activation_name(l.act));
    j.key("z");
    j.floats(l.z.data(), l.z.size());
    j.key("h");
    j.floats(l.h.data(), l.h.size());
    j.key("dact");
    j.floats(l.dact.data(), l.dact.size());
    j.key("delta");
    j.floats(l.delta.data(), l.delta.size());
    j.end_object();
  }
  j.end_array();
  j.key("param");
  j.begin_object();
  j.key("index");
  j.value_int(std::int64_t(c.param));
  j.key("layer");
  j.value_int(std::int64_t(c.layer));
  j.key("kind");
  j.value_string(c.bias ? "bias" : "weight");
  j.key("unit");
  j.value_int(std::int64_t(c.unit));
  j.key("input");
  j.value_int(std::int64_t(c.input));
  j.end_object();
  j.key("w");
  j.value_float(c.w);
  j.key("inputValue");
  j.value_float(c.input_value);
  j.key("grad");
  j.value_float(c.grad.empty() ? 0.0f : c.grad[c.param]);
  j.key("next");
  j.floats(c.next.data(), c.next.size());
  j.key("path");
  j.floats(c.path.data(), c.path.size());
  j.key("product");
  j.value_bool(c.product);
  j.end_object();
  return j.take();
}

}  // namespace descent
