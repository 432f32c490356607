// The data view on a canvas: the rows (training filled, validation hollow; classes by colour and
// marker shape) over what the model predicts: a decision-boundary heatmap for 2-D
// classification (with more inputs, over two chosen features with the others held at their
// training means: a 'slice' the worker computes), the fitted curve for one input, predicted vs
// actual for regression on more inputs.
// It receives arrays and draws; it knows nothing about training. Clicking (or Enter on the
// focused plot) asks the page to add a point where the model can take one. Off screen
// (views/onscreen.js) it keeps the latest predictions and draws when it comes back, or at once
// when something reads the canvas (paintNow: the PNG export).
import { contours } from 'd3-contour';
import { addMarker, classMarker, drawMarker, markerSwatch, paintMarkers } from '../palette.js';
import { ticks, short as fmtTick } from './format.js';
import { fitCanvas, onPaintNow } from './canvas.js';
import { Onscreen } from '../views/onscreen.js';
import { chartColors } from './theme.js';

const PAD = { left: 46, right: 12, top: 12, bottom: 40 };
const MAX_POINTS = 4000;     // more rows are drawn 1 in k (every k-th row), so redraws stay cheap
const GRID_RESOLUTION = 64;
const CURVE_POINTS = 200;

/**
 * Which picture fits a problem: grid2d | curve1d | pva (predicted vs actual) | slice2d (decision
 * regions over two chosen features, the others held at their means).
 */
export function modeFor(inputs, task) {
  if (inputs === 1) return 'curve1d';
  const classification = task === 'binary' || task === 'multiclass';
  if (inputs === 2 && classification) return 'grid2d';
  return classification ? 'slice2d' : 'pva';
}

/** The two plotted features: axes if they are two different inputs, else the first two. */
export function plotAxes(inputs, axes) {
  const ok = Array.isArray(axes) && axes.length === 2 && axes.every((a) => Number.isInteger(a) && a >= 0 && a < inputs) && axes[0] !== axes[1];
  return ok ? [axes[0], axes[1]] : [0, 1];
}

function range(arrays, stride, offset) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = offset; i < a.length; i += stride) {
      const v = a[i];
      if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    }
  }
  if (!(hi >= lo)) return [-1, 1];
  if (hi - lo < 1e-9) return [lo - 1, hi + 1];
  return [lo, hi];
}

function padded([lo, hi], f) {
  const d = (hi - lo) * f;
  return [lo - d, hi + d];
}

/** The box a 2-D plot of the rows shows (arrays: row-major inputs; columns a and b, the first two by default): { x, y }. */
export function dataBox(arrays, inputs, a = 0, b = 1) {
  return { x: padded(range(arrays, inputs, a), 0.08), y: padded(range(arrays, inputs, b), 0.08) };
}

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const jitter = (i) => (((i * 2654435761) >>> 0) % 1000) / 1000 - 0.5;

/** Class scores of one prediction row -> probabilities (softmax when the model gives scores). */
function probsOf(values, i, outputs, output, out) {
  if (output === 'score') {
    let m = -Infinity;
    for (let k = 0; k < outputs; k++) m = Math.max(m, values[i * outputs + k]);
    let s = 0;
    for (let k = 0; k < outputs; k++) { out[k] = Math.exp(values[i * outputs + k] - m); s += out[k]; }
    for (let k = 0; k < outputs; k++) out[k] /= s;
  } else {
    for (let k = 0; k < outputs; k++) out[k] = values[i * outputs + k];
  }
  return out;
}

/** P(class 1) of a binary prediction (probabilities, logits turned probabilities, scores, values). */
function binaryP(v, output) {
  if (output === 'score') return sigmoid(2 * v);
  return Math.min(1, Math.max(0, v));
}

export class DataPlot {
  #canvas;
  #legend;
  #ctx;
  #scene = null;
  #pred = null;
  #frame = 0;
  #size = { w: 0, h: 0, dpr: 1 };
  #box = null;           // { x: [lo, hi], y: [lo, hi] } in data units
  #cursor = null;        // keyboard cursor in data units
  #addClass = 0;
  #onAdd;
  #heat = null;          // offscreen canvas for the heatmap
  #stale = false;        // a draw was asked for while off screen
  #onscreen;

