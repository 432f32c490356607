// Synthetic generators: the registry rows and their ParamSpecs, shapes and names, label range and
// class counts (balanced and imbalanced, worked out by hand), determinism per seed, the documented
// relation of every regression generator (exact for the line with noise 0), the outlier count and
// size, and the geometry of every classification generator with noise 0.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "core/data/generators.hpp"
#include "core/data/generators_internal.hpp"

using namespace descent;

namespace {

Dataset make(const std::string& id, ParamValues p = ParamValues(), std::uint64_t seed = 7) {
  const GeneratorEntry* e = find_generator(id);
  REQUIRE(e != nullptr);
  Rng rng(seed, RngStream::data);
  Dataset ds;
  Status st = e->generate(p, rng, ds);
  REQUIRE_MESSAGE(st.ok(), st.message());
  return ds;
}

ParamValues with(std::initializer_list<std::pair<const std::string, double>> kv) {
  ParamValues p;
  p.num = kv;
  return p;
}

bool same_bytes(const Dataset& a, const Dataset& b) {
  return a.x.size() == b.x.size() && a.y.size() == b.y.size() &&
         std::memcmp(a.x.data(), b.x.data(), a.x.size() * sizeof(float)) == 0 &&
         std::memcmp(a.y.data(), b.y.data(), a.y.size() * sizeof(float)) == 0;
}

std::vector<std::size_t> count_classes(const Dataset& ds) {
  std::vector<std::size_t> c(ds.classes, 0);
  for (float v : ds.y) ++c[static_cast<std::size_t>(v)];
  return c;
}

const char* kRegression[] = {"line", "polynomial", "sine", "plane"};
const char* kClassification[] = {"blobs", "gaussians", "circles", "xor", "moons", "spiral"};

const double kPi = 3.14159265358979323846;

}  // namespace

TEST_CASE("the registry lists every generator once, with samples and noise first") {
  const auto& reg = generator_registry();
  std::set<std::string> ids;
  for (const GeneratorEntry& e : reg) {
    CAPTURE(e.id);
    CHECK(ids.insert(e.id).second);
    CHECK(!e.label.empty());
    CHECK(!e.description.empty());
    CHECK(static_cast<bool>(e.generate));
    REQUIRE(e.params.size() >= 2);
    CHECK(e.params[0].name == "samples");
    CHECK(e.params[0].type == ParamType::integer);
    CHECK(e.params[0].def == 200);
    CHECK(e.params[0].min == 1);
    CHECK(e.params[0].max == 100000);
    CHECK(e.params[1].name == "noise");
    CHECK(e.params[1].def == doctest::Approx(0.1));
    CHECK(e.params[1].min == 0);
    CHECK(e.params[1].max == 5);
    std::set<std::string> names;
    for (const ParamSpec& s : e.params) {
      CAPTURE(s.name);
      CHECK(names.insert(s.name).second);
      CHECK(!s.help.empty());
      CHECK(!s.label.empty());
      Issues issues;
      if (s.type == ParamType::choice) CHECK(check_choice(s, s.def_choice, s.name, issues));
      else CHECK(check_param(s, s.def, s.name, issues));
    }
    CHECK(find_generator(e.id) == &e);
  }
  for (const char* id : kRegression) CHECK(!find_generator(id)->classification);
  for (const char* id : kClassification) CHECK(find_generator(id)->classification);
  CHECK(reg.size() == 10);
  CHECK(find_generator("nope") == nullptr);
  // Options the lessons rely on.
  auto has = [](const char* id, const char* param) {
    for (const ParamSpec& s : find_generator(id)->params)
      if (s.name == param) return true;
    return false;
  };
  for (const char* id : kRegression) CHECK(has(id, "outliers"));
  for (const char* id : kClassification) {
    CHECK(has(id, "imbalance"));
    CHECK(has(id, "scale"));
  }
  CHECK(has("blobs", "classes"));
  CHECK(has("spiral", "classes"));
  CHECK(has("polynomial", "degree"));
}

