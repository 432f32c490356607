// The same spec through the WebAssembly engine (the facade, in Node) and the native portable
// build (descent-native) prints byte-identical result JSON — for a set of specs that covers every
// model, loss, optimizer, schedule, line search, generator and test function (taken from the
// registry, so a new entry is covered automatically), plus CSV, inline data, penalties, dropout,
// clipping and early stopping.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadDescent } from '../../bindings/index.js';
import { native, nativeExe, repoRoot } from '../helpers/native.mjs';

const d = await loadDescent();
const reg = d.registry();
const dir = mkdtempSync(path.join(tmpdir(), 'descent-x-'));

const classification = { source: 'synthetic', generator: 'blobs', samples: 60, classes: 2 };
const multiclass = { source: 'synthetic', generator: 'blobs', samples: 60, classes: 3 };
const regression = { source: 'synthetic', generator: 'line', samples: 60, noise: 0.2 };
const short = { batch_size: 8, epochs: 3 };

function specsFor() {
  const specs = [];
  // every loss with a model it fits
  for (const loss of reg.losses) {
    const fit = loss.fits.find((f) => f.fit !== 'invalid');
    const model = fit.models.length ? fit.models[0] : 'mlp';
    const data = fit.task === 'regression' ? regression : fit.task === 'binary' ? classification : multiclass;
    specs.push({ name: `loss ${loss.id}`, spec: { seed: 3, data, model: { kind: model, ...(model === 'mlp' ? { hidden: [5] } : {}) }, loss: { kind: loss.id }, optimizer: { kind: 'adam', lr: 0.05 }, training: short } });
  }
  // every optimizer (default hyperparameters; sgd needs its lr)
  for (const opt of reg.optimizers) {
    specs.push({ name: `optimizer ${opt.id}`, spec: { seed: 4, data: classification, model: { kind: 'mlp', hidden: [4], activation: 'relu' }, optimizer: { kind: opt.id, lr: 0.05 }, training: short } });
  }
  // every schedule
  for (const s of reg.schedules) {
    specs.push({ name: `schedule ${s.id}`, spec: { seed: 5, data: regression, model: { kind: 'linear' }, optimizer: { kind: 'momentum', lr: 0.05 }, schedule: { kind: s.id }, preprocess: { validation_split: 0.25 }, training: { batch_size: 10, epochs: 6 } } });
  }
  // every model kind and activation
  for (const m of reg.models) {
    const data = m.tasks.includes('regression') ? regression : m.tasks.includes('binary') ? classification : multiclass;
    specs.push({ name: `model ${m.id}`, spec: { seed: 6, data, model: { kind: m.id }, optimizer: { kind: 'sgd', lr: 0.1 }, training: short } });
  }
  for (const a of reg.activations) {
    specs.push({ name: `activation ${a.id}`, spec: { seed: 7, data: { source: 'synthetic', generator: 'sine', samples: 50 }, model: { kind: 'mlp', hidden: [6, 5], activation: a.id, init: 'he_normal' }, optimizer: { kind: 'adam', lr: 0.01 }, training: short } });
  }
  for (const i of reg.inits) {
    specs.push({ name: `init ${i.id}`, spec: { seed: 8, data: classification, model: { kind: 'mlp', hidden: [3], init: i.id }, optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 0, epochs: 2 } } });
  }
  // every generator and test function, every line search
  for (const g of reg.generators) {
    const model = g.task === 'regression' ? 'linear' : 'mlp';
    specs.push({ name: `generator ${g.id}`, spec: { seed: 9, data: { source: 'synthetic', generator: g.id, samples: 40 }, preprocess: { normalize: 'zscore', validation_split: 0.2 }, model: { kind: model }, optimizer: { kind: 'adam', lr: 0.01 }, training: short } });
  }
  for (const f of reg.functions) {
    specs.push({ name: `function ${f.id}`, spec: { data: { source: 'function', function: f.id }, optimizer: { kind: 'nadam', lr: 0.01 }, training: { steps: 120 } } });
  }
  for (const ls of reg.lineSearches) {
    specs.push({ name: `line search ${ls.id}`, spec: { data: { source: 'function', function: 'beale', start: [1, 1] }, optimizer: { kind: 'sgd', lr: 0.01 }, training: { steps: 60, line_search: { kind: ls.id } } } });
    specs.push({ name: `line search ${ls.id} on data`, spec: { seed: 2, data: regression, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.01 }, training: { batch_size: 0, epochs: 10, line_search: { kind: ls.id } } } });
  }
  // options that change the loop
  specs.push({ name: 'penalties, clipping, dropout, early stopping', spec: { seed: 10, data: { source: 'synthetic', generator: 'moons', samples: 80, noise: 0.3 }, preprocess: { normalize: 'minmax', validation_split: 0.3 }, model: { kind: 'mlp', hidden: [12, 6], dropout: 0.3 }, optimizer: { kind: 'adamw', lr: 0.03 }, schedule: { kind: 'plateau', patience: 2 }, training: { batch_size: 7, epochs: 40, l1: 0.001, l2: 0.01, clip_norm: 1, clip_value: 0.5, early_stopping: { patience: 4 } } } });
  specs.push({ name: 'divergence', spec: { data: regression, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 9 }, training: { batch_size: 0, epochs: 100 } } });
  specs.push({ name: 'inline data, multi-output regression', spec: { data: { source: 'inline', x: [[0, 1], [1, 0], [1, 1], [2, 1]], y: [[1, 2], [2, 1], [3, 3], [4, 5]] }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.05 }, training: { batch_size: 2, epochs: 20 } } });
  specs.push({ name: 'csv data, categorical target', csv: 'size,weight,kind\n1.5,2,cat\n3,4.25,dog\n1,1.5,cat\n3.5,5,dog\n2,2.5,cat\n4,4,dog\n', spec: { data: { source: 'csv', path: 'data.csv', target: 'kind' }, preprocess: { normalize: 'zscore' }, model: { kind: 'logistic' }, optimizer: { kind: 'sgd', lr: 0.5 }, training: { batch_size: 2, epochs: 15 } } });
  specs.push({ name: 'steps budget, no shuffle, long history', spec: { data: classification, model: { kind: 'softmax' }, loss: { kind: 'sparse_cce' }, optimizer: { kind: 'rmsprop', lr: 0.01, centered: true, momentum: 0.5 }, training: { batch_size: 3, steps: 3000, shuffle: false, history_limit: 100 } } });
  return specs;
}