  constructor(canvas, legend, { onAdd = null } = {}) {
    this.#canvas = canvas;
    this.#legend = legend;
    this.#ctx = canvas.getContext('2d');
    this.#onAdd = onAdd;
    this.#onscreen = new Onscreen(canvas, () => { if (this.#stale) this.draw(); });
    onPaintNow(canvas, () => { if (this.#stale || this.#frame) { cancelAnimationFrame(this.#frame); this.#frame = 0; this.#stale = false; this.#render(); } });
    new ResizeObserver(() => this.#resize()).observe(canvas);
    canvas.addEventListener('click', (e) => this.#click(e));
    canvas.addEventListener('keydown', (e) => this.#key(e));
    canvas.addEventListener('focus', () => this.draw());
    canvas.addEventListener('blur', () => this.draw());
    // Sized by the ResizeObserver's first report (after layout): measuring here forced a layout
    // in the middle of building the page.
  }

  /** Whether clicking adds points in the current picture. */
  get addable() {
    const s = this.#scene;
    return !!s && s.addable && (s.mode === 'grid2d' || (s.mode === 'curve1d' && s.task === 'regression'));
  }

  set addClass(k) { this.#addClass = k; this.draw(); }

  /**
   * What to draw: { inputs, task, classes, classNames, output, featureNames, targetName,
   * train: { x, y }, validation: { x, y }, addable, axes? ([i, j]: the plotted features of a
   * slice2d picture) }. Returns the view to ask the worker for.
   */
  setScene(scene) {
    const mode = modeFor(scene.inputs, scene.task);
    this.#scene = { ...scene, mode, axes: plotAxes(scene.inputs, scene.axes) };
    this.#pred = null;
    this.#cursor = null;
    const xs = [scene.train.x, scene.validation.x];
    const ys = [scene.train.y, scene.validation.y];
    const classification = scene.task !== 'regression';
    const [a, b] = this.#scene.axes;
    if (mode === 'grid2d' || mode === 'slice2d') this.#box = dataBox(xs, scene.inputs, a, b);
    else if (mode === 'curve1d') this.#box = { x: padded(range(xs, 1, 0), 0.05), y: classification ? [-0.08, 1.08] : padded(range(ys, 1, 0), 0.12) };
    else { const r = padded(range(ys, 1, 0), 0.08); this.#box = { x: r, y: [...r] }; }
    this.#describe();
    this.#buildLegend();
    this.draw();
    return this.viewRequest();
  }

  /** The plotted features of a slice2d picture ([i, j]), or null for the other pictures. */
  get axes() { return this.#scene?.mode === 'slice2d' ? [...this.#scene.axes] : null; }

  /** Plots features [i, j] (slice2d); returns the view to ask the worker for. */
  setAxes(axes) {
    const s = this.#scene;
    if (!s || s.mode !== 'slice2d') return this.viewRequest();
    return this.setScene({ ...s, axes });
  }

  /** The predictions this picture needs (protocol VIEW). */
  viewRequest() {
    const s = this.#scene;
    if (!s) return null;
    if (s.mode === 'grid2d') return { kind: 'grid', xRange: [...this.#box.x], yRange: [...this.#box.y], resolution: GRID_RESOLUTION };
    if (s.mode === 'slice2d') return { kind: 'slice', axes: [...s.axes], xRange: [...this.#box.x], yRange: [...this.#box.y], resolution: GRID_RESOLUTION, points: true };
    if (s.mode === 'curve1d') {
      const x = new Float32Array(CURVE_POINTS);
      const [a, b] = this.#box.x;
      for (let i = 0; i < CURVE_POINTS; i++) x[i] = a + ((b - a) * i) / (CURVE_POINTS - 1);
      return { kind: 'curve', x };
    }
    return { kind: 'points' };
  }

  setPrediction(kind, result) {
    const s = this.#scene;
    if (!s) return;
    if ((s.mode === 'grid2d' && kind !== 'grid') || (s.mode === 'curve1d' && kind !== 'curve') || (s.mode === 'pva' && kind !== 'points')) return;
    // A slice of other features (an answer to an earlier request) is not this picture's.
    if (s.mode === 'slice2d' && (kind !== 'slice' || result.axes?.[0] !== s.axes[0] || result.axes?.[1] !== s.axes[1])) return;
    this.#pred = { kind, ...result };
    if (kind === 'grid' || kind === 'slice') this.#paintHeat();
    this.draw();
  }

  clear(message = '') {
    this.#scene = null;
    this.#pred = null;
    this.#legend.replaceChildren();
    this.#canvas.setAttribute('aria-label', message || 'No data yet');
    this.#emptyText = message;
    this.draw();
  }

  #emptyText = 'Loading…';

  /** The theme changed: paint the heatmap and the plot again in its colours. */
  restyle() {
    if (this.#pred?.kind === 'grid') this.#paintHeat();
    this.draw();
  }

  draw() {
    if (!this.#onscreen.visible) { this.#stale = true; return; }
    if (this.#frame) return;
    this.#stale = false;
    this.#frame = requestAnimationFrame(() => { this.#frame = 0; this.#render(); });
  }

  // ---- geometry -------------------------------------------------------------------------------
  #resize() {
    const size = fitCanvas(this.#canvas, this.#size, { min: 120 });
    if (!size) return;
    this.#size = size;
    this.draw();
  }

  #plot() {
    const { w, h } = this.#size;
    return { x: PAD.left, y: PAD.top, w: w - PAD.left - PAD.right, h: h - PAD.top - PAD.bottom };
  }

  #sx(v) { const p = this.#plot(); const [a, b] = this.#box.x; return p.x + ((v - a) / (b - a)) * p.w; }
  #sy(v) { const p = this.#plot(); const [a, b] = this.#box.y; return p.y + (1 - (v - a) / (b - a)) * p.h; }
  #dataAt(px, py) {
    const p = this.#plot();
    const [xa, xb] = this.#box.x;
    const [ya, yb] = this.#box.y;
    return [xa + ((px - p.x) / p.w) * (xb - xa), ya + (1 - (py - p.y) / p.h) * (yb - ya)];
  }

  // ---- input ----------------------------------------------------------------------------------
  #click(e) {
    if (!this.addable || !this.#onAdd) return;
    const r = this.#canvas.getBoundingClientRect();
    const px = e.clientX - r.left;
    const py = e.clientY - r.top;
    const p = this.#plot();
    if (px < p.x || px > p.x + p.w || py < p.y || py > p.y + p.h) return;
    this.#add(this.#dataAt(px, py));
  }

  #add([x, y]) {
    const s = this.#scene;
    if (s.mode === 'grid2d') this.#onAdd({ x: [x, y], y: this.#addClass });
    else this.#onAdd({ x: [x], y });
  }

  #key(e) {
    if (!this.addable) return;
    const [xa, xb] = this.#box.x;
    const [ya, yb] = this.#box.y;
    if (!this.#cursor) this.#cursor = [(xa + xb) / 2, (ya + yb) / 2];
    const f = e.shiftKey ? 0.1 : 0.025;
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (moves[e.key]) {
      const [dx, dy] = moves[e.key];
      this.#cursor = [Math.min(xb, Math.max(xa, this.#cursor[0] + dx * f * (xb - xa))), Math.min(yb, Math.max(ya, this.#cursor[1] + dy * f * (yb - ya)))];
      e.preventDefault();
      this.draw();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.#add(this.#cursor);
    }
  }

  // ---- drawing --------------------------------------------------------------------------------
  #paintHeat() {
    const { values, outputs, resolution: res } = this.#pred;
    const s = this.#scene;
    if (!this.#heat || this.#heat.width !== res) {
      this.#heat = new OffscreenCanvas(res, res);
    }
    const hctx = this.#heat.getContext('2d');
    const img = hctx.createImageData(res, res);
    const probs = new Float64Array(Math.max(2, outputs));
    // Class colours mixed into the plot's background: the stronger, the surer the model.
    const pen = chartColors(this.#canvas);
    const bg = pen.rgb['chart-bg'];
    const rgb = pen.classes.map((_, k) => pen.rgb[`class-${k}`]);
    const mix = (c, t, o) => { img.data[o] = bg[0] + (c[0] - bg[0]) * t; img.data[o + 1] = bg[1] + (c[1] - bg[1]) * t; img.data[o + 2] = bg[2] + (c[2] - bg[2]) * t; img.data[o + 3] = 255; };
    for (let r = 0; r < res; r++) {
      for (let c = 0; c < res; c++) {
        const i = r * res + c;
        const o = ((res - 1 - r) * res + c) * 4;   // grid row 0 is the bottom
        if (outputs === 1) {
          const p = binaryP(values[i], s.output);
          if (!Number.isFinite(p)) { mix(bg, 0, o); continue; }
          if (p >= 0.5) mix(rgb[1], (p - 0.5) * 2 * 0.6, o); else mix(rgb[0], (0.5 - p) * 2 * 0.6, o);
        } else {
          probsOf(values, i, outputs, s.output, probs);
          let k = 0;
          for (let j = 1; j < outputs; j++) if (probs[j] > probs[k]) k = j;
          const conf = (probs[k] - 1 / outputs) / (1 - 1 / outputs);
          if (!Number.isFinite(conf)) { mix(bg, 0, o); continue; }
          mix(rgb[k % rgb.length], Math.max(0, conf) * 0.6, o);
        }
      }
    }
    hctx.putImageData(img, 0, 0);
    this.#pred.boundaries = this.#boundaries();
  }

  /** Decision boundaries as contour lines: P = 0.5 (binary) or p_k = max other (multi-class). */
  #boundaries() {
    const { values, outputs, resolution: res } = this.#pred;
    const s = this.#scene;
    const fields = [];
    if (outputs === 1) {
      const f = new Array(res * res);
      for (let i = 0; i < f.length; i++) f[i] = binaryP(values[i], s.output);
      fields.push([f, 0.5]);
    } else {
      const probs = new Float64Array(outputs);
      const margins = Array.from({ length: outputs }, () => new Array(res * res));
      for (let i = 0; i < res * res; i++) {
        probsOf(values, i, outputs, s.output, probs);
        for (let k = 0; k < outputs; k++) {
          let other = -Infinity;
          for (let j = 0; j < outputs; j++) if (j !== k && probs[j] > other) other = probs[j];
          margins[k][i] = probs[k] - other;
        }
      }
      for (const m of margins) fields.push([m, 0]);
    }
    const gen = contours().size([res, res]);
    const out = [];
    for (const [f, t] of fields) {
      if (!f.every(Number.isFinite)) continue;
      for (const poly of gen.thresholds([t])(f)) for (const rings of poly.coordinates) for (const ring of rings) out.push(ring);
    }
    return out;
  }

  #render() {
    const ctx = this.#ctx;
    const { w, h, dpr } = this.#size;
    if (!w) return;   // not sized yet: the ResizeObserver's first report draws
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const s = this.#scene;
    const pen = chartColors(this.#canvas);
    if (!s) {
      ctx.fillStyle = pen['chart-ink'];
      ctx.font = '14px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText(this.#emptyText, w / 2, h / 2);
      return;
    }
    const p = this.#plot();
    ctx.fillStyle = pen['chart-bg'];
    ctx.fillRect(p.x, p.y, p.w, p.h);
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.x, p.y, p.w, p.h);
    ctx.clip();
    if (s.mode === 'grid2d' || s.mode === 'slice2d') this.#drawGrid(pen);
    this.#drawGridLines(pen);
    if (s.mode === 'curve1d') this.#drawCurve(pen);
    if (s.mode === 'pva') this.#drawDiagonal(pen);
    this.#drawPoints(pen);
    if (this.#cursor && this.#canvas.getRootNode().activeElement === this.#canvas && this.addable) this.#drawCursor(pen);
    ctx.restore();
    this.#drawAxes(pen);
  }

  #drawGrid(pen) {
    const pr = this.#pred;
    if (!pr || (pr.kind !== 'grid' && pr.kind !== 'slice') || !this.#heat) return;
    const ctx = this.#ctx;
    const res = pr.resolution;
    const dx = (pr.xRange[1] - pr.xRange[0]) / (res - 1);
    const dy = (pr.yRange[1] - pr.yRange[0]) / (res - 1);
    // Grid values sit on cell centres: pixel c covers [x0 + (c - 0.5) dx, x0 + (c + 0.5) dx].
    const x0 = this.#sx(pr.xRange[0] - dx / 2);
    const x1 = this.#sx(pr.xRange[1] + dx / 2);
    const y0 = this.#sy(pr.yRange[1] + dy / 2);
    const y1 = this.#sy(pr.yRange[0] - dy / 2);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(this.#heat, x0, y0, x1 - x0, y1 - y0);
    // Boundary lines (skip the segments d3 adds along the grid's edge to close polygons).
    ctx.lineWidth = 2;
    ctx.strokeStyle = pen['chart-boundary'];
    ctx.beginPath();
    const edge = (a, b) => (a[0] <= 0 && b[0] <= 0) || (a[0] >= res && b[0] >= res) || (a[1] <= 0 && b[1] <= 0) || (a[1] >= res && b[1] >= res);
    const X = (c) => this.#sx(pr.xRange[0] + (c - 0.5) * dx);
    const Y = (r) => this.#sy(pr.yRange[0] + (r - 0.5) * dy);
    for (const ring of pr.boundaries ?? []) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1];
        const b = ring[i];
        if (edge(a, b)) continue;
        ctx.moveTo(X(a[0]), Y(a[1]));
        ctx.lineTo(X(b[0]), Y(b[1]));
      }
    }
    ctx.stroke();
  }

  #drawGridLines(pen) {
    const ctx = this.#ctx;
    const p = this.#plot();
    ctx.strokeStyle = pen['chart-grid'];
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (const v of ticks(...this.#box.x)) { const x = Math.round(this.#sx(v)) + 0.5; ctx.moveTo(x, p.y); ctx.lineTo(x, p.y + p.h); }
    for (const v of ticks(...this.#box.y)) { const y = Math.round(this.#sy(v)) + 0.5; ctx.moveTo(p.x, y); ctx.lineTo(p.x + p.w, y); }
    ctx.stroke();
  }

  #drawCurve(pen) {
    const pr = this.#pred;
    if (!pr || pr.kind !== 'curve') return;
    const ctx = this.#ctx;
    const s = this.#scene;
    const n = pr.x.length;
    const lines = [];
    const classColor = (k) => pen.classes[k % pen.classes.length];
    if (s.task === 'regression') lines.push({ color: pen['series-fit'], get: (i) => pr.values[i * pr.outputs] });
    else if (pr.outputs === 1) lines.push({ color: classColor(1), get: (i) => binaryP(pr.values[i], s.output) });
    else {
      const probs = new Float64Array(pr.outputs);
      for (let k = 0; k < pr.outputs; k++) lines.push({ color: classColor(k), get: (i) => probsOf(pr.values, i, pr.outputs, s.output, probs)[k] });
    }
    // Class colours (some light on white, like markers' fills) get the markers' edge as a casing,
    // so every curve keeps >= 3:1 against the background by its fill or its edge.
    const cased = s.task !== 'regression';
    ctx.lineJoin = 'round';
    for (const line of lines) {
      ctx.beginPath();
      let down = false;
      for (let i = 0; i < n; i++) {
        const v = line.get(i);
        if (!Number.isFinite(v)) { down = false; continue; }
        const X = this.#sx(pr.x[i]);
        const Y = Math.max(-1e4, Math.min(1e4, this.#sy(v)));
        if (down) ctx.lineTo(X, Y); else ctx.moveTo(X, Y);
        down = true;
      }
      if (cased) {
        ctx.lineWidth = 4.5;
        ctx.strokeStyle = pen['marker-edge'];
        ctx.stroke();
      }
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = line.color;
      ctx.stroke();
    }
  }

  #drawDiagonal(pen) {
    const ctx = this.#ctx;
    const [a, b] = this.#box.x;
    ctx.setLineDash([6, 5]);
    ctx.strokeStyle = pen['chart-boundary'];
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(this.#sx(a), this.#sy(a));
    ctx.lineTo(this.#sx(b), this.#sy(b));
    ctx.stroke();
    ctx.setLineDash([]);
  }

  #predictedClass(values, i, outputs, probs) {
    const s = this.#scene;
    if (outputs === 1) return binaryP(values[i], s.output) >= 0.5 ? 1 : 0;
    probsOf(values, i, outputs, s.output, probs);
    let k = 0;
    for (let j = 1; j < outputs; j++) if (probs[j] > probs[k]) k = j;
    return k;
  }

  #drawPoints(pen) {
    const s = this.#scene;
    const ctx = this.#ctx;
    const n = s.train.y.length + s.validation.y.length;
    const p = this.#plot();
    const r = Math.max(2, Math.min(5.5, Math.sqrt((p.w * p.h) / Math.max(1, n)) * 0.22));
    const classification = s.task !== 'regression';
    const pr = this.#pred;
    const probs = new Float64Array(Math.max(2, s.classes || 2));
    // Data -> pixels, computed once (the points can number tens of thousands).
    const [xa, xb] = this.#box.x;
    const [ya, yb] = this.#box.y;
    const kx = p.w / (xb - xa);
    const ky = p.h / (yb - ya);
    const classes = classification ? Math.max(1, s.classes) : 1;
    const misses = [];
    const every = Math.max(1, Math.ceil(n / MAX_POINTS));
    // One path per (set, class): fill and stroke once instead of once per point.
    const sets = [[s.train, false, pr?.train], [s.validation, true, pr?.validation]];
    for (const [set, hollow, predicted] of sets) {
      const rows = set.y.length;
      for (let k = 0; k < classes; k++) {
        const shape = classMarker(k);
        let any = false;
        ctx.beginPath();
        for (let i = 0; i < rows; i += every) {
          if (classification && set.y[i] !== k) continue;
          let X;
          let Y;
          if (s.mode === 'curve1d') {
            X = set.x[i];
            Y = classification ? (s.classes > 2 ? 0.5 + jitter(i) * 0.2 : set.y[i] + jitter(i) * 0.06) : set.y[i];
          } else if (s.mode === 'pva') {
            if (!predicted) continue;
            X = set.y[i];
            Y = predicted[i * pr.outputs];
          } else {
            X = set.x[i * s.inputs + s.axes[0]];
            Y = set.x[i * s.inputs + s.axes[1]];
          }
          if (!Number.isFinite(X) || !Number.isFinite(Y)) continue;
          const px = p.x + (X - xa) * kx;
          const py = p.y + p.h - (Y - ya) * ky;
          if (px < -20 || py < -20 || px > p.x + p.w + 20 || py > p.y + p.h + 20) continue;
          addMarker(ctx, shape, px, py, r);
          any = true;
          if (s.mode === 'slice2d' && predicted && this.#predictedClass(predicted, i, pr.outputs, probs) !== k) misses.push(px, py);
        }
        if (any) paintMarkers(ctx, k, r, hollow, pen);
      }
    }
    if (misses.length) {
      ctx.beginPath();
      for (let i = 0; i < misses.length; i += 2) { ctx.moveTo(misses[i] + r * 2, misses[i + 1]); ctx.arc(misses[i], misses[i + 1], r * 2, 0, 2 * Math.PI); }
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = pen['chart-label'];
      ctx.stroke();
    }
  }

  #drawCursor(pen) {
    const ctx = this.#ctx;
    const [x, y] = this.#cursor;
    const px = this.#sx(x);
    const py = this.#sy(y);
    ctx.strokeStyle = pen['chart-label'];
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.moveTo(px - 10, py); ctx.lineTo(px + 10, py);
    ctx.moveTo(px, py - 10); ctx.lineTo(px, py + 10);
    ctx.stroke();
    if (this.#scene.mode === 'grid2d') drawMarker(ctx, this.#addClass, px, py, 5, { pen });
  }

  #drawAxes(pen) {
    const ctx = this.#ctx;
    const s = this.#scene;
    const p = this.#plot();
    ctx.strokeStyle = pen['chart-axis'];
    ctx.lineWidth = 1;
    ctx.strokeRect(p.x + 0.5, p.y + 0.5, p.w - 1, p.h - 1);
    ctx.fillStyle = pen['chart-ink'];
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const v of ticks(...this.#box.x)) ctx.fillText(fmtTick(v), this.#sx(v), p.y + p.h + 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of ticks(...this.#box.y)) ctx.fillText(fmtTick(v), p.x - 5, this.#sy(v));
    const [xl, yl] = this.#axisTitles();
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillStyle = pen['chart-label'];
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xl, p.x + p.w / 2, this.#size.h - 2);
    ctx.save();
    ctx.translate(12, p.y + p.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(yl, 0, 0);
    ctx.restore();
  }

  #axisTitles() {
    const s = this.#scene;
    const f = s.featureNames ?? [];
    const clip = (t) => (t.length > 40 ? `${t.slice(0, 39)}…` : t);
    if (s.mode === 'curve1d') return [clip(f[0] ?? 'x'), s.task === 'regression' ? clip(s.targetName ?? 'y') : 'P(class)'];
    if (s.mode === 'pva') return [`actual ${clip(s.targetName ?? 'y')}`, `predicted ${clip(s.targetName ?? 'y')}`];
    const [a, b] = s.axes;
    return [clip(f[a] ?? `x${a + 1}`), clip(f[b] ?? `x${b + 1}`)];
  }

  #describe() {
    const s = this.#scene;
    const counts = `${s.train.y.length} training and ${s.validation.y.length} validation rows`;
    const what = {
      grid2d: `Decision regions of the model over ${counts}; shading shows the predicted class, lines the decision boundary.`,
      curve1d: s.task === 'regression' ? `The fitted curve over ${counts}.` : `Predicted class probability along the input over ${counts}.`,
      pva: `Predicted against actual values for ${counts}; points on the dashed line are predicted exactly.`,
      slice2d: `Decision regions over ${(s.featureNames ?? [])[s.axes[0]] ?? `x${s.axes[0] + 1}`} and ${(s.featureNames ?? [])[s.axes[1]] ?? `x${s.axes[1] + 1}`} with the other ${s.inputs - 2} features held at their training means, over ${counts}; rings mark rows the model misclassifies (with all their features).`,
    }[s.mode];
    this.#canvas.setAttribute('aria-label', what);
  }

  #buildLegend() {
    const s = this.#scene;
    const items = [];
    const item = (swatch, text) => {
      const li = document.createElement('li');
      if (swatch) li.append(swatch);
      const span = document.createElement('span');
      span.textContent = text;
      li.append(span);
      items.push(li);
    };
    if (s.task !== 'regression') {
      (s.classNames ?? []).forEach((name, k) => item(markerSwatch(k), name === String(k) ? `class ${k}` : `${name}`));
    }
    item(markerSwatch(0, 14, false), 'training');
    item(markerSwatch(0, 14, true), 'validation');
    if (s.mode === 'grid2d' || s.mode === 'slice2d') item(null, 'line: decision boundary');
    if (s.mode === 'slice2d') item(null, 'ring: misclassified');
    if (s.mode === 'pva') item(null, 'dashed: perfect prediction');
    if (s.mode === 'curve1d' && s.task === 'regression') item(null, 'line: the model');
    const n = s.train.y.length + s.validation.y.length;
    if (n > MAX_POINTS) item(null, `showing 1 in ${Math.ceil(n / MAX_POINTS)} rows`);
    this.#legend.replaceChildren(...items);
  }
}