TEST_CASE("gaussians is an alias of blobs") {
  const bool same_fn = find_generator("gaussians")->generate == find_generator("blobs")->generate;
  CHECK(same_fn);
  CHECK(same_bytes(make("gaussians"), make("blobs")));
}

TEST_CASE("every generator: shape, names, finite values, determinism per seed") {
  for (const GeneratorEntry& e : generator_registry()) {
    CAPTURE(e.id);
    const Dataset a = make(e.id, ParamValues(), 11);
    const std::size_t inputs = e.id == "line" || e.id == "polynomial" || e.id == "sine" ? 1 : 2;
    CHECK(a.n == 200);
    CHECK(a.inputs == inputs);
    CHECK(a.targets == 1);
    CHECK(a.x.size() == 200 * inputs);
    CHECK(a.y.size() == 200);
    CHECK(a.feature_names.size() == inputs);
    if (inputs == 2) CHECK(a.feature_names == std::vector<std::string>{"x1", "x2"});
    CHECK(a.target_names == std::vector<std::string>{"y"});
    CHECK(a.classification == e.classification);
    for (float v : a.x) CHECK(std::isfinite(v));
    for (float v : a.y) CHECK(std::isfinite(v));
    // Same seed: the same bytes. Another seed: other data.
    CHECK(same_bytes(a, make(e.id, ParamValues(), 11)));
    const Dataset b = make(e.id, ParamValues(), 12);
    CHECK(std::memcmp(a.x.data(), b.x.data(), a.x.size() * sizeof(float)) != 0);
    // A different stream of the same seed is different data too.
    Rng other(11, RngStream::init);
    Dataset c;
    REQUIRE(e.generate(ParamValues(), other, c).ok());
    CHECK(!same_bytes(a, c));
  }
}

TEST_CASE("classification generators: labels 0..k-1, class names, balanced counts") {
  for (const char* id : kClassification) {
    CAPTURE(id);
    const Dataset ds = make(id);
    CHECK(ds.classes == 2);
    CHECK(ds.class_names == std::vector<std::string>{"0", "1"});
    for (float v : ds.y) {
      CHECK((v == 0.0f || v == 1.0f));
    }
    // 200 rows, weights (1, 1): 100 each.
    CHECK(count_classes(ds) == std::vector<std::size_t>{100, 100});
    // 201 rows: quotas 100.5 each; the tie goes to class 0.
    CHECK(count_classes(make(id, with({{"samples", 201}}))) == std::vector<std::size_t>{101, 100});
    // Rows are shuffled, not sorted by class: some class 1 row comes before some class 0 row.
    bool mixed = false;
    for (std::size_t i = 1; i < ds.n; ++i) mixed = mixed || (ds.y[i - 1] == 1.0f && ds.y[i] == 0.0f);
    CHECK(mixed);
  }
}

TEST_CASE("imbalance keeps class 1 at the given ratio of class 0") {
  for (const char* id : kClassification) {
    CAPTURE(id);
    // 200 rows, weights (1, 0.25): quotas 200/1.25 = 160 and 50/1.25 = 40; 40/160 = 0.25.
    CHECK(count_classes(make(id, with({{"imbalance", 0.25}}))) == std::vector<std::size_t>{160, 40});
    // weights (1, 0.1): quotas 181.8 and 18.2 -> floors 181, 18; the left row goes to the larger
    // remainder (class 0): 182 and 18, 18/182 = 0.099.
    CHECK(count_classes(make(id, with({{"imbalance", 0.1}}))) == std::vector<std::size_t>{182, 18});
  }
  // Multi-class: classes 1..k-1 each get `imbalance` times class 0. k = 3, r = 0.5, n = 200:
  // total weight 2 -> 100, 50, 50.
  CHECK(count_classes(make("blobs", with({{"classes", 3}, {"imbalance", 0.5}}))) ==
        std::vector<std::size_t>{100, 50, 50});
  // k = 3, r = 1, n = 100: quotas 33.3 each -> 33, 33, 33 and the left row to class 0.
  CHECK(count_classes(make("spiral", with({{"classes", 3}, {"samples", 100}}))) ==
        std::vector<std::size_t>{34, 33, 33});
}

