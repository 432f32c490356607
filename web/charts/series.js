// The training history as the page keeps it for the charts: per-step series appended from
// progress messages (the loss, the gradient norm, whole and per layer, the learning rate),
// per-epoch entries, exponential smoothing (and when a loss is noisy enough to need it) and
// min/max thinning for drawing. Plain arrays in, plain arrays out; no DOM, no training.

/** The most points one curve is drawn with (thin() keeps each bucket's min and max beyond that). */
export const CHART_POINTS = 2400;
/** A curve of at most this many points is drawn point by point (markers): a short run shows every step. */
export const MARKER_POINTS = 60;

/**
 * Whether a run's per-step loss is noisy: mini-batches (0 < batch_size < the training rows) on data.
 * Only then do the charts smooth it (the raw curve stays faintly behind); a full-batch or
 * function-mode loss is exact and drawn as it is.
 */
export function noisyLoss(spec, trainRows = Infinity) {
  if (!spec || spec.data?.source === 'function') return false;
  const b = spec.training?.batch_size ?? 0;
  return b > 0 && b < trainRows;
}

/** uPlot's points.show: markers while the visible part of a curve has at most MARKER_POINTS points. */
export const markersWhenShort = (u, si, i0, i1) => i1 - i0 < MARKER_POINTS;

export class TrainingHistory {
  constructor() { this.clear(); }

  clear() {
    this.stride = 1;
    this.loss = [];
    this.gradNorm = [];
    this.lr = [];
    this.layerGradNorm = [];   // one array per layer of the model (none in function mode)
    this.epochs = { step: [], trainLoss: [], valLoss: [], lr: [], trainMetric: [], valMetric: [] };
    this.version = 0;
    this.smoothers = {};
  }

  /**
   * The series `name` smoothed with weight w (see smooth()), kept up to date incrementally: each
   * call only smooths the points added since the last one (recomputed when w changes).
   */
  smoothed(name, w) {
    let s = this.smoothers[name];
    const values = this[name];
    if (!s || s.w !== w || s.out.length > values.length) s = this.smoothers[name] = new Smoother(w);
    s.extend(values);
    return s.out;
  }

  get length() { return this.loss.length; }

  /** Step number of point i (point j is step (j + 1) * stride). */
  stepAt(i) { return (i + 1) * this.stride; }

  /**
   * Adds a progress message's history ({ start, stride, replace, loss, gradNorm, lr,
   * layerGradNorm? }). A larger stride means the engine thinned its history: this copy is thinned
   * the same way first (history-sync.js), and start counts points at the new stride.
   */
  append(h) {
    const layers = h.layerGradNorm ?? [];
    if (layers.length !== this.layerGradNorm.length) this.layerGradNorm = layers.map(() => this.loss.map(() => NaN));
    if (!h.replace && h.stride > this.stride) this.#thin(h.stride);
    if (h.replace || h.start < this.loss.length) {
      this.loss.length = Math.min(this.loss.length, h.replace ? 0 : h.start);
      this.gradNorm.length = this.loss.length;
      this.lr.length = this.loss.length;
      for (const a of this.layerGradNorm) a.length = this.loss.length;
      this.smoothers = {};
    }
    this.stride = h.stride;
    for (let i = 0; i < h.loss.length; i++) {
      this.loss.push(h.loss[i]);
      this.gradNorm.push(h.gradNorm[i]);
      this.lr.push(h.lr[i]);
    }
    layers.forEach((v, l) => { for (let i = 0; i < v.length; i++) this.layerGradNorm[l].push(v[i]); });
    this.version++;
  }

  /** Keeps the points whose step is a multiple of `stride` (point i is step (i + 1) * this.stride). */
  #thin(stride) {
    const r = stride / this.stride;
    for (const a of [this.loss, this.gradNorm, this.lr, ...this.layerGradNorm]) {
      let w = 0;
      for (let i = r - 1; i < a.length; i += r) a[w++] = a[i];
      a.length = w;
    }
    this.stride = stride;
    this.smoothers = {};
  }

  /** Adds epoch entries ({ from, step, trainLoss, valLoss, ... }). */
  appendEpochs(log) {
    const e = this.epochs;
    for (const k of Object.keys(e)) {
      e[k].length = Math.min(e[k].length, log.from);
      for (const v of log[k] ?? []) e[k].push(v);
    }
    this.version++;
  }

  /** Whether the learning rate ever changed (a schedule or a live change). */
  lrVaries() {
    const a = this.lr;
    for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return true;
    return false;
  }
}

/**
 * Exponential moving average, debiased as TensorBoard does: s_t = w s_{t-1} + (1 - w) v_t,
 * shown as s_t / (1 - w^t). Non-finite values are skipped (carried over). Extends as values grow.
 */
export class Smoother {
  constructor(w) {
    this.w = w;
    this.out = [];
    this.last = 0;
    this.wn = 1;   // w^n for the n finite values seen
  }

  extend(values) {
    const { w, out } = this;
    for (let i = out.length; i < values.length; i++) {
      const v = values[i];
      if (!(w > 0)) { out.push(v); continue; }
      if (Number.isFinite(v)) { this.last = this.last * w + (1 - w) * v; this.wn *= w; }
      out.push(this.wn < 1 ? this.last / (1 - this.wn) : v);
    }
    return out;
  }
}

/** The whole series smoothed at once (see Smoother). */
export function smooth(values, w) {
  return new Smoother(w).extend(values);
}

/**
 * Indices to draw for a long series: all of them up to maxPoints, else the min and the max of
 * each bucket (so spikes survive thinning), in order.
 */
export function thin(values, maxPoints = 3000) {
  const n = values.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.floor(maxPoints / 2);
  const size = n / buckets;
  const out = [];
  for (let b = 0; b < buckets; b++) {
    const lo = Math.floor(b * size);
    const hi = Math.min(n, Math.floor((b + 1) * size));
    let mi = lo;
    let ma = lo;
    for (let i = lo + 1; i < hi; i++) {
      if (values[i] < values[mi] || !Number.isFinite(values[mi])) mi = i;
      if (values[i] > values[ma] || !Number.isFinite(values[ma])) ma = i;
    }
    if (mi === ma) out.push(mi); else if (mi < ma) out.push(mi, ma); else out.push(ma, mi);
  }
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

/** Places per-epoch values on an x array (sorted steps): nulls except at the nearest x >= step. */
export function alignTo(xs, steps, values) {
  const out = new Array(xs.length).fill(null);
  let j = 0;
  for (let e = 0; e < steps.length; e++) {
    while (j < xs.length - 1 && xs[j] < steps[e]) j++;
    if (xs.length && Number.isFinite(values[e])) out[j] = values[e];
  }
  return out;
}
