// What the canvas charts (data plot, contours, fits) share: a canvas sized to its box at the
// screen's pixel density (the one resize rule), the axes' pen in the theme's colours, and paintNow
// (a canvas that skips drawing off screen is brought up to date before someone reads its pixels).
// Not here: what they draw, or where colours come from (charts/theme.js).
import { LIGHT } from '../palette.js';

/**
 * Sets the canvas's pixel size (and that of `also`, offscreen copies) from its CSS box; returns the
 * new { w, h, dpr } (CSS px), or null when nothing changed or the box is empty. min: a floor for
 * w and h (CSS px) when the canvas may be measured before layout.
 */
export function fitCanvas(canvas, size, { also = [], min = 0 } = {}) {
  const r = canvas.getBoundingClientRect();
  const dpr = globalThis.devicePixelRatio || 1;
  const w = Math.max(min, Math.round(r.width));
  const h = Math.max(min, Math.round(r.height));
  if (!w || !h || (size && w === size.w && h === size.h && dpr === size.dpr)) return null;
  for (const c of [canvas, ...also]) { c.width = Math.round(w * dpr); c.height = Math.round(h * dpr); }
  return { w, h, dpr };
}

/**
 * The axes' pen on a canvas chart: the frame's stroke and the tick labels' font and colour.
 * pen: the resolved colours (charts/theme.js chartColors(canvas)).
 */
export function axisPen(ctx, pen = LIGHT) {
  ctx.strokeStyle = pen['chart-axis'];
  ctx.lineWidth = 1;
  ctx.fillStyle = pen['chart-ink'];
  ctx.font = '11px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
}

const painters = new WeakMap();

/** Registers how to bring a canvas up to date at once (a chart that defers drawing while off screen). */
export function onPaintNow(canvas, paint) { painters.set(canvas, paint); }

/** Brings a canvas up to date before its pixels are read (the PNG export); a no-op for the others. */
export function paintNow(canvas) { painters.get(canvas)?.(); }
