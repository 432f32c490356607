// Model kinds, hidden activations and initializers, as the spec and the UI name them.
// Every kind is an MLP (mlp.hpp); a kind fixes the hidden layers (none except for mlp) and the
// tasks it can learn. Which loss goes with which kind is declared by the losses (loss/registry).
#pragma once
#include <string>
#include <vector>

#include "core/registry/forms.hpp"
#include "core/registry/task.hpp"
#include "core/simd/kernels.hpp"

namespace descent {

struct ModelEntry {
  std::string id;     // "logistic"
  std::string label;  // "Logistic regression"
  std::string description;
  std::vector<Task> tasks;
  bool hidden_layers;  // accepts model.hidden / activation / dropout
};

/// An activation or an initializer. An activation also says how torch and Keras write it (an
/// nn module, a Dense activation; core/registry/forms.hpp); initializers need no form (the
/// exports copy the initial parameters).
struct NamedOption {
  std::string id, label, formula;
  std::string tex;      // the formula in TeX (Temml/KaTeX)
  ExportForm torch;     // "nn.Tanh()"
  ExportForm keras;     // "\"tanh\""
};

const std::vector<ModelEntry>& model_registry();
const ModelEntry* find_model(const std::string& id);
const std::vector<NamedOption>& activation_registry();
const std::vector<NamedOption>& init_registry();

}  // namespace descent
