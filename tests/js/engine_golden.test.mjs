// Byte-identity of the engine across refactors: for a handful of specs that cover every optimizer,
// the schedules, both line searches, dropout, penalties, clipping, early stopping, tolerances,
// decimation and divergence, every surface the facade offers (the result JSON, problem, metrics,
// history, explain, gradient, velocity, trajectory, line-search trials, landscape, LR finder,
// grid, predict, batch order) is hashed and compared with tests/js/golden/engine_surfaces.json,
// written by the engine before the objective-first rewrite (commit 25e82e7, `GOLDEN=write`) and
// rewritten once after the merge that made the train/validation split keep the file's row order
// (issue 22: every data spec's batches changed on purpose; the function-mode ones did not).
// Not here: native == wasm (cross_engine.test.mjs checks that, and it runs the same result bytes).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { loadDescent } from '../../bindings/index.js';

const d = await loadDescent();
const goldenFile = new URL('./golden/engine_surfaces.json', import.meta.url);

const blobs = { source: 'synthetic', generator: 'blobs', samples: 60, classes: 2 };
const moons = { source: 'synthetic', generator: 'moons', samples: 80, noise: 0.3 };
const line = { source: 'synthetic', generator: 'line', samples: 60, noise: 0.2 };
const mlp = { kind: 'mlp', hidden: [5, 4], activation: 'tanh' };

