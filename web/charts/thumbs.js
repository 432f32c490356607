// Generator thumbnails: a tiny data set drawn on a small canvas (classes in the class colours,
// 1-D regression as x against y, 2-D regression coloured by the target with viridis), in the
// theme where the canvas sits (drawn again once it is in the page). Receives arrays and draws.
import { viridis } from '../palette.js';
import { chartColors } from './theme.js';

function extent(a, stride = 1, offset = 0) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = offset; i < a.length; i += stride) { const v = a[i]; if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } }
  if (!(hi > lo)) return [lo - 1 || -1, hi + 1 || 1];
  return [lo, hi];
}

/** item: { task, inputs, x, y } from the worker's previews message. */
export function drawThumb(canvas, item, size = 56) {
  // Not in the page yet: its theme is not known; draw when it is (the settings build tiles first).
  if (!canvas.isConnected) requestAnimationFrame(() => { if (canvas.isConnected) drawThumb(canvas, item, size); });
  const pen = chartColors(canvas);
  const dpr = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(size * dpr);
  canvas.height = Math.round(size * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, size, size);
  if (!item || item.error) return;
  const pad = 4;
  const n = item.y.length;
  const classification = item.task !== 'regression';
  const d = item.inputs;
  let xs;
  let ys;
  let color;
  if (d === 1) {
    const [x0, x1] = extent(item.x);
    const [y0, y1] = extent(item.y);
    xs = (i) => pad + ((item.x[i] - x0) / (x1 - x0)) * (size - 2 * pad);
    ys = (i) => size - pad - ((item.y[i] - y0) / (y1 - y0)) * (size - 2 * pad);
    color = () => pen['series-points'];
  } else {
    const [a0, a1] = extent(item.x, d, 0);
    const [b0, b1] = extent(item.x, d, 1);
    xs = (i) => pad + ((item.x[i * d] - a0) / (a1 - a0)) * (size - 2 * pad);
    ys = (i) => size - pad - ((item.x[i * d + 1] - b0) / (b1 - b0)) * (size - 2 * pad);
    if (classification) color = (i) => pen.classes[item.y[i] % pen.classes.length];
    else {
      const [y0, y1] = extent(item.y);
      color = (i) => { const [r, g, b] = viridis((item.y[i] - y0) / (y1 - y0)); return `rgb(${r | 0}, ${g | 0}, ${b | 0})`; };
    }
  }
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = color(i);
    ctx.beginPath();
    ctx.arc(xs(i), ys(i), 1.6, 0, 2 * Math.PI);
    ctx.fill();
  }
}
