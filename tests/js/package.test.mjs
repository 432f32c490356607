// The package surface: `import { loadDescent } from 'descent-playground'` (exports), the `descent`
// bin (CLI exit codes, validate, run --out, progress on stderr), and index.d.ts kept in step with
// the registry (its id unions list exactly the registry's ids).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot, nativeExe } from '../helpers/native.mjs';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const cli = path.join(repoRoot, pkg.bin.descent);
const dir = mkdtempSync(path.join(tmpdir(), 'descent-cli-'));
const run = (args, input) => spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', env: { ...process.env, DESCENT_NATIVE: nativeExe } });

test('the package imports by its name and exposes loadDescent', async () => {
  assert.equal(pkg.name, 'descent-playground');
  const m = await import('descent-playground');
  const d = await m.loadDescent();
  assert.equal(d.arch, 'wasm');
  assert.equal(typeof m.DescentError, 'function');
});

test('descent run: result JSON on stdout, progress on stderr, --out, exit 0 for outcomes', () => {
  const spec = path.join(dir, 'ok.json');
  writeFileSync(spec, JSON.stringify({ data: { source: 'function', function: 'quadratic', start: [1, 1] }, optimizer: { kind: 'sgd', lr: 10 }, training: { steps: 50 } }));
  const r = run(['run', spec]);
  assert.equal(r.status, 0, r.stderr);  // diverged is an outcome
  assert.equal(JSON.parse(r.stdout).status, 'diverged');
  assert.match(r.stderr, /\[[#.]{30}\]/);
  assert.match(r.stderr, /samples\/s/);
  const out = path.join(dir, 'out.json');
  const q = run(['run', spec, '--out', out, '--quiet']);
  assert.equal(q.stdout, '');
  assert.equal(q.stderr, '');
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).status, 'diverged');
  const n = run(['run', spec, '--engine', 'native', '--quiet']);
  assert.equal(n.status, 0);
  assert.equal(n.stdout, run(['run', spec, '--quiet']).stdout);
});

test('descent run/validate: exit 1 for an invalid spec or data, with the errors', () => {
  const bad = path.join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ optimizer: { kind: 'adam', beta1: 2 } }));
  for (const engine of ['wasm', 'native']) {
    const r = run(['run', bad, '--engine', engine, '--quiet']);
    assert.equal(r.status, 1, engine);
    assert.equal(JSON.parse(r.stdout).status, 'invalid');
    assert.match(r.stderr, /optimizer.beta1 must be in \[0, 1\), got 2/);
    const v = run(['validate', bad, '--engine', engine]);
    assert.equal(v.status, 1);
    assert.equal(JSON.parse(v.stdout).ok, false);
  }
  const csvSpec = path.join(dir, 'csv.json');
  writeFileSync(path.join(dir, 'broken.csv'), 'a,b\n1,2\n3\n');
  writeFileSync(csvSpec, JSON.stringify({ data: { source: 'csv', path: 'broken.csv' } }));
  const c = run(['run', csvSpec, '--quiet']);
  assert.equal(c.status, 1);
  assert.match(c.stderr, /row 3: expected 2 fields, found 1/);
  const missing = run(['run', path.join(dir, 'nope.json')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot read the spec file/);
  assert.equal(run(['validate', '-'], JSON.stringify({ seed: 3 })).status, 0);
});

test('descent: exit 2 for usage errors', () => {
  assert.equal(run([]).status, 2);
  assert.equal(run(['frobnicate']).status, 2);
  assert.equal(run(['run']).status, 2);
  assert.equal(run(['run', 'x.json', '--engine', 'gpu']).status, 2);
  assert.equal(run(['run', 'x.json', '--bogus']).status, 2);
  const native = spawnSync(nativeExe, ['run'], { encoding: 'utf8' });
  assert.equal(native.status, 2);
});

test('descent export torch|csv|json|history', () => {
  const spec = path.join(dir, 'exp.json');
  writeFileSync(spec, JSON.stringify({ seed: 1, data: { source: 'synthetic', generator: 'blobs', samples: 30, classes: 3 }, preprocess: { validation_split: 0.2 }, model: { kind: 'softmax' }, optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 5, epochs: 2 } }));
  const t = run(['export', 'torch', spec]);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /^#!\/usr\/bin\/env python3/);
  assert.match(t.stdout, /nn\.Sequential\(nn\.Linear\(2, 3\)\)/);
  const c = run(['export', 'csv', spec]);
  assert.equal(c.status, 0, c.stderr);
  const lines = c.stdout.trim().split('\n');
  assert.equal(lines[0], 'x1,x2,y,split');
  assert.equal(lines.length, 31);
  assert.equal(lines.filter((l) => l.endsWith(',validation')).length, 6);
  assert.ok(lines.slice(1).every((l) => /^-?[\d.e+-]+,-?[\d.e+-]+,[012],(train|validation)$/.test(l)), lines[1]);
  const j = run(['export', 'json', spec]);
  assert.equal(j.status, 0, j.stderr);
  const p = JSON.parse(j.stdout);
  assert.equal(p.format, 'descent-params');
  assert.equal(p.params.length, 3 * 2 + 3);
  assert.equal(p.steps, 10);
  const h = run(['export', 'history', spec]);
  assert.equal(h.stdout.trim().split('\n').length, 11);
  assert.equal(run(['export', 'pdf', spec]).status, 2);
  assert.equal(run(['export', 'torch']).status, 2);
});

test('descent export with a bad CSV: each error line names the CSV file, row and column', () => {
  const spec = path.join(dir, 'exp-csv.json');
  const csv = path.join(dir, 'exp-bad.csv');
  writeFileSync(spec, JSON.stringify({ data: { source: 'csv', target: 'y' }, optimizer: { kind: 'sgd', lr: 0.1 }, training: { epochs: 1 } }));
  writeFileSync(csv, 'x,y\n1,2\nabc,3\n');
  for (const kind of ['torch', 'keras', 'csv', 'json', 'history']) {
    const r = run(['export', kind, spec, '--csv', csv]);
    assert.equal(r.status, 1, `${kind}: ${r.stderr}`);
    assert.equal(r.stderr, `descent: the spec is invalid:\n  ${csv}: row 3, column "x": "abc" is not a number\n`, kind);
  }
  // A spec error has no file to name.
  writeFileSync(spec, JSON.stringify({ data: { source: 'csv', target: 'y' }, optimizer: { kind: 'sgd', lr: -1 } }));
  writeFileSync(csv, 'x,y\n1,2\n');
  const r = run(['export', 'torch', spec, '--csv', csv]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /^descent: the spec is invalid:\n  optimizer\.lr/);
});
