// The Embind map of the core: a table of names over core functions (core/train/handle.hpp,
// result.hpp, spec.hpp), nothing else. The only file that includes <emscripten/bind.h>.
// Small things cross as JSON text or as a Reply value ({ error, json }); arrays as typed-array
// views into the heap (spans the handle keeps valid until its next call), which bindings/index.js
// copies at once (heap growth detaches views). Errors cross as strings, never as C++ exceptions.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <vector>

#include "core/spec/spec.hpp"
#include "core/train/handle.hpp"
#include "core/train/result.hpp"

using descent::SessionHandle;
using emscripten::val;

namespace {

// A core span as a typed-array view into the heap.
template <class T>
val view(descent::Span<const T> s) { return val(emscripten::typed_memory_view(s.size(), s.data())); }
template <auto Method>
val as_view(SessionHandle& h) { return view((h.*Method)()); }
// A JavaScript array (or typed array) of numbers as floats.
std::vector<float> floats(const val& a) { return emscripten::convertJSArrayToNumberVector<float>(a); }
template <auto Method>
std::string with_floats(SessionHandle& h, const val& a) { return (h.*Method)(floats(a)); }
// A CsvBytes' bytes as a Uint8Array view into the heap, for JavaScript to write the file into.
val bytes_view(descent::CsvBytes& b) {
  return val(emscripten::typed_memory_view(b.size(), reinterpret_cast<unsigned char*>(b.data())));
}
std::string evaluate_loss(const std::string& spec, const val& pred, const val& target) {
  return descent::evaluate_loss_json(spec, floats(pred), floats(target));
}

}  // namespace

EMSCRIPTEN_BINDINGS(descent) {
  using namespace emscripten;
  value_object<descent::Reply>("Reply").field("error", &descent::Reply::error).field("json", &descent::Reply::json);

  function("version", &descent::engine_version);
  function("arch", &descent::engine_arch);
  function("kernelProbe", &descent::engine_probe);
  function("registryJson", &descent::registry_json);
  function("validateJson", &descent::validate_spec, allow_raw_pointers());
  function("evaluateLoss", &evaluate_loss);
  function("csvPreview", &descent::preview_csv);
  function("checkChunk", &descent::check_chunk);

  class_<descent::CsvBytes>("CsvBytes").constructor<double>().function("view", &bytes_view);

  class_<SessionHandle>("RawSession")
      .class_function("open", &SessionHandle::open, allow_raw_pointers())
      .function("ok", &SessionHandle::ok)
      .function("errorsJson", &SessionHandle::errors_json)
      .function("invalidResultJson", &SessionHandle::invalid_result_json)
      .function("run", &SessionHandle::run)
      .function("runEpoch", &SessionHandle::run_epoch)
      .function("status", &SessionHandle::status)
      .function("message", &SessionHandle::message)
      .function("steps", &SessionHandle::steps)
      .function("epochs", &SessionHandle::epochs)
      .function("samplesSeen", &SessionHandle::samples_seen)
      .function("totalSteps", &SessionHandle::total_steps)
      .function("stepsPerEpoch", &SessionHandle::steps_per_epoch)
      .function("batchSize", &SessionHandle::batch_size)
      .function("numParams", &SessionHandle::num_params)
      .function("inputs", &SessionHandle::inputs)
      .function("outputs", &SessionHandle::outputs)
      .function("lr", &SessionHandle::lr)
      .function("lastLoss", &SessionHandle::last_loss)
      .function("setLr", &SessionHandle::set_lr)
      .function("params", &as_view<&SessionHandle::params>)
      .function("gradient", &as_view<&SessionHandle::gradient>)
      .function("gradientHere", &as_view<&SessionHandle::gradient_here>)
      .function("velocity", &as_view<&SessionHandle::velocity>)
      .function("setParams", &with_floats<&SessionHandle::set_params>)
      .function("history", &SessionHandle::history)
      .function("historyLoss", &as_view<&SessionHandle::history_loss>)
      .function("historyGradNorm", &as_view<&SessionHandle::history_grad_norm>)
      .function("historyLr", &as_view<&SessionHandle::history_lr>)
      .function("historyUpdateNorm", &as_view<&SessionHandle::history_update_norm>)
      .function("historyStepSize", &as_view<&SessionHandle::history_step_size>)
      .function("historyPenalty", &as_view<&SessionHandle::history_penalty>)
      .function("historyTrials", &as_view<&SessionHandle::history_trials>)
      .function("historyLayerGradNorm", &as_view<&SessionHandle::history_layer_grad_norm>)
      .function("trajectory", &SessionHandle::trajectory)
      .function("trajectoryPoints", &as_view<&SessionHandle::trajectory_points>)
      .function("trajectoryValues", &as_view<&SessionHandle::trajectory_values>)
      .function("trialsJson", &SessionHandle::trials_json)
      .function("explain", &SessionHandle::explain)
      .function("chainRule", &SessionHandle::chain_rule)
      .function("predict", &with_floats<&SessionHandle::predict>)
      .function("grid", &SessionHandle::grid)
      .function("output", &as_view<&SessionHandle::output>)
      .function("unitGrid", &SessionHandle::unit_grid)
      .function("landscape", &SessionHandle::landscape)
      .function("landscapeValues", &as_view<&SessionHandle::landscape_values>)
      .function("landscapePath", &as_view<&SessionHandle::landscape_path>)
      .function("lrFinder", &SessionHandle::lr_finder)
      .function("metricsJson", &SessionHandle::metrics_json)
      .function("resultJson", &SessionHandle::result_json)
      .function("problemJson", &SessionHandle::problem_json)
      .function("trainX", &as_view<&SessionHandle::train_x>)
      .function("trainY", &as_view<&SessionHandle::train_y>)
      .function("validationX", &as_view<&SessionHandle::validation_x>)
      .function("validationY", &as_view<&SessionHandle::validation_y>)
      .function("trainXn", &as_view<&SessionHandle::train_xn>)
      .function("validationXn", &as_view<&SessionHandle::validation_xn>)
      .function("batchOrder", &SessionHandle::batch_order)
      .function("order", &as_view<&SessionHandle::order>);
}
