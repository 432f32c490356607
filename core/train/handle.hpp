// A session as a language binding holds it (bindings/embind.cpp maps these names, nothing else):
// opened from text (or the issues why it could not be), every argument checked here with core's
// message (call_args.hpp), small results as JSON (result.hpp), large ones as spans into memory
// that stays valid until the next call on the handle, so a binding can copy them out as typed
// arrays. Numbers cross as doubles, as JavaScript has them: every count is exact (below 2^53).
// Not here: training (session.hpp), anything about JavaScript.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/train/landscape.hpp"
#include "core/train/session.hpp"
#include "core/util/span.hpp"

namespace descent {

/// The answer of a call that checks its arguments: error (core's message; empty when the call was
/// made) and its JSON result.
struct Reply {
  std::string error;
  std::string json;
};

/// Engine facts: "0.1.0", the SIMD architecture ("wasm", "sse2"), the kernel probe hash.
std::string engine_version();
std::string engine_arch();
std::string engine_probe();
/// A CSV's bytes in the engine's memory, held once: a binding makes one of the file's size, writes
/// the bytes through data() (a JavaScript view), passes it to open/validate (which take the bytes
/// over, never copying them, and free them once the data is loaded) or preview (which reads them
/// in place), and deletes it. Past DataLimits::max_csv_bytes it keeps one byte more than the
/// limit, enough for the parser to say the file is too large.
class CsvBytes {
 public:
  explicit CsvBytes(double size);
  char* data() { return bytes_.data(); }
  std::size_t size() const { return bytes_.size(); }
  std::string_view view() const { return bytes_; }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

/// validate_json (run.hpp) with the CSV given beside the spec, or none (nullptr).
std::string validate_spec(const std::string& spec, CsvBytes* csv);
/// "" when chunk (steps between progress reports) is an integer in [1, 10^7], else why not.
std::string check_chunk(double chunk);
/// A CSV preview (csv_preview.hpp) after checking header (auto | yes | no, or a JSON object of the
/// spec's CSV data fields, which csv_preview_json checks) and rows ([0, 1000]).
Reply preview_csv(const CsvBytes& csv, const std::string& header, double rows);

class SessionHandle {
 public:
  /// Never null: a handle that failed to open has ok() false and says why.
  /// csv: the CSV given beside the spec (nullptr: none); its bytes are taken over (csv is left
  /// empty) and freed once the data is loaded.
  static SessionHandle* open(const std::string& spec, CsvBytes* csv);
  bool ok() const { return s_ != nullptr; }
  /// [{ path, message }] of a handle that did not open.
  std::string errors_json() const;
  /// { status: "invalid", message, errors } of a handle that did not open.
  std::string invalid_result_json() const;

  /// Runs k steps (an integer in [0, 10^7]); "" or why not.
  std::string run(double k);
  std::string run_epoch();  // the status after it
  std::string status() const { return status_name(s_->status()); }
  std::string message() const { return s_->message(); }
  double steps() const { return double(s_->steps()); }
  double epochs() const { return double(s_->epochs()); }
  double samples_seen() const { return double(s_->samples_seen()); }
  double total_steps() const { return double(s_->total_steps()); }
  double steps_per_epoch() const { return double(s_->steps_per_epoch()); }
  double batch_size() const { return double(s_->batch_size()); }
  double num_params() const { return double(s_->num_params()); }
  double inputs() const { return double(s_->inputs()); }
  double outputs() const { return double(s_->outputs()); }
  double lr() const { return s_->lr(); }
  /// The loss of the newest history point (NaN before the first step).
  double last_loss() const;
  std::string set_lr(double lr) { return s_->set_lr(lr).message(); }

  Span<const float> params() const { return s_->params(); }
  Span<const float> gradient() const { return s_->gradient(); }
  Span<const float> gradient_here();
  Span<const float> velocity();
  std::string set_params(const std::vector<float>& p) { return s_->set_params(p.data(), p.size()).message(); }

