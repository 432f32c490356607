// web/lessons/lessons.js against the engine: every lesson's spec and every run of its race pass
// the page's normalization unchanged and the engine's validation, and train a few steps to a
// finite loss. Also the race patches (web/app/runs.js): link text round trip, what a patch may
// change, and that runs share data and seed (so they start from the same loss).
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash, hashToSpec } from '../../web/state.js';
import { LESSONS, FOCUS, lesson } from '../../web/lessons/lessons.js';
import { claimsMarkdown } from '../../web/lessons/doc.js';
import { runSpec, patchToText, textToPatch, readRuns, applyPatch, runLabel, racePaths, MAX_RUNS } from '../../web/app/runs.js';

let descent;
let registry;
before(async () => {
  descent = await loadDescent();
  registry = descent.registry();
});

test('lesson ids are unique link-safe words, captions are two sentences, focus is known', () => {
  const ids = new Set();
  for (const l of LESSONS) {
    assert.match(l.id, /^[a-z0-9-]{2,40}$/, l.id);
    assert.ok(!ids.has(l.id), `duplicate ${l.id}`);
    ids.add(l.id);
    assert.ok(l.title.length > 5 && l.title.length < 80, l.id);
    // Two sentences: two full stops that end a sentence ("e.g." and decimals do not count).
    const sentences = l.caption.split(/(?<=[.!?])\s+(?=[A-Z(])/).filter(Boolean);
    assert.equal(sentences.length, 2, `${l.id}: ${sentences.length} sentences`);
    assert.ok(FOCUS.includes(l.focus), l.id);
    assert.ok((l.runs ?? []).length <= MAX_RUNS - 1, l.id);
    assert.ok(Number.isInteger(l.steps) && l.steps > 0, l.id);
    // Watchable pacing (about 5-15 s): tests/js/lesson-pace.test.mjs.
    assert.equal(lesson(l.id), l);
  }
  assert.equal(lesson('nope'), null);
  assert.ok(LESSONS.length >= 15);
});

test('docs/lessons.md lists every lesson and states its claims (current with the data)', () => {
  const doc = readFileSync(new URL('../../docs/lessons.md', import.meta.url), 'utf8');
  for (const l of LESSONS) assert.ok(doc.includes(`\`#lesson=${l.id}\` | ${l.title.replace('\u2019', "'")} | ${1 + (l.runs ?? []).length} | ${l.focus} |`), `docs/lessons.md: ${l.id}`);
  // Each lesson's claim in words, generated from the data: rewrite with `node web/lessons/doc.js --write`.
  assert.ok(doc.includes(claimsMarkdown()), 'docs/lessons.md: the lesson claims are out of date (node web/lessons/doc.js --write)');
});

test('the curriculum is covered', () => {
  const text = LESSONS.map((l) => `${l.id} ${l.title} ${JSON.stringify(l.spec)} ${JSON.stringify(l.runs)}`).join('\n').toLowerCase();
  for (const topic of ['learning rate', 'batch_size', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'mae', 'huber', 'logcosh',
    'hinge', 'weighted_bce', 'sparse_cce', 'armijo', 'normalize', 'sigmoid', 'relu', 'clip_norm', 'early_stopping', 'cosine', 'plateau',
    '"step"', 'saddle', 'himmelblau']) {
    assert.ok(text.includes(topic), `no lesson mentions ${topic}`);
  }
});

test('every lesson spec and race run normalizes unchanged, validates and trains in the engine', () => {
  for (const l of LESSONS) {
    const { spec, issues } = normalizeSpec(l.spec, registry);
    assert.deepEqual(issues, [], `${l.id}: ${JSON.stringify(issues)}`);
    // The link form reads back to the same spec.
    assert.deepEqual(hashToSpec(specToHash(spec), registry).spec, spec, l.id);
    const r = readRuns((l.runs ?? []).map(patchToText), spec, registry);
    assert.deepEqual(r.issues, [], `${l.id}: ${JSON.stringify(r.issues)}`);
    const firsts = [];
    for (const [i, patch] of [{}, ...(l.runs ?? [])].entries()) {
      const run = runSpec(spec, patch, registry);
      assert.deepEqual(run.issues, [], `${l.id} run ${i}: ${JSON.stringify(run.issues)}`);
      const v = descent.validate(run.spec);
      assert.equal(v.ok, true, `${l.id} run ${i}: ${JSON.stringify(v.errors)}`);
      const s = descent.session(run.spec);
      try {
        // Divergence is an outcome some lessons show on purpose (a run that blows up), not an error.
        const status = s.run(5);
        assert.ok(['running', 'done', 'converged', 'early_stopped', 'diverged'].includes(status), `${l.id} run ${i}: ${status} ${s.message}`);
        const h = s.history(0);
        assert.ok(h.length >= 1, `${l.id} run ${i}: no steps`);
        assert.ok(Number.isFinite(h.loss[0]), `${l.id} run ${i}: first loss ${h.loss[0]}`);
        if (status !== 'diverged') for (const v2 of h.loss) assert.ok(Number.isFinite(v2), `${l.id} run ${i}: loss ${v2}`);
        firsts.push(h.loss[0]);
        const label = runLabel(run.spec, racePaths(l.runs ?? []), registry);
        assert.ok(label.length > 0 && !label.includes('undefined'), `${l.id} run ${i}: label "${label}"`);
      } finally {
        s.dispose();
      }
    }
    // Runs that keep the model and the loss start from the very same loss (same data, same initial parameters).
    const sameStart = (l.runs ?? []).every((p) => Object.keys(p).every((k) => k.startsWith('optimizer.') || k.startsWith('schedule.') || k === 'training.line_search' || k === 'training.clip_norm' || k === 'training.early_stopping'));
    if (sameStart) for (const f of firsts) assert.equal(f, firsts[0], `${l.id}: first losses ${firsts}`);
  }
  assert.equal(descent.openSessions, 0);
});

test('race patches: link text round trip, kind starts a section afresh, data and seed cannot change', () => {
  const patch = { 'optimizer.kind': 'momentum', 'optimizer.lr': 0.05, 'model.hidden': [32, 16] };
  const text = patchToText(patch);
  assert.equal(text, 'optimizer.kind:momentum,optimizer.lr:0.05,model.hidden:32/16');
  assert.deepEqual(textToPatch(text).patch, { 'optimizer.kind': 'momentum', 'optimizer.lr': '0.05', 'model.hidden': ['32', '16'] });
  // Values with separators survive.
  assert.deepEqual(textToPatch(patchToText({ 'loss.kind': 'a,b:c' })).patch, { 'loss.kind': 'a,b:c' });

  const { spec: base } = normalizeSpec({ optimizer: { kind: 'adam', lr: 0.01, beta1: 0.8 } }, registry);
  const next = applyPatch(base, { 'optimizer.kind': 'momentum', 'optimizer.lr': 0.05 });
  assert.deepEqual(next.optimizer, { kind: 'momentum', lr: 0.05 });
  assert.equal(applyPatch(base, { 'optimizer.lr': 0.5 }).optimizer.beta1, 0.8);
  assert.equal(applyPatch({ ...base, loss: { kind: 'bce_logits' } }, { 'loss.kind': 'auto' }).loss, undefined);

  const bad = textToPatch('data.generator:moons,seed:3,optimizer.lr:0.1,garbage');
  assert.deepEqual(bad.patch, { 'optimizer.lr': '0.1' });
  assert.equal(bad.issues.length, 3);
  // Out-of-range values are clamped and reported, and the patch says what the run really uses.
  const r = readRuns(['optimizer.kind:sgd,optimizer.lr:99', 'optimizer.kind:lbfgs'], base, registry);
  assert.equal(r.runs[0]['optimizer.lr'], 10);
  assert.equal(r.runs[1]['optimizer.kind'], 'adam');
  assert.ok(r.issues.length >= 2);
  // At most MAX_RUNS - 1 challengers.
  const many = readRuns(Array.from({ length: 9 }, () => 'optimizer.lr:0.1'), base, registry);
  assert.equal(many.runs.length, MAX_RUNS - 1);
  assert.ok(many.issues.some((i) => /at most/.test(i.message)));
});
