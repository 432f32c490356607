// The MLP: parameter layout, a hand-computed forward pass, gradient checks for every activation
// and depth, init statistics, seeded inverted dropout.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "core/model/gradcheck.hpp"
#include "core/model/mlp.hpp"

using namespace descent;
using simd::Act;

namespace {

// 0.5 * sum((out - t)^2) / n over the model output: a loss written here, independent of core/loss.
class HalfSquaredObjective final : public Objective {
 public:
  HalfSquaredObjective(Mlp& m, std::vector<float> x, std::vector<float> t, std::size_t n)
      : m_(m), x_(std::move(x)), t_(std::move(t)), n_(n), out_(t_.size()), dout_(t_.size()) {}
  std::size_t dim() const override { return m_.num_params(); }
  double evaluate(Span<const float> w, Span<float> grad) override {
    m_.forward(w, x_.data(), n_, out_.data(), nullptr);
    double f = 0;
    for (std::size_t i = 0; i < out_.size(); ++i) {
      const double r = double(out_[i]) - t_[i];
      f += 0.5 * r * r / double(n_);
      dout_[i] = float(r / double(n_));
    }
    m_.backward(w, x_.data(), n_, dout_.data(), grad);
    return f;
  }

 private:
  Mlp& m_;
  std::vector<float> x_, t_;
  std::size_t n_;
  std::vector<float> out_, dout_;
};

std::vector<float> random_vec(std::size_t n, std::uint64_t seed, float lo, float hi) {
  Rng rng(seed, 77);
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(lo, hi);
  return v;
}

}  // namespace

TEST_CASE("parameter layout is torch's: per layer W (out, in) row-major then b") {
  ModelShape s;
  s.inputs = 3;
  s.hidden = {4, 5};
  s.outputs = 2;
  Mlp m(s);
  // 4*3+4 = 16, 5*4+5 = 25, 2*5+2 = 12
  CHECK(m.num_params() == 53);
  CHECK(Mlp::count_params(s) == 53);
  REQUIRE(m.layers().size() == 3);
  CHECK(m.layers()[0].w_offset == 0);
  CHECK(m.layers()[0].b_offset == 12);
  CHECK(m.layers()[1].w_offset == 16);
  CHECK(m.layers()[1].b_offset == 36);
  CHECK(m.layers()[2].w_offset == 41);
  CHECK(m.layers()[2].b_offset == 51);
}

TEST_CASE("a 2-4-1 tanh MLP forward pass computed by hand") {
  ModelShape s;
  s.inputs = 2;
  s.hidden = {4};
  s.outputs = 1;
  s.activation = Act::tanh;
  Mlp m(s);
  // W1 = [[1,0],[0,1],[1,1],[1,-1]], b1 = [0, 0, -1, 0.5]; W2 = [[1, -1, 2, 0.5]], b2 = [0.25]
  std::vector<float> p = {1, 0, 0, 1, 1, 1, 1, -1, 0, 0, -1, 0.5f, 1, -1, 2, 0.5f, 0.25f};
  REQUIRE(p.size() == m.num_params());
  const float x[2] = {0.5f, -0.25f};
  float y;
  m.forward(p, x, 1, &y, nullptr);
  // hidden z = [0.5, -0.25, 0.5 - 0.25 - 1 = -0.75, 0.5 + 0.25 + 0.5 = 1.25]
  const double h0 = std::tanh(0.5), h1 = std::tanh(-0.25), h2 = std::tanh(-0.75), h3 = std::tanh(1.25);
  const double expect = h0 - h1 + 2 * h2 + 0.5 * h3 + 0.25;
  CHECK(y == doctest::Approx(expect).epsilon(1e-6));
}

