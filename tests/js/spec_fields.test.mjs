// registry().spec describes every scalar field of the spec (core/spec/spec.cpp spec_fields()):
// every field the playground reads is there, each row's default and range are the ones the
// validator applies (a value just outside is refused with the field's path, the default is what a
// spec without the field gets), and the help says what the engine computes (L2: l2 * sum w^2).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';

const d = await loadDescent();
const reg = d.registry();
const field = (name) => reg.spec.find((f) => f.name === name);

// The fields the playground reads from registry().spec (web/state.js, web/controls.js,
// web/views/csv.js). The page's "model.hidden" is model.hidden.length (layers) and model.hidden[]
// (width); its early-stopping patience is training.early_stopping (on/off) and its .patience.
const PAGE_FIELDS = [
  'seed', 'data.seed', 'data.source', 'data.generator', 'data.function', 'data.task', 'data.header',
  'preprocess.normalize', 'preprocess.validation_split',
  'model.kind', 'model.hidden.length', 'model.hidden[]', 'model.activation', 'model.init', 'model.dropout',
  'training.batch_size', 'training.epochs', 'training.steps', 'training.shuffle', 'training.l1', 'training.l2',
  'training.clip_norm', 'training.clip_value', 'training.early_stopping', 'training.early_stopping.patience',
  'training.early_stopping.min_delta', 'training.early_stopping.restore_best', 'training.metrics', 'training.history_limit',
];

test('registry().spec has every field the playground reads, each with a label, a default and help', () => {
  const missing = PAGE_FIELDS.filter((n) => !field(n));
  assert.deepEqual(missing, [], `missing from registry().spec: ${missing.join(', ')}`);
  for (const f of reg.spec) {
    assert.ok(f.label && f.help && f.range, `${f.name}: label, help and range`);
    assert.ok(['number', 'integer', 'boolean', 'choice'].includes(f.type), f.name);
    if (f.type === 'choice') assert.ok(f.choices.includes(f.default), `${f.name}: the default is a choice`);
  }
  // Fields that list registry ids list exactly the registry's.
  const ids = (list) => list.map((e) => e.id);
  assert.deepEqual(field('model.kind').choices, ids(reg.models));
  assert.deepEqual(field('model.activation').choices, ids(reg.activations));
  assert.deepEqual(field('model.init').choices, ids(reg.inits));
  assert.deepEqual(field('data.generator').choices, ids(reg.generators));
  assert.deepEqual(field('data.function').choices, ids(reg.functions));
});

// A spec that reaches the field: the data source or model the field belongs to.
function context(name) {
  if (name === 'data.function') return { data: { source: 'function' } };
  if (['data.header', 'data.task', 'data.delimiter', 'data.decimal', 'data.quote', 'data.skip_rows', 'data.encoding'].includes(name)) return { data: { source: 'csv', text: 'x,y\n1,0\n2,1\n3,0\n4,1\n' } };
  if (name.startsWith('model.') && name !== 'model.kind' && name !== 'model.init') return { model: { kind: 'mlp' } };
  return {};
}

// Puts value at a dotted path ("training.early_stopping.patience", "model.hidden[]", "model.hidden.length").
function withField(spec, name, value) {
  const s = structuredClone(spec);
  if (name === 'model.hidden[]') { s.model.hidden = [value]; return s; }
  if (name === 'model.hidden.length') { s.model.hidden = Array.from({ length: value }, () => 2); return s; }
  const parts = name.split('.');
  let o = s;
  for (const p of parts.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {};
    o = o[p];
  }
  o[parts[parts.length - 1]] = value;
  return s;
}

const errorsAt = (spec, name) => {
  const r = d.validate(spec);
  const path = name === 'model.hidden[]' ? 'model.hidden[0]' : name === 'model.hidden.length' ? 'model.hidden' : name;
  return r.ok ? [] : r.errors.filter((e) => e.path === path);
};

test('every spec field: the validator refuses values outside its range, at its path, and accepts its default', () => {
  for (const f of reg.spec) {
    const base = context(f.name);
    assert.deepEqual(errorsAt(withField(base, f.name, f.default), f.name), [], `${f.name}: its default ${f.default} is refused`);
    if (f.type === 'choice') {
      for (const c of f.choices) assert.deepEqual(errorsAt(withField(base, f.name, c), f.name), [], `${f.name} = ${c}`);
      assert.equal(errorsAt(withField(base, f.name, 'bogus'), f.name).length, 1, `${f.name} = "bogus" is not refused`);
    } else if (f.type === 'boolean') {
      assert.equal(errorsAt(withField(base, f.name, 2), f.name).length, 1, `${f.name} = 2 is not refused`);
    } else {
      // (an array cannot be shorter than empty: model.hidden.length's minimum is the empty list)
      if (f.min !== null && f.name !== 'model.hidden.length') assert.equal(errorsAt(withField(base, f.name, f.minExclusive ? f.min : f.min - 1), f.name).length, 1, `${f.name} below ${f.min}`);
      if (f.max !== null && f.name !== 'model.hidden.length') assert.equal(errorsAt(withField(base, f.name, f.max + 1), f.name).length, 1, `${f.name} above ${f.max}`);
      if (f.type === 'integer' && f.max !== null && f.max - f.min >= 2 && f.name !== 'model.hidden.length') assert.equal(errorsAt(withField(base, f.name, f.min + 0.5), f.name).length, 1, `${f.name}: not an integer`);
    }
  }
  const layers = field('model.hidden.length');
  assert.equal(errorsAt(withField({ model: { kind: 'mlp' } }, 'model.hidden.length', layers.max + 1), 'model.hidden.length').length, 1);
});

test('every spec field: a spec without it gets its default', () => {
  const get = (o, name) => name.split('.').reduce((x, k) => (x === undefined || x === null ? undefined : x[k]), o);
  let compared = 0;
  for (const f of reg.spec) {
    if (f.name.includes('[]') || f.name.endsWith('.length') || f.name.startsWith('training.early_stopping.') || f.name === 'data.seed') continue;
    const n = d.validate(context(f.name)).spec;
    const got = get(n, f.name);
    if (f.name === 'training.early_stopping') assert.equal(got, f.default);
    else assert.equal(got, f.default, `${f.name}: the normalized spec has ${got}, the registry says ${f.default}`);
    compared++;
  }
  assert.ok(compared >= 20, `${compared}`);
  // data.seed defaults to the spec's seed; early stopping's fields to their rows once it is on.
  assert.equal(d.validate({ seed: 7 }).spec.data.seed, 7);
  const es = d.validate({ training: { early_stopping: true } }).spec.training.early_stopping;
  for (const k of ['patience', 'min_delta', 'restore_best']) assert.equal(es[k], field(`training.early_stopping.${k}`).default, k);
});

test('the L2 help says what the engine adds: l2 * sum w^2 over the weights', () => {
  assert.match(field('training.l2').help, /l2 \* sum w\^2/);
  assert.doesNotMatch(field('training.l2').help, /\/ ?2/);
  // One linear layer y = w x + b with w = 3, b = 1: the penalty is l2 * 9 (not l2 * 9 / 2), and the
  // bias is not penalized.
  const s = d.session({ data: { source: 'inline', x: [[1], [2]], y: [1, 2] }, model: { kind: 'linear', params: [3, 1] }, optimizer: { kind: 'sgd', lr: 1e-9 }, training: { l2: 0.5, batch_size: 0, epochs: 1 } });
  s.run(1);
  const penalty = s.history().penalty[0];
  s.dispose();
  assert.ok(Math.abs(penalty - 0.5 * 9) < 1e-6, `penalty ${penalty}`);
});