const cases = specsFor();

test('the spec set covers every registry entry', () => {
  const names = cases.map((c) => c.name).join('\n');
  for (const l of reg.losses) assert.match(names, new RegExp(`loss ${l.id}$`, 'm'));
  for (const o of reg.optimizers) assert.match(names, new RegExp(`optimizer ${o.id}$`, 'm'));
  for (const s of reg.schedules) assert.match(names, new RegExp(`schedule ${s.id}$`, 'm'));
  for (const m of reg.models) assert.match(names, new RegExp(`model ${m.id}$`, 'm'));
  assert.ok(cases.length > 60);
});

for (const c of cases) {
  test(`wasm == native, byte for byte: ${c.name}`, () => {
    const file = path.join(dir, `${c.name.replace(/[^a-z0-9]+/gi, '_')}.json`);
    writeFileSync(file, JSON.stringify(c.spec));
    let csvBytes;
    if (c.csv) {
      writeFileSync(path.join(dir, 'data.csv'), c.csv);
      csvBytes = new TextEncoder().encode(c.csv);
    }
    const wasm = `${d.runJSON(JSON.stringify(c.spec), { csv: csvBytes })}\n`;
    const nat = native(['run', file, '--quiet']);
    const result = JSON.parse(wasm);
    assert.notEqual(result.status, 'invalid', JSON.stringify(result.errors));
    assert.equal(wasm, nat);
  });
}

test('the npx CLI prints the same bytes with --engine wasm and --engine native', () => {
  const file = path.join(dir, 'cli.json');
  writeFileSync(file, JSON.stringify(cases.find((c) => c.name.startsWith('penalties')).spec));
  const cli = path.join(repoRoot, 'bindings', 'cli.js');
  const a = execFileSync(process.execPath, [cli, 'run', file, '--engine', 'wasm', '--quiet'], { encoding: 'utf8' });
  const b = execFileSync(process.execPath, [cli, 'run', file, '--engine', 'native', '--quiet'], { encoding: 'utf8', env: { ...process.env, DESCENT_NATIVE: nativeExe } });
  assert.equal(a, b);
  assert.equal(JSON.parse(a).status, 'early_stopped');
});

test('a small MLP training step gives bit-identical parameters natively and in wasm', () => {
  const spec = { seed: 11, data: { source: 'synthetic', generator: 'spiral', samples: 64 }, model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' }, optimizer: { kind: 'adam', lr: 0.01 }, training: { batch_size: 64, steps: 1, metrics: 'none' } };
  const file = path.join(dir, 'step.json');
  writeFileSync(file, JSON.stringify(spec));
  const w = d.run(spec).params;
  const n = JSON.parse(native(['run', file, '--quiet'])).params;
  assert.equal(w.length, 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
  const bits = (a) => Buffer.from(Float32Array.from(a).buffer).toString('hex');
  assert.equal(bits(w), bits(n));
  // and the step changed them (the comparison is not vacuous)
  const init = d.session({ ...spec, training: { ...spec.training, steps: 1 } }).params();
  assert.notEqual(bits(init), bits(w));
});
