// The Embind map of the core: names and types only, no logic. The only file that includes
// <emscripten/bind.h>. Small things cross as JSON strings; arrays as typed_memory_views into the
// heap, which bindings/index.js copies at once (heap growth detaches views). Errors cross as
// strings/JSON, never as C++ exceptions. RawSession adapts a Session's types for Embind; it
// forwards every call.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>
#include <vector>

#include "core/data/csv_preview.hpp"
#include "core/simd/arch.hpp"
#include "core/simd/probe.hpp"
#include "core/spec/spec.hpp"
#include "core/train/run.hpp"
#include "core/util/json.hpp"

using emscripten::val;
using descent::Session;

namespace {

val f32(const std::vector<float>& v) { return val(emscripten::typed_memory_view(v.size(), v.data())); }
val f64(const std::vector<double>& v) { return val(emscripten::typed_memory_view(v.size(), v.data())); }
val i32(const std::vector<std::int32_t>& v) { return val(emscripten::typed_memory_view(v.size(), v.data())); }
std::string err(const descent::Status& s) { return s.ok() ? std::string() : s.message(); }

std::string version() { return DESCENT_VERSION; }
std::string arch() { return descent::simd::arch_name(); }
std::string kernel_probe() { return descent::kernel_probe().hash; }
std::string registry_json() { return descent::registry_json(); }
std::string validate_json(const std::string& spec, const std::string& csv, bool has_csv) {
  return descent::validate_json(spec, has_csv ? &csv : nullptr);
}
std::string evaluate_loss(const std::string& loss_json, const val& pred, const val& target) {
  const std::vector<float> p = emscripten::convertJSArrayToNumberVector<float>(pred);
  const std::vector<float> t = emscripten::convertJSArrayToNumberVector<float>(target);
  descent::Json spec;
  descent::Issues issues;
  descent::Status st = descent::parse_json(loss_json, spec);
  if (!st.ok()) issues.push_back({"loss", st.message()});
  float value = 0;
  std::vector<float> grad;
  descent::JsonWriter w;
  w.begin_object();
  const bool ok = st.ok() && descent::evaluate_loss(spec, p.data(), p.size(), t.data(), t.size(), value, grad, issues);
  w.key("ok");
  w.value_bool(ok);
  if (ok) {
    w.key("value");
    w.value_float(value);
    w.key("grad");
    w.floats(grad.data(), grad.size());
  } else {
    w.key("errors");
    w.value_json(descent::issues_to_json(issues));
  }
  w.end_object();
  return w.take();
}

std::string csv_preview(const std::string& text, const std::string& header, double rows) {
  return descent::csv_preview_json(text, header, std::size_t(rows));
}

class RawSession {
 public:
  static RawSession* open(const std::string& spec, const std::string& csv, bool has_csv) {
    auto* r = new RawSession();
    r->s_ = descent::open_session(spec, has_csv ? &csv : nullptr, r->issues_);
    return r;
  }
  bool ok() const { return s_ != nullptr; }
  std::string errors_json() const { return descent::to_json(descent::issues_to_json(issues_)); }
  std::string invalid_result_json() const { return descent::invalid_result_json(issues_); }

  std::string run(double k) { return descent::status_name(s_->run(long(k < 0 ? 0 : k > 1e9 ? 1e9 : k))); }
  std::string run_epoch() { return descent::status_name(s_->run_epoch()); }
  std::string status() const { return descent::status_name(s_->status()); }
  std::string message() const { return s_->message(); }
  double steps() const { return double(s_->steps()); }
  double epochs() const { return double(s_->epochs()); }
  double samples_seen() const { return double(s_->samples_seen()); }
  double total_steps() const { return double(s_->total_steps()); }
  double steps_per_epoch() const { return double(s_->steps_per_epoch()); }
  double batch_size() const { return double(s_->batch_size()); }
  double lr() const { return s_->lr(); }
  std::string set_lr(double lr) { return err(s_->set_lr(lr)); }
  double num_params() const { return double(s_->num_params()); }
  double inputs() const { return double(s_->inputs()); }
  double outputs() const { return double(s_->outputs()); }

  val params() const { return f32(s_->params()); }
  val gradient() const { return f32(s_->gradient()); }
  val gradient_here() {
    here_ = s_->gradient_here();
    return f32(here_);
  }
  std::string set_params(const val& p) {
    const std::vector<float> v = emscripten::convertJSArrayToNumberVector<float>(p);
    return err(s_->set_params(v.data(), v.size()));
  }

