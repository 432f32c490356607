// The optimizer and schedule registries: one row per id, read by the spec validator, the trainer,
// the JS registry() (the page, the exports, index.d.ts) and the docs. Adding an optimizer = its own
// file + one row here + its tests. Every row's ParamSpecs carry torch's names and defaults; "lr" is
// always an optimizer's first. A row also says how it is written elsewhere: its formula in TeX,
// its torch and Keras forms and its "explain this step" lines (core/registry/forms.hpp).
#include <limits>
#include <memory>
#include <utility>

#include "core/optim/adadelta.hpp"
#include "core/optim/adagrad.hpp"
#include "core/optim/adam.hpp"
#include "core/optim/adamax.hpp"
#include "core/optim/lion.hpp"
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

// ---- explain lines (core/registry/forms.hpp): the pieces every optimizer shares --------------
ExplainLine line(std::string plain, std::string tex, std::string note = "", std::string check = "") {
  return {"", std::move(plain), std::move(tex), std::move(note), std::move(check), ""};
}
ExplainLine when(std::string cond, ExplainLine l) {
  l.when = std::move(cond);
  return l;
}
// The gradient, first line of every optimizer.
ExplainLine grad_line(bool weight_decay_in_g = true) {
  return line("g = ∂L/∂w = $g", R"(g = \frac{\partial L}{\partial w} = $g)",
              std::string("the gradient of this parameter in step t = $t") +
                  (weight_decay_in_g ? "${if @weight_decay} (weight decay $@weight_decay included)${end}" : ""));
}
// The parameter before the step (the engine reports w after it and the step).
ExplainLine w_before(std::string expr = "w - step", std::string cond = "") {
  return {std::move(cond), "", "", "", "", "w_before = " + std::move(expr)};
}
// The update, last line of every optimizer: w <- expr = w.
ExplainLine w_line(const std::string& plain, const std::string& tex, std::string check) {
  return line("w ← " + plain + " = $w", R"(w \leftarrow )" + tex + " = $w",
              "the parameter moves by $step (from $w_before)", std::move(check));
}

// The Adam family's moments (Adam, AdamW, AMSGrad, Adamax, NAdam).
ExplainLine m_line(std::string note) {
  return line("m ← β₁·m + (1 − β₁)·g = $m", R"(m \leftarrow \beta_1 m + (1 - \beta_1)\,g = $m)", std::move(note));
}
ExplainLine v_line(std::string note) {
  return line("v ← β₂·v + (1 − β₂)·g² = $v", R"(v \leftarrow \beta_2 v + (1 - \beta_2)\,g^2 = $v)", std::move(note));
}

std::vector<ExplainLine> adam_lines(bool decoupled) {
  std::vector<ExplainLine> l{grad_line(!decoupled)};
  if (decoupled) {
    l.push_back(when("?decay_factor",
                     line("w ← w·(1 − lr·λ), factor $decay_factor",
                          R"(w \leftarrow w\,(1 - \eta\lambda),\ \text{factor } $decay_factor)",
                          "decoupled weight decay, before the Adam step",
                          "decay_factor = 1 - lr * @weight_decay")));
  }
  l.push_back(m_line("first moment (mean of g), β₁ = ${beta1|used}"));
  l.push_back(v_line("second moment (mean of g²), β₂ = $@beta2"));
  l.push_back(when("?v_max", line("v_max ← max(v_max, v) = $v_max",
                                  R"(v_{\max} \leftarrow \max(v_{\max}, v) = $v_max)",
                                  "AMSGrad keeps the largest v", "v_max = max(v_max, v)")));
  l.push_back(line("1 − β₁ᵗ = $bias_correction1,  1 − β₂ᵗ = $bias_correction2",
                   R"(1 - \beta_1^t = $bias_correction1,\quad 1 - \beta_2^t = $bias_correction2)",
                   "bias corrections: the moments start at 0, so early averages are too small",
                   "bias_correction1 = 1 - beta1 ^ t; bias_correction2 = 1 - @beta2 ^ t"));
  l.push_back(when("!?v_max", line("m̂ = m / (1 − β₁ᵗ) = $m_hat,  v̂ = v / (1 − β₂ᵗ) = $v_hat",
                                   R"(\hat{m} = \frac{m}{1 - \beta_1^t} = $m_hat,\quad \hat{v} = \frac{v}{1 - \beta_2^t} = $v_hat)",
                                   "", "m_hat = m / bias_correction1; v_hat = v / bias_correction2")));
  l.push_back(when("?v_max", line("m̂ = m / (1 − β₁ᵗ) = $m_hat,  v̂ = v_max / (1 − β₂ᵗ) = $v_hat",
                                  R"(\hat{m} = \frac{m}{1 - \beta_1^t} = $m_hat,\quad \hat{v} = \frac{v_{\max}}{1 - \beta_2^t} = $v_hat)",
                                  "", "m_hat = m / bias_correction1; v_hat = v_max / bias_correction2")));
  l.push_back(line("√v̂ + ε = $denom", R"(\sqrt{\hat{v}} + \epsilon = $denom)", "",
                   "denom = sqrt(v_hat) + @eps"));
  if (decoupled) {
    // The engine's step is the Adam part; the decay multiplied w before it.
    l.push_back(w_before("(w - step) / decay_factor", "?decay_factor"));
    l.push_back(w_before("w - step", "!?decay_factor"));
    l.push_back(when("?decay_factor",
                     w_line("w·(1 − lr·λ) − lr·m̂ / (√v̂ + ε) = $w_before·$decay_factor − $lr·${m_hat|op} / ${denom|op}",
                            R"(w\,(1 - \eta\lambda) - \eta\,\frac{\hat{m}}{\sqrt{\hat{v}} + \epsilon} = $w_before \cdot $decay_factor - $lr \cdot \frac{${m_hat|op}}{$denom})",
                            "w = w_before * decay_factor - lr * m_hat / denom")));
    l.push_back(when("!?decay_factor",
                     w_line("w − lr·m̂ / (√v̂ + ε) = $w_before − $lr·${m_hat|op} / ${denom|op}",
                            R"(w - \eta\,\frac{\hat{m}}{\sqrt{\hat{v}} + \epsilon} = $w_before - $lr \cdot \frac{${m_hat|op}}{$denom})",
                            "w = w_before - lr * m_hat / denom")));
  } else {
    l.push_back(w_before());
    l.push_back(w_line("w − lr·m̂ / (√v̂ + ε) = $w_before − $lr·${m_hat|op} / ${denom|op}",
                       R"(w - \eta\,\frac{\hat{m}}{\sqrt{\hat{v}} + \epsilon} = $w_before - $lr \cdot \frac{${m_hat|op}}{$denom})",
                       "w = w_before - lr * m_hat / denom"));
  }
  return l;
}

