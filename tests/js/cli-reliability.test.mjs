// The CLI with hostile and messy input, in both engines (issue 23): a result larger than a pipe's
// buffer arrives whole; the progress bar writes one line per 25% when stderr is not a terminal;
// files the CLI cannot use are named with what is wrong; UTF-16 spec files are decoded; control
// characters never reach stderr raw and never cut a message. Not here: bad spec/CSV content
// (bad_inputs.test.mjs) or the flags and exit codes (cli.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cliJs, descent, haveNative, nativeExe, nativeRaw } from '../helpers/native.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'descent-cli-rel-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const engines = haveNative() ? ['wasm', 'native'] : ['wasm'];
const file = (name, content) => { const f = path.join(dir, name); writeFileSync(f, content); return f; };
const moons = { seed: 3, data: { source: 'synthetic', generator: 'moons', samples: 60 }, model: { kind: 'logistic' }, optimizer: { kind: 'sgd', lr: 0.1 }, training: { epochs: 2, batch_size: 20 } };

// Spawns the CLI with stdout as a pipe that is read as it arrives: { code, stdout (Buffer), stderr }.
function piped(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DESCENT_NATIVE: nativeExe } });
    const out = [];
    let err = '';
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: err }));
  });
}

test('finding 1: a result of more than 1 MB arrives whole through a pipe, in both engines', async () => {
  // 30,000 function-mode steps: a history point per step, about 2 MB of JSON.
  const spec = file('big.json', JSON.stringify({ data: { source: 'function', function: 'quadratic', start: [1, 1] }, optimizer: { kind: 'sgd', lr: 1e-4 }, training: { steps: 30000 } }));
  const outFile = path.join(dir, 'big-out.json');
  const ref = descent(['run', spec, '--quiet', '--out', outFile]);
  assert.equal(ref.status, 0, ref.stderr);
  const whole = readFileSync(outFile);
  assert.ok(whole.length > 1_000_000, `${whole.length} bytes`);
  for (const engine of engines) {
    const r = await piped(['run', spec, '--quiet', '--engine', engine]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.length, whole.length, `${engine}: ${r.stdout.length} of ${whole.length} bytes`);
    assert.equal(JSON.parse(r.stdout).history.loss.length, 30000, engine);
    assert.ok(r.stdout.equals(whole), engine);
  }
  // The other commands that print a lot: export history and plot to stdout.
  const h = await piped(['export', 'history', spec]);
  assert.equal(h.code, 0, h.stderr);
  assert.equal(h.stdout.toString().trim().split('\n').length, 30001);
});