TEST_CASE("class_counts: apportionment and its edges") {
  using gen::class_counts;
  CHECK(class_counts(10, 2, 1.0) == std::vector<std::size_t>{5, 5});
  CHECK(class_counts(1, 2, 1.0) == std::vector<std::size_t>{1, 0});  // one row cannot hold 2 classes
  // n = 2, r = 0.001: quotas 1.998 and 0.002 -> floors 1, 0, the left row to class 0 -> (2, 0);
  // every class keeps a row when n >= k -> (1, 1).
  CHECK(class_counts(2, 2, 0.001) == std::vector<std::size_t>{1, 1});
  // n = 200, r = 0.001: quotas 199.8, 0.2 -> 200, 0 -> class 1 takes one: 199, 1.
  CHECK(class_counts(200, 2, 0.001) == std::vector<std::size_t>{199, 1});
  // k = 10, n = 10, r = 0.01: class 0 quota 10/1.09 = 9.17, the others 0.09 -> every class 1.
  CHECK(class_counts(10, 10, 0.01) == std::vector<std::size_t>(10, 1));
  for (std::size_t n : {1u, 7u, 99u, 100000u})
    for (std::size_t k : {2u, 3u, 6u, 10u})
      for (double r : {0.001, 0.3, 0.5, 1.0}) {
        const auto c = class_counts(n, k, r);
        std::size_t sum = 0;
        for (std::size_t v : c) sum += v;
        CHECK(sum == n);
      }
}

TEST_CASE("spiral and blobs take classes") {
  for (std::size_t k = 2; k <= 6; ++k) {
    const Dataset ds = make("spiral", with({{"classes", double(k)}, {"samples", 600}}));
    CHECK(ds.classes == k);
    CHECK(ds.class_names.size() == k);
    CHECK(ds.class_names.back() == std::to_string(k - 1));
    // 600 / k rows each for k = 2..6 (all divide 600).
    CHECK(count_classes(ds) == std::vector<std::size_t>(k, 600 / k));
  }
  const Dataset b = make("blobs", with({{"classes", 10}}));
  CHECK(b.classes == 10);
  CHECK(count_classes(b) == std::vector<std::size_t>(10, 20));
}

TEST_CASE("bad parameters are a Status naming the parameter, missing ones take defaults") {
  const GeneratorEntry* e = find_generator("spiral");
  Rng rng(1, RngStream::data);
  Dataset ds;
  Status st = e->generate(with({{"samples", 0}}), rng, ds);
  CHECK(!st.ok());
  // The upper bound is printed by format_number (params.cpp), currently as "1e+05".
  CHECK(st.message().rfind("samples must be an integer in [1, ", 0) == 0);
  CHECK(st.message().find("], got 0") != std::string::npos);
  st = e->generate(with({{"classes", 7}}), rng, ds);
  CHECK(!st.ok());
  CHECK(st.message().find("classes") != std::string::npos);
  st = e->generate(with({{"imbalance", 0}}), rng, ds);
  CHECK(!st.ok());
  CHECK(st.message().find("imbalance must be in (0, 1]") != std::string::npos);
  st = e->generate(with({{"samples", 10.5}}), rng, ds);
  CHECK(!st.ok());
  ParamValues p;
  p.str["coefficients"] = "legendre";
  st = find_generator("polynomial")->generate(p, rng, ds);
  CHECK(!st.ok());
  CHECK(st.message().find("coefficients") != std::string::npos);
  // Only some keys given: the rest are defaults.
  CHECK(make("line", with({{"samples", 5}})).n == 5);
  CHECK(make("line", with({{"samples", 1}})).n == 1);
  CHECK(make("xor", with({{"samples", 1}})).n == 1);
}

