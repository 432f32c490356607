// The network view's engine numbers through the facade (bindings/index.js): history().layerGradNorm
// against a scalar reference over the gradient split by layer (PyTorch layout, computed here in
// doubles), its `since` slicing, and unitGrid() against each unit computed by hand from params()
// and against grid() for the output layer; the errors name what is wrong.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';
import { lesson } from '../../web/lessons/lessons.js';

const d = await loadDescent();

// [{ w, b, in, out }] for sizes [inputs, ...hidden, outputs]: weight (out, in) row-major, then bias.
function offsets(sizes) {
  const out = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    out.push({ in: sizes[l], out: sizes[l + 1], w: at, b: at + sizes[l] * sizes[l + 1] });
    at += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  return out;
}
const norm = (g, from, to) => { let s = 0; for (let i = from; i < to; i++) s += g[i] * g[i]; return Math.sqrt(s); };

test('history().layerGradNorm: one series per layer, the gradient split by layer', () => {
  const s = d.session({ seed: 3, data: { source: 'synthetic', generator: 'moons', samples: 120 }, model: { kind: 'mlp', hidden: [5, 3], activation: 'tanh' }, optimizer: { kind: 'sgd', lr: 0.05 }, training: { batch_size: 16, epochs: 5 } });
  const layers = offsets([2, 5, 3, 1]);
  for (let k = 1; k <= 4; k++) {
    s.run(1);
    const h = s.history();
    assert.equal(h.layerGradNorm.length, 3);
    const g = s.gradient();   // plain SGD, no clipping: the gradient the history measured
    let whole = 0;
    layers.forEach((L, l) => {
      assert.equal(h.layerGradNorm[l].length, k);
      const ref = Math.hypot(norm(g, L.w, L.b), norm(g, L.b, L.b + L.out));
      const got = h.layerGradNorm[l][k - 1];
      assert.ok(Math.abs(got - ref) <= 1e-5 * ref, `layer ${l} step ${k}: ${got} vs ${ref}`);
      whole += got * got;
    });
    assert.ok(Math.abs(Math.sqrt(whole) - h.gradNorm[k - 1]) <= 1e-5 * h.gradNorm[k - 1]);
  }
  // since: only the newer points, in every series alike.
  const tail = s.history(3);
  assert.equal(tail.start, 3);
  assert.deepEqual(tail.layerGradNorm.map((a) => a.length), [1, 1, 1]);
  assert.equal(tail.layerGradNorm[2][0], s.history().layerGradNorm[2][3]);
  s.dispose();
  // A test function has no layers.
  const f = d.session({ data: { source: 'function', function: 'quadratic', start: [1, 1] }, training: { steps: 5 } });
  f.run(3);
  assert.deepEqual(f.history().layerGradNorm, []);
  assert.throws(() => f.unitGrid([-1, 1], [-1, 1], 4), /unitGrid needs a model: a test function has no units/);
  f.dispose();
});

test('vanishing gradients: the lesson\'s six sigmoid layers, first layer >100x below the last after 50 steps', () => {
  const spec = lesson('vanishing-gradients').spec;
  const s = d.session(spec);
  s.run(50);
  const h = s.history();
  assert.equal(h.layerGradNorm.length, 7);
  const first = h.layerGradNorm[0].at(-1);
  const last = h.layerGradNorm[6].at(-1);
  assert.ok(first > 0 && last / first > 100, `first ${first}, last ${last}`);
  s.dispose();
});

test('unitGrid(): each unit by hand from params(); the output layer as grid() gives it (regression)', () => {
  // Raw inputs (no normalization) so the hand computation reads params() directly.
  const s = d.session({ seed: 5, data: { source: 'inline', x: [[0, 0], [1, 2], [2, -1], [-1, 1], [0.5, 0.5]], y: [0, 1, 2, 0.5, 1] },
    preprocess: { normalize: 'none', validation_split: 0 }, model: { kind: 'mlp', hidden: [3, 2], activation: 'relu' }, training: { epochs: 3 } });
  s.run(2);
  const res = 4;
  const u = s.unitGrid([-2, 2], [-1, 3], res);
  assert.deepEqual(u.layers, [3, 2, 1]);
  assert.equal(u.resolution, res);
  assert.equal(u.values.length, 6 * res * res);
  const p = s.params();
  const L = offsets([2, 3, 2, 1]);
  const layer = (o, x, act) => Array.from({ length: o.out }, (_, j) => {
    let z = p[o.b + j];
    for (let i = 0; i < o.in; i++) z += p[o.w + j * o.in + i] * x[i];
    return act ? Math.max(0, z) : z;
  });
  const n = res * res;
  const g = s.grid([-2, 2], [-1, 3], res);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const x = [-2 + (4 * c) / (res - 1), -1 + (4 * r) / (res - 1)];
      const h1 = layer(L[0], x, true);
      const h2 = layer(L[1], h1, true);
      const out = layer(L[2], h2, false);
      const want = [...h1, ...h2, ...out];
      want.forEach((v, k) => assert.ok(Math.abs(u.values[k * n + r * res + c] - v) <= 1e-4 * (1 + Math.abs(v)), `unit ${k} at (${r}, ${c})`));
      assert.ok(Math.abs(g.values[r * res + c] - u.values[5 * n + r * res + c]) <= 1e-5);
    }
  }
  assert.throws(() => s.unitGrid([1, -1], [0, 1], 4), /grid ranges must be finite with x1 > x0 and y1 > y0/);
  assert.throws(() => s.unitGrid([0, 1, 2], [0, 1], 4), /xRange/);
  assert.throws(() => s.unitGrid([0, 1], [0, 1], 1), /resolution/);
  s.dispose();
});
