// Chart pictures as files: an SVG line chart built from the series data (one <polyline> per
// unbroken run of points, axes with round ticks, a legend). Pure string building with no DOM, so
// Node runs it too (the CLI's `descent plot` imports lineChartSvg from this path); every label is
// XML-escaped. Ticks and numbers come from charts/format.js, as in the live charts.
// Not here: the live charts (charts/), PNGs of canvases and downloads (panels/export/).
import { ticks, short } from './charts/format.js';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]);

/**
 * An SVG document (text). series: [{ label, color, width?, dash?: [on, off], x: number[], y: (number|null)[] }];
 * log: a log10 y axis (values <= 0 are gaps). Throws when there is nothing to draw.
 */
export function lineChartSvg({ title = '', xLabel = 'step', yLabel = '', log = false, series, width = 800, height = 450 }) {
  const tf = (v) => (log ? (v > 0 ? Math.log10(v) : NaN) : v);
  let x0 = Infinity; let x1 = -Infinity; let y0 = Infinity; let y1 = -Infinity;
  for (const s of series) {
    for (let i = 0; i < s.x.length; i++) {
      const y = s.y[i] == null ? NaN : tf(s.y[i]);
      if (!Number.isFinite(y) || !Number.isFinite(s.x[i])) continue;
      x0 = Math.min(x0, s.x[i]); x1 = Math.max(x1, s.x[i]); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  if (!(x1 >= x0) || !(y1 >= y0)) throw new Error('no data to draw yet: train first');
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  if (y1 - y0 < 1e-12) { y0 -= 0.5; y1 += 0.5; }
  const pad = (y1 - y0) * 0.04;
  y0 -= pad; y1 += pad;
  const m = { left: 70, right: 20, top: title ? 40 : 16, bottom: 78 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const sx = (v) => m.left + ((v - x0) / (x1 - x0)) * pw;
  const sy = (v) => m.top + (1 - (v - y0) / (y1 - y0)) * ph;
  const r = (v) => Number(v.toFixed(2));
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`);
  out.push(`<title>${esc(title || yLabel)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (title) out.push(`<text x="${m.left}" y="24" font-size="15" font-weight="600" fill="#1c2333">${esc(title)}</text>`);
  // Axes and grid.
  out.push('<g stroke="#d8dde8" stroke-width="1">');
  // A log axis is labelled at whole powers of ten only.
  const yt = log ? ticks(Math.floor(y0), Math.ceil(y1), Math.max(1, Math.min(6, Math.ceil(y1) - Math.floor(y0)))).filter((v) => Number.isInteger(v) && v >= y0 && v <= y1) : ticks(y0, y1, 5);
  const xt = ticks(x0, x1, 6).filter((v) => v >= x0 && v <= x1);
  for (const v of yt) out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${r(sy(v))}" y2="${r(sy(v))}"/>`);
  for (const v of xt) out.push(`<line x1="${r(sx(v))}" x2="${r(sx(v))}" y1="${m.top}" y2="${m.top + ph}"/>`);
  out.push('</g>');
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" fill="none" stroke="#4a5368"/>`);
  out.push('<g fill="#4a5368" text-anchor="end">');
  for (const v of yt) out.push(`<text x="${m.left - 6}" y="${r(sy(v) + 4)}">${esc(log ? (Math.abs(v) >= 4 ? `1e${v}` : short(10 ** v)) : short(v))}</text>`);
  out.push('</g><g fill="#4a5368" text-anchor="middle">');
  for (const v of xt) out.push(`<text x="${r(sx(v))}" y="${m.top + ph + 16}">${esc(short(v))}</text>`);
  out.push(`<text x="${m.left + pw / 2}" y="${m.top + ph + 34}">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${m.top + ph / 2}) rotate(-90)">${esc(yLabel)}${log ? ' (log scale)' : ''}</text>`);
  out.push('</g>');
  // One polyline per unbroken run of points.
  for (const s of series) {
    const runs = [];
    let run = [];
    for (let i = 0; i < s.x.length; i++) {
      const y = s.y[i] == null ? NaN : tf(s.y[i]);
      if (Number.isFinite(y) && Number.isFinite(s.x[i])) run.push(`${r(sx(s.x[i]))},${r(sy(y))}`);
      else if (!s.spanGaps && run.length) { runs.push(run); run = []; }
    }
    if (run.length) runs.push(run);
    const dash = s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    out.push(`<g fill="none" stroke="${esc(s.color)}" stroke-width="${s.width ?? 1.5}" stroke-linejoin="round"${dash}><title>${esc(s.label)}</title>`);
    for (const pts of runs) {
      if (pts.length === 1) out.push(`<circle cx="${pts[0].split(',')[0]}" cy="${pts[0].split(',')[1]}" r="2.5" fill="${esc(s.color)}"/>`);
      else out.push(`<polyline points="${pts.join(' ')}"/>`);
    }
    out.push('</g>');
  }
  // Legend under the plot.
  let lx = m.left;
  const ly = height - 18;
  out.push('<g font-size="12" fill="#1c2333">');
  for (const s of series) {
    const dash = s.dash ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    out.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${esc(s.color)}" stroke-width="${Math.max(2, s.width ?? 1.5)}"${dash}/>`);
    out.push(`<text x="${lx + 28}" y="${ly}">${esc(s.label)}</text>`);
    lx += 40 + 7 * String(s.label).length;
  }
  out.push('</g></svg>');
  return `${out.join('\n')}\n`;
}