export const SPECS = {
  'adamw, plateau, penalties, clipping, dropout, early stopping': { seed: 10, data: moons, preprocess: { normalize: 'minmax', validation_split: 0.3 }, model: { kind: 'mlp', hidden: [12, 6], dropout: 0.3 }, optimizer: { kind: 'adamw', lr: 0.03 }, schedule: { kind: 'plateau', patience: 2 }, training: { batch_size: 7, epochs: 40, l1: 0.001, l2: 0.01, clip_norm: 1, clip_value: 0.5, early_stopping: { patience: 4 } } },
  'adam with L2 weight decay, cosine': { seed: 3, data: blobs, model: mlp, optimizer: { kind: 'adam', lr: 0.02, weight_decay: 0.05 }, schedule: { kind: 'cosine', t_max: 5 }, training: { batch_size: 8, epochs: 6 } },
  'amsgrad, step schedule': { seed: 4, data: blobs, model: mlp, optimizer: { kind: 'amsgrad', lr: 0.02 }, schedule: { kind: 'step', step_size: 2, gamma: 0.5 }, training: { batch_size: 9, epochs: 5 } },
  'nadam, exponential': { seed: 5, data: line, model: { kind: 'linear' }, optimizer: { kind: 'nadam', lr: 0.05, weight_decay: 0.01 }, schedule: { kind: 'exponential', gamma: 0.9 }, training: { batch_size: 6, epochs: 4 } },
  'momentum ema, weight decay, linear warmup': { seed: 6, data: line, model: mlp, optimizer: { kind: 'momentum', lr: 0.05, form: 'ema', weight_decay: 0.01 }, schedule: { kind: 'linear_warmup', total_iters: 3 }, training: { batch_size: 5, epochs: 4 } },
  'nesterov with weight decay, one_cycle cycling momentum': { seed: 7, data: blobs, model: { kind: 'logistic' }, optimizer: { kind: 'nesterov', lr: 0.05, weight_decay: 0.02 }, schedule: { kind: 'one_cycle', max_lr: 0.2, cycle_momentum: true }, training: { batch_size: 10, epochs: 5 } },
  'rmsprop centered with momentum, no shuffle, decimated history': { data: blobs, model: { kind: 'softmax' }, loss: { kind: 'sparse_cce' }, optimizer: { kind: 'rmsprop', lr: 0.01, centered: true, momentum: 0.5, weight_decay: 0.01 }, training: { batch_size: 3, steps: 700, shuffle: false, history_limit: 100 } },
  'adagrad, tolerance on the loss change': { seed: 8, data: line, model: { kind: 'linear' }, optimizer: { kind: 'adagrad', lr: 0.5, lr_decay: 0.01, weight_decay: 0.001 }, training: { batch_size: 0, epochs: 500, tolerance: { loss_delta: 1e-5 } } },
  'adadelta and adamax on an mlp': { seed: 9, data: moons, model: mlp, optimizer: { kind: 'adadelta', lr: 1, weight_decay: 0.01 }, training: { batch_size: 16, epochs: 3 } },
  'adamax': { seed: 12, data: moons, model: mlp, optimizer: { kind: 'adamax', lr: 0.02, weight_decay: 0.01 }, training: { batch_size: 16, epochs: 3 } },
  'sgd with weight decay, full batch': { seed: 13, data: line, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.1, weight_decay: 0.1 }, training: { batch_size: 0, epochs: 12 } },
  'armijo line search on data': { seed: 2, data: line, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.01 }, training: { batch_size: 0, epochs: 10, line_search: { kind: 'armijo' } } },
  'relaxation line search on data, mini-batches': { seed: 2, data: line, model: mlp, optimizer: { kind: 'sgd', lr: 0.01 }, training: { batch_size: 12, epochs: 3, line_search: { kind: 'relaxation' } } },
  'function: adam on rosenbrock, one_cycle': { data: { source: 'function', function: 'rosenbrock', start: [-1.5, 2] }, optimizer: { kind: 'adam', lr: 0.05 }, schedule: { kind: 'one_cycle', max_lr: 0.05, cycle_momentum: true }, training: { steps: 150 } },
  'function: relaxation line search on beale': { data: { source: 'function', function: 'beale', start: [1, 1] }, optimizer: { kind: 'sgd', lr: 0.01 }, training: { steps: 60, line_search: { kind: 'relaxation' } } },
  'function: gradient tolerance': { data: { source: 'function', function: 'quadratic', start: [1, 1] }, optimizer: { kind: 'momentum', lr: 0.05 }, training: { steps: 5000, tolerance: { grad_norm: 1e-3 } } },
  'function: divergence': { data: { source: 'function', function: 'quadratic', start: [1, 1] }, optimizer: { kind: 'sgd', lr: 10 }, training: { steps: 200 } },
  'divergence on data': { data: line, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 9 }, training: { batch_size: 0, epochs: 100 } },
  'divergence on data with adam': { data: line, model: { kind: 'linear' }, optimizer: { kind: 'adam', lr: 10 }, training: { batch_size: 0, epochs: 100 } },
  'inline multi-output regression, metrics at the end': { data: { source: 'inline', x: [[0, 1], [1, 0], [1, 1], [2, 1]], y: [[1, 2], [2, 1], [3, 3], [4, 5]] }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.05 }, training: { batch_size: 2, epochs: 20, metrics: 'end' } },
};

const hex = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
/**
 * JSON with typed arrays as the hex of their bytes (exact bits), NaN and infinities named, keys
 * sorted (the order of an object's keys is not part of the API; its values are).
 */
function canonical(v) {
  return JSON.stringify(v, (k, x) => {
    if (ArrayBuffer.isView(x)) return `${x.constructor.name}:${hex(x)}`;
    if (typeof x === 'number' && !Number.isFinite(x)) return `number:${x}`;
    if (x && typeof x === 'object' && !Array.isArray(x)) return Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]]));
    return x;
  });
}
const sha = (s) => createHash('sha256').update(s).digest('hex').slice(0, 24);
const attempt = (f) => { try { return f(); } catch (e) { return `error: ${e.message}`; } };

