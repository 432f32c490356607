// The spec parser/validator: defaults, ranges from the registries, unknown fields rejected, every
// problem reported with its path. See spec.hpp.
#include "core/spec/spec.hpp"

#include <algorithm>
#include <cmath>
#include <cassert>
#include <set>

#include "core/data/dataset.hpp"
#include "core/data/generators.hpp"
#include "core/functions/function.hpp"
#include "core/loss/registry.hpp"
#include "core/model/registry.hpp"
#include "core/optim/line_search.hpp"
#include "core/optim/optimizer.hpp"
#include "core/optim/schedule.hpp"

namespace descent {
namespace {

std::string join_ids(const std::vector<std::string>& ids) {
  std::string r;
  for (std::size_t i = 0; i < ids.size(); ++i) r += (i ? ", " : "") + ids[i];
  return r;
}

std::string type_of(const Json& j) { return json_type_name(j.type()); }

// Reads the members of one JSON object, type-checks them, and reports the ones nobody asked for.
class Reader {
 public:
  Reader(const Json* j, std::string path, Issues& issues) : j_(j), path_(std::move(path)), issues_(issues) {
    if (j_ && !j_->is_object()) {
      issues_.push_back({path_, where() + " must be an object, got " + type_of(*j_)});
      j_ = nullptr;
    }
  }
  bool present() const { return j_ != nullptr; }
  std::string at(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  std::string where() const { return path_.empty() ? "the spec" : path_; }
  Issues& issues() { return issues_; }

  const Json* get(const std::string& key) {
    used_.insert(key);
    return j_ ? j_->find(key) : nullptr;
  }
  bool has(const std::string& key) const { return j_ && j_->find(key) != nullptr; }

  void fail(const std::string& key, const std::string& what) { issues_.push_back({at(key), at(key) + " " + what}); }

  bool number(const std::string& key, double& out, double lo, double hi, bool lo_open = false) {
    const Json* v = get(key);
    if (!v) return false;
    if (!v->is_number()) { fail(key, "must be a number, got " + type_of(*v)); return false; }
    const double d = v->as_number();
    if ((lo_open ? !(d > lo) : !(d >= lo)) || !(d <= hi)) {
      fail(key, std::string("must be in ") + (lo_open ? "(" : "[") + format_number(lo) + ", " +
                    (std::isinf(hi) ? "inf)" : format_number(hi) + "]") + ", got " + format_number(d));
      return false;
    }
    out = d;
    return true;
  }
  template <class Int>
  bool integer(const std::string& key, Int& out, std::int64_t lo, std::int64_t hi) {
    const Json* v = get(key);
    if (!v) return false;
    if (!v->is_number() || v->as_number() != std::floor(v->as_number())) {
      fail(key, "must be an integer, got " + (v->is_number() ? format_number(v->as_number()) : type_of(*v)));
      return false;
    }
    const double d = v->as_number();
    if (d < double(lo) || d > double(hi)) {
      fail(key, "must be an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got " + format_number(d));
      return false;
    }
    out = Int(d);
    return true;
  }
  bool boolean(const std::string& key, bool& out) {
    const Json* v = get(key);
    if (!v) return false;
    if (!v->is_bool()) { fail(key, "must be true or false, got " + type_of(*v)); return false; }
    out = v->as_bool();
    return true;
  }
  bool string(const std::string& key, std::string& out, std::size_t max_len = 256) {
    const Json* v = get(key);
    if (!v) return false;
    if (!v->is_string()) { fail(key, "must be a string, got " + type_of(*v)); return false; }
    if (v->as_string().size() > max_len) { fail(key, "is longer than " + std::to_string(max_len) + " characters"); return false; }
    out = v->as_string();
    return true;
  }
  bool choice(const std::string& key, std::string& out, const std::vector<std::string>& choices) {
    std::string s;
    if (!string(key, s)) return false;
    if (std::find(choices.begin(), choices.end(), s) == choices.end()) {
      fail(key, "must be one of " + join_ids(choices) + ", got " + quoted(s));
      return false;
    }
    out = s;
    return true;
  }

  /// Reports members that were never asked for.
  void finish() {
    if (!j_) return;
    std::vector<std::string> known(used_.begin(), used_.end());
    for (const Json::Member& m : j_->members())
      if (!used_.count(m.first))
        issues_.push_back({at(m.first), at(escaped(m.first)) + " is not a known field" +
                                            (known.empty() ? std::string() : " (known: " + join_ids(known) + ")")});
  }

 private:
  const Json* j_;
  std::string path_;
  Issues& issues_;
  std::set<std::string> used_;
};

// The scalar fields of the spec itself, as ParamSpecs: the one source of their defaults and
// ranges for the reader below, the registry JSON (the UI's controls) and docs/spec.md.
ParamSpec num_field(const char* name, const char* label, double def, double lo, double hi, ParamType t,
                    const char* help, bool log = false, double ui_lo = 0, double ui_hi = 0) {
  ParamSpec p = t == ParamType::boolean ? boolean_param(name, label, def != 0, help)
                : t == ParamType::integer ? integer_param(name, label, def, lo, hi, help)
                                          : number_param(name, label, def, lo, hi, help);
  p.log = log;
  p.ui_min = ui_lo;
  p.ui_max = ui_hi;
  return p;
}

template <class Entry>
std::vector<std::string> ids_of(const std::vector<Entry>& reg) {
  std::vector<std::string> ids;
  for (const Entry& e : reg) ids.push_back(e.id);
  return ids;
}

}  // namespace

const std::vector<ParamSpec>& spec_fields() {
  using T = ParamType;
  static const std::vector<ParamSpec> f = {
      num_field("seed", "seed", 42, 0, 9007199254740991.0, T::integer, "Initial parameters, batch order, dropout (and data unless data.seed is set)."),
      choice_param("data.source", "data source", {"synthetic", "csv", "inline", "function"}, "synthetic", "Where the rows come from: a generator, a CSV file, arrays in the spec, or a 2-D test function (function mode)."),
      num_field("data.seed", "data seed", 42, 0, 9007199254740991.0, T::integer, "The data and the train/validation split (default: the spec's seed; pin it to keep the data while changing seed)."),
      choice_param("data.generator", "generator", ids_of(generator_registry()), "blobs", "synthetic: the generator (its parameters sit next to it in data)."),
      choice_param("data.function", "function", ids_of(function_registry()), "rosenbrock", "function: the test function (its parameters sit next to it in data)."),
      // How a CSV is read (core/data/dialect.hpp); "auto" and -1 are guessed from the file (docs/data-inference.md).
      choice_param("data.header", "header row", {"auto", "yes", "no"}, "auto", "csv: whether the first row (after skipped lines) names the columns."),
      choice_param("data.delimiter", "separator", {"auto", ",", ";", "\t", "|"}, "auto", "csv: the field separator (auto also reads an Excel sep= first line)."),
      choice_param("data.decimal", "decimal separator", {"auto", ".", ","}, "auto", "csv: ',' reads 3,5 as 3.5 (needs a separator other than ',')."),
      choice_param("data.quote", "quote", {"auto", "\"", "'"}, "auto", "csv: the character that quotes a field."),
      num_field("data.skip_rows", "skip lines", -1, -1, double(DataLimits::max_rows), T::integer, "csv: lines before the header, after an Excel sep= line (-1 = guess)."),
      choice_param("data.encoding", "encoding", {"auto", "utf-8", "windows-1252"}, "auto", "csv: auto reads UTF-8, or Windows-1252 (with a note) when the bytes are not UTF-8."),
      choice_param("data.task", "task", {"auto", "regression", "classification"}, "auto", "csv and inline: what the target is (auto: a classifier model or loss means classification; a csv target of text labels or a few distinct integers is classes, see docs/data-inference.md)."),
      choice_param("preprocess.normalize", "normalize inputs", {"zscore", "minmax", "none"}, "none", "zscore: (x - mean) / std per feature; minmax: to [0, 1]; fitted on the training split only, applied to both. csv: zscore unless given, and a regression target is standardized for training too (metrics and predictions stay in its units)."),
      num_field("preprocess.validation_split", "validation split", 0, 0, 0.9, T::number, "Fraction of rows held out (seeded, stratified for classes).", false, 0, 0.5),
      choice_param("model.kind", "model", ids_of(model_registry()), "linear", "The model (every kind is an MLP; only mlp has hidden layers). csv: from the task unless given (logistic, softmax or linear)."),
      choice_param("model.activation", "hidden activation", ids_of(activation_registry()), "tanh", "mlp: the non-linearity of every hidden layer."),
      choice_param("model.init", "initialization", ids_of(init_registry()), "xavier_uniform", "How the weights start (torch.nn.init names)."),
      num_field("model.hidden.length", "hidden layers", 2, 0, double(SpecLimits::max_hidden_layers), T::integer, "Number of hidden layers (mlp)."),
      num_field("model.hidden[]", "layer width", 8, 1, double(SpecLimits::max_width), T::integer, "Units in a hidden layer (mlp).", false, 1, 256),
      num_field("model.dropout", "dropout", 0, 0, 0.9, T::number, "mlp: probability of zeroing a hidden unit during training (inverted dropout, as torch.nn.Dropout)."),
      num_field("training.batch_size", "batch size", 32, 0, double(DataLimits::max_rows), T::integer, "Rows per step; 0 = full batch, 1 = stochastic; the last, shorter batch of an epoch is used.", false, 0, 512),
      num_field("training.epochs", "epochs", 100, 1, double(SpecLimits::max_epochs), T::integer, "Passes over the training data.", true, 1, 10000),
      num_field("training.steps", "steps", 0, 0, double(SpecLimits::max_steps), T::integer, "Stop after this many optimizer steps (0 = use epochs; function mode: 200).", true, 0, 100000),
      num_field("training.shuffle", "shuffle", 1, 0, 1, T::boolean, "Reshuffle the rows every epoch (seeded). false: mini-batches take the rows in the order of the data (with a validation split, the training rows keep their order)."),
      num_field("training.l1", "L1 penalty", 0, 0, 100, T::number, "l1 * sum |w| over weights (not biases), added to the loss and its gradient; reported as history.penalty.", false, 0, 0.1),
      num_field("training.l2", "L2 penalty", 0, 0, 100, T::number, "l2 * sum w^2 over weights (not biases), added to the loss and its gradient; reported as history.penalty.", false, 0, 0.1),
      num_field("training.clip_norm", "clip gradient norm", 0, 0, 1e9, T::number, "Rescale the gradient to at most this global norm, after clip_value (0 = off; torch.nn.utils.clip_grad_norm_).", false, 0, 10),
      num_field("training.clip_value", "clip gradient value", 0, 0, 1e9, T::number, "Clamp every gradient component to [-v, v] (0 = off; torch.nn.utils.clip_grad_value_).", false, 0, 10),
      num_field("training.early_stopping", "early stopping", 0, 0, 1, T::boolean, "Stop when the monitored loss (validation, else training) has not improved by min_delta for patience epochs: true, or { patience, min_delta, restore_best }."),
      num_field("training.early_stopping.patience", "patience", 10, 1, 100000, T::integer, "Epochs without improvement before stopping.", false, 1, 100),
      num_field("training.early_stopping.min_delta", "min delta", 0, 0, 1e9, T::number, "Improvement smaller than this does not count."),
      num_field("training.early_stopping.restore_best", "restore best", 1, 0, 1, T::boolean, "Go back to the best parameters when stopping."),
      num_field("training.tolerance.loss_delta", "loss tolerance", 0, 0, 1e9, T::number, "Stop when the epoch loss changes less than this (0 = off)."),
      num_field("training.tolerance.grad_norm", "gradient tolerance", 0, 0, 1e9, T::number, "Stop when the gradient norm is below this (0 = off)."),
      choice_param("training.metrics", "metrics", {"epoch", "end", "none"}, "epoch", "When train/validation metrics are computed."),
      num_field("training.history_limit", "history limit", 100000, 100, double(SpecLimits::max_history), T::integer, "Per-step points kept; beyond, the series are decimated by 2 (history.stride)."),
  };
  return f;
}

const ParamSpec& spec_field(const std::string& name) {
  for (const ParamSpec& p : spec_fields())
    if (p.name == name) return p;
  static const ParamSpec none;
  assert(false && "unknown spec field");
  return none;
}

namespace {

// Reads one scalar spec field under reader r (key = the last part of its dotted name).
template <class Out>
bool read_field(Reader& r, const std::string& key, const std::string& field, Out& out) {
  const ParamSpec& p = spec_field(field);
  const Json* v = r.get(key);
  if (!v) return false;
  if (p.type == ParamType::boolean) {
    if (!v->is_bool()) { r.fail(key, "must be true or false, got " + type_of(*v)); return false; }
    out = Out(v->as_bool());
    return true;
  }
  if (!v->is_number()) { r.fail(key, "must be a number, got " + type_of(*v)); return false; }
  if (!check_param(p, v->as_number(), r.at(key), r.issues())) return false;
  out = Out(v->as_number());
  return true;
}

bool read_choice_field(Reader& r, const std::string& key, const std::string& field, std::string& out) {
  return r.choice(key, out, spec_field(field).choices);
}

// Reads the registry params of a component (loss, optimizer, ...) from r into values.
void read_params(Reader& r, const std::vector<ParamSpec>& specs, const std::string& kind, ParamValues& values) {
  values = defaults(specs);
  for (const ParamSpec& p : specs) {
    const Json* v = r.get(p.name);
    if (!v) {
      if (p.required) r.fail(p.name, "is required for " + kind);
      continue;
    }
    switch (p.type) {
      case ParamType::boolean:
        if (!v->is_bool()) r.fail(p.name, "must be true or false, got " + type_of(*v));
        else values.num[p.name] = v->as_bool() ? 1.0 : 0.0;
        break;
      case ParamType::choice:
        if (!v->is_string()) r.fail(p.name, "must be a string, got " + type_of(*v));
        else if (check_choice(p, v->as_string(), r.at(p.name), r.issues())) values.str[p.name] = v->as_string();
        break;
      case ParamType::number:
      case ParamType::integer:
        if (!v->is_number()) r.fail(p.name, "must be a number, got " + type_of(*v));
        else if (check_param(p, v->as_number(), r.at(p.name), r.issues())) values.num[p.name] = v->as_number();
        break;
    }
  }
}

// A registry component: { "kind": id, ...params }. A bare string is accepted as { "kind": s }.
template <class Entry, class Find>
const Entry* read_component(const Json* j, const std::string& path, const std::string& what,
                            const std::vector<Entry>& reg, Find find, const std::string& def_kind,
                            ComponentSpec& out, Issues& issues) {
  out.kind = def_kind;
  out.given = j != nullptr;
  Json wrapped;
  if (j && j->is_string()) {
    wrapped = Json::object();
    wrapped.set("kind", *j);
    j = &wrapped;
  }
  Reader r(j, path, issues);
  std::string kind = def_kind;
  if (r.present() && !r.has("kind") && def_kind.empty()) r.fail("kind", "is required");
  // An explicit "kind": "" is an unknown id like any other (it used to pass validation and then
  // fail at run time, or silently fall back to a default).
  const bool kind_given = r.string("kind", kind, 64);
  const Entry* e = kind.empty() ? nullptr : find(kind);
  if ((kind_given || !kind.empty()) && !e) {
    issues.push_back({r.at("kind"), r.at("kind") + " " + quoted(kind) + " is not a known " + what + " (known: " + join_ids(ids_of(reg)) + ")"});
  }
  out.kind = kind;
  if (e) read_params(r, e->params, kind, out.params);
  if (e || !r.present()) r.finish();
  return e;
}

// ---- data -----------------------------------------------------------------------------------
void read_matrix(const Json* v, const std::string& path, bool allow_vector, std::vector<float>& out,
                 std::size_t& rows, std::size_t& cols, Issues& issues) {
  rows = cols = 0;
  if (!v->is_array()) { issues.push_back({path, path + " must be an array, got " + type_of(*v)}); return; }
  const auto& items = v->items();
  if (items.size() > SpecLimits::max_inline_rows) {
    issues.push_back({path, path + " has more than " + std::to_string(SpecLimits::max_inline_rows) + " rows"});
    return;
  }
  rows = items.size();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string p = path + "[" + std::to_string(i) + "]";
    const Json& row = items[i];
    std::size_t c = 0;
    if (row.is_number() && allow_vector) {
      c = 1;
      out.push_back(float(row.as_number()));
      if (!std::isfinite(out.back())) { issues.push_back({p, p + " is not a finite float32 number"}); return; }
    } else if (row.is_array()) {
      c = row.items().size();
      for (std::size_t k = 0; k < c; ++k) {
        const Json& e = row.items()[k];
        const std::string pk = p + "[" + std::to_string(k) + "]";
        if (!e.is_number()) { issues.push_back({pk, pk + " must be a number, got " + type_of(e)}); return; }
        out.push_back(float(e.as_number()));
        if (!std::isfinite(out.back())) { issues.push_back({pk, pk + " is not a finite float32 number"}); return; }
      }
    } else {
      issues.push_back({p, p + " must be " + std::string(allow_vector ? "a number or " : "") + "an array of numbers, got " + type_of(row)});
      return;
    }
    if (i == 0) cols = c;
    if (c != cols || c == 0) {
      issues.push_back({p, p + " has " + std::to_string(c) + " values; " + (c == 0 ? std::string("rows may not be empty") : path + "[0] has " + std::to_string(cols))});
      return;
    }
  }
}

// The CSV fields of a data object (see DataSpec::format, target, features, task).
void read_csv_fields(Reader& r, DataSpec& d, Issues& issues) {
  CsvFormat& f = d.format;
  read_choice_field(r, "header", "data.header", f.header);
  // One-character choices ("auto" stays 0: guessed), listed as JSON strings in messages, since
  // bare punctuation (, ; |) reads badly.
  auto read_char = [&](const char* key, const char* field, char& out) {
    std::string v;
    if (!r.string(key, v, 16)) return;
    const std::vector<std::string>& choices = spec_field(field).choices;
    if (std::find(choices.begin(), choices.end(), v) == choices.end()) {
      std::string list;
      for (const std::string& c : choices) list += (list.empty() ? "" : ", ") + json_quote(c);
      r.fail(key, "must be one of " + list + ", got " + json_quote(v));
      return;
    }
    out = v == "auto" ? 0 : v[0];
  };
  read_char("delimiter", "data.delimiter", f.delimiter);
  read_char("decimal", "data.decimal", f.decimal);
  read_char("quote", "data.quote", f.quote);
  if (f.decimal != 0 && f.decimal == f.delimiter)
    r.fail("decimal", "is ',' and so is data.delimiter; a decimal comma needs another separator (';' or tab)");
  std::int64_t skip = -1;
  if (read_field(r, "skip_rows", "data.skip_rows", skip)) f.skip_rows = skip;
  read_choice_field(r, "encoding", "data.encoding", f.encoding);
  if (const Json* t = r.get("target")) {
    if (t->is_string()) d.target = t->as_string();
    else if (t->is_number() && t->as_number() >= 1 && t->as_number() == std::floor(t->as_number()) && t->as_number() <= 1e6)
      d.target = format_number(t->as_number());
    else r.fail("target", "must be a column name or a 1-based column number, got " + (t->is_number() ? format_number(t->as_number()) : type_of(*t)));
  }
  if (const Json* f = r.get("features")) {
    if (!f->is_array()) r.fail("features", "must be an array of column names or numbers, got " + type_of(*f));
    else
      for (std::size_t i = 0; i < f->items().size(); ++i) {
        const Json& e = f->items()[i];
        if (e.is_string()) d.features.push_back(e.as_string());
        else if (e.is_number() && e.as_number() >= 1 && e.as_number() == std::floor(e.as_number()) && e.as_number() <= 1e6)
          d.features.push_back(format_number(e.as_number()));
        else issues.push_back({"data.features[" + std::to_string(i) + "]", "data.features[" + std::to_string(i) + "] must be a column name or a 1-based column number"});
      }
  }
  read_choice_field(r, "task", "data.task", d.task);
}

void read_data(const Json* j, Spec& s, Issues& issues) {
  DataSpec& d = s.data;
  Reader r(j, "data", issues);
  read_choice_field(r, "source", "data.source", d.source);
  std::int64_t seed = 0;
  if (read_field(r, "seed", "data.seed", seed)) { d.seed = std::uint64_t(seed); d.has_seed = true; }
  if (d.source == "synthetic") {
    std::string gen = "blobs";
    r.string("generator", gen, 64);
    const GeneratorEntry* g = find_generator(gen);
    if (!g) {
      r.fail("generator", quoted(gen) + " is not a known generator (known: " + join_ids(ids_of(generator_registry())) + ")");
    } else {
      d.generator = gen;
      read_params(r, g->params, gen, d.generator_params);
    }
    if (!g) return;  // unknown generator: its params cannot be checked
  } else if (d.source == "csv") {
    const bool has_path = r.has("path"), has_text = r.has("text");
    r.string("path", d.path, 4096);
    r.string("text", d.text, DataLimits::max_csv_bytes);
    if (!has_path && !has_text) issues.push_back({"data.text", "data.text (the CSV itself) or data.path (a file, CLI only) is required for a csv source"});
    read_csv_fields(r, d, issues);
  } else if (d.source == "inline") {
    const Json* x = r.get("x");
    const Json* y = r.get("y");
    if (!x) issues.push_back({"data.x", "data.x is required for an inline source"});
    if (!y) issues.push_back({"data.y", "data.y is required for an inline source"});
    std::size_t xr = 0, xc = 0, yr = 0, yc = 0;
    const std::size_t before = issues.size();
    if (x) read_matrix(x, "data.x", true, d.x, xr, xc, issues);
    if (y) read_matrix(y, "data.y", true, d.y, yr, yc, issues);
    // Row counts are compared only when both matrices were read without problems (a matrix that
    // failed reports 0 rows, which is not what the user wrote).
    if (issues.size() == before) {
      if (x && y && xr != yr) issues.push_back({"data.y", "data.y has " + std::to_string(yr) + " rows but data.x has " + std::to_string(xr)});
      if (x && xr == 0) issues.push_back({"data.x", "data.x has no rows"});
    }
    d.rows = xr;
    d.inputs = xc;
    d.targets = yc ? yc : 1;
    read_choice_field(r, "task", "data.task", d.task);
  } else if (d.source == "function") {
    std::string fn = "rosenbrock";
    r.string("function", fn, 64);
    const TestFunctionEntry* f = find_function(fn);
    if (!f) {
      r.fail("function", quoted(fn) + " is not a known function (known: " + join_ids(ids_of(function_registry())) + ")");
      return;
    }
    d.function = fn;
    read_params(r, f->params, fn, d.function_params);
    d.start[0] = f->start[0];
    d.start[1] = f->start[1];
    if (const Json* st = r.get("start")) {
      if (!st->is_array() || st->items().size() != 2 || !st->items()[0].is_number() || !st->items()[1].is_number())
        r.fail("start", "must be an array of two numbers [x, y]");
      else {
        d.start[0] = st->items()[0].as_number();
        d.start[1] = st->items()[1].as_number();
        d.has_start = true;
        if (std::fabs(d.start[0]) > 1e6 || std::fabs(d.start[1]) > 1e6) r.fail("start", "must lie within [-1e6, 1e6]");
      }
    }
  }
  r.finish();
}

void read_model(const Json* j, Spec& s, Issues& issues) {
  ModelSpec& m = s.model;
  Reader r(j, "model", issues);
  m.given = r.has("kind");
  read_choice_field(r, "kind", "model.kind", m.kind);
  const ModelEntry* e = find_model(m.kind);
  const bool deep = e && e->hidden_layers;
  if (deep) m.hidden = {8, 8};
  if (const Json* h = r.get("hidden")) {
    if (!deep) {
      if (!(h->is_array() && h->items().empty())) r.fail("hidden", "applies to the mlp model only (this is " + m.kind + ")");
    } else if (!h->is_array()) {
      r.fail("hidden", "must be an array of layer widths, got " + type_of(*h));
    } else if (h->items().size() > SpecLimits::max_hidden_layers) {
      r.fail("hidden", "has " + std::to_string(h->items().size()) + " layers; at most " + std::to_string(SpecLimits::max_hidden_layers) + " are allowed");
    } else {
      m.hidden.clear();
      for (std::size_t i = 0; i < h->items().size(); ++i) {
        const Json& w = h->items()[i];
        const std::string p = "model.hidden[" + std::to_string(i) + "]";
        if (!w.is_number() || w.as_number() != std::floor(w.as_number()) || w.as_number() < 1 || w.as_number() > double(SpecLimits::max_width))
          issues.push_back({p, p + " must be an integer in [1, " + std::to_string(SpecLimits::max_width) + "], got " + (w.is_number() ? format_number(w.as_number()) : type_of(w))});
        else
          m.hidden.push_back(std::size_t(w.as_number()));
      }
    }
  }
  if (r.has("activation") && !deep) r.fail("activation", "applies to the mlp model only (this is " + m.kind + ")");
  read_choice_field(r, "activation", "model.activation", m.activation);
  read_choice_field(r, "init", "model.init", m.init);
  if (r.has("dropout") && !deep) r.fail("dropout", "applies to the mlp model only (this is " + m.kind + ")");
  read_field(r, "dropout", "model.dropout", m.dropout);
  if (const Json* p = r.get("params")) {
    if (!p->is_array()) {
      r.fail("params", "must be an array of numbers, got " + type_of(*p));
    } else if (p->items().size() > SpecLimits::max_params) {
      r.fail("params", "has more than " + std::to_string(SpecLimits::max_params) + " values");
    } else {
      m.has_params = true;
      for (std::size_t i = 0; i < p->items().size(); ++i) {
        const Json& v = p->items()[i];
        const float f = v.is_number() ? float(v.as_number()) : 0.0f;
        if (!v.is_number() || !std::isfinite(f)) {
          issues.push_back({"model.params[" + std::to_string(i) + "]", "model.params[" + std::to_string(i) + "] must be a finite number"});
          m.has_params = false;
          break;
        }
        m.params.push_back(f);
      }
    }
  }
  r.finish();
}

void read_training(const Json* j, Spec& s, Issues& issues) {
  TrainingSpec& t = s.training;
  Reader r(j, "training", issues);
  read_field(r, "batch_size", "training.batch_size", t.batch_size);
  read_field(r, "epochs", "training.epochs", t.epochs);
  read_field(r, "steps", "training.steps", t.steps);
  read_field(r, "shuffle", "training.shuffle", t.shuffle);
  read_field(r, "l1", "training.l1", t.l1);
  read_field(r, "l2", "training.l2", t.l2);
  read_field(r, "clip_norm", "training.clip_norm", t.clip_norm);
  read_field(r, "clip_value", "training.clip_value", t.clip_value);
  if (const Json* es = r.get("early_stopping")) {
    if (es->is_bool()) {
      t.early_stopping = es->as_bool();
    } else if (!es->is_null()) {
      Reader e(es, "training.early_stopping", issues);
      t.early_stopping = e.present();
      read_field(e, "patience", "training.early_stopping.patience", t.patience);
      read_field(e, "min_delta", "training.early_stopping.min_delta", t.min_delta);
      read_field(e, "restore_best", "training.early_stopping.restore_best", t.restore_best);
      e.finish();
    }
  }
  if (const Json* tol = r.get("tolerance")) {
    Reader e(tol, "training.tolerance", issues);
    read_field(e, "loss_delta", "training.tolerance.loss_delta", t.tol_loss_delta);
    read_field(e, "grad_norm", "training.tolerance.grad_norm", t.tol_grad_norm);
    e.finish();
  }
  if (const Json* ls = r.get("line_search")) {
    if (!ls->is_null() && !(ls->is_bool() && !ls->as_bool())) {
      Json def;
      if (ls->is_bool()) { def = Json::object(); ls = &def; }
      t.line_search = read_component(ls, "training.line_search", "line search", line_search_registry(),
                                     find_line_search, std::string("armijo"), t.search, issues) != nullptr;
    }
  }
  read_choice_field(r, "metrics", "training.metrics", t.metrics);
  read_field(r, "history_limit", "training.history_limit", t.history_limit);
  r.finish();
}

}  // namespace

Spec parse_spec(const Json& j, Issues& issues) {
  Spec s;
  Reader top(&j, "", issues);
  if (!top.present()) return s;
  std::int64_t seed = 42;
  if (read_field(top, "seed", "seed", seed)) s.seed = std::uint64_t(seed);
  // An editor's pointer to spec.schema.json: metadata, not part of the run.
  std::string schema_ref;
  top.string("$schema", schema_ref, 4096);

  read_data(top.get("data"), s, issues);
  if (!s.data.has_seed) s.data.seed = s.seed;
  {
    Reader r(top.get("preprocess"), "preprocess", issues);
    s.preprocess.normalize_given = r.has("normalize");
    read_choice_field(r, "normalize", "preprocess.normalize", s.preprocess.normalize);
    // A CSV's columns come in their own units: z-scored unless the spec says otherwise.
    if (s.data.source == "csv" && !s.preprocess.normalize_given) s.preprocess.normalize = "zscore";
    read_field(r, "validation_split", "preprocess.validation_split", s.preprocess.validation_split);
    r.finish();
  }
  read_model(top.get("model"), s, issues);
  // Default loss: chosen by the session from the model and the data when not given.
  read_component(top.get("loss"), "loss", "loss", loss_registry(), find_loss, std::string(), s.loss, issues);
  if (!s.loss.given) s.loss.kind.clear();
  const Json* opt = top.get("optimizer");
  if (opt) {
    read_component(opt, "optimizer", "optimizer", optimizer_registry(), find_optimizer, std::string("sgd"), s.optimizer, issues);
  } else {
    // No optimizer at all: plain SGD with lr 0.01 (explicit "sgd" without lr is an error, as in torch).
    s.optimizer.kind = "sgd";
    s.optimizer.params = defaults(find_optimizer("sgd")->params);
    s.optimizer.params.num["lr"] = 0.01;
  }
  read_component(top.get("schedule"), "schedule", "schedule", schedule_registry(), find_schedule, std::string("constant"), s.schedule, issues);
  read_training(top.get("training"), s, issues);
  if (s.function_mode() && s.training.steps == 0) s.training.steps = 200;
  if (issues.empty()) check_schedule_fits_optimizer(s, issues);
  if (s.training.line_search && s.optimizer.kind != "sgd")
    issues.push_back({"training.line_search", "training.line_search replaces the learning rate of plain gradient descent: use optimizer \"sgd\" with it (got " + quoted(s.optimizer.kind) + ")"});
  top.finish();
  return s;
}

bool check_schedule_fits_optimizer(const Spec& s, Issues& issues) {
  // OneCycleLR's cycle_momentum moves the optimizer's momentum or beta1: torch refuses an
  // optimizer with neither (and would switch plain SGD's momentum on; here: pick "momentum").
  if (s.schedule.params.get("cycle_momentum") == 0.0) return true;
  const OptimizerEntry* oe = find_optimizer(s.optimizer.kind);
  if (!oe || oe->make(s.optimizer.params)->set_momentum(s.schedule.params.get("max_momentum"))) return true;
  issues.push_back({"schedule.cycle_momentum", "schedule.cycle_momentum needs an optimizer with a momentum or beta1 (momentum, nesterov, rmsprop or the Adam family); " + quoted(s.optimizer.kind) + " has none" + (s.optimizer.kind == "sgd" ? std::string(" (torch would switch SGD's momentum on: use optimizer \"momentum\")") : std::string())});
  return false;
}

Spec parse_spec_text(const std::string& text, Issues& issues) {
  Json j;
  Status st = parse_json(text, j);
  if (!st.ok()) {
    issues.push_back({"", st.message()});
    return Spec();
  }
  return parse_spec(j, issues);
}

DataSpec parse_csv_options(const Json& data, Issues& issues) {
  DataSpec d;
  d.source = "csv";
  Reader r(&data, "data", issues);
  if (!r.present()) return d;
  std::string ignored;
  r.string("source", ignored, 64);
  r.string("text", ignored, DataLimits::max_csv_bytes);
  r.string("path", ignored, 4096);
  read_csv_fields(r, d, issues);
  r.finish();
  return d;
}

bool evaluate_loss(const Json& loss_spec, const float* pred, std::size_t pred_n, const float* target,
                   std::size_t target_n, float& value, std::vector<float>& grad, Issues& issues) {
  const std::size_t before = issues.size();
  Json spec = loss_spec;
  std::size_t classes = 0;
  if (spec.is_object()) {
    if (const Json* c = spec.find("classes")) {
      if (!c->is_number() || c->as_number() != std::floor(c->as_number()) || c->as_number() < 2 || c->as_number() > 1000)
        issues.push_back({"loss.classes", "loss.classes must be an integer in [2, 1000]"});
      else
        classes = std::size_t(c->as_number());
      auto& m = spec.members();
      m.erase(std::remove_if(m.begin(), m.end(), [](const Json::Member& x) { return x.first == "classes"; }), m.end());
    }
  }
  ComponentSpec c;
  const LossEntry* e = read_component(&spec, "loss", "loss", loss_registry(), find_loss, std::string(), c, issues);
  if (!e || issues.size() != before) return false;
  const bool multi = e->target == TargetKind::one_hot || e->target == TargetKind::label;
  if (multi && classes == 0) {
    issues.push_back({"loss.classes", "loss.classes (the number of classes) is required for " + e->id});
    return false;
  }
  const std::size_t k = multi ? classes : 1;
  if (pred_n == 0 || pred_n % k != 0) {
    issues.push_back({"pred", "pred has " + std::to_string(pred_n) + " values; " +
                                  (multi ? "it must be n x " + std::to_string(k) + " (row-major)" : std::string("it must not be empty"))});
    return false;
  }
  const std::size_t n = pred_n / k;
  for (std::size_t i = 0; i < pred_n; ++i) {
    if (!std::isfinite(pred[i])) {
      issues.push_back({"pred[" + std::to_string(i) + "]", "pred[" + std::to_string(i) + "] is not a finite number"});
      return false;
    }
    if (e->input == LossInput::probability && (pred[i] < 0 || pred[i] > 1)) {
      issues.push_back({"pred[" + std::to_string(i) + "]", "pred[" + std::to_string(i) + "] = " + format_float(pred[i]) +
                                                             " is not a probability in [0, 1] (" + e->id + " reads probabilities; use bce_logits for logits)"});
      return false;
    }
  }
  std::unique_ptr<Loss> loss = e->make(c.params);
  Status st = loss->check_targets(Span<const float>(target, target_n), n, k);
  if (!st.ok()) {
    issues.push_back({"target", st.message()});
    return false;
  }
  grad.assign(pred_n, 0.0f);
  value = loss->value_and_grad(Span<const float>(pred, pred_n), Span<const float>(target, target_n), Span<float>(grad), n, k);
  return true;
}

Json issues_to_json(const Issues& issues) {
  Json a = Json::array();
  for (const Issue& i : issues) {
    Json o = Json::object();
    o.set("path", Json::string(i.path));
    o.set("message", Json::string(i.message));
    a.push(std::move(o));
  }
  return a;
}

// ---- normalized spec ------------------------------------------------------------------------
namespace {
Json params_json(const std::vector<ParamSpec>& specs, const ParamValues& v, Json o) {
  for (const ParamSpec& p : specs) {
    if (p.type == ParamType::choice) o.set(p.name, Json::string(v.choice(p.name)));
    else if (p.type == ParamType::boolean) o.set(p.name, Json::boolean(v.get(p.name) != 0));
    else o.set(p.name, Json::number(v.get(p.name)));
  }
  return o;
}
template <class Entry>
Json component_json(const Entry* e, const ComponentSpec& c) {
  Json o = Json::object();
  o.set("kind", Json::string(c.kind));
  return e ? params_json(e->params, c.params, std::move(o)) : o;
}
Json floats_json(const float* v, std::size_t n) {
  Json a = Json::array();
  for (std::size_t i = 0; i < n; ++i) a.push(Json::number(v[i]));
  return a;
}
}  // namespace

Json spec_to_json(const Spec& s) {
  Json j = Json::object();
  j.set("seed", Json::number(double(s.seed)));
  Json d = Json::object();
  d.set("source", Json::string(s.data.source));
  d.set("seed", Json::number(double(s.data.seed)));
  if (s.data.source == "synthetic") {
    const GeneratorEntry* g = find_generator(s.data.generator);
    d.set("generator", Json::string(s.data.generator));
    if (g) d = params_json(g->params, s.data.generator_params, std::move(d));
  } else if (s.data.source == "csv") {
    if (!s.data.path.empty()) d.set("path", Json::string(s.data.path));
    d.set("text_bytes", Json::number(double(s.data.text.empty() ? s.data.text_bytes : s.data.text.size())));
    const CsvFormat& fmt = s.data.format;
    auto ch = [](char c) { return Json::string(c ? std::string(1, c) : std::string("auto")); };
    d.set("header", Json::string(fmt.header));
    d.set("delimiter", ch(fmt.delimiter));
    d.set("decimal", ch(fmt.decimal));
    d.set("quote", ch(fmt.quote));
    d.set("skip_rows", Json::number(double(fmt.skip_rows)));
    d.set("encoding", Json::string(fmt.encoding));
    d.set("target", Json::string(s.data.target));
    Json f = Json::array();
    for (const std::string& x : s.data.features) f.push(Json::string(x));
    d.set("features", std::move(f));
    d.set("task", Json::string(s.data.task));
  } else if (s.data.source == "inline") {
    Json x = Json::array(), y = Json::array();
    for (std::size_t i = 0; i < s.data.rows; ++i) {
      x.push(floats_json(s.data.x.data() + i * s.data.inputs, s.data.inputs));
      y.push(s.data.targets == 1 ? Json::number(s.data.y[i]) : floats_json(s.data.y.data() + i * s.data.targets, s.data.targets));
    }
    d.set("x", std::move(x));
    d.set("y", std::move(y));
    d.set("task", Json::string(s.data.task));
  } else {
    const TestFunctionEntry* f = find_function(s.data.function);
    d.set("function", Json::string(s.data.function));
    if (f) d = params_json(f->params, s.data.function_params, std::move(d));
    Json st = Json::array();
    st.push(Json::number(s.data.start[0]));
    st.push(Json::number(s.data.start[1]));
    d.set("start", std::move(st));
  }
  j.set("data", std::move(d));
  Json pre = Json::object();
  pre.set("normalize", Json::string(s.preprocess.normalize));
  pre.set("validation_split", Json::number(s.preprocess.validation_split));
  j.set("preprocess", std::move(pre));
  Json m = Json::object();
  m.set("kind", Json::string(s.model.kind));
  Json h = Json::array();
  for (std::size_t w : s.model.hidden) h.push(Json::number(double(w)));
  m.set("hidden", std::move(h));
  m.set("activation", Json::string(s.model.activation));
  m.set("init", Json::string(s.model.init));
  m.set("dropout", Json::number(s.model.dropout));
  if (s.model.has_params) m.set("params", floats_json(s.model.params.data(), s.model.params.size()));
  j.set("model", std::move(m));
  if (!s.loss.kind.empty()) j.set("loss", component_json(find_loss(s.loss.kind), s.loss));
  j.set("optimizer", component_json(find_optimizer(s.optimizer.kind), s.optimizer));
  j.set("schedule", component_json(find_schedule(s.schedule.kind), s.schedule));
  const TrainingSpec& t = s.training;
  Json tr = Json::object();
  tr.set("batch_size", Json::number(double(t.batch_size)));
  tr.set("epochs", Json::number(double(t.epochs)));
  tr.set("steps", Json::number(double(t.steps)));
  tr.set("shuffle", Json::boolean(t.shuffle));
  tr.set("l1", Json::number(t.l1));
  tr.set("l2", Json::number(t.l2));
  tr.set("clip_norm", Json::number(t.clip_norm));
  tr.set("clip_value", Json::number(t.clip_value));
  if (t.early_stopping) {
    Json es = Json::object();
    es.set("patience", Json::number(double(t.patience)));
    es.set("min_delta", Json::number(t.min_delta));
    es.set("restore_best", Json::boolean(t.restore_best));
    tr.set("early_stopping", std::move(es));
  } else {
    tr.set("early_stopping", Json::boolean(false));
  }
  Json tol = Json::object();
  tol.set("loss_delta", Json::number(t.tol_loss_delta));
  tol.set("grad_norm", Json::number(t.tol_grad_norm));
  tr.set("tolerance", std::move(tol));
  if (t.line_search) tr.set("line_search", component_json(find_line_search(t.search.kind), t.search));
  else tr.set("line_search", Json());
  tr.set("metrics", Json::string(t.metrics));
  tr.set("history_limit", Json::number(double(t.history_limit)));
  j.set("training", std::move(tr));
  return j;
}

}  // namespace descent
