// See result.hpp.
#include "core/train/result.hpp"

#include <algorithm>
#include <cmath>

#include "core/metrics/metrics.hpp"
#include "core/train/landscape.hpp"
#include "core/train/lr_finder.hpp"
#include "core/train/outputs.hpp"
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

// One split's metrics object, or null for an empty split.
void write_metrics(JsonWriter& w, Session& s, const Dataset& ds) {
  if (ds.n == 0) {
    w.value_null();
    return;
  }
  const Problem& p = s.problem();
  std::vector<float> out;
  split_outputs(p, s.model_objective()->model(), s.params(), ds, out);
  if (p.task == Task::regression) {
    write_regression(w, regression_metrics(ds.y.data(), out.data(), ds.n * p.shape.outputs, p.shape.outputs));
  } else {
    std::vector<float> cls, score;
    predicted_classes(p, out.data(), ds.n, cls, score);
    const ClassificationMetrics m = classification_metrics(ds.y.data(), cls.data(), p.classes == 2 ? score.data() : nullptr, ds.n, p.classes);
    write_classification(w, m, p.train.class_names);
  }
}

void write_metrics(JsonWriter& w, Session& s) {
  w.begin_object();
  if (s.problem().function_mode) {
    FunctionObjective& f = *s.function_objective();
    w.key("value");
    w.value_double(f.value(s.params()));
    w.key("grad_norm");
    std::vector<float> g(2);
    f.evaluate(s.params(), g);
    w.value_double(std::sqrt(double(g[0]) * g[0] + double(g[1]) * g[1]));
  } else {
    w.key("train");
    write_metrics(w, s, s.problem().train);
    w.key("validation");
    write_metrics(w, s, s.problem().validation);
  }
  w.end_object();
}

}  // namespace

std::string metrics_json(Session& s) {
  JsonWriter w;
  write_metrics(w, s);
  return w.take();
}

std::string result_json(Session& s) {
  const Problem& problem = s.problem();
  const Progress& p = s.progress();
  JsonWriter w;
  w.begin_object();
  w.key("status");
  w.value_string(status_name(p.status));
  w.key("message");
  w.value_string(p.finished() ? p.message : "running: " + std::to_string(p.steps) + " of " + std::to_string(p.total_steps) + " steps");
  w.key("steps");
  w.value_int(p.steps);
  w.key("epochs");
  w.value_int(p.epochs);
  w.key("samples_seen");
  w.value_int(p.samples);
  if (!problem.function_mode) {
    w.key("task");
    w.value_string(task_name(problem.task));
    if (problem.task != Task::regression) {
      w.key("classes");
      w.value_int(std::int64_t(problem.classes));
    }
    w.key("loss");
    w.value_string(problem.loss_kind);
    w.key("output");
    w.value_string(problem.output_kind);
    w.key("rows");
    w.begin_object();
    w.key("train");
    w.value_int(std::int64_t(problem.train.n));
    w.key("validation");
    w.value_int(std::int64_t(problem.validation.n));
    w.end_object();
    w.key("batch_size");
    w.value_int(std::int64_t(s.batch_size()));
    if (problem.csv.parsed) {
      w.key("data");
      write_csv_report(w, problem.csv);  // what the CSV reader guessed (core/data/infer.hpp)
    }
  } else {
    w.key("function");
    w.value_string(problem.function->id);
  }
  w.key("notes");
  w.begin_array();
  for (const std::string& n : problem.notes) w.value_string(n);
  w.end_array();

  const History& h = s.history();
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
  if (s.spec().training.line_search) {
    w.key("step_size");
    w.floats(h.step_size.data(), h.size());
    w.key("trials");
    w.begin_array();
    for (std::int32_t t : h.trials) w.value_int(t);
    w.end_array();
  }
  if (s.spec().training.l1 != 0 || s.spec().training.l2 != 0) {
    w.key("penalty");
    w.floats(h.penalty.data(), h.size());
  }
  if (!problem.function_mode) {
    const auto& ep = h.epochs();
    auto series = [&](const char* name, auto get) {
      w.key(name);
      w.begin_array();
      for (const EpochRecord& e : ep) w.value_float(get(e));
      w.end_array();
    };
    series("epoch_train_loss", [](const EpochRecord& e) { return e.train_loss; });
    if (problem.validation.n > 0) series("epoch_val_loss", [](const EpochRecord& e) { return e.val_loss; });
    series("epoch_lr", [](const EpochRecord& e) { return e.lr; });
    if (s.spec().training.metrics == "epoch") {
      const char* metric = problem.task == Task::regression ? "epoch_train_r2" : "epoch_train_accuracy";
      series(metric, [](const EpochRecord& e) { return e.train_metric; });
      if (problem.validation.n > 0)
        series(problem.task == Task::regression ? "epoch_val_r2" : "epoch_val_accuracy",
               [](const EpochRecord& e) { return e.val_metric; });
    }
    w.key("epoch_step");
    w.begin_array();
    for (const EpochRecord& e : ep) w.value_int(e.step);
    w.end_array();
  }
  w.end_object();

  w.key("params");
  w.floats(s.params().data(), s.params().size());
  const std::vector<float>& trajectory = s.trajectory().points();
  if (!trajectory.empty()) {
    w.key("trajectory_stride");
    w.value_int(std::int64_t(s.trajectory().stride()));
    w.key("trajectory");
    w.begin_array();
    for (std::size_t i = 0; i + 1 < trajectory.size(); i += 2) {
      w.begin_array();
      w.value_float(trajectory[i]);
      w.value_float(trajectory[i + 1]);
      w.end_array();
    }
    w.end_array();
  }
  if (problem.function_mode) {
    w.key("values");
    w.begin_array();
    for (double v : s.trajectory().values()) w.value_double(v);
    w.end_array();
  }
  if (problem.function_mode || s.spec().training.metrics != "none") {
    w.key("metrics");
    write_metrics(w, s);
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
    if (p.target_scaler.kind != "none") {
      // The target as trained is (y - shift) / scale, per target column, in float32 (exports replay it).
      w.key("targetScale");
      w.begin_object();
      w.key("shift");
      w.begin_array();
      for (float v : p.target_scaler.shift) w.value_float(v);
      w.end_array();
      w.key("scale");
      w.begin_array();
      for (float v : p.target_scaler.scale) w.value_float(v);
      w.end_array();
      w.end_object();
    }
    if (p.csv.parsed) {
      w.key("data");
      write_csv_report(w, p.csv);  // what the CSV reader guessed (core/data/infer.hpp)
    }
  }
  w.end_object();
  return w.take();
}

