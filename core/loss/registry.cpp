// The loss table: one row per loss (see registry.hpp). A plain table built on first use, not
// self-registering statics (a static library may drop those). Formulas in plain text and TeX for
// the help panel and the docs, and the torch/Keras forms of the exports (core/registry/forms.hpp);
// the exact definitions and their torch sources are in each loss's header.
#include "core/loss/registry.hpp"

#include <limits>

#include "core/loss/bce.hpp"
#include "core/loss/bce_logits.hpp"
#include "core/loss/cce.hpp"
#include "core/loss/hinge.hpp"
#include "core/loss/huber.hpp"
#include "core/loss/logcosh.hpp"
#include "core/loss/mae.hpp"
#include "core/loss/mse.hpp"
#include "core/loss/multiclass_hinge.hpp"
#include "core/loss/smooth_l1.hpp"
#include "core/loss/sparse_cce.hpp"
#include "core/loss/squared_hinge.hpp"
#include "core/loss/weighted_bce.hpp"

namespace descent {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

ParamSpec number(const char* name, const char* label, double def, double min, bool min_exclusive,
                 double ui_min, double ui_max, const char* help) {
  ParamSpec p = number_param(name, label, def, min, kInf, help);
  p.min_exclusive = min_exclusive;
  p.ui_min = ui_min;
  p.ui_max = ui_max;
  return p;
}

// The validated value, or the default when a caller hands in no value at all.
double param(const ParamValues& v, const char* name, double def) {
  auto it = v.num.find(name);
  return it == v.num.end() ? def : it->second;
}

const std::vector<std::string> kLinearMlp = {"linear", "mlp"};
const std::vector<std::string> kLogisticMlp = {"logistic", "mlp"};
const std::vector<std::string> kSoftmaxMlp = {"softmax", "mlp"};
const std::vector<std::string> kSvm = {"svm"};
const std::vector<std::string> kMlp = {"mlp"};

std::vector<LossFit> regression_fits() {
  return {{Task::regression, Fit::recommended, kLinearMlp, ""}};
}

// A regression loss that also takes 0/1 labels as numbers: allowed, with a note (MSE, MAE).
std::vector<LossFit> labels_as_numbers_fits(const std::string& name) {
  return {{Task::regression, Fit::recommended, kLinearMlp, ""},
          {Task::binary, Fit::allowed, {"linear", "logistic", "mlp"},
           name + " on class labels: allowed but not recommended; use BCE"}};
}

std::vector<LossEntry> build() {
  std::vector<LossEntry> t;

  t.push_back({"mse", "Mean squared error", "L = mean((pred - target)^2)",
               R"(L = \frac{1}{N}\sum_i (\hat{y}_i - y_i)^2)", "torch.nn.MSELoss",
               LossInput::value, TargetKind::values, {}, labels_as_numbers_fits("MSE"),
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<MseLoss>();
               },
               {"nn.MSELoss()"}, {"\"mse\""}});

