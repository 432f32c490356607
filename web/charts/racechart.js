// Overlaid curves of several runs, each with its own x values (steps, epochs or seconds), on one
// uPlot chart: the runs' tables are joined on x and gaps are spanned, so a run that reports less
// often still draws as a line. One colour and dash pattern per run, the legend is the read-out.
// It receives arrays and draws; it knows nothing about training.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmt } from '../charts/linechart.js';

/**
 * Log-axis labels: powers of ten (every k-th when there are many, "1e-6" style when far from 1);
 * within less than two decades also 2 and 5 times them.
 */
export function logLabels(vals) {
  const exp = (v) => Math.floor(Math.log10(v) + 1e-9);
  const mant = (v) => Math.round(v / 10 ** exp(v));
  const decades = vals.filter((v) => mant(v) === 1).length;
  const every = Math.max(1, Math.ceil(decades / 6));
  return vals.map((v) => {
    const m = mant(v);
    const e = exp(v);
    if (m === 1 && e % every === 0) return Math.abs(e) >= 4 ? `1e${e}` : fmt(v);
    return decades < 2 && (m === 2 || m === 5) ? fmt(v) : '';
  });
}

export class RaceChart {
  #root;
  #height;
  #plot = null;
  #key = '';
  #last = null;

  constructor(root, { height = 260 } = {}) {
    this.#root = root;
    this.#height = height;
    new ResizeObserver(() => this.#resize()).observe(root);
  }

  /** series: [{ label, color, dash, x: number[], y: number[] }]; xLabel, yLabel, log. */
  setData({ series, xLabel, yLabel, log }) {
    this.#last = { series, xLabel, yLabel, log };
    const clean = (v) => (Number.isFinite(v) && (!log || v > 0) ? v : null);
    const tables = series.map((s) => {
      // uPlot.join needs increasing x; equal x values (two reports at one step) keep the last.
      const xs = [];
      const ys = [];
      for (let i = 0; i < s.x.length; i++) {
        if (!Number.isFinite(s.x[i])) continue;
        if (xs.length && s.x[i] <= xs[xs.length - 1]) { if (s.x[i] === xs[xs.length - 1]) ys[ys.length - 1] = clean(s.y[i]); continue; }
        xs.push(s.x[i]);
        ys.push(clean(s.y[i]));
      }
      return [xs, ys];
    });
    const data = tables.length ? uPlot.join(tables) : [[]];
    const key = JSON.stringify([series.map((s) => [s.label, s.color, s.dash]), xLabel, yLabel, log]);
    if (this.#plot && key === this.#key) { this.#plot.setData(data); return; }
    this.#destroy();
    this.#key = key;
    if (!this.#root.isConnected || this.#root.clientWidth === 0) return;
    const axis = { stroke: '#4a5368', grid: { stroke: 'rgba(30, 40, 60, 0.08)', width: 1 }, ticks: { stroke: 'rgba(30, 40, 60, 0.2)', width: 1 }, font: '11px system-ui, sans-serif', labelFont: '12px system-ui, sans-serif' };
    this.#plot = new uPlot({
      width: this.#root.clientWidth,
      height: this.#height,
      scales: { x: { time: false }, y: log ? { distr: 3 } : { auto: true } },
      axes: [
        { ...axis, label: xLabel, labelSize: 18, values: (u, vals) => vals.map((v) => fmt(v)) },
        { ...axis, label: yLabel, labelSize: 18, size: 60, values: (u, vals) => (log ? logLabels(vals) : vals.map(fmt)) },
      ],
      series: [
        { label: xLabel, value: (u, v) => (v == null ? '–' : fmt(v)) },
        ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.dash?.length ? s.dash : undefined, spanGaps: true, points: { show: false }, value: (u, v) => fmt(v) })),
      ],
      cursor: { drag: { x: true, y: false }, points: { size: 7 } },
      legend: { live: true },
    }, data, this.#root);
  }

  #destroy() {
    if (this.#plot) this.#plot.destroy();
    this.#plot = null;
  }

  #resize() {
    const w = this.#root.clientWidth;
    if (!w) return;
    if (!this.#plot) { if (this.#last) this.setData(this.#last); return; }
    if (Math.abs(this.#plot.width - w) > 1) this.#plot.setSize({ width: w, height: this.#height });
  }
}
