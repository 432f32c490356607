// The optimizer and schedule registries: one row per id, read by the spec validator, the trainer,
// the JS registry() and the docs. Adding an optimizer = its own file + one row here + its tests.
// Every row's ParamSpecs carry torch's names and defaults; "lr" is always an optimizer's first.
#include <limits>
#include <memory>
#include <utility>

#include "core/optim/adadelta.hpp"
#include "core/optim/adagrad.hpp"
#include "core/optim/adam.hpp"
#include "core/optim/adamax.hpp"
#include "core/optim/momentum.hpp"
#include "core/optim/nadam.hpp"
#include "core/optim/nesterov.hpp"
#include "core/optim/optimizer.hpp"
#include "core/optim/rmsprop.hpp"
#include "core/optim/schedule.hpp"
#include "core/optim/schedules.hpp"
#include "core/optim/sgd.hpp"
#include "core/optim/spec_helpers.hpp"

namespace descent {

namespace o = optim_detail;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Factories see every parameter: values the caller left out take their defaults (ParamValues::get
// would read them as 0).
ParamValues opt_params(const char* id, const ParamValues& given);
ParamValues sched_params(const char* id, const ParamValues& given);

std::vector<ParamSpec> adam_family(double lr, double wd, const std::string& wd_help) {
  return {o::lr(lr),
          o::unit("beta1", "β₁", 0.9, "Decay of the first-moment (mean) estimate; torch betas[0]."),
          o::unit("beta2", "β₂", 0.999,
                  "Decay of the second-moment (uncentered variance) estimate; torch betas[1]."),
          o::eps(1e-8), o::weight_decay(wd, wd_help)};
}

template <class Opt, class Config>
std::unique_ptr<Optimizer> make_with(const Config& c) {
  return std::make_unique<Opt>(c);
}

const std::string kDecoupled =
    "Decoupled weight decay: w <- w (1 - lr weight_decay) before the Adam step (AdamW).";

std::vector<OptimizerEntry> build_optimizers() {
  std::vector<OptimizerEntry> r;

  r.push_back({"sgd", "SGD", "w <- w - lr (g + weight_decay w)", "torch.optim.SGD (momentum=0)",
               {o::lr(0.01, /*required=*/true), o::weight_decay(0.0)},
               [](const ParamValues& p) {
                 return make_with<Sgd>(SgdConfig::from(opt_params("sgd", p)));
               }});

  r.push_back(
      {"momentum", "Momentum",
       "torch: v <- mu v + (1 - dampening) g (v = g on step 1); ema: v <- mu v + (1 - mu) g; "
       "w <- w - lr v",
       "Polyak 1964; torch.optim.SGD(momentum, dampening)",
       {o::lr(0.01, true), o::unit("momentum", "momentum μ", 0.9, "How much of the previous velocity is kept."),
        o::number("dampening", "dampening", 0.0, 0.0, 1.0, false, false,
                  "torch form only: the gradient enters the velocity scaled by (1 - dampening)."),
        o::weight_decay(0.0),
        o::choice("form", "form", {"torch", "ema"}, "torch",
                  "torch: v = μ v + g (PyTorch); ema: v = μ v + (1 - μ) g (many tutorials). "
                  "ema with lr equals torch with lr (1 - μ).")},
       [](const ParamValues& p) {
         return make_with<Momentum>(MomentumConfig::from(opt_params("momentum", p)));
       }});

  {
    ParamSpec mu = o::number("momentum", "momentum μ", 0.9, 0.0, 1.0, true, true,
                             "Kept velocity; torch's nesterov=True needs it > 0.");
    r.push_back({"nesterov", "Nesterov", "v <- mu v + g (v = g on step 1); w <- w - lr (g + mu v)",
                 "Sutskever et al. 2013; torch.optim.SGD(momentum, nesterov=True)",
                 {o::lr(0.01, true), mu, o::weight_decay(0.0)},
                 [](const ParamValues& p) {
                   return make_with<Nesterov>(NesterovConfig::from(opt_params("nesterov", p)));
                 }});
  }

  {
    ParamSpec lr_decay = o::number("lr_decay", "lr decay", 0.0, 0.0, kInf, false, false,
                                   "clr = lr / (1 + (t - 1) lr_decay).");
    lr_decay.ui_max = 0.1;
    ParamSpec init = o::number("initial_accumulator_value", "initial accumulator", 0.0, 0.0, kInf,
                               false, false, "Starting value of the sum of squared gradients.");
    init.ui_max = 1.0;
    ParamSpec eps = o::eps(1e-10);
    r.push_back({"adagrad", "Adagrad", "sum <- sum + g^2; w <- w - clr g / (sqrt(sum) + eps)",
                 "Duchi et al. 2011; torch.optim.Adagrad",
                 {o::lr(0.01), lr_decay, eps, init, o::weight_decay(0.0)},
                 [](const ParamValues& p) {
                   return make_with<Adagrad>(AdagradConfig::from(opt_params("adagrad", p)));
                 }});
  }

  r.push_back(
      {"rmsprop", "RMSprop",
       "sq <- alpha sq + (1 - alpha) g^2; w <- w - lr g / (sqrt(sq) + eps) (centered: sq - mean(g)^2)",
       "Hinton 2012 (Coursera 6e); torch.optim.RMSprop",
       {o::lr(0.01), o::unit("alpha", "α", 0.99, "Decay of the mean of squared gradients."),
        o::eps(1e-8), o::unit("momentum", "momentum", 0.0, "Momentum on the normalised step (0 = off)."),
        o::boolean("centered", "centered", false,
                   "Divide by an estimate of the gradient's variance instead of its raw second moment."),
        o::weight_decay(0.0)},
       [](const ParamValues& p) {
         return make_with<Rmsprop>(RmspropConfig::from(opt_params("rmsprop", p)));
       }});

  {
    auto specs = adam_family(0.001, 0.0, "");
    specs.push_back(o::boolean("amsgrad", "AMSGrad", false,
                               "Use the running maximum of v (Reddi et al. 2018)."));
    r.push_back({"adam", "Adam",
                 "m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2; "
                 "w <- w - lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)",
                 "Kingma & Ba 2015; torch.optim.Adam", specs,
                 [](const ParamValues& p) {
                   return make_with<Adam>(AdamConfig::from(opt_params("adam", p)));
                 }});
  }
  {
    auto specs = adam_family(0.001, 0.01, kDecoupled);
    specs.push_back(o::boolean("amsgrad", "AMSGrad", false,
                               "Use the running maximum of v (Reddi et al. 2018)."));
    r.push_back({"adamw", "AdamW",
                 "w <- w (1 - lr weight_decay); then Adam without L2 on the gradient",
                 "Loshchilov & Hutter 2019; torch.optim.AdamW", specs,
                 [](const ParamValues& p) {
                   AdamConfig c = AdamConfig::from(opt_params("adamw", p));
                   c.decoupled_weight_decay = true;
                   return make_with<Adam>(c);
                 }});
  }
  r.push_back({"amsgrad", "AMSGrad",
               "Adam with v_max <- max(v_max, v) in the denominator",
               "Reddi et al. 2018; torch.optim.Adam(amsgrad=True)", adam_family(0.001, 0.0, ""),
               [](const ParamValues& p) {
                 AdamConfig c = AdamConfig::from(opt_params("amsgrad", p));
                 c.amsgrad = true;
                 return make_with<Adam>(c);
               }});

  r.push_back({"adamax", "Adamax",
               "m <- b1 m + (1-b1) g; u <- max(b2 u, |g| + eps); w <- w - lr / (1-b1^t) m / u",
               "Kingma & Ba 2015 (sec. 7.1); torch.optim.Adamax", adam_family(0.002, 0.0, ""),
               [](const ParamValues& p) {
                 return make_with<Adamax>(AdamaxConfig::from(opt_params("adamax", p)));
               }});

  {
    auto specs = adam_family(0.002, 0.0, "");
    ParamSpec md = o::number("momentum_decay", "momentum decay ψ", 0.004, 0.0, kInf, false, false,
                             "mu_t = beta1 (1 - 0.5 * 0.96^(t psi)).");
    md.ui_max = 0.1;
    specs.push_back(md);
    r.push_back({"nadam", "NAdam",
                 "Adam with Nesterov momentum: w <- w - lr ((1-mu_t) g / (1-prod mu) + mu_{t+1} m / "
                 "(1-prod mu mu_{t+1})) / (sqrt(v / (1-b2^t)) + eps)",
                 "Dozat 2016; torch.optim.NAdam", specs,
                 [](const ParamValues& p) {
                   return make_with<Nadam>(NadamConfig::from(opt_params("nadam", p)));
                 }});
  }

  r.push_back({"adadelta", "Adadelta",
               "sq <- rho sq + (1-rho) g^2; d = sqrt(acc + eps) / sqrt(sq + eps) g; "
               "acc <- rho acc + (1-rho) d^2; w <- w - lr d",
               "Zeiler 2012; torch.optim.Adadelta",
               {o::lr(1.0),
                o::number("rho", "ρ", 0.9, 0.0, 1.0, false, false,
                          "Decay of both running averages (torch allows [0, 1])."),
                o::eps(1e-6), o::weight_decay(0.0)},
               [](const ParamValues& p) {
                 return make_with<Adadelta>(AdadeltaConfig::from(opt_params("adadelta", p)));
               }});

  return r;
}

std::vector<ScheduleEntry> build_schedules() {
  std::vector<ScheduleEntry> r;
  r.push_back({"constant", "Constant", "lr", "(no scheduler)", {},
               [](const ParamValues&, std::int64_t) -> std::unique_ptr<Schedule> {
                 return std::make_unique<ConstantSchedule>();
               }});
  r.push_back({"step", "Step decay", "lr = base gamma^floor(epoch / step_size)",
               "torch.optim.lr_scheduler.StepLR",
               {o::integer("step_size", "step size", 10, 1, 1e9, "Epochs between decays."),
                o::number("gamma", "γ", 0.1, 0.0, 1.0, true, false, "Factor applied every step_size epochs.")},
               [](const ParamValues& given, std::int64_t) -> std::unique_ptr<Schedule> {
                 const ParamValues p = sched_params("step", given);
                 StepConfig c;
                 c.step_size = std::int64_t(p.get("step_size"));
                 c.gamma = p.get("gamma");
                 return std::make_unique<StepSchedule>(c);
               }});
  r.push_back({"exponential", "Exponential decay", "lr = base gamma^epoch",
               "torch.optim.lr_scheduler.ExponentialLR",
               {o::number("gamma", "γ", 0.95, 0.0, 1.0, true, false, "Factor applied every epoch.")},
               [](const ParamValues& given, std::int64_t) -> std::unique_ptr<Schedule> {
                 const ParamValues p = sched_params("exponential", given);
                 ExponentialConfig c;
                 c.gamma = p.get("gamma");
                 return std::make_unique<ExponentialSchedule>(c);
               }});
  r.push_back({"cosine", "Cosine annealing",
               "lr = eta_min + (base - eta_min) (1 + cos(pi epoch / t_max)) / 2",
               "torch.optim.lr_scheduler.CosineAnnealingLR",
               {o::integer("t_max", "T_max", 50, 1, 1e9, "Epochs from base to eta_min (torch T_max)."),
                o::number("eta_min", "η_min", 0.0, 0.0, 10.0, false, false, "The lowest LR.")},
               [](const ParamValues& given, std::int64_t) -> std::unique_ptr<Schedule> {
                 const ParamValues p = sched_params("cosine", given);
                 CosineConfig c;
                 c.t_max = std::int64_t(p.get("t_max"));
                 c.eta_min = p.get("eta_min");
                 return std::make_unique<CosineSchedule>(c);
               }});
  r.push_back({"linear_warmup", "Linear warm-up",
               "lr = base (start_factor + (end_factor - start_factor) min(epoch, total_iters) / total_iters)",
               "torch.optim.lr_scheduler.LinearLR",
               {o::number("start_factor", "start factor", 1.0 / 3.0, 0.0, 1.0, true, false,
                          "Multiplier of the base LR at epoch 0."),
                o::number("end_factor", "end factor", 1.0, 0.0, 1.0, false, false,
                          "Multiplier reached after total_iters epochs."),
                o::integer("total_iters", "epochs", 5, 1, 1e9, "Length of the ramp in epochs.")},
               [](const ParamValues& given, std::int64_t) -> std::unique_ptr<Schedule> {
                 const ParamValues p = sched_params("linear_warmup", given);
                 LinearWarmupConfig c;
                 c.start_factor = p.get("start_factor");
                 c.end_factor = p.get("end_factor");
                 c.total_iters = std::int64_t(p.get("total_iters"));
                 return std::make_unique<LinearWarmupSchedule>(c);
               }});
  {
    ParamSpec max_lr = o::number("max_lr", "max lr", 0.1, 0.0, 10.0, true, false, "Peak LR.");
    max_lr.log = true;
    max_lr.ui_min = 1e-5;
    max_lr.ui_max = 10.0;
    r.push_back(
        {"one_cycle", "One cycle",
         "per step: cos from max_lr/div_factor up to max_lr over pct_start of the steps, then down "
         "to max_lr/(div_factor final_div_factor); cycle_momentum: momentum (or beta1) the other "
         "way, max_momentum -> base_momentum -> max_momentum",
         "torch.optim.lr_scheduler.OneCycleLR",
         {max_lr,
          o::integer("total_steps", "total steps", 0, 0, 1e12, "Optimizer steps in the cycle; 0 = the whole run."),
          o::number("pct_start", "warm-up fraction", 0.3, 0.0, 1.0, true, true,
                    "Fraction of the steps spent increasing the LR."),
          o::choice("anneal_strategy", "annealing", {"cos", "linear"}, "cos", "Shape of each phase."),
          o::number("div_factor", "div factor", 25.0, 1.0, kInf, false, false,
                    "Initial LR = max_lr / div_factor."),
          o::number("final_div_factor", "final div factor", 1e4, 1.0, kInf, false, false,
                    "Final LR = initial LR / final_div_factor."),
          o::boolean("three_phase", "three phase", false,
                     "Go back down to the initial LR before annihilating (fast.ai's schedule)."),
          o::boolean("cycle_momentum", "cycle momentum", false,
                     "Also move the optimizer's momentum (Adam: beta1) opposite to the LR, as "
                     "torch does by default; needs an optimizer with one."),
          o::unit("base_momentum", "base momentum", 0.85, "cycle_momentum: the momentum at the peak LR."),
          o::unit("max_momentum", "max momentum", 0.95, "cycle_momentum: the momentum at the start and the end.")},
         [](const ParamValues& given, std::int64_t total) -> std::unique_ptr<Schedule> {
                 const ParamValues p = sched_params("one_cycle", given);
           OneCycleConfig c;
           c.max_lr = p.get("max_lr");
           const std::int64_t fixed = std::int64_t(p.get("total_steps"));
           c.total_steps = fixed > 0 ? fixed : (total > 0 ? total : 1);
           c.pct_start = p.get("pct_start");
           c.linear = p.choice("anneal_strategy") == "linear";
           c.div_factor = p.get("div_factor");
           c.final_div_factor = p.get("final_div_factor");
           c.three_phase = p.get("three_phase") != 0.0;
           c.cycle_momentum = p.get("cycle_momentum") != 0.0;
           c.base_momentum = p.get("base_momentum");
           c.max_momentum = p.get("max_momentum");
           return std::make_unique<OneCycleSchedule>(c);
         }});
  }
  r.push_back({"plateau", "Reduce on plateau",
               "lr <- max(lr factor, min_lr) when the metric has not improved by threshold (relative) "
               "for more than patience epochs",
               "torch.optim.lr_scheduler.ReduceLROnPlateau (mode='min', threshold_mode='rel')",
               {o::number("factor", "factor", 0.1, 0.0, 1.0, true, true, "LR multiplier on a plateau."),
                o::integer("patience", "patience", 10, 0, 1e9, "Bad epochs tolerated before reducing."),
                o::number("threshold", "threshold", 1e-4, 0.0, 1.0, false, true,
                          "Relative improvement that counts as better."),
                o::integer("cooldown", "cooldown", 0, 0, 1e9, "Epochs to wait after a reduction."),
                o::number("min_lr", "min lr", 0.0, 0.0, 10.0, false, false, "Lower bound on the LR."),
                o::number("eps", "ε", 1e-8, 0.0, 1.0, false, false,
                          "Reductions smaller than this are skipped.")},
               [](const ParamValues& given, std::int64_t) -> std::unique_ptr<Schedule> {
                 const ParamValues p = sched_params("plateau", given);
                 PlateauConfig c;
                 c.factor = p.get("factor");
                 c.patience = std::int64_t(p.get("patience"));
                 c.threshold = p.get("threshold");
                 c.cooldown = std::int64_t(p.get("cooldown"));
                 c.min_lr = p.get("min_lr");
                 c.eps = p.get("eps");
                 return std::make_unique<PlateauSchedule>(c);
               }});
  return r;
}

}  // namespace

const std::vector<OptimizerEntry>& optimizer_registry() {
  static const std::vector<OptimizerEntry> r = build_optimizers();
  return r;
}

const OptimizerEntry* find_optimizer(const std::string& id) {
  for (const OptimizerEntry& e : optimizer_registry())
    if (e.id == id) return &e;
  return nullptr;
}

const std::vector<ScheduleEntry>& schedule_registry() {
  static const std::vector<ScheduleEntry> r = build_schedules();
  return r;
}

const ScheduleEntry* find_schedule(const std::string& id) {
  for (const ScheduleEntry& e : schedule_registry())
    if (e.id == id) return &e;
  return nullptr;
}

namespace {
ParamValues opt_params(const char* id, const ParamValues& given) {
  return o::with_defaults(find_optimizer(id)->params, given);
}
ParamValues sched_params(const char* id, const ParamValues& given) {
  return o::with_defaults(find_schedule(id)->params, given);
}
}  // namespace

}  // namespace descent
