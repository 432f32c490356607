// web/state.js against the engine's real registry (the facade loaded in Node, not a copy):
// spec -> hash -> spec is the identity, every tampered value is reported and clamped or replaced
// by its default (never thrown), and whatever comes out is a spec the engine accepts.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash, hashToSpec, lossFit, taskOf, modelFits, readParam, START, LIMITS, specFields } from '../../web/state.js';

const descent = await loadDescent();
const registry = descent.registry();

const paths = (issues) => issues.map((i) => i.path);
const engineAccepts = (spec) => {
  const r = descent.validate(spec);
  assert.equal(r.ok, true, JSON.stringify(r.errors));
};

test('the starting spec is complete, valid for the engine, and has no issues', () => {
  const { spec, issues } = normalizeSpec(undefined, registry);
  assert.deepEqual(issues, []);
  assert.equal(spec.data.generator, START.data.generator);
  assert.equal(spec.optimizer.lr, START.optimizer.lr);
  // Every registry param of the chosen components is filled in.
  for (const p of registry.optimizers.find((o) => o.id === spec.optimizer.kind).params) assert.ok(p.name in spec.optimizer, p.name);
  for (const p of registry.generators.find((g) => g.id === spec.data.generator).params) assert.ok(p.name in spec.data, p.name);
  engineAccepts(spec);
});