  t.push_back({"mae", "Mean absolute error", "L = mean(|pred - target|); gradient sign(r), 0 at r = 0",
               R"(L = \frac{1}{N}\sum_i |\hat{y}_i - y_i|;\quad \frac{\partial \ell}{\partial \hat{y}} = \operatorname{sign}(r),\ 0 \text{ at } r = 0)",
               "torch.nn.L1Loss", LossInput::value, TargetKind::values, {},
               labels_as_numbers_fits("MAE"),
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<MaeLoss>();
               },
               {"nn.L1Loss()"}, {"\"mae\""}});

  t.push_back({"huber", "Huber",
               "r = pred - target; l = 0.5 r^2 if |r| < delta, else delta (|r| - delta/2); "
               "L = mean(l)",
               R"(\ell(r) = \begin{cases} \frac{1}{2} r^2 & |r| < \delta \\ \delta\,(|r| - \frac{\delta}{2}) & \text{otherwise} \end{cases},\quad )"
               R"(r = \hat{y} - y,\quad L = \frac{1}{N}\sum_i \ell(r_i))",
               "torch.nn.HuberLoss", LossInput::value, TargetKind::values,
               {number("delta", "δ", 1.0, 0.0, true, 0.1, 5.0,
                       "Residual size where the loss turns from quadratic to linear.")},
               regression_fits(),
               [](const ParamValues& v) -> std::unique_ptr<Loss> {
                 return std::make_unique<HuberLoss>(float(param(v, "delta", 1.0)));
               },
               {"nn.HuberLoss(delta=$delta)"}, {"keras.losses.Huber(delta=$delta)"}});

  t.push_back({"smooth_l1", "Smooth L1",
               "r = pred - target; l = 0.5 r^2 / beta if |r| < beta, else |r| - beta/2; "
               "L = mean(l)  (= Huber(beta) / beta; beta = 0 is L1)",
               R"(\ell(r) = \begin{cases} \frac{r^2}{2\beta} & |r| < \beta \\ |r| - \frac{\beta}{2} & \text{otherwise} \end{cases},\quad )"
               R"(L = \frac{1}{N}\sum_i \ell(r_i)\ \ (= \text{Huber}_\beta / \beta;\ \beta = 0 \text{ is } L_1))",
               "torch.nn.SmoothL1Loss", LossInput::value, TargetKind::values,
               {number("beta", "β", 1.0, 0.0, false, 0.0, 5.0,
                       "Width of the quadratic zone around 0; 0 gives the plain L1 loss.")},
               regression_fits(),
               [](const ParamValues& v) -> std::unique_ptr<Loss> {
                 return std::make_unique<SmoothL1Loss>(float(param(v, "beta", 1.0)));
               },
               {"nn.SmoothL1Loss(beta=$beta)"},
               // SmoothL1(beta) = Huber(beta) / beta: the same minimiser, a loss scaled by 1 / beta.
               {"keras.losses.Huber(delta=$beta)"}});

  t.push_back({"logcosh", "Log-cosh",
               "L = mean(log cosh(pred - target)), computed as |r| + softplus(-2|r|) - log 2; "
               "gradient tanh(r)",
               R"(L = \frac{1}{N}\sum_i \log\cosh r_i = \frac{1}{N}\sum_i \bigl(|r_i| + \operatorname{softplus}(-2|r_i|) - \log 2\bigr);\quad )"
               R"(\frac{\partial \ell}{\partial r} = \tanh r)",
               "tf.keras.losses.LogCosh (no torch class)", LossInput::value, TargetKind::values, {},
               regression_fits(),
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<LogCoshLoss>();
               },
               {"lambda out, y: torch.mean((out - y).abs() + F.softplus(-2 * (out - y).abs()) - math.log(2.0))"},
               {"\"log_cosh\""}});

  t.push_back({"bce", "Binary cross-entropy (probabilities)",
               "L = -mean(y log p + (1 - y) log(1 - p)), each log clamped at -100",
               R"(L = -\frac{1}{N}\sum_i \bigl(y_i \log p_i + (1 - y_i) \log(1 - p_i)\bigr),\ \text{each } \log \text{ clamped at } -100)",
               "torch.nn.BCELoss", LossInput::probability, TargetKind::binary, {},
               {{Task::binary, Fit::recommended, kLogisticMlp,
                 "the model's output goes through a sigmoid first"}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<BceLoss>();
               },
               {"nn.BCELoss()"}, {"\"binary_crossentropy\""}});

  t.push_back({"bce_logits", "Binary cross-entropy (logits)",
               "L = mean(max(z, 0) - z y + log(1 + exp(-|z|))), z = logit; gradient sigmoid(z) - y",
               R"(L = \frac{1}{N}\sum_i \bigl(\max(z_i, 0) - z_i y_i + \log(1 + e^{-|z_i|})\bigr);\quad )"
               R"(\frac{\partial \ell}{\partial z} = \sigma(z) - y)",
               "torch.nn.BCEWithLogitsLoss", LossInput::logit, TargetKind::binary, {},
               {{Task::binary, Fit::recommended, kLogisticMlp,
                 "the stable form: the sigmoid is inside the loss; logistic regression trains "
                 "with it"}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<BceLogitsLoss>();
               },
               {"nn.BCEWithLogitsLoss()"}, {"keras.losses.BinaryCrossentropy(from_logits=True)"}});

  t.push_back({"weighted_bce", "Class-weighted BCE",
               "w = w1 y + w0 (1 - y); L = mean(w * bce), divided by N, not by sum(w); trains on "
               "logits",
               R"(w_i = w_1 y_i + w_0 (1 - y_i);\quad L = \frac{1}{N}\sum_i w_i\,\ell_{\text{BCE}}(z_i, y_i))",
               "torch.nn.BCEWithLogitsLoss / torch.nn.BCELoss with weight", LossInput::probability,
               TargetKind::binary,
               {number("w0", "w₀", 0.2, 0.0, false, 0.0, 1.0, "Weight of negative examples (y = 0)."),
                number("w1", "w₁", 0.8, 0.0, false, 0.0, 1.0, "Weight of positive examples (y = 1).")},
               {{Task::binary, Fit::recommended, kLogisticMlp,
                 "for imbalanced classes; trains on the logits like bce_logits"}},
               [](const ParamValues& v) -> std::unique_ptr<Loss> {
                 return std::make_unique<WeightedBceLoss>(float(param(v, "w0", 0.2)),
                                                          float(param(v, "w1", 0.8)));
               },
               {"lambda out, y: F.binary_cross_entropy_with_logits(out, y, weight=$w1 * y + $w0 * (1 - y))"},
               // sample_weight per row, summed and divided by N as here.
               {"lambda y, z: keras.losses.BinaryCrossentropy(from_logits=True)(y, z, sample_weight=$w1 * y + $w0 * (1 - y))"}});

  t.push_back({"cce", "Categorical cross-entropy",
               "L = mean over rows of -sum_j t_j log softmax(z)_j; gradient softmax(z) - t",
               R"(L = -\frac{1}{N}\sum_i \sum_j t_{ij} \log \operatorname{softmax}(z_i)_j;\quad )"
               R"(\frac{\partial \ell}{\partial z} = \operatorname{softmax}(z) - t)",
               "torch.nn.CrossEntropyLoss (probability targets)", LossInput::logit,
               TargetKind::one_hot, {},
               {{Task::multiclass, Fit::recommended, kSoftmaxMlp, ""}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<CceLoss>();
               },
               {"nn.CrossEntropyLoss()"}, {"keras.losses.CategoricalCrossentropy(from_logits=True)"}});

  t.push_back({"sparse_cce", "Sparse categorical cross-entropy",
               "L = mean over rows of -log softmax(z)_y, y = class index; gradient softmax(z) - "
               "onehot(y)",
               R"(L = -\frac{1}{N}\sum_i \log \operatorname{softmax}(z_i)_{y_i};\quad )"
               R"(\frac{\partial \ell}{\partial z} = \operatorname{softmax}(z) - \operatorname{onehot}(y))",
               "torch.nn.CrossEntropyLoss (class-index targets)", LossInput::logit,
               TargetKind::label, {},
               {{Task::multiclass, Fit::recommended, kSoftmaxMlp, ""}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<SparseCceLoss>();
               },
               {"nn.CrossEntropyLoss()"}, {"keras.losses.SparseCategoricalCrossentropy(from_logits=True)"}});

  const char* kSigned = "labels 0/1 are mapped to -1/+1";
  t.push_back({"hinge", "Hinge",
               "L = mean(max(0, 1 - y f)), y in {-1, +1}; subgradient 0 at y f = 1",
               R"(L = \frac{1}{N}\sum_i \max(0, 1 - y_i f_i),\quad y_i \in \{-1, +1\})",
               "sklearn.metrics.hinge_loss (torch: relu(1 - y*f).mean())", LossInput::score,
               TargetKind::signed_label, {},
               {{Task::binary, Fit::recommended, kSvm, kSigned},
                {Task::binary, Fit::allowed, kMlp, kSigned}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<HingeLoss>();
               },
               {"lambda out, y: torch.mean(torch.clamp(1 - y * out, min=0))"}, {"\"hinge\""}});

  t.push_back({"squared_hinge", "Squared hinge", "L = mean(max(0, 1 - y f)^2), y in {-1, +1}",
               R"(L = \frac{1}{N}\sum_i \max(0, 1 - y_i f_i)^2,\quad y_i \in \{-1, +1\})",
               "tf.keras.losses.SquaredHinge (torch: relu(1 - y*f).pow(2).mean())",
               LossInput::score, TargetKind::signed_label, {},
               {{Task::binary, Fit::recommended, kSvm, kSigned},
                {Task::binary, Fit::allowed, kMlp, kSigned}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<SquaredHingeLoss>();
               },
               {"lambda out, y: torch.mean(torch.clamp(1 - y * out, min=0) ** 2)"}, {"\"squared_hinge\""}});

  t.push_back({"multiclass_hinge", "Multi-class hinge",
               "L = mean over rows of sum_{j != y} max(0, 1 - z_y + z_j) / C",
               R"(L = \frac{1}{N}\sum_i \frac{1}{C}\sum_{j \ne y_i} \max(0, 1 - z_{i y_i} + z_{ij}))",
               "torch.nn.MultiMarginLoss (p=1, margin=1)", LossInput::score, TargetKind::label,
               {},
               {{Task::multiclass, Fit::recommended, kSvm, ""},
                {Task::multiclass, Fit::allowed, kMlp, ""}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<MulticlassHingeLoss>();
               },
               {"nn.MultiMarginLoss(p=1, margin=1.0)"},
               no_equivalent("Keras has no MultiMarginLoss (categorical_hinge is max over j != y, not the mean over j)")});
  return t;
}

}  // namespace

const std::vector<LossEntry>& loss_registry() {
  static const std::vector<LossEntry> table = build();
  return table;
}

const LossEntry* find_loss(const std::string& id) {
  for (const LossEntry& e : loss_registry())
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace descent
