// The registries as one JSON document, for the UI (controls are built from it, never from a
// second list in JavaScript), the JS API's registry() and docs/spec.md.
#include <cmath>

#include "core/data/generators.hpp"
#include "core/functions/function.hpp"
#include "core/loss/registry.hpp"
#include "core/model/registry.hpp"
#include "core/optim/line_search.hpp"
#include "core/optim/optimizer.hpp"
#include "core/optim/schedule.hpp"
#include "core/spec/spec.hpp"

namespace descent {
namespace {

const char* type_name(ParamType t) {
  switch (t) {
    case ParamType::number: return "number";
    case ParamType::integer: return "integer";
    case ParamType::boolean: return "boolean";
    case ParamType::choice: return "choice";
  }
  return "number";
}

Json num_or_null(double v) { return std::isfinite(v) ? Json::number(v) : Json(); }

Json param_json(const ParamSpec& p) {
  Json o = Json::object();
  o.set("name", Json::string(p.name));
  o.set("label", Json::string(p.label.empty() ? p.name : p.label));
  o.set("type", Json::string(type_name(p.type)));
  if (p.type == ParamType::choice) {
    o.set("default", Json::string(p.def_choice));
    Json c = Json::array();
    for (const std::string& s : p.choices) c.push(Json::string(s));
    o.set("choices", std::move(c));
  } else if (p.type == ParamType::boolean) {
    o.set("default", Json::boolean(p.def != 0));
  } else {
    o.set("default", Json::number(p.def));
    o.set("min", num_or_null(p.min));
    o.set("max", num_or_null(p.max));
    o.set("minExclusive", Json::boolean(p.min_exclusive));
    o.set("maxExclusive", Json::boolean(p.max_exclusive));
    if (p.ui_min != 0 || p.ui_max != 0) {
      o.set("uiMin", Json::number(p.ui_min));
      o.set("uiMax", Json::number(p.ui_max));
    }
    o.set("log", Json::boolean(p.log));
    if (p.type == ParamType::integer) o.set("step", Json::number(1));
  }
  o.set("required", Json::boolean(p.required));
  o.set("range", Json::string(describe_range(p)));
  if (!p.help.empty()) o.set("help", Json::string(p.help));
  return o;
}

Json params_json(const std::vector<ParamSpec>& ps) {
  Json a = Json::array();
  for (const ParamSpec& p : ps) a.push(param_json(p));
  return a;
}

Json entry(const std::string& id, const std::string& label, const std::string& formula, const std::string& source,
           const std::vector<ParamSpec>& params) {
  Json o = Json::object();
  o.set("id", Json::string(id));
  o.set("label", Json::string(label));
  if (!formula.empty()) o.set("formula", Json::string(formula));
  if (!source.empty()) o.set("source", Json::string(source));
  o.set("params", params_json(params));
  return o;
}

const char* input_name(LossInput i) {
  switch (i) {
    case LossInput::value: return "value";
    case LossInput::probability: return "probability";
    case LossInput::logit: return "logit";
    case LossInput::score: return "score";
  }
  return "value";
}

const char* target_name(TargetKind t) {
  switch (t) {
    case TargetKind::values: return "values";
    case TargetKind::binary: return "binary";
    case TargetKind::signed_label: return "signed_label";
    case TargetKind::one_hot: return "one_hot";
    case TargetKind::label: return "label";
  }
  return "values";
}

Json pairs(const std::vector<std::array<double, 2>>& v) {
  Json a = Json::array();
  for (const auto& p : v) {
    Json q = Json::array();
    q.push(Json::number(p[0]));
    q.push(Json::number(p[1]));
    a.push(std::move(q));
  }
  return a;
}

ParamSpec choice(const std::string& name, const std::string& label, const std::vector<std::string>& choices,
                 const std::string& def, const std::string& help) {
  ParamSpec p;
  p.name = name;
  p.label = label;
  p.type = ParamType::choice;
  p.choices = choices;
  p.def_choice = def;
  p.help = help;
  return p;
}

}  // namespace

std::string registry_json() {
  Json r = Json::object();

  Json models = Json::array();
  std::vector<std::string> acts, inits;
  for (const NamedOption& o : activation_registry()) acts.push_back(o.id);
  for (const NamedOption& o : init_registry()) inits.push_back(o.id);
  for (const ModelEntry& m : model_registry()) {
    std::vector<ParamSpec> ps;
    if (m.hidden_layers) {
      ps.push_back(choice("activation", "hidden activation", acts, "tanh", "The non-linearity of every hidden layer."));
      ParamSpec d;
      d.name = "dropout";
      d.label = "dropout";
      d.def = 0;
      d.min = 0;
      d.max = 0.9;
      d.help = "Probability of zeroing a hidden unit during training (inverted dropout).";
      ps.push_back(d);
    }
    ps.push_back(choice("init", "initialization", inits, "xavier_uniform", "How the weights start (torch.nn.init names)."));
    Json o = entry(m.id, m.label, "", "", ps);
    o.set("description", Json::string(m.description));
    o.set("hiddenLayers", Json::boolean(m.hidden_layers));
    Json t = Json::array();
    for (Task k : m.tasks) t.push(Json::string(task_name(k)));
    o.set("tasks", std::move(t));
    models.push(std::move(o));
  }
  r.set("models", std::move(models));

  Json losses = Json::array();
  for (const LossEntry& e : loss_registry()) {
    Json o = entry(e.id, e.label, e.formula, e.source, e.params);
    o.set("input", Json::string(input_name(e.input)));
    o.set("target", Json::string(target_name(e.target)));
    Json fits = Json::array();
    for (const LossFit& f : e.fits) {
      Json x = Json::object();
      x.set("task", Json::string(task_name(f.task)));
      x.set("fit", Json::string(fit_name(f.fit)));
      Json ms = Json::array();
      for (const std::string& m : f.models) ms.push(Json::string(m));
      x.set("models", std::move(ms));
      if (!f.note.empty()) x.set("note", Json::string(f.note));
      fits.push(std::move(x));
    }
    o.set("fits", std::move(fits));
    losses.push(std::move(o));
  }
  r.set("losses", std::move(losses));

  Json opts = Json::array();
  for (const OptimizerEntry& e : optimizer_registry()) opts.push(entry(e.id, e.label, e.formula, e.source, e.params));
  r.set("optimizers", std::move(opts));

  Json scheds = Json::array();
  for (const ScheduleEntry& e : schedule_registry()) scheds.push(entry(e.id, e.label, e.formula, e.source, e.params));
  r.set("schedules", std::move(scheds));

  Json gens = Json::array();
  for (const GeneratorEntry& e : generator_registry()) {
    Json o = entry(e.id, e.label, "", "", e.params);
    o.set("description", Json::string(e.description));
    o.set("task", Json::string(e.classification ? "classification" : "regression"));
    gens.push(std::move(o));
  }
  r.set("generators", std::move(gens));

  Json fns = Json::array();
  for (const TestFunctionEntry& e : function_registry()) {
    Json o = entry(e.id, e.label, e.formula, "", e.params);
    Json v = Json::array();
    for (double x : e.view) v.push(Json::number(x));
    o.set("view", std::move(v));
    Json st = Json::array();
    st.push(Json::number(e.start[0]));
    st.push(Json::number(e.start[1]));
    o.set("start", std::move(st));
    o.set("minima", pairs(e.minima(defaults(e.params))));
    fns.push(std::move(o));
  }
  r.set("functions", std::move(fns));

  Json ls = Json::array();
  for (const LineSearchEntry& e : line_search_registry()) ls.push(entry(e.id, e.label, e.formula, e.source, e.params));
  r.set("lineSearches", std::move(ls));

  auto named = [](const std::vector<NamedOption>& v) {
    Json a = Json::array();
    for (const NamedOption& o : v) {
      Json x = Json::object();
      x.set("id", Json::string(o.id));
      x.set("label", Json::string(o.label));
      x.set("formula", Json::string(o.formula));
      a.push(std::move(x));
    }
    return a;
  };
  r.set("activations", named(activation_registry()));
  r.set("spec", params_json(spec_fields()));
  r.set("inits", named(init_registry()));
  return to_json(r);
}

}  // namespace descent