TEST_CASE("line: with noise 0, y is exactly slope x + intercept, x in [-scale, scale]") {
  const Dataset ds = make("line", with({{"noise", 0}}));
  for (std::size_t i = 0; i < ds.n; ++i) {
    CHECK(ds.x[i] >= -1.0f);
    CHECK(ds.x[i] < 1.0f);
    // Defaults slope 2, intercept 1; computed in double from the stored x, rounded once.
    CHECK(ds.y[i] == static_cast<float>(2.0 * static_cast<double>(ds.x[i]) + 1.0));
  }
  const Dataset s = make("line", with({{"noise", 0}, {"slope", -3}, {"intercept", 0.5}, {"scale", 10}}));
  float max_abs = 0;
  for (std::size_t i = 0; i < s.n; ++i) {
    CHECK(std::fabs(s.x[i]) <= 10.0f);
    max_abs = std::fmax(max_abs, std::fabs(s.x[i]));
    CHECK(s.y[i] == static_cast<float>(-3.0 * static_cast<double>(s.x[i]) + 0.5));
  }
  CHECK(max_abs > 5.0f);  // 200 uniform draws on [-10, 10] reach beyond 5
  CHECK(s.feature_names == std::vector<std::string>{"x"});
}

TEST_CASE("line: noise is Gaussian with the given standard deviation, and only rescales") {
  const Dataset ds = make("line", with({{"noise", 0.5}, {"samples", 20000}}));
  double sum = 0, ss = 0;
  for (std::size_t i = 0; i < ds.n; ++i) {
    const double r = ds.y[i] - (2.0 * ds.x[i] + 1.0);
    sum += r;
    ss += r * r;
  }
  const double mean = sum / ds.n, sd = std::sqrt(ss / ds.n - mean * mean);
  // Standard error of the mean 0.5/sqrt(20000) = 0.0035; of the sd about 0.0025.
  CHECK(std::fabs(mean) < 0.02);
  CHECK(sd == doctest::Approx(0.5).epsilon(0.03));
  // Same seed, noise 0.5 vs 0.25: same x, residuals halved.
  const Dataset h = make("line", with({{"noise", 0.25}, {"samples", 20000}}));
  CHECK(std::memcmp(ds.x.data(), h.x.data(), ds.x.size() * 4) == 0);
  for (std::size_t i = 0; i < 50; ++i)
    CHECK(h.y[i] - (2.0 * h.x[i] + 1.0) == doctest::Approx(0.5 * (ds.y[i] - (2.0 * ds.x[i] + 1.0))).epsilon(1e-4));
}

TEST_CASE("polynomial: the documented cubic by default, Chebyshev T_d, random coefficients") {
  const Dataset ds = make("polynomial", with({{"noise", 0}}));
  for (std::size_t i = 0; i < ds.n; ++i) {
    const double x = ds.x[i];
    CHECK(std::fabs(x) <= 1.0);
    CHECK(ds.y[i] == doctest::Approx(4 * x * x * x - 3 * x).epsilon(1e-6));  // T3
  }
  const Dataset d6 = make("polynomial", with({{"noise", 0}, {"degree", 6}}));
  for (std::size_t i = 0; i < d6.n; ++i) {
    const double x = d6.x[i], x2 = x * x;
    // T6 = 32x^6 - 48x^4 + 18x^2 - 1
    CHECK(d6.y[i] == doctest::Approx(32 * x2 * x2 * x2 - 48 * x2 * x2 + 18 * x2 - 1).epsilon(1e-5));
  }
  const Dataset d1 = make("polynomial", with({{"noise", 0}, {"degree", 1}}));
  for (std::size_t i = 0; i < d1.n; ++i) CHECK(d1.y[i] == d1.x[i]);  // T1 = x
  // Random coefficients, degree 1: a line through every point (slopes between pairs agree).
  ParamValues p = with({{"noise", 0}, {"degree", 1}});
  p.str["coefficients"] = "random";
  const Dataset r1 = make("polynomial", p);
  const double slope = (r1.y[1] - r1.y[0]) / (r1.x[1] - r1.x[0]);
  CHECK(std::fabs(slope) <= 1.0 + 1e-5);  // coefficients in [-1, 1]
  for (std::size_t i = 2; i < r1.n; ++i)
    if (std::fabs(r1.x[i] - r1.x[0]) > 0.1)
      CHECK((r1.y[i] - r1.y[0]) / (r1.x[i] - r1.x[0]) == doctest::Approx(slope).epsilon(1e-4));
  // Random degree 3: bounded by the sum of |c_j| <= 4, and not the Chebyshev cubic.
  p.num["degree"] = 3;
  const Dataset r3 = make("polynomial", p);
  bool differs = false;
  for (std::size_t i = 0; i < r3.n; ++i) {
    CHECK(std::fabs(r3.y[i]) <= 4.0f);
    const double x = r3.x[i];
    differs = differs || std::fabs(r3.y[i] - (4 * x * x * x - 3 * x)) > 1e-3;
  }
  CHECK(differs);
}

