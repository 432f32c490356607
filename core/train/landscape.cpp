// See landscape.hpp.
#include "core/train/landscape.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/simd/kernels.hpp"
#include "core/train/call_args.hpp"
#include "core/train/session.hpp"

namespace descent {
namespace {

void axpy2(const std::vector<float>& w, const std::vector<float>& d1, const std::vector<float>& d2, double a, double b,
           std::vector<float>& out) {
  const float fa = float(a), fb = float(b);
  for (std::size_t i = 0; i < w.size(); ++i) out[i] = w[i] + fa * d1[i] + fb * d2[i];
}

double dotd(const std::vector<float>& a, const std::vector<float>& b) { return simd::dot(a.data(), b.data(), a.size()); }

// Coordinates (a, b) of v in span(d1, d2), least squares.
void project(const std::vector<float>& v, const std::vector<float>& d1, const std::vector<float>& d2, double& a, double& b) {
  const double g11 = dotd(d1, d1), g12 = dotd(d1, d2), g22 = dotd(d2, d2);
  const double r1 = dotd(d1, v), r2 = dotd(d2, v);
  const double det = g11 * g22 - g12 * g12;
  if (std::fabs(det) < 1e-30) { a = g11 > 0 ? r1 / g11 : 0; b = 0; return; }
  a = (r1 * g22 - r2 * g12) / det;
  b = (r2 * g11 - r1 * g12) / det;
}

}  // namespace

Status landscape(const Session& session, const LandscapeConfig& c, Landscape& out) {
  Status st = check_landscape(c);
  if (!st.ok()) return st;
  const std::size_t res = std::size_t(c.resolution);
  const std::size_t r0 = std::size_t(c.row_begin), r1 = c.row_end == 0 ? res : std::size_t(c.row_end);
  const std::vector<float>& params = session.params();
  const std::vector<float>& trajectory = session.trajectory().points();
  const std::vector<std::vector<float>>& snapshots = session.snapshots().all();
  const Problem& problem = session.problem();
  std::string axes = c.axes;
  const std::size_t P = params.size();
  if (axes == "auto") axes = P == 2 ? "params" : (snapshots.size() >= 3 ? "pca" : "random");
  if (axes == "params" && P != 2)
    return Status::Error("exact axes need a model with 2 parameters; this one has " + std::to_string(P) + " (use random or pca)");
  if (axes == "pca" && snapshots.size() < 3)
    return Status::Error("pca axes need a trajectory of at least 3 snapshots; train a few steps first");
  out = Landscape();
  out.axes = axes;
  out.resolution = res;
  out.row_begin = r0;
  out.row_end = r1;
  const bool explicit_box = c.x0 != 0 || c.x1 != 0 || c.y0 != 0 || c.y1 != 0;
  // The loss at w: the training loss of the whole split plus the penalty, or f.
  std::unique_ptr<ModelObjective> model;
  std::unique_ptr<FunctionObjective> function;
  if (problem.function_mode) function = std::make_unique<FunctionObjective>(*problem.function, problem.function_params);
  else model = std::make_unique<ModelObjective>(problem, session.spec().training.l1, session.spec().training.l2);
  auto loss_at = [&](const std::vector<float>& w) {
    return function ? function->value(Span<const float>(w.data(), 2)) : model->split_value(w.data(), problem.train, problem.train_target);
  };

  std::vector<float> w(P);
  if (axes == "params") {
    // The box: the path and the current point, padded; or the given box.
    if (explicit_box) {
      out.x0 = c.x0; out.x1 = c.x1; out.y0 = c.y0; out.y1 = c.y1;
    } else {
      double lx = params[0], hx = lx, ly = params[1], hy = ly;
      for (std::size_t i = 0; i + 1 < trajectory.size(); i += 2) {
        lx = std::min(lx, double(trajectory[i])); hx = std::max(hx, double(trajectory[i]));
        ly = std::min(ly, double(trajectory[i + 1])); hy = std::max(hy, double(trajectory[i + 1]));
      }
      const double half = c.range > 0 ? c.range : 0;
      const double cx = (lx + hx) / 2, cy = (ly + hy) / 2;
      const double ex = std::max({half, (hx - lx) * 0.75, 1.0}), ey = std::max({half, (hy - ly) * 0.75, 1.0});
      out.x0 = cx - ex; out.x1 = cx + ex; out.y0 = cy - ey; out.y1 = cy + ey;
    }
    for (std::size_t i = 0; i + 1 < trajectory.size(); i += 2) {
      out.path.push_back(trajectory[i]);
      out.path.push_back(trajectory[i + 1]);
    }
    out.note = problem.function_mode ? "f(x, y) exactly" : "the exact training loss over both parameters (weight and bias)";
    out.values.resize((r1 - r0) * res);
    for (std::size_t r = r0; r < r1; ++r)
      for (std::size_t k = 0; k < res; ++k) {
        w[0] = float(out.x0 + (out.x1 - out.x0) * double(k) / double(res - 1));
        w[1] = float(out.y0 + (out.y1 - out.y0) * double(r) / double(res - 1));
        out.values[(r - r0) * res + k] = float(loss_at(w));
      }
    return Status::Ok();
  }

  // Two directions through the current parameters.
  std::vector<float> d1(P, 0.0f), d2(P, 0.0f);
  if (axes == "random") {
    // Filter-normalized (Li et al. 2018): each output neuron's incoming weights get a Gaussian
    // direction rescaled to that row's norm; biases get 0.
    Rng rng(session.spec().seed, RngStream::misc);
    for (std::vector<float>* d : {&d1, &d2}) {
      if (problem.function_mode) {
        for (float& v : *d) v = float(rng.normal());
        continue;
      }
      for (const Layer& L : model->model().layers())
        for (std::size_t o = 0; o < L.out; ++o) {
          float* row = d->data() + L.w_offset + o * L.in;
          const float* wr = params.data() + L.w_offset + o * L.in;
          for (std::size_t i = 0; i < L.in; ++i) row[i] = float(rng.normal());
          const double dn = std::sqrt(simd::sqnorm(row, L.in)), wn = std::sqrt(simd::sqnorm(wr, L.in));
          const float s = dn > 0 ? float(wn / dn) : 0.0f;
          for (std::size_t i = 0; i < L.in; ++i) row[i] *= s;
        }
    }
    out.note = "loss along two random directions through the current parameters, each filter-normalized "
               "(Li et al. 2018): a slice of a high-dimensional surface, so valleys may look shallower or "
               "steeper than along the path actually taken";
  } else {
    // Top-2 principal directions of the snapshots relative to the current parameters, via the
    // small Gram matrix (m x m) and power iteration with deflation.
    const std::size_t m = snapshots.size();
    std::vector<std::vector<float>> D(m, std::vector<float>(P));
    for (std::size_t s = 0; s < m; ++s)
      for (std::size_t i = 0; i < P; ++i) D[s][i] = snapshots[s][i] - params[i];
    std::vector<double> G(m * m);
    for (std::size_t a = 0; a < m; ++a)
      for (std::size_t b = a; b < m; ++b) G[a * m + b] = G[b * m + a] = dotd(D[a], D[b]);
    double total = 0;
    for (std::size_t a = 0; a < m; ++a) total += G[a * m + a];
    std::vector<double> explained;
    for (std::vector<float>* d : {&d1, &d2}) {
      std::vector<double> u(m, 1.0), v(m);
      for (std::size_t a = 0; a < m; ++a) u[a] = 1.0 + 0.01 * double(a);
      double lambda = 0;
      for (int it = 0; it < 300; ++it) {
        for (std::size_t a = 0; a < m; ++a) {
          double s = 0;
          for (std::size_t b = 0; b < m; ++b) s += G[a * m + b] * u[b];
          v[a] = s;
        }
        double nv = 0;
        for (double x : v) nv += x * x;
        nv = std::sqrt(nv);
        if (nv == 0) break;
        lambda = nv;
        for (std::size_t a = 0; a < m; ++a) u[a] = v[a] / nv;
      }
      explained.push_back(total > 0 ? lambda / total : 0);
      // direction = D^T u, normalized
      for (std::size_t i = 0; i < P; ++i) {
        double s = 0;
        for (std::size_t a = 0; a < m; ++a) s += u[a] * D[a][i];
        (*d)[i] = float(s);
      }
      const double n = std::sqrt(dotd(*d, *d));
      if (n > 0)
        for (float& x : *d) x = float(x / n);
      // deflate
      for (std::size_t a = 0; a < m; ++a)
        for (std::size_t b = 0; b < m; ++b) G[a * m + b] -= lambda * u[a] * u[b];
    }
    out.note = "loss on the plane of the two main directions the parameters moved in (PCA of the trajectory; "
               "they explain " + format_number(std::round(explained[0] * 1000) / 10) + "% and " +
               format_number(std::round(explained[1] * 1000) / 10) + "% of its variance)";
  }
  // Path: snapshots projected on (d1, d2).
  std::vector<float> v(P);
  double ext = 0;
  for (const std::vector<float>& s : snapshots) {
    for (std::size_t i = 0; i < P; ++i) v[i] = s[i] - params[i];
    double a, b;
    project(v, d1, d2, a, b);
    out.path.push_back(float(a));
    out.path.push_back(float(b));
    ext = std::max({ext, std::fabs(a), std::fabs(b)});
  }
  if (explicit_box) {
    out.x0 = c.x0; out.x1 = c.x1; out.y0 = c.y0; out.y1 = c.y1;
  } else {
    const double half = c.range > 0 ? c.range : (axes == "pca" ? std::max(ext * 1.25, 1e-3) : 1.0);
    out.x0 = out.y0 = -half;
    out.x1 = out.y1 = half;
  }
  out.values.resize((r1 - r0) * res);
  for (std::size_t r = r0; r < r1; ++r)
    for (std::size_t k = 0; k < res; ++k) {
      const double a = out.x0 + (out.x1 - out.x0) * double(k) / double(res - 1);
      const double b = out.y0 + (out.y1 - out.y0) * double(r) / double(res - 1);
      axpy2(params, d1, d2, a, b, w);
      out.values[(r - r0) * res + k] = float(loss_at(w));
    }
  return Status::Ok();
}

}  // namespace descent
