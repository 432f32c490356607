// A chart or plot canvas as a PNG file: the picture as shown, on its chart background (white in the
// light theme, the dark one in the dark theme: the canvas is painted in the theme, so its text is
// only readable on that), with a title band and an optional legend drawn above it. Browser only (a
// canvas and toBlob). Not here: SVG charts (export-chart.js, always light on white).
import { chartColors } from '../../charts/theme.js';

/**
 * A PNG Blob of a canvas on its theme's chart background, with a title band and an optional legend
 * ([{ label, color, dash? }]) drawn above the picture.
 */
export function canvasPng(source, { title = '', legend = [] } = {}) {
  const dpr = source.width / Math.max(1, source.clientWidth || source.width);
  const band = Math.round((title ? 30 : 0) * dpr + (legend.length ? 22 : 0) * dpr);
  const c = document.createElement('canvas');
  c.width = source.width;
  c.height = source.height + band + Math.round(8 * dpr);
  const ctx = c.getContext('2d');
  const pen = chartColors(source);
  ctx.fillStyle = pen['chart-bg'];
  ctx.fillRect(0, 0, c.width, c.height);
  ctx.scale(dpr, dpr);
  let y = 0;
  if (title) {
    ctx.fillStyle = pen['chart-label'];
    ctx.font = '600 15px system-ui, sans-serif';
    ctx.fillText(title, 10, 21);
    y = 30;
  }
  if (legend.length) {
    let x = 10;
    ctx.font = '12px system-ui, sans-serif';
    for (const l of legend) {
      ctx.strokeStyle = l.color;
      ctx.lineWidth = 2.5;
      ctx.setLineDash(l.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(x, y + 11);
      ctx.lineTo(x + 22, y + 11);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = pen['chart-label'];
      ctx.fillText(l.label, x + 28, y + 15);
      x += 40 + ctx.measureText(l.label).width;
    }
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.drawImage(source, 0, band);
  return new Promise((resolve, reject) => c.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'));
}
