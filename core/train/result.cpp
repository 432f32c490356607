// The result of a run and the metrics, as JSON. Floats are written as float32 (shortest
// round-trip digits), so the native and the WebAssembly engines print the same bytes.
#include <cmath>

#include "core/metrics/metrics.hpp"
#include "core/train/session.hpp"
#include "core/util/json.hpp"

namespace descent {
namespace {

void write_classification(JsonWriter& w, const ClassificationMetrics& m, const std::vector<std::string>& names) {
  w.begin_object();
  w.key("n");
  w.value_int(std::int64_t(m.n));
  w.key("accuracy");
  w.value_double(m.accuracy);
  w.key("precision");
  w.value_double(m.precision);
  w.key("recall");
  w.value_double(m.recall);
  w.key("f1");
  w.value_double(m.f1);
  w.key("macro_precision");
  w.value_double(m.macro_precision);
  w.key("macro_recall");
  w.value_double(m.macro_recall);
  w.key("macro_f1");
  w.value_double(m.macro_f1);
  if (m.classes == 2) {
    w.key("auc");
    if (m.auc >= 0) w.value_double(m.auc);
    else w.value_null();
  }
  w.key("classes");
  w.begin_array();
  for (const std::string& s : names) w.value_string(s);
  w.end_array();
  w.key("confusion");
  w.begin_array();
  for (std::size_t r = 0; r < m.classes; ++r) {
    w.begin_array();
    for (std::size_t c = 0; c < m.classes; ++c) w.value_int(std::int64_t(m.confusion[r * m.classes + c]));
    w.end_array();
  }
  w.end_array();
  w.end_object();
}

void write_regression(JsonWriter& w, const RegressionMetrics& m) {
  w.begin_object();
  w.key("n");
  w.value_int(std::int64_t(m.n));
  w.key("mse");
  w.value_double(m.mse);
  w.key("rmse");
  w.value_double(m.rmse);
  w.key("mae");
  w.value_double(m.mae);
  w.key("r2");
  w.value_double(m.r2);
  w.end_object();
}

}  // namespace

std::string Session::metrics_for(const Dataset& ds, std::vector<float>& out) {
  JsonWriter w;
  if (ds.n == 0) {
    w.value_null();
    return w.take();
  }
  compute_outputs(ds, out);
  display_outputs(out.data(), ds.n);
  if (problem_.task == Task::regression) {
    write_regression(w, regression_metrics(ds.y.data(), out.data(), ds.n * problem_.shape.outputs, problem_.shape.outputs));
  } else {
    std::vector<float> cls, score;
    predicted_classes(out.data(), ds.n, cls, score);
    const std::size_t classes = problem_.classes;
    const ClassificationMetrics m = classification_metrics(ds.y.data(), cls.data(), classes == 2 ? score.data() : nullptr, ds.n, classes);
    write_classification(w, m, problem_.train.class_names);
  }
  return w.take();
}

std::string Session::metrics_json() {
  JsonWriter w;
  w.begin_object();
  if (problem_.function_mode) {
    w.key("value");
    w.value_double(function_obj_->value(params_));
    w.key("grad_norm");
    std::vector<float> g(2);
    function_obj_->evaluate(params_, g);
    w.value_double(std::sqrt(double(g[0]) * g[0] + double(g[1]) * g[1]));
  } else {
    std::vector<float> out;
    Json j;
    w.key("train");
    parse_json(metrics_for(problem_.train, out), j);
    w.value_json(j);
    w.key("validation");
    parse_json(metrics_for(problem_.validation, out), j);
    w.value_json(j);
  }
  w.end_object();
  return w.take();
}

std::string Session::result_json() {
  JsonWriter w;
  w.begin_object();
  w.key("status");
  w.value_string(status_name(status_));
  w.key("message");
  w.value_string(finished() ? message_ : "running: " + std::to_string(steps_) + " of " + std::to_string(total_steps_) + " steps");
  w.key("steps");
  w.value_int(steps_);
  w.key("epochs");
  w.value_int(epochs_);
  w.key("samples_seen");
  w.value_int(samples_);
  if (!problem_.function_mode) {
    w.key("task");
    w.value_string(task_name(problem_.task));
    if (problem_.task != Task::regression) {
      w.key("classes");
      w.value_int(std::int64_t(problem_.classes));
    }
    w.key("loss");
    w.value_string(problem_.loss_kind);
    w.key("output");
    w.value_string(problem_.output_kind);
    w.key("rows");
    w.begin_object();
    w.key("train");
    w.value_int(std::int64_t(problem_.train.n));
    w.key("validation");
    w.value_int(std::int64_t(problem_.validation.n));
    w.end_object();
    w.key("batch_size");
    w.value_int(std::int64_t(batch_));
    if (problem_.csv.parsed) {
      w.key("data");
      write_csv_report(w, problem_.csv);  // what the CSV reader guessed (core/data/infer.hpp)
    }
  } else {
    w.key("function");
    w.value_string(problem_.function->id);
  }
  w.key("notes");
  w.begin_array();
  for (const std::string& n : problem_.notes) w.value_string(n);
  w.end_array();

  const History& h = history_;
  w.key("history");
  w.begin_object();
  w.key("stride");
  w.value_int(std::int64_t(h.stride()));
  w.key("loss");
  w.floats(h.loss.data(), h.size());
  w.key("grad_norm");
  w.floats(h.grad_norm.data(), h.size());
  w.key("update_norm");
  w.floats(h.update_norm.data(), h.size());
  w.key("lr");
  w.floats(h.lr.data(), h.size());
  if (search_) {
    w.key("step_size");
    w.floats(h.step_size.data(), h.size());
    w.key("trials");
    w.begin_array();
    for (std::int32_t t : h.trials) w.value_int(t);
    w.end_array();
  }
  if (spec_.training.l1 != 0 || spec_.training.l2 != 0) {
    w.key("penalty");
    w.floats(h.penalty.data(), h.size());
  }
  if (!problem_.function_mode) {
    const auto& ep = h.epochs();
    auto series = [&](const char* name, auto get) {
      w.key(name);
      w.begin_array();
      for (const EpochRecord& e : ep) w.value_float(get(e));
      w.end_array();
    };
    series("epoch_train_loss", [](const EpochRecord& e) { return e.train_loss; });
    if (problem_.validation.n > 0) series("epoch_val_loss", [](const EpochRecord& e) { return e.val_loss; });
    series("epoch_lr", [](const EpochRecord& e) { return e.lr; });
    if (spec_.training.metrics == "epoch") {
      const char* metric = problem_.task == Task::regression ? "epoch_train_r2" : "epoch_train_accuracy";
      series(metric, [](const EpochRecord& e) { return e.train_metric; });
      if (problem_.validation.n > 0)
        series(problem_.task == Task::regression ? "epoch_val_r2" : "epoch_val_accuracy",
               [](const EpochRecord& e) { return e.val_metric; });
    }
    w.key("epoch_step");
    w.begin_array();
    for (const EpochRecord& e : ep) w.value_int(e.step);
    w.end_array();
  }
  w.end_object();

  w.key("params");
  w.floats(params_.data(), params_.size());
  if (!trajectory_.empty()) {
    w.key("trajectory_stride");
    w.value_int(std::int64_t(traj_stride_));
    w.key("trajectory");
    w.begin_array();
    for (std::size_t i = 0; i + 1 < trajectory_.size(); i += 2) {
      w.begin_array();
      w.value_float(trajectory_[i]);
      w.value_float(trajectory_[i + 1]);
      w.end_array();
    }
    w.end_array();
  }
  if (problem_.function_mode) {
    w.key("values");
    w.begin_array();
    for (double v : values_) w.value_double(v);
    w.end_array();
  }
  if (problem_.function_mode || spec_.training.metrics != "none") {
    w.key("metrics");
    Json j;
    parse_json(metrics_json(), j);
    w.value_json(j);
  }
  w.end_object();
  return w.take();
}

std::string problem_json(const Session& s) {
  const Problem& p = s.problem();
  JsonWriter w;
  w.begin_object();
  w.key("functionMode");
  w.value_bool(p.function_mode);
  w.key("numParams");
  w.value_int(std::int64_t(s.num_params()));
  w.key("inputs");
  w.value_int(std::int64_t(s.inputs()));
  w.key("outputs");
  w.value_int(std::int64_t(s.outputs()));
  w.key("totalSteps");
  w.value_int(s.total_steps());
  w.key("stepsPerEpoch");
  w.value_int(s.steps_per_epoch());
  w.key("batchSize");
  w.value_int(std::int64_t(s.batch_size()));
  w.key("notes");
  w.begin_array();
  for (const std::string& n : p.notes) w.value_string(n);
  w.end_array();
  if (p.function_mode) {
    w.key("function");
    w.value_string(p.function->id);
    w.key("view");
    w.begin_array();
    for (double v : p.function->view) w.value_double(v);
    w.end_array();
    w.key("minima");
    w.begin_array();
    for (const auto& m : p.function->minima(p.function_params)) {
      w.begin_array();
      w.value_double(m[0]);
      w.value_double(m[1]);
      w.end_array();
    }
    w.end_array();
  } else {
    w.key("task");
    w.value_string(task_name(p.task));
    w.key("classes");
    w.value_int(std::int64_t(p.classes));
    w.key("loss");
    w.value_string(p.loss_kind);
    w.key("output");
    w.value_string(p.output_kind);
    w.key("rows");
    w.begin_object();
    w.key("total");
    w.value_int(std::int64_t(p.rows_total));
    w.key("train");
    w.value_int(std::int64_t(p.train.n));
    w.key("validation");
    w.value_int(std::int64_t(p.validation.n));
    w.end_object();
    auto names = [&](const char* key, const std::vector<std::string>& v) {
      w.key(key);
      w.begin_array();
      for (const std::string& x : v) w.value_string(x);
      w.end_array();
    };
    names("featureNames", p.train.feature_names);
    names("targetNames", p.train.target_names);
    names("classNames", p.train.class_names);
    w.key("targets");
    w.value_int(std::int64_t(p.train.targets));
    w.key("normalize");
    w.value_string(p.normalizer.kind);
    if (p.csv.parsed) {
      w.key("data");
      write_csv_report(w, p.csv);  // what the CSV reader guessed (core/data/infer.hpp)
    }
  }
  w.end_object();
  return w.take();
}

}  // namespace descent
