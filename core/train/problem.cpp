// See problem.hpp.
#include "core/train/problem.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "core/data/infer.hpp"
#include "core/data/generators.hpp"
#include "core/model/registry.hpp"
#include "core/optim/optimizer.hpp"

namespace descent {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string r;
  for (std::size_t i = 0; i < v.size(); ++i) r += (i ? ", " : "") + v[i];
  return r;
}

bool implies_classification(const Spec& s) {
  if (!s.loss.kind.empty()) {
    const LossEntry* e = find_loss(s.loss.kind);
    if (e && e->target != TargetKind::values) return true;
    return false;
  }
  return s.model.kind == "logistic" || s.model.kind == "softmax" || s.model.kind == "svm";
}

// Inline targets for classification: the sorted distinct values become classes 0..C-1.
bool inline_classes(Dataset& ds, Issues& issues) {
  if (ds.targets != 1) {
    issues.push_back({"data.y", "data.y must have one value per row for classification, got " + std::to_string(ds.targets)});
    return false;
  }
  std::vector<float> values(ds.y);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  if (values.size() > DataLimits::max_classes) {
    issues.push_back({"data.y", "data.y has more than " + std::to_string(DataLimits::max_classes) + " distinct labels"});
    return false;
  }
  for (float& y : ds.y) y = float(std::lower_bound(values.begin(), values.end(), y) - values.begin());
  ds.classification = true;
  ds.classes = values.size();
  ds.class_names.clear();
  for (float v : values) ds.class_names.push_back(format_float(v));
  return true;
}

bool load_data(const Spec& s, Dataset& ds, CsvReport& report, Issues& issues) {
  const DataSpec& d = s.data;
  if (d.source == "synthetic") {
    const GeneratorEntry* g = find_generator(d.generator);
    if (!g) return false;
    Rng rng(d.seed, RngStream::data);
    Status st = g->generate(d.generator_params, rng, ds);
    if (!st.ok()) { issues.push_back({"data", "data: " + st.message()}); return false; }
    return true;
  }
  if (d.source == "csv") {
    if (d.text.empty() && !d.path.empty()) {
      issues.push_back({"data.path", "data.path is read by the command-line tool only; pass the CSV itself as data.text"});
      return false;
    }
    // Dialect, target, features and task are guessed where the spec leaves them open
    // (core/data/infer.hpp); report says what was guessed.
    CsvTable table;
    CsvRolesGiven given = d.csv_roles();
    given.classifier = implies_classification(s);
    Status st = read_csv_dataset(d.text, d.format, given, table, report, ds);
    if (!st.ok()) { issues.push_back({"data.text", st.message()}); return false; }
    return true;
  }
  if (d.source == "inline") {
    ds.n = d.rows;
    ds.inputs = d.inputs;
    ds.targets = d.targets;
    ds.x = d.x;
    ds.y = d.y;
    for (std::size_t i = 0; i < ds.inputs; ++i) ds.feature_names.push_back("x" + std::to_string(i + 1));
    for (std::size_t i = 0; i < ds.targets; ++i) ds.target_names.push_back(ds.targets == 1 ? "y" : "y" + std::to_string(i + 1));
    const bool cls = d.task == "classification" || (d.task == "auto" && implies_classification(s));
    if (cls && !inline_classes(ds, issues)) return false;
    return true;
  }
  return false;
}

// Which task a loss performs on this data, or false if none.
bool loss_task(const LossEntry& e, const Dataset& ds, Task& task) {
  switch (e.target) {
    case TargetKind::values:
      if (!ds.classification) { task = Task::regression; return true; }
      if (ds.classes == 2) { task = Task::binary; return true; }
      return false;
    case TargetKind::binary:
    case TargetKind::signed_label:
      if (ds.classification && ds.classes == 2) { task = Task::binary; return true; }
      return false;
    case TargetKind::one_hot:
    case TargetKind::label:
      if (ds.classification && ds.classes >= 2) { task = Task::multiclass; return true; }
      return false;
  }
  return false;
}

