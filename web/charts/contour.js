// A 2-D surface as filled contours with contour lines (d3-contour, viridis, optionally on a log
// scale), paths on top (one per run, with a halo so they read on any colour), markers (start,
// minima, line-search trials), arrows, axes and a colour bar. While rows are still arriving the
// surface is shown as a raster of the rows so far. The start point can be dragged (pointer events:
// mouse, pen and touch) or moved with the arrow keys. It receives arrays and draws; it knows
// nothing about training. Not here: where the numbers come from (panels/landscape/panel.js).
import { contours } from 'd3-contour';
import { viridis } from '../palette.js';
import { ticks, short as fmtTick } from './format.js';
import { fitCanvas, axisPen } from './canvas.js';
import { chartColors, cssColor } from './theme.js';

const M = { left: 52, right: 64, top: 12, bottom: 40 };   // CSS px around the plot area
const LEVELS = 18;

/**
 * Whether a surface reads better on a log scale: non-negative and strongly skewed (a quarter of
 * the cells sit in the bottom 5% of the range, as in Rosenbrock's valley).
 */
export function prefersLog(values) {
  const f = [];
  for (const v of values) if (Number.isFinite(v)) f.push(v);
  if (f.length < 4) return false;
  f.sort((a, b) => a - b);
  const lo = f[0];
  const hi = f[f.length - 1];
  const q = f[Math.floor(f.length / 4)];
  return lo >= 0 && hi > lo && (hi - lo) / (q - lo + 1e-12 * (hi - lo) + 1e-300) > 20;
}

/** The transform a colour scale uses: linear, or log10 of the value above the minimum. */
export function scaleOf(values, log) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (!(hi >= lo)) return null;
  if (hi === lo) hi = lo + 1;
  const eps = Math.max((hi - lo) * 1e-6, 1e-12);
  const f = log ? (v) => Math.log10(v - lo + eps) : (v) => v;
  const inv = log ? (t) => 10 ** t + lo - eps : (t) => t;
  return { lo, hi, log, f, inv, tlo: f(lo), thi: f(hi) };
}

export class ContourPlot {
  #canvas;
  #ctx;
  #base = document.createElement('canvas');
  #surface = null;       // { values, resolution, x, y, rows }
  #scale = null;
  #log = false;
  #paths = [];
  #marks = { start: null, minima: [], trials: [], arrows: [], draggable: false };
  #labels = { x: 'x', y: 'y', value: 'value' };
  #size = { w: 0, h: 0, dpr: 1 };
  #frame = 0;
  #baseDirty = true;
  #drag = null;          // { x, y } while the start point is being dragged
  #onStart;
  #onHover;