const char* kAdamTex =
    R"(m \leftarrow \beta_1 m + (1 - \beta_1)\,g;\quad v \leftarrow \beta_2 v + (1 - \beta_2)\,g^2;\quad )"
    R"(w \leftarrow w - \eta\,\frac{m / (1 - \beta_1^t)}{\sqrt{v / (1 - \beta_2^t)} + \epsilon})";
const char* kFirstMoment = "the first moment (the averaged gradient)";

std::vector<OptimizerEntry> build_optimizers() {
  std::vector<OptimizerEntry> r;

  r.push_back(
      {"sgd", "SGD", "w <- w - lr (g + weight_decay w)", R"(w \leftarrow w - \eta\,(g + \lambda w))",
       "torch.optim.SGD (momentum=0)",
       {o::lr(0.01, /*required=*/true), o::weight_decay(0.0)},
       [](const ParamValues& p) { return make_with<Sgd>(SgdConfig::from(opt_params("sgd", p))); },
       {"torch.optim.SGD(model.parameters(), lr=$lr, weight_decay=$weight_decay)"},
       {"keras.optimizers.SGD(learning_rate=$lr${if weight_decay}, weight_decay=$weight_decay${end})"},
       {when("!?step_length", grad_line()),
        // With a line search (training.line_search) the step length replaces the learning rate.
        when("?step_length", line("g = ∂L/∂w = $g", R"(g = \frac{\partial L}{\partial w} = $g)",
                                  "the gradient of this parameter in the last step")),
        when("?step_length", line("a = $step_length", "a = $step_length",
                                  "the step length the line search accepted (it replaces the learning rate)")),
        w_before(),
        when("!?step_length", w_line("w − lr·g = $w_before − $lr·${g|op}",
                                     R"(w - \eta\, g = $w_before - $lr \cdot ${g|op})",
                                     "w = w_before - lr * g")),
        when("?step_length", w_line("w − a·g = $w_before − $step_length·${g|op}",
                                    R"(w - a\, g = $w_before - $step_length \cdot ${g|op})",
                                    "w = w_before - step_length * g"))},
       "", ""});

  r.push_back(
      {"momentum", "Momentum",
       "torch: v <- mu v + (1 - dampening) g (v = g on step 1); ema: v <- mu v + (1 - mu) g; "
       "w <- w - lr v",
       R"(\text{torch: } v \leftarrow \mu v + (1 - \tau)\,g\ \ (v_1 = g);\quad )"
       R"(\text{ema: } v \leftarrow \mu v + (1 - \mu)\,g;\quad w \leftarrow w - \eta v)",
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
       },
       {"${if form=ema}EmaMomentum(model.parameters(), lr=$lr, beta=$momentum, weight_decay=$weight_decay)"
        "${else}torch.optim.SGD(model.parameters(), lr=$lr, momentum=$momentum, dampening=$dampening, "
        "weight_decay=$weight_decay)${end}",
        "${if form=ema}class EmaMomentum(torch.optim.Optimizer):\n"
        "    \"\"\"Momentum as many tutorials write it: v = beta v + (1 - beta) g; w = w - lr v.\"\"\"\n"
        "    def __init__(self, params, lr, beta, weight_decay=0.0):\n"
        "        # \"momentum\": the name OneCycleLR(cycle_momentum=True) looks for.\n"
        "        super().__init__(params, dict(lr=lr, momentum=beta, weight_decay=weight_decay))\n"
        "\n"
        "    @torch.no_grad()\n"
        "    def step(self):\n"
        "        for g in self.param_groups:\n"
        "            for p in g[\"params\"]:\n"
        "                d = p.grad if g[\"weight_decay\"] == 0 else p.grad.add(p, alpha=g[\"weight_decay\"])\n"
        "                v = self.state[p].setdefault(\"v\", torch.zeros_like(p))\n"
        "                v.mul_(g[\"momentum\"]).add_(d, alpha=1 - g[\"momentum\"])\n"
        "                p.add_(v, alpha=-g[\"lr\"])\n${end}"},
       // Keras: v = mu v - lr g; w += v, the torch form with the learning rate inside v; ema with
       // lr is torch with lr (1 - mu).
       {"keras.optimizers.SGD(learning_rate=$lr${if form=ema} * (1 - $momentum)${end}, momentum=$momentum)"},
       {grad_line(),
        when("@form=ema", line("v ← μ·v + (1 − μ)·g = $v", R"(v \leftarrow \mu v + (1 - \mu)\,g = $v)",
                              "velocity, μ = ${momentum|used} (the moving-average form)")),
        when("@form!=ema", line("v ← μ·v + ${if @dampening}(1 − $@dampening)·${end}g = $v",
                               R"(v \leftarrow \mu v + ${if @dampening}(1 - $@dampening)\,${end}g = $v)",
                               "velocity, μ = ${momentum|used}${if t=1} (step 1: v = g)${end}")),
        w_before(),
        w_line("w − lr·v = $w_before − $lr·${v|op}", R"(w - \eta\, v = $w_before - $lr \cdot ${v|op})",
               "w = w_before - lr * v")},
       "v", "the velocity, the direction momentum moves in"});

  {
    ParamSpec mu = o::number("momentum", "momentum μ", 0.9, 0.0, 1.0, true, true,
                             "Kept velocity; torch's nesterov=True needs it > 0.");
    r.push_back(
        {"nesterov", "Nesterov", "v <- mu v + g (v = g on step 1); w <- w - lr (g + mu v)",
         R"(v \leftarrow \mu v + g\ \ (v_1 = g);\quad w \leftarrow w - \eta\,(g + \mu v))",
         "Sutskever et al. 2013; torch.optim.SGD(momentum, nesterov=True)",
         {o::lr(0.01, true), mu, o::weight_decay(0.0)},
         [](const ParamValues& p) {
           return make_with<Nesterov>(NesterovConfig::from(opt_params("nesterov", p)));
         },
         {"torch.optim.SGD(model.parameters(), lr=$lr, momentum=$momentum, nesterov=True, "
          "weight_decay=$weight_decay)"},
         {"keras.optimizers.SGD(learning_rate=$lr, momentum=$momentum, nesterov=True)"},
         {grad_line(),
          line("v ← μ·v + g = $v", R"(v \leftarrow \mu v + g = $v)", "velocity, μ = ${momentum|used}"),
          line("g + μ·v = $g_nesterov", R"(g + \mu v = $g_nesterov)",
               "the look-ahead gradient: the velocity applied once more", "g_nesterov = g + momentum * v"),
          w_before(),
          w_line("w − lr·(g + μ·v) = $w_before − $lr·${g_nesterov|op}",
                 R"(w - \eta\,(g + \mu v) = $w_before - $lr \cdot ${g_nesterov|op})",
                 "w = w_before - lr * g_nesterov")},
         "v", "the velocity, the direction momentum moves in"});
  }

  {
    ParamSpec lr_decay = o::number("lr_decay", "lr decay", 0.0, 0.0, kInf, false, false,
                                   "clr = lr / (1 + (t - 1) lr_decay).");
    lr_decay.ui_max = 0.1;
    ParamSpec init = o::number("initial_accumulator_value", "initial accumulator", 0.0, 0.0, kInf,
                               false, false, "Starting value of the sum of squared gradients.");
    init.ui_max = 1.0;
    ParamSpec eps = o::eps(1e-10);
    r.push_back(
        {"adagrad", "Adagrad", "sum <- sum + g^2; w <- w - clr g / (sqrt(sum) + eps)",
         R"(s \leftarrow s + g^2;\quad w \leftarrow w - \frac{\eta_t\, g}{\sqrt{s} + \epsilon},\quad )"
         R"(\eta_t = \frac{\eta}{1 + (t - 1)\,\text{lr\_decay}})",
         "Duchi et al. 2011; torch.optim.Adagrad",
         {o::lr(0.01), lr_decay, eps, init, o::weight_decay(0.0)},
         [](const ParamValues& p) {
           return make_with<Adagrad>(AdagradConfig::from(opt_params("adagrad", p)));
         },
         {"torch.optim.Adagrad(model.parameters(), lr=$lr, lr_decay=$lr_decay, weight_decay=$weight_decay, "
          "initial_accumulator_value=$initial_accumulator_value, eps=$eps)"},
         {"keras.optimizers.Adagrad(learning_rate=$lr, initial_accumulator_value=$initial_accumulator_value, "
          "epsilon=$eps)"},
         {grad_line(),
          line("sum ← sum + g² = $sum", R"(s \leftarrow s + g^2 = $sum)",
               "every squared gradient so far: it only grows, so the steps only shrink"),
          line("clr = lr / (1 + (t − 1)·lr_decay) = $clr",
               R"(\eta_t = \frac{\eta}{1 + (t - 1)\,\text{lr\_decay}} = $clr)", "",
               "clr = lr / (1 + (t - 1) * @lr_decay)"),
          line("√sum + ε = $denom", R"(\sqrt{s} + \epsilon = $denom)", "", "denom = sqrt(sum) + @eps"),
          w_before(),
          w_line("w − clr·g / (√sum + ε) = $w_before − $clr·${g|op} / ${denom|op}",
                 R"(w - \frac{\eta_t\, g}{\sqrt{s} + \epsilon} = $w_before - \frac{$clr \cdot ${g|op}}{$denom})",
                 "w = w_before - clr * g / denom")},
         "", ""});
  }

  r.push_back(
      {"rmsprop", "RMSprop",
       "sq <- alpha sq + (1 - alpha) g^2; w <- w - lr g / (sqrt(sq) + eps) (centered: sq - mean(g)^2)",
       R"(s \leftarrow \alpha s + (1 - \alpha)\,g^2;\quad w \leftarrow w - \frac{\eta\, g}{\sqrt{s} + \epsilon})"
       R"(\ \ (\text{centered: } \sqrt{s - \bar{g}^2}))",
       "Hinton 2012 (Coursera 6e); torch.optim.RMSprop",
       {o::lr(0.01), o::unit("alpha", "α", 0.99, "Decay of the mean of squared gradients."),
        o::eps(1e-8), o::unit("momentum", "momentum", 0.0, "Momentum on the normalised step (0 = off)."),
        o::boolean("centered", "centered", false,
                   "Divide by an estimate of the gradient's variance instead of its raw second moment."),
        o::weight_decay(0.0)},
       [](const ParamValues& p) {
         return make_with<Rmsprop>(RmspropConfig::from(opt_params("rmsprop", p)));
       },
       {"torch.optim.RMSprop(model.parameters(), lr=$lr, alpha=$alpha, eps=$eps, weight_decay=$weight_decay, "
        "momentum=$momentum, centered=$centered)"},
       {"keras.optimizers.RMSprop(learning_rate=$lr, rho=$alpha, momentum=$momentum, epsilon=$eps, "
        "centered=$centered)"},
       {grad_line(),
        line("sq ← α·sq + (1 − α)·g² = $square_avg", R"(s \leftarrow \alpha s + (1 - \alpha)\,g^2 = $square_avg)",
             "a moving average of squared gradients, α = $@alpha"),
        when("@centered", line("ḡ ← α·ḡ + (1 − α)·g = $grad_avg",
                               R"(\bar{g} \leftarrow \alpha \bar{g} + (1 - \alpha)\,g = $grad_avg)",
                               "centered: the mean gradient, whose square is subtracted from sq")),
        when("@centered", line("√(sq − ḡ²) + ε = $avg", R"(\sqrt{s - \bar{g}^2} + \epsilon = $avg)", "",
                               "avg = sqrt(square_avg - grad_avg ^ 2) + @eps")),
        when("!@centered", line("√sq + ε = $avg", R"(\sqrt{s} + \epsilon = $avg)", "",
                                "avg = sqrt(square_avg) + @eps")),
        when("?buf", line("buf ← μ·buf + g / (√sq + ε) = $buf",
                          R"(b \leftarrow \mu b + \frac{g}{\sqrt{s} + \epsilon} = $buf)",
                          "momentum ${momentum|used} on the normalised step")),
        w_before(),
        when("?buf", w_line("w − lr·buf = $w_before − $lr·${buf|op}", R"(w - \eta\, b = $w_before - $lr \cdot ${buf|op})",
                            "w = w_before - lr * buf")),
        when("!?buf", w_line("w − lr·g / (√sq + ε) = $w_before − $lr·${g|op} / ${avg|op}",
                             R"(w - \frac{\eta\, g}{\sqrt{s} + \epsilon} = $w_before - \frac{$lr \cdot ${g|op}}{$avg})",
                             "w = w_before - lr * g / avg"))},
       "buf", "the momentum buffer (momentum > 0)"});

  {
    auto specs = adam_family(0.001, 0.0, "");
    specs.push_back(o::boolean("amsgrad", "AMSGrad", false,
                               "Use the running maximum of v (Reddi et al. 2018)."));
    r.push_back({"adam", "Adam",
                 "m <- b1 m + (1-b1) g; v <- b2 v + (1-b2) g^2; "
                 "w <- w - lr (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)",
                 kAdamTex, "Kingma & Ba 2015; torch.optim.Adam", specs,
                 [](const ParamValues& p) {
                   return make_with<Adam>(AdamConfig::from(opt_params("adam", p)));
                 },
                 {"torch.optim.Adam(model.parameters(), lr=$lr, betas=($beta1, $beta2), eps=$eps, "
                  "weight_decay=$weight_decay, amsgrad=$amsgrad)"},
                 {"keras.optimizers.Adam(learning_rate=$lr, beta_1=$beta1, beta_2=$beta2, epsilon=$eps, "
                  "amsgrad=$amsgrad)"},
                 adam_lines(false), "m", kFirstMoment});
  }
  {
    auto specs = adam_family(0.001, 0.01, kDecoupled);
    specs.push_back(o::boolean("amsgrad", "AMSGrad", false,
                               "Use the running maximum of v (Reddi et al. 2018)."));
    r.push_back({"adamw", "AdamW",
                 "w <- w (1 - lr weight_decay); then Adam without L2 on the gradient",
                 R"(w \leftarrow w\,(1 - \eta\lambda);\ \text{then Adam without } \lambda \text{ in the gradient})",
                 "Loshchilov & Hutter 2019; torch.optim.AdamW", specs,
                 [](const ParamValues& p) {
                   AdamConfig c = AdamConfig::from(opt_params("adamw", p));
                   c.decoupled_weight_decay = true;
                   return make_with<Adam>(c);
                 },
                 {"torch.optim.AdamW(model.parameters(), lr=$lr, betas=($beta1, $beta2), eps=$eps, "
                  "weight_decay=$weight_decay, amsgrad=$amsgrad)"},
                 {"keras.optimizers.AdamW(learning_rate=$lr, weight_decay=$weight_decay, beta_1=$beta1, "
                  "beta_2=$beta2, epsilon=$eps, amsgrad=$amsgrad)"},
                 adam_lines(true), "m", kFirstMoment});
  }
  r.push_back({"amsgrad", "AMSGrad", "Adam with v_max <- max(v_max, v) in the denominator",
               R"(\text{Adam with } v_{\max} \leftarrow \max(v_{\max}, v) \text{ in the denominator})",
               "Reddi et al. 2018; torch.optim.Adam(amsgrad=True)", adam_family(0.001, 0.0, ""),
               [](const ParamValues& p) {
                 AdamConfig c = AdamConfig::from(opt_params("amsgrad", p));
                 c.amsgrad = true;
                 return make_with<Adam>(c);
               },
               {"torch.optim.Adam(model.parameters(), lr=$lr, betas=($beta1, $beta2), eps=$eps, "
                "weight_decay=$weight_decay, amsgrad=True)"},
               {"keras.optimizers.Adam(learning_rate=$lr, beta_1=$beta1, beta_2=$beta2, epsilon=$eps, "
                "amsgrad=True)"},
               adam_lines(false), "m", kFirstMoment});

  r.push_back(
      {"adamax", "Adamax", "m <- b1 m + (1-b1) g; u <- max(b2 u, |g| + eps); w <- w - lr / (1-b1^t) m / u",
       R"(m \leftarrow \beta_1 m + (1 - \beta_1)\,g;\quad u \leftarrow \max(\beta_2 u, |g| + \epsilon);\quad )"
       R"(w \leftarrow w - \frac{\eta}{1 - \beta_1^t}\,\frac{m}{u})",
       "Kingma & Ba 2015 (sec. 7.1); torch.optim.Adamax", adam_family(0.002, 0.0, ""),
       [](const ParamValues& p) {
         return make_with<Adamax>(AdamaxConfig::from(opt_params("adamax", p)));
       },
       {"torch.optim.Adamax(model.parameters(), lr=$lr, betas=($beta1, $beta2), eps=$eps, "
        "weight_decay=$weight_decay)"},
       {"keras.optimizers.Adamax(learning_rate=$lr, beta_1=$beta1, beta_2=$beta2, epsilon=$eps)"},
       {grad_line(),
        m_line("β₁ = ${beta1|used}"),
        line("u ← max(β₂·u, |g| + ε) = $u", R"(u \leftarrow \max(\beta_2 u, |g| + \epsilon) = $u)",
             "an exponentially weighted infinity norm", "u = max(u, abs(g) + @eps)"),
        line("clr = lr / (1 − β₁ᵗ) = $clr", R"(\eta_t = \frac{\eta}{1 - \beta_1^t} = $clr)",
             "bias correction 1 − β₁ᵗ = $bias_correction1",
             "clr = lr / bias_correction1; bias_correction1 = 1 - beta1 ^ t"),
        w_before(),
        w_line("w − clr·m / u = $w_before − $clr·${m|op} / ${u|op}",
               R"(w - \eta_t\,\frac{m}{u} = $w_before - $clr \cdot \frac{${m|op}}{$u})",
               "w = w_before - clr * m / u")},
       "m", kFirstMoment});

  {
    auto specs = adam_family(0.002, 0.0, "");
    ParamSpec md = o::number("momentum_decay", "momentum decay ψ", 0.004, 0.0, kInf, false, false,
                             "mu_t = beta1 (1 - 0.5 * 0.96^(t psi)).");
    md.ui_max = 0.1;
    specs.push_back(md);
    r.push_back(
        {"nadam", "NAdam",
         "Adam with Nesterov momentum: w <- w - lr ((1-mu_t) g / (1-prod mu) + mu_{t+1} m / "
         "(1-prod mu mu_{t+1})) / (sqrt(v / (1-b2^t)) + eps)",
         R"(w \leftarrow w - \eta\,\frac{\frac{(1 - \mu_t)\,g}{1 - \prod_{i \le t} \mu_i} + )"
         R"(\frac{\mu_{t+1}\, m}{1 - \prod_{i \le t+1} \mu_i}}{\sqrt{v / (1 - \beta_2^t)} + \epsilon},\quad )"
         R"(\mu_t = \beta_1\,(1 - \tfrac{1}{2}\, 0.96^{t\psi}))",
         "Dozat 2016; torch.optim.NAdam", specs,
         [](const ParamValues& p) {
           return make_with<Nadam>(NadamConfig::from(opt_params("nadam", p)));
         },
         {"NAdam(model.parameters(), lr=$lr, betas=($beta1, $beta2), eps=$eps, weight_decay=$weight_decay, "
          "momentum_decay=$momentum_decay)",
          // torch before 2.0 computed mu_product_next = mu_product * mu * mu_next (one mu too many);
          // Descent follows the corrected rule, so older torch gets it from here.
          "if tuple(int(v) for v in torch.__version__.split(\"+\")[0].split(\".\")[:2]) >= (2, 0):\n"
          "    NAdam = torch.optim.NAdam\n"
          "else:\n"
          "    class NAdam(torch.optim.Optimizer):\n"
          "        \"\"\"torch 2.x NAdam (torch 1.x multiplied one mu too many into mu_product_next).\"\"\"\n"
          "        def __init__(self, params, lr=0.002, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=0.004):\n"
          "            super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay))\n"
          "\n"
          "        @torch.no_grad()\n"
          "        def step(self):\n"
          "            for g in self.param_groups:\n"
          "                b1, b2 = g[\"betas\"]\n"
          "                for p in g[\"params\"]:\n"
          "                    st = self.state[p]\n"
          "                    if not st:\n"
          "                        st.update(t=0, mu_product=torch.tensor(1.0), m=torch.zeros_like(p), v=torch.zeros_like(p))\n"
          "                    st[\"t\"] += 1\n"
          "                    t = st[\"t\"]\n"
          "                    grad = p.grad if g[\"weight_decay\"] == 0 else p.grad.add(p, alpha=g[\"weight_decay\"])\n"
          "                    bc2 = 1 - b2 ** t\n"
          "                    mu = b1 * (1.0 - 0.5 * 0.96 ** (t * g[\"momentum_decay\"]))\n"
          "                    mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * g[\"momentum_decay\"]))\n"
          "                    st[\"mu_product\"] *= mu\n"
          "                    st[\"m\"].lerp_(grad, 1 - b1)\n"
          "                    st[\"v\"].mul_(b2).addcmul_(grad, grad, value=1 - b2)\n"
          "                    denom = st[\"v\"].div(bc2).sqrt().add_(g[\"eps\"])\n"
          "                    p.addcdiv_(grad, denom, value=-g[\"lr\"] * (1.0 - mu) / (1.0 - st[\"mu_product\"].item()))\n"
          "                    mu_product_next = st[\"mu_product\"].item() * mu_next\n"
          "                    p.addcdiv_(st[\"m\"], denom, value=-g[\"lr\"] * mu_next / (1.0 - mu_product_next))\n"},
         {"keras.optimizers.Nadam(learning_rate=$lr, beta_1=$beta1, beta_2=$beta2, epsilon=$eps)"},
         {grad_line(),
          m_line("β₁ = ${beta1|used}"),
          v_line("β₂ = $@beta2"),
          line("μₜ = $mu,  μₜ₊₁ = $mu_next,  Πμ = $mu_product",
               R"(\mu_t = $mu,\quad \mu_{t+1} = $mu_next,\quad \prod_{i \le t} \mu_i = $mu_product)",
               "the momentum schedule: μₜ = β₁·(1 − 0.5·0.96^(t·ψ))",
               "mu = beta1 * (1 - 0.5 * 0.96 ^ (t * @momentum_decay)); "
               "mu_next = beta1 * (1 - 0.5 * 0.96 ^ ((t + 1) * @momentum_decay))"),
          line("√(v / (1 − β₂ᵗ)) + ε = $denom", R"(\sqrt{v / (1 - \beta_2^t)} + \epsilon = $denom)",
               "1 − β₂ᵗ = $bias_correction2",
               "denom = sqrt(v / bias_correction2) + @eps; bias_correction2 = 1 - @beta2 ^ t"),
          w_before(),
          w_line("w − lr·((1 − μₜ)·g / (1 − Πμ) + μₜ₊₁·m / (1 − Πμ·μₜ₊₁)) / (√(v / (1 − β₂ᵗ)) + ε) = "
                 "$w_before − $lr·((1 − $mu)·${g|op} / (1 − $mu_product) + $mu_next·${m|op} / "
                 "(1 − $mu_product·$mu_next)) / ${denom|op}",
                 R"(w - \eta\,\frac{\frac{(1 - \mu_t)\,g}{1 - \prod \mu} + \frac{\mu_{t+1}\, m}{1 - \mu_{t+1} \prod \mu}})"
                 R"({\sqrt{v / (1 - \beta_2^t)} + \epsilon} = $w_before - $lr \cdot \frac{\frac{(1 - $mu) \cdot ${g|op}}{1 - $mu_product})"
                 R"( + \frac{$mu_next \cdot ${m|op}}{1 - $mu_product \cdot $mu_next}}{$denom})",
                 "w = w_before - lr * ((1 - mu) * g / (1 - mu_product) + mu_next * m / (1 - mu_product * mu_next)) / denom")},
         "m", kFirstMoment});
  }

  r.push_back(
      {"adadelta", "Adadelta",
       "sq <- rho sq + (1-rho) g^2; d = sqrt(acc + eps) / sqrt(sq + eps) g; "
       "acc <- rho acc + (1-rho) d^2; w <- w - lr d",
       R"(s \leftarrow \rho s + (1 - \rho)\,g^2;\quad d = \frac{\sqrt{a + \epsilon}}{\sqrt{s + \epsilon}}\,g;\quad )"
       R"(a \leftarrow \rho a + (1 - \rho)\,d^2;\quad w \leftarrow w - \eta d)",
       "Zeiler 2012; torch.optim.Adadelta",
       {o::lr(1.0),
        o::number("rho", "ρ", 0.9, 0.0, 1.0, false, false,
                  "Decay of both running averages (torch allows [0, 1])."),
        o::eps(1e-6), o::weight_decay(0.0)},
       [](const ParamValues& p) {
         return make_with<Adadelta>(AdadeltaConfig::from(opt_params("adadelta", p)));
       },
       {"torch.optim.Adadelta(model.parameters(), lr=$lr, rho=$rho, eps=$eps, weight_decay=$weight_decay)"},
       {"keras.optimizers.Adadelta(learning_rate=$lr, rho=$rho, epsilon=$eps)"},
       {grad_line(),
        line("sq ← ρ·sq + (1 − ρ)·g² = $square_avg", R"(s \leftarrow \rho s + (1 - \rho)\,g^2 = $square_avg)",
             "ρ = $@rho"),
        line("d = √(acc + ε) / √(sq + ε) · g = $delta",
             R"(d = \frac{\sqrt{a + \epsilon}}{\sqrt{s + \epsilon}}\,g = $delta)",
             "the step in units of past steps"),
        line("acc ← ρ·acc + (1 − ρ)·d² = $acc_delta", R"(a \leftarrow \rho a + (1 - \rho)\,d^2 = $acc_delta)"),
        w_before(),
        w_line("w − lr·d = $w_before − $lr·${delta|op}", R"(w - \eta\, d = $w_before - $lr \cdot ${delta|op})",
               "w = w_before - lr * delta")},
       "", ""});

  r.push_back(
      {"lion", "Lion",
       "c = b1 m + (1-b1) g; w <- w (1 - lr weight_decay) - lr sign(c); m <- b2 m + (1-b2) g",
       R"(c = \beta_1 m + (1 - \beta_1)\,g;\quad w \leftarrow w\,(1 - \eta\lambda) - \eta\,\operatorname{sign}(c);\quad )"
       R"(m \leftarrow \beta_2 m + (1 - \beta_2)\,g)",
       "Chen et al. 2023 (arXiv:2302.06675); lion-pytorch (not in torch.optim)",
       {o::lr(1e-4), o::unit("beta1", "β₁", 0.9, "How much of the momentum the sign of the step reads; torch betas[0]."),
        o::unit("beta2", "β₂", 0.99, "Decay of the momentum itself, updated after the step; torch betas[1]."),
        o::weight_decay(0.0, "Decoupled weight decay: w <- w (1 - lr weight_decay) before the sign step.")},
       [](const ParamValues& p) { return make_with<Lion>(LionConfig::from(opt_params("lion", p))); },
       {"Lion(model.parameters(), lr=$lr, betas=($beta1, $beta2), weight_decay=$weight_decay)",
        "class Lion(torch.optim.Optimizer):\n"
        "    \"\"\"Lion (Chen et al. 2023, arXiv:2302.06675) as lion-pytorch and Descent compute it.\"\"\"\n"
        "    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0):\n"
        "        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay))\n"
        "\n"
        "    @torch.no_grad()\n"
        "    def step(self):\n"
        "        for g in self.param_groups:\n"
        "            b1, b2 = g[\"betas\"]\n"
        "            for p in g[\"params\"]:\n"
        "                st = self.state[p]\n"
        "                if not st:\n"
        "                    st[\"exp_avg\"] = torch.zeros_like(p)\n"
        "                m = st[\"exp_avg\"]\n"
        "                if g[\"weight_decay\"] != 0:\n"
        "                    p.mul_(1 - g[\"lr\"] * g[\"weight_decay\"])\n"
        "                p.add_(torch.lerp(m, p.grad, 1 - b1).sign_(), alpha=-g[\"lr\"])\n"
        "                m.lerp_(p.grad, 1 - b2)\n"},
       {"keras.optimizers.Lion(learning_rate=$lr, beta_1=$beta1, beta_2=$beta2${if weight_decay}, "
        "weight_decay=$weight_decay${end})"},
       {grad_line(false),
        when("?decay_factor", line("w ← w·(1 − lr·λ), factor $decay_factor",
                                   R"(w \leftarrow w\,(1 - \eta\lambda),\ \text{factor } $decay_factor)",
                                   "decoupled weight decay, before the sign step",
                                   "decay_factor = 1 - lr * @weight_decay")),
        line("c = β₁·m + (1 − β₁)·g = $c", R"(c = \beta_1 m + (1 - \beta_1)\,g = $c)",
             "m = $m_prev from before this step, β₁ = ${beta1|used}", "c = beta1 * m_prev + (1 - beta1) * g"),
        line("sign(c) = $update", R"(\operatorname{sign}(c) = $update)",
             "only the direction counts: the parameter moves by exactly lr (or stays)", "update = c / abs(c)"),
        line("m ← β₂·m + (1 − β₂)·g = $m", R"(m \leftarrow \beta_2 m + (1 - \beta_2)\,g = $m)",
             "the momentum, updated after the step, β₂ = $@beta2", "m = @beta2 * m_prev + (1 - @beta2) * g"),
        w_before("(w - step) / decay_factor", "?decay_factor"),
        w_before("w - step", "!?decay_factor"),
        when("?decay_factor", w_line("w·(1 − lr·λ) − lr·sign(c) = $w_before·$decay_factor − $lr·${update|op}",
                                     R"(w\,(1 - \eta\lambda) - \eta\,\operatorname{sign}(c) = $w_before \cdot $decay_factor - $lr \cdot ${update|op})",
                                     "w = w_before * decay_factor - lr * update")),
        when("!?decay_factor", w_line("w − lr·sign(c) = $w_before − $lr·${update|op}",
                                      R"(w - \eta\,\operatorname{sign}(c) = $w_before - $lr \cdot ${update|op})",
                                      "w = w_before - lr * update"))},
       "m", "the momentum, whose sign (mixed with g) sets the direction"});

  return r;
}

