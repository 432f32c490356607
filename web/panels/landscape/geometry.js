// The geometry of the landscape card: which points of the runs' paths the view should follow (a
// diverging run is let go), a square-ish box around them, and a surface's value between grid
// points. Pure functions, no DOM (Node tests use them). Not here: drawing or requests.

/** The points of a path that stay within reach of the start (a diverging run leaves the view). */
export function boundedPoints(paths, minReach = 1.5) {
  const extents = [];
  for (const p of paths) {
    if (p.length < 2) continue;
    let e = 0;
    for (let k = 0; k + 1 < p.length; k += 2) e = Math.max(e, Math.hypot(p[k] - p[0], p[k + 1] - p[1]));
    extents.push(e);
  }
  extents.sort((a, b) => a - b);
  const reach = Math.max(minReach, 3 * (extents[Math.floor((extents.length - 1) / 2)] ?? 0));
  const out = [];
  for (const p of paths) {
    for (let k = 0; k + 1 < p.length; k += 2) {
      if (!Number.isFinite(p[k]) || !Number.isFinite(p[k + 1])) break;
      if (Math.hypot(p[k] - p[0], p[k + 1] - p[1]) > reach) break;
      out.push(p[k], p[k + 1]);
    }
  }
  return out;
}

/** A square-ish box around points: 35% margin, at least `min` from the centre each way. */
export function boxAround(points, min = 0.5) {
  let x0 = Infinity; let x1 = -Infinity; let y0 = Infinity; let y1 = -Infinity;
  for (let k = 0; k + 1 < points.length; k += 2) {
    x0 = Math.min(x0, points[k]); x1 = Math.max(x1, points[k]);
    y0 = Math.min(y0, points[k + 1]); y1 = Math.max(y1, points[k + 1]);
  }
  if (!Number.isFinite(x0)) return null;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const h = Math.max(min, ((x1 - x0) / 2) * 1.35, ((y1 - y0) / 2) * 1.35);
  return [cx - h, cx + h, cy - h, cy + h];
}

/** A complete surface's value at (x, y), bilinear between grid points; NaN outside. */
export function valueAt(s, x, y) {
  const n = s.resolution;
  const u = ((x - s.x[0]) / (s.x[1] - s.x[0])) * (n - 1);
  const v = ((y - s.y[0]) / (s.y[1] - s.y[0])) * (n - 1);
  if (!(u >= 0 && u <= n - 1 && v >= 0 && v <= n - 1)) return NaN;
  const i = Math.min(n - 2, Math.floor(u));
  const j = Math.min(n - 2, Math.floor(v));
  const fu = u - i;
  const fv = v - j;
  const at = (a, b) => s.values[b * n + a];
  return (1 - fv) * ((1 - fu) * at(i, j) + fu * at(i + 1, j)) + fv * ((1 - fu) * at(i, j + 1) + fu * at(i + 1, j + 1));
}

/** Whether every point lies inside the box, `margin` (a share of its size) away from the edges. */
export const contains = (box, points, margin = 0.03) => {
  const mx = (box[1] - box[0]) * margin;
  const my = (box[3] - box[2]) * margin;
  for (let k = 0; k + 1 < points.length; k += 2) {
    if (points[k] < box[0] + mx || points[k] > box[1] - mx || points[k + 1] < box[2] + my || points[k + 1] > box[3] - my) return false;
  }
  return true;
};
