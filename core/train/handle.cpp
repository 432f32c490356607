// See handle.hpp.
#include "core/train/handle.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/data/csv_preview.hpp"
#include "core/data/dataset.hpp"
#include "core/simd/arch.hpp"
#include "core/simd/probe.hpp"
#include "core/train/call_args.hpp"
#include "core/train/chain_rule.hpp"
#include "core/train/lr_finder.hpp"
#include "core/train/outputs.hpp"
#include "core/train/result.hpp"
#include "core/train/run.hpp"
#include "core/util/json.hpp"

namespace descent {
namespace {

Reply refused(const Status& st) { return {st.message(), std::string()}; }

// The options object of a call ({ "resolution": 41, "rows": [0, 8] }): every key optional, each
// read once with its type checked; a key nobody reads is refused (a typo would be ignored silently).
class Options {
 public:
  explicit Options(const std::string& text) {
    st_ = parse_json(text, j_);
    if (st_.ok() && !j_.is_object()) st_ = Status::Error("options must be an object, got " + std::string(json_type_name(j_.type())));
  }
  void number(const char* key, double& out) {
    if (const Json* v = get(key)) {
      if (v->is_number()) out = v->as_number();
      else fail(std::string(key) + " must be a number, got " + json_type_name(v->type()));
    }
  }
  void string(const char* key, std::string& out) {
    if (const Json* v = get(key)) {
      if (v->is_string()) out = v->as_string();
      else fail(std::string(key) + " must be a string, got " + json_type_name(v->type()));
    }
  }
  /// An array of exactly n numbers ("rows must be an array of 2 numbers [begin, end]").
  bool numbers(const char* key, std::size_t n, const char* shape, double* out) {
    const Json* v = get(key);
    if (!v) return false;
    bool good = v->is_array() && v->items().size() == n;
    for (std::size_t i = 0; good && i < n; ++i) good = v->items()[i].is_number();
    if (!good) {
      fail(std::string(key) + " must be an array of " + std::to_string(n) + " numbers " + shape);
      return false;
    }
    for (std::size_t i = 0; i < n; ++i) out[i] = v->items()[i].as_number();
    return true;
  }
  /// Ok, or the first problem (a syntax error, a wrong type, a key nobody read).
  Status finish() {
    if (st_.ok())
      for (const Json::Member& m : j_.members())
        if (!read_.count(m.first)) return Status::Error(quoted(m.first) + " is not an option here (known: " + known() + ")");
    return st_;
  }

