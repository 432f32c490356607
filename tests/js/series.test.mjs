// The page's training history (web/charts/series.js) and how it follows the engine's
// (web/history-sync.js): smoothing and thinning against hand-derived values, and the page's copy
// against the engine's own history, point for point, while the engine decimates.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';
import { TrainingHistory, Smoother, smooth, thin, alignTo } from '../../web/charts/series.js';
import { keptPoints, historyUpdate } from '../../web/engine/history-sync.js';

const d = await loadDescent();

test('smooth(): debiased EMA by hand, non-finite values carried over, w = 0 is the series', () => {
  // w = 0.5: s1 = 0.5 * 1 = 0.5, shown 0.5 / (1 - 0.5) = 1; s2 = 0.25 + 0.5 * 3 = 1.75, shown
  // 1.75 / (1 - 0.25) = 7/3; NaN keeps s2 and w^n; s3 = 0.875 + 0.5 * 5 = 3.375 / (1 - 0.125) = 27/7.
  const out = smooth([1, 3, NaN, 5], 0.5);
  assert.equal(out[0], 1);
  assert.ok(Math.abs(out[1] - 7 / 3) < 1e-15);
  assert.ok(Math.abs(out[2] - 7 / 3) < 1e-15);
  assert.ok(Math.abs(out[3] - 27 / 7) < 1e-15);
  assert.deepEqual(smooth([1, NaN, 2], 0), [1, NaN, 2]);
  // Extending piece by piece gives the same numbers as smoothing the whole series.
  const values = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3 + i);
  const s = new Smoother(0.9);
  s.extend(values.slice(0, 7));
  s.extend(values.slice(0, 31));
  assert.deepEqual(s.extend(values), smooth(values, 0.9));
});

test('thin(): everything up to maxPoints; beyond, each bucket\'s min and max in order, and the last point', () => {
  assert.deepEqual(thin([5, 4, 3], 3), [0, 1, 2]);
  const n = 1000;
  const v = Array.from({ length: n }, (_, i) => 1 + (i % 7) * 0.01);
  v[503] = 100;    // a spike
  v[777] = -100;   // a dip
  v[600] = NaN;    // a gap never hides the bucket's real extremes
  const idx = thin(v, 100);
  assert.ok(idx.length <= 101, `${idx.length} indices`);
  assert.ok(idx.includes(503) && idx.includes(777));
  assert.ok(!idx.includes(600));
  assert.equal(idx[idx.length - 1], n - 1);
  for (let i = 1; i < idx.length; i++) assert.ok(idx[i] > idx[i - 1], 'increasing');
});

test('alignTo(): each epoch value lands on the first x at or after its step', () => {
  assert.deepEqual(alignTo([1, 2, 4, 8], [2, 5], [0.5, 0.25]), [null, 0.5, null, 0.25]);
  assert.deepEqual(alignTo([1, 2], [1], [NaN]), [null, null]);
});

test('keptPoints(): the points whose step is a multiple of the new stride', () => {
  // Points at stride 1 are steps 1..n; at stride 2 steps 2, 4, ...: floor(n / 2) of them.
  assert.equal(keptPoints(7, 1, 2), 3);
  assert.equal(keptPoints(8, 1, 4), 2);   // steps 4 and 8
  assert.equal(keptPoints(5, 2, 4), 2);   // steps 2..10 by 2: 4 and 8
  assert.equal(keptPoints(1, 1, 2), 0);
});

/** Steps a session in uneven chunks, feeding a page-side TrainingHistory as the worker does. */
function follow(session, chunks) {
  const page = new TrainingHistory();
  let sent = { points: 0, stride: 1, epochs: 0 };
  let transferred = 0;
  let replaced = 0;
  for (const k of chunks) {
    if (k === 'reset') { session.reset(); continue; }
    session.run(k);
    const u = historyUpdate(session, sent);
    sent = u.sent;
    transferred += u.history.loss.length;
    if (u.history.replace) replaced++;
    page.append(u.history);
    page.appendEpochs({ from: u.epochStart, ...u.epochs });
    const h = session.history();
    assert.equal(page.stride, h.stride, 'stride');
    assert.deepEqual(Float32Array.from(page.loss), h.loss, `loss after ${session.steps} steps`);
    assert.deepEqual(Float32Array.from(page.gradNorm), h.gradNorm, 'gradNorm');
    assert.deepEqual(Float32Array.from(page.lr), h.lr, 'lr');
    assert.deepEqual(page.layerGradNorm.map((a) => Float32Array.from(a)), h.layerGradNorm, 'layerGradNorm');
    assert.deepEqual(page.epochs.step, h.epochs.step, 'epoch steps');
    assert.deepEqual(page.epochs.trainLoss, h.epochs.trainLoss, 'epoch losses');
  }
  return { page, transferred, replaced };
}

const spec = {
  seed: 5,
  data: { source: 'synthetic', generator: 'line', samples: 40, noise: 0.1 },
  model: { kind: 'linear' },
  optimizer: { kind: 'sgd', lr: 0.01 },
  schedule: { kind: 'step', step_size: 50, gamma: 0.9 },
  training: { batch_size: 4, epochs: 1000, history_limit: 100 },
};

test('the page\'s copy thins as the engine does: same points, no resend', () => {
  const s = d.session(spec);
  try {
    // Uneven chunks, one of them crossing two decimations at once (stride 1 -> 4 within 250 steps).
    const chunks = [1, 2, 97, 1, 250, 3, 60, 1, 700, 17, 1000, 5];
    const { page, transferred, replaced } = follow(s, chunks);
    const steps = chunks.reduce((a, b) => a + b, 0);
    assert.equal(s.steps, steps);
    assert.ok(page.stride >= 16, `stride ${page.stride}`);
    assert.equal(replaced, 0, 'no message dropped the page\'s copy');
    // Each point crosses once: never more than the steps trained.
    assert.ok(transferred <= steps, `${transferred} points sent for ${steps} steps`);
    for (let i = 0; i < page.length; i++) assert.equal(page.stepAt(i) % page.stride, 0);
  } finally { s.dispose(); }
});

test('a reset session is sent whole again (replace), then followed as before', () => {
  const s = d.session(spec);
  try {
    const { page, replaced } = follow(s, [150, 40, 'reset', 30, 300]);
    assert.equal(replaced, 1);
    assert.equal(page.stride, s.history().stride);
  } finally { s.dispose(); }
});
