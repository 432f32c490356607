// Classification generators: blobs (alias gaussians), circles, xor, moons, spiral. Each is a
// "geometry" (a clean point for a class) run by one shared pipeline with a fixed draw order:
// class counts (imbalance) -> a seeded shuffle of the labels -> one clean point per row -> two
// normals per row for the jitter (drawn even when noise is 0) -> x2 *= scale. Labels are 0..k-1
// stored as floats. Not here: regression generators, the registry table.
#include <cmath>

#include "core/data/generators_internal.hpp"
#include "core/simd/num.hpp"

namespace descent::gen {
namespace {

constexpr double kTwoPi = 2.0 * num::kPi;

struct Point {
  double x1, x2;
};

ParamSpec noise_classification() {
  return noise_param("Standard deviation of the Gaussian jitter added to each input feature.");
}

ParamSpec imbalance_param() {
  ParamSpec s = number_param("imbalance", "Imbalance", 1, 0, 1,
                             "Rows of every class but class 0, relative to class 0 (1 = balanced; "
                             "0.1 = ten times fewer): the case for weighted losses.");
  s.min_exclusive = true;
  return s;
}

ParamSpec scale_param() {
  ParamSpec s = number_param("scale", "Scale of x2", 1, 0.01, 1000,
                             "Factor applied to the second feature (e.g. 100): badly scaled "
                             "features, the case for normalization.");
  s.log = true;
  return s;
}

ParamSpec classes_param(double max) {
  return integer_param("classes", "Classes", 2, 2, max, "Number of classes.");
}

double uniform_in(Rng& rng, double lo, double hi) { return lo + (hi - lo) * rng.uniform_double(); }

/// The shared pipeline. geometry(label, rng) returns the clean point for one row.
template <class Geometry>
Status run(const std::vector<ParamSpec>& specs, const ParamValues& in, std::size_t fixed_classes,
           Rng& rng, Dataset& ds, Geometry geometry) {
  ParamValues p;
  Status st = resolve_params(specs, in, p);
  if (!st.ok()) return st;
  const std::size_t n = static_cast<std::size_t>(p.get("samples"));
  const std::size_t k =
      fixed_classes ? fixed_classes : static_cast<std::size_t>(p.get("classes"));
  const double noise = p.get("noise"), scale = p.get("scale");

  const std::vector<std::size_t> counts = class_counts(n, k, p.get("imbalance"));
  std::vector<std::uint32_t> labels;
  labels.reserve(n);
  for (std::size_t c = 0; c < k; ++c) labels.insert(labels.end(), counts[c], static_cast<std::uint32_t>(c));
  rng.shuffle(labels);

  std::vector<Point> pts(n);
  for (std::size_t i = 0; i < n; ++i) pts[i] = geometry(labels[i], k, p, rng);
  for (std::size_t i = 0; i < n; ++i) {
    pts[i].x1 += noise * rng.normal();
    pts[i].x2 += noise * rng.normal();
  }

  ds = Dataset();
  ds.n = n;
  ds.inputs = 2;
  ds.targets = 1;
  ds.x.resize(2 * n);
  ds.y.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    ds.x[2 * i] = static_cast<float>(pts[i].x1);
    ds.x[2 * i + 1] = static_cast<float>(pts[i].x2 * scale);
    ds.y[i] = static_cast<float>(labels[i]);
  }
  ds.classification = true;
  ds.classes = k;
  ds.feature_names = {"x1", "x2"};
  ds.target_names = {"y"};
  for (std::size_t c = 0; c < k; ++c) ds.class_names.push_back(format_number(static_cast<double>(c)));
  return Status::Ok();
}

}  // namespace

const std::vector<ParamSpec>& blobs_params() {
  static const std::vector<ParamSpec> specs = {
      samples_param(),
      noise_classification(),
      classes_param(10),
      number_param("spread", "Cluster spread", 0.5, 0.01, 5,
                   "Standard deviation of each cluster around its centre (before the noise)."),
      imbalance_param(),
      scale_param(),
  };
  return specs;
}

const std::vector<ParamSpec>& circles_params() {
  static const std::vector<ParamSpec> specs = {
      samples_param(),
      noise_classification(),
      number_param("factor", "Inner radius", 0.5, 0.05, 0.95,
                   "Radius of the inner ring (class 1); the outer ring (class 0) has radius 1."),
      imbalance_param(),
      scale_param(),
  };
  return specs;
}

