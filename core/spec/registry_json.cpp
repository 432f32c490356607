// The registries as one JSON document, for the UI (controls are built from it, never from a
// second list in JavaScript), the JS API's registry() (the exports, the explain lines, index.d.ts)
// and docs/spec.md: every row with its formula (plain and TeX), its torch and Keras forms and, for
// optimizers, its explain lines; "spec" lists every scalar field of the spec itself.
#include <cmath>

#include "core/data/generators.hpp"
#include "core/functions/function.hpp"
#include "core/loss/registry.hpp"
#include "core/model/registry.hpp"
#include "core/optim/line_search.hpp"
#include "core/optim/optimizer.hpp"
#include "core/optim/schedule.hpp"
#include "core/spec/spec.hpp"
#include "core/train/problem.hpp"

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

// formula and tex: one formula in its two written forms, side by side.
Json entry(const std::string& id, const std::string& label, const std::string& formula, const std::string& tex,
           const std::string& source, const std::vector<ParamSpec>& params) {
  Json o = Json::object();
  o.set("id", Json::string(id));
  o.set("label", Json::string(label));
  if (!formula.empty()) o.set("formula", Json::string(formula));
  if (!tex.empty()) o.set("tex", Json::string(tex));
  if (!source.empty()) o.set("source", Json::string(source));
  o.set("params", params_json(params));
  return o;
}

// { code, support? } or { none } (core/registry/forms.hpp); an empty form is published as null.
Json form_json(const ExportForm& f) {
  if (f.code.empty() && f.none.empty()) return Json();
  Json o = Json::object();
  if (!f.code.empty()) o.set("code", Json::string(f.code));
  if (!f.support.empty()) o.set("support", Json::string(f.support));
  if (!f.none.empty()) o.set("none", Json::string(f.none));
  return o;
}

void set_forms(Json& o, const ExportForm& torch, const ExportForm& keras) {
  o.set("torch", form_json(torch));
  o.set("keras", form_json(keras));
}

Json explain_json(const std::vector<ExplainLine>& lines) {
  Json a = Json::array();
  for (const ExplainLine& l : lines) {
    Json x = Json::object();
    auto put = [&x](const char* k, const std::string& v) {
      if (!v.empty()) x.set(k, Json::string(v));
    };
    put("when", l.when);
    put("let", l.let);
    put("plain", l.plain);
    put("tex", l.tex);
    put("note", l.note);
    put("check", l.check);
    a.push(std::move(x));
  }
  return a;
}

// A spec field's ParamSpec under its last name ("model.activation" -> "activation").
ParamSpec field_as_param(const std::string& path) {
  ParamSpec p = spec_field(path);
  p.name = path.substr(path.rfind('.') + 1);
  return p;
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

}  // namespace

std::string registry_json() {
  Json r = Json::object();

  Json models = Json::array();
  for (const ModelEntry& m : model_registry()) {
    std::vector<ParamSpec> ps;
    if (m.hidden_layers) {
      ps.push_back(field_as_param("model.activation"));
      ps.push_back(field_as_param("model.dropout"));
    }
    ps.push_back(field_as_param("model.init"));
    Json o = entry(m.id, m.label, "", "", "", ps);
    o.set("description", Json::string(m.description));
    o.set("hiddenLayers", Json::boolean(m.hidden_layers));
    Json t = Json::array();
    Json def = Json::object();  // the loss the session picks when the spec gives none, per task
    for (Task k : m.tasks) {
      t.push(Json::string(task_name(k)));
      def.set(task_name(k), Json::string(default_loss(m.id, k != Task::regression, k == Task::multiclass ? 3 : 2)));
    }
    o.set("tasks", std::move(t));
    o.set("defaultLoss", std::move(def));
    models.push(std::move(o));
  }
  r.set("models", std::move(models));

  Json losses = Json::array();
  for (const LossEntry& e : loss_registry()) {
    Json o = entry(e.id, e.label, e.formula, e.tex, e.source, e.params);
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
    set_forms(o, e.torch, e.keras);
    losses.push(std::move(o));
  }
  r.set("losses", std::move(losses));

  Json opts = Json::array();
  for (const OptimizerEntry& e : optimizer_registry()) {
    Json o = entry(e.id, e.label, e.formula, e.tex, e.source, e.params);
    set_forms(o, e.torch, e.keras);
    o.set("explain", explain_json(e.explain));
    if (e.velocity.empty()) {
      o.set("velocity", Json());
    } else {
      Json v = Json::object();
      v.set("symbol", Json::string(e.velocity));
      v.set("note", Json::string(e.velocity_note));
      o.set("velocity", std::move(v));
    }
    opts.push(std::move(o));
  }
  r.set("optimizers", std::move(opts));

  Json scheds = Json::array();
  for (const ScheduleEntry& e : schedule_registry()) {
    Json o = entry(e.id, e.label, e.formula, e.tex, e.source, e.params);
    set_forms(o, e.torch, e.keras);
    o.set("torchStep", Json::string(e.torch_step));
    scheds.push(std::move(o));
  }
  r.set("schedules", std::move(scheds));

  Json gens = Json::array();
  for (const GeneratorEntry& e : generator_registry()) {
    Json o = entry(e.id, e.label, "", "", "", e.params);
    o.set("description", Json::string(e.description));
    o.set("task", Json::string(e.classification ? "classification" : "regression"));
    gens.push(std::move(o));
  }
  r.set("generators", std::move(gens));

  Json fns = Json::array();
  for (const TestFunctionEntry& e : function_registry()) {
    Json o = entry(e.id, e.label, e.formula, e.tex, "", e.params);
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
  for (const LineSearchEntry& e : line_search_registry()) {
    Json o = entry(e.id, e.label, e.formula, e.tex, e.source, e.params);
    set_forms(o, e.torch, e.keras);
    ls.push(std::move(o));
  }
  r.set("lineSearches", std::move(ls));

  auto named = [](const std::vector<NamedOption>& v, bool forms) {
    Json a = Json::array();
    for (const NamedOption& o : v) {
      Json x = Json::object();
      x.set("id", Json::string(o.id));
      x.set("label", Json::string(o.label));
      x.set("formula", Json::string(o.formula));
      x.set("tex", Json::string(o.tex));
      if (forms) set_forms(x, o.torch, o.keras);
      a.push(std::move(x));
    }
    return a;
  };
  r.set("activations", named(activation_registry(), true));
  r.set("spec", params_json(spec_fields()));
  r.set("inits", named(init_registry(), false));
  return to_json(r);
}

}  // namespace descent