test('spec -> hash -> spec is the identity for every optimizer, schedule, loss, model and generator', () => {
  const specs = [];
  const base = normalizeSpec(undefined, registry).spec;
  for (const o of registry.optimizers) specs.push({ ...base, optimizer: { kind: o.id } });
  for (const s of registry.schedules) specs.push({ ...base, schedule: { kind: s.id } });
  for (const g of registry.generators) specs.push({ ...base, data: { source: 'synthetic', generator: g.id }, loss: undefined });
  for (const m of registry.models) specs.push({ ...base, data: { source: 'synthetic', generator: 'moons' }, model: { kind: m.id } });
  for (const l of registry.losses) specs.push({ ...base, data: { source: 'synthetic', generator: 'moons' }, model: { kind: 'mlp', hidden: [4] }, loss: { kind: l.id } });
  // Awkward numbers: exponents, many digits, negatives, 0.1 + 0.2.
  specs.push({ ...base, seed: 9007199254740991, data: { ...base.data, noise: 0.1 + 0.2, scale: 123.456789012345 }, optimizer: { kind: 'adam', lr: 3.3e-5, eps: 1e-12, beta2: 0.9999999 } });
  specs.push({ ...base, data: { source: 'inline', task: 'classification', x: [[0.5, -1.25e-7], [3, 4], [-0.1, 0.2]], y: [0, 1, 1] } });
  specs.push({ ...base, data: { source: 'inline', task: 'regression', x: [[1], [2], [3]], y: [-1.5, 2, 1e21] } });
  specs.push({ ...base, data: { source: 'csv', target: 'price, in €', features: ['a,b', 'ü=1&x', '%41'], task: 'regression', header: 'yes' } });
  specs.push({ ...base, model: { kind: 'mlp', hidden: [] } });
  for (const input of specs) {
    const { spec } = normalizeSpec(input, registry);
    const hash = specToHash(spec);
    assert.match(hash, /^#seed=/);
    const back = hashToSpec(hash, registry);
    assert.deepEqual(back.issues, [], hash);
    assert.deepEqual(back.spec, spec, hash);
    assert.equal(specToHash(back.spec), hash);
  }
});

test('normalized specs are accepted by the engine', () => {
  const base = normalizeSpec(undefined, registry).spec;
  for (const g of registry.generators) engineAccepts(normalizeSpec({ ...base, data: { source: 'synthetic', generator: g.id, samples: 60 } }, registry).spec);
  for (const o of registry.optimizers) engineAccepts(normalizeSpec({ ...base, optimizer: { kind: o.id } }, registry).spec);
  for (const s of registry.schedules) engineAccepts(normalizeSpec({ ...base, schedule: { kind: s.id } }, registry).spec);
});

test('an out-of-range learning rate is clamped to the registry range and reported', () => {
  const { spec, issues } = hashToSpec('#optimizer.kind=adam&optimizer.lr=100', registry);
  const lr = registry.optimizers.find((o) => o.id === 'adam').params.find((p) => p.name === 'lr');
  assert.equal(spec.optimizer.lr, lr.max);
  assert.deepEqual(paths(issues), ['optimizer.lr']);
  assert.match(issues[0].message, /optimizer\.lr: 100 is outside \(0, 10\]; using 10/);
  // Below an exclusive bound there is nothing to clamp to: the default.
  // (adam is the page's starting optimizer, so its starting lr is the fallback; see START.)
  const zero = hashToSpec('#optimizer.kind=adam&optimizer.lr=0', registry);
  assert.equal(zero.spec.optimizer.lr, START.optimizer.lr);
  assert.deepEqual(paths(zero.issues), ['optimizer.lr']);
  const neg = hashToSpec('#optimizer.kind=sgd&optimizer.lr=-3', registry);
  assert.equal(neg.spec.optimizer.lr, registry.optimizers.find((o) => o.id === 'sgd').params[0].default);
});

test('an unknown optimizer id is replaced by the default and reported', () => {
  const { spec, issues } = hashToSpec('#optimizer.kind=lbfgs&optimizer.lr=0.05', registry);
  assert.equal(spec.optimizer.kind, START.optimizer.kind);
  assert.equal(spec.optimizer.lr, 0.05);
  assert.deepEqual(paths(issues), ['optimizer.kind']);
  assert.match(issues[0].message, /"lbfgs" is not a known optimizer/);
  engineAccepts(spec);
});

test('NaN, Infinity, hex, empty and non-numeric text become defaults; non-integers are rounded', () => {
  const samples = registry.generators.find((g) => g.id === 'moons').params.find((p) => p.name === 'samples');
  for (const bad of ['NaN', 'Infinity', '-Infinity', '0x10', '', 'ten', '1e999', '12px']) {
    const { spec, issues } = hashToSpec(`#data.generator=moons&data.samples=${encodeURIComponent(bad)}`, registry);
    assert.equal(spec.data.samples, samples.default, bad);
    assert.deepEqual(paths(issues), ['data.samples'], bad);
    // The page's own data set falls back to the page's starting value.
    assert.equal(hashToSpec(`#data.generator=spiral&data.samples=${encodeURIComponent(bad)}`, registry).spec.data.samples, START.data.samples);
  }
  const r = hashToSpec('#data.generator=spiral&data.samples=150.6', registry);
  assert.equal(r.spec.data.samples, 151);
  assert.match(r.issues[0].message, /not an integer; using 151/);
  // Objects given where numbers belong (stored JSON) are refused as well.
  const o = normalizeSpec({ optimizer: { kind: 'sgd', lr: { valueOf: 1 } } }, registry);
  assert.equal(o.spec.optimizer.lr, 0.01);
  assert.deepEqual(paths(o.issues), ['optimizer.lr']);
});

test('negative samples are clamped to the minimum, huge ones to the maximum', () => {
  const p = registry.generators.find((g) => g.id === 'moons').params.find((x) => x.name === 'samples');
  const neg = hashToSpec('#data.generator=moons&data.samples=-5', registry);
  assert.equal(neg.spec.data.samples, p.min);
  assert.deepEqual(paths(neg.issues), ['data.samples']);
  const huge = hashToSpec('#data.generator=moons&data.samples=1e12', registry);
  assert.equal(huge.spec.data.samples, p.max);
});

test('huge hidden layers and too many layers are clamped to the playground limits', () => {
  const { spec, issues } = hashToSpec(`#model.kind=mlp&model.hidden=${[99999, 0, -4, 2.5, 'x', 8, 8, 8, 8, 8, 8].join(',')}`, registry);
  assert.equal(spec.model.hidden.length, LIMITS.hiddenLayers);
  assert.equal(spec.model.hidden[0], LIMITS.hiddenWidth);
  assert.equal(spec.model.hidden[1], 1);      // 0 -> min
  assert.equal(spec.model.hidden[2], 1);      // -4 -> min
  assert.equal(spec.model.hidden[3], 3);      // 2.5 -> rounded
  assert.equal(spec.model.hidden[4], specFields(registry)['model.hidden[]'].default); // text -> the engine's default width
  assert.deepEqual(paths(issues), ['model.hidden', 'model.hidden[0]', 'model.hidden[1]', 'model.hidden[2]', 'model.hidden[3]', 'model.hidden[4]']);
  engineAccepts(spec);
  // Hidden layers on a model without any are dropped (the engine would refuse them).
  const lin = hashToSpec('#data.generator=sine&model.kind=linear&model.hidden=8', registry);
  assert.equal(lin.spec.model.hidden, undefined);
  assert.deepEqual(paths(lin.issues), ['model.hidden']);
});

test('script payloads in strings never survive as ids and stay plain text where text is allowed', () => {
  const payload = '<img src=x onerror=alert(1)>';
  const hash = `#optimizer.kind=${encodeURIComponent(payload)}&data.generator=${encodeURIComponent('<script>alert(1)</script>')}`
    + `&model.activation=${encodeURIComponent('"><svg/onload=alert(1)>')}&${encodeURIComponent('<b>')}=1&schedule.kind=javascript:alert(1)`;
  const { spec, issues } = hashToSpec(hash, registry);
  assert.equal(spec.optimizer.kind, START.optimizer.kind);
  assert.equal(spec.data.generator, START.data.generator);
  assert.equal(spec.model.activation, 'tanh');
  assert.equal(spec.schedule.kind, 'constant');
  assert.equal(issues.length, 5);
  assert.ok(!JSON.stringify(spec).includes('<'));
  // Messages quote the value, shortened; they are shown with textContent by the page.
  for (const i of issues) assert.ok(i.message.length < 300, i.message);
  // A CSV target is free text: kept (as text), control characters stripped, length capped.
  const csv = hashToSpec(`#data.source=csv&data.target=${encodeURIComponent(`${payload}\u0000${'x'.repeat(500)}`)}`, registry);
  assert.ok(csv.spec.data.target.startsWith(payload));
  assert.equal(csv.spec.data.target.length, LIMITS.stringChars);
  assert.ok(!csv.spec.data.target.includes('\u0000'));
  assert.deepEqual(paths(csv.issues), ['data.target', 'data.target']);
});

test('garbage hashes give the starting spec and an issue, never a throw', () => {
  const start = normalizeSpec(undefined, registry).spec;
  const garbage = ['#%', '#%E0%A4%A', '#&&&', '#==', '#a=b=c', '#seed', '#__proto__=1', '#data.__proto__=1', '#constructor.prototype=1',
    '#data.x=1;2;3&data.source=inline', '#\u0000\u0001', `#${'x'.repeat(LIMITS.hashChars + 1)}`, '#seed=1&seed=2&seed=%zz', '#model.hidden=%', 42, null, undefined, {}];
  for (const g of garbage) {
    let r;
    assert.doesNotThrow(() => { r = hashToSpec(g, registry); }, String(g));
    assert.ok(r.spec.optimizer && r.spec.data && r.spec.model, String(g));
    engineAccepts(r.spec);
  }
  assert.deepEqual(hashToSpec('#&&&', registry).spec, start);
  assert.ok(hashToSpec('#%', registry).issues.length >= 1);
  assert.ok(hashToSpec('#__proto__=1', registry).issues.length === 1);
  assert.equal(Object.getPrototypeOf(hashToSpec('#data.__proto__=1', registry).spec.data), Object.prototype);
  assert.equal(({}).polluted, undefined);
  const inline = hashToSpec('#data.source=inline&data.x=1;2;3', registry);
  assert.equal(inline.spec.data.source, 'synthetic');
  assert.match(inline.issues.map((i) => i.message).join(' '), /drawn points/);
});

test('fields missing from a link take the page\'s starting values, else the registry defaults', () => {
  const { spec, issues } = hashToSpec('#preprocess.validation_split=0&optimizer.kind=sgd&training.epochs=5', registry);
  assert.deepEqual(issues, []);
  assert.equal(spec.preprocess.normalize, START.preprocess.normalize);
  assert.equal(spec.training.batch_size, START.training.batch_size);
  assert.equal(spec.optimizer.lr, registry.optimizers.find((o) => o.id === 'sgd').params.find((p) => p.name === 'lr').default);
  assert.deepEqual(spec.model.hidden, START.model.hidden);
  assert.equal(spec.data.generator, START.data.generator);
});

test('unknown fields are reported and dropped', () => {
  const { spec, issues } = hashToSpec('#training.epochs=5&training.turbo=1&optimizer.kind=sgd&optimizer.momentum=0.9&wat=1', registry);
  assert.equal(spec.training.epochs, 5);
  assert.ok(!('turbo' in spec.training));
  assert.ok(!('momentum' in spec.optimizer));
  assert.deepEqual(paths(issues).sort(), ['optimizer.momentum', 'training.turbo', 'wat']);
});

test('combinations: a model that cannot learn the task and a loss that does not fit are replaced', () => {
  assert.equal(taskOf({ source: 'synthetic', generator: 'sine' }, registry), 'regression');
  assert.equal(taskOf({ source: 'synthetic', generator: 'spiral', classes: 3 }, registry), 'multiclass');
  assert.equal(taskOf({ source: 'synthetic', generator: 'moons' }, registry), 'binary');
  assert.equal(taskOf({ source: 'csv', task: 'auto' }, registry), null);
  assert.equal(modelFits(registry, 'logistic', 'regression'), false);
  const r = hashToSpec('#data.generator=sine&model.kind=logistic&loss.kind=bce', registry);
  assert.ok(modelFits(registry, r.spec.model.kind, 'regression'));
  assert.equal(r.spec.loss, undefined);
  assert.deepEqual(paths(r.issues), ['model.kind', 'loss.kind']);
  engineAccepts(r.spec);
  // "allowed" fits keep their note; invalid ones say why.
  const mse = lossFit(registry, 'mse', 'binary', 'mlp');
  assert.equal(mse.fit, 'allowed');
  assert.ok(mse.note.length > 0);
  assert.equal(lossFit(registry, 'hinge', 'binary', 'logistic').fit, 'invalid');
  assert.equal(lossFit(registry, 'cce', 'multiclass', 'mlp').fit, 'recommended');
  // With the task known from the engine (problem().task of a CSV), the same checks apply.
  const c = normalizeSpec({ data: { source: 'csv', target: 'y' }, model: { kind: 'softmax' } }, registry, { task: 'regression' });
  assert.notEqual(c.spec.model.kind, 'softmax');
});

test('readParam clamps at inclusive bounds and falls back at exclusive ones', () => {
  const p = { type: 'number', min: 0, max: 1, minExclusive: true, maxExclusive: true, default: 0.5 };
  const issues = [];
  assert.equal(readParam(2, p, 'x', issues), 0.5);
  assert.equal(readParam(-1, p, 'x', issues), 0.5);
  assert.equal(readParam(0.25, p, 'x', issues), 0.25);
  assert.equal(readParam('0.75', p, 'x', issues), 0.75);
  assert.equal(issues.length, 2);
  const q = { type: 'integer', min: 1, max: 10, default: 3 };
  assert.equal(readParam(11, q, 'y', issues), 10);
  assert.equal(readParam(0, q, 'y', issues), 1);
  assert.equal(readParam(true, { type: 'boolean', default: false }, 'b', []), true);
  assert.equal(readParam('yes', { type: 'boolean', default: false }, 'b', issues), false);
  assert.equal(readParam('relu', { type: 'choice', choices: ['tanh', 'relu'], default: 'tanh' }, 'c', []), 'relu');
});

test('spec fields are the engine\'s own (registry().spec by name), never a page copy', () => {
  const f = specFields(registry);
  assert.equal(Object.keys(f).length, registry.spec.length);
  for (const p of registry.spec) assert.equal(f[p.name], p, p.name);
  // The page used to show its own L2 help ("/ 2"); the engine computes l2 * sum w^2.
  assert.doesNotMatch(f['training.l2'].help, /\/ 2/);
  // The CSV choices the page offers are the engine's rows.
  assert.deepEqual(f['data.task'].choices, ['auto', 'regression', 'classification']);
  assert.deepEqual(f['data.header'].choices, ['auto', 'yes', 'no']);
  // A link's values are clamped to the engine's ranges: the batch size's maximum is the registry's.
  const big = hashToSpec(`#training.batch_size=${f['training.batch_size'].max + 1}`, registry);
  assert.equal(big.spec.training.batch_size, f['training.batch_size'].max);
  // A field the engine does not publish is an error, not a silent default.
  assert.throws(() => specFields({ ...registry, spec: undefined }), /registry\(\)\.spec is missing/);
  assert.throws(() => normalizeSpec({}, { ...registry, spec: registry.spec.filter((p) => p.name !== 'training.epochs') }), /no field "training\.epochs"/);
});

test('early stopping reads the engine\'s patience field: 0 or false is off, true is the default patience', () => {
  const p = specFields(registry)['training.early_stopping.patience'];
  assert.equal(normalizeSpec({ training: { early_stopping: 0 } }, registry).spec.training.early_stopping, undefined);
  assert.equal(normalizeSpec({ training: { early_stopping: false } }, registry).spec.training.early_stopping, undefined);
  assert.deepEqual(normalizeSpec({ training: { early_stopping: true } }, registry).spec.training.early_stopping, { patience: p.default });
  assert.deepEqual(hashToSpec('#training.early_stopping=7', registry).spec.training.early_stopping, { patience: 7 });
  const huge = hashToSpec(`#training.early_stopping=${p.max * 10}`, registry);
  assert.deepEqual(huge.spec.training.early_stopping, { patience: p.max });
  assert.deepEqual(paths(huge.issues), ['training.early_stopping']);
});