std::string explain_json(const Explained& e) {
  JsonWriter w;
  w.begin_object();
  for (const auto& kv : e) {
    w.key(kv.first);
    w.value_double(kv.second);
  }
  w.end_object();
  return w.take();
}

std::string lr_finder_json(const LrFinderResult& r) {
  JsonWriter w;
  w.begin_object();
  w.key("lrs");
  w.floats(r.lrs.data(), r.lrs.size());
  w.key("losses");
  w.floats(r.losses.data(), r.losses.size());
  w.key("smoothed");
  w.floats(r.smoothed.data(), r.smoothed.size());
  w.key("suggestion");
  w.value_double(r.suggestion);
  w.key("stoppedEarly");
  w.value_bool(r.stopped_early);
  w.key("message");
  w.value_string(r.message);
  w.end_object();
  return w.take();
}

std::string landscape_json(const Landscape& l) {
  JsonWriter w;
  w.begin_object();
  w.key("axes");
  w.value_string(l.axes);
  w.key("resolution");
  w.value_int(std::int64_t(l.resolution));
  w.key("x");
  w.begin_array();
  w.value_double(l.x0);
  w.value_double(l.x1);
  w.end_array();
  w.key("y");
  w.begin_array();
  w.value_double(l.y0);
  w.value_double(l.y1);
  w.end_array();
  w.key("rowBegin");
  w.value_int(std::int64_t(l.row_begin));
  w.key("rowEnd");
  w.value_int(std::int64_t(l.row_end));
  w.key("note");
  w.value_string(l.note);
  w.end_object();
  return w.take();
}

std::string history_json(const Session& s, std::size_t start, std::size_t epoch_start) {
  const History& h = s.history();
  const std::vector<EpochRecord>& all = h.epochs();
  JsonWriter w;
  w.begin_object();
  w.key("stride");
  w.value_int(std::int64_t(h.stride()));
  w.key("start");
  w.value_int(std::int64_t(std::min(start, h.size())));
  w.key("length");
  w.value_int(std::int64_t(h.size()));
  w.key("layers");
  w.value_int(std::int64_t(h.layers()));
  // (epochs counts epochs done, also in function mode, where there are no epoch records)
  w.key("epochStart");
  w.value_int(std::min(std::int64_t(epoch_start), s.epochs()));
  w.key("epochs");
  w.begin_object();
  const std::size_t from = std::min(all.size(), epoch_start);
  auto series = [&](const char* name, auto get) {
    w.key(name);
    w.begin_array();
    for (std::size_t i = from; i < all.size(); ++i) get(all[i]);
    w.end_array();
  };
  series("trainLoss", [&](const EpochRecord& e) { w.value_float(e.train_loss); });
  series("valLoss", [&](const EpochRecord& e) { w.value_float(e.val_loss); });
  series("lr", [&](const EpochRecord& e) { w.value_float(e.lr); });
  series("trainMetric", [&](const EpochRecord& e) { w.value_float(e.train_metric); });
  series("valMetric", [&](const EpochRecord& e) { w.value_float(e.val_metric); });
  series("step", [&](const EpochRecord& e) { w.value_int(e.step); });
  w.end_object();
  w.end_object();
  return w.take();
}

std::string trials_json(const Session& s) {
  const std::vector<double>& t = s.last_trials();
  JsonWriter w;
  w.begin_array();
  for (std::size_t i = 0; i + 1 < t.size(); i += 2) {
    w.begin_object();
    w.key("a");
    w.value_double(t[i]);
    w.key("f");
    w.value_double(t[i + 1]);
    w.end_object();
  }
  w.end_array();
  return w.take();
}

std::string evaluate_loss_json(const std::string& loss_spec_json, const std::vector<float>& pred,
                               const std::vector<float>& target) {
  Json spec;
  Issues issues;
  const Status st = parse_json(loss_spec_json, spec);
  if (!st.ok()) issues.push_back({"loss", st.message()});
  float value = 0;
  std::vector<float> grad;
  const bool ok = st.ok() && evaluate_loss(spec, pred.data(), pred.size(), target.data(), target.size(), value, grad, issues);
  JsonWriter w;
  w.begin_object();
  w.key("ok");
  w.value_bool(ok);
  if (ok) {
    w.key("value");
    w.value_float(value);
    w.key("grad");
    w.floats(grad.data(), grad.size());
  } else {
    w.key("errors");
    w.value_json(issues_to_json(issues));
  }
  w.end_object();
  return w.take();
}

std::string Session::metrics_json() { return descent::metrics_json(*this); }
std::string Session::result_json() { return descent::result_json(*this); }

}  // namespace descent