TEST_CASE("sine: y = sin(freq x), x in [-pi, pi]") {
  for (double freq : {1.0, 3.0}) {
    const Dataset ds = make("sine", with({{"noise", 0}, {"freq", freq}}));
    for (std::size_t i = 0; i < ds.n; ++i) {
      CHECK(std::fabs(ds.x[i]) <= kPi + 1e-6);
      CHECK(ds.y[i] == doctest::Approx(std::sin(freq * ds.x[i])).epsilon(1e-6).scale(1));
    }
  }
}

TEST_CASE("plane: y = a x1 + b x2 + c with x2 in [-scale, scale]") {
  const Dataset ds = make("plane", with({{"noise", 0}, {"scale", 100}}));
  double max_x2 = 0;
  for (std::size_t i = 0; i < ds.n; ++i) {
    const double x1 = ds.x[2 * i], x2 = ds.x[2 * i + 1];
    CHECK(std::fabs(x1) <= 1.0);
    CHECK(std::fabs(x2) <= 100.0);
    max_x2 = std::fmax(max_x2, std::fabs(x2));
    // Defaults a = 1, b = -2, c = 0.5.
    CHECK(ds.y[i] == static_cast<float>(1.0 * x1 + -2.0 * x2 + 0.5));
  }
  CHECK(max_x2 > 50);
}

TEST_CASE("outliers: round(fraction n) rows pushed 5..10 target standard deviations away") {
  struct Case {
    const char* id;
    double (*f)(const float* x);
  };
  const Case cases[] = {
      {"line", [](const float* x) { return 2.0 * x[0] + 1.0; }},
      {"polynomial", [](const float* x) { return 4.0 * x[0] * x[0] * x[0] - 3.0 * x[0]; }},
      {"sine", [](const float* x) { return std::sin(double(x[0])); }},
      {"plane", [](const float* x) { return 1.0 * x[0] - 2.0 * x[1] + 0.5; }},
  };
  for (const Case& c : cases) {
    for (double fraction : {0.1, 0.5}) {
      CAPTURE(c.id);
      CAPTURE(fraction);
      const Dataset ds = make(c.id, with({{"noise", 0}, {"outliers", fraction}, {"samples", 201}}));
      // The spread the offsets are measured in: population sd of the clean targets.
      double sum = 0, ss = 0;
      for (std::size_t i = 0; i < ds.n; ++i) sum += c.f(&ds.x[i * ds.inputs]);
      const double mean = sum / ds.n;
      for (std::size_t i = 0; i < ds.n; ++i) {
        const double d = c.f(&ds.x[i * ds.inputs]) - mean;
        ss += d * d;
      }
      const double sd = std::sqrt(ss / ds.n);
      std::size_t count = 0, up = 0;
      for (std::size_t i = 0; i < ds.n; ++i) {
        const double off = ds.y[i] - c.f(&ds.x[i * ds.inputs]);
        if (std::fabs(off) < 1e-3) continue;
        ++count;
        up += off > 0;
        CHECK(std::fabs(off) >= 5 * sd * (1 - 1e-5));
        CHECK(std::fabs(off) <= 10 * sd * (1 + 1e-5));
      }
      // 0.1 * 201 = 20.1 -> 20; 0.5 * 201 = 100.5 -> 101 (half up).
      CHECK(count == (fraction == 0.1 ? 20u : 101u));
      CHECK(up > 0);
      CHECK(up < count);
    }
    const Dataset none = make(c.id, with({{"noise", 0}}));
    for (std::size_t i = 0; i < none.n; ++i)
      CHECK(std::fabs(none.y[i] - c.f(&none.x[i * none.inputs])) < 1e-3);
  }
}