const LossFit* find_fit(const LossEntry& e, Task task, const std::string& model) {
  for (const LossFit& f : e.fits) {
    if (f.task != task || f.fit == Fit::invalid) continue;
    if (f.models.empty() || std::find(f.models.begin(), f.models.end(), model) != f.models.end()) return &f;
  }
  return nullptr;
}

std::string data_description(const Dataset& ds) {
  if (!ds.classification) return "regression data";
  return std::to_string(ds.classes) + "-class data";
}

/// Ends a model/loss mismatch message for CSV data with what the reader guessed, so a person can
/// tell whether the guess or the model is wrong (and the CLI shows the guesses of a failed run).
std::string csv_hint(const CsvReport& csv) { return csv.roles ? " [read from the CSV: " + csv.summary() + "]" : ""; }

std::vector<std::string> fitting_losses(const Dataset& ds, const std::string& model) {
  std::vector<std::string> ids;
  for (const LossEntry& e : loss_registry()) {
    Task t;
    if (loss_task(e, ds, t) && find_fit(e, t, model)) ids.push_back(e.id);
  }
  return ids;
}

void build_targets(const LossEntry& e, const Dataset& ds, std::size_t classes, std::vector<float>& out) {
  if (e.target == TargetKind::one_hot) {
    out.assign(ds.n * classes, 0.0f);
    for (std::size_t i = 0; i < ds.n; ++i) out[i * classes + std::size_t(ds.y[i])] = 1.0f;
  } else {
    out = ds.y;
  }
}

// ---- CSV defaults (docs/data-inference.md): what the spec leaves open follows the data ----------

/// The model a CSV's task asks for when the spec names none.
std::string task_model(const Dataset& ds) {
  if (!ds.classification) return "linear";
  return ds.classes == 2 ? "logistic" : "softmax";
}

/// The largest second derivative of the loss with respect to one output, for the losses whose
/// curvature is bounded (mse: mean (p - t)^2 -> 2; sigmoid with BCE: p (1 - p) <= 1/4; softmax
/// with CE: the largest eigenvalue of diag(p) - p p^T is <= 1/2); 0 for any other loss.
double loss_curvature(const std::string& loss) {
  if (loss == "mse") return 2.0;
  if (loss == "bce_logits") return 0.25;
  if (loss == "cce" || loss == "sparse_cce") return 0.5;
  return 0.0;
}

/// The largest eigenvalue of A^T A / n for A = [x 1] (the features and the bias' constant input),
/// by power iteration in double precision over evenly spaced rows: at most 8192, and at most 2^21
/// cells (a wide file costs no more than a long one). Only +, *, / and sqrt: the same bits
/// natively and in WebAssembly.
double top_curvature(const Dataset& ds) {
  const std::size_t d = ds.inputs + 1;
  const std::size_t sample = std::max<std::size_t>(64, std::min<std::size_t>(8192, (std::size_t(1) << 21) / d));
  const std::size_t stride = std::max<std::size_t>(1, (ds.n + sample - 1) / sample);
  std::vector<double> v(d), w(d);
  for (std::size_t j = 0; j < d; ++j) v[j] = 1.0 + double((j * 7919) % 13) / 13.0;  // no symmetry to hide in
  double lambda = 0;
  for (int it = 0; it < 60; ++it) {
    double norm = 0;
    for (double x : v) norm += x * x;
    norm = std::sqrt(norm);
    if (!(norm > 0)) return 0;
    for (double& x : v) x /= norm;
    std::fill(w.begin(), w.end(), 0.0);
    std::size_t rows = 0;
    for (std::size_t i = 0; i < ds.n; i += stride, ++rows) {
      const float* x = &ds.x[i * ds.inputs];
      double u = v[d - 1];
      for (std::size_t j = 0; j + 1 < d; ++j) u += double(x[j]) * v[j];
      for (std::size_t j = 0; j + 1 < d; ++j) w[j] += double(x[j]) * u;
      w[d - 1] += u;
    }
    lambda = 0;
    for (std::size_t j = 0; j < d; ++j) {
      w[j] /= double(rows);
      lambda += w[j] * v[j];  // the Rayleigh quotient (v has unit norm)
    }
    v.swap(w);
  }
  return lambda;
}