  double history_stride() const { return double(s_->history().stride()); }
  double history_length() const { return double(s_->history().size()); }
  double history_version() const { return double(s_->history().version()); }
  val history_series(const std::string& name) const {
    const descent::History& h = s_->history();
    if (name == "loss") return f32(h.loss);
    if (name == "grad_norm") return f32(h.grad_norm);
    if (name == "lr") return f32(h.lr);
    if (name == "update_norm") return f32(h.update_norm);
    if (name == "step_size") return f32(h.step_size);
    if (name == "penalty") return f32(h.penalty);
    if (name == "trials") return i32(h.trials);
    return val::null();
  }
  std::string epochs_json(double from) const {
    descent::JsonWriter w;
    w.begin_object();
    const auto& all = s_->history().epochs();
    const std::size_t start = std::min(all.size(), std::size_t(from));
    auto series = [&](const char* name, auto get) {
      w.key(name);
      w.begin_array();
      for (std::size_t i = start; i < all.size(); ++i) w.value_float(get(all[i]));
      w.end_array();
    };
    series("train_loss", [](const descent::EpochRecord& e) { return e.train_loss; });
    series("val_loss", [](const descent::EpochRecord& e) { return e.val_loss; });
    series("lr", [](const descent::EpochRecord& e) { return e.lr; });
    series("train_metric", [](const descent::EpochRecord& e) { return e.train_metric; });
    series("val_metric", [](const descent::EpochRecord& e) { return e.val_metric; });
    series("step", [](const descent::EpochRecord& e) { return float(e.step); });
    w.end_object();
    return w.take();
  }

  val trajectory() const { return f32(s_->trajectory()); }
  double trajectory_stride() const { return double(s_->trajectory_stride()); }
  val values() const { return f64(s_->values()); }
  val last_trials() const { return f64(s_->last_trials()); }
  std::string explain_json(double i) const {
    descent::JsonWriter w;
    w.begin_object();
    for (const auto& kv : s_->explain(std::size_t(i))) {
      w.key(kv.first);
      w.value_double(kv.second);
    }
    w.end_object();
    return w.take();
  }
  val velocity() {
    velocity_ = s_->velocity();
    return f32(velocity_);
  }

  std::string predict(const val& x) {
    const std::vector<float> v = emscripten::convertJSArrayToNumberVector<float>(x);
    return err(s_->predict(v.data(), v.size() / (s_->inputs() ? s_->inputs() : 1), out_));
  }
  std::string grid(double x0, double x1, double y0, double y1, double res) {
    return err(s_->grid(x0, x1, y0, y1, std::size_t(res), out_));
  }
  val output() const { return f32(out_); }

  std::string landscape(const std::string& config_json) {
    descent::Json j;
    descent::LandscapeConfig c;
    descent::Status st = descent::parse_json(config_json, j);
    if (st.ok()) {
      if (const auto* v = j.find("axes")) c.axes = v->as_string();
      if (const auto* v = j.find("range")) c.range = v->as_number();
      if (const auto* v = j.find("resolution")) c.resolution = std::size_t(v->as_number());
      if (const auto* v = j.find("rowBegin")) c.row_begin = std::size_t(v->as_number());
      if (const auto* v = j.find("rowEnd")) c.row_end = std::size_t(v->as_number());
      if (const auto* v = j.find("x0")) c.x0 = v->as_number();
      if (const auto* v = j.find("x1")) c.x1 = v->as_number();
      if (const auto* v = j.find("y0")) c.y0 = v->as_number();
      if (const auto* v = j.find("y1")) c.y1 = v->as_number();
      st = s_->landscape(c, landscape_);
    }
    descent::JsonWriter w;
    w.begin_object();
    w.key("ok");
    w.value_bool(st.ok());
    if (!st.ok()) {
      w.key("error");
      w.value_string(st.message());
    } else {
      w.key("axes");
      w.value_string(landscape_.axes);
      w.key("resolution");
      w.value_int(std::int64_t(landscape_.resolution));
      w.key("x0"); w.value_double(landscape_.x0);
      w.key("x1"); w.value_double(landscape_.x1);
      w.key("y0"); w.value_double(landscape_.y0);
      w.key("y1"); w.value_double(landscape_.y1);
      w.key("rowBegin"); w.value_int(std::int64_t(landscape_.row_begin));
      w.key("rowEnd"); w.value_int(std::int64_t(landscape_.row_end));
      w.key("note"); w.value_string(landscape_.note);
    }
    w.end_object();
    return w.take();
  }
  val landscape_values() const { return f32(landscape_.values); }
  val landscape_path() const { return f32(landscape_.path); }

