// Regression generators: line, polynomial, sine, plane. Values are computed in double from the
// stored (float) inputs and rounded once, so with noise 0 and no outliers the documented relation
// holds exactly in the stored data. Draw order is fixed: inputs, then one normal per row for the
// noise (drawn even when noise is 0, so changing noise rescales the same noise pattern), then
// outliers. Not here: classification generators, the registry table.
#include <cmath>
#include <string>

#include "core/data/generators_internal.hpp"
#include "core/simd/num.hpp"

namespace descent::gen {
namespace {

ParamSpec outliers_param() {
  return number_param("outliers", "Outliers", 0, 0, 0.5,
                      "Fraction of rows whose target is pushed away by 5 to 10 times the target's "
                      "standard deviation (compare MSE, MAE and Huber).");
}

ParamSpec x_scale_param(const char* what) {
  ParamSpec s = number_param("scale", "Input scale", 1, 0.01, 1000, what);
  s.log = true;
  return s;
}

ParamSpec noise_regression() {
  return noise_param("Standard deviation of the Gaussian noise added to the target.");
}

/// Uniform double in [lo, hi).
double uniform_in(Rng& rng, double lo, double hi) { return lo + (hi - lo) * rng.uniform_double(); }

/// Sets the shape and names of a one-target regression dataset.
void init_regression(Dataset& ds, std::size_t n, std::size_t inputs) {
  ds = Dataset();
  ds.n = n;
  ds.inputs = inputs;
  ds.targets = 1;
  ds.x.assign(n * inputs, 0.0f);
  ds.y.assign(n, 0.0f);
  ds.classification = false;
  ds.classes = 0;
  if (inputs == 1) ds.feature_names = {"x"};
  else ds.feature_names = {"x1", "x2"};
  ds.target_names = {"y"};
}

/// y[i] = clean[i] + noise * N(0, 1), then outliers: round(fraction * n) distinct rows (the first
/// ones of a seeded shuffle) get +-(5 + 5u) * sd added, sd = population standard deviation of the
/// noisy targets (1 when that is 0), the sign a fair coin. side +1 (-1) pushes every outlier up
/// (down): the coin is still drawn, so the same rows move by the same amounts as with side 0.
void finish_targets(const std::vector<double>& clean, double noise, double outliers, Rng& rng,
                    Dataset& ds, int side = 0) {
  const std::size_t n = clean.size();
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) y[i] = clean[i] + noise * rng.normal();

  const std::size_t m = static_cast<std::size_t>(std::floor(outliers * static_cast<double>(n) + 0.5));
  if (m > 0) {
    double sum = 0.0;
    for (double v : y) sum += v;
    const double mean = sum / static_cast<double>(n);
    double ss = 0.0;
    for (double v : y) ss += (v - mean) * (v - mean);
    double sd = std::sqrt(ss / static_cast<double>(n));
    if (!(sd > 0.0)) sd = 1.0;
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::uint32_t>(i);
    rng.shuffle(order);
    for (std::size_t j = 0; j < m && j < n; ++j) {
      const double coin = rng.bounded(2) == 0 ? -1.0 : 1.0;
      const double sign = side == 0 ? coin : static_cast<double>(side);
      const double magnitude = 5.0 + 5.0 * rng.uniform_double();
      y[order[j]] += sign * magnitude * sd;
    }
  }
  for (std::size_t i = 0; i < n; ++i) ds.y[i] = static_cast<float>(y[i]);
}

}  // namespace

const std::vector<ParamSpec>& line_params() {
  static const std::vector<ParamSpec> specs = {
      samples_param(),
      noise_regression(),
      number_param("slope", "Slope", 2, -10, 10, "The true slope of the line."),
      number_param("intercept", "Intercept", 1, -10, 10, "The true intercept of the line."),
      x_scale_param("x is drawn uniformly from [-scale, scale]; large values make plain gradient "
                    "descent need a much smaller learning rate."),
      outliers_param(),
      choice_param("outlier_side", "Outlier side", {"both", "above", "below"}, "both",
                   "both: each outlier is pushed up or down (a fair coin); above (below): every "
                   "outlier is pushed up (down), so they pull a least-squares fit towards them."),
  };
  return specs;
}

const std::vector<ParamSpec>& polynomial_params() {
  static const std::vector<ParamSpec> specs = {
      samples_param(),
      noise_regression(),
      integer_param("degree", "Degree", 3, 1, 6, "Degree of the true polynomial."),
      choice_param("coefficients", "Coefficients", {"chebyshev", "random"}, "chebyshev",
                   "chebyshev: the Chebyshev polynomial T_degree (degree 3: 4x^3 - 3x), which "
                   "stays in [-1, 1]; random: coefficients uniform in [-1, 1] drawn from the seed."),
      outliers_param(),
  };
  return specs;
}

const std::vector<ParamSpec>& sine_params() {
  static const std::vector<ParamSpec> specs = {
      samples_param(),
      noise_regression(),
      number_param("freq", "Frequency", 1, 0.1, 10,
                   "y = sin(freq x) with x in [-pi, pi]: freq full periods over the range."),
      outliers_param(),
  };
  return specs;
}

