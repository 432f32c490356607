// Colours and marker shapes: the Okabe-Ito palette (readable with every common colour-vision
// deficiency), one marker shape per class so classes differ by more than hue, and viridis for
// continuous values. COLORS is the one home of every colour a chart paints, light and dark; the
// hosts adopt it as CSS custom properties (charts/theme.js) and the live charts read those back,
// while exports and the CLI's plots use the light values below on white.
// Not here: what is drawn where (charts/, panels/), the page's own colours (styles/base.css).

/**
 * name -> [light, dark]: each becomes the custom property --name = light-dark(light, dark).
 * Dark values are lighter (>= 3:1 for lines and >= 4.5:1 for text on --chart-bg and --card;
 * tests/e2e/theme.test.mjs checks), in the same hue order, so classes and runs keep their colours.
 */
export const COLORS = Object.freeze({
  // the frame every canvas chart draws
  'chart-bg': ['#ffffff', '#141924'],
  'chart-area': ['#eef1f6', '#1f2532'],
  'chart-ink': ['#3b4457', '#b8c0ce'],
  'chart-label': ['#2b3245', '#d5dbe6'],
  'chart-axis': ['#8a93a6', '#6b7588'],
  'chart-grid': ['rgba(30, 40, 60, 0.08)', 'rgba(200, 215, 240, 0.1)'],
  'chart-tick': ['rgba(30, 40, 60, 0.2)', 'rgba(200, 215, 240, 0.25)'],
  'chart-boundary': ['rgba(20, 24, 36, 0.75)', 'rgba(240, 244, 252, 0.85)'],
  'chart-halo': ['rgba(255, 255, 255, 0.85)', 'rgba(20, 25, 36, 0.85)'],
  'marker-edge': ['rgba(20, 24, 36, 0.85)', 'rgba(8, 10, 16, 0.9)'],
  'marker-hollow': ['rgba(255, 255, 255, 0.9)', 'rgba(20, 25, 36, 0.9)'],
  // classes (Okabe & Ito 2008, then two extra distinct greys/browns); class 7 is the ink
  'class-0': ['#0072B2', '#3E9BDB'],
  'class-1': ['#E69F00', '#E69F00'],
  'class-2': ['#009E73', '#19B88A'],
  'class-3': ['#CC79A7', '#D68DB8'],
  'class-4': ['#D55E00', '#F07A2A'],
  'class-5': ['#56B4E9', '#56B4E9'],
  'class-6': ['#F0E442', '#F0E442'],
  'class-7': ['#000000', '#E6E6E6'],
  'class-8': ['#999999', '#A6A6A6'],
  'class-9': ['#8C564B', '#B07A6E'],
  // the training charts' lines
  'series-train': ['#00558a', '#5EB1EA'],
  'series-train-raw': ['rgba(0, 114, 178, 0.2)', 'rgba(94, 177, 234, 0.3)'],
  'series-validation': ['#D55E00', '#F08A3C'],
  'series-validation-text': ['#a34700', '#F5A46A'],
  'series-lr': ['#009E73', '#2FC08F'],
  'series-grad': ['#CC79A7', '#DB93BD'],
  'series-grad-raw': ['rgba(204, 121, 167, 0.3)', 'rgba(219, 147, 189, 0.35)'],
  'series-fit': ['#D55E00', '#F08A3C'],
  'series-points': ['#33415c', '#AEB8CC'],
  // the race's runs A-F (lines and swatches; neighbours distinct on viridis)
  'run-0': ['#0072B2', '#3E9BDB'],
  'run-1': ['#D55E00', '#F07A2A'],
  'run-2': ['#009E73', '#19B88A'],
  'run-3': ['#CC79A7', '#D68DB8'],
  'run-4': ['#B57A00', '#E69F00'],
  'run-5': ['#2E8BC0', '#56B4E9'],
  // the landscape's arrows (drawn on viridis with a halo; also the legend's marks on the card)
  'arrow-g': ['#b3261e', '#ff8a80'],
  'arrow-v': ['#6a3d9a', '#c39bea'],
});

const light = (name) => COLORS[name][0];
/**
 * 'var(--name, <light value>)': a colour that follows the theme (the light value where the custom
 * properties are missing); the charts resolve it when they draw (charts/theme.js).
 */
