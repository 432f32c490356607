// The loss registry: one table row per loss, read by the spec validator, the trainer, the JS
// registry() (the page, the exports) and docs/spec.md. Adding a loss = its own file + one row in
// registry.cpp + its tests.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/loss/loss.hpp"
#include "core/registry/forms.hpp"

namespace descent {

/// Where a loss may be used: a task, optionally limited to some model kinds, and how well it fits.
struct LossFit {
  Task task;
  Fit fit;
  std::vector<std::string> models;  // empty = every model that can do the task
  std::string note;                 // "MSE on class labels: allowed but not recommended ..."
};

struct LossEntry {
  std::string id;       // "huber"
  std::string label;    // "Huber"
  std::string formula;  // plain-text formula shown in the help panel
  std::string tex;      // the same formula in TeX (Temml/KaTeX)
  std::string source;   // "torch.nn.HuberLoss"
  LossInput input;
  TargetKind target;
  std::vector<ParamSpec> params;
  std::vector<LossFit> fits;
  std::unique_ptr<Loss> (*make)(const ParamValues&);
  /// A callable criterion(out, y) -> mean loss, over targets as `target` says (the export turns
  /// labels into what torch reads: one-hot, class indices, -1/+1); core/registry/forms.hpp.
  ExportForm torch;
  ExportForm keras;     // a Keras loss ("\"mse\"", "keras.losses.Huber(delta=$delta)")
};

const std::vector<LossEntry>& loss_registry();
/// nullptr when unknown.
const LossEntry* find_loss(const std::string& id);

}  // namespace descent