  std::string lr_finder(double min_lr, double max_lr, double steps) {
    const descent::LrFinderResult r = s_->lr_finder(min_lr, max_lr, long(steps));
    descent::JsonWriter w;
    w.begin_object();
    w.key("lrs"); w.floats(r.lrs.data(), r.lrs.size());
    w.key("losses"); w.floats(r.losses.data(), r.losses.size());
    w.key("smoothed"); w.floats(r.smoothed.data(), r.smoothed.size());
    w.key("suggestion"); w.value_double(r.suggestion);
    w.key("stoppedEarly"); w.value_bool(r.stopped_early);
    w.key("message"); w.value_string(r.message);
    w.end_object();
    return w.take();
  }

  std::string metrics_json() { return s_->metrics_json(); }
  std::string result_json() { return s_->result_json(); }
  std::string problem_json() const { return descent::problem_json(*s_); }
  val data(const std::string& which) const {
    const descent::Problem& p = s_->problem();
    if (which == "train_x") return f32(p.train_x_raw);
    if (which == "train_y") return f32(p.train.y);
    if (which == "validation_x") return f32(p.validation_x_raw);
    if (which == "validation_y") return f32(p.validation.y);
    if (which == "train_xn") return f32(p.train.x);  // normalized, as the model sees them
    if (which == "validation_xn") return f32(p.validation.x);
    return val::null();
  }
  val batch_order(double epochs) {
    order_ = s_->batch_order(long(epochs));
    return val(emscripten::typed_memory_view(order_.size(), order_.data()));
  }

 private:
  std::unique_ptr<Session> s_;
  descent::Issues issues_;
  std::vector<float> out_, velocity_;
  std::vector<std::uint32_t> order_;
  std::vector<float> here_;
  descent::Landscape landscape_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(descent) {
  using namespace emscripten;
  function("version", &version);
  function("arch", &arch);
  function("kernelProbe", &kernel_probe);
  function("registryJson", &registry_json);
  function("validateJson", &validate_json);
  function("evaluateLoss", &evaluate_loss);
  function("csvPreview", &csv_preview);
  class_<RawSession>("RawSession")
      .class_function("open", &RawSession::open, allow_raw_pointers())
      .function("ok", &RawSession::ok)
      .function("errorsJson", &RawSession::errors_json)
      .function("invalidResultJson", &RawSession::invalid_result_json)
      .function("run", &RawSession::run)
      .function("runEpoch", &RawSession::run_epoch)
      .function("status", &RawSession::status)
      .function("message", &RawSession::message)
      .function("steps", &RawSession::steps)
      .function("epochs", &RawSession::epochs)
      .function("samplesSeen", &RawSession::samples_seen)
      .function("totalSteps", &RawSession::total_steps)
      .function("stepsPerEpoch", &RawSession::steps_per_epoch)
      .function("batchSize", &RawSession::batch_size)
      .function("lr", &RawSession::lr)
      .function("setLr", &RawSession::set_lr)
      .function("numParams", &RawSession::num_params)
      .function("inputs", &RawSession::inputs)
      .function("outputs", &RawSession::outputs)
      .function("params", &RawSession::params)
      .function("gradient", &RawSession::gradient)
      .function("gradientHere", &RawSession::gradient_here)
      .function("setParams", &RawSession::set_params)
      .function("historyStride", &RawSession::history_stride)
      .function("historyLength", &RawSession::history_length)
      .function("historyVersion", &RawSession::history_version)
      .function("historySeries", &RawSession::history_series)
      .function("epochsJson", &RawSession::epochs_json)
      .function("trajectory", &RawSession::trajectory)
      .function("trajectoryStride", &RawSession::trajectory_stride)
      .function("values", &RawSession::values)
      .function("lastTrials", &RawSession::last_trials)
      .function("explainJson", &RawSession::explain_json)
      .function("velocity", &RawSession::velocity)
      .function("predict", &RawSession::predict)
      .function("grid", &RawSession::grid)
      .function("output", &RawSession::output)
      .function("landscape", &RawSession::landscape)
      .function("landscapeValues", &RawSession::landscape_values)
      .function("landscapePath", &RawSession::landscape_path)
      .function("lrFinder", &RawSession::lr_finder)
      .function("metricsJson", &RawSession::metrics_json)
      .function("resultJson", &RawSession::result_json)
      .function("problemJson", &RawSession::problem_json)
      .function("data", &RawSession::data)
      .function("batchOrder", &RawSession::batch_order);
}
