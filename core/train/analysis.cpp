// Analyses of a session that leave it unchanged: the learning-rate range test and the loss
// landscape on a 2-D slice of parameter space (exact axes for 2-parameter models;
// filter-normalized random directions, Li et al. 2018, or the top-2 PCA directions of the
// trajectory otherwise).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/simd/kernels.hpp"
#include "core/simd/num.hpp"
#include "core/train/session.hpp"

namespace descent {

LrFinderResult Session::lr_finder(double min_lr, double max_lr, long steps) {
  LrFinderResult r;
  if (!(std::isfinite(min_lr) && std::isfinite(max_lr)) || min_lr <= 0 || max_lr <= min_lr || max_lr > 1e3) {
    r.message = "minLr and maxLr must be finite with 0 < minLr < maxLr <= 1000";
    return r;
  }
  if (steps < 5 || steps > 2000) {
    r.message = "steps must be in [5, 2000], got " + std::to_string(steps);
    return r;
  }
  const std::vector<float> saved_params = params_, saved_grad = grad_;
  const Rng saved_dropout = dropout_rng_;
  std::unique_ptr<Optimizer> opt = find_optimizer(spec_.optimizer.kind)->make(spec_.optimizer.params);
  Rng order_rng(spec_.seed, RngStream::misc);
  std::vector<std::uint32_t> order;
  std::size_t pos = 0;
  const double beta = 0.98;
  double avg = 0, best = INFINITY;
  for (long k = 0; k < steps; ++k) {
    const double lr = min_lr * num::pow(max_lr / min_lr, double(k) / double(steps - 1));
    double loss;
    if (problem_.function_mode) {
      loss = function_obj_->evaluate(params_, grad_);
    } else {
      const std::size_t n = problem_.train.n;
      if (pos == 0 || pos >= n) {
        order.resize(n);
        for (std::size_t i = 0; i < n; ++i) order[i] = std::uint32_t(i);
        order_rng.shuffle(order);
        pos = 0;
      }
      const std::size_t bs = std::min(batch_, n - pos);
      gather_batch(order, pos, bs);
      pos += bs;
      loss = batch_loss_grad(bs, true) + penalty_and_grad(params_.data(), grad_.data());
    }
    // fastai-style smoothing: exponential moving average with bias correction
    avg = beta * avg + (1 - beta) * loss;
    const double smooth = avg / (1 - num::powi(beta, k + 1));
    if (!std::isfinite(loss) || !std::isfinite(smooth) || (k > 5 && smooth > 4 * best)) {
      r.stopped_early = true;
      break;
    }
    best = std::min(best, smooth);
    r.lrs.push_back(float(lr));
    r.losses.push_back(float(loss));
    r.smoothed.push_back(float(smooth));
    if (!simd::all_finite(grad_.data(), grad_.size())) {
      r.stopped_early = true;
      break;
    }
    opt->step(params_, grad_, float(lr));
    if (!simd::all_finite(params_.data(), params_.size())) {
      r.stopped_early = true;
      break;
    }
  }
  params_ = saved_params;
  grad_ = saved_grad;
  dropout_rng_ = saved_dropout;
  // Suggestion: where the smoothed loss falls fastest per unit of log(lr), measured over a window
  // of +-k points (k = 5% of the curve), skipping the first tenth (the moving average has seen
  // few batches there) and stopping at the smoothed minimum (past it the loss turns up and
  // mini-batch noise makes spurious dips).
  const std::size_t m = r.smoothed.size();
  if (m >= 8) {
    std::size_t imin = 0;
    for (std::size_t i = 0; i < m; ++i) if (r.smoothed[i] < r.smoothed[imin]) imin = i;
    const std::size_t k = std::max<std::size_t>(1, m / 20);
    double steepest = 0;
    std::size_t at = 0;
    for (std::size_t i = std::max(k, m / 10); i + k < m && i <= imin; ++i) {
      const double slope = (double(r.smoothed[i + k]) - r.smoothed[i - k]) /
                           (num::log(double(r.lrs[i + k])) - num::log(double(r.lrs[i - k])));
      if (slope < steepest) { steepest = slope; at = i; }
    }
    const double drop = (double(r.smoothed[0]) - r.smoothed[imin]) / std::max(std::fabs(double(r.smoothed[0])), 1e-30);
    if (at > 0 && drop > 0.05) {
      r.suggestion = r.lrs[at];
      r.message = "suggested learning rate " + format_float(float(r.suggestion)) + " (steepest descent of the smoothed loss)";
    } else {
      // No real descent in range (say, an already trained model): a tenth of the LR at which the
      // loss starts to climb, the largest that is still stable (the smoothed loss doubles there).
      std::size_t rise = m - 1;
      for (std::size_t i = imin; i < m; ++i)
        if (r.smoothed[i] > 2.0 * r.smoothed[imin]) { rise = i; break; }
      r.suggestion = r.lrs[rise] / 10;
      r.message = "suggested learning rate " + format_float(float(r.suggestion)) +
                  " (the loss hardly falls in this range; a tenth of the LR where it starts to climb)";
    }
  } else {
    r.message = "the loss exploded almost at once; try a smaller minLr";
  }
  return r;
}

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

Status Session::landscape(const LandscapeConfig& c, Landscape& out) {
  const std::size_t res = c.resolution;
  if (res < 2 || res > 256) return Status::Error("resolution must be in [2, 256], got " + std::to_string(res));
  const std::size_t r0 = c.row_begin, r1 = c.row_end == 0 ? res : c.row_end;
  if (r0 >= r1 || r1 > res) return Status::Error("rows must satisfy 0 <= rowBegin < rowEnd <= resolution");
  if (!std::isfinite(c.range) || c.range < 0) return Status::Error("range must be a finite number >= 0");
  std::string axes = c.axes;
  const std::size_t P = params_.size();
  if (axes == "auto") axes = P == 2 ? "params" : (snapshots_.size() >= 3 ? "pca" : "random");
  if (axes != "params" && axes != "random" && axes != "pca")
    return Status::Error("axes must be auto, params, random or pca, got \"" + axes + "\"");
  if (axes == "params" && P != 2)
    return Status::Error("exact axes need a model with 2 parameters; this one has " + std::to_string(P) + " (use random or pca)");
  out = Landscape();
  out.axes = axes;
  out.resolution = res;
  out.row_begin = r0;
  out.row_end = r1;
  const bool explicit_box = c.x0 != 0 || c.x1 != 0 || c.y0 != 0 || c.y1 != 0;
  if (explicit_box && !(c.x1 > c.x0 && c.y1 > c.y0 && std::isfinite(c.x0 + c.x1 + c.y0 + c.y1)))
    return Status::Error("the box must be finite with x1 > x0 and y1 > y0");

  std::vector<float> w(P);
  if (axes == "params") {
    // The box: the path and the current point, padded; or the given box.
    if (explicit_box) {
      out.x0 = c.x0; out.x1 = c.x1; out.y0 = c.y0; out.y1 = c.y1;
    } else {
      double lx = params_[0], hx = lx, ly = params_[1], hy = ly;
      for (std::size_t i = 0; i + 1 < trajectory_.size(); i += 2) {
        lx = std::min(lx, double(trajectory_[i])); hx = std::max(hx, double(trajectory_[i]));
        ly = std::min(ly, double(trajectory_[i + 1])); hy = std::max(hy, double(trajectory_[i + 1]));
      }
      const double half = c.range > 0 ? c.range : 0;
      const double cx = (lx + hx) / 2, cy = (ly + hy) / 2;
      const double ex = std::max({half, (hx - lx) * 0.75, 1.0}), ey = std::max({half, (hy - ly) * 0.75, 1.0});
      out.x0 = cx - ex; out.x1 = cx + ex; out.y0 = cy - ey; out.y1 = cy + ey;
    }
    for (std::size_t i = 0; i + 1 < trajectory_.size(); i += 2) {
      out.path.push_back(trajectory_[i]);
      out.path.push_back(trajectory_[i + 1]);
    }
    out.note = problem_.function_mode ? "f(x, y) exactly" : "the exact training loss over both parameters (weight and bias)";
    out.values.resize((r1 - r0) * res);
    for (std::size_t r = r0; r < r1; ++r)
      for (std::size_t k = 0; k < res; ++k) {
        w[0] = float(out.x0 + (out.x1 - out.x0) * double(k) / double(res - 1));
        w[1] = float(out.y0 + (out.y1 - out.y0) * double(r) / double(res - 1));
        out.values[(r - r0) * res + k] = float(evaluate(w.data(), false));
      }
    return Status::Ok();
  }

  // Two directions through the current parameters.
  std::vector<float> d1(P, 0.0f), d2(P, 0.0f);
  if (axes == "random") {
    // Filter-normalized (Li et al. 2018): each output neuron's incoming weights get a Gaussian
    // direction rescaled to that row's norm; biases get 0.
    Rng rng(spec_.seed, RngStream::misc);
    for (std::vector<float>* d : {&d1, &d2}) {
      if (problem_.function_mode) {
        for (float& v : *d) v = float(rng.normal());
        continue;
      }
      for (const Layer& L : model_->layers())
        for (std::size_t o = 0; o < L.out; ++o) {
          float* row = d->data() + L.w_offset + o * L.in;
          const float* wr = params_.data() + L.w_offset + o * L.in;
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
    if (snapshots_.size() < 3) return Status::Error("pca axes need a trajectory of at least 3 snapshots; train a few steps first");
    // Top-2 principal directions of the snapshots relative to the current parameters, via the
    // small Gram matrix (m x m) and power iteration with deflation.
    const std::size_t m = snapshots_.size();
    std::vector<std::vector<float>> D(m, std::vector<float>(P));
    for (std::size_t s = 0; s < m; ++s)
      for (std::size_t i = 0; i < P; ++i) D[s][i] = snapshots_[s][i] - params_[i];
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
  for (const std::vector<float>& s : snapshots_) {
    for (std::size_t i = 0; i < P; ++i) v[i] = s[i] - params_[i];
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
      axpy2(params_, d1, d2, a, b, w);
      out.values[(r - r0) * res + k] = float(evaluate(w.data(), false));
    }
  return Status::Ok();
}

}  // namespace descent
