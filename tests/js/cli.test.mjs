// The CLI's conventions (issue 26), in both engines: every flag spelling (--name VALUE,
// --name=VALUE, the short forms, "--", "-" for stdin), --help and --version, and every exit code
// with the case that gives it; the usage texts and docs/cli.md list the same commands, options and
// exit codes. Not here: messy input (cli-reliability.test.mjs), plots (cli-plot.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { descent, haveNative, nativeRaw, repoRoot } from '../helpers/native.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'descent-cli-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const engines = haveNative() ? ['wasm', 'native'] : ['wasm'];
const file = (name, content) => { const f = path.join(dir, name); writeFileSync(f, content); return f; };
const spec = file('spec.json', JSON.stringify({ seed: 5, data: { source: 'csv', target: 'y' }, model: { kind: 'logistic' }, optimizer: { kind: 'sgd', lr: 0.5 }, training: { epochs: 3, batch_size: 2 } }));
const csv = file('data.csv', 'x,y\n-2,0\n-1,0\n1,1\n2,1\n');
const diverging = file('diverge.json', JSON.stringify({ data: { source: 'function', function: 'quadratic', start: [1, 1] }, optimizer: { kind: 'sgd', lr: 10 }, training: { steps: 50 } }));
const invalid = file('invalid.json', JSON.stringify({ optimizer: { kind: 'adam', beta1: 2 } }));
const docs = readFileSync(path.join(repoRoot, 'docs/cli.md'), 'utf8');

// The reference result of spec + csv, by the plainest spelling.
const reference = descent(['run', spec, '--csv', csv, '--quiet']);
assert.equal(reference.status, 0, reference.stderr);
assert.equal(JSON.parse(reference.stdout).status, 'done');

// The block of a usage text under "title:" (up to the next blank line).
const section = (text, title) => {
  const block = text.split('\n\n').find((b) => b.startsWith(`${title}:\n`));
  assert.ok(block, title);
  return block.slice(title.length + 2);
};

test('--help, -h and help print the usage on stdout and exit 0, in both CLIs', () => {
  for (const args of [['--help'], ['-h'], ['help'], ['run', 'x.json', '--help']]) {
    const r = descent(args);
    assert.equal(r.status, 0, args.join(' '));
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^usage: descent <command> \[options\]\n/);
  }
  if (haveNative()) {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const r = nativeRaw(args);
      assert.equal(r.status, 0, args.join(' '));   // "unknown command --help", exit 2, before
      assert.match(r.stdout, /^usage: descent-native <command> \[options\]\n/);
    }
  }
});

test('the usage lists every command, export kind and option; its exit codes are the native ones and docs/cli.md\'s', () => {
  const usage = descent(['--help']).stdout;
  const commands = section(usage, 'commands');
  for (const c of ['run', 'validate', 'export', 'plot', 'registry', 'version', 'help']) assert.match(commands, new RegExp(`^  ${c} `, 'm'), c);
  for (const k of ['torch', 'keras', 'csv', 'json', 'history']) assert.match(commands, new RegExp(`^ +${k} +\\S`, 'm'), k);
  const options = section(usage, 'options');
  for (const o of ['--csv FILE', '-o, --out FILE', '--plot FILE', '--engine wasm|native', '--distributed', '-q, --quiet', '-h, --help', '-V, --version']) assert.ok(options.includes(`  ${o} `), o);
  // Every command and option is in the manual too.
  for (const w of ['run', 'validate', 'export torch', 'export keras', 'export csv', 'export json', 'export history', 'plot', 'registry', 'version', 'help', '--csv', '--out', '-o', '--plot', '--engine', '--distributed', '--quiet', '-q', '--help', '-h', '--version', '-V']) {
    assert.ok(docs.includes(`\`${w}`) || docs.includes(`descent ${w}`), `docs/cli.md: ${w}`);
  }
  const codes = section(usage, 'exit codes');
  const fromUsage = [...codes.matchAll(/^  (\d)  (.+)$/gm)].map((m) => [Number(m[1]), m[2]]);
  assert.deepEqual(fromUsage.map((c) => c[0]), [0, 1, 2, 3]);
  const fromDocs = [...docs.matchAll(/^\| (\d) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]]);
  assert.deepEqual(fromDocs.map((c) => c[0]), [0, 1, 2, 3]);
  for (const [code, text] of fromUsage) assert.ok(fromDocs[code][1].startsWith(text), `docs/cli.md, exit ${code}: ${fromDocs[code][1]}`);
  if (haveNative()) assert.equal(section(nativeRaw(['--help']).stdout, 'exit codes'), codes);
  // The README's copy of the table (once it has one) says the same.
  const readme = [...readFileSync(path.join(repoRoot, 'README.md'), 'utf8').matchAll(/^\| (\d) \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]]);
  if (readme.length) assert.deepEqual(readme.map(([c, t]) => [c, t.split(' (also')[0]]), fromDocs.map(([c, t]) => [c, t.split(' (also')[0]]));
});

