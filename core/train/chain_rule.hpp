// The chain rule of one training sample through the model (the backprop lesson's numbers): for
// sample i of the training split at parameters w, the forward values of every layer (pre-activation
// z, activation h), the prediction and the loss of that sample alone, and the backward factors:
// dL/dy (the loss's gradient for that one sample), each unit's activation derivative f'(z) and
// delta = dL/dz, and for one watched parameter dL/dw = delta * input (input = 1 for a bias). Every
// number comes from the model's own forward/backward and the loss's training form on that one row
// (no second forward pass): z from Mlp::pre_activation, f'(z) from the activation's backward with
// a unit upstream gradient, the deltas are the per-sample bias gradients.
// Not here: penalties (l1/l2 act on the batch gradient, not on a sample's chain), dropout (none:
// evaluation mode), the mini-batch mean the optimizer used (session.hpp), or any layout for people.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/model/mlp.hpp"
#include "core/train/problem.hpp"
#include "core/util/span.hpp"
#include "core/util/status.hpp"

namespace descent {

/// One layer of the chain for one sample: per unit of the layer.
struct ChainLayer {
  simd::Act act = simd::Act::linear;
  std::vector<float> z, h, dact, delta;  // pre-activation, f(z), f'(z), dL/dz
};

struct ChainRule {
  std::size_t sample = 0, rows = 0;                 // the row of the training split, of rows
  std::vector<float> x, target, prediction, dloss;  // x as the model reads it (normalized); dL/d(output)
  float loss = 0;                                   // the loss of this sample alone
  std::vector<ChainLayer> layers;                   // in forward order; the last one's h is the prediction
  std::vector<float> grad;                          // dL/dw of this sample for every parameter
  // The watched parameter: weight W[unit][input] or bias b[unit] of layer `layer` (0-based).
  std::size_t param = 0, layer = 0, unit = 0, input = 0;
  bool bias = false;
  float w = 0;            // its value
  float input_value = 1;  // what it multiplies: the layer's input `input` for this sample (1 for a bias)
  // The weights its delta comes back through: next = W_{l+1}[m][unit] for every unit m of the next
  // layer (delta_l[unit] = f'(z_l[unit]) sum_m next[m] delta_{l+1}[m]; empty for the output layer);
  // path = [W_{l+1}[0][unit], W_{l+2}[0][0], ...] when every later layer has one unit, so that
  // dL/dw = dL/dy f'(z_L) path[L-1-l-1] ... path[0] f'(z_l[unit]) input_value is one product
  // (empty when some later layer is wider; also empty for the output layer itself).
  std::vector<float> next, path;
  bool product = false;   // the product form holds (every later layer, and the output, one unit)
};

/// The chain for training sample `sample` and parameter `param` at parameters w (the model's own
/// workspace is used: call between steps). Errors name the argument: "sample must be an integer in
/// [0, 11], got 12"; the model must be an Mlp (data mode).
Status chain_rule(const Problem& p, Mlp& model, Span<const float> w, double sample, double param, ChainRule& out);

/// { sample, rows, loss, x, target, prediction, dloss, layers: [{ activation, z, h, dact, delta }],
///   param: { index, layer, kind: "weight" | "bias", unit, input }, w, inputValue, grad, next, path, product }.
std::string chain_rule_json(const ChainRule& c);

}  // namespace descent