  /// The history from point `since` and epoch record `epochs_since` on: history_json; the
  /// per-step series below then start at that point.
  Reply history(double since, double epochs_since);
  Span<const float> history_loss() const { return tail(s_->history().loss); }
  Span<const float> history_grad_norm() const { return tail(s_->history().grad_norm); }
  Span<const float> history_lr() const { return tail(s_->history().lr); }
  Span<const float> history_update_norm() const { return tail(s_->history().update_norm); }
  Span<const float> history_step_size() const { return tail(s_->history().step_size); }
  Span<const float> history_penalty() const { return tail(s_->history().penalty); }
  Span<const std::int32_t> history_trials() const { return tail(s_->history().trials); }
  /// The per-layer gradient norms from the same point on, layer after layer: (layers, points)
  /// with layers and points as history_json says. A copy, valid until the next call.
  Span<const float> history_layer_grad_norm();

  /// The trajectory from point `since` on: { stride, start }; the points and values below then
  /// start there.
  Reply trajectory(double since);
  Span<const float> trajectory_points() const;
  Span<const double> trajectory_values() const;
  std::string trials_json() const;
  /// explain(i) for a parameter index i.
  Reply explain(double i) const;

  /// The chain rule of training row `sample` for parameter i at the current parameters
  /// (chain_rule.hpp): chain_rule_json.
  Reply chain_rule(double sample, double i);

  /// predict / grid (session.hpp) into output(); "" or why not. x: (rows, inputs), at most 10^6 rows.
  std::string predict(const std::vector<float>& x);
  std::string grid(double x0, double x1, double y0, double y1, double resolution);
  Span<const float> output() const { return out_; }
  /// What every unit of the model outputs on a resolution x resolution grid over [x0, x1] x [y0, y1]
  /// of raw inputs (outputs.hpp unit_outputs, at grid_points): { resolution, layers: [widths] };
  /// the values (units, resolution^2) then in output(). Models with 2 inputs only.
  Reply unit_grid(double x0, double x1, double y0, double y1, double resolution);

  /// The landscape for options { axes, range, resolution, rows: [begin, end], box: [x0, x1, y0, y1] }
  /// (JSON, every key optional): landscape_json; values and path below.
  Reply landscape(const std::string& options_json);
  Span<const float> landscape_values() const { return landscape_.values; }
  Span<const float> landscape_path() const { return landscape_.path; }
  /// The LR finder for options { minLr, maxLr, steps } (JSON, every key optional): lr_finder_json.
  Reply lr_finder(const std::string& options_json);

  std::string metrics_json();
  std::string result_json();
  std::string problem_json() const;

  /// The data as loaded (before normalization) and as the model sees it (normalized features).
  Span<const float> train_x() const { return s_->problem().train_x_raw; }
  Span<const float> train_y() const { return s_->problem().train.y; }
  Span<const float> validation_x() const { return s_->problem().validation_x_raw; }
  Span<const float> validation_y() const { return s_->problem().validation.y; }
  Span<const float> train_xn() const { return s_->problem().train.x; }
  Span<const float> validation_xn() const { return s_->problem().validation.x; }

  /// The batch order of `epochs` epochs (an integer in [0, 10^5], at most 5 x 10^7 indices) into order().
  std::string batch_order(double epochs);
  Span<const std::uint32_t> order() const { return order_; }

 private:
  template <class T>
  Span<const T> tail(const std::vector<T>& v) const {
    const std::size_t from = std::min(history_start_, v.size());
    return Span<const T>(v.data() + from, v.size() - from);
  }
  std::unique_ptr<Session> s_;
  Issues issues_;
  std::size_t history_start_ = 0, trajectory_start_ = 0;
  std::vector<float> out_, here_, velocity_, layer_norms_;
  std::vector<std::uint32_t> order_;
  Landscape landscape_;
};

}  // namespace descent