/** Every surface of one spec, in a fixed order of calls. */
export function surfaces(spec) {
  const out = {};
  out.result = d.runJSON(spec);
  const s = d.session(spec);
  try {
    out.problem = canonical(s.problem());
    const n = s.numParams;
    const snap = (tag) => {
      for (const i of [0, 1, n - 1]) out[`${tag}.explain[${i}]`] = canonical(s.explain(Math.min(i, n - 1)));
      out[`${tag}.gradient`] = canonical(s.gradient());
      out[`${tag}.gradientHere`] = canonical(s.gradientHere());
      out[`${tag}.velocity`] = canonical(s.velocity());
      out[`${tag}.lastTrials`] = canonical(s.lastTrials());
      out[`${tag}.params`] = canonical(s.params());
      out[`${tag}.counters`] = canonical([s.status, s.message, s.steps, s.epochs, s.samplesSeen, s.totalSteps, s.stepsPerEpoch, s.batchSize, s.learningRate]);
      out[`${tag}.metrics`] = canonical(s.metrics());
    };
    snap('start');
    s.run(1);
    snap('step1');
    s.run(6);
    snap('step7');
    // (the surfaces the golden was written with: layerGradNorm came later, tests/js/network.test.mjs)
    const history = (...a) => { const { layerGradNorm, ...h } = s.history(...a); return h; };
    out['step7.history'] = canonical(history());
    out['step7.lrFinder'] = canonical(attempt(() => s.lrFinder({ minLr: 1e-4, maxLr: 10, steps: 40 })));
    out['step7.landscape'] = canonical(attempt(() => s.landscape({ resolution: 7 })));
    out['step7.landscape.random'] = canonical(attempt(() => s.landscape({ axes: 'random', resolution: 5, range: 0.5 })));
    out['step7.landscape.rows'] = canonical(attempt(() => s.landscape({ axes: 'pca', resolution: 6, rows: [2, 4] })));
    out['step7.landscape.box'] = canonical(attempt(() => s.landscape({ resolution: 5, box: [-1, 1, -2, 2] })));
    while (s.status === 'running') s.run(997);
    snap('end');
    out['end.history'] = canonical(history());
    out['end.history.since'] = canonical(history(3, 1));
    out['end.trajectory'] = canonical(s.trajectory());
    out['end.trajectory.since'] = canonical(s.trajectory(2));
    out['end.result'] = s.resultJSON();
    if (s.problem().inputs === 2) {
      out['end.grid'] = canonical(attempt(() => s.grid([-2, 2], [-1, 3], 6)));
      out['end.predict'] = canonical(attempt(() => s.predict([0.5, -0.25, 1, 2, -3, 0])));
    }
    out['end.batchOrder'] = canonical(attempt(() => s.batchOrder(2)));
    s.reset(77);
    s.run(3);
    out['reset.params'] = canonical(s.params());
  } finally {
    s.dispose();
  }
  return out;
}

const hashes = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, sha(v)]));

if (process.env.GOLDEN === 'write') {
  const all = {};
  for (const [name, spec] of Object.entries(SPECS)) all[name] = hashes(surfaces(spec));
  mkdirSync(new URL('./golden/', import.meta.url), { recursive: true });
  writeFileSync(goldenFile, `${JSON.stringify(all, null, 1)}\n`);
  if (process.env.GOLDEN_DUMP) {
    const dump = Object.fromEntries(Object.entries(SPECS).map(([name, spec]) => [name, surfaces(spec)]));
    writeFileSync(process.env.GOLDEN_DUMP, JSON.stringify(dump, null, 1));
  }
}

const golden = existsSync(goldenFile) ? JSON.parse(readFileSync(goldenFile, 'utf8')) : {};

for (const [name, spec] of Object.entries(SPECS)) {
  test(`the same bytes as before the rewrite: ${name}`, () => {
    const want = golden[name];
    assert.ok(want, `no golden hashes for "${name}"`);
    const got = hashes(surfaces(spec));
    assert.deepEqual(Object.keys(got), Object.keys(want));
    const differ = Object.keys(want).filter((k) => got[k] !== want[k]);
    assert.deepEqual(differ, [], `surfaces that changed: ${differ.join(', ')}`);
  });
}