  /**
   * onStart(point, { final }): the start point was dragged (final on release) or moved by keys.
   * onHover(text | null): the value under the pointer.
   */
  constructor(canvas, { onStart = null, onHover = null } = {}) {
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d');
    this.#onStart = onStart;
    this.#onHover = onHover;
    new ResizeObserver(() => this.#resize()).observe(canvas);
    canvas.addEventListener('pointerdown', (e) => this.#down(e));
    canvas.addEventListener('pointermove', (e) => this.#move(e));
    canvas.addEventListener('pointerup', (e) => this.#up(e));
    canvas.addEventListener('pointercancel', () => { this.#drag = null; this.#request(); });
    canvas.addEventListener('pointerleave', () => this.#onHover?.(null));
    canvas.addEventListener('keydown', (e) => this.#key(e));
  }

  get hasSurface() { return !!this.#surface; }
  get box() { return this.#surface ? { x: this.#surface.x, y: this.#surface.y } : null; }
  get log() { return this.#log; }

  setLabels({ x, y, value }) {
    this.#labels = { x: x ?? this.#labels.x, y: y ?? this.#labels.y, value: value ?? this.#labels.value };
    this.#baseDirty = true;
    this.#request();
  }

  /** values: resolution x resolution, row r at y0 + r dy, column c at x0 + c dx; rows: rows filled so far. */
  setSurface(s) {
    this.#surface = s ? { ...s, rows: s.rows ?? s.resolution } : null;
    this.#scale = s ? scaleOf(s.values.subarray(0, this.#surface.rows * s.resolution), this.#log) : null;
    this.#baseDirty = true;
    this.#request();
  }

  setLog(log) {
    if (log === this.#log) return;
    this.#log = log;
    if (this.#surface) this.setSurface(this.#surface);
  }

  /** paths: [{ points (x, y pairs), color, dash, label, width }]; the last point is marked. */
  setPaths(paths) {
    this.#paths = paths;
    this.#request();
  }

  /** { start: [x, y] | null, draggable, minima: [{ x, y, label, stationary }], trials: [{ x, y, accepted }], arrows: [{ from, to, color, label }] } */
  setMarks(marks) {
    this.#marks = { ...this.#marks, ...marks };
    this.#request();
  }

  clear() {
    this.#surface = null;
    this.#scale = null;
    this.#paths = [];
    this.#marks = { start: null, minima: [], trials: [], arrows: [], draggable: false };
    this.#baseDirty = true;
    this.#request();
  }

  /** The theme changed: draw again in its colours. */
  restyle() {
    this.#baseDirty = true;
    this.#request();
  }

  // ---- coordinates ------------------------------------------------------------------------------
  #plotArea() {
    const { w, h } = this.#size;
    return { x0: M.left, x1: w - M.right, y0: M.top, y1: h - M.bottom };
  }

  /** data -> CSS px */
  #px(x, y) {
    const s = this.#surface;
    const a = this.#plotArea();
    return [a.x0 + ((x - s.x[0]) / (s.x[1] - s.x[0])) * (a.x1 - a.x0), a.y1 - ((y - s.y[0]) / (s.y[1] - s.y[0])) * (a.y1 - a.y0)];
  }

  /** CSS px -> data */
  #data(px, py) {
    const s = this.#surface;
    const a = this.#plotArea();
    return [s.x[0] + ((px - a.x0) / (a.x1 - a.x0)) * (s.x[1] - s.x[0]), s.y[0] + ((a.y1 - py) / (a.y1 - a.y0)) * (s.y[1] - s.y[0])];
  }

  #resize() {
    const size = fitCanvas(this.#canvas, this.#size, { also: [this.#base] });
    if (!size) return;
    this.#size = size;
    this.#baseDirty = true;
    this.#request();
  }

  #request() {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => { this.#frame = 0; this.#draw(); });
  }

  // ---- drawing ----------------------------------------------------------------------------------
  #draw() {
    const { w, h, dpr } = this.#size;
    if (!w) return;
    if (this.#baseDirty) { this.#drawBase(); this.#baseDirty = false; }
    const ctx = this.#ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.#canvas.width, this.#canvas.height);
    ctx.drawImage(this.#base, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!this.#surface) return;
    const a = this.#plotArea();
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0);
    ctx.clip();
    for (const p of this.#paths) this.#drawPath(ctx, p);
    // Minima are landmarks: on top of the paths that end in them.
    this.#drawMinima(ctx);
    this.#drawTrials(ctx);
    for (const ar of this.#marks.arrows) this.#drawArrow(ctx, ar);
    this.#drawStart(ctx);
    ctx.restore();
  }

  #drawBase() {
    const { w, h, dpr } = this.#size;
    const ctx = this.#base.getContext('2d');
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.#base.width, this.#base.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const pen = chartColors(this.#canvas);
    ctx.fillStyle = pen['chart-bg'];
    ctx.fillRect(0, 0, w, h);
    const s = this.#surface;
    const a = this.#plotArea();
    ctx.fillStyle = pen['chart-area'];
    ctx.fillRect(a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0);
    if (!s || !this.#scale) return;
    const sc = this.#scale;
    const n = s.resolution;
    const color = (t) => { const [r, g, b] = viridis((t - sc.tlo) / (sc.thi - sc.tlo)); return `rgb(${r | 0}, ${g | 0}, ${b | 0})`; };
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0);
    ctx.clip();
    // Grid index (i, j) sits at data (x0 + i dx, y0 + j dy); d3-contour puts it at (i + 0.5, j + 0.5).
    const dx = (s.x[1] - s.x[0]) / (n - 1);
    const dy = (s.y[1] - s.y[0]) / (n - 1);
    const toPx = (gx, gy) => this.#px(s.x[0] + (gx - 0.5) * dx, s.y[0] + (gy - 0.5) * dy);
    if (s.rows < n) {
      // Rows so far as cells; the contours come when the grid is complete.
      for (let j = 0; j < s.rows; j++) {
        for (let i = 0; i < n; i++) {
          const v = s.values[j * n + i];
          if (!Number.isFinite(v)) continue;
          const [px0, py0] = toPx(i, j + 1);
          const [px1, py1] = toPx(i + 1, j);
          ctx.fillStyle = color(sc.f(v));
          ctx.fillRect(px0, py0, px1 - px0 + 0.6, py1 - py0 + 0.6);
        }
      }
    } else {
      const t = new Float64Array(n * n);
      for (let k = 0; k < n * n; k++) { const v = s.values[k]; t[k] = Number.isFinite(v) ? sc.f(v) : sc.thi; }
      const levels = [];
      for (let k = 0; k < LEVELS; k++) levels.push(sc.tlo + ((sc.thi - sc.tlo) * k) / LEVELS);
      const polys = contours().size([n, n]).thresholds(levels)(t);
      const trace = (geom) => {
        ctx.beginPath();
        for (const poly of geom.coordinates) {
          for (const ring of poly) {
            ring.forEach(([gx, gy], k) => { const [px, py] = toPx(gx, gy); if (k === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py); });
            ctx.closePath();
          }
        }
      };
      for (const g of polys) {
        trace(g);
        ctx.fillStyle = color(g.value + (sc.thi - sc.tlo) / (2 * LEVELS));
        ctx.fill('evenodd');
      }
      ctx.lineWidth = 0.7;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.45)';
      for (const g of polys.slice(1)) { trace(g); ctx.stroke(); }
    }
    ctx.restore();
    this.#drawAxes(ctx, a, s);
    this.#drawColorBar(ctx, a, sc, color);
  }

  #drawAxes(ctx, a, s) {
    axisPen(ctx, chartColors(this.#canvas));
    ctx.strokeRect(a.x0 + 0.5, a.y0 + 0.5, a.x1 - a.x0 - 1, a.y1 - a.y0 - 1);
    for (const v of ticks(s.x[0], s.x[1], 5)) {
      const [px] = this.#px(v, s.y[0]);
      ctx.fillRect(px, a.y1, 1, 4);
      ctx.fillText(fmtTick(v), px, a.y1 + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of ticks(s.y[0], s.y[1], 5)) {
      const [, py] = this.#px(s.x[0], v);
      ctx.fillRect(a.x0 - 4, py, 4, 1);
      ctx.fillText(fmtTick(v), a.x0 - 6, py);
    }
    ctx.font = '12px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(this.#labels.x, (a.x0 + a.x1) / 2, this.#size.h - 2);
    ctx.save();
    ctx.translate(12, (a.y0 + a.y1) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textBaseline = 'middle';
    ctx.fillText(this.#labels.y, 0, 0);
    ctx.restore();
  }

  #drawColorBar(ctx, a, sc, color) {
    const x = a.x1 + 10;
    const wBar = 10;
    const steps = 60;
    for (let k = 0; k < steps; k++) {
      const t = sc.tlo + ((sc.thi - sc.tlo) * (k + 0.5)) / steps;
      ctx.fillStyle = color(t);
      const y = a.y1 - ((k + 1) * (a.y1 - a.y0)) / steps;
      ctx.fillRect(x, y, wBar, (a.y1 - a.y0) / steps + 0.5);
    }
    const pen = chartColors(this.#canvas);
    ctx.strokeStyle = pen['chart-axis'];
    ctx.strokeRect(x + 0.5, a.y0 + 0.5, wBar, a.y1 - a.y0 - 1);
    ctx.fillStyle = pen['chart-ink'];
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const labels = 4;
    for (let k = 0; k <= labels; k++) {
      const t = sc.tlo + ((sc.thi - sc.tlo) * k) / labels;
      const y = a.y1 - (k * (a.y1 - a.y0)) / labels;
      ctx.fillText(fmtTick(sc.inv(t)), x + wBar + 3, Math.min(a.y1 - 5, Math.max(a.y0 + 5, y)));
    }
  }

  #drawPath(ctx, p) {
    const pts = p.points;
    if (!pts || pts.length < 2) return;
    const line = () => {
      ctx.beginPath();
      let started = false;
      let lx = 0;
      let ly = 0;
      const last = pts.length - 2;
      for (let k = 0; k + 1 < pts.length; k += 2) {
        if (!Number.isFinite(pts[k]) || !Number.isFinite(pts[k + 1])) { started = false; continue; }
        const [px, py] = this.#px(pts[k], pts[k + 1]);
        // Far outside the view (a diverging run): stop drawing rather than paint huge lines.
        if (Math.abs(px) > 1e5 || Math.abs(py) > 1e5) break;
        // Steps under a pixel apart add nothing visible, but stroking 100,000 overlapping round
        // joins took the browser seconds: keep one point per pixel (and always the last).
        if (started && k !== last && Math.abs(px - lx) < 0.75 && Math.abs(py - ly) < 0.75) continue;
        if (!started) { ctx.moveTo(px, py); started = true; } else ctx.lineTo(px, py);
        lx = px;
        ly = py;
      }
    };
    // Bevel joins and butt caps: round ones made the software rasterizer take seconds on long,
    // dense paths (100,000 steps).
    ctx.lineJoin = 'bevel';
    ctx.lineCap = 'butt';
    line();
    const halo = chartColors(this.#canvas)['chart-halo'];
    const color = cssColor(p.color, this.#canvas);
    ctx.setLineDash([]);
    ctx.strokeStyle = halo;
    ctx.lineWidth = (p.width ?? 2) + 2.5;
    ctx.stroke();
    ctx.setLineDash(p.dash ?? []);
    ctx.strokeStyle = color;
    ctx.lineWidth = p.width ?? 2;
    ctx.stroke();
    ctx.setLineDash([]);
    // The current point: a filled dot with a white ring.
    const n = pts.length / 2;
    const [cx, cy] = this.#px(pts[2 * n - 2], pts[2 * n - 1]);
    if (Math.abs(cx) < 1e5 && Math.abs(cy) < 1e5) {
      ctx.beginPath();
      ctx.arc(cx, cy, 5, 0, 2 * Math.PI);
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = halo;
      ctx.stroke();
    }
  }

  #drawStart(ctx) {
    const st = this.#drag ?? this.#marks.start;
    if (!st) return;
    const [px, py] = this.#px(st[0], st[1]);
    ctx.beginPath();
    ctx.arc(px, py, this.#marks.draggable ? 8 : 6, 0, 2 * Math.PI);
    ctx.fillStyle = 'rgba(255, 255, 255, 0.95)';
    ctx.fill();
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = '#1c2333';
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(px, py, 2.5, 0, 2 * Math.PI);
    ctx.fillStyle = '#1c2333';
    ctx.fill();
  }

  #drawMinima(ctx) {
    ctx.font = '11px system-ui, sans-serif';
    for (const m of this.#marks.minima) {
      const [px, py] = this.#px(m.x, m.y);
      const r = 6;
      ctx.lineCap = 'round';
      for (const [wdt, col] of [[5, 'rgba(255, 255, 255, 0.9)'], [2.2, m.stationary ? '#b3261e' : '#1c2333']]) {
        ctx.beginPath();
        if (m.stationary) {
          ctx.moveTo(px - r, py); ctx.lineTo(px + r, py); ctx.moveTo(px, py - r); ctx.lineTo(px, py + r);
        } else {
          ctx.moveTo(px - r, py - r); ctx.lineTo(px + r, py + r); ctx.moveTo(px + r, py - r); ctx.lineTo(px - r, py + r);
        }
        ctx.lineWidth = wdt;
        ctx.strokeStyle = col;
        ctx.stroke();
      }
      if (m.label) {
        ctx.textAlign = 'left';
        ctx.textBaseline = 'bottom';
        ctx.lineWidth = 3;
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
        ctx.strokeText(m.label, px + 8, py - 4);
        ctx.fillStyle = '#1c2333';
        ctx.fillText(m.label, px + 8, py - 4);
      }
    }
  }

  #drawTrials(ctx) {
    for (const t of this.#marks.trials) {
      const [px, py] = this.#px(t.x, t.y);
      if (Math.abs(px) > 1e5 || Math.abs(py) > 1e5) continue;
      ctx.beginPath();
      ctx.arc(px, py, t.accepted ? 4.5 : 3.5, 0, 2 * Math.PI);
      ctx.fillStyle = t.accepted ? '#ffffff' : 'rgba(255, 255, 255, 0.25)';
      ctx.fill();
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = t.accepted ? '#1c2333' : '#ffffff';
      ctx.stroke();
    }
  }

  #drawArrow(ctx, ar) {
    const [x0, y0] = this.#px(ar.from[0], ar.from[1]);
    const [x1, y1] = this.#px(ar.to[0], ar.to[1]);
    const len = Math.hypot(x1 - x0, y1 - y0);
    if (!(len > 3) || len > 1e5) return;
    const ux = (x1 - x0) / len;
    const uy = (y1 - y0) / len;
    const head = Math.min(10, len * 0.4);
    const shape = () => {
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1 - ux * head * 0.6, y1 - uy * head * 0.6);
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - ux * head - uy * head * 0.5, y1 - uy * head + ux * head * 0.5);
      ctx.lineTo(x1 - ux * head + uy * head * 0.5, y1 - uy * head - ux * head * 0.5);
      ctx.closePath();
    };
    const halo = chartColors(this.#canvas)['chart-halo'];
    const color = cssColor(ar.color, this.#canvas);
    ctx.lineCap = 'round';
    shape();
    ctx.lineWidth = 5;
    ctx.strokeStyle = halo;
    ctx.stroke();
    shape();
    ctx.lineWidth = 2.2;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.stroke();
    ctx.fill();
    if (ar.label) {
      ctx.font = '600 11px system-ui, sans-serif';
      ctx.textAlign = ux >= 0 ? 'left' : 'right';
      ctx.textBaseline = 'middle';
      // side: which side of the arrow the label sits on, so two labels at one tip do not collide.
      const side = ar.side ?? 0;
      const lx = x1 + ux * 6 - uy * side * 9;
      const ly = y1 + uy * 6 + ux * side * 9;
      ctx.lineWidth = 3;
      ctx.strokeStyle = halo;
      ctx.strokeText(ar.label, lx, ly);
      ctx.fillStyle = color;
      ctx.fillText(ar.label, lx, ly);
    }
  }

  // ---- pointer and keys -------------------------------------------------------------------------
  #local(e) {
    const r = this.#canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  #inside([px, py]) {
    const a = this.#plotArea();
    return px >= a.x0 && px <= a.x1 && py >= a.y0 && py <= a.y1;
  }

  #down(e) {
    if (!this.#surface || !this.#marks.draggable || !this.#marks.start) return;
    const p = this.#local(e);
    if (!this.#inside(p)) return;
    const [sx, sy] = this.#px(...this.#marks.start);
    // Touch is coarse: a bigger target. A press elsewhere moves the start there.
    const near = Math.hypot(p[0] - sx, p[1] - sy) <= (e.pointerType === 'touch' ? 28 : 16);
    this.#drag = near ? [...this.#marks.start] : this.#data(...p);
    this.#canvas.setPointerCapture(e.pointerId);
    e.preventDefault();
    this.#onStart?.(this.#drag, { final: false });
    this.#request();
  }

  #move(e) {
    const p = this.#local(e);
    if (this.#drag) {
      const a = this.#plotArea();
      const px = Math.min(a.x1, Math.max(a.x0, p[0]));
      const py = Math.min(a.y1, Math.max(a.y0, p[1]));
      this.#drag = this.#data(px, py);
      this.#onStart?.(this.#drag, { final: false });
      this.#request();
      return;
    }
    if (!this.#surface || !this.#onHover) return;
    if (!this.#inside(p)) { this.#onHover(null); return; }
    const [x, y] = this.#data(...p);
    const s = this.#surface;
    const n = s.resolution;
    const i = Math.round(((x - s.x[0]) / (s.x[1] - s.x[0])) * (n - 1));
    const j = Math.round(((y - s.y[0]) / (s.y[1] - s.y[0])) * (n - 1));
    const v = j < s.rows ? s.values[j * n + i] : NaN;
    this.#onHover({ x, y, value: v });
    this.#canvas.classList.toggle('near-start', !!this.#marks.draggable && !!this.#marks.start && Math.hypot(p[0] - this.#px(...this.#marks.start)[0], p[1] - this.#px(...this.#marks.start)[1]) <= 16);
  }

  #up(e) {
    if (!this.#drag) return;
    const final = this.#drag;
    this.#drag = null;
    if (this.#canvas.hasPointerCapture(e.pointerId)) this.#canvas.releasePointerCapture(e.pointerId);
    this.#marks.start = final;
    this.#onStart?.(final, { final: true });
    this.#request();
  }

  #key(e) {
    if (!this.#surface || !this.#marks.draggable || !this.#marks.start) return;
    const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (!d) return;
    e.preventDefault();
    const s = this.#surface;
    const k = e.shiftKey ? 0.1 : 0.02;
    const st = [this.#marks.start[0] + d[0] * k * (s.x[1] - s.x[0]), this.#marks.start[1] + d[1] * k * (s.y[1] - s.y[0])];
    this.#marks.start = st;
    this.#onStart?.(st, { final: true, key: true });
    this.#request();
  }
}
