// The model, activation and init tables (see registry.hpp).
#include "core/model/registry.hpp"

namespace descent {

const std::vector<ModelEntry>& model_registry() {
  static const std::vector<ModelEntry> r = {
      {"linear", "Linear regression", "y = W x + b: one dense layer, any number of inputs and outputs.",
       {Task::regression, Task::binary}, false},
      {"logistic", "Logistic regression", "p = sigmoid(w . x + b): one logit for two classes.",
       {Task::binary}, false},
      {"softmax", "Softmax regression", "p = softmax(W x + b): one logit per class.",
       {Task::multiclass}, false},
      {"svm", "Linear SVM", "f = w . x + b (or one score per class), trained with a hinge loss.",
       {Task::binary, Task::multiclass}, false},
      {"mlp", "Neural network (MLP)", "Dense layers with a hidden activation; the output layer follows the task and the loss.",
       {Task::regression, Task::binary, Task::multiclass}, true},
  };
  return r;
}

const ModelEntry* find_model(const std::string& id) {
  for (const ModelEntry& e : model_registry())
    if (e.id == id) return &e;
  return nullptr;
}

const std::vector<NamedOption>& activation_registry() {
  static const std::vector<NamedOption> r = {
      {"tanh", "tanh", "tanh(z)", R"(\tanh z)", {"nn.Tanh()"}, {"\"tanh\""}},
      {"relu", "ReLU", "max(0, z)", R"(\max(0, z))", {"nn.ReLU()"}, {"\"relu\""}},
      // Keras's LeakyReLU slope defaults to 0.3 (0.2 in Keras 3): say 0.01 as torch's default.
      {"leaky_relu", "Leaky ReLU", "z if z > 0 else 0.01 z",
       R"(\begin{cases} z & z > 0 \\ 0.01\,z & \text{otherwise} \end{cases})", {"nn.LeakyReLU(0.01)"},
       {"keras.layers.LeakyReLU(0.01)"}},
      {"elu", "ELU", "z if z > 0 else exp(z) - 1", R"(\begin{cases} z & z > 0 \\ e^z - 1 & \text{otherwise} \end{cases})", {"nn.ELU()"}, {"\"elu\""}},
      {"sigmoid", "sigmoid", "1 / (1 + exp(-z))", R"(\frac{1}{1 + e^{-z}})", {"nn.Sigmoid()"}, {"\"sigmoid\""}},
      {"softplus", "softplus", "log(1 + exp(z))", R"(\log(1 + e^z))", {"nn.Softplus()"}, {"\"softplus\""}},
      {"linear", "linear (none)", "z", "z", {"nn.Identity()"}, {"\"linear\""}},
  };
  return r;
}

const std::vector<NamedOption>& init_registry() {
  static const std::vector<NamedOption> r = {
      {"xavier_uniform", "Xavier uniform", "W ~ U(-a, a), a = sqrt(6 / (fan_in + fan_out)); b = 0", R"(W \sim U(-a, a),\ a = \sqrt{6 / (n_{\text{in}} + n_{\text{out}})};\ b = 0)", {}, {}},
      {"xavier_normal", "Xavier normal", "W ~ N(0, 2 / (fan_in + fan_out)); b = 0", R"(W \sim N\bigl(0, 2 / (n_{\text{in}} + n_{\text{out}})\bigr);\ b = 0)", {}, {}},
      {"he_uniform", "He uniform", "W ~ U(-a, a), a = sqrt(6 / fan_in); b = 0", R"(W \sim U(-a, a),\ a = \sqrt{6 / n_{\text{in}}};\ b = 0)", {}, {}},
      {"he_normal", "He normal", "W ~ N(0, 2 / fan_in); b = 0", R"(W \sim N(0, 2 / n_{\text{in}});\ b = 0)", {}, {}},
      {"torch_default", "PyTorch default", "W, b ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (nn.Linear)", R"(W, b \sim U\bigl(-1/\sqrt{n_{\text{in}}},\ 1/\sqrt{n_{\text{in}}}\bigr)\ \ (\text{nn.Linear}))", {}, {}},
      {"zeros", "zeros", "W = 0, b = 0", "W = 0,\\ b = 0", {}, {}},
  };
  return r;
}

}  // namespace descent
