// The tools the lessons are read with, in Node: parameter names in PyTorch's layout, the
// landscape's geometry and colour-scale choice, the race's summary (target, steps to target) and
// the page's link extras. ("Explain this step" against the engine: explain.test.mjs.)
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';
import { parameterName } from '../../web/views/explain-lines.js';
import { boundedPoints, boxAround, valueAt, contains } from '../../web/panels/landscape/geometry.js';
import { prefersLog, scaleOf } from '../../web/charts/contour.js';
import { ticks } from '../../web/charts/format.js';
import { splitHash } from '../../web/app/link.js';
import { noisyLoss, markersWhenShort, MARKER_POINTS } from '../../web/charts/series.js';

let descent;
before(async () => {
  descent = await loadDescent();
});

test('parameter names follow the PyTorch layout: per layer W (out x in) row-major, then b', () => {
  const problem = { inputs: 2, outputs: 1, numParams: 2 * 3 + 3 + 3 * 1 + 1 };
  const spec = { model: { kind: 'mlp', hidden: [3] } };
  const names = Array.from({ length: problem.numParams }, (_, i) => parameterName(i, problem, spec));
  assert.deepEqual(names, [
    'layer 1 weight W[0][0]', 'layer 1 weight W[0][1]', 'layer 1 weight W[1][0]', 'layer 1 weight W[1][1]', 'layer 1 weight W[2][0]', 'layer 1 weight W[2][1]',
    'layer 1 bias b[0]', 'layer 1 bias b[1]', 'layer 1 bias b[2]',
    'layer 2 weight W[0][0]', 'layer 2 weight W[0][1]', 'layer 2 weight W[0][2]', 'layer 2 bias b[0]',
  ]);
  assert.deepEqual([0, 1].map((i) => parameterName(i, { inputs: 1, outputs: 1 }, { model: { kind: 'linear' } })), ['weight W[0][0]', 'bias b[0]']);
  assert.deepEqual([0, 1].map((i) => parameterName(i, { functionMode: true }, {})), ['x', 'y']);
  // The names agree with the engine's parameter count.
  const s = descent.session({ seed: 1, data: { source: 'synthetic', generator: 'moons', samples: 20 }, model: { kind: 'mlp', hidden: [3] } });
  assert.equal(s.numParams, problem.numParams);
  s.dispose();
});

test('landscape geometry: the view follows the runs but lets a diverging one go; values between grid points', () => {
  const good = [0, 0, 0.5, 0.5, 1, 1];
  const slow = [0, 0, 0.1, 0.1];
  const gone = [0, 0, 2, -2, 50, -50, 5000, -5000];
  const pts = boundedPoints([good, slow, gone]);
  // Within 3x the median reach (max(1.5, 3 * 1.41)): the first two points of the diverging run stay.
  assert.deepEqual(pts.slice(-4), [0, 0, 2, -2]);
  assert.ok(!pts.includes(50));
  const box = boxAround(pts, 0.5);
  assert.ok(contains(box, pts, 0));
  assert.ok(box[1] - box[0] === box[3] - box[2], 'square');
  assert.equal(boxAround([], 1), null);
  assert.deepEqual(boxAround([2, 3], 1), [1, 3, 2, 4]);
  // A 3 x 3 grid of f(x, y) = x + 10 y over [0, 2] x [0, 2]: bilinear is exact for it.
  const s = { resolution: 3, x: [0, 2], y: [0, 2], values: Float32Array.from([0, 1, 2, 10, 11, 12, 20, 21, 22]) };
  assert.equal(valueAt(s, 0.5, 1.5), 15.5);
  assert.equal(valueAt(s, 2, 2), 22);
  assert.ok(Number.isNaN(valueAt(s, 3, 0)));
});

test('colour scale: log for skewed non-negative surfaces (Rosenbrock), linear for bowls and saddles', () => {
  const grid = (f, [x0, x1, y0, y1], n = 41) => {
    const v = new Float32Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) v[j * n + i] = f(x0 + ((x1 - x0) * i) / (n - 1), y0 + ((y1 - y0) * j) / (n - 1));
    return v;
  };
  assert.equal(prefersLog(grid((x, y) => (1 - x) ** 2 + 100 * (y - x * x) ** 2, [-2, 2, -1, 3])), true);
  assert.equal(prefersLog(grid((x, y) => x * x - y * y, [-2, 2, -2, 2])), false);
  assert.equal(prefersLog(grid((x, y) => x * x + y * y, [-2, 2, -2, 2])), false);
  const sc = scaleOf([0, 10, 1000], true);
  assert.ok(Math.abs(sc.inv(sc.f(10)) - 10) < 1e-9);
  assert.deepEqual(ticks(-1, 1, 4), [-1, -0.5, 0, 0.5, 1]);
});

test('link extras: run= and lesson= are split from the spec fields, in order', () => {
  const { specHash, extras } = splitHash('#seed=1&run=optimizer.kind:adam&data.source=synthetic&run=optimizer.lr:0.1&lesson=saddle');
  assert.equal(specHash, '#seed=1&data.source=synthetic');
  assert.deepEqual(extras, { run: ['optimizer.kind:adam', 'optimizer.lr:0.1'], lesson: ['saddle'] });
  assert.deepEqual(splitHash('#lesson=x'), { specHash: '', extras: { run: [], lesson: ['x'] } });
  assert.deepEqual(splitHash(''), { specHash: '', extras: { run: [], lesson: [] } });
});

test('exact by default: only mini-batch loss on data counts as noisy (smoothed); short curves get markers', () => {
  const spec = (batch, source = 'synthetic') => ({ data: { source }, training: { batch_size: batch } });
  assert.equal(noisyLoss(spec(0), 200), false);            // full batch
  assert.equal(noisyLoss(spec(16), 200), true);            // mini-batches of 16 out of 200 rows
  assert.equal(noisyLoss(spec(1), 200), true);             // stochastic
  assert.equal(noisyLoss(spec(256), 200), false);          // one batch holds every row: exact
  assert.equal(noisyLoss(spec(16, 'function'), 200), false);
  assert.equal(noisyLoss(null), false);
  assert.equal(markersWhenShort(null, 1, 0, MARKER_POINTS - 1), true);
  assert.equal(markersWhenShort(null, 1, 0, MARKER_POINTS), false);
});