/// Two significant digits, rounded down (a step a little below 1/L is as good and reads better);
/// within float rounding of the next two-digit value it is that value (1/2.0000001 reads 0.5).
double round_down_2(double v) {
  if (!(v > 0) || !std::isfinite(v)) return v;
  const double up = 1 + 1e-6;
  if (v >= 100) {
    double unit = 1;
    while (v / unit >= 100) unit *= 10;
    return std::floor(v / unit * up) * unit;
  }
  double scale = 1;
  while (v * scale < 10) scale *= 10;
  return std::floor(v * scale * up) / scale;
}

/// The optimizer of a CSV run whose spec names none: SGD at 1/L for a model with no hidden layer
/// and a loss of bounded curvature (L from the standardized data), else Adam at 0.01.
void default_optimizer(Spec& s, const Problem& p, std::vector<CsvReport::Default>& out) {
  const double c = p.shape.hidden.empty() ? loss_curvature(p.loss_kind) : 0.0;
  const double lambda = c > 0 ? top_curvature(p.train) : 0.0;
  const double L = c * lambda + 2.0 * s.training.l2;
  if (L > 0 && std::isfinite(L)) {
    const double lr = std::min(10.0, round_down_2(1.0 / L));
    s.optimizer.kind = "sgd";
    s.optimizer.params = defaults(find_optimizer("sgd")->params);
    s.optimizer.params.num["lr"] = lr;
    out.push_back({"optimizer", "sgd", "gradient descent on a " + s.model.kind + " model: its loss is convex"});
    out.push_back({"optimizer.lr", format_number(lr), "1/L from the data's curvature: L = " + format_number(round_down_2(L)) +
                                                          " bounds the " + p.loss_kind + " loss's second derivative on these (normalized) rows"});
    return;
  }
  s.optimizer.kind = "adam";
  s.optimizer.params = defaults(find_optimizer("adam")->params);
  s.optimizer.params.num["lr"] = 0.01;
  out.push_back({"optimizer", "adam", p.shape.hidden.empty() ? "the " + p.loss_kind + " loss has no bounded curvature to set a step from"
                                                              : "a model with hidden layers: Adam adapts the step per parameter"});
  out.push_back({"optimizer.lr", "0.01", "Adam's known-good rate for normalized data"});
}

}  // namespace

std::string default_loss(const std::string& model, bool classification, std::size_t classes) {
  if (model == "logistic") return "bce_logits";
  if (model == "softmax") return "cce";
  if (model == "svm") return classes > 2 ? "multiclass_hinge" : "hinge";
  if (model == "linear") return "mse";
  if (!classification) return "mse";
  return classes > 2 ? "cce" : "bce_logits";
}

std::size_t workspace_floats(const ModelShape& s, std::size_t rows) {
  std::size_t widths = s.outputs, widest = std::max(s.inputs, s.outputs);
  for (std::size_t h : s.hidden) {
    widths += h * (s.dropout > 0 ? 3 : 1);
    widest = std::max(widest, h);
  }
  return rows * (widths + 2 * widest + s.inputs + s.outputs * 2);
}