test('--version, -V and version: the package version, in both CLIs', () => {
  for (const args of [['--version'], ['-V'], ['version']]) {
    const r = descent(args);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `descent ${pkg.version} (wasm)\n`, args.join(' '));
    if (haveNative()) {
      assert.match(nativeRaw(args).stdout, new RegExp(`^descent ${pkg.version.replace(/\./g, '\\.')} \\((sse2|avx2?|neon|scalar|[a-z0-9_]+)\\)\\n$`), `native ${args.join(' ')}`);
      assert.equal(descent([...args, '--engine', 'native']).stdout, nativeRaw(args).stdout);
    }
  }
});

test('--out FILE, --out=FILE and -o FILE; --csv FILE and --csv=FILE: the same result, in both engines', () => {
  for (const engine of engines) {
    const spellings = [
      ['--out', 'A', '--csv', csv], ['--out=A', `--csv=${csv}`], ['-o', 'A', '--csv', csv], [`--csv=${csv}`, '-o', 'A'],
    ];
    for (const [i, s] of spellings.entries()) {
      const out = path.join(dir, `out-${engine}-${i}.json`);
      const args = ['run', spec, ...s.map((a) => a.replace(/^A$/, out).replace(/^--out=A$/, `--out=${out}`)), '--quiet', '--engine', engine];
      const r = descent(args);
      assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.equal(readFileSync(out, 'utf8'), reference.stdout, args.join(' '));
    }
    // "-" as --out is stdout; options before the command; --engine=native spelled with "=".
    const dash = descent(['--quiet', `--engine=${engine}`, 'run', spec, '--csv', csv, '--out', '-']);
    assert.equal(dash.stdout, reference.stdout, engine);
  }
});

