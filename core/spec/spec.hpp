// The experiment spec: one JSON object that describes a run (data, preprocessing, model, loss,
// optimizer, schedule, training options, seed). The UI state, the shared URL, the CLI and the
// tests all speak it. parse_spec fills documented defaults, rejects unknown fields, and reports
// every problem at once with its JSON path ("optimizer.beta1 must be in [0, 1), got 1.2").
// Not here: building datasets or models from it (train/session.hpp).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/infer.hpp"
#include "core/registry/params.hpp"
#include "core/util/json.hpp"
#include "core/util/status.hpp"

namespace descent {

struct DataSpec {
  std::string source = "synthetic";  // synthetic | csv | inline | function
  std::uint64_t seed = 0;            // data.seed (defaults to the spec's seed)
  bool has_seed = false;
  // synthetic
  std::string generator = "blobs";
  ParamValues generator_params;
  // csv
  std::string path;                  // CLI: a file name relative to the spec (read by the CLI)
  std::string text;                  // API/UI: the CSV itself (given beside the spec: moved in, not copied)
  std::size_t text_bytes = 0;        // the CSV's size, kept once the bytes are let go
  /// Lets go of the CSV once the data is loaded (build_problem): a spec then names it by its size
  /// only, and the bytes are freed before the dataset is split and normalized.
  void release_csv() {
    if (text.empty()) return;
    text_bytes = text.size();
    std::string().swap(text);
  }
  CsvFormat format;                  // header, delimiter, decimal, quote, skip_rows, encoding ("auto": guessed)
  std::string target;                // name or 1-based index; "" = guessed (core/data/infer.hpp)
  std::vector<std::string> features; // names or indices; empty = guessed (numeric, not ids or constant)
  std::string task = "auto";         // auto | regression | classification (csv and inline)
  /// The roles this spec gives a CSV's columns (the rest is guessed: core/data/infer.hpp).
  CsvRolesGiven csv_roles() const { return CsvRolesGiven{target, features, task, false}; }
  // inline
  std::vector<float> x;              // (n, inputs)
  std::vector<float> y;              // (n, targets)
  std::size_t rows = 0, inputs = 0, targets = 1;
  // function
  std::string function = "rosenbrock";
  ParamValues function_params;
  double start[2] = {0, 0};
  bool has_start = false;
};

struct PreprocessSpec {
  std::string normalize = "none";  // zscore | minmax | none (csv: zscore unless given)
  bool normalize_given = false;    // present in the input (else defaulted)
  double validation_split = 0.0;   // [0, 0.9]
};

struct ModelSpec {
  std::string kind = "linear";  // linear | logistic | softmax | svm | mlp (csv: from the task unless given)
  bool given = false;           // model.kind present in the input (else defaulted)
  std::vector<std::size_t> hidden;
  std::string activation = "tanh";
  std::string init = "xavier_uniform";
  std::vector<float> params;  // explicit initial parameters, torch layout
  bool has_params = false;
  double dropout = 0.0;
};

struct ComponentSpec {  // loss, optimizer, schedule, line search: a registry id + its params
  std::string kind;
  ParamValues params;
  bool given = false;   // present in the input (else defaulted)
};

// Counts are 64-bit: `long` is 32-bit in WebAssembly, and a run may have 10^12 steps.
struct TrainingSpec {
  std::int64_t batch_size = 32;  // 0 = full batch
  std::int64_t epochs = 100;
  std::int64_t steps = 0;        // > 0: stop after this many optimizer steps (function mode: default 200)
  bool shuffle = true;
  double l1 = 0, l2 = 0;
  double clip_norm = 0, clip_value = 0;
  bool early_stopping = false;
  std::int64_t patience = 10;
  double min_delta = 0;
  bool restore_best = true;
  double tol_loss_delta = 0, tol_grad_norm = 0;
  bool line_search = false;
  ComponentSpec search;       // kind armijo | relaxation + its params
  std::string metrics = "epoch";  // epoch | end | none: when train/validation metrics are computed
  std::int64_t history_limit = 100000;  // per-step points kept before decimation
};

struct Spec {
  std::uint64_t seed = 42;
  DataSpec data;
  PreprocessSpec preprocess;
  ModelSpec model;
  ComponentSpec loss, optimizer, schedule;
  TrainingSpec training;
  bool function_mode() const { return data.source == "function"; }
};

/// Hard limits on a spec (anything larger is refused with a message naming the field). The
/// largest run: max_epochs epochs of DataLimits::max_rows rows at batch size 1, 10^12 steps.
struct SpecLimits {
  static constexpr std::int64_t max_epochs = 1000000;
  static constexpr std::int64_t max_steps = 10000000;
  static constexpr std::size_t max_hidden_layers = 16;
  static constexpr std::size_t max_width = 4096;
  static constexpr std::size_t max_params = 5000000;  // with optimizer state and snapshots, within the 2 GB wasm heap
  static constexpr std::size_t max_inline_rows = 1000000;
  static constexpr std::int64_t max_history = 1000000;
};

/// Parses and validates. On problems, `issues` lists every one (path + message) and the returned
/// spec is unusable. Semantic checks that need the data (model/loss/task fit, param counts) are
/// made later by the session, with the same Issue shape.
Spec parse_spec(const Json& j, Issues& issues);
/// Parses JSON text first; a syntax error becomes one Issue at path "".
Spec parse_spec_text(const std::string& text, Issues& issues);
/// The CSV fields of a data object (header, delimiter, decimal, quote, skip_rows, encoding, target,
/// features, task), read and checked exactly as parse_spec reads them (issue paths "data.<field>"),
/// for the upload preview. source, text and path may be present and are ignored.
DataSpec parse_csv_options(const Json& data, Issues& issues);
/// The schedule's demands on the optimizer (cycle_momentum needs a momentum or beta1), for
/// parse_spec and for a session opened from a Spec built in code. Adds an Issue; false if it did.
bool check_schedule_fits_optimizer(const Spec& s, Issues& issues);

/// The spec with every default filled in, as JSON (csv text replaced by its byte count).
Json spec_to_json(const Spec& s);

/// The scalar fields of the spec ("training.epochs", "model.hidden[]", ...) with defaults and
/// ranges: what the reader enforces, and what registry_json() publishes as "spec".
const std::vector<ParamSpec>& spec_fields();
const ParamSpec& spec_field(const std::string& name);

/// The registries as JSON: { models, losses, optimizers, schedules, generators, functions,
/// lineSearches, activations, inits, spec }, each entry { id, label, formula?, tex?, source?,
/// params, ... } with its export forms and explain lines (core/spec/registry_json.cpp).
std::string registry_json();

/// Evaluates a loss on hand-made vectors (the JS API's evaluateLoss): loss_spec is
/// {"kind": id, params..., "classes": C (multi-class losses)}; pred is what the id reads
/// (probabilities for bce/weighted_bce, logits for bce_logits/cce/sparse_cce, scores for hinges,
/// values for regression), (n, C) row-major for multi-class; target as the loss's TargetKind.
/// Returns false with issues (paths "loss.kind", "pred[3]", "target") on bad input.
bool evaluate_loss(const Json& loss_spec, const float* pred, std::size_t pred_n, const float* target,
                   std::size_t target_n, float& value, std::vector<float>& grad, Issues& issues);

/// issues -> [{"path":..,"message":..}]
Json issues_to_json(const Issues& issues);

}  // namespace descent
