// What of the engine's per-step history the worker sends the page, and how the page's copy
// follows when the engine thins. The engine keeps at most history_limit points; then it keeps
// only the points whose step is a multiple of twice the stride (point j is step (j + 1) * stride,
// core/train/history.cpp). The page thins its own copy by the same rule (TrainingHistory in
// charts/series.js) instead of receiving the whole history again: a resend of 3 x 50,000 points
// and the rebuild around it was a main-thread task over 50 ms (docs/performance.md).
// Pure functions over a session's history(); no DOM, no messages.

/**
 * How many of the first n points held at stride `from` are still there at stride `to` (a
 * power-of-two multiple of from): those with (i + 1) * from a multiple of to.
 */
export function keptPoints(n, from, to) {
  return Math.floor((n * from) / to);
}

/**
 * The next history update for a page that holds sent.points points at sent.stride:
 * { history: { start, stride, replace, loss, gradNorm, lr, layerGradNorm }, epochs, sent } (sent: what the page
 * holds once it has applied it). replace (drop everything first) only when the history shrank in
 * a way thinning does not explain (a cleared session).
 */
export function historyUpdate(session, sent) {
  let h = session.history(sent.points, sent.epochs);
  let replace = false;
  if (h.stride !== sent.stride || h.length < sent.points) {
    const thinned = h.stride > sent.stride && h.stride % sent.stride === 0;
    const kept = thinned ? keptPoints(sent.points, sent.stride, h.stride) : 0;
    replace = !thinned || kept > h.length;
    h = session.history(replace ? 0 : kept, sent.epochs);
  }
  return {
    history: { start: h.start, stride: h.stride, replace, loss: h.loss, gradNorm: h.gradNorm, lr: h.lr, layerGradNorm: h.layerGradNorm },
    epochs: h.epochs,
    epochStart: h.epochStart,
    sent: { points: h.length, stride: h.stride, epochs: h.epochStart + h.epochs.step.length },
  };
}