TEST_CASE("line outlier_side: above puts every outlier above the line, below under it, same rows") {
  // With noise 0 a row is an outlier exactly when it is off the line y = 2x + 1.
  auto offsets = [](const Dataset& ds) {
    std::vector<double> off(ds.n);
    for (std::size_t i = 0; i < ds.n; ++i) off[i] = ds.y[i] - (2.0 * ds.x[i] + 1.0);
    return off;
  };
  auto side = [](const char* s) {
    ParamValues p = with({{"noise", 0}, {"outliers", 0.2}, {"samples", 100}});
    p.str["outlier_side"] = s;
    return p;
  };
  const Dataset both = make("line", side("both"));
  const Dataset above = make("line", side("above"));
  const Dataset below = make("line", side("below"));
  // "both" is today's data, byte for byte (the default).
  CHECK(same_bytes(both, make("line", with({{"noise", 0}, {"outliers", 0.2}, {"samples", 100}}))));
  const auto ob = offsets(both), oa = offsets(above), ol = offsets(below);
  std::size_t count = 0, up_both = 0;
  for (std::size_t i = 0; i < both.n; ++i) {
    CAPTURE(i);
    CHECK(above.x[i] == both.x[i]);
    CHECK(below.x[i] == both.x[i]);
    if (std::fabs(ob[i]) < 1e-3) {
      CHECK(std::fabs(oa[i]) < 1e-3);
      CHECK(std::fabs(ol[i]) < 1e-3);
      continue;
    }
    ++count;
    up_both += ob[i] > 0;
    // The same rows, pushed by the same amount, every one to the chosen side.
    CHECK(oa[i] > 0);
    CHECK(ol[i] < 0);
    CHECK(oa[i] == doctest::Approx(std::fabs(ob[i])).epsilon(1e-5));
    CHECK(ol[i] == doctest::Approx(-std::fabs(ob[i])).epsilon(1e-5));
  }
  CHECK(count == 20u);        // round(0.2 * 100)
  CHECK(up_both > 0);         // with "both" some go up and some down
  CHECK(up_both < count);
  ParamValues bad = side("left");
  const GeneratorEntry* e = find_generator("line");
  Rng rng(7, RngStream::data);
  Dataset ds;
  const Status st = e->generate(bad, rng, ds);
  CHECK_FALSE(st.ok());
  CHECK(st.message().find("outlier_side") != std::string::npos);
}

TEST_CASE("circles: class 0 on the unit circle, class 1 on radius factor") {
  const Dataset ds = make("circles", with({{"noise", 0}, {"factor", 0.3}}));
  for (std::size_t i = 0; i < ds.n; ++i) {
    const double r = std::hypot(ds.x[2 * i], ds.x[2 * i + 1]);
    CHECK(r == doctest::Approx(ds.y[i] == 0.0f ? 1.0 : 0.3).epsilon(1e-5));
  }
}

TEST_CASE("xor: class 0 where the signs agree, class 1 where they differ, outside the margin") {
  const Dataset ds = make("xor", with({{"noise", 0}, {"margin", 0.2}}));
  for (std::size_t i = 0; i < ds.n; ++i) {
    const float a = ds.x[2 * i], b = ds.x[2 * i + 1];
    CHECK(std::fabs(a) >= 0.2f - 1e-6f);
    CHECK(std::fabs(b) >= 0.2f - 1e-6f);
    CHECK(std::fabs(a) <= 1.0f);
    CHECK(((a * b > 0) == (ds.y[i] == 0.0f)));
  }
  // All four quadrants are used.
  std::set<int> quadrants;
  for (std::size_t i = 0; i < ds.n; ++i) quadrants.insert((ds.x[2 * i] > 0) * 2 + (ds.x[2 * i + 1] > 0));
  CHECK(quadrants.size() == 4);
}

