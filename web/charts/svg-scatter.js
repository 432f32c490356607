// The data plot as an SVG document (text), in export-chart.js's style: the rows as class markers
// (training filled, validation hollow; palette.js's colours and shapes) or coloured by value, over
// what the model predicts: shaded decision regions with boundary lines (marching squares on a
// grid of predictions), a value heatmap, or a fitted curve. Pure string building, no DOM and no
// dependencies, so the CLI (`descent plot`) and the page can both use it; every label is
// XML-escaped. Not here: getting the predictions (the caller asks the engine) or the live canvas.
import { ticks, short } from './format.js';
import { CLASS_RGB, PathData, addMarker, classColor, classMarker, viridis } from '../palette.js';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);
const r2 = (v) => Number(v.toFixed(2));
const hex = ([r, g, b]) => `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
const sigmoid = (z) => 1 / (1 + Math.exp(-z));

/**
 * P(class 1) of a binary model's output, and the class probabilities of a multi-class one, from
 * the engine's predictions: 'score' outputs (SVM margins, logits) go through a sigmoid / softmax.
 */
export function binaryP(v, output) {
  if (output === 'score') return sigmoid(2 * v);
  return Math.min(1, Math.max(0, v));
}
export function classProbs(values, i, outputs, output, out = new Float64Array(outputs)) {
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

/**
 * What a classifier predicts on a res x res grid (row 0 at the bottom): per cell a colour (the
 * predicted class, stronger where the model is surer, white where it is unsure), and the fields
 * whose level lines are the decision boundaries: P = 0.5 (binary), p_k - max other = 0 (multi-class).
 */
export function decisionRegions({ values, outputs, output, resolution: res }) {
  const colors = new Array(res * res);
  const mix = (c, t) => hex(c.map((v) => 255 + (v - 255) * t));
  const fields = [];
  if (outputs === 1) {
    const f = new Float64Array(res * res);
    for (let i = 0; i < f.length; i++) {
      const p = binaryP(values[i], output);
      f[i] = p;
      colors[i] = !Number.isFinite(p) ? '#ffffff' : p >= 0.5 ? mix(CLASS_RGB[1], (p - 0.5) * 2 * 0.6) : mix(CLASS_RGB[0], (0.5 - p) * 2 * 0.6);
    }
    fields.push([f, 0.5]);
  } else {
    const probs = new Float64Array(outputs);
    const margins = Array.from({ length: outputs }, () => new Float64Array(res * res));
    for (let i = 0; i < res * res; i++) {
      classProbs(values, i, outputs, output, probs);
      let k = 0;
      for (let j = 1; j < outputs; j++) if (probs[j] > probs[k]) k = j;
      const conf = (probs[k] - 1 / outputs) / (1 - 1 / outputs);
      colors[i] = Number.isFinite(conf) ? mix(CLASS_RGB[k % CLASS_RGB.length], Math.max(0, conf) * 0.6) : '#ffffff';
      for (let c = 0; c < outputs; c++) {
        let other = -Infinity;
        for (let j = 0; j < outputs; j++) if (j !== c && probs[j] > other) other = probs[j];
        margins[c][i] = probs[c] - other;
      }
    }
    for (const m of margins) fields.push([m, 0]);
  }
  return { colors, fields };
}

/**
 * Marching squares: the segments where field (res x res, row 0 at the bottom, values at cell
 * centres) crosses level, as [c0, r0, c1, r1] in grid units (column, row). Cells with a
 * non-finite corner are skipped; saddles are split by the centre value.
 */
export function levelSegments(field, res, level) {
  const out = [];
  const at = (c, r) => field[r * res + c] - level;
  const cross = (a, b, pa, pb) => { const t = a / (a - b); return [pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t]; };
  for (let r = 0; r + 1 < res; r++) {
    for (let c = 0; c + 1 < res; c++) {
      const v = [at(c, r), at(c + 1, r), at(c + 1, r + 1), at(c, r + 1)];   // corners counter-clockwise
      if (!v.every(Number.isFinite)) continue;
      const p = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1]];
      const hits = [];
      for (let e = 0; e < 4; e++) {
        const a = v[e];
        const b = v[(e + 1) % 4];
        if ((a < 0) !== (b < 0)) hits.push(cross(a, b, p[e], p[(e + 1) % 4]));
      }
      if (hits.length === 2) out.push([...hits[0], ...hits[1]]);
      else if (hits.length === 4) {
        const centre = (v[0] + v[1] + v[2] + v[3]) / 4;
        // Edges 0..3 in order; pair them so the centre's side stays connected.
        if ((centre < 0) === (v[0] < 0)) out.push([...hits[0], ...hits[1]], [...hits[2], ...hits[3]]);
        else out.push([...hits[3], ...hits[0]], [...hits[1], ...hits[2]]);
      }
    }
  }
  return out;
}

/**
 * An SVG document (text) of a 2-D scatter. Options:
 *   points: { x, y, cls?: class per row, value?: number per row, hollow?: per row (validation) }
 *   classes: class names (legend), when points have cls
 *   cells: { xRange, yRange, resolution, colors } drawn behind (row 0 at the bottom, values at cell centres)
 *   lines: [[x0, y0, x1, y1], ...] in data coordinates (decision boundaries)
 *   curve: { x, y, label } a fitted curve; valueRange: [lo, hi] of the viridis scale for value points
 * Throws when there are no points.
 */
export function scatterSvg({ title = '', xLabel = 'x1', yLabel = 'x2', points, classes = [], cells, lines = [], curve, valueRange, width = 800, height = 560 }) {
  const finite = (a) => a.filter(Number.isFinite);
  const xs = [...finite(points.x), ...(curve ? finite(curve.x) : [])];
  const ys = [...finite(points.y), ...(curve ? finite(curve.y) : [])];
  if (!xs.length || !ys.length) throw new Error('no rows to draw');
  let [x0, x1] = cells ? cells.xRange : [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = cells ? cells.yRange : [Math.min(...ys), Math.max(...ys)];
  if (!cells) {
    const px = (x1 - x0 || 2) * 0.05;
    const py = (y1 - y0 || 2) * 0.05;
    x0 -= px; x1 += px; y0 -= py; y1 += py;
  }
  const m = { left: 70, right: 20, top: title ? 40 : 16, bottom: 78 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const sx = (v) => m.left + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v) => m.top + (1 - (v - y0) / (y1 - y0)) * ph;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<title>${esc(title || 'data')}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (title) out.push(`<text x="${m.left}" y="24" font-size="15" font-weight="600" fill="#1c2333">${esc(title)}</text>`);
  out.push(`<clipPath id="plot-area"><rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}"/></clipPath>`);
  out.push('<g clip-path="url(#plot-area)">');
  if (cells) {
    // Cell (c, r) covers [x0 + (c - 0.5) dx, x0 + (c + 0.5) dx]; runs of one colour in a row are one rect.
    const { resolution: res, colors } = cells;
    const dx = (x1 - x0) / (res - 1);
    const dy = (y1 - y0) / (res - 1);
    out.push('<g shape-rendering="crispEdges">');
    for (let r = 0; r < res; r++) {
      for (let c = 0; c < res;) {
        let e = c + 1;
        while (e < res && colors[r * res + e] === colors[r * res + c]) e++;
        const left = sx(x0 + (c - 0.5) * dx);
        const top = sy(y0 + (r + 0.5) * dy);
        out.push(`<rect x="${r2(left)}" y="${r2(top)}" width="${r2(sx(x0 + (e - 0.5) * dx) - left + 0.5)}" height="${r2(sy(y0 + (r - 0.5) * dy) - top + 0.5)}" fill="${colors[r * res + c]}"/>`);
        c = e;
      }
    }
    out.push('</g>');
  }
  // Grid lines.
  const xt = ticks(x0, x1, 6).filter((v) => v >= x0 && v <= x1);
  const yt = ticks(y0, y1, 6).filter((v) => v >= y0 && v <= y1);
  out.push('<g stroke="#1e283c" stroke-opacity="0.08" stroke-width="1">');
  for (const v of xt) out.push(`<line x1="${r2(sx(v))}" x2="${r2(sx(v))}" y1="${m.top}" y2="${m.top + ph}"/>`);
  for (const v of yt) out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${r2(sy(v))}" y2="${r2(sy(v))}"/>`);
  out.push('</g>');
  if (lines.length) {
    const d = lines.map(([a, b, c, e]) => `M${r2(sx(a))} ${r2(sy(b))}L${r2(sx(c))} ${r2(sy(e))}`).join('');
    out.push(`<path fill="none" stroke="#141824" stroke-opacity="0.75" stroke-width="2" d="${d}"><title>decision boundary</title></path>`);
  }
  if (curve) {
    const pts = [];
    for (let i = 0; i < curve.x.length; i++) if (Number.isFinite(curve.x[i]) && Number.isFinite(curve.y[i])) pts.push(`${r2(sx(curve.x[i]))},${r2(sy(curve.y[i]))}`);
    out.push(`<g fill="none" stroke="#D55E00" stroke-width="2.5"><title>${esc(curve.label ?? 'model')}</title><polyline points="${pts.join(' ')}"/></g>`);
  }
  // Points: one path per class and style (filled training, hollow validation), like the page.
  const rad = points.x.length > 1000 ? 3 : 4.5;
  const groups = new Map();
  for (let i = 0; i < points.x.length; i++) {
    if (!Number.isFinite(points.x[i]) || !Number.isFinite(points.y[i])) continue;
    const hollow = !!points.hollow?.[i];
    let key;
    let fill;
    let stroke;
    let shape = 'circle';
    if (points.cls) {
      const k = points.cls[i];
      key = `c${k}${hollow ? 'h' : ''}`;
      shape = classMarker(k);
      fill = hollow ? '#ffffff' : classColor(k);
      stroke = hollow ? classColor(k) : '#141824';
    } else {
      const [lo, hi] = valueRange ?? [0, 1];
      const c = hex(viridis(hi > lo ? (points.value[i] - lo) / (hi - lo) : 0.5));
      key = `v${c}${hollow ? 'h' : ''}`;
      fill = hollow ? '#ffffff' : c;
      stroke = hollow ? c : '#141824';
    }
    const what = `${points.cls ? `${classes[points.cls[i]] ?? `class ${points.cls[i]}`}, ` : ''}${hollow ? 'validation' : 'training'} rows`;
    if (!groups.has(key)) groups.set(key, { fill, stroke, hollow, what, path: new PathData() });
    addMarker(groups.get(key).path, shape, sx(points.x[i]), sy(points.y[i]), rad);
  }
  for (const g of groups.values()) {
    out.push(`<path fill="${g.fill}" stroke="${g.stroke}" stroke-width="${g.hollow ? 1.5 : 0.9}" d="${g.path}"><title>${esc(g.what)}</title></path>`);
  }
  out.push('</g>');
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#4a5368"/>`);
  out.push('<g fill="#4a5368" text-anchor="end">');
  for (const v of yt) out.push(`<text x="${m.left - 6}" y="${r2(sy(v) + 4)}">${esc(short(v))}</text>`);
  out.push('</g><g fill="#4a5368" text-anchor="middle">');
  for (const v of xt) out.push(`<text x="${r2(sx(v))}" y="${m.top + ph + 16}">${esc(short(v))}</text>`);
  out.push(`<text x="${m.left + pw / 2}" y="${m.top + ph + 34}">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)">${esc(yLabel)}</text>`);
  out.push('</g>');
  // Legend under the plot: the classes (or the value scale), hollow = validation, the curve/boundary.
  let lx = m.left;
  const ly = height - 18;
  out.push('<g font-size="12" fill="#1c2333">');
  const entry = (swatch, text) => { out.push(swatch, `<text x="${lx + 16}" y="${ly}">${esc(text)}</text>`); lx += 30 + 7 * String(text).length; };
  if (points.cls) {
    const seen = [...new Set(points.cls)].sort((a, b) => a - b);
    for (const k of seen) {
      const p = new PathData();
      addMarker(p, classMarker(k), lx + 6, ly - 4, 5);
      entry(`<path fill="${classColor(k)}" stroke="#141824" stroke-width="0.9" d="${p}"/>`, classes[k] ?? `class ${k}`);
    }
  } else if (valueRange) {
    entry(`<circle cx="${lx + 6}" cy="${ly - 4}" r="5" fill="${hex(viridis(0))}"/>`, short(valueRange[0]));
    entry(`<circle cx="${lx + 6}" cy="${ly - 4}" r="5" fill="${hex(viridis(1))}"/>`, short(valueRange[1]));
  }
  if (points.hollow?.some(Boolean)) entry(`<circle cx="${lx + 6}" cy="${ly - 4}" r="4.5" fill="#ffffff" stroke="#4a5368" stroke-width="1.5"/>`, 'hollow: validation');
  if (lines.length) entry(`<line x1="${lx}" x2="${lx + 12}" y1="${ly - 4}" y2="${ly - 4}" stroke="#141824" stroke-width="2"/>`, 'decision boundary');
  if (curve) entry(`<line x1="${lx}" x2="${lx + 12}" y1="${ly - 4}" y2="${ly - 4}" stroke="#D55E00" stroke-width="2.5"/>`, curve.label ?? 'model');
  out.push('</g></svg>');
  return `${out.join('\n')}\n`;
}
