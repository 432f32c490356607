// From a parsed spec to a concrete learning problem: the dataset (generated, CSV or inline),
// split and normalized; the task; the loss (defaulted from the model and the data) and whether it
// fits the model; the targets as the loss reads them; the model's shape. Or, in function mode,
// the test function. Every problem found is an Issue with the spec path it comes from.
// Not here: training (session.hpp).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/data/dataset.hpp"
#include "core/data/infer.hpp"
#include "core/data/preprocess.hpp"
#include "core/functions/function.hpp"
#include "core/loss/registry.hpp"
#include "core/model/mlp.hpp"
#include "core/spec/spec.hpp"

namespace descent {

struct Problem {
  bool function_mode = false;
  // ---- function mode
  const TestFunctionEntry* function = nullptr;
  ParamValues function_params;
  // ---- data mode
  Dataset train, validation;       // normalized features
  std::vector<float> train_x_raw, validation_x_raw;  // the same rows before normalization (for display/export)
  Normalizer normalizer;
  Normalizer target_scaler;        // csv regression: the target as trained, (y - shift) / scale ("none": as read)
  Task task = Task::regression;
  std::size_t classes = 0;         // classification
  const LossEntry* loss_entry = nullptr;
  std::unique_ptr<Loss> loss;
  std::string loss_kind;           // the loss used (given or defaulted)
  ParamValues loss_params;
  std::vector<float> train_target, validation_target;  // as the loss reads them
  std::size_t target_cols = 1;     // columns per row of the target buffers
  ModelShape shape;
  std::size_t rows_total = 0;      // before the split
  CsvReport csv;                   // csv source: what was read and guessed (csv.parsed)
  std::vector<std::string> notes;  // advice that is not an error ("MSE on class labels ...")
  /// What one output means for display: "value", "probability", "logit", "score".
  std::string output_kind = "value";
};

/// Builds the problem; returns false with issues on failure. For a CSV source it also resolves
/// what the spec leaves open from the data (docs/data-inference.md): model.kind from the task,
/// the optimizer and its learning rate from the data's curvature, and it records each choice in
/// p.csv.defaults; spec then holds the values used.
bool build_problem(Spec& spec, Problem& p, Issues& issues);

/// The loss a model uses when the spec gives none: linear -> mse, logistic -> bce_logits,
/// softmax -> cce, svm -> hinge (2 classes) or multiclass_hinge, mlp -> mse / bce_logits / cce.
std::string default_loss(const std::string& model, bool classification, std::size_t classes);

/// Workspace floats a batch of `rows` needs for this shape (activations, masks, deltas).
std::size_t workspace_floats(const ModelShape& s, std::size_t rows);
constexpr std::size_t kMaxWorkspaceFloats = 96u * 1024u * 1024u;  // 384 MB

}  // namespace descent
