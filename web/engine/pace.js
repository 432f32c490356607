// The training pace: how many steps the worker takes in one frame of its loop. A speed is steps per
// frame: 0 = as many as fit in the frame's budget, a whole number n >= 1 = n steps, a fraction
// 1/k (k = 2..60) = one step every k frames (the slow pace of the short lessons). One home for the
// rule: the controller keeps the speed it sends in this form, the worker steps by it.
// Not here: the frame loop itself (worker.js), the speed menu (panels/transport; it names speeds
// with speedLabel below).

/** The slowest pace: one step a second at ~60 frames a second. */
export const SLOWEST_FRAMES = 60;

/**
 * A speed as the worker uses it: 0, a whole number >= 1, or 1/k with k a whole number in
 * 2..SLOWEST_FRAMES (0.25 -> 1/4, 0.3 -> 1/3). null when v is not a number >= 0.
 */
export function normalizeSpeed(v) {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) return null;
  if (n === 0 || n >= 1) return Math.floor(n);
  const k = Math.min(SLOWEST_FRAMES, Math.max(2, Math.round(1 / n)));
  return 1 / k;
}

/**
 * The steps to take in frame number `frame` (0 = the first frame after Play) at this speed:
 * Infinity (as many as fit) for 0, the speed itself when >= 1, else 1 on every k-th frame
 * (the first frame included, so Play moves at once) and 0 on the others.
 */
export function stepsForFrame(speed, frame) {
  const s = normalizeSpeed(speed) ?? 0;
  if (s === 0) return Infinity;
  if (s >= 1) return s;
  const k = Math.round(1 / s);
  return frame % k === 0 ? 1 : 0;
}

/** A speed's name in the speed menu: "as fast as possible", "1 step / frame", "10 steps / frame", "1 step / 4 frames". */
export function speedLabel(v) {
  const s = normalizeSpeed(v) ?? 0;
  if (s === 0) return 'as fast as possible';
  if (s < 1) return `1 step / ${Math.round(1 / s)} frames`;
  return s === 1 ? '1 step / frame' : `${s} steps / frame`;
}