TEST_CASE("gradient check: every activation, depths 0..3, outputs 1 and 3") {
  const Act acts[] = {Act::linear, Act::relu, Act::leaky_relu, Act::elu, Act::tanh, Act::sigmoid, Act::softplus};
  const std::vector<std::vector<std::size_t>> depths = {{}, {5}, {4, 3}, {3, 6, 2}};
  for (Act a : acts) {
    for (const auto& hidden : depths) {
      for (std::size_t outputs : {1u, 3u}) {
        for (Act out_act : {Act::linear, Act::sigmoid}) {
          ModelShape s;
          s.inputs = 3;
          s.hidden = hidden;
          s.outputs = outputs;
          s.activation = a;
          s.output = out_act;
          Mlp m(s);
          std::vector<float> p(m.num_params());
          Rng rng(11, RngStream::init);
          m.init("xavier_normal", rng, p);
          const std::size_t n = 7;
          // Inputs away from relu kinks is not guaranteed; use smooth-ish random data and a
          // tolerance that a real bug (a wrong transpose, a missing term) exceeds by far.
          HalfSquaredObjective f(m, random_vec(n * 3, 1, -2, 2), random_vec(n * outputs, 2, -1, 1), n);
          // h = 1e-2: float evaluation noise dominates below that (error grows as 1/h), and a
          // real bug gives errors of order 1.
          // relu/leaky_relu: a smaller step, so fewer pre-activations cross the kink.
          const bool kinked = a == Act::relu || a == Act::leaky_relu;
          GradCheck r = gradient_check(f, p, kinked ? 1e-3 : 1e-2, 1e-2);
          CAPTURE(int(a));
          CAPTURE(hidden.size());
          CAPTURE(outputs);
          CHECK(r.finite);
          CHECK(r.max_rel_error < (kinked ? 5e-2 : 1e-2));
        }
      }
    }
  }
}

TEST_CASE("gradient check detects a wrong gradient (the check can fail)") {
  ModelShape s;
  s.inputs = 2;
  s.hidden = {3};
  Mlp m(s);
  std::vector<float> p(m.num_params());
  Rng rng(1, RngStream::init);
  m.init("xavier_uniform", rng, p);
  struct Broken final : public Objective {
    Objective& inner;
    explicit Broken(Objective& o) : inner(o) {}
    std::size_t dim() const override { return inner.dim(); }
    double evaluate(Span<const float> w, Span<float> g) override {
      const double v = inner.evaluate(w, g);
      g[0] *= 1.5f;
      return v;
    }
  };
  HalfSquaredObjective f(m, random_vec(10, 3, -1, 1), random_vec(5, 4, -1, 1), 5);
  Broken b(f);
  CHECK(gradient_check(b, p).max_rel_error > 0.1);
}

TEST_CASE("init statistics match torch.nn.init's formulas") {
  ModelShape s;
  s.inputs = 200;
  s.outputs = 300;
  Mlp m(s);
  std::vector<float> p(m.num_params());
  const std::size_t nw = 200 * 300;
  auto stats = [&](const std::string& name, double& mean, double& var, double& maxabs) {
    Rng rng(5, RngStream::init);
    m.init(name, rng, p);
    mean = var = maxabs = 0;
    for (std::size_t i = 0; i < nw; ++i) mean += p[i];
    mean /= nw;
    for (std::size_t i = 0; i < nw; ++i) {
      var += (p[i] - mean) * (p[i] - mean);
      maxabs = std::fmax(maxabs, std::fabs(p[i]));
    }
    var /= nw;
    for (std::size_t i = nw; i < p.size(); ++i) CHECK(p[i] == 0.0f);  // biases 0
  };
  double mean, var, maxabs;
  // xavier_uniform: U(-a, a), a = sqrt(6 / (200 + 300)) = 0.10954; var = a^2 / 3 = 0.004
  stats("xavier_uniform", mean, var, maxabs);
  CHECK(std::fabs(mean) < 0.002);
  CHECK(var == doctest::Approx(0.004).epsilon(0.03));
  CHECK(maxabs <= std::sqrt(6.0 / 500.0));
  // xavier_normal: std = sqrt(2 / 500), var = 0.004
  stats("xavier_normal", mean, var, maxabs);
  CHECK(std::fabs(mean) < 0.002);
  CHECK(var == doctest::Approx(0.004).epsilon(0.03));
  // he_uniform: a = sqrt(6 / 200), var = 2 / 200 = 0.01
  stats("he_uniform", mean, var, maxabs);
  CHECK(var == doctest::Approx(0.01).epsilon(0.03));
  CHECK(maxabs <= std::sqrt(6.0 / 200.0));
  // he_normal: var = 2 / fan_in = 0.01
  stats("he_normal", mean, var, maxabs);
  CHECK(var == doctest::Approx(0.01).epsilon(0.03));
  stats("zeros", mean, var, maxabs);
  CHECK(maxabs == 0.0);
}