export const cssVar = (name) => `var(--${name}, ${light(name)})`;

const CLASSES = 10;
/** Class colours, class 0 first: the light values (exports, the CLI); live charts use cssVar(`class-${k}`). */
export const CLASS_COLORS = Array.from({ length: CLASSES }, (_, k) => light(`class-${k}`));
/** The same in the dark theme (for tests: distinct under colour blindness in both). */
export const CLASS_COLORS_DARK = Array.from({ length: CLASSES }, (_, k) => COLORS[`class-${k}`][1]);
export const CLASS_RGB = CLASS_COLORS.map(hexRgb);
/** Marker per class, same order as the colours. */
export const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'triangleDown', 'plus', 'star', 'cross', 'pentagon', 'hexagon'];
export const MARKER_NAMES = { circle: 'circle', square: 'square', triangle: 'triangle', diamond: 'diamond', triangleDown: 'down triangle', plus: 'plus', star: 'star', cross: 'cross', pentagon: 'pentagon', hexagon: 'hexagon' };

const SERIES_NAMES = { train: 'series-train', trainRaw: 'series-train-raw', validation: 'series-validation', lr: 'series-lr', grad: 'series-grad', gradRaw: 'series-grad-raw', fit: 'series-fit', points: 'series-points' };
/** Line colours of the charts, light (exports, the CLI). */
export const SERIES = Object.freeze(Object.fromEntries(Object.entries(SERIES_NAMES).map(([k, n]) => [k, light(n)])));
/** The same lines as theme-following colours, for the live charts. */
export const SERIES_VARS = Object.freeze(Object.fromEntries(Object.entries(SERIES_NAMES).map(([k, n]) => [k, cssVar(n)])));
/** The race's run colours (A first), theme-following. */
export const RUN_VARS = Object.freeze(Array.from({ length: 6 }, (_, i) => cssVar(`run-${i}`)));

export function hexRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Class k's light colour (exports); live charts take chartColors(node).classes (charts/theme.js). */
export const classColor = (k) => CLASS_COLORS[k % CLASS_COLORS.length];
export const classMarker = (k) => MARKERS[k % MARKERS.length];

/**
 * The light theme's resolved colours, in the shape of charts/theme.js's chartColors(): every COLORS
 * name, and `classes` (the class colours in order). What a chart paints where no theme applies.
 */
export const LIGHT = Object.freeze({ ...Object.fromEntries(Object.keys(COLORS).map((n) => [n, light(n)])), classes: CLASS_COLORS });

