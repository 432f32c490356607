// Colours and marker shapes: the Okabe-Ito palette (readable with every common colour-vision
// deficiency), one marker shape per class so classes differ by more than hue, and viridis for
// continuous values. Not here: what is drawn where (charts/, panels/).

/** Class colours, class 0 first (Okabe & Ito 2008, then two extra distinct greys/browns). */
export const CLASS_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000', '#999999', '#8C564B'];
export const CLASS_RGB = CLASS_COLORS.map(hexRgb);
/** Marker per class, same order as the colours. */
export const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'triangleDown', 'plus', 'star', 'cross', 'pentagon', 'hexagon'];
export const MARKER_NAMES = { circle: 'circle', square: 'square', triangle: 'triangle', diamond: 'diamond', triangleDown: 'down triangle', plus: 'plus', star: 'star', cross: 'cross', pentagon: 'pentagon', hexagon: 'hexagon' };

/** Line colours of the charts. */
export const SERIES = {
  train: '#00558a', trainRaw: 'rgba(0, 114, 178, 0.2)', validation: '#D55E00', lr: '#009E73', grad: '#CC79A7', gradRaw: 'rgba(204, 121, 167, 0.3)', fit: '#D55E00', points: '#33415c',
};

export function hexRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export const classColor = (k) => CLASS_COLORS[k % CLASS_COLORS.length];
export const classMarker = (k) => MARKERS[k % MARKERS.length];

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

/** Fills and strokes the current path in class k's training (filled) or validation (hollow) style. */
export function paintMarkers(ctx, k, r, hollow = false) {
  if (hollow) {
    ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
    ctx.fill();
    ctx.lineWidth = Math.max(1.5, r * 0.45);
    ctx.strokeStyle = classColor(k);
  } else {
    ctx.fillStyle = classColor(k);
    ctx.fill();
    ctx.lineWidth = Math.max(0.75, r * 0.22);
    ctx.strokeStyle = 'rgba(20, 24, 36, 0.85)';
  }
  ctx.stroke();
}

/** One marker of class k: filled (training) or hollow (validation). */
export function drawMarker(ctx, k, x, y, r, { hollow = false } = {}) {
  ctx.beginPath();
  addMarker(ctx, classMarker(k), x, y, r);
  paintMarkers(ctx, k, r, hollow);
}

/** A small canvas showing class k's marker (for legends). */
export function markerSwatch(k, size = 14, hollow = false) {
  const c = document.createElement('canvas');
  const dpr = globalThis.devicePixelRatio || 1;
  c.width = Math.round(size * dpr);
  c.height = Math.round(size * dpr);
  c.style.width = `${size}px`;
  c.style.height = `${size}px`;
  c.className = 'swatch';
  c.setAttribute('aria-hidden', 'true');
  const ctx = c.getContext('2d');
  ctx.scale(dpr, dpr);
  drawMarker(ctx, k, size / 2, size / 2, size * 0.3, { hollow });
  return c;
}
