// The package surface: `import { loadDescent } from 'descent-playground'` (exports), the `descent`
// bin (CLI exit codes, validate, run --out, progress on stderr), and index.d.ts kept in step with
// the registry (its id unions list exactly the registry's ids).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  assert.match(missing.stderr, /^descent: the spec file ".*nope\.json" does not exist\n$/);
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

// ---- the tarball, as an installer gets it ------------------------------------------------------
// `npm pack` (its prepack builds the wasm and the site), then `npm install <tarball>` into an empty
// folder (from the npm cache where it can: the one runtime dependency may need the registry): the package
// must need nothing else, carry no platform binary, and work there.
test('npm pack + install into an empty folder: the facade, npx descent run/export/plot, the element, the wasm', { timeout: 900_000 }, () => {
  // One small runtime dependency: d3-array's ticks, which the charts the CLI draws share with the page.
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), ['d3-array'], 'runtime dependencies');
  assert.equal(pkg.peerDependencies, undefined);
  assert.equal(pkg.optionalDependencies, undefined);
  const work = mkdtempSync(path.join(tmpdir(), 'descent-pack-'));
  const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', DESCENT_NATIVE: '' };
  const sh = (cmd, args, cwd) => spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28, timeout: 600_000 });
  const pack = sh('npm', ['pack', '--pack-destination', work], repoRoot);
  assert.equal(pack.status, 0, `npm pack: ${pack.stderr}`);
  const tarball = path.join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));
  const listed = sh('tar', ['-tzf', tarball]).stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
  for (const f of ['package.json', 'LICENSE', 'README.md', 'bindings/index.js', 'bindings/index.d.ts', 'bindings/cli.js', 'bindings/export.js',
    'bindings/wasm/descent.mjs', 'bindings/wasm/descent.wasm', 'dist/embed.js', 'web/export-chart.js', 'web/charts/svg-scatter.js', 'docs/cli.md']) {
    assert.ok(listed.includes(f), `the tarball has ${f}`);
  }
  assert.deepEqual(listed.filter((f) => f.startsWith('build/') || /descent-native/.test(f)), [], 'no native build in the package');
  const schema = existsSync(path.join(repoRoot, 'spec.schema.json'));
  if (schema) assert.ok(listed.includes('spec.schema.json'));

  const app = path.join(work, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }\n');
  const install = sh('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app);
  assert.equal(install.status, 0, `npm install: ${install.stderr}`);
  // Nothing but the package and what its dependencies need, transitively.
  const wanted = new Set(['descent-playground']);
  for (const todo = [...Object.keys(pkg.dependencies)]; todo.length;) {
    const name = todo.pop();
    if (wanted.has(name)) continue;
    wanted.add(name);
    todo.push(...Object.keys(JSON.parse(readFileSync(path.join(app, 'node_modules', name, 'package.json'), 'utf8')).dependencies ?? {}));
  }
  assert.deepEqual(readdirSync(path.join(app, 'node_modules')).filter((f) => !f.startsWith('.')).sort(), [...wanted].sort(), 'nothing else installed');
  const installed = path.join(app, 'node_modules', 'descent-playground');
  for (const f of listed) {   // no platform binary, whatever its name
    const head = readFileSync(path.join(installed, f)).subarray(0, 4);
    assert.ok(!head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) && !head.equals(Buffer.from([0xcf, 0xfa, 0xed, 0xfe])) && head.toString('latin1', 0, 2) !== 'MZ', `${f} is an executable binary`);
  }

  // The facade by its name, from the installing project.
  const spec = { seed: 1, data: { source: 'synthetic', generator: 'moons', samples: 60 }, model: { kind: 'mlp', hidden: [4] }, optimizer: { kind: 'adam', lr: 0.05 }, training: { epochs: 3, batch_size: 10 } };
  writeFileSync(path.join(app, 'spec.json'), JSON.stringify(spec));
  const facade = sh(process.execPath, ['--input-type=module', '-e', `import { loadDescent } from 'descent-playground';
    const d = await loadDescent(); const r = d.run(${JSON.stringify(spec)}); console.log(d.arch, r.status, r.steps);`], app);
  assert.equal(facade.stdout, 'wasm done 18\n', facade.stderr);

  // The bin through npx: run (the same bytes as the checkout's CLI), export torch, plot.
  const npx = (...args) => sh('npx', ['--no-install', 'descent', ...args], app);
  const r = npx('run', 'spec.json', '--quiet');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, run(['run', path.join(app, 'spec.json'), '--quiet']).stdout);
  const t = npx('export', 'torch', 'spec.json');
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /^#!\/usr\/bin\/env python3\n/);
  const p = npx('plot', 'spec.json', '-q', '-o', 'run.svg');
  assert.equal(p.status, 0, p.stderr);
  assert.match(readFileSync(path.join(app, 'run.svg'), 'utf8'), /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*<polyline points=/);
  assert.match(npx('--version').stdout, new RegExp(`^descent ${pkg.version.replace(/\./g, '\\.')} \\(wasm\\)\\n$`));
  const nat = npx('run', 'spec.json', '--engine', 'native');
  assert.equal(nat.status, 2);
  assert.match(nat.stderr, /^descent: --engine native is only available in a repository build/);

  // The exports map: the element module (and every file it loads), the .wasm, the schema.
  const resolve = (spec_) => sh(process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(spec_)}))`], app);
  const el = resolve('descent-playground/element');
  assert.equal(el.status, 0, el.stderr);
  const elFile = fileURLToPath(el.stdout.trim());
  assert.equal(elFile, path.join(installed, 'dist', 'embed.js'));
  const check = sh(process.execPath, ['--check', elFile]);
  assert.equal(check.status, 0, `the element module does not parse: ${check.stderr}`);
  // Every content-hashed file the element loads, followed from embed.js (its worker, the worker's
  // .wasm, lazy chunks): "assets/x-HASH.js" is relative to dist/, "x-HASH.wasm" to the file's folder.
  const distDir = path.dirname(elFile);
  const seen = new Set();
  const queue = [elFile];
  while (queue.length) {
    const from = queue.shift();
    for (const m of readFileSync(from, 'utf8').matchAll(/["'`](?:\.\/)?((?:assets\/)?[\w-]+-[\w-]{8}\.(?:js|wasm|css))["'`]/g)) {
      const target = m[1].startsWith('assets/') ? path.join(distDir, m[1]) : path.join(path.dirname(from), m[1]);
      if (seen.has(target)) continue;
      seen.add(target);
      assert.ok(existsSync(target), `${path.relative(installed, from)} loads ${m[1]}: installed`);
      if (target.endsWith('.js')) queue.push(target);
    }
  }
  assert.ok([...seen].some((f) => f.endsWith('.wasm')) && [...seen].some((f) => /worker/.test(f)), `the element reaches its worker and .wasm: ${[...seen].join(', ')}`);
  const wasm = resolve('descent-playground/wasm');
  assert.equal(wasm.status, 0, wasm.stderr);
  assert.ok(WebAssembly.validate(readFileSync(fileURLToPath(wasm.stdout.trim()))), 'descent-playground/wasm is WebAssembly');
  if (schema) {
    const s = resolve('descent-playground/spec.schema.json');
    assert.equal(s.status, 0, s.stderr);
    assert.match(JSON.parse(readFileSync(fileURLToPath(s.stdout.trim()), 'utf8')).$schema, /2020-12/);
  }
  rmSync(work, { recursive: true, force: true });
});