TEST_CASE("init is seeded: same seed same params, other seed other params") {
  ModelShape s;
  s.inputs = 4;
  s.hidden = {8};
  Mlp m(s);
  std::vector<float> a(m.num_params()), b(m.num_params()), c(m.num_params());
  Rng r1(9, RngStream::init), r2(9, RngStream::init), r3(10, RngStream::init);
  m.init("he_normal", r1, a);
  m.init("he_normal", r2, b);
  m.init("he_normal", r3, c);
  CHECK(std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
  CHECK(std::memcmp(a.data(), c.data(), a.size() * 4) != 0);
}

TEST_CASE("dropout: seeded, inverted (survivors scaled by 1/(1-p)), off at inference") {
  ModelShape s;
  s.inputs = 1;
  s.hidden = {1000};
  s.outputs = 1;
  s.activation = Act::linear;
  s.dropout = 0.25f;
  Mlp m(s);
  // W1 = 1, b1 = 0 -> hidden = x; W2 = 1/1000 each -> output = mean of kept hidden units * scale
  std::vector<float> p(m.num_params(), 0.0f);
  for (std::size_t i = 0; i < 1000; ++i) p[i] = 1.0f;
  const std::size_t w2 = m.layers()[1].w_offset;
  for (std::size_t i = 0; i < 1000; ++i) p[w2 + i] = 1.0f;
  const float x = 1.0f;
  float y1, y2, y3, yi;
  Rng d1(3, RngStream::dropout), d2(3, RngStream::dropout);
  m.forward(p, &x, 1, &y1, &d1);
  m.forward(p, &x, 1, &y2, &d2);
  m.forward(p, &x, 1, &y3, &d1);  // the stream moved on: another mask
  m.predict(p, &x, 1, &yi);
  CHECK(y1 == y2);
  CHECK(y1 != y3);
  CHECK(yi == 1000.0f);  // no dropout at inference
  // y = (number kept) * 1/(1 - 0.25): a multiple of 4/3, and about 750 kept out of 1000
  const double kept = y1 * 0.75;
  CHECK(std::fabs(kept - std::round(kept)) < 1e-2);
  CHECK(kept > 700);
  CHECK(kept < 800);
}

TEST_CASE("gradient check with dropout on (a fixed mask per evaluation)") {
  ModelShape s;
  s.inputs = 3;
  s.hidden = {6, 4};
  s.outputs = 2;
  s.activation = Act::tanh;
  s.dropout = 0.3f;
  Mlp m(s);
  std::vector<float> p(m.num_params());
  Rng rng(2, RngStream::init);
  m.init("xavier_uniform", rng, p);
  struct Fixed final : public Objective {
    Mlp& m;
    std::vector<float> x, t, out, dout;
    Fixed(Mlp& mm) : m(mm), x(random_vec(15, 5, -1, 1)), t(random_vec(10, 6, -1, 1)), out(10), dout(10) {}
    std::size_t dim() const override { return m.num_params(); }
    double evaluate(Span<const float> w, Span<float> g) override {
      Rng d(8, RngStream::dropout);  // the same mask every call
      m.forward(w, x.data(), 5, out.data(), &d);
      double f = 0;
      for (std::size_t i = 0; i < 10; ++i) {
        f += 0.5 * double(out[i] - t[i]) * (out[i] - t[i]);
        dout[i] = out[i] - t[i];
      }
      m.backward(w, x.data(), 5, dout.data(), g);
      return f;
    }
  } f(m);
  GradCheck r = gradient_check(f, p, 1e-2, 1e-2);
  CHECK(r.max_rel_error < 1e-2);
}