const std::vector<ParamSpec>& plane_params() {
  static const std::vector<ParamSpec> specs = {
      samples_param(),
      noise_regression(),
      number_param("a", "a (weight of x1)", 1, -10, 10, "The true weight of x1."),
      number_param("b", "b (weight of x2)", -2, -10, 10, "The true weight of x2."),
      number_param("c", "c (bias)", 0.5, -10, 10, "The true bias."),
      x_scale_param("x2 is drawn uniformly from [-scale, scale] (x1 from [-1, 1]): badly scaled "
                    "features, the case for normalization."),
      outliers_param(),
  };
  return specs;
}

// y = slope x + intercept, x ~ U[-scale, scale).
Status generate_line(const ParamValues& in, Rng& rng, Dataset& ds) {
  ParamValues p;
  Status st = resolve_params(line_params(), in, p);
  if (!st.ok()) return st;
  const std::size_t n = static_cast<std::size_t>(p.get("samples"));
  const double slope = p.get("slope"), intercept = p.get("intercept"), scale = p.get("scale");
  init_regression(ds, n, 1);
  std::vector<double> clean(n);
  for (std::size_t i = 0; i < n; ++i) {
    ds.x[i] = static_cast<float>(uniform_in(rng, -scale, scale));
    clean[i] = slope * static_cast<double>(ds.x[i]) + intercept;
  }
  const std::string& side = p.choice("outlier_side");
  finish_targets(clean, p.get("noise"), p.get("outliers"), rng, ds,
                 side == "above" ? 1 : side == "below" ? -1 : 0);
  return Status::Ok();
}

// y = T_d(x) (T0 = 1, T1 = x, T_{k+1} = 2x T_k - T_{k-1}) or sum c_j x^j with c_j ~ U[-1, 1) drawn
// (c_0 first) before the inputs; x ~ U[-1, 1).
Status generate_polynomial(const ParamValues& in, Rng& rng, Dataset& ds) {
  ParamValues p;
  Status st = resolve_params(polynomial_params(), in, p);
  if (!st.ok()) return st;
  const std::size_t n = static_cast<std::size_t>(p.get("samples"));
  const int degree = static_cast<int>(p.get("degree"));
  const bool random = p.choice("coefficients") == "random";
  std::vector<double> coef(static_cast<std::size_t>(degree) + 1, 0.0);
  if (random)
    for (double& c : coef) c = uniform_in(rng, -1.0, 1.0);
  init_regression(ds, n, 1);
  std::vector<double> clean(n);
  for (std::size_t i = 0; i < n; ++i) {
    ds.x[i] = static_cast<float>(uniform_in(rng, -1.0, 1.0));
    const double x = ds.x[i];
    double v;
    if (random) {
      v = coef[static_cast<std::size_t>(degree)];  // Horner, highest power first
      for (int j = degree - 1; j >= 0; --j) v = v * x + coef[static_cast<std::size_t>(j)];
    } else {
      double t_prev = 1.0, t = x;
      for (int k = 1; k < degree; ++k) {
        const double t_next = 2.0 * x * t - t_prev;
        t_prev = t;
        t = t_next;
      }
      v = t;
    }
    clean[i] = v;
  }
  finish_targets(clean, p.get("noise"), p.get("outliers"), rng, ds);
  return Status::Ok();
}

// y = sin(freq x), x ~ U[-pi, pi).
Status generate_sine(const ParamValues& in, Rng& rng, Dataset& ds) {
  ParamValues p;
  Status st = resolve_params(sine_params(), in, p);
  if (!st.ok()) return st;
  const std::size_t n = static_cast<std::size_t>(p.get("samples"));
  const double freq = p.get("freq");
  init_regression(ds, n, 1);
  std::vector<double> clean(n);
  for (std::size_t i = 0; i < n; ++i) {
    ds.x[i] = static_cast<float>(uniform_in(rng, -num::kPi, num::kPi));
    clean[i] = num::sin(freq * static_cast<double>(ds.x[i]));
  }
  finish_targets(clean, p.get("noise"), p.get("outliers"), rng, ds);
  return Status::Ok();
}

// y = a x1 + b x2 + c, x1 ~ U[-1, 1), x2 ~ U[-scale, scale) (x1 then x2 for each row).
Status generate_plane(const ParamValues& in, Rng& rng, Dataset& ds) {
  ParamValues p;
  Status st = resolve_params(plane_params(), in, p);
  if (!st.ok()) return st;
  const std::size_t n = static_cast<std::size_t>(p.get("samples"));
  const double a = p.get("a"), b = p.get("b"), c = p.get("c"), scale = p.get("scale");
  init_regression(ds, n, 2);
  std::vector<double> clean(n);
  for (std::size_t i = 0; i < n; ++i) {
    ds.x[2 * i] = static_cast<float>(uniform_in(rng, -1.0, 1.0));
    ds.x[2 * i + 1] = static_cast<float>(uniform_in(rng, -scale, scale));
    clean[i] = a * static_cast<double>(ds.x[2 * i]) + b * static_cast<double>(ds.x[2 * i + 1]) + c;
  }
  finish_targets(clean, p.get("noise"), p.get("outliers"), rng, ds);
  return Status::Ok();
}

}  // namespace descent::gen
