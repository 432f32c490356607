// The optimizer interface: one update of a flat float parameter vector from its gradient.
// Hyperparameters live in each optimizer's config (set once, validated by the registry);
// per-parameter state (moments, accumulators) lives in the optimizer and is sized on first step.
// The learning rate is passed to every step: the schedule (schedule.hpp) owns its value over time,
// and the user may change it live between steps.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/registry/forms.hpp"
#include "core/registry/params.hpp"
#include "core/util/span.hpp"

namespace descent {

/// A named number for "explain this step" ("m", "v_hat", "step" ...).
using Explained = std::vector<std::pair<std::string, double>>;

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  /// w <- update(w, g) with learning rate lr. w and g have the same size for every call
  /// between resets.
  virtual void step(Span<float> w, Span<const float> g, float lr) = 0;
  /// Forget all state (moments, step count), as a freshly constructed optimizer.
  virtual void reset() = 0;
  /// The state behind parameter i after the last step, with the quantities of the update rule,
  /// for the UI's "explain this step"; empty before the first step. The caller (the session, which
  /// keeps them anyway) passes g, the gradient the last step() received at i, and w, the parameter
  /// before that step: no optimizer copies them on every step for this. Default: nothing.
  virtual Explained explain(std::size_t /*i*/, float /*g*/, float /*w*/) const { return {}; }
  /// Per-parameter velocity/momentum buffer if the optimizer has one (for arrows in function
  /// mode), else empty.
  virtual Span<const float> velocity() const { return {}; }
  /// Sets the factor a schedule may cycle (OneCycleLR's cycle_momentum): the momentum of SGD
  /// momentum, Nesterov and RMSprop, or beta1 of the Adam family (torch: group["momentum"] or
  /// group["betas"][0]), used from the next step on. false (nothing set) when there is none.
  virtual bool set_momentum(double /*m*/) { return false; }
};

/// One optimizer: everything the trainer, the page, the exports and the docs know about it
/// (core/registry/forms.hpp describes the templates).
struct OptimizerEntry {
  std::string id;       // "adam"
  std::string label;    // "Adam"
  std::string formula;  // update rule, plain text
  std::string tex;      // the same rule in TeX (Temml/KaTeX)
  std::string source;   // "Kingma & Ba 2015; torch.optim.Adam"
  std::vector<ParamSpec> params;  // "lr" always first
  std::unique_ptr<Optimizer> (*make)(const ParamValues&);
  ExportForm torch;     // "torch.optim.Adam(model.parameters(), lr=$lr, ...)"
  ExportForm keras;     // "keras.optimizers.Adam(learning_rate=$lr, ...)"
  std::vector<ExplainLine> explain;  // "explain this step" over explain()'s named numbers
  /// What velocity() returns, as the page labels its arrow ("m") and says it; empty = nothing.
  std::string velocity, velocity_note;
};

const std::vector<OptimizerEntry>& optimizer_registry();
const OptimizerEntry* find_optimizer(const std::string& id);

}  // namespace descent
