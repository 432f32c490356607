// spec.schema.json against the engine, both ways, with Ajv (draft 2020-12): every spec of a corpus
// (test specs, lessons and their race runs, the fuzz seeds, examples/, registry boundary values and
// ~60 hand-made bad specs) that the engine accepts validates against the schema, and every spec the
// schema rejects the engine refuses too, naming the same field. Also: the file is not stale.
// Not here: what the engine alone checks (a loss that does not fit the model ...): the schema is
// allowed to be looser than the engine, never stricter.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { loadDescent } from '../../bindings/index.js';
import { generate } from '../../scripts/gen-schema.mjs';
import { LESSONS } from '../../web/lessons/lessons.js';
import { normalizeSpec } from '../../web/state.js';
import { runSpec } from '../../web/app/runs.js';
import { ENGINE_SPECS } from '../engines/specs.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const d = await loadDescent();
const reg = d.registry();
const schema = JSON.parse(readFileSync(path.join(root, 'spec.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const validateSchema = ajv.compile(schema);

// ---- the two judges -------------------------------------------------------------------------------
/** Ajv's JSON pointer as the engine writes paths: /model/hidden/0 -> model.hidden[0]. */
function pointerToPath(ptr) {
  let out = '';
  for (const raw of ptr.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? `[${seg}]` : out ? `.${seg}` : seg;
  }
  return out;
}
const join = (p, key) => (p ? `${p}.${key}` : key);

/** The fields the schema's errors name (its combinators' summary errors left out). */
function schemaVerdict(spec) {
  if (validateSchema(spec)) return { ok: true, paths: [] };
  const paths = new Set();
  for (const e of validateSchema.errors) {
    if (['if', 'anyOf', 'oneOf', 'allOf', 'not'].includes(e.keyword)) continue;
    let p = pointerToPath(e.instancePath);
    if (e.keyword === 'additionalProperties') p = join(p, e.params.additionalProperty);
    if (e.keyword === 'required') p = join(p, e.params.missingProperty);
    paths.add(p);
  }
  return { ok: false, paths: [...paths], errors: validateSchema.errors };
}

// As text, like a spec file: the facade itself refuses non-objects before the engine sees them.
function engineVerdict(spec, csv) {
  const v = d.validate(JSON.stringify(spec), csv === undefined ? {} : { csv });
  return { ok: v.ok, paths: (v.errors ?? []).map((e) => e.path), messages: (v.errors ?? []).map((e) => e.message) };
}

function valueAt(spec, p) {
  let v = spec;
  for (const m of p.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) v = v?.[m[1] ?? Number(m[2])];
  return v;
}

/**
 * Whether the engine names a field the schema names. The one allowed difference: a component
 * given as a bare id string ("optimizer": "sgd") is one value to the schema, while the engine
 * reads it as { kind: id } and names the member (optimizer.kind, optimizer.lr).
 */
function sameField(spec, schemaPaths, enginePaths) {
  return schemaPaths.some((s) => enginePaths.includes(s)
    || (typeof valueAt(spec, s) === 'string' && enginePaths.some((e) => e.startsWith(`${s}.`))));
}

// ---- the corpus ---------------------------------------------------------------------------------
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const corpus = [];   // { name, spec, csv? }: specs people and tests write (the fuzz seeds include bad ones)
const fuzzDir = path.join(root, 'tests/fuzz/corpus/fuzz_spec');
for (const f of readdirSync(fuzzDir).sort()) {
  const text = readFileSync(path.join(fuzzDir, f), 'utf8');
  const [specText, csv] = f.endsWith('.txt') ? text.split('@@CSV@@\n') : [text, undefined];
  let spec;
  try { spec = JSON.parse(specText); } catch { continue; }   // bad_syntax: not JSON, nothing to validate
  corpus.push({ name: `fuzz seed ${f}`, spec, csv });
}
for (const c of ENGINE_SPECS) corpus.push({ name: `engine spec ${c.name}`, spec: c.spec, csv: c.csv });
for (const l of LESSONS) {
  const base = normalizeSpec(l.spec, reg).spec;
  corpus.push({ name: `lesson ${l.id}`, spec: l.spec });
  (l.runs ?? []).forEach((p, i) => corpus.push({ name: `lesson ${l.id} run ${i + 2}`, spec: runSpec(base, p, reg).spec }));
}
corpus.push({ name: 'the page\'s start spec', spec: normalizeSpec(undefined, reg).spec });
const examplesDir = path.join(root, 'examples');
for (const f of readdirSync(examplesDir).filter((x) => x.endsWith('.json')).sort()) {
  const spec = readJson(path.join(examplesDir, f));
  // A CSV example names its file (data.path, beside the spec); the CLI reads it, here we pass it.
  const csv = spec.data?.path ? readFileSync(path.join(examplesDir, spec.data.path), 'utf8') : undefined;
  corpus.push({ name: `example ${f}`, spec, csv });
}

// Every registry parameter at its boundaries: inside (the engine should accept; the schema must
// then too) and just outside (both must refuse, naming that parameter).
const line = { source: 'synthetic', generator: 'line', samples: 20 };
function placeParam(where, id, p, value) {
  const lr = { kind: 'sgd', lr: 0.1 };
  switch (where) {
    case 'optimizers': return { spec: { data: line, model: { kind: 'linear' }, optimizer: { kind: id, ...(id === 'sgd' || id === 'momentum' || id === 'nesterov' ? { lr: 0.1 } : {}), [p.name]: value } }, path: `optimizer.${p.name}` };
    case 'schedules': return { spec: { data: line, model: { kind: 'linear' }, optimizer: { kind: 'momentum', lr: 0.1 }, schedule: { kind: id, [p.name]: value } }, path: `schedule.${p.name}` };
    case 'lineSearches': return { spec: { data: line, model: { kind: 'linear' }, optimizer: lr, training: { line_search: { kind: id, [p.name]: value } } }, path: `training.line_search.${p.name}` };
    case 'generators': return { spec: { data: { source: 'synthetic', generator: id, [p.name]: value }, model: { kind: reg.generators.find((g) => g.id === id).task === 'regression' ? 'linear' : 'mlp' } }, path: `data.${p.name}` };
    case 'functions': return { spec: { data: { source: 'function', function: id, [p.name]: value }, optimizer: lr }, path: `data.${p.name}` };
    case 'models': return { spec: { data: { source: 'synthetic', generator: 'blobs', samples: 20 }, model: { kind: id, [p.name]: value } }, path: `model.${p.name}` };
    case 'losses': {
      const fit = reg.losses.find((l) => l.id === id).fits.find((x) => x.fit !== 'invalid');
      const data = fit.task === 'regression' ? line : { source: 'synthetic', generator: 'blobs', samples: 20, classes: fit.task === 'binary' ? 2 : 3 };
      return { spec: { data, model: { kind: fit.models[0] ?? 'mlp' }, loss: { kind: id, [p.name]: value } }, path: `loss.${p.name}` };
    }
    case 'spec': {
      if (p.name === 'model.hidden[]') return { spec: { model: { kind: 'mlp', hidden: [value] } }, path: 'model.hidden[0]' };
      if (p.name === 'model.hidden.length') return Number.isInteger(value) && value >= 0 ? { spec: { model: { kind: 'mlp', hidden: Array(value).fill(2) } }, path: 'model.hidden' } : null;
      const spec = { data: line, model: { kind: p.name.startsWith('model.') ? 'mlp' : 'linear' }, optimizer: lr };
      const keys = p.name.split('.');
      let o = spec;
      for (const k of keys.slice(0, -1)) o = (o[k] = typeof o[k] === 'object' ? { ...o[k] } : {});
      o[keys[keys.length - 1]] = value;
      return { spec, path: p.name };
    }
    default: throw new Error(where);
  }
}
const boundaryGood = [];
const boundaryBad = [];
for (const where of ['optimizers', 'schedules', 'lineSearches', 'generators', 'functions', 'models', 'losses', 'spec']) {
  const entries = where === 'spec' ? [{ id: 'spec', params: reg.spec }] : reg[where];
  for (const e of entries) {
    for (const p of e.params) {
      const add = (list, value, why) => { const c = placeParam(where, e.id, p, value); if (c) list.push({ name: `${where} ${e.id}: ${p.name} = ${JSON.stringify(value)} (${why})`, ...c }); };
      if (p.type === 'choice') { for (const c of p.choices) add(boundaryGood, c, 'a choice'); add(boundaryBad, 'no-such-choice', 'not a choice'); continue; }
      if (p.type === 'boolean') { add(boundaryGood, !p.default, 'the other value'); add(boundaryBad, 1, 'a number, not true/false'); continue; }
      const int = p.type === 'integer';
      const nudge = (v) => (int ? 1 : Math.max(Math.abs(v), 1) * 1e-6);
      if (p.min !== null) {
        if (p.minExclusive) { add(boundaryBad, p.min, 'the excluded minimum'); add(boundaryGood, p.min + nudge(p.min), 'just above the minimum'); }
        else { add(boundaryGood, p.min, 'the minimum'); add(boundaryBad, p.min - nudge(p.min), 'below the minimum'); }
      }
      if (p.max !== null) {
        if (p.maxExclusive) { add(boundaryBad, p.max, 'the excluded maximum'); add(boundaryGood, p.max - nudge(p.max), 'just below the maximum'); }
        else { add(boundaryGood, p.max, 'the maximum'); add(boundaryBad, p.max + nudge(p.max), 'above the maximum'); }
      }
      if (int) add(boundaryBad, (p.min ?? 0) + 0.5, 'not an integer');
      add(boundaryBad, String(p.default), 'a string');
    }
  }
}

// Hand-made bad specs: [the field both must name, spec]. Each breaks one rule.
const BAD = [
  ['', []],
  ['', 'a spec'],
  ['extra', { extra: 1 }],
  ['seed', { seed: -1 }],
  ['seed', { seed: 1.5 }],
  ['seed', { seed: '7' }],
  ['data', { data: [] }],
  ['data.source', { data: { source: 'sql' } }],
  ['data.generator', { data: { generator: 'galaxy' } }],
  ['data.classes', { data: { generator: 'blobs', classes: 1 } }],
  ['data.classes', { data: { generator: 'line', classes: 2 } }],
  ['data.samples', { data: { samples: 0 } }],
  ['data.seed', { data: { seed: -5 } }],
  ['data.noise', { data: { generator: 'moons', noise: 'low' } }],
  ['data.function', { data: { source: 'function', function: 'camel' } }],
  ['data.start', { data: { source: 'function', function: 'beale', start: [1] } }],
  ['data.samples', { data: { source: 'function', samples: 10 } }],
  ['data.header', { data: { source: 'csv', text: 'a,b\n1,2\n', header: 'maybe' } }],
  ['data.text', { data: { source: 'csv', text: 5 } }],
  ['data.target', { data: { source: 'csv', text: 'a,b\n1,2\n', target: 0 } }],
  ['data.features', { data: { source: 'csv', text: 'a,b\n1,2\n', features: 'a' } }],
  ['data.generator', { data: { source: 'csv', text: 'a,b\n1,2\n', generator: 'blobs' } }],
  ['data.y', { data: { source: 'inline', x: [[1], [2]] } }],
  ['data.x[1][1]', { data: { source: 'inline', x: [[1, 2], [3, 'a']], y: [1, 2] } }],
  ['data.task', { data: { source: 'inline', x: [[1], [2]], y: [1, 2], task: 'ranking' } }],
  ['preprocess.normalize', { preprocess: { normalize: 'l2' } }],
  ['preprocess.validation_split', { preprocess: { validation_split: 0.95 } }],
  ['preprocess.scale', { preprocess: { scale: true } }],
  ['model.kind', { model: { kind: 'cnn' } }],
  ['model.hidden[0]', { model: { kind: 'mlp', hidden: [0] } }],
  ['model.hidden[1]', { model: { kind: 'mlp', hidden: [4, 2.5] } }],
  ['model.hidden', { model: { kind: 'mlp', hidden: 8 } }],
  ['model.hidden', { model: { kind: 'mlp', hidden: Array(17).fill(2) } }],
  ['model.hidden', { model: { kind: 'linear', hidden: [4] } }],
  ['model.activation', { model: { kind: 'linear', activation: 'relu' } }],
  ['model.activation', { model: { kind: 'mlp', activation: 'swish' } }],
  ['model.dropout', { data: { generator: 'blobs' }, model: { kind: 'logistic', dropout: 0.2 } }],
  ['model.dropout', { model: { kind: 'mlp', dropout: 0.95 } }],
  ['model.init', { model: { init: 'ones' } }],
  ['model.params[1]', { model: { kind: 'linear', params: [1, 'a'] } }],
  ['model.layers', { model: { kind: 'mlp', layers: [4] } }],
  ['loss.kind', { loss: {} }],
  ['loss', { loss: 'nope' }],
  ['loss', { loss: null }],
  ['loss.delta', { data: line, model: { kind: 'linear' }, loss: { kind: 'huber', delta: 0 } }],
  ['loss.delta', { data: line, model: { kind: 'linear' }, loss: { kind: 'mse', delta: 1 } }],
  ['optimizer', { optimizer: 42 }],
  ['optimizer', { optimizer: 'sgd' }],
  ['optimizer.kind', { optimizer: { kind: 'lbfgs' } }],
  ['optimizer.lr', { optimizer: { kind: 'sgd' } }],
  ['optimizer.lr', { optimizer: { lr: 0 } }],
  ['optimizer.beta1', { optimizer: { kind: 'adam', beta1: 1 } }],
  ['optimizer.momentum', { optimizer: { kind: 'adam', momentum: 0.9 } }],
  ['optimizer.centered', { optimizer: { kind: 'rmsprop', centered: 1 } }],
  ['optimizer.form', { optimizer: { kind: 'momentum', lr: 0.1, form: 'keras' } }],
  ['schedule.step_size', { schedule: { kind: 'step', step_size: 0 } }],
  ['schedule.t_max', { schedule: { kind: 'cosine', t_max: 2.5 } }],
  ['schedule.gamma', { schedule: { gamma: 0.5 } }],
  ['schedule.anneal_strategy', { optimizer: { kind: 'adam' }, schedule: { kind: 'one_cycle', anneal_strategy: 'exp' } }],
  ['training', { training: 'fast' }],
  ['training.epochs', { training: { epochs: 0 } }],
  ['training.steps', { training: { steps: 1.5 } }],
  ['training.batch_size', { training: { batch_size: -1 } }],
  ['training.shuffle', { training: { shuffle: 'yes' } }],
  ['training.lr', { training: { lr: 0.1 } }],
  ['training.early_stopping.patience', { training: { early_stopping: { patience: 0 } } }],
  ['training.early_stopping.wait', { training: { early_stopping: { wait: 3 } } }],
  ['training.early_stopping', { training: { early_stopping: 'yes' } }],
  ['training.tolerance.loss', { training: { tolerance: { loss: 1 } } }],
  ['training.line_search.kind', { optimizer: { kind: 'sgd', lr: 0.1 }, training: { line_search: { kind: 'wolfe' } } }],
  ['training.line_search.shrink', { optimizer: { kind: 'sgd', lr: 0.1 }, training: { line_search: { shrink: 1.5 } } }],
  ['training.line_search', { optimizer: { kind: 'sgd', lr: 0.1 }, training: { line_search: 'wolfe' } }],
  ['training.metrics', { training: { metrics: 'all' } }],
  ['training.history_limit', { training: { history_limit: 10 } }],
];

// ---- the tests ------------------------------------------------------------------------------------
test('spec.schema.json matches the registry (regenerate with node scripts/gen-schema.mjs)', async () => {
  assert.equal(readFileSync(path.join(root, 'spec.schema.json'), 'utf8'), await generate());
});

test('the schema is valid draft 2020-12 and names every registry entry', () => {
  assert.ok(ajv.validateSchema(schema), JSON.stringify(ajv.errors));
  const text = JSON.stringify(schema);
  for (const list of ['models', 'losses', 'optimizers', 'schedules', 'generators', 'functions', 'lineSearches', 'activations', 'inits']) {
    for (const e of reg[list]) assert.ok(text.includes(`"${e.id}"`), `${list} ${e.id} is missing from the schema`);
  }
});

function agree(c) {
  const eng = engineVerdict(c.spec, c.csv);
  const sch = schemaVerdict(c.spec);
  if (eng.ok && !sch.ok) return `${c.name}: the engine accepts it but the schema rejects ${sch.paths.join(', ')}: ${ajv.errorsText(sch.errors)}`;
  if (!sch.ok && !sameField(c.spec, sch.paths, eng.paths)) return `${c.name}: the schema rejects ${sch.paths.join(', ')} but the engine says ${eng.ok ? 'ok' : eng.messages.join('; ')}`;
  return null;
}

test('what the engine accepts validates against the schema: test specs, lessons, fuzz seeds, examples', () => {
  const problems = corpus.map(agree).filter(Boolean);
  assert.deepEqual(problems, []);
  // Not vacuous: most of the corpus is valid for both.
  const accepted = corpus.filter((c) => engineVerdict(c.spec, c.csv).ok && schemaVerdict(c.spec).ok);
  assert.ok(accepted.length >= 40, `only ${accepted.length} of ${corpus.length} specs are valid for both`);
});

test('every registry parameter at its boundaries: the schema and the engine agree', () => {
  const problems = [];
  let accepted = 0;
  for (const c of boundaryGood) {
    const p = agree(c);
    if (p) problems.push(p);
    if (schemaVerdict(c.spec).ok) accepted++;
  }
  for (const c of boundaryBad) {
    const sch = schemaVerdict(c.spec);
    const eng = engineVerdict(c.spec);
    if (sch.ok) problems.push(`${c.name}: the schema accepts it`);
    if (eng.ok) problems.push(`${c.name}: the engine accepts it`);
    if (!sch.paths.includes(c.path)) problems.push(`${c.name}: the schema names ${sch.paths.join(', ') || 'nothing'}, not ${c.path}`);
    if (!eng.paths.includes(c.path)) problems.push(`${c.name}: the engine names ${eng.paths.join(', ') || 'nothing'}, not ${c.path}`);
  }
  assert.deepEqual(problems, []);
  assert.ok(accepted > 0.9 * boundaryGood.length && boundaryBad.length > 100, `${accepted}/${boundaryGood.length} boundary values accepted, ${boundaryBad.length} bad ones`);
});

test(`${BAD.length} hand-made bad specs: both refuse them, naming the same field`, () => {
  const problems = [];
  for (const [field, spec] of BAD) {
    const name = JSON.stringify(spec).slice(0, 120);
    const sch = schemaVerdict(spec);
    const eng = engineVerdict(spec);
    if (sch.ok) problems.push(`${name}: the schema accepts it`);
    if (eng.ok) problems.push(`${name}: the engine accepts it`);
    if (!sch.paths.includes(field)) problems.push(`${name}: the schema names ${sch.paths.join(', ') || 'nothing'}, not ${field}`);
    if (!sameField(spec, [field], eng.paths)) problems.push(`${name}: the engine names ${eng.paths.join(', ') || 'nothing'}, not ${field}`);
  }
  assert.deepEqual(problems, []);
  assert.ok(BAD.length >= 40);
});
