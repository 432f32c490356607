// Overlaid curves of several runs, each with its own x values (steps, epochs or seconds), on one
// uPlot chart: the runs' tables are joined on x and gaps are spanned, so a run that reports less
// often still draws as a line. One colour (a CSS colour or var(--run-i), charts/theme.js) and dash
// pattern per run, markers on every point while the curves are short, the legend is the read-out.
// It receives arrays and draws; it knows nothing about training.
import uPlot from 'uplot';
import { fmt, logTickLabels } from './format.js';
import { axisStyle, fitWidth } from './linechart.js';
import { cssColor } from './theme.js';
import { markersWhenShort } from './series.js';

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
    const axis = axisStyle(this.#root);
    this.#plot = new uPlot({
      width: this.#root.clientWidth,
      height: this.#height,
      scales: { x: { time: false }, y: log ? { distr: 3 } : { auto: true } },
      axes: [
        { ...axis, label: xLabel, labelSize: 18, values: (u, vals) => vals.map((v) => fmt(v)) },
        { ...axis, label: yLabel, labelSize: 18, size: 60, values: (u, vals) => (log ? logTickLabels(vals) : vals.map((v) => fmt(v))) },
      ],
      series: [
        { label: xLabel, value: (u, v) => (v == null ? '–' : fmt(v)) },
        ...series.map((s) => ({ label: s.label, stroke: cssColor(s.color, this.#root), width: 2, dash: s.dash?.length ? s.dash : undefined, spanGaps: true, points: { show: markersWhenShort, size: 5, fill: cssColor(s.color, this.#root) }, value: (u, v) => fmt(v) })),
      ],
      cursor: { drag: { x: true, y: false }, points: { size: 7 } },
      legend: { live: true },
    }, data, this.#root);
  }

  /** The theme changed: build the chart again in its colours. */
  restyle() {
    this.#destroy();
    if (this.#last) this.setData(this.#last);
  }

  #destroy() {
    if (this.#plot) this.#plot.destroy();
    this.#plot = null;
  }

  #resize() {
    fitWidth(this.#root, this.#height, this.#plot, () => { if (this.#last) this.setData(this.#last); });
  }
}
