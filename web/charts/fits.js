// What each run of a race has learned, over the same data: for one input and a numeric target,
// the data and each run's prediction curve; for two inputs and two classes, the data and each
// run's decision boundary (probability 0.5, or score 0 for hinge-style scores, with the margin
// lines at score -1 and +1 dotted in the run's colour). It receives arrays
// and draws; the predictions come from the runs' workers (the page's "curve" and "grid" views).
import { contours } from 'd3-contour';
import { CLASS_COLORS, addMarker, classMarker, paintMarkers } from '../palette.js';
import { ticks, short as fmtTick } from './format.js';
import { fitCanvas, axisPen } from './canvas.js';
import { chartColors, cssColor } from './theme.js';

const M = { left: 48, right: 12, top: 10, bottom: 34 };
const MARGIN_DASH = [2, 4];   // an SVM's margin lines (score = -1 and +1)

/** Which picture fits a problem: 'curve' | 'boundary' | null. */
export function fitsKind(problem) {
  if (!problem || problem.functionMode) return null;
  if (problem.task === 'regression' && problem.inputs === 1 && problem.targets === 1) return 'curve';
  if (problem.task === 'binary' && problem.inputs === 2) return 'boundary';
  return null;
}

/**
 * The decision boundary of a res x res grid of a two-class model's outputs, as d3 contours: at
 * probability 0.5, or for a score output (hinge, an SVM) at 0 with its margins at -1 and +1.
 * -> { boundary, margins: [] }.
 */
export function boundaryLines(values, res, output) {
  const score = output === 'score';
  const at = score ? 0 : 0.5;
  // d3 returns the contours sorted by value: pick the boundary by its value.
  const lines = contours().size([res, res]).thresholds(score ? [-1, 0, 1] : [at])(Float64Array.from(values));
  const boundary = lines.find((l) => l.value === at);
  return { boundary, margins: lines.filter((l) => l !== boundary) };
}

export class FitsPlot {
  #canvas;
  #ctx;
  #size = { w: 0, h: 0, dpr: 1 };
  #state = null;
  #frame = 0;

