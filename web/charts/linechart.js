// A small wrapper around uPlot for the training charts: fixed series, a linear or log y scale,
// the legend as the hover read-out (step and each value), sized to its container. It receives
// arrays and draws; it knows nothing about training. uPlot's CSS comes as a file (CSP).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Four significant digits, exponent form for tiny/huge values, "–" for gaps. */
export function fmt(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

// One formatter for whole numbers, made when the module loads: toLocaleString() sets up ICU's
// number formatting on its first call (~7 ms in Chromium), which fell into the first frame of training.
const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A whole number with thousands separators (1,234,567). */
export function int(n) {
  return INT.format(Math.round(n));
}

/** Log-axis labels: only powers of ten, and only every k-th when there are many decades. */
function logLabels(vals) {
  const decades = vals.filter((v) => Number.isInteger(Math.round(Math.log10(v) * 1e6) / 1e6));
  const every = Math.max(1, Math.ceil(decades.length / 5));
  return vals.map((v) => {
    const e = Math.round(Math.log10(v) * 1e6) / 1e6;
    return Number.isInteger(e) && e % every === 0 ? (Math.abs(e) >= 4 ? `1e${e}` : fmt(v)) : '';
  });
}

export class LineChart {
  #root;
  #opts;
  #plot = null;
  #data = null;
  #log;
  #height;

  /**
   * series: [{ label, stroke, width?, dash?, points?, spanGaps? }]; yLabel; log; height.
   */
  constructor(root, { series, yLabel = '', log = false, height = 200 }) {
    this.#root = root;
    this.#opts = { series, yLabel };
    this.#log = log;
    this.#height = height;
    new ResizeObserver(() => this.#resize()).observe(root);
  }

  get log() { return this.#log; }

  setLog(log) {
    if (log === this.#log) return;
    this.#log = log;
    this.#destroy();
    if (this.#data) this.setData(...this.#data);
  }

  /** x: steps; ys: one array per series (nulls for gaps). */
  setData(x, ys) {
    this.#data = [x, ys];
    const cols = [x, ...ys.map((y) => (this.#log ? y.map((v) => (v > 0 && Number.isFinite(v) ? v : null)) : y.map((v) => (Number.isFinite(v) ? v : null))))];
    if (!this.#plot) {
      if (!this.#root.isConnected || this.#root.clientWidth === 0) return;
      this.#plot = new uPlot(this.#options(), cols, this.#root);
    } else {
      this.#plot.setData(cols);
    }
  }

  clear() {
    this.#data = null;
    this.#destroy();
  }

  #destroy() {
    if (this.#plot) this.#plot.destroy();
    this.#plot = null;
  }

  #resize() {
    const w = this.#root.clientWidth;
    if (!w) return;
    if (!this.#plot) { if (this.#data) this.setData(...this.#data); return; }
    if (Math.abs(this.#plot.width - w) > 1) this.#plot.setSize({ width: w, height: this.#height });
  }

  #options() {
    const axis = { stroke: '#4a5368', grid: { stroke: 'rgba(30, 40, 60, 0.08)', width: 1 }, ticks: { stroke: 'rgba(30, 40, 60, 0.2)', width: 1 }, font: '11px system-ui, sans-serif', labelFont: '12px system-ui, sans-serif' };
    return {
      width: this.#root.clientWidth,
      height: this.#height,
      scales: { x: { time: false }, y: this.#log ? { distr: 3 } : { auto: true } },
      axes: [
        { ...axis, label: 'step', labelSize: 18, values: (u, vals) => vals.map((v) => (v >= 1e5 ? v.toExponential(0) : String(v))) },
        { ...axis, label: this.#opts.yLabel, labelSize: 18, size: 56, values: (u, vals) => (this.#log ? logLabels(vals) : vals.map(fmt)) },
      ],
      series: [
        { label: 'step', value: (u, v) => (v == null ? '–' : String(v)) },
        ...this.#opts.series.map((s) => ({
          label: s.label, stroke: s.stroke, width: s.width ?? 1.5, dash: s.dash, spanGaps: s.spanGaps ?? false,
          points: { show: s.points ?? false, size: 5, fill: s.stroke }, value: (u, v) => fmt(v),
        })),
      ],
      cursor: { drag: { x: true, y: false }, points: { size: 7 } },
      legend: { live: true },
    };
  }
}