TEST_CASE("moons: two half circles of radius 1, centred on the origin") {
  const Dataset ds = make("moons", with({{"noise", 0}}));
  for (std::size_t i = 0; i < ds.n; ++i) {
    const double a = ds.x[2 * i], b = ds.x[2 * i + 1];
    if (ds.y[i] == 0.0f) {  // (cos t - 0.5, sin t - 0.25), t in [0, pi]: upper half around (-0.5, -0.25)
      CHECK(std::hypot(a + 0.5, b + 0.25) == doctest::Approx(1.0).epsilon(1e-5));
      CHECK(b + 0.25 >= -1e-6);
    } else {  // (0.5 - cos t, 0.25 - sin t): lower half around (0.5, 0.25)
      CHECK(std::hypot(a - 0.5, b - 0.25) == doctest::Approx(1.0).epsilon(1e-5));
      CHECK(b - 0.25 <= 1e-6);
    }
  }
}

TEST_CASE("spiral: arm c at angle 2 pi turns r + 2 pi c / k") {
  for (double k : {2.0, 5.0}) {
    const Dataset ds = make("spiral", with({{"noise", 0}, {"classes", k}}));
    for (std::size_t i = 0; i < ds.n; ++i) {
      const double a = ds.x[2 * i], b = ds.x[2 * i + 1];
      const double r = std::hypot(a, b);
      CHECK(r < 1.0 + 1e-6);
      if (r < 1e-2) continue;  // the angle of a point near the centre is ill-conditioned
      // (r sin angle, r cos angle): angle = atan2(x1, x2).
      const double want = 2 * kPi * 1.75 * r + 2 * kPi * ds.y[i] / k;
      double diff = std::remainder(std::atan2(a, b) - want, 2 * kPi);
      CHECK(std::fabs(diff) < 1e-4 / r);
    }
  }
}

TEST_CASE("blobs: clusters around centres on a circle of radius 2") {
  const Dataset ds = make("blobs", with({{"noise", 0}, {"spread", 0.01}, {"classes", 4}}));
  for (std::size_t i = 0; i < ds.n; ++i) {
    const double angle = kPi / 4 + 2 * kPi * ds.y[i] / 4;
    // spread 0.01: a 2-D Gaussian point is within 6 sd of its centre (p > 1 - 1e-7 per point).
    CHECK(std::hypot(ds.x[2 * i] - 2 * std::cos(angle), ds.x[2 * i + 1] - 2 * std::sin(angle)) < 0.06);
  }
  // Noise adds jitter of the given sd: with spread 0.01 and noise 0.5 the per-axis sd is
  // sqrt(0.01^2 + 0.5^2) = 0.5001.
  const Dataset j = make("blobs", with({{"noise", 0.5}, {"spread", 0.01}, {"samples", 20000}}));
  double ss = 0;
  for (std::size_t i = 0; i < j.n; ++i) {
    const double angle = kPi / 4 + 2 * kPi * j.y[i] / 2;
    const double d = j.x[2 * i] - 2 * std::cos(angle);
    ss += d * d;
  }
  CHECK(std::sqrt(ss / j.n) == doctest::Approx(0.5001).epsilon(0.03));
}

TEST_CASE("scale multiplies the second feature only, noise does not change labels") {
  for (const char* id : kClassification) {
    CAPTURE(id);
    const Dataset a = make(id);
    const Dataset b = make(id, with({{"scale", 100}}));
    for (std::size_t i = 0; i < a.n; ++i) {
      CHECK(a.x[2 * i] == b.x[2 * i]);
      CHECK(b.x[2 * i + 1] == doctest::Approx(100.0 * a.x[2 * i + 1]).epsilon(1e-6));
    }
    CHECK(std::memcmp(a.y.data(), b.y.data(), a.y.size() * 4) == 0);
    const Dataset c = make(id, with({{"noise", 1.5}}));
    CHECK(std::memcmp(a.y.data(), c.y.data(), a.y.size() * 4) == 0);
  }
}