  constructor(canvas) {
    this.#canvas = canvas;
    this.#ctx = canvas.getContext('2d');
    new ResizeObserver(() => this.#resize()).observe(canvas);
  }

  /**
   * kind: 'curve' | 'boundary'; data: { x (n x inputs), y }; runs: [{ color, dash, output, prediction:
   * { kind, result } | null }]; box: { x: [a, b], y: [a, b] } (the page's data view).
   */
  set(state) {
    this.#state = state;
    if (!this.#frame) this.#frame = requestAnimationFrame(() => { this.#frame = 0; this.#draw(); });
  }

  /** The theme changed: draw again in its colours. */
  restyle() {
    if (this.#state) this.set(this.#state);
  }

  #resize() {
    const size = fitCanvas(this.#canvas, this.#size);
    if (!size) return;
    this.#size = size;
    if (this.#state) this.#draw();
  }

  #draw() {
    const { w, h, dpr } = this.#size;
    const s = this.#state;
    const ctx = this.#ctx;
    if (!w || !s) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const pen = chartColors(this.#canvas);
    ctx.fillStyle = pen['chart-bg'];
    ctx.fillRect(0, 0, w, h);
    const a = { x0: M.left, x1: w - M.right, y0: M.top, y1: h - M.bottom };
    const box = s.box;
    const px = (x) => a.x0 + ((x - box.x[0]) / (box.x[1] - box.x[0])) * (a.x1 - a.x0);
    const py = (y) => a.y1 - ((y - box.y[0]) / (box.y[1] - box.y[0])) * (a.y1 - a.y0);
    // axes
    axisPen(ctx, pen);
    ctx.strokeRect(a.x0 + 0.5, a.y0 + 0.5, a.x1 - a.x0 - 1, a.y1 - a.y0 - 1);
    for (const v of ticks(box.x[0], box.x[1], 5)) ctx.fillText(fmtTick(v), px(v), a.y1 + 5);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of ticks(box.y[0], box.y[1], 5)) ctx.fillText(fmtTick(v), a.x0 - 5, py(v));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.font = '12px system-ui, sans-serif';
    ctx.fillText(s.xLabel ?? 'x', (a.x0 + a.x1) / 2, h - 2);
    ctx.save();
    ctx.beginPath();
    ctx.rect(a.x0, a.y0, a.x1 - a.x0, a.y1 - a.y0);
    ctx.clip();
    const { x, y } = s.data;
    const inputs = s.kind === 'curve' ? 1 : 2;
    const n = y.length;
    if (s.kind === 'curve') {
      ctx.fillStyle = pen['series-points'];
      ctx.globalAlpha = 0.55;
      for (let i = 0; i < n; i++) { ctx.beginPath(); ctx.arc(px(x[i]), py(y[i]), 2.6, 0, 2 * Math.PI); ctx.fill(); }
      ctx.globalAlpha = 1;
    } else {
      const byClass = new Map();
      for (let i = 0; i < n; i++) { const k = y[i]; if (!byClass.has(k)) byClass.set(k, []); byClass.get(k).push(i); }
      for (const [k, rows] of byClass) {
        ctx.beginPath();
        for (const i of rows) addMarker(ctx, classMarker(k), px(x[i * inputs]), py(x[i * inputs + 1]), 3.2);
        ctx.globalAlpha = 0.75;
        paintMarkers(ctx, k, 3.2, false, pen);
        ctx.globalAlpha = 1;
      }
    }
    for (const r of s.runs) {
      const p = r.prediction;
      if (!p) continue;
      ctx.setLineDash(r.dash ?? []);
      ctx.lineJoin = 'round';
      if (s.kind === 'curve' && p.kind === 'curve') {
        const xs = p.result.x;
        const vs = p.result.values;
        const stroke = (width, color) => {
          ctx.beginPath();
          for (let i = 0; i < xs.length; i++) { const X = px(xs[i]); const Y = py(vs[i]); if (i === 0) ctx.moveTo(X, Y); else ctx.lineTo(X, Y); }
          ctx.lineWidth = width;
          ctx.strokeStyle = color;
          ctx.stroke();
        };
        ctx.setLineDash([]);
        stroke(5, pen['chart-halo']);
        ctx.setLineDash(r.dash ?? []);
        stroke(2.4, cssColor(r.color, this.#canvas));
      } else if (s.kind === 'boundary' && p.kind === 'grid' && p.result.outputs === 1) {
        const res = p.result.resolution;
        // A score (hinge, an SVM) has its margin at score = -1 and +1 as well: drawn thin and dashed.
        const { boundary: c, margins } = boundaryLines(p.result.values, res, r.output);
        const gx = (g) => p.result.xRange[0] + ((g - 0.5) / (res - 1)) * (p.result.xRange[1] - p.result.xRange[0]);
        const gy = (g) => p.result.yRange[0] + ((g - 0.5) / (res - 1)) * (p.result.yRange[1] - p.result.yRange[0]);
        const edge = (v, lo, hi) => v <= lo + 1e-9 || v >= hi - 1e-9;
        const stroke = (width, color, line = c) => {
          ctx.beginPath();
          for (const poly of line?.coordinates ?? []) {
            for (const ring of poly) {
              // Only the boundary itself: skip the segments along the grid's edge.
              let pen = false;
              for (const [u, v] of ring) {
                if (edge(u, 0, res) || edge(v, 0, res)) { pen = false; continue; }
                const X = px(gx(u));
                const Y = py(gy(v));
                if (!pen) { ctx.moveTo(X, Y); pen = true; } else ctx.lineTo(X, Y);
              }
            }
          }
          ctx.lineWidth = width;
          ctx.strokeStyle = color;
          ctx.stroke();
        };
        ctx.setLineDash([]);
        stroke(5, pen['chart-halo']);
        ctx.setLineDash(r.dash ?? []);
        stroke(2.4, cssColor(r.color, this.#canvas));
        for (const m of margins) {
          ctx.setLineDash(MARGIN_DASH);
          stroke(1.6, cssColor(r.color, this.#canvas), m);
        }
      }
      ctx.setLineDash([]);
    }
    ctx.restore();
  }
}

export { CLASS_COLORS };
