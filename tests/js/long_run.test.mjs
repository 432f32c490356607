// Long runs in Node: 10^6 optimizer steps with bounded memory. The wasm heap (d.heapBytes: it grows,
// never shrinks, so growth is the sign of a leak or of an unbounded series) after 10^6 steps stays
// within a small bound of the heap after 10^4 steps, and the history stays within its limit
// (decimated by 2, stride a power of 2). Not here: leaks across sessions (leak.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';

const d = await loadDescent();
const MB = 1024 * 1024;

// Runs a session to the end in chunks; returns the heap after the first 10^4 steps and at the end.
function longRun(s) {
  assert.equal(s.run(10_000), 'running');
  const warm = d.heapBytes;
  while (s.status === 'running') s.run(100_000);
  return { warm, after: d.heapBytes };
}

function checkHistory(h, steps, limit) {
  assert.ok(h.length <= limit, `history has ${h.length} points; the limit is ${limit}`);
  assert.ok(h.length >= limit / 2, `history has ${h.length} points; decimation keeps at least half the limit`);
  assert.equal(Math.log2(h.stride) % 1, 0, `stride ${h.stride} is a power of 2`);
  assert.ok(h.length * h.stride <= steps && (h.length + 1) * h.stride > steps, 'the last point is the last full stride');
  for (const k of ['loss', 'gradNorm', 'lr', 'updateNorm', 'stepSize', 'trials', 'penalty']) assert.equal(h[k].length, h.length, k);
}

test('10^6 SGD steps, batch 1, on a tiny linear model: bounded heap and history', () => {
  // 1,000 rows -> 1,000 epochs: the per-step series are what grows here.
  const x = Array.from({ length: 1000 }, (_, i) => [(i % 100) / 50 - 1]);
  const y = x.map(([v]) => 2 * v + 1);
  const limit = 1000;
  const s = d.session({ seed: 1, data: { source: 'inline', x, y }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.01 },
    training: { batch_size: 1, steps: 1_000_000, history_limit: limit, metrics: 'none' } });
  try {
    const { warm, after } = longRun(s);
    assert.equal(s.status, 'done', s.message);
    assert.equal(s.steps, 1_000_000);
    assert.equal(s.epochs, 1000);
    // The history reached its limit before 10^4 steps, so nothing per step may be kept after that.
    assert.ok(after - warm <= 2 * MB, `heap grew from ${warm} to ${after} bytes over 990,000 steps`);
    const h = s.history();
    checkHistory(h, 1_000_000, limit);
    assert.equal(h.epochs.trainLoss.length, 1000);
    const [w, b] = s.params();
    assert.ok(Math.abs(w - 2) < 1e-3 && Math.abs(b - 1) < 1e-3, `converged to y = 2x + 1, got w ${w}, b ${b}`);
  } finally {
    s.dispose();
  }
  assert.equal(d.openSessions, 0);
});

test('10^6 steps in function mode (quadratic): bounded heap, history and trajectory', () => {
  const s = d.session({ seed: 1, data: { source: 'function', function: 'quadratic', k: 10 }, optimizer: { kind: 'sgd', lr: 0.01 },
    training: { steps: 1_000_000 } });
  try {
    const { warm, after } = longRun(s);
    assert.equal(s.status, 'done', s.message);
    assert.equal(s.steps, 1_000_000);
    // History and trajectory at their limits take ~3 MB; 10^6 of anything per step would take more than 8 MB.
    assert.ok(after - warm <= 8 * MB, `heap grew from ${warm} to ${after} bytes over 990,000 steps`);
    const t = s.trajectory();
    assert.ok(t.points.length / 2 <= 100_001, `trajectory has ${t.points.length / 2} points`);
    const h = s.history();
    checkHistory(h, 1_000_000, 100_000);  // the default history_limit
    assert.equal(h.epochs.trainLoss.length, 0);  // f is in the per-step history; no record per step (F3)
  } finally {
    s.dispose();
  }
});