const std::vector<ParamSpec>& xor_params() {
  static const std::vector<ParamSpec> specs = {
      samples_param(),
      noise_classification(),
      number_param("margin", "Margin", 0.1, 0, 0.5,
                   "Gap kept free on each side of the axes: |x1|, |x2| are drawn from [margin, 1]."),
      imbalance_param(),
      scale_param(),
  };
  return specs;
}

const std::vector<ParamSpec>& moons_params() {
  static const std::vector<ParamSpec> specs = {
      samples_param(),
      noise_classification(),
      imbalance_param(),
      scale_param(),
  };
  return specs;
}

const std::vector<ParamSpec>& spiral_params() {
  static const std::vector<ParamSpec> specs = {
      samples_param(),
      noise_classification(),
      classes_param(6),
      number_param("turns", "Turns", 1.75, 0.25, 4, "How many turns each arm makes from centre to rim."),
      imbalance_param(),
      scale_param(),
  };
  return specs;
}

// Centre of class c at radius 2, angle pi/4 + 2 pi c / k; point = centre + spread * (N, N).
Status generate_blobs(const ParamValues& in, Rng& rng, Dataset& ds) {
  return run(blobs_params(), in, 0, rng, ds,
             [](std::uint32_t c, std::size_t k, const ParamValues& p, Rng& r) {
               const double angle = num::kPi / 4.0 + kTwoPi * static_cast<double>(c) / static_cast<double>(k);
               const double spread = p.get("spread");
               const double cx = 2.0 * num::cos(angle), cy = 2.0 * num::sin(angle);
               const double dx = r.normal(), dy = r.normal();
               return Point{cx + spread * dx, cy + spread * dy};
             });
}

// t ~ U[0, 2 pi); class 0: radius 1, class 1: radius factor; (r cos t, r sin t).
Status generate_circles(const ParamValues& in, Rng& rng, Dataset& ds) {
  return run(circles_params(), in, 2, rng, ds,
             [](std::uint32_t c, std::size_t, const ParamValues& p, Rng& r) {
               const double t = uniform_in(r, 0.0, kTwoPi);
               const double radius = c == 0 ? 1.0 : p.get("factor");
               return Point{radius * num::cos(t), radius * num::sin(t)};
             });
}

// |x1|, |x2| ~ U[margin, 1); s1 a fair sign; class 0: s2 = s1 (quadrants 1, 3), class 1: s2 = -s1.
Status generate_xor(const ParamValues& in, Rng& rng, Dataset& ds) {
  return run(xor_params(), in, 2, rng, ds,
             [](std::uint32_t c, std::size_t, const ParamValues& p, Rng& r) {
               const double margin = p.get("margin");
               const double a1 = uniform_in(r, margin, 1.0), a2 = uniform_in(r, margin, 1.0);
               const double s1 = r.bounded(2) == 0 ? -1.0 : 1.0;
               const double s2 = c == 0 ? s1 : -s1;
               return Point{s1 * a1, s2 * a2};
             });
}

// t ~ U[0, pi); class 0: (cos t - 0.5, sin t - 0.25); class 1: (0.5 - cos t, 0.25 - sin t)
// (scikit-learn's moons (cos t, sin t) and (1 - cos t, 0.5 - sin t), shifted to centre (0, 0)).
Status generate_moons(const ParamValues& in, Rng& rng, Dataset& ds) {
  return run(moons_params(), in, 2, rng, ds,
             [](std::uint32_t c, std::size_t, const ParamValues&, Rng& r) {
               const double t = uniform_in(r, 0.0, num::kPi);
               const double ct = num::cos(t), st = num::sin(t);
               if (c == 0) return Point{ct - 0.5, st - 0.25};
               return Point{0.5 - ct, 0.25 - st};
             });
}

// u ~ U[0, 1); radius u, angle 2 pi turns u + 2 pi c / k; (r sin angle, r cos angle) as in
// TensorFlow Playground (which uses two arms, turns 1.75 and radius 5).
Status generate_spiral(const ParamValues& in, Rng& rng, Dataset& ds) {
  return run(spiral_params(), in, 0, rng, ds,
             [](std::uint32_t c, std::size_t k, const ParamValues& p, Rng& r) {
               const double u = r.uniform_double();
               const double angle = kTwoPi * p.get("turns") * u +
                                    kTwoPi * static_cast<double>(c) / static_cast<double>(k);
               return Point{u * num::sin(angle), u * num::cos(angle)};
             });
}

}  // namespace descent::gen
