// The generator registry (one row per synthetic dataset) and the helpers every generator shares:
// parameter builders and resolution, class-count apportionment. The generators themselves live in
// generators_regression.cpp and generators_classification.cpp.
#include "core/data/generators.hpp"

#include <cmath>
#include <utility>

#include "core/data/generators_internal.hpp"

namespace descent {
namespace gen {

ParamSpec samples_param() {
  ParamSpec s = integer_param("samples", "Samples", 200, 1, 100000, "Number of rows to generate.");
  s.ui_min = 10;
  s.ui_max = 2000;
  return s;
}

ParamSpec noise_param(std::string help) {
  return number_param("noise", "Noise", 0.1, 0, 5, std::move(help));
}

Status resolve_params(const std::vector<ParamSpec>& specs, const ParamValues& in, ParamValues& out) {
  out = ParamValues();
  Issues issues;
  for (const ParamSpec& s : specs) {
    if (s.type == ParamType::choice) {
      auto it = in.str.find(s.name);
      const std::string v = it == in.str.end() ? s.def_choice : it->second;
      if (!check_choice(s, v, s.name, issues)) return Status::Error(issues.front().message);
      out.str[s.name] = v;
    } else {
      auto it = in.num.find(s.name);
      const double v = it == in.num.end() ? s.def : it->second;
      if (!check_param(s, v, s.name, issues)) return Status::Error(issues.front().message);
      out.num[s.name] = v;
    }
  }
  return Status::Ok();
}

std::vector<std::size_t> class_counts(std::size_t n, std::size_t k, double imbalance) {
  std::vector<std::size_t> counts(k, 0);
  if (k == 0) return counts;
  const double total_weight = 1.0 + static_cast<double>(k - 1) * imbalance;
  std::vector<double> frac(k);
  std::size_t assigned = 0;
  for (std::size_t c = 0; c < k; ++c) {
    const double w = c == 0 ? 1.0 : imbalance;
    const double quota = static_cast<double>(n) * w / total_weight;
    double whole = std::floor(quota);
    if (whole > static_cast<double>(n)) whole = static_cast<double>(n);
    counts[c] = static_cast<std::size_t>(whole);
    frac[c] = quota - whole;
    assigned += counts[c];
  }
  // Largest remainder; floors of the quotas never exceed n, so at most k rows are left.
  while (assigned < n) {
    std::size_t best = 0;
    for (std::size_t c = 1; c < k; ++c)
      if (frac[c] > frac[best]) best = c;
    ++counts[best];
    frac[best] = -1.0;
    ++assigned;
  }
  while (assigned > n) {  // cannot happen with exact arithmetic; keeps the sum right regardless
    std::size_t big = 0;
    for (std::size_t c = 1; c < k; ++c)
      if (counts[c] > counts[big]) big = c;
    --counts[big];
    --assigned;
  }
  if (n >= k) {
    for (std::size_t c = 0; c < k; ++c) {
      if (counts[c] != 0) continue;
      std::size_t big = 0;
      for (std::size_t j = 1; j < k; ++j)
        if (counts[j] > counts[big]) big = j;
      --counts[big];
      ++counts[c];
    }
  }
  return counts;
}

}  // namespace gen

const std::vector<GeneratorEntry>& generator_registry() {
  static const std::vector<GeneratorEntry> table = {
      {"line", "Line",
       "y = slope x + intercept + noise, x uniform in [-scale, scale]; optional outliers (on both "
       "sides of the line, or all above or all below it).",
       false,
       gen::line_params(), gen::generate_line},
      {"polynomial", "Polynomial",
       "y = p(x) + noise, x uniform in [-1, 1]; p is the Chebyshev polynomial T_degree (default "
       "the cubic 4x^3 - 3x) or seeded random coefficients.",
       false, gen::polynomial_params(), gen::generate_polynomial},
      {"sine", "Sine", "y = sin(freq x) + noise, x uniform in [-pi, pi].", false, gen::sine_params(),
       gen::generate_sine},
      {"plane", "Plane",
       "Two inputs: y = a x1 + b x2 + c + noise, x1 in [-1, 1], x2 in [-scale, scale].", false,
       gen::plane_params(), gen::generate_plane},
      {"blobs", "Blobs",
       "k Gaussian clusters with centres evenly spaced on a circle of radius 2.", true,
       gen::blobs_params(), gen::generate_blobs},
      {"gaussians", "Gaussians", "Same as blobs: k Gaussian clusters on a circle of radius 2.", true,
       gen::blobs_params(), gen::generate_blobs},
      {"circles", "Circles",
       "Two concentric rings: class 0 outside (radius 1), class 1 inside (radius factor).", true,
       gen::circles_params(), gen::generate_circles},
      {"xor", "XOR",
       "Four quadrants: class 0 where x1 and x2 have the same sign, class 1 where they differ.",
       true, gen::xor_params(), gen::generate_xor},
      {"moons", "Moons", "Two interleaving half circles (scikit-learn's make_moons, centred).", true,
       gen::moons_params(), gen::generate_moons},
      {"spiral", "Spiral",
       "k interleaved spiral arms (TensorFlow Playground's spiral, generalised to k classes).", true,
       gen::spiral_params(), gen::generate_spiral},
  };
  return table;
}

const GeneratorEntry* find_generator(const std::string& id) {
  for (const GeneratorEntry& e : generator_registry())
    if (e.id == id) return &e;
  return nullptr;
}

}  // namespace descent
