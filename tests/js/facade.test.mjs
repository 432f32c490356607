// The JavaScript API (bindings/index.js) in Node: every function's happy path and argument
// errors (checked before crossing into wasm, with messages that name the argument), dispose
// twice, use after dispose.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadDescent, DescentError } from '../../bindings/index.js';
import { explainLines } from '../../web/views/explain-lines.js';

const d = await loadDescent();
const lineSpec = { seed: 1, data: { source: 'synthetic', generator: 'line', samples: 50, noise: 0.1 }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 10, epochs: 20 } };
const moonsSpec = { seed: 2, data: { source: 'synthetic', generator: 'moons', samples: 80 }, model: { kind: 'mlp', hidden: [8] }, optimizer: { kind: 'adam', lr: 0.05 }, preprocess: { validation_split: 0.25 }, training: { batch_size: 16, epochs: 30 } };

test('loadDescent: version, arch, options checked; wasmBinary option works', async () => {
  assert.match(d.version, /^\d+\.\d+\.\d+$/);
  assert.equal(d.arch, 'wasm');
  await assert.rejects(loadDescent(null), /options must be an object/);
  const bytes = readFileSync(new URL('../../bindings/wasm/descent.wasm', import.meta.url));
  const e = await loadDescent({ wasmBinary: bytes });
  assert.equal(e.kernelProbe(), d.kernelProbe());
});

test('registry(): every family, entries with id/label/params, a defensive copy', () => {
  const r = d.registry();
  for (const k of ['models', 'losses', 'optimizers', 'schedules', 'generators', 'functions', 'lineSearches', 'activations', 'inits']) {
    assert.ok(Array.isArray(r[k]) && r[k].length > 0, k);
  }
  const adam = r.optimizers.find((o) => o.id === 'adam');
  const beta1 = adam.params.find((p) => p.name === 'beta1');
  assert.deepEqual([beta1.default, beta1.min, beta1.max, beta1.maxExclusive], [0.9, 0, 1, true]);
  assert.equal(adam.params[0].name, 'lr');
  assert.ok(r.losses.every((l) => l.formula && l.source && Array.isArray(l.fits)));
  r.optimizers.length = 0;
  assert.ok(d.registry().optimizers.length > 0);
});

test('validate(): ok with the normalized spec, errors with paths; arguments checked', () => {
  const ok = d.validate(lineSpec);
  assert.equal(ok.ok, true);
  assert.equal(ok.spec.optimizer.weight_decay, 0);
  const bad = d.validate({ ...lineSpec, optimizer: { kind: 'adam', beta1: 1.2 } });
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.errors, [{ path: 'optimizer.beta1', message: 'optimizer.beta1 must be in [0, 1), got 1.2' }]);
  assert.equal(d.validate('{"seed": }').errors[0].path, '');
  assert.throws(() => d.validate(42), /spec must be an object/);
  assert.throws(() => d.validate([1]), /spec must be an object .*array/);
  assert.throws(() => d.validate(lineSpec, { csv: 5 }), /options.csv must be a string/);
  const csv = d.validate({ data: { source: 'csv', target: 'y' } }, { csv: 'x,y\n1,2\nfoo,3\n' });
  assert.match(csv.errors[0].message, /row 3, column "x"/);
});

