// The loss table: one row per loss (see registry.hpp). A plain table built on first use, not
// self-registering statics (a static library may drop those). Formulas are plain text for the
// help panel; the exact definitions and their torch sources are in each loss's header.
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

std::vector<LossEntry> build() {
  std::vector<LossEntry> t;

  t.push_back({"mse", "Mean squared error", "L = mean((pred - target)^2)", "torch.nn.MSELoss",
               LossInput::value, TargetKind::values, {},
               {{Task::regression, Fit::recommended, kLinearMlp, ""},
                {Task::binary, Fit::allowed, {"linear", "logistic", "mlp"},
                 "MSE on class labels: allowed but not recommended; use BCE"}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<MseLoss>();
               }});

  t.push_back({"mae", "Mean absolute error", "L = mean(|pred - target|); gradient sign(r), 0 at r = 0",
               "torch.nn.L1Loss", LossInput::value, TargetKind::values, {}, regression_fits(),
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<MaeLoss>();
               }});

  t.push_back({"huber", "Huber",
               "r = pred - target; l = 0.5 r^2 if |r| < delta, else delta (|r| - delta/2); "
               "L = mean(l)",
               "torch.nn.HuberLoss", LossInput::value, TargetKind::values,
               {number("delta", "δ", 1.0, 0.0, true, 0.1, 5.0,
                       "Residual size where the loss turns from quadratic to linear.")},
               regression_fits(),
               [](const ParamValues& v) -> std::unique_ptr<Loss> {
                 return std::make_unique<HuberLoss>(float(param(v, "delta", 1.0)));
               }});

  t.push_back({"smooth_l1", "Smooth L1",
               "r = pred - target; l = 0.5 r^2 / beta if |r| < beta, else |r| - beta/2; "
               "L = mean(l)  (= Huber(beta) / beta; beta = 0 is L1)",
               "torch.nn.SmoothL1Loss", LossInput::value, TargetKind::values,
               {number("beta", "β", 1.0, 0.0, false, 0.0, 5.0,
                       "Width of the quadratic zone around 0; 0 gives the plain L1 loss.")},
               regression_fits(),
               [](const ParamValues& v) -> std::unique_ptr<Loss> {
                 return std::make_unique<SmoothL1Loss>(float(param(v, "beta", 1.0)));
               }});

  t.push_back({"logcosh", "Log-cosh",
               "L = mean(log cosh(pred - target)), computed as |r| + softplus(-2|r|) - log 2; "
               "gradient tanh(r)",
               "tf.keras.losses.LogCosh (no torch class)", LossInput::value, TargetKind::values, {},
               regression_fits(),
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<LogCoshLoss>();
               }});

  t.push_back({"bce", "Binary cross-entropy (probabilities)",
               "L = -mean(y log p + (1 - y) log(1 - p)), each log clamped at -100",
               "torch.nn.BCELoss", LossInput::probability, TargetKind::binary, {},
               {{Task::binary, Fit::recommended, kLogisticMlp,
                 "the model's output goes through a sigmoid first"}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<BceLoss>();
               }});

  t.push_back({"bce_logits", "Binary cross-entropy (logits)",
               "L = mean(max(z, 0) - z y + log(1 + exp(-|z|))), z = logit; gradient sigmoid(z) - y",
               "torch.nn.BCEWithLogitsLoss", LossInput::logit, TargetKind::binary, {},
               {{Task::binary, Fit::recommended, kLogisticMlp,
                 "the stable form: the sigmoid is inside the loss; logistic regression trains "
                 "with it"}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<BceLogitsLoss>();
               }});

  t.push_back({"weighted_bce", "Class-weighted BCE",
               "w = w1 y + w0 (1 - y); L = mean(w * bce), divided by N, not by sum(w); trains on "
               "logits",
               "torch.nn.BCEWithLogitsLoss / torch.nn.BCELoss with weight", LossInput::probability,
               TargetKind::binary,
               {number("w0", "w₀", 0.2, 0.0, false, 0.0, 1.0, "Weight of negative examples (y = 0)."),
                number("w1", "w₁", 0.8, 0.0, false, 0.0, 1.0, "Weight of positive examples (y = 1).")},
               {{Task::binary, Fit::recommended, kLogisticMlp,
                 "for imbalanced classes; trains on the logits like bce_logits"}},
               [](const ParamValues& v) -> std::unique_ptr<Loss> {
                 return std::make_unique<WeightedBceLoss>(float(param(v, "w0", 0.2)),
                                                          float(param(v, "w1", 0.8)));
               }});

  t.push_back({"cce", "Categorical cross-entropy",
               "L = mean over rows of -sum_j t_j log softmax(z)_j; gradient softmax(z) - t",
               "torch.nn.CrossEntropyLoss (probability targets)", LossInput::logit,
               TargetKind::one_hot, {},
               {{Task::multiclass, Fit::recommended, kSoftmaxMlp, ""}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<CceLoss>();
               }});

  t.push_back({"sparse_cce", "Sparse categorical cross-entropy",
               "L = mean over rows of -log softmax(z)_y, y = class index; gradient softmax(z) - "
               "onehot(y)",
               "torch.nn.CrossEntropyLoss (class-index targets)", LossInput::logit,
               TargetKind::label, {},
               {{Task::multiclass, Fit::recommended, kSoftmaxMlp, ""}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<SparseCceLoss>();
               }});

  const char* kSigned = "labels 0/1 are mapped to -1/+1";
  t.push_back({"hinge", "Hinge",
               "L = mean(max(0, 1 - y f)), y in {-1, +1}; subgradient 0 at y f = 1",
               "sklearn.metrics.hinge_loss (torch: relu(1 - y*f).mean())", LossInput::score,
               TargetKind::signed_label, {},
               {{Task::binary, Fit::recommended, kSvm, kSigned},
                {Task::binary, Fit::allowed, kMlp, kSigned}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<HingeLoss>();
               }});

  t.push_back({"squared_hinge", "Squared hinge", "L = mean(max(0, 1 - y f)^2), y in {-1, +1}",
               "tf.keras.losses.SquaredHinge (torch: relu(1 - y*f).pow(2).mean())",
               LossInput::score, TargetKind::signed_label, {},
               {{Task::binary, Fit::recommended, kSvm, kSigned},
                {Task::binary, Fit::allowed, kMlp, kSigned}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<SquaredHingeLoss>();
               }});

  t.push_back({"multiclass_hinge", "Multi-class hinge",
               "L = mean over rows of sum_{j != y} max(0, 1 - z_y + z_j) / C",
               "torch.nn.MultiMarginLoss (p=1, margin=1)", LossInput::score, TargetKind::label,
               {},
               {{Task::multiclass, Fit::recommended, kSvm, ""},
                {Task::multiclass, Fit::allowed, kMlp, ""}},
               [](const ParamValues&) -> std::unique_ptr<Loss> {
                 return std::make_unique<MulticlassHingeLoss>();
               }});
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