test('-q / --quiet silence stderr; without them the bar and the status line go to stderr, the result to stdout', () => {
  for (const engine of engines) {
    for (const q of ['-q', '--quiet']) {
      const r = descent(['run', spec, '--csv', csv, q, '--engine', engine]);
      assert.equal(r.stderr, '', `${engine} ${q}`);
      assert.equal(r.stdout, reference.stdout, `${engine} ${q}`);
    }
    const loud = descent(['run', spec, '--csv', csv, '--engine', engine]);
    assert.equal(loud.stdout, reference.stdout);
    assert.match(loud.stderr, /^\[#{30}\] 100%  step 6\/6  loss \S+  \d+ samples\/s\ndone: finished 6 steps \(3 epochs\)\n$/, engine);
  }
});

test('"-" reads the spec from stdin; "--" ends the options (a spec named -x.json)', () => {
  const dashed = path.join(dir, '-x.json');
  writeFileSync(dashed, readFileSync(spec));
  for (const engine of engines) {
    const stdin = descent(['run', '-', '--csv', csv, '-q', '--engine', engine], { input: readFileSync(spec) });
    assert.equal(stdin.stdout, reference.stdout, engine);
    const r = descent(['run', '--csv', csv, '-q', '--engine', engine, '--', '-x.json'], { cwd: dir });
    assert.equal(r.status, 0, `${engine}: ${r.stderr}`);
    assert.equal(r.stdout, reference.stdout, engine);
  }
  // Without "--", -x.json is an unknown option; with "=", a value may start with "-".
  assert.equal(descent(['run', '-x.json'], { cwd: dir }).status, 2);
  const eq = descent(['run', spec, '--csv', csv, '-q', '--out=-y.json'], { cwd: dir });
  assert.equal(eq.status, 0, eq.stderr);
  assert.equal(readFileSync(path.join(dir, '-y.json'), 'utf8'), reference.stdout);
});

test('exit 0: done, and diverged (an outcome), in both engines', () => {
  for (const engine of engines) {
    const done = descent(['run', spec, '--csv', csv, '-q', '--engine', engine]);
    assert.equal(done.status, 0);
    const d = descent(['run', diverging, '-q', '--engine', engine]);
    assert.equal(d.status, 0, engine);
    assert.equal(JSON.parse(d.stdout).status, 'diverged');
    assert.equal(descent(['validate', spec, '--csv', csv, '--engine', engine]).status, 0);
  }
  assert.equal(descent(['registry']).status, 0);
  assert.equal(descent(['export', 'torch', spec, '--csv', csv]).status, 0);
  assert.equal(descent(['plot', diverging, '-q', '-o', path.join(dir, 'd.svg')]).status, 0);
});

test('exit 1: an invalid spec, a file that cannot be read, an output that cannot be written, in both engines', () => {
  for (const engine of engines) {
    const r = descent(['run', invalid, '-q', '--engine', engine]);
    assert.equal(r.status, 1, engine);
    assert.equal(JSON.parse(r.stdout).status, 'invalid');
    assert.match(r.stderr, /^descent: the spec is invalid:\n  optimizer\.beta1 must be in \[0, 1\), got 2\n$/);
    assert.equal(descent(['validate', invalid, '--engine', engine]).status, 1);
    assert.equal(descent(['run', path.join(dir, 'none.json'), '--engine', engine]).status, 1);
    const w = descent(['run', spec, '--csv', csv, '-q', '--engine', engine, '--out', path.join(dir, 'no/such/dir.json')]);
    assert.equal(w.status, 1, engine);
    assert.equal(w.stderr, `descent: cannot write "${dir}/no/such/dir.json" (no such file or folder)\n`, engine);
  }
  assert.equal(descent(['export', 'torch', invalid]).status, 1);
  assert.equal(descent(['plot', invalid, '-o', path.join(dir, 'i.svg')]).status, 1);
});

test('exit 2: usage errors, each with its message', () => {
  const cases = [
    [[], /^descent: which command\?/],
    [['frobnicate'], /^descent: unknown command frobnicate\n/],
    [['run'], /^descent: run needs a spec file \(or - for stdin\)\n/],
    [['run', 'a.json', 'b.json'], /^descent: unexpected argument b\.json\n/],
    [['run', 'a.json', '--bogus'], /^descent: unknown option --bogus\n/],
    [['run', 'a.json', '-Z'], /^descent: unknown option -Z\n/],
    [['run', 'a.json', '--out'], /^descent: option --out needs a value\n/],
    [['run', 'a.json', '-o'], /^descent: option --out needs a value\n/],
    [['run', 'a.json', '--out', '--quiet'], /^descent: option --out needs a value, not --quiet \(write --out=VALUE/],
    [['run', 'a.json', '--quiet=yes'], /^descent: option --quiet takes no value\n/],
    [['run', 'a.json', '--engine', 'gpu'], /^descent: --engine must be wasm or native, got gpu\n/],
    [['export', 'pdf', spec], /^descent: export kind must be torch, keras, csv, json, history; got pdf\n/],
    [['export', 'torch'], /^descent: export needs a kind/],
    [['validate', spec, '--plot', 'x.svg'], /^descent: --plot is for run/],
    [['export', 'csv', spec, '--distributed'], /^descent: --distributed is for export torch\n/],
    [['run', spec, '--distributed'], /^descent: --distributed is for export torch\n/],
    [['plot', spec, '--engine', 'native'], /^descent: plot has no native engine; leave out --engine native\n/],
    [['registry', '--engine', 'native'], /^descent: registry has no native engine; leave out --engine native\n/],
    [['run', spec, '--engine', 'native', '--plot', 'x.svg'], /^descent: --plot needs the WebAssembly engine/],
  ];
  for (const [args, message] of cases) {
    const r = descent(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.match(r.stderr, /\nrun descent --help for the commands and options\n$/, args.join(' '));
    assert.equal(r.stdout, '');
  }
  // The native engine outside a build: said plainly (an installed package says "repository build").
  const nb = descent(['run', spec, '--engine', 'native'], { env: { DESCENT_NATIVE: path.join(dir, 'no-such-binary') } });
  assert.equal(nb.status, 2);
  assert.match(nb.stderr, /^descent: the native engine is not built yet \(".*no-such-binary"\); build it with bash scripts\/build\.sh native/);
  if (haveNative()) {
    for (const [args, message] of [[[], /^descent: which command\?/], [['frobnicate'], /^descent: unknown command frobnicate\n/], [['run'], /^descent: run needs a spec file/],
      [['run', 'a.json', '--bogus'], /^descent: unknown option --bogus\n/], [['run', 'a.json', '-o'], /^descent: option --out needs a value\n/],
      [['run', 'a.json', '--quiet=1'], /^descent: option --quiet takes no value\n/], [['run', 'a.json', 'b.json'], /^descent: unexpected argument b\.json\n/]]) {
      const r = nativeRaw(args);
      assert.equal(r.status, 2, `native ${args.join(' ')}`);
      assert.match(r.stderr, message, `native ${args.join(' ')}`);
    }
  }
});

test('exit 3: the engine failed (here: the native engine killed by a signal)', () => {
  const crash = file('crash.sh', '#!/bin/sh\nkill -9 $$\n');
  chmodSync(crash, 0o755);
  const r = descent(['run', spec, '--engine', 'native'], { env: { DESCENT_NATIVE: crash } });
  assert.equal(r.status, 3);
  assert.equal(r.stderr, 'descent: the native engine was stopped by SIGKILL\n');
});

test('export torch --distributed reaches the torch export as { distributed: true }', () => {
  const r = descent(['export', 'torch', spec, '--csv', csv, '--distributed']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^#!\/usr\/bin\/env python3/);
  // The distributed script itself comes with the export's own option (bindings/export.js): once it
  // is there, the flag must change the script.
  if (/distributed/.test(readFileSync(path.join(repoRoot, 'bindings/export.js'), 'utf8'))) {
    assert.match(r.stdout, /DistributedDataParallel/);
    assert.notEqual(r.stdout, descent(['export', 'torch', spec, '--csv', csv]).stdout);
  }
});
