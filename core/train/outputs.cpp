// See outputs.hpp.
#include "core/train/outputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "core/metrics/metrics.hpp"
#include "core/simd/kernels.hpp"

namespace descent {

void to_display(const Problem& p, float* out, std::size_t n) {
  const std::size_t k = p.shape.outputs;
  if (p.output_kind == "logit") {
    if (k == 1) simd::activate(simd::Act::sigmoid, out, out, n);
    else simd::softmax_rows(out, out, n, k);
  }
  const Normalizer& t = p.target_scaler;  // a standardized target back in its units
  if (t.kind != "none")
    for (std::size_t i = 0; i < n * k; ++i) out[i] = out[i] * t.scale[i % k] + t.shift[i % k];
}

void predicted_classes(const Problem& p, const float* display, std::size_t n, std::vector<float>& cls,
                       std::vector<float>& score) {
  const std::size_t k = p.shape.outputs;
  cls.resize(n);
  score.resize(n);
  const float threshold = p.output_kind == "score" ? 0.0f : 0.5f;  // scores: sign; probabilities/values: 0.5
  for (std::size_t i = 0; i < n; ++i) {
    if (k == 1) {
      cls[i] = display[i] >= threshold ? 1.0f : 0.0f;
      score[i] = display[i];
    } else {
      std::size_t best = 0;
      for (std::size_t j = 1; j < k; ++j)
        if (display[i * k + j] > display[i * k + best]) best = j;
      cls[i] = float(best);
      score[i] = k == 2 ? display[i * k + 1] : 0.0f;
    }
  }
}

void split_outputs(const Problem& p, Mlp& model, const std::vector<float>& w, const Dataset& ds, std::vector<float>& out) {
  out.resize(ds.n * p.shape.outputs);
  model.predict(w, ds.x.data(), ds.n, out.data());
  to_display(p, out.data(), ds.n);
}

float split_metric(const Problem& p, Mlp& model, const std::vector<float>& w, const Dataset& ds) {
  if (ds.n == 0) return 0;
  std::vector<float> out;
  split_outputs(p, model, w, ds, out);
  if (p.task == Task::regression)
    return float(regression_metrics(ds.y.data(), out.data(), ds.n * p.shape.outputs, p.shape.outputs).r2);
  std::vector<float> cls, score;
  predicted_classes(p, out.data(), ds.n, cls, score);
  std::size_t right = 0;
  for (std::size_t i = 0; i < ds.n; ++i) right += cls[i] == ds.y[i];
  return float(double(right) / double(ds.n));
}

Status grid_points(double x0, double x1, double y0, double y1, std::size_t res, std::vector<float>& pts) {
  pts.clear();
  if (!(std::isfinite(x0) && std::isfinite(x1) && std::isfinite(y0) && std::isfinite(y1)) || !(x1 > x0) || !(y1 > y0))
    return Status::Error("grid ranges must be finite with x1 > x0 and y1 > y0");
  pts.resize(res * res * 2);
  for (std::size_t r = 0; r < res; ++r)
    for (std::size_t c = 0; c < res; ++c) {
      pts[(r * res + c) * 2] = float(x0 + (x1 - x0) * double(c) / double(res - 1));
      pts[(r * res + c) * 2 + 1] = float(y0 + (y1 - y0) * double(r) / double(res - 1));
    }
  return Status::Ok();
}

Status unit_outputs(const Problem& p, Mlp& model, const std::vector<float>& w, const float* x, std::size_t n,
                    std::vector<float>& out) {
  const std::vector<Layer>& layers = model.layers();
  std::size_t units = 0;
  for (const Layer& L : layers) units += L.out;
  if (n > 0 && units > kMaxUnitValues / n)
    return Status::Error(std::to_string(units) + " units at " + std::to_string(n) + " points are more than " +
                         std::to_string(kMaxUnitValues) + " values; ask for fewer points");
  const std::size_t d = model.shape().inputs;
  std::vector<float> xn(x, x + n * d);
  p.normalizer.apply_rows(xn.data(), n, d);
  out.resize(units * n);
  // In chunks, as predict() runs (the model's workspace stays bounded).
  constexpr std::size_t kChunk = 4096;
  for (std::size_t i = 0; i < n; i += kChunk) {
    const std::size_t m = std::min(kChunk, n - i);
    model.forward(w, xn.data() + i * d, m, nullptr, nullptr);
    std::size_t u = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
      const float* a = model.activation(l);  // (m, out_l)
      for (std::size_t j = 0; j < layers[l].out; ++j, ++u)
        for (std::size_t r = 0; r < m; ++r) out[u * n + i + r] = a[r * layers[l].out + j];
    }
  }
  return Status::Ok();
}

}  // namespace descent