// A Keras callback that sets the LR at each epoch start to f(epoch) (the torch schedules below are
// stepped at epoch ends, so epoch e trains with f(e) in both).
std::string keras_epochwise(const std::string& f) {
  return "keras.callbacks.LearningRateScheduler(lambda epoch, lr: " + f + ")";
}

std::vector<ScheduleEntry> build_schedules() {
  std::vector<ScheduleEntry> r;
  r.push_back({"constant", "Constant", "lr", R"(\eta_t = \eta)", "(no scheduler)", {},
               [](const ParamValues&, std::int64_t) -> std::unique_ptr<Schedule> {
                 return std::make_unique<ConstantSchedule>();
               },
               {"None"}, "", {"None"}});
  r.push_back({"step", "Step decay", "lr = base gamma^floor(epoch / step_size)",
               R"(\eta_e = \eta\,\gamma^{\lfloor e / \text{step\_size} \rfloor})",
               "torch.optim.lr_scheduler.StepLR",
               {o::integer("step_size", "step size", 10, 1, 1e9, "Epochs between decays."),
                o::number("gamma", "γ", 0.1, 0.0, 1.0, true, false, "Factor applied every step_size epochs.")},
               [](const ParamValues& given, std::int64_t) -> std::unique_ptr<Schedule> {
                 const ParamValues p = sched_params("step", given);
                 StepConfig c;
                 c.step_size = std::int64_t(p.get("step_size"));
                 c.gamma = p.get("gamma");
                 return std::make_unique<StepSchedule>(c);
               },
               {"torch.optim.lr_scheduler.StepLR(opt, step_size=$step_size, gamma=$gamma)"}, "epoch",
               {keras_epochwise("${run.lr} * $gamma ** (epoch // $step_size)")}});
  r.push_back({"exponential", "Exponential decay", "lr = base gamma^epoch", R"(\eta_e = \eta\,\gamma^{e})",
               "torch.optim.lr_scheduler.ExponentialLR",
               {o::number("gamma", "γ", 0.95, 0.0, 1.0, true, false, "Factor applied every epoch.")},
               [](const ParamValues& given, std::int64_t) -> std::unique_ptr<Schedule> {
                 const ParamValues p = sched_params("exponential", given);
                 ExponentialConfig c;
                 c.gamma = p.get("gamma");
                 return std::make_unique<ExponentialSchedule>(c);
               },
               {"torch.optim.lr_scheduler.ExponentialLR(opt, gamma=$gamma)"}, "epoch",
               {keras_epochwise("${run.lr} * $gamma ** epoch")}});
  r.push_back({"cosine", "Cosine annealing",
               "lr = eta_min + (base - eta_min) (1 + cos(pi epoch / t_max)) / 2",
               R"(\eta_e = \eta_{\min} + (\eta - \eta_{\min})\,\frac{1 + \cos(\pi e / T_{\max})}{2})",
               "torch.optim.lr_scheduler.CosineAnnealingLR",
               {o::integer("t_max", "T_max", 50, 1, 1e9, "Epochs from base to eta_min (torch T_max)."),
                o::number("eta_min", "η_min", 0.0, 0.0, 10.0, false, false, "The lowest LR.")},
               [](const ParamValues& given, std::int64_t) -> std::unique_ptr<Schedule> {
                 const ParamValues p = sched_params("cosine", given);
                 CosineConfig c;
                 c.t_max = std::int64_t(p.get("t_max"));
                 c.eta_min = p.get("eta_min");
                 return std::make_unique<CosineSchedule>(c);
               },
               {"torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=$t_max, eta_min=$eta_min)"}, "epoch",
               {keras_epochwise("$eta_min + (${run.lr} - $eta_min) * (1 + math.cos(math.pi * epoch / $t_max)) / 2")}});
  r.push_back({"linear_warmup", "Linear warm-up",
               "lr = base (start_factor + (end_factor - start_factor) min(epoch, total_iters) / total_iters)",
               R"(\eta_e = \eta\,\Bigl(\text{start} + (\text{end} - \text{start})\,\frac{\min(e, n)}{n}\Bigr),\quad )"
               R"(n = \text{total\_iters})",
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
               },
               {"torch.optim.lr_scheduler.LinearLR(opt, start_factor=$start_factor, end_factor=$end_factor, "
                "total_iters=$total_iters)"},
               "epoch",
               {keras_epochwise("${run.lr} * ($start_factor + ($end_factor - $start_factor) * "
                                "min(epoch, $total_iters) / $total_iters)")}});
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
         R"(\text{per step: } \eta \text{ rises from } \frac{\eta_{\max}}{\text{div}} \text{ to } \eta_{\max})"
         R"( \text{ over the first pct\_start of the steps (cos), then falls to } )"
         R"(\frac{\eta_{\max}}{\text{div} \cdot \text{final\_div}};\ \text{cycle\_momentum: } \mu )"
         R"(\text{ the other way, } \mu_{\max} \to \mu_{\text{base}} \to \mu_{\max})",
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
         },
         {"torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=$max_lr, "
          "total_steps=${if total_steps}$total_steps${else}${run.total_steps}${end}, pct_start=$pct_start, "
          "anneal_strategy=$anneal_strategy, div_factor=$div_factor, final_div_factor=$final_div_factor, "
          "three_phase=$three_phase, cycle_momentum=$cycle_momentum"
          "${if cycle_momentum}, base_momentum=$base_momentum, max_momentum=$max_momentum${end})"},
         "step",
         no_equivalent("Keras has no one-cycle schedule (keras.optimizers.schedules has no OneCycleLR)")});
  }
  r.push_back({"plateau", "Reduce on plateau",
               "lr <- max(lr factor, min_lr) when the metric has not improved by threshold (relative) "
               "for more than patience epochs",
               R"(\eta \leftarrow \max(\eta \cdot \text{factor}, \eta_{\min}) \text{ when the metric has not )"
               R"(improved below } \text{best} \cdot (1 - \text{threshold}) \text{ for more than patience epochs})",
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
               },
               {"torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode=\"min\", factor=$factor, patience=$patience, "
                "threshold=$threshold, threshold_mode=\"rel\", cooldown=$cooldown, min_lr=$min_lr, eps=$eps)"},
               "metric",
               // Keras's min_delta is absolute where torch's threshold is relative.
               {"keras.callbacks.ReduceLROnPlateau(monitor=${if run.validation}\"val_loss\"${else}\"loss\"${end}, "
                "factor=$factor, patience=$patience, min_delta=$threshold, cooldown=$cooldown, min_lr=$min_lr)"}});
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