bool build_problem(Spec& s, Problem& p, Issues& issues) {
  const std::size_t before = issues.size();
  if (s.function_mode()) {
    p.function_mode = true;
    p.function = find_function(s.data.function);
    p.function_params = s.data.function_params;
    if (!p.function) issues.push_back({"data.function", "unknown function \"" + s.data.function + "\""});
    if (s.training.steps > 1000000)
      issues.push_back({"training.steps", "training.steps must be at most 1000000 in function mode, got " + std::to_string(s.training.steps)});
    return issues.size() == before;
  }

  Dataset all;
  const bool loaded = load_data(s, all, p.csv, issues);
  s.data.release_csv();  // read: the bytes are freed before the split copies the data
  if (!loaded) return false;
  if (p.csv.roles) p.notes.push_back("CSV: " + p.csv.summary());
  if (all.n == 0) { issues.push_back({"data", "the dataset has no rows"}); return false; }
  if (!simd::all_finite(all.x.data(), all.x.size()) || !simd::all_finite(all.y.data(), all.y.size())) {
    issues.push_back({"data", "the data contains NaN or infinite values"});
    return false;
  }
  if (all.classification && all.classes < 2) {
    issues.push_back({"data", "classification needs at least 2 classes; the data has " + std::to_string(all.classes)});
    return false;
  }
  p.rows_total = all.n;
  const bool csv = s.data.source == "csv";
  std::vector<CsvReport::Default>& chosen = p.csv.defaults;
  if (csv && !s.preprocess.normalize_given)
    chosen.push_back({"preprocess.normalize", s.preprocess.normalize, "a CSV's columns come in their own units"});
  if (csv && !s.model.given) {
    s.model.kind = task_model(all);
    chosen.push_back({"model.kind", s.model.kind, all.classification ? std::to_string(all.classes) + " classes" : "a numeric target"});
  }

  // ---- model and loss: do they fit the data and each other? ----
  const ModelEntry* model = find_model(s.model.kind);
  p.loss_kind = s.loss.kind.empty() ? default_loss(s.model.kind, all.classification, all.classes) : s.loss.kind;
  p.loss_entry = find_loss(p.loss_kind);
  if (!model || !p.loss_entry) {
    issues.push_back({"loss.kind", "unknown loss \"" + p.loss_kind + "\""});
    return false;
  }
  p.loss_params = s.loss.kind.empty() ? defaults(p.loss_entry->params) : s.loss.params;
  const std::string loss_path = s.loss.kind.empty() ? "model.kind" : "loss.kind";
  if (csv && s.loss.kind.empty()) chosen.push_back({"loss.kind", p.loss_kind, "the " + s.model.kind + " model's loss"});
  Task task;
  if (!loss_task(*p.loss_entry, all, task)) {
    const std::vector<std::string> ok = fitting_losses(all, s.model.kind);
    issues.push_back({loss_path, "loss \"" + p.loss_kind + "\" cannot learn " + data_description(all) +
                                     (p.loss_entry->target == TargetKind::values ? "" : " (" + p.loss_entry->label + " needs " +
                                      (p.loss_entry->target == TargetKind::binary || p.loss_entry->target == TargetKind::signed_label ? "2 classes" : "class labels") + ")") +
                                     (ok.empty() ? "" : "; losses that can: " + join(ok)) + csv_hint(p.csv)});
    return false;
  }
  if (std::find(model->tasks.begin(), model->tasks.end(), task) == model->tasks.end()) {
    issues.push_back({"model.kind", "a " + s.model.kind + " model cannot learn " + data_description(all) + " (" + task_name(task) + ")" +
                                        (task == Task::multiclass ? "; use softmax, svm or mlp" : task == Task::regression ? "; use linear or mlp" : "") +
                                        csv_hint(p.csv)});
    return false;
  }
  const LossFit* fit = find_fit(*p.loss_entry, task, s.model.kind);
  if (!fit) {
    const std::vector<std::string> ok = fitting_losses(all, s.model.kind);
    issues.push_back({loss_path, "loss \"" + p.loss_kind + "\" does not fit a " + s.model.kind + " model on " + data_description(all) +
                                     (ok.empty() ? "" : "; losses that do: " + join(ok)) + csv_hint(p.csv)});
    return false;
  }
  if (fit->fit == Fit::allowed && !fit->note.empty()) p.notes.push_back(fit->note);
  p.task = task;
  p.classes = all.classification ? all.classes : 0;

  // ---- split, normalize ----
  Rng split_rng(s.data.seed, RngStream::split);
  split_dataset(all, s.preprocess.validation_split, split_rng, p.train, p.validation);
  p.train_x_raw = p.train.x;
  p.validation_x_raw = p.validation.x;
  p.normalizer.fit(p.train, s.preprocess.normalize);
  p.normalizer.apply(p.train);
  p.normalizer.apply(p.validation);

  // ---- loss and targets ----
  p.loss = p.loss_entry->make(p.loss_params);
  const bool multi = task == Task::multiclass;
  p.target_cols = p.loss_entry->target == TargetKind::one_hot ? p.classes
                  : (p.loss_entry->target == TargetKind::values && !all.classification) ? all.targets : 1;
  build_targets(*p.loss_entry, p.train, p.classes, p.train_target);
  build_targets(*p.loss_entry, p.validation, p.classes, p.validation_target);
  // A CSV's regression target is standardized for training as its features are; to_display
  // (outputs.hpp) turns outputs back into its units, so metrics and predictions keep them.
  if (csv && task == Task::regression && p.loss_entry->target == TargetKind::values && s.preprocess.normalize != "none") {
    Dataset targets;
    targets.n = p.train.n;
    targets.inputs = p.target_cols;
    targets.x = p.train_target;
    p.target_scaler.fit(targets, "zscore");
    p.target_scaler.apply_rows(p.train_target.data(), p.train.n, p.target_cols);
    p.target_scaler.apply_rows(p.validation_target.data(), p.validation.n, p.target_cols);
    chosen.push_back({"target", "zscore", "trained on (y - " + format_float(p.target_scaler.shift[0]) + ") / " +
                                              format_float(p.target_scaler.scale[0]) + "; metrics and predictions in the target's units"});
  }

  // ---- model shape ----
  ModelShape& m = p.shape;
  m.inputs = all.inputs;
  m.outputs = multi ? p.classes : (task == Task::regression ? all.targets : 1);
  if (model->hidden_layers) {
    m.hidden = s.model.hidden;
    parse_activation(s.model.activation, m.activation);
    m.dropout = float(s.model.dropout);
  }
  const bool probabilities = p.loss_entry->input == LossInput::probability && !p.loss->trains_on_logits();
  m.output = probabilities ? simd::Act::sigmoid : simd::Act::linear;
  p.output_kind = probabilities ? "probability"
                  : p.loss_entry->input == LossInput::logit || p.loss->trains_on_logits() ? "logit"
                  : p.loss_entry->input == LossInput::score ? "score" : "value";
  const std::size_t np = Mlp::count_params(m);
  if (np > SpecLimits::max_params) {
    issues.push_back({"model.hidden", "the model would have " + std::to_string(np) + " parameters; the limit is " + std::to_string(SpecLimits::max_params)});
    return false;
  }
  if (s.model.has_params && s.model.params.size() != np) {
    issues.push_back({"model.params", "model.params has " + std::to_string(s.model.params.size()) + " values; this " + s.model.kind +
                                          " model with " + std::to_string(m.inputs) + " inputs and " + std::to_string(m.outputs) +
                                          " outputs has " + std::to_string(np) + " parameters"});
    return false;
  }
  const std::size_t bs = s.training.batch_size == 0 ? p.train.n : std::min<std::size_t>(std::size_t(s.training.batch_size), p.train.n);
  const std::size_t eval_rows = std::max<std::size_t>(bs, std::min<std::size_t>(4096, std::max(p.train.n, p.validation.n)));
  const std::size_t ws = workspace_floats(m, eval_rows);
  if (ws > kMaxWorkspaceFloats) {
    issues.push_back({"training.batch_size", "the model is too large for memory: a batch of " + std::to_string(bs) +
                                                 " rows needs about " + std::to_string(ws / (1024 * 1024 / 4)) +
                                                 " MB of activations (limit " + std::to_string(kMaxWorkspaceFloats / (1024 * 1024 / 4)) +
                                                 " MB); use a smaller batch or narrower layers"});
    return false;
  }

  // ---- targets the loss can read ----
  Status st = p.loss->check_targets(p.train_target, p.train.n, m.outputs);
  if (!st.ok()) { issues.push_back({"data", st.message()}); return false; }
  if (p.validation.n > 0) {
    st = p.loss->check_targets(p.validation_target, p.validation.n, m.outputs);
    if (!st.ok()) { issues.push_back({"data", st.message()}); return false; }
  }
  if (csv && !s.optimizer.given && issues.size() == before) default_optimizer(s, p, chosen);
  return issues.size() == before;
}

}  // namespace descent