test('run(): the result object, onProgress, invalid specs give status invalid', () => {
  const progress = [];
  const r = d.run(lineSpec, { onProgress: (p) => progress.push(p), chunk: 25 });
  assert.equal(r.status, 'done');
  assert.equal(r.steps, 100);
  assert.equal(r.history.loss.length, 100);
  assert.ok(r.history.loss.at(-1) < r.history.loss[0] / 10);
  assert.equal(progress.length, 4);
  assert.deepEqual(progress.map((p) => p.steps), [25, 50, 75, 100]);
  assert.ok(progress.every((p) => Number.isFinite(p.loss)));
  const inv = d.run({ optimizer: { kind: 'nope' } });
  assert.equal(inv.status, 'invalid');
  assert.equal(inv.errors[0].path, 'optimizer.kind');
  assert.throws(() => d.run(lineSpec, { onProgress: 3 }), /onProgress must be a function/);
  assert.throws(() => d.run(lineSpec, { chunk: 0 }), /options.chunk must be an integer in \[1/);
  assert.equal(typeof d.runJSON(lineSpec), 'string');
});

test('evaluateLoss(): value and gradient, multi-class, argument and target errors', () => {
  // mse([1, 2], [0, 0]) = (1 + 4) / 2 = 2.5; grad = 2 r / N = [1, 2]
  const m = d.evaluateLoss({ kind: 'mse' }, new Float32Array([1, 2]), new Float32Array([0, 0]));
  assert.equal(m.value, 2.5);
  assert.ok(m.grad instanceof Float32Array);
  assert.deepEqual([...m.grad], [1, 2]);
  // sparse_cce on logits [0, 0] with label 1: log 2
  const s = d.evaluateLoss({ kind: 'sparse_cce', classes: 2 }, [0, 0], [1]);
  assert.ok(Math.abs(s.value - Math.LN2) < 1e-6);
  const c = d.evaluateLoss({ kind: 'cce', classes: 2 }, [0, 0], [0, 1]);
  assert.equal(c.value, s.value);
  assert.equal(d.evaluateLoss('huber', [3], [0]).value, 2.5);  // delta (|r| - delta / 2) = 3 - 0.5
  assert.throws(() => d.evaluateLoss({ kind: 'bce' }, [1.5], [1]), (e) => e instanceof DescentError && /pred\[0\] = 1.5 is not a probability/.test(e.message));
  assert.throws(() => d.evaluateLoss({ kind: 'bce' }, [0.5], [2]), /target row 1/);
  assert.throws(() => d.evaluateLoss({ kind: 'sparse_cce' }, [0, 0], [1]), /loss.classes \(the number of classes\) is required/);
  assert.throws(() => d.evaluateLoss({ kind: 'mse' }, [NaN], [0]), /pred\[0\] is not a finite number/);
  assert.throws(() => d.evaluateLoss({ kind: 'mse' }, 'abc', [0]), /pred must be a Float32Array or an array of numbers/);
  assert.throws(() => d.evaluateLoss({ kind: 'mse' }, [1, 'x'], [0]), /pred\[1\] must be a number/);
  assert.throws(() => d.evaluateLoss({ kind: 'nope' }, [1], [0]), /"nope" is not a known loss/);
});

test('session(): stepping, status, counters, history since, params round trip', () => {
  const s = d.session(moonsSpec);
  assert.equal(s.status, 'running');
  assert.equal(s.run(7), 'running');
  assert.equal(s.steps, 7);
  const h1 = s.history();
  assert.equal(h1.length, 7);
  assert.ok(h1.loss instanceof Float32Array && h1.loss.length === 7);
  s.run(5);
  const h2 = s.history(7);
  assert.equal(h2.start, 7);
  assert.equal(h2.loss.length, 5);
  // 60 training rows in batches of 16: 4 steps per epoch, so 12 steps made 3 epochs
  assert.equal(s.stepsPerEpoch, 4);
  assert.equal(s.epochs, 3);
  s.run(1);
  assert.equal(s.runEpoch(), 'running');
  assert.equal(s.steps, 16);
  assert.equal(s.epochs, 4);
  assert.equal(s.history().epochs.trainLoss.length, 4);
  const p = s.params();
  assert.equal(p.length, s.numParams);
  p[0] = 0.5;
  s.setParams(p);
  assert.equal(s.params()[0], 0.5);
  s.setLearningRate(0.001);
  assert.ok(Math.abs(s.learningRate - 0.001) < 1e-9);
  assert.throws(() => s.setParams(new Float32Array(3)), /params has 3 values; this model has \d+/);
  assert.throws(() => s.setParams([NaN, ...p.slice(1)]), /params\[0\] is not a finite number/);
  assert.throws(() => s.setLearningRate(-1), /lr must be in \(0/);
  assert.throws(() => s.setLearningRate('0.1'), /lr must be a number, got string/);
  assert.throws(() => s.setLearningRate(11), /^DescentError: lr must be in \(0, 10\], got 11$/);  // the registry's range, as the page's control
  assert.throws(() => s.run(-1), /k must be an integer in \[0/);
  assert.throws(() => s.run(1.5), /k must be an integer/);
  assert.throws(() => s.history(-2), /since must be an integer in \[0/);
  s.dispose();
});

test('session(): predict, grid, metrics, problem, data, explain, velocity, result', () => {
  const s = d.session(moonsSpec);
  s.run(1000);
  assert.equal(s.status, 'done');
  const probs = s.predict(new Float32Array([0, 0, 1, 0.5]));
  assert.equal(probs.length, 2);
  assert.ok(probs.every((v) => v >= 0 && v <= 1));
  assert.throws(() => s.predict(new Float32Array(3)), /rows of 2 values/);
  assert.throws(() => s.predict([Infinity, 0]), /x\[0\] is not a finite number/);
  const g = s.grid([-2, 3], [-1.5, 2], 16);
  assert.equal(g.values.length, 256);
  assert.throws(() => s.grid([0, 1], [0, 1], 1000), /resolution must be an integer in \[2, 512\]/);
  assert.throws(() => s.grid([1, 0], [0, 1], 8), /x1 > x0/);
  const m = s.metrics();
  assert.ok(m.train.accuracy > 0.85, JSON.stringify(m.train));
  assert.equal(m.validation.n, 20);
  assert.equal(m.train.confusion.length, 2);
  const pr = s.problem();
  assert.equal(pr.task, 'binary');
  assert.deepEqual(pr.classNames, ['0', '1']);
  assert.equal(pr.rows.train + pr.rows.validation, 80);
  const data = s.data();
  assert.equal(data.trainX.length, 2 * pr.rows.train);
  const ex = s.explain(0);
  for (const k of ['w', 'g', 'lr', 'm', 'v']) assert.ok(k in ex, k);
  assert.throws(() => s.explain(10_000), /i must be an integer in \[0, \d+\], got 10000/);
  assert.equal(s.velocity().length, s.numParams);
  const r = s.result();
  assert.equal(r.status, 'done');
  assert.equal(r.params.length, s.numParams);
  s.dispose();
});

test('session(): landscape (exact and sliced), lrFinder, trajectory, lastTrials', () => {
  // The range test on a trained model depends on where training ended: seed 1 (since the split keeps
  // row order) ends where the first step already climbs; seed 2 shows the usual flat-then-explode.
  const lin = d.session({ ...lineSpec, seed: 2 });
  lin.run(1000);
  const L = lin.landscape({ resolution: 11 });
  assert.equal(L.axes, 'params');
  assert.equal(L.values.length, 121);
  assert.equal(L.path.length, 2 * (lin.steps + 1));
  const part = lin.landscape({ resolution: 11, rows: [2, 4], box: [0, 4, -1, 3] });
  assert.equal(part.values.length, 22);
  assert.deepEqual(part.x, [0, 4]);
  assert.throws(() => lin.landscape({ axes: 'tsne' }), /axes must be one of "auto", "params", "random", "pca", got "tsne"/);
  assert.throws(() => lin.landscape({ resolution: 1 }), /resolution must be an integer in \[2, 256\]/);
  assert.throws(() => lin.landscape({ rows: [5, 2], resolution: 11 }), /rows\[1\] must be an integer in \[6, 11\], got 2/);
  assert.throws(() => lin.landscape({ box: [1, 0, 0, 1] }), /box must be/);
  const fresh = d.session(lineSpec);  // the range test is meant for a model that has not trained yet
  const f = fresh.lrFinder({ minLr: 1e-4, maxLr: 10, steps: 60 });
  fresh.dispose();
  assert.ok(f.lrs instanceof Float32Array);
  assert.ok(f.suggestion > 1e-3 && f.suggestion < 2, String(f.suggestion));
  // on the trained model the loss is flat until it explodes: a tenth of where it starts to climb
  const g = lin.lrFinder({ minLr: 1e-4, maxLr: 10, steps: 60 });
  assert.ok(g.suggestion > 1e-2 && g.suggestion < 1, `${g.suggestion}: ${g.message}`);
  assert.throws(() => lin.lrFinder({ minLr: 1, maxLr: 0.1 }), /maxLr must be in/);
  assert.throws(() => lin.lrFinder({ steps: 2 }), /steps must be an integer in \[5, 2000\]/);
  const fn = d.session({ data: { source: 'function', function: 'himmelblau' }, optimizer: { kind: 'sgd', lr: 0.01 }, training: { steps: 20, line_search: { kind: 'armijo' } } });
  fn.run(20);
  const t = fn.trajectory();
  assert.equal(t.points.length, 42);
  assert.equal(t.values.length, 21);
  assert.ok(fn.lastTrials().length >= 1);
  assert.ok('a' in fn.lastTrials()[0] && 'f' in fn.lastTrials()[0]);
  lin.dispose();
  fn.dispose();
});

test('session(): invalid specs throw DescentError with every error; reset with and without a seed', () => {
  assert.throws(() => d.session({ optimizer: { kind: 'adam', lr: -1, beta2: 2 } }), (e) => {
    assert.ok(e instanceof DescentError);
    assert.deepEqual(e.errors.map((x) => x.path).sort(), ['optimizer.beta2', 'optimizer.lr']);
    return true;
  });
  assert.throws(() => d.session(null), /spec must be an object/);
  const s = d.session(moonsSpec);
  s.run(10);
  const first = s.history().loss[0];
  s.reset();
  assert.equal(s.steps, 0);
  s.run(1);
  assert.equal(s.history().loss[0], first);  // same seed, same numbers
  s.reset(99);
  s.run(1);
  assert.notEqual(s.history().loss[0], first);
  assert.throws(() => s.reset(-3), /seed must be an integer in \[0/);
  s.dispose();
});

test('csvPreview(): columns, numeric flags, first rows; errors name the row', () => {
  const p = d.csvPreview('name,age,kind\n"Smith, J",41,cat\nLee,35,dog\nKim,,cat\n', { rows: 2 });
  assert.equal(p.ok, true);
  assert.equal(p.hasHeader, true);
  assert.deepEqual(p.columns.map((c) => [c.name, c.numeric, c.distinct]), [['name', false, 3], ['age', true, 3], ['kind', false, 2]]);
  assert.deepEqual(p.rows, [['Smith, J', '41', 'cat'], ['Lee', '35', 'dog']]);
  assert.equal(p.totalRows, 3);
  // "numeric" is the trainer's test: NaN and out-of-range numbers are numbers (training then names
  // the row and column), hex and words are not.
  const kinds = d.csvPreview('big,nan,hex,word,y\n1e39,NaN,0x10,one,1\n2,3,4,5,0\n');
  assert.deepEqual(kinds.columns.map((c) => c.numeric), [true, true, false, false, true]);
  for (const [col, message] of [['big', /row 2, column "big".*range/], ['nan', /row 2, column "nan".*NaN/]]) {
    const r = d.run({ data: { source: 'csv', target: 'y', features: [col], task: 'regression' } }, { csv: 'big,nan,hex,word,y\n1e39,NaN,0x10,one,1\n2,3,4,5,0\n' });
    assert.equal(r.status, 'invalid', col);
    assert.match(r.errors[0].message, message);
  }
  const bad = d.csvPreview('a,b\n1,2\n3\n');
  assert.equal(bad.ok, false);
  assert.match(bad.error, /row 3: expected 2 fields, found 1/);
  assert.throws(() => d.csvPreview('a', { header: 'maybe' }), /header must be one of "auto", "yes", "no", got "maybe"/);
  assert.throws(() => d.csvPreview(42), /options.csv must be a string/);
});

test('history(since, epochsSince) returns only what is new', () => {
  const s = d.session(moonsSpec);
  s.run(8);  // 2 epochs of 4 steps
  const h = s.history(0, 1);
  assert.equal(h.epochStart, 1);
  assert.equal(h.epochs.trainLoss.length, 1);
  assert.equal(h.epochs.step[0], 8);
  assert.throws(() => s.history(0, -1), /epochsSince must be an integer in \[0/);
  s.dispose();
});

test('NaN and Infinity in a spec object are reported by path (JSON would turn them into null)', () => {
  const v = d.validate({ optimizer: { kind: 'adam', lr: Infinity }, training: { l2: NaN } });
  assert.equal(v.ok, false);
  assert.deepEqual(v.errors.map((e) => e.path), ['optimizer.lr', 'training.l2']);
  assert.match(v.errors[0].message, /optimizer.lr must be a finite number, got Infinity/);
  assert.equal(d.run({ data: { source: 'inline', x: [1, -Infinity], y: [1, 2] } }).errors[0].path, 'data.x[1]');
  assert.throws(() => d.session({ seed: NaN }), (e) => e instanceof DescentError && e.errors[0].path === 'seed');
});

test('dispose twice is safe; use after dispose is a clear error, not a crash', () => {
  const before = d.openSessions;
  const s = d.session(lineSpec);
  assert.equal(d.openSessions, before + 1);
  s.dispose();
  s.dispose();
  assert.equal(s.disposed, true);
  assert.equal(d.openSessions, before);
  for (const call of [() => s.run(1), () => s.params(), () => s.history(), () => s.predict([1]), () => s.steps, () => s.metrics(), () => s.reset()]) {
    assert.throws(call, (e) => e instanceof DescentError && /this session was disposed/.test(e.message));
  }
  // the engine is still usable
  assert.equal(d.run(lineSpec).status, 'done');
});

test('arrays returned are copies: they survive heap growth and can be transferred', () => {
  const s = d.session(moonsSpec);
  s.run(5);
  const loss = s.history().loss;
  const params = s.params();
  const big = d.session({ data: { source: 'synthetic', generator: 'blobs', samples: 50000 }, model: { kind: 'mlp', hidden: [256, 256] }, training: { batch_size: 4096, steps: 1 } });
  big.run(1);
  big.dispose();
  assert.equal(loss.length, 5);
  assert.ok(Number.isFinite(loss[0]));
  assert.equal(params.buffer.byteLength, params.length * 4);  // owns its buffer
  const { port1 } = new MessageChannel();
  port1.postMessage(loss, [loss.buffer]);
  port1.close();
  s.dispose();
});

test('one_cycle with cycle_momentum: each step uses the cycled beta1, and explain() reports it', () => {
  // T = 20 steps (2 epochs of 10 batches), pct 0.3: beta1 goes 0.95 -> 0.85 over steps [0, 5]
  // (cos), then back to 0.95 at step 19. Step t (1-based) uses the value after t - 1 steps.
  const spec = { seed: 2, data: { source: 'synthetic', generator: 'line', samples: 100, noise: 0.1 }, model: { kind: 'linear' }, optimizer: { kind: 'adam', lr: 0.01 }, schedule: { kind: 'one_cycle', max_lr: 0.05, cycle_momentum: true }, training: { batch_size: 10, epochs: 2 } };
  const cos = (from, to, pct) => to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1);
  const want = (k) => (k <= 5 ? cos(0.95, 0.85, k / 5) : cos(0.85, 0.95, (k - 5) / 14));
  const s = d.session(spec);
  try {
    for (let t = 1; t <= 8; t++) {
      s.run(1);
      const e = s.explain(0);
      assert.ok(Math.abs(e.beta1 - want(t - 1)) < 1e-12, `step ${t}: beta1 ${e.beta1}, want ${want(t - 1)}`);
      // Adam's bias correction with this step's beta1 (torch: 1 - beta1 ** step).
      assert.ok(Math.abs(e.bias_correction1 - (1 - e.beta1 ** t)) < 1e-12, `step ${t}`);
    }
    const lines = explainLines(d.registry().optimizers.find((o) => o.id === 'adam'), { ...s.explain(0), w: s.params()[0] }, { beta1: 0.9, beta2: 0.999 });
    assert.match(lines.map((l) => l.note).join(' | '), /β₁ = 0\.8\d+ \(this step's; the schedule cycles it\)/);
  } finally { s.dispose(); }
  // Without cycling the spec's beta1 is the one used and shown.
  const plain = d.session({ ...spec, schedule: { kind: 'one_cycle', max_lr: 0.05 } });
  try {
    plain.run(3);
    assert.equal(plain.explain(0).beta1, 0.9);
    const lines = explainLines(d.registry().optimizers.find((o) => o.id === 'adam'), { ...plain.explain(0), w: plain.params()[0] }, { beta1: 0.9, beta2: 0.999 });
    assert.match(lines.map((l) => l.note).join(' | '), /β₁ = 0\.9 \|/);
  } finally { plain.dispose(); }
});
