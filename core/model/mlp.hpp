// The model: a multi-layer perceptron over one flat float32 parameter buffer in PyTorch's layout
// (for each layer in forward order: weight (out, in) row-major, then bias (out)).
// `linear`, `logistic`, `softmax` and `svm` are MLPs without hidden layers; what their output
// means (value, logit, scores) is decided by the loss, not here. Hidden layers share one
// activation; the output layer is linear, or sigmoid when the loss reads probabilities.
// Not here: losses, penalties, optimizers (train/), or any allocation per step after warm-up.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/simd/kernels.hpp"
#include "core/util/rng.hpp"
#include "core/util/span.hpp"

namespace descent {

struct ModelShape {
  std::size_t inputs = 1, outputs = 1;
  std::vector<std::size_t> hidden;           // widths of hidden layers, in order
  simd::Act activation = simd::Act::tanh;    // hidden layers
  simd::Act output = simd::Act::linear;      // output layer (sigmoid for probability losses)
  float dropout = 0.0f;                      // on hidden activations, training only
};

struct Layer {
  std::size_t in, out;
  std::size_t w_offset, b_offset;  // into the flat parameter buffer
  simd::Act act;
};

class Mlp {
 public:
  explicit Mlp(const ModelShape& shape);

  const ModelShape& shape() const { return shape_; }
  const std::vector<Layer>& layers() const { return layers_; }
  std::size_t num_params() const { return num_params_; }
  /// Parameter count for a shape without building it (for limit checks).
  static std::size_t count_params(const ModelShape& shape);

  /// Initializes params by name: xavier_uniform, xavier_normal, he_uniform, he_normal, zeros
  /// (torch.nn.init semantics, gain 1 for xavier, sqrt(2) for he; biases 0), or torch_default
  /// (nn.Linear's own: W and b uniform in +-1/sqrt(fan_in)). Unknown names: assert.
  void init(const std::string& name, Rng& rng, Span<float> params) const;

  /// Forward pass on n rows of x (n, inputs) into out (n, outputs), or only into output() when
  /// out is null. Keeps activations for backward(). dropout_rng non-null = training mode (dropout
  /// masks drawn from it).
  void forward(Span<const float> params, const float* x, std::size_t n, float* out,
               Rng* dropout_rng);
  /// The last forward()'s output rows (n, outputs); valid until the next forward().
  const float* output() const { return act_.back().data(); }
  /// Layer l's outputs of the last forward() after its activation, before dropout (n, out_l).
  const float* activation(std::size_t l) const { return act_[l].data(); }

  /// Layer l's pre-activations z = in W^T + b of the last forward() (n, out_l) into z, from the same
  /// dense kernel with a linear activation (so z is what the layer's activation read); in is x for
  /// layer 0, else what layer l read (after dropout when the last forward() used it).
  void pre_activation(Span<const float> params, const float* x, std::size_t n, std::size_t l, float* z) const;

  /// Backward pass after forward() on the same x and n: dout = dL/d(output) (n, outputs).
  /// Overwrites grad (num_params).
  void backward(Span<const float> params, const float* x, std::size_t n, const float* dout,
                Span<float> grad);

  /// Inference on any number of rows, in chunks (bounded memory), no dropout.
  void predict(Span<const float> params, const float* x, std::size_t n, float* out);

 private:
  void reserve(std::size_t n);
  ModelShape shape_;
  std::vector<Layer> layers_;
  std::size_t num_params_ = 0;
  std::size_t capacity_ = 0;               // rows the workspace holds
  std::vector<std::vector<float>> act_;    // act_[l]: output of layer l (n, out_l)
  std::vector<std::vector<float>> mask_;   // dropout masks of hidden layers (0 or 1/(1-p))
  std::vector<std::vector<float>> drop_;   // act_ * mask_, what the next layer read
  bool dropped_ = false;                   // the last forward() used dropout
  std::vector<float> delta_a_, delta_b_;   // backward ping-pong buffers (n, max width)
};

/// Activation names as in the spec ("relu", "leaky_relu", "elu", "tanh", "sigmoid", "softplus",
/// "linear"); false if unknown.
bool parse_activation(const std::string& name, simd::Act& out);
const char* activation_name(simd::Act a);

}  // namespace descent