 private:
  const Json* get(const char* key) {
    read_.insert(key);
    return st_.ok() ? j_.find(key) : nullptr;
  }
  void fail(const std::string& why) {
    if (st_.ok()) st_ = Status::Error(why);
  }
  std::string known() const {
    std::string r;
    for (const std::string& k : read_) r += (r.empty() ? "" : ", ") + k;
    return r;
  }
  Json j_;
  Status st_;
  std::set<std::string> read_;
};

}  // namespace

std::string engine_version() { return DESCENT_VERSION; }
std::string engine_arch() { return simd::arch_name(); }
std::string engine_probe() { return kernel_probe().hash; }

CsvBytes::CsvBytes(double size)
    : bytes_(std::size_t(std::min(size > 0 ? size : 0.0, double(DataLimits::max_csv_bytes) + 1)), '\0') {}

std::string validate_spec(const std::string& spec, CsvBytes* csv) {
  return csv ? validate_json_taking(spec, std::move(csv->bytes())) : validate_json(spec, nullptr);
}

std::string check_chunk(double chunk) { return check_arg(call_args::chunk(), chunk).message(); }

Reply preview_csv(const CsvBytes& csv, const std::string& header, double rows) {
  // header: a header mode, or a JSON object of CSV data fields (csv_preview.hpp checks those).
  Status st = header.rfind('{', 0) == 0 ? Status::Ok() : check_arg(call_args::preview_header(), header);
  if (st.ok()) st = check_arg(call_args::preview_rows(), rows);
  if (!st.ok()) return refused(st);
  return {std::string(), csv_preview_json(csv.view(), header, std::size_t(rows))};
}

SessionHandle* SessionHandle::open(const std::string& spec, CsvBytes* csv) {
  auto* h = new SessionHandle();
  h->s_ = csv ? open_session_taking(spec, std::move(csv->bytes()), h->issues_) : open_session(spec, nullptr, h->issues_);
  return h;
}

std::string SessionHandle::errors_json() const { return to_json(issues_to_json(issues_)); }
std::string SessionHandle::invalid_result_json() const { return descent::invalid_result_json(issues_); }

std::string SessionHandle::run(double k) {
  const Status st = check_arg(call_args::steps(), k);
  if (st.ok()) s_->run(std::int64_t(k));
  return st.message();
}

std::string SessionHandle::run_epoch() { return status_name(s_->run_epoch()); }

double SessionHandle::last_loss() const {
  const History& h = s_->history();
  return h.size() ? double(h.loss.back()) : NAN;
}

Span<const float> SessionHandle::gradient_here() {
  here_ = s_->gradient_here();
  return here_;
}

Span<const float> SessionHandle::velocity() {
  velocity_ = s_->velocity();
  return velocity_;
}

Reply SessionHandle::history(double since, double epochs_since) {
  Status st = check_arg(call_args::since(), since);
  if (st.ok()) st = check_arg(call_args::epochs_since(), epochs_since);
  if (!st.ok()) return refused(st);
  history_start_ = std::min(std::size_t(since), s_->history().size());
  return {std::string(), history_json(*s_, history_start_, std::size_t(epochs_since))};
}

Span<const float> SessionHandle::history_layer_grad_norm() {
  const History& h = s_->history();
  layer_norms_.clear();
  for (const std::vector<float>& v : h.layer_grad_norm) {
    const Span<const float> t = tail(v);
    layer_norms_.insert(layer_norms_.end(), t.begin(), t.end());
  }
  return layer_norms_;
}

Reply SessionHandle::trajectory(double since) {
  const Status st = check_arg(call_args::since(), since);
  if (!st.ok()) return refused(st);
  const Trajectory& t = s_->trajectory();
  trajectory_start_ = std::min(std::size_t(since), t.points().size() / 2);
  JsonWriter w;
  w.begin_object();
  w.key("stride");
  w.value_int(std::int64_t(t.stride()));
  w.key("start");
  w.value_int(std::int64_t(trajectory_start_));
  w.end_object();
  return {std::string(), w.take()};
}

Span<const float> SessionHandle::trajectory_points() const {
  const std::vector<float>& p = s_->trajectory().points();
  return Span<const float>(p.data() + 2 * trajectory_start_, p.size() - 2 * trajectory_start_);
}

Span<const double> SessionHandle::trajectory_values() const {
  const std::vector<double>& v = s_->trajectory().values();
  const std::size_t from = std::min(trajectory_start_, v.size());
  return Span<const double>(v.data() + from, v.size() - from);
}

std::string SessionHandle::trials_json() const { return descent::trials_json(*s_); }

Reply SessionHandle::explain(double i) const {
  const Status st = check_index("i", i, s_->num_params());
  if (!st.ok()) return refused(st);
  return {std::string(), explain_json(s_->explain(std::size_t(i)))};
}

Reply SessionHandle::chain_rule(double sample, double i) {
  ModelObjective* m = s_->model_objective();
  ChainRule c;
  const Status st = m ? descent::chain_rule(s_->problem(), m->model(), s_->params(), sample, i, c)
                      : Status::Error("the chain rule needs a model: a test function has no layers");
  if (!st.ok()) return refused(st);
  return {std::string(), chain_rule_json(c)};
}

std::string SessionHandle::predict(const std::vector<float>& x) {
  const std::size_t d = s_->inputs();
  if (x.size() % d != 0)
    return "x must hold rows of " + std::to_string(d) + " values; its length " + std::to_string(x.size()) +
           " is not a multiple of " + std::to_string(d);
  if (double(x.size() / d) > call_args::kMaxPredictRows)
    return "x has more than " + format_number(call_args::kMaxPredictRows) + " rows; predict in chunks";
  return s_->predict(x.data(), x.size() / d, out_).message();
}

std::string SessionHandle::grid(double x0, double x1, double y0, double y1, double resolution) {
  const Status st = check_arg(call_args::grid_resolution(), resolution);
  if (!st.ok()) return st.message();
  return s_->grid(x0, x1, y0, y1, std::size_t(resolution), out_).message();
}

Reply SessionHandle::unit_grid(double x0, double x1, double y0, double y1, double resolution) {
  Status st = check_arg(call_args::grid_resolution(), resolution);
  ModelObjective* m = s_->model_objective();
  if (st.ok() && !m) st = Status::Error("unitGrid needs a model: a test function has no units");
  if (st.ok() && s_->inputs() != 2)
    st = Status::Error("unitGrid needs a model with 2 inputs; this one has " + std::to_string(s_->inputs()));
  const std::size_t res = st.ok() ? std::size_t(resolution) : 0;
  std::vector<float> pts;
  if (st.ok()) st = grid_points(x0, x1, y0, y1, res, pts);
  if (st.ok()) st = unit_outputs(s_->problem(), m->model(), s_->params(), pts.data(), res * res, out_);
  if (!st.ok()) return refused(st);
  JsonWriter w;
  w.begin_object();
  w.key("resolution");
  w.value_int(std::int64_t(res));
  w.key("layers");
  w.begin_array();
  for (const Layer& L : m->model().layers()) w.value_int(std::int64_t(L.out));
  w.end_array();
  w.end_object();
  return {std::string(), w.take()};
}

Reply SessionHandle::landscape(const std::string& options_json) {
  LandscapeConfig c;
  Options o(options_json);
  o.string("axes", c.axes);
  o.number("range", c.range);
  o.number("resolution", c.resolution);
  double rows[2], box[4];
  if (o.numbers("rows", 2, "[begin, end]", rows)) {
    c.row_begin = rows[0];
    c.row_end = rows[1];
  }
  if (o.numbers("box", 4, "[x0, x1, y0, y1]", box)) {
    c.x0 = box[0];
    c.x1 = box[1];
    c.y0 = box[2];
    c.y1 = box[3];
  }
  Status st = o.finish();
  if (st.ok()) st = descent::landscape(*s_, c, landscape_);
  if (!st.ok()) return refused(st);
  return {std::string(), landscape_json(landscape_)};
}

Reply SessionHandle::lr_finder(const std::string& options_json) {
  LrFinderConfig c;
  Options o(options_json);
  o.number("minLr", c.min_lr);
  o.number("maxLr", c.max_lr);
  o.number("steps", c.steps);
  Status st = o.finish();
  LrFinderResult r;
  if (st.ok()) st = descent::lr_finder(*s_, c, r);
  if (!st.ok()) return refused(st);
  return {std::string(), lr_finder_json(r)};
}

std::string SessionHandle::metrics_json() { return descent::metrics_json(*s_); }
std::string SessionHandle::result_json() { return descent::result_json(*s_); }
std::string SessionHandle::problem_json() const { return descent::problem_json(*s_); }

std::string SessionHandle::batch_order(double epochs) {
  Status st = check_arg(call_args::order_epochs(), epochs);
  if (st.ok() && epochs * double(s_->problem().train.n) > call_args::kMaxBatchOrder)
    st = Status::Error("batch order: " + format_number(epochs) + " epochs of " + std::to_string(s_->problem().train.n) +
                       " rows are more than " + format_number(call_args::kMaxBatchOrder) + " indices");
  if (!st.ok()) return st.message();
  order_ = s_->batch_order(std::int64_t(epochs));
  return std::string();
}

}  // namespace descent
