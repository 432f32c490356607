// Function mode inside <descent-playground>: the test function's surface over its view box
// (viridis on a log scale, with contour lines) and the optimizer's path across it, the start, the
// current point and the known minima. Receives the worker's landscape rows and trajectory points
// and draws; it knows nothing about training. The full page has its own, richer landscape view.
import { contours } from 'd3-contour';
import { viridis } from '../palette.js';
import { niceTicks } from '../export-chart.js';

const PAD = { left: 42, right: 10, top: 10, bottom: 34 };
const PATH = '#D55E00';

const fmt = (v) => {
  const a = Math.abs(v);
  if (!Number.isFinite(v)) return '–';
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
};

export class FunctionView {
  #canvas;
  #legend;
  #ctx;
  #size = { w: 0, h: 0, dpr: 1 };
  #frame = 0;
  #label = '';
  #box = [-1, 1, -1, 1];
  #minima = [];
  #grid = null;         // { res, values: Float32Array (row r = y index from the bottom), filled rows }
  #heat = null;         // offscreen canvas
  #lines = [];          // contour rings in grid units
  #path = [];           // [x, y, x, y, ...]
  #values = [];         // f along the path

  constructor(canvas, legend) {
    this.#canvas = canvas;
    this.#legend = legend;
    this.#ctx = canvas.getContext('2d');
    new ResizeObserver(() => this.#resize()).observe(canvas);
  }

  /** A new function: problem (session.problem() in function mode) and its registry entry. */
  setProblem(problem, entry) {
    this.#label = entry?.label ?? problem.function ?? 'f';
    this.#box = Array.isArray(problem.view) && problem.view.length === 4 ? problem.view.slice() : [-1, 1, -1, 1];
    this.#minima = problem.minima ?? entry?.minima ?? [];
    this.#grid = null;
    this.#heat = null;
    this.#lines = [];
    this.#path = [];
    this.#values = [];
    const items = [
      ['path', `the optimizer's path (start ○, now ●)`],
      ['min', `${this.#minima.length === 1 ? 'the minimum' : 'minima'} ✕`],
      ['f', 'colour: f(x, y), log scale, darker is lower'],
    ];
    this.#legend.replaceChildren(...items.map(([, text]) => { const li = document.createElement('li'); li.textContent = text; return li; }));
    this.draw();
  }

  /** The box the landscape should cover: [x0, x1, y0, y1]. */
  get box() { return this.#box.slice(); }

  /** One landscape message (rows rowBegin..rowEnd of a resolution x resolution grid). */
  addRows(m) {
    const res = m.resolution;
    if (!this.#grid || this.#grid.res !== res) this.#grid = { res, values: new Float32Array(res * res).fill(NaN) };
    this.#grid.values.set(m.values, m.rowBegin * res);
    if (m.x && m.y) this.#box = [m.x[0], m.x[1], m.y[0], m.y[1]];
    this.#paintHeat();
    if (m.done) this.#contours();
    this.draw();
  }

  /** The trajectory part of a progress message's watched field. */
  addPath(t) {
    if (t.replace || t.start === 0) { this.#path = []; this.#values = []; }
    for (const v of t.points) this.#path.push(v);
    for (const v of t.values) this.#values.push(v);
    this.draw();
  }

  draw() {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => { this.#frame = 0; this.#render(); });
  }

  // ---- geometry ---------------------------------------------------------------------------------
  #resize() {
    const r = this.#canvas.getBoundingClientRect();
    const dpr = globalThis.devicePixelRatio || 1;
    const w = Math.max(120, Math.round(r.width));
    const h = Math.max(120, Math.round(r.height));
    if (w === this.#size.w && h === this.#size.h && dpr === this.#size.dpr) return;
    this.#size = { w, h, dpr };
    this.#canvas.width = Math.round(w * dpr);
    this.#canvas.height = Math.round(h * dpr);
    this.draw();
  }

  #plot() {
    const { w, h } = this.#size;
    return { x: PAD.left, y: PAD.top, w: w - PAD.left - PAD.right, h: h - PAD.top - PAD.bottom };
  }

  #sx(v) { const p = this.#plot(); const [a, b] = this.#box; return p.x + ((v - a) / (b - a)) * p.w; }
  #sy(v) { const p = this.#plot(); const [, , a, b] = this.#box; return p.y + (1 - (v - a) / (b - a)) * p.h; }

  // ---- the surface ------------------------------------------------------------------------------
  /** log(f - min + eps), scaled to [0, 1] over the finite values (NaN where unknown). */
  #levels() {
    const { values } = this.#grid;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    if (!(hi >= lo)) return null;
    const eps = Math.max(1e-12, (hi - lo) * 1e-4);
    const top = Math.log(hi - lo + eps);
    const bottom = Math.log(eps);
    return Float64Array.from(values, (v) => (Number.isFinite(v) ? (Math.log(v - lo + eps) - bottom) / (top - bottom || 1) : NaN));
  }

  #paintHeat() {
    const { res } = this.#grid;
    const t = this.#levels();
    if (!t) return;
    if (!this.#heat || this.#heat.width !== res) this.#heat = new OffscreenCanvas(res, res);
    const ctx = this.#heat.getContext('2d');
    const img = ctx.createImageData(res, res);
    for (let r = 0; r < res; r++) {
      for (let c = 0; c < res; c++) {
        const v = t[r * res + c];
        const o = ((res - 1 - r) * res + c) * 4;
        if (!Number.isFinite(v)) { img.data[o + 3] = 0; continue; }
        const [R, G, B] = viridis(v);
        img.data[o] = R; img.data[o + 1] = G; img.data[o + 2] = B; img.data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }

  #contours() {
    const t = this.#levels();
    if (!t || !t.every(Number.isFinite)) { this.#lines = []; return; }
    const { res } = this.#grid;
    const thresholds = Array.from({ length: 11 }, (_, i) => (i + 0.5) / 11);
    this.#lines = [];
    for (const poly of contours().size([res, res]).thresholds(thresholds)(Array.from(t))) {
      for (const rings of poly.coordinates) for (const ring of rings) this.#lines.push(ring);
    }
  }

  // ---- drawing ----------------------------------------------------------------------------------
  #render() {
    const ctx = this.#ctx;
    const { w, h, dpr } = this.#size;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const p = this.#plot();
    ctx.fillStyle = '#f3f4f8';
    ctx.fillRect(p.x, p.y, p.w, p.h);
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.x, p.y, p.w, p.h);
    ctx.clip();
    const [x0, x1, y0, y1] = this.#box;
    if (this.#heat && this.#grid) {
      const res = this.#grid.res;
      const dx = (x1 - x0) / (res - 1);
      const dy = (y1 - y0) / (res - 1);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(this.#heat, this.#sx(x0 - dx / 2), this.#sy(y1 + dy / 2), this.#sx(x1 + dx / 2) - this.#sx(x0 - dx / 2), this.#sy(y0 - dy / 2) - this.#sy(y1 + dy / 2));
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.45)';
      ctx.lineWidth = 1;
      ctx.beginPath();
      const edge = (a, b) => (a[0] <= 0 && b[0] <= 0) || (a[0] >= res && b[0] >= res) || (a[1] <= 0 && b[1] <= 0) || (a[1] >= res && b[1] >= res);
      const X = (c) => this.#sx(x0 + (c - 0.5) * dx);
      const Y = (r) => this.#sy(y0 + (r - 0.5) * dy);
      for (const ring of this.#lines) {
        for (let i = 1; i < ring.length; i++) {
          if (edge(ring[i - 1], ring[i])) continue;
          ctx.moveTo(X(ring[i - 1][0]), Y(ring[i - 1][1]));
          ctx.lineTo(X(ring[i][0]), Y(ring[i][1]));
        }
      }
      ctx.stroke();
    }
    // Minima: a white-cased cross.
    for (const [mx, my] of this.#minima) {
      const X = this.#sx(mx);
      const Y = this.#sy(my);
      for (const [color, width] of [['#ffffff', 5], ['#1c2333', 2]]) {
        ctx.strokeStyle = color;
        ctx.lineWidth = width;
        ctx.beginPath();
        ctx.moveTo(X - 6, Y - 6); ctx.lineTo(X + 6, Y + 6);
        ctx.moveTo(X + 6, Y - 6); ctx.lineTo(X - 6, Y + 6);
        ctx.stroke();
      }
    }
    // The path, cased in white so it reads on every colour of the map.
    const pts = this.#path;
    const n = pts.length / 2;
    if (n > 0) {
      const clampPx = (v) => Math.max(-1e4, Math.min(1e4, v));
      const trace = () => {
        ctx.beginPath();
        for (let i = 0; i < n; i++) {
          const X = clampPx(this.#sx(pts[2 * i]));
          const Y = clampPx(this.#sy(pts[2 * i + 1]));
          if (i === 0) ctx.moveTo(X, Y); else ctx.lineTo(X, Y);
        }
      };
      ctx.lineJoin = 'round';
      trace(); ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)'; ctx.lineWidth = 4.5; ctx.stroke();
      trace(); ctx.strokeStyle = PATH; ctx.lineWidth = 2; ctx.stroke();
      const dot = (i, filled) => {
        ctx.beginPath();
        ctx.arc(clampPx(this.#sx(pts[2 * i])), clampPx(this.#sy(pts[2 * i + 1])), 5, 0, 2 * Math.PI);
        ctx.fillStyle = filled ? PATH : '#ffffff';
        ctx.fill();
        ctx.lineWidth = 2;
        ctx.strokeStyle = filled ? '#ffffff' : PATH;
        ctx.stroke();
      };
      dot(0, false);
      if (n > 1) dot(n - 1, true);
    }
    ctx.restore();
    this.#axes();
    this.#describe();
  }

  #axes() {
    const ctx = this.#ctx;
    const p = this.#plot();
    const [x0, x1, y0, y1] = this.#box;
    ctx.strokeStyle = '#4a5368';
    ctx.lineWidth = 1;
    ctx.strokeRect(p.x + 0.5, p.y + 0.5, p.w, p.h);
    ctx.fillStyle = '#4a5368';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    for (const v of niceTicks(x0, x1, 5).filter((v) => v >= x0 && v <= x1)) ctx.fillText(fmt(v), this.#sx(v), p.y + p.h + 14);
    ctx.fillText('x', p.x + p.w / 2, p.y + p.h + 28);
    ctx.textAlign = 'right';
    for (const v of niceTicks(y0, y1, 5).filter((v) => v >= y0 && v <= y1)) ctx.fillText(fmt(v), p.x - 5, this.#sy(v) + 4);
    ctx.save();
    ctx.translate(12, p.y + p.h / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText('y', 0, 0);
    ctx.restore();
  }

  #describe() {
    const n = this.#path.length / 2;
    let text = `${this.#label}: the loss surface f(x, y)`;
    if (n > 0) {
      const at = (i) => `(${fmt(this.#path[2 * i])}, ${fmt(this.#path[2 * i + 1])})`;
      text += `; the path starts at ${at(0)}`;
      if (n > 1) text += ` and is now at ${at(n - 1)}, f = ${fmt(this.#values[n - 1])}`;
    }
    if (this.#minima.length) text += `; minimum at ${this.#minima.map(([a, b]) => `(${fmt(a)}, ${fmt(b)})`).join(', ')}`;
    if (this.#canvas.getAttribute('aria-label') !== text) this.#canvas.setAttribute('aria-label', text);
  }
}
