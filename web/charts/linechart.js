// A small wrapper around uPlot for the training charts: fixed series, a linear or log y scale,
// the legend as the hover read-out (step and each value), sized to its container. It receives
// arrays and draws; it knows nothing about training. uPlot's CSS is the host's to load (a file on
// the page, an adopted sheet in the element: CSP-safe either way). Colours (the axes', and series
// strokes given as var(--name)) are read from the theme when the chart is built; restyle() rebuilds.
import uPlot from 'uplot';
import { fmt, short, logTickLabels } from './format.js';
import { chartColors, cssColor } from './theme.js';
import { markersWhenShort } from './series.js';

/** The look of every uPlot axis (the loss charts, the race, the LR finder), in the theme where node is. */
export function axisStyle(node) {
  const c = chartColors(node);
  return { stroke: c['chart-ink'], grid: { stroke: c['chart-grid'], width: 1 }, ticks: { stroke: c['chart-tick'], width: 1 }, font: '11px system-ui, sans-serif', labelFont: '12px system-ui, sans-serif' };
}

/**
 * Keeps a uPlot chart as wide as its box (on the box's resize): resizes `plot`, or, before it
 * exists (the box had no width yet), calls build().
 */
export function fitWidth(root, height, plot, build) {
  const w = root.clientWidth;
  if (!w) return;
  if (!plot) { build(); return; }
  if (Math.abs(plot.width - w) > 1) plot.setSize({ width: w, height });
}

export class LineChart {
  #root;
  #opts;
  #plot = null;
  #data = null;
  #log;
  #height;

  /**
   * series: [{ label, stroke, width?, dash?, points? (true, or 'short': markers while a curve has
   * few points), spanGaps? }]; yLabel; log; height.
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

  /** New series settings: the chart is rebuilt when they differ (setData then takes one array per series). */
  setSeries(series) {
    if (JSON.stringify(series) === JSON.stringify(this.#opts.series)) return;
    this.#opts.series = series;
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

  /** The theme changed: build the chart again in its colours. */
  restyle() {
    this.#destroy();
    if (this.#data) this.setData(...this.#data);
  }

  #destroy() {
    if (this.#plot) this.#plot.destroy();
    this.#plot = null;
  }

  #resize() {
    fitWidth(this.#root, this.#height, this.#plot, () => { if (this.#data) this.setData(...this.#data); });
  }

  #options() {
    const axis = axisStyle(this.#root);
    return {
      width: this.#root.clientWidth,
      height: this.#height,
      scales: { x: { time: false }, y: this.#log ? { distr: 3 } : { auto: true } },
      axes: [
        { ...axis, label: 'step', labelSize: 18, values: (u, vals) => vals.map(short) },
        { ...axis, label: this.#opts.yLabel, labelSize: 18, size: 56, values: (u, vals) => (this.#log ? logTickLabels(vals) : vals.map((v) => fmt(v))) },
      ],
      series: [
        { label: 'step', value: (u, v) => (v == null ? '–' : String(v)) },
        ...this.#opts.series.map((s) => ({
          label: s.label, stroke: cssColor(s.stroke, this.#root), width: s.width ?? 1.5, dash: s.dash, spanGaps: s.spanGaps ?? false,
          points: { show: s.points === 'short' ? markersWhenShort : s.points ?? false, size: 5, fill: cssColor(s.stroke, this.#root) }, value: (u, v) => fmt(v),
        })),
      ],
      cursor: { drag: { x: true, y: false }, points: { size: 7 } },
      legend: { live: true },
    };
  }
}