// Viridis at 9 stops (matplotlib), linearly interpolated.
const VIRIDIS = [[68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141], [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37]];
/** t in [0, 1] -> [r, g, b]. */
export function viridis(t) {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = VIRIDIS[i];
  const b = VIRIDIS[i + 1];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

function polygon(ctx, x, y, r, n, rot, inner = 0) {
  const m = inner ? n * 2 : n;
  for (let i = 0; i < m; i++) {
    const rr = inner && i % 2 ? inner : r;
    const a = rot + (i * 2 * Math.PI) / m;
    const px = x + rr * Math.cos(a);
    const py = y + rr * Math.sin(a);
    if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
  }
  ctx.closePath();
}

function plus(ctx, x, y, r, rot) {
  const w = r * 0.38;
  const pts = [[-w, -r], [w, -r], [w, -w], [r, -w], [r, w], [w, w], [w, r], [-w, r], [-w, w], [-r, w], [-r, -w], [-w, -w]];
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  pts.forEach(([a, b], i) => {
    const px = x + a * c - b * s;
    const py = y + a * s + b * c;
    if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
  });
  ctx.closePath();
}

/**
 * Adds a marker centred on (x, y) with radius r to the current path (no beginPath), so many
 * markers of one class can be filled and stroked at once.
 */
export function addMarker(ctx, shape, x, y, r) {
  const up = -Math.PI / 2;
  switch (shape) {
    case 'square': ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7); break;
    case 'triangle': polygon(ctx, x, y + r * 0.15, r * 1.15, 3, up); break;
    case 'triangleDown': polygon(ctx, x, y - r * 0.15, r * 1.15, 3, -up); break;
    case 'diamond': polygon(ctx, x, y, r * 1.15, 4, up); break;
    case 'pentagon': polygon(ctx, x, y, r * 1.05, 5, up); break;
    case 'hexagon': polygon(ctx, x, y, r * 1.05, 6, 0); break;
    case 'star': polygon(ctx, x, y, r * 1.3, 5, up, r * 0.55); break;
    case 'plus': plus(ctx, x, y, r, 0); break;
    case 'cross': plus(ctx, x, y, r * 1.1, Math.PI / 4); break;
    default: ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
}

/**
 * Fills and strokes the current path in class k's training (filled) or validation (hollow) style.
 * pen: the resolved colours (charts/theme.js chartColors(node)); LIGHT when none is given.
 */
export function paintMarkers(ctx, k, r, hollow = false, pen = LIGHT) {
  const color = pen.classes[k % pen.classes.length];
  if (hollow) {
    ctx.fillStyle = pen['marker-hollow'];
    ctx.fill();
    ctx.lineWidth = Math.max(1.5, r * 0.45);
    ctx.strokeStyle = color;
  } else {
    ctx.fillStyle = color;
    ctx.fill();
    ctx.lineWidth = Math.max(0.75, r * 0.22);
    ctx.strokeStyle = pen['marker-edge'];
  }
  ctx.stroke();
}

/** One marker of class k: filled (training) or hollow (validation). */
export function drawMarker(ctx, k, x, y, r, { hollow = false, pen = LIGHT } = {}) {
  ctx.beginPath();
  addMarker(ctx, classMarker(k), x, y, r);
  paintMarkers(ctx, k, r, hollow, pen);
}

/**
 * A canvas-path stand-in that writes SVG path data, so addMarker draws SVG markers (the legends'
 * swatches, charts/svg-scatter.js). Like a canvas path, arc() joins the current point to the arc's
 * start (nothing when they meet).
 */
const r2 = (v) => Number(v.toFixed(2));
export class PathData {
  constructor() { this.d = []; this.at = null; }
  moveTo(x, y) { this.d.push(`M${r2(x)} ${r2(y)}`); this.at = [r2(x), r2(y)]; }
  lineTo(x, y) { this.d.push(`L${r2(x)} ${r2(y)}`); this.at = [r2(x), r2(y)]; }
  closePath() { this.d.push('Z'); }
  rect(x, y, w, h) { this.d.push(`M${r2(x)} ${r2(y)}h${r2(w)}v${r2(h)}h${r2(-w)}Z`); this.at = [r2(x), r2(y)]; }
  arc(x, y, r) {   // full circles only (all addMarker draws)
    const [sx, sy] = [r2(x + r), r2(y)];
    if (!this.at) this.d.push(`M${sx} ${sy}`);
    else if (this.at[0] !== sx || this.at[1] !== sy) this.d.push(`L${sx} ${sy}`);
    this.d.push(`A${r2(r)} ${r2(r)} 0 1 0 ${r2(x - r)} ${sy}A${r2(r)} ${r2(r)} 0 1 0 ${sx} ${sy}`);
    this.at = [sx, sy];
  }
  toString() { return this.d.join(''); }
}

const SVG = 'http://www.w3.org/2000/svg';
/**
 * A small SVG of class k's marker (for legends). Its colours are the theme's custom properties, set
 * through the CSS object model (allowed by a strict CSP), so it follows a theme change by itself.
 */
export function markerSwatch(k, size = 14, hollow = false) {
  const svg = document.createElementNS(SVG, 'svg');
  for (const [a, v] of [['width', size], ['height', size], ['viewBox', `0 0 ${size} ${size}`], ['class', 'swatch'], ['aria-hidden', 'true']]) svg.setAttribute(a, String(v));
  const r = size * 0.3;
  const d = new PathData();
  addMarker(d, classMarker(k), size / 2, size / 2, r);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', String(d));
  const color = cssVar(`class-${k % CLASSES}`);
  path.style.fill = hollow ? cssVar('marker-hollow') : color;
  path.style.stroke = hollow ? color : cssVar('marker-edge');
  path.style.strokeWidth = String(hollow ? Math.max(1.5, r * 0.45) : Math.max(0.75, r * 0.22));
  svg.append(path);
  return svg;
}