test('finding 9: off a terminal the bar writes a line at the first chunk, per 25% and at the end, the same in both engines', () => {
  // 20,000 steps in chunks of 500: after chunk k, 2.5k percent (floored). Lines at the first chunk
  // (2%), then at the first chunk reaching +25 from the last line: 27% (k = 11), 52% (21), 77% (31),
  // and the end (100%).
  const spec = file('bar.json', JSON.stringify({ data: { source: 'function', function: 'quadratic', start: [1, 1] }, optimizer: { kind: 'sgd', lr: 1e-4 }, training: { steps: 20000 } }));
  const bars = {};
  for (const engine of engines) {
    const r = descent(['run', spec, '--engine', engine]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.pop(), 'done: finished 20000 steps', engine);
    assert.ok(lines.every((l) => /^\[[#.]{30}\] +\d+%  step \d+\/20000  loss \S+  \d+ samples\/s$/.test(l)), `${engine}: ${lines.join('\n')}`);
    assert.deepEqual(lines.map((l) => Number(/(\d+)%/.exec(l)[1])), [2, 27, 52, 77, 100], engine);
    assert.deepEqual(lines.map((l) => Number(/step (\d+)\//.exec(l)[1])), [500, 5500, 10500, 15500, 20000], engine);
    bars[engine] = lines.map((l) => l.replace(/  \d+ samples\/s$/, ''));
  }
  // The same loss text (C's %.6g in both) on every line: the engines agree bit for bit.
  if (bars.native) assert.deepEqual(bars.wasm, bars.native);
});

test('finding 5: a CSV or spec file that cannot be used is named, with what is wrong, in both engines', () => {
  const sub = path.join(dir, 'f5');
  mkdirSync(path.join(sub, 'folder.csv'), { recursive: true });
  writeFileSync(path.join(sub, 'empty.csv'), '');
  writeFileSync(path.join(sub, 'ok.csv'), 'x,y\n1,0\n2,1\n');
  const spec = (name, data) => { const f = path.join(sub, name); writeFileSync(f, JSON.stringify({ data: { source: 'csv', ...data }, training: { epochs: 1 } })); return f; };
  const emptyPath = spec('empty-path.json', { path: 'empty.csv' });
  const dirPath = spec('dir-path.json', { path: 'folder.csv' });
  const missingPath = spec('missing-path.json', { path: 'missing.csv' });
  const plain = spec('plain.json', {});
  const cases = [
    [['run', emptyPath], `descent: the CSV file "${sub}/empty.csv" (data.path) is empty\n`],
    [['validate', emptyPath], `descent: the CSV file "${sub}/empty.csv" (data.path) is empty\n`],
    [['run', dirPath], `descent: the CSV file "${sub}/folder.csv" (data.path) is a directory, not a file\n`],
    [['run', missingPath], `descent: the CSV file "${sub}/missing.csv" (data.path) does not exist\n`],
    [['run', plain, '--csv', path.join(sub, 'folder.csv')], `descent: the CSV file "${sub}/folder.csv" (--csv) is a directory, not a file\n`],
    [['run', plain, '--csv', path.join(sub, 'nope.csv')], `descent: the CSV file "${sub}/nope.csv" (--csv) does not exist\n`],
    // --csv replaces data.path; an empty one is still named (the engine would blame data.path).
    [['run', emptyPath, '--csv', path.join(sub, 'empty.csv')], `descent: the CSV file "${sub}/empty.csv" (--csv) is empty\n`],
    [['run', path.join(sub, 'nope.json')], `descent: the spec file "${sub}/nope.json" does not exist\n`],
    [['run', path.join(sub, 'folder.csv')], `descent: the spec file "${sub}/folder.csv" is a directory, not a file\n`],
    [['validate', path.join(sub, 'empty.csv')], `descent: the spec file "${sub}/empty.csv" is empty\n`],
  ];
  for (const engine of engines) {
    for (const [args, stderr] of cases) {
      const r = descent([...args, '--engine', engine]);
      assert.equal(r.stderr, stderr, `${engine} ${args.join(' ')}`);
      assert.equal(r.status, 1, `${engine} ${args.join(' ')}`);
      assert.equal(r.stdout, '', `${engine} ${args.join(' ')}`);
    }
    const stdin = descent(['run', '-', '--engine', engine], { input: '' });
    assert.equal(stdin.stderr, 'descent: the spec on stdin is empty\n', engine);
    assert.equal(stdin.status, 1);
  }
  // A relative data.path is read from the spec's folder.
  const ok = descent(['run', spec('ok-path.json', { path: 'ok.csv' }), '--quiet']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).rows.train, 2);
});

test('finding 5: an unreadable file is named with "permission denied"', { skip: process.getuid?.() === 0 && 'running as root: every file is readable' }, () => {
  const f = file('locked.json', '{}');
  chmodSync(f, 0o000);
  for (const engine of engines) {
    const r = descent(['run', f, '--engine', engine]);
    assert.equal(r.stderr, `descent: the spec file "${f}" cannot be read (permission denied)\n`, engine);
    assert.equal(r.status, 1);
  }
});

test('finding 8: a UTF-16 spec file (PowerShell 5) is decoded, LE and BE; the result is the UTF-8 spec\'s', () => {
  const spec = JSON.stringify(moons);
  const utf8 = file('u8.json', spec);
  const le = file('u16le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(spec, 'utf16le')]));
  const be = file('u16be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(spec, 'utf16le').swap16()]));
  const expected = descent(['run', utf8, '--quiet']).stdout;
  assert.match(expected, /"status":"done"/);
  for (const engine of engines) {
    for (const f of [le, be]) {
      const r = descent(['run', f, '--quiet', '--engine', engine]);
      assert.equal(r.status, 0, `${engine} ${f}: ${r.stderr}`);
      assert.equal(r.stdout, expected, `${engine} ${f}`);
    }
  }
  // A UTF-8 byte-order mark (Windows Notepad) is fine too, also for finding data.path.
  writeFileSync(path.join(dir, 'bom.csv'), 'x,y\n1,0\n2,1\n3,0\n');
  const bom8 = file('bom8.json', `\uFEFF${JSON.stringify({ data: { source: 'csv', path: 'bom.csv' }, training: { epochs: 1 } })}`);
  for (const engine of engines) {
    const r = descent(['run', bom8, '--quiet', '--engine', engine]);
    assert.equal(r.status, 0, `${engine}: ${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).rows.train, 3, engine);
  }
  // Non-ASCII text survives the decoding (echoed in the engine's message), surrogate pairs included.
  const odd = JSON.stringify({ optimizer: { kind: 'adé𝜃m' } });
  const odd16 = file('odd16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(odd, 'utf16le')]));
  for (const engine of engines) {
    const v = descent(['validate', odd16, '--engine', engine]);
    assert.equal(v.status, 1);
    assert.match(v.stderr, /^  optimizer\.kind "adé𝜃m" is not a known optimizer/, engine);
  }
});

test('finding 8: broken UTF-16 and non-UTF-8 spec files, and UTF-16 CSVs, say what they are', () => {
  const noBom = file('nobom.json', Buffer.from('{"seed": 1}', 'utf16le'));
  const odd = file('odd.json', Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d]));
  // BOM (bytes 1-2), "{" (3-4), a lone high surrogate D800 at bytes 5-6.
  const lone = file('lone.json', Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x00, 0xd8, 0x7d, 0x00]));
  const csv16 = file('data16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('x,y\n1,0\n2,1\n', 'utf16le')]));
  const plain = file('plain-csv.json', JSON.stringify({ data: { source: 'csv' }, training: { epochs: 1 } }));
  for (const engine of engines) {
    const expect = (args, stderr) => {
      const r = descent([...args, '--engine', engine]);
      assert.equal(r.stderr, stderr, `${engine} ${args.join(' ')}`);
      assert.equal(r.status, 1, `${engine} ${args.join(' ')}`);
    };
    expect(['run', noBom], `descent: the spec file "${noBom}" looks like UTF-16 without a byte-order mark; save it as UTF-8\n`);
    expect(['run', odd], `descent: the spec file "${odd}" is UTF-16 with an odd number of bytes\n`);
    expect(['validate', lone], `descent: the spec file "${lone}" is UTF-16 with an unpaired surrogate at byte 5; save it as UTF-8\n`);
    expect(['run', plain, '--csv', csv16, '--quiet'], `descent: the spec is invalid:\n  ${csv16}: the file is UTF-16 text; save it as CSV in UTF-8\n`);
  }
  // Latin-1 bytes in a spec string: refused (never silently replaced by U+FFFD), in both engines.
  const latin1 = file('latin1.json', Buffer.from('{"data": {"source": "csv", "text": "x,y\\n1,caf\xe9\\n"}}', 'latin1'));
  const w = descent(['run', latin1, '--quiet']);
  assert.equal(w.status, 1);
  assert.equal(w.stderr, `descent: the spec file "${latin1}" is not valid UTF-8; save it as UTF-8\n`);
  if (haveNative()) {
    const n = descent(['run', latin1, '--quiet', '--engine', 'native']);
    assert.equal(n.status, 1);
    assert.match(n.stderr, /invalid UTF-8/);
  }
});

// Every byte below 0x20 except the newlines between lines, DEL, and C1 (U+0080..U+009F).
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f\u0080-\u009f]/;

test('finding 7: control characters in spec strings and file names are escaped in every message, never cut', () => {
  // A NUL and an escape sequence inside a spec string (JSON escapes: the spec is valid JSON).
  const nul = file('nul.json', '{"optimizer": {"kind": "ad\\u0000am\\u001b[31m"}}');
  const stderrs = {};
  for (const engine of engines) {
    for (const command of ['run', 'validate']) {
      const r = descent([command, nul, '--quiet', '--engine', engine], { encoding: 'buffer' });
      const text = r.stderr.toString('utf8');
      assert.equal(r.status, 1, engine);
      assert.doesNotMatch(text, RAW_CONTROL, `${engine} ${command}: ${JSON.stringify(text)}`);
      assert.match(text, /optimizer\.kind "ad\\u0000am\\u001b\[31m" is not a known optimizer \(known: sgd/, `${engine} ${command}`);
      stderrs[`${engine} ${command}`] = text;
    }
  }
  if (haveNative()) assert.equal(stderrs['wasm run'], stderrs['native run']);
  // A raw NUL byte in the file (invalid JSON): the syntax error does not echo it.
  const raw = file('rawnul.json', Buffer.from('{"optimizer": {"kind": "ad\0am"}}', 'latin1'));
  for (const engine of engines) {
    const r = descent(['run', raw, '--quiet', '--engine', engine], { encoding: 'buffer' });
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stderr.toString('utf8'), RAW_CONTROL, engine);
    assert.match(r.stderr.toString('utf8'), /^descent: the spec is invalid:\n  JSON syntax error at line 1, column \d+: /, engine);
  }
  // File names with an escape sequence, a newline, a tab and a C1 character (NUL cannot be in a name).
  const evil = path.join(dir, 'ev\u001b[2Jil\nname\t\u0085.json');
  const evilCsv = path.join(dir, 'da\u001bta\n.csv');
  const withPath = file('evil-path.json', JSON.stringify({ data: { source: 'csv', path: 'da\u001bta\n.csv' } }));
  const escaped = (s) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  for (const engine of engines) {
    const a = descent(['run', evil, '--engine', engine]);
    assert.equal(a.stderr, `descent: the spec file "${escaped(evil)}" does not exist\n`, engine);
    const b = descent(['run', withPath, '--engine', engine]);
    assert.equal(b.stderr, `descent: the CSV file "${escaped(evilCsv)}" (data.path) does not exist\n`, engine);
  }
  // A CSV error line starts with the file name: escaped too.
  writeFileSync(evilCsv, 'x,y\n1,2\nabc,3\n');
  for (const engine of engines) {
    const c = descent(['run', withPath, '--quiet', '--engine', engine]);
    assert.equal(c.status, 1);
    assert.equal(c.stderr, `descent: the spec is invalid:\n  ${escaped(evilCsv)}: row 3, column "x": "abc" is not a number\n`, engine);
  }
  // An argument echoed in a usage error (both CLIs parse their own arguments).
  const u = descent(['run', 'x.json', '--b\u001b[31mad']);
  assert.equal(u.status, 2);
  assert.match(u.stderr, /^descent: unknown option --b\\u001b\[31mad\n/);
  assert.match(descent(['fr\u001bob']).stderr, /^descent: unknown command fr\\u001bob\n/);
  if (haveNative()) {
    assert.match(nativeRaw(['fr\u001bob']).stderr, /^descent: unknown command fr\\u001bob\n/);
    assert.match(nativeRaw(['run', 'x.json', '--b\u001b[31mad']).stderr, /^descent: unknown option --b\\u001b\[31mad\n/);
  }
});
