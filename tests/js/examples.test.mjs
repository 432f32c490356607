// examples/: every spec runs as a newcomer would run it (`node bindings/cli.js run examples/x.json
// --quiet`, the file exactly as written, "$schema" included) and trains (status done, the loss at
// least halves); examples/README.md lists each one; the race's page link in the README is the link
// the page writes for race.json and its challengers, and the challengers win as the README says.
// Not here: the schema's agreement with the engine (schema.test.mjs covers examples/ too).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash, hashToSpec, sameSpec } from '../../web/state.js';
import { patchToText, readRuns, runSpec } from '../../web/app/runs.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = path.join(root, 'examples');
const cli = path.join(root, 'bindings', 'cli.js');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
const d = await loadDescent();
const reg = d.registry();

function runCli(file) {
  let out;
  try {
    out = execFileSync(process.execPath, [cli, 'run', path.join('examples', file), '--quiet'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    assert.fail(`descent run examples/${file} failed (exit ${e.status}): ${e.stderr || e.stdout}`);
  }
  return JSON.parse(out);
}

/** The recorded loss (function mode: the function's value) fell to at most half its first value. */
function assertTrains(r, what) {
  assert.equal(r.status, 'done', `${what}: ${r.status}: ${r.message}`);
  const loss = r.history.loss;
  assert.ok(loss.length > 1 && loss.every(Number.isFinite), `${what}: no loss history`);
  assert.ok(loss[loss.length - 1] < loss[0] / 2, `${what}: the loss went from ${loss[0]} to ${loss[loss.length - 1]}`);
}

test('there is one example per topic, each naming the schema and listed in examples/README.md', () => {
  for (const f of ['regression.json', 'binary.json', 'multiclass.json', 'race.json', 'function.json', 'iris.json']) assert.ok(files.includes(f), `examples/${f} is missing`);
  for (const f of files) {
    assert.equal(JSON.parse(readFileSync(path.join(dir, f), 'utf8')).$schema, '../spec.schema.json', `examples/${f}: $schema`);
    assert.ok(readme.includes(`(${f})`), `examples/README.md does not link ${f}`);
  }
});

test('the engine accepts the "$schema" key the examples start with', () => {
  const v = d.validate({ $schema: '../spec.schema.json', data: { source: 'function', function: 'booth' }, optimizer: { kind: 'sgd', lr: 0.01 } });
  assert.ok(v.ok, `core's spec parser refuses "$schema": ${JSON.stringify(v.errors)}`);
});

for (const f of files) {
  test(`descent run examples/${f} trains`, () => {
    const r = runCli(f);
    assertTrains(r, f);
    const spec = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    if (spec.data?.source === 'csv') assert.equal(r.rows.train + r.rows.validation, 150, 'iris.csv has 150 rows');
    if (r.metrics?.validation?.accuracy !== undefined) assert.ok(r.metrics.validation.accuracy >= 0.9, `${f}: validation accuracy ${r.metrics.validation.accuracy}`);
  });
}

test('the race link in examples/README.md is race.json with its challengers, and they win', () => {
  const m = readme.match(/http:\/\/localhost:5173\/(#[^\s)`]+)/);
  assert.ok(m, 'examples/README.md has no http://localhost:5173/#... race link');
  const [specHash, ...runParts] = m[1].split('&run=');
  const race = JSON.parse(readFileSync(path.join(dir, 'race.json'), 'utf8'));
  delete race.$schema;   // the page's link carries the spec, not the editor's schema
  const base = normalizeSpec(race, reg);
  assert.deepEqual(base.issues, []);
  const fromLink = hashToSpec(specHash, reg);
  assert.deepEqual(fromLink.issues, []);
  assert.ok(sameSpec(fromLink.spec, base.spec), 'the link\'s spec is not race.json');
  const { runs, issues } = readRuns(runParts, base.spec, reg);
  assert.deepEqual(issues, []);
  assert.ok(runs.length >= 2, 'a race needs at least two challengers');
  // The page's own link for this race (features.js writeLink: the spec's hash, then run=...).
  assert.equal(m[1], [specToHash(base.spec), ...runs.map((p) => `run=${patchToText(p)}`)].join('&'));
  // What the README says: plain SGD (A) is still far from the minimum; the challengers get close.
  const a = d.run(base.spec);
  assertTrains(a, 'run A');
  for (const [i, p] of runs.entries()) {
    const r = d.run(runSpec(base.spec, p, reg).spec);
    assertTrains(r, `run ${'BCDEF'[i]}`);
    assert.ok(r.metrics.value < a.metrics.value / 10, `run ${'BCDEF'[i]} (${patchToText(p)}) ends at ${r.metrics.value}, run A at ${a.metrics.value}`);
  }
});
