// Bad inputs, table-driven: each one goes through the JS facade (run, validate) and through the CLI
// with both engines (`node bindings/cli.js run spec.json [--csv data.csv] --engine wasm|native`).
// Each must give its documented error (the JSON path, and the row/column in the message), exit code 1,
// no crash and no hang (every child process has a timeout), and leave the loaded engine usable: a
// good spec still runs after every bad one. The facade's argument limits are checked at the end.
// Not here: fuzzing (tests/fuzz, scripts/fuzz.sh) or long runs (long_run.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDescent, DescentError } from '../../bindings/index.js';
import { haveNative, repoRoot } from '../helpers/native.mjs';

const d = await loadDescent();
const cli = path.join(repoRoot, 'bindings', 'cli.js');
const dir = mkdtempSync(path.join(tmpdir(), 'descent-bad-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

const good = { seed: 3, data: { source: 'synthetic', generator: 'moons', samples: 40 }, model: { kind: 'mlp', hidden: [4] }, optimizer: { kind: 'adam', lr: 0.01 }, training: { batch_size: 8, epochs: 2 } };
const csvSpec = (extra = {}) => ({ data: { source: 'csv', target: 'y', ...extra }, optimizer: { kind: 'sgd', lr: 0.01 }, training: { epochs: 1 } });

// Big inputs are built once, on first use.
const lazy = (f) => { let v; return () => (v ??= f()); };
const rowsCsv = (n) => {
  const parts = ['x1,x2,y\n'];
  for (let i = 0; i < n; i++) parts.push(`${i % 97},${(i * 7) % 13},${i % 5}\n`);
  return parts.join('');
};
const million = lazy(() => rowsCsv(1_000_000));
const millionPlus = lazy(() => `${million()}1,2,3\n`);
const wideCsv = (cols) => {
  const header = Array.from({ length: cols }, (_, i) => `c${i + 1}`);
  header[cols - 1] = 'y';
  const row = (r) => Array.from({ length: cols }, (_, i) => (i * 31 + r) % 10).join(',');
  return `${header.join(',')}\n${row(1)}\n${row(2)}\n${row(3)}\n`;
};
const deepArray = lazy(() => '['.repeat(100_000) + ']'.repeat(100_000));
const deepObject = lazy(() => '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
const hugeArray = lazy(() => `[${'1,'.repeat(25 * 1024 * 1024 - 1)}1]`);  // 50 MB, 26M values
const hugeText = lazy(() => `{"data":{"source":"csv","text":"${'a'.repeat(65 * 1024 * 1024)}"}}`);
const bytes = (s) => new Uint8Array(Buffer.from(s, 'latin1'));
const cellsCsv = lazy(() => `${Array.from({ length: 10_000 }, (_, i) => `c${i + 1}`).join(',')}\n${`${new Array(10_000).fill('1').join(',')}\n`.repeat(2001)}`);
const classesCsv = lazy(() => `x,y\n${Array.from({ length: 1001 }, (_, i) => `${i},label${i}`).join('\n')}\n`);

// name, spec (object or JSON text, or a function giving it), csv (string/bytes/function), the
// expected { path, message } of the first error. cli: false for the ones the CLI cannot express.
const cases = [
  // ---- CSV
  { name: 'empty CSV', spec: csvSpec(), csv: '', path: 'data.text', message: /^the file is empty$/ },
  { name: 'blank lines only', spec: csvSpec(), csv: '\n \n\t\n', path: 'data.text', message: /^the file is empty$/ },
  { name: 'header only', spec: csvSpec(), csv: 'x,y\n', path: 'data.text', message: /^the file has a header but no data rows$/ },
  { name: 'ragged row', spec: csvSpec(), csv: 'x,y\n1,2\n3\n', path: 'data.text', message: /^row 3: expected 2 fields, found 1$/ },
  { name: 'row too long', spec: csvSpec(), csv: 'x,y\n1,2\n3,4,5\n', path: 'data.text', message: /^row 3: expected 2 fields, found 3$/ },
  { name: 'unterminated quoted field', spec: csvSpec(), csv: 'x,y\n1,2\n"3,4\n5,6\n', path: 'data.text', message: /^unterminated quoted field starting at row 3$/ },
  { name: 'text after a closing quote', spec: csvSpec(), csv: 'x,y\n"1"2,3\n', path: 'data.text', message: /^row 2, field 1: unexpected text after a closing quote/ },
  { name: 'non-numeric cell', spec: csvSpec(), csv: 'x,y\n1,2\nabc,3\n', path: 'data.text', message: /^row 3, column "x": "abc" is not a number$/ },
  { name: 'non-numeric cell after CRLF and quotes', spec: csvSpec(), csv: '\uFEFF"x","y"\r\n"1",2\r\n"a,b",3\r\n', path: 'data.text', message: /^row 3, column "x": "a,b" is not a number$/ },
  { name: 'NaN cell', spec: csvSpec(), csv: 'x,y\n1,NaN\n2,3\n', path: 'data.text', message: /^row 2, column "y": NaN\/Inf is not allowed$/ },
  { name: 'Inf cell', spec: csvSpec(), csv: 'x,y\n1,2\n-inf,3\n', path: 'data.text', message: /^row 3, column "x": NaN\/Inf is not allowed$/ },
  { name: '1e39 overflows float', spec: csvSpec(), csv: 'x,y\n1,2\n3,1e39\n', path: 'data.text', message: /^row 3, column "y": "1e39" is out of range for a 32-bit float$/ },
  { name: 'missing value', spec: csvSpec(), csv: 'x,y\n1,2\n,3\n', path: 'data.text', message: /^row 3, column "x": missing value$/ },
  { name: 'target column not found', spec: csvSpec({ target: 'price' }), csv: 'x,y\n1,2\n', path: 'data.text', message: /^target column "price" not found \(columns: x, y\)$/ },
  { name: 'binary garbage (PNG header)', spec: csvSpec(), csv: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), path: 'data.text', message: /^the file has a NUL byte at byte 9 \(is it a binary file\?\)$/ },
  { name: 'binary garbage (NUL bytes)', spec: csvSpec(), csv: bytes('x,y\n1,2\x00\x00\x01\n'), path: 'data.text', message: /^the file has a NUL byte at byte 8 \(is it a binary file\?\)$/ },
  { name: 'UTF-16 with BOM', spec: csvSpec(), csv: bytes('\xff\xfex\x00,\x00y\x00\n\x001\x00,\x002\x00\n\x00'), path: 'data.text', message: /UTF-16 text; save it as CSV in UTF-8/ },
  { name: 'Latin-1 bytes', spec: csvSpec({ encoding: 'utf-8' }), csv: bytes('x,y\n1,2\ncaf\xe9,3\n'), path: 'data.text', message: /^the file is not valid UTF-8: byte 12 \(line 3\) is 0xE9; save it as CSV in UTF-8, or set data.encoding to "windows-1252"$/ },
  { name: '1,000,001 rows', spec: csvSpec(), csv: millionPlus, path: 'data.text', message: /^the file has more than 1000000 rows$/ },
  { name: '10,001 columns', spec: csvSpec(), csv: () => wideCsv(10_001), path: 'data.text', message: /^the file has more than 10000 columns \(row 1\)$/ },
  { name: '20,010,000 cells (10,000 columns x 2,001 rows)', spec: csvSpec({ target: 'c1' }), csv: cellsCsv, path: 'data.text', message: /^the file has more than 20000000 cells$/, cli: false },
  { name: '1,001 classes', spec: csvSpec({ task: 'classification' }), csv: classesCsv, path: 'data.text', message: /^target column "y" has more than 1000 classes/ },
  { name: 'full batch of 1e6 rows through wide layers', spec: { ...csvSpec(), model: { kind: 'mlp', hidden: [1024, 1024] }, training: { batch_size: 0 } }, csv: million, path: 'training.batch_size', message: /^the model is too large for memory: a batch of 1000000 rows needs about \d+ MB of activations \(limit 384 MB\)/ },
  // ---- spec: types, ranges, non-finite numbers, unknown keys
  { name: 'wrong type: seed', spec: { seed: 'x' }, path: 'seed', message: /^seed must be an? (number|integer), got string$/ },
  { name: 'wrong type: lr as a string', spec: { optimizer: { kind: 'adam', lr: '0.1' } }, path: 'optimizer.lr', message: /^optimizer.lr must be a number, got string$/ },
  { name: 'wrong type: hidden not an array', spec: { model: { kind: 'mlp', hidden: 8 } }, path: 'model.hidden', message: /^model.hidden must be an array of layer widths, got number$/ },
  { name: 'wrong type: the spec is an array', spec: '[1,2]', path: '', message: /^the spec must be an object, got array$/ },
  { name: 'lr = 1e400 (not a double)', spec: '{"optimizer":{"kind":"adam","lr":1e400}}', path: '', message: /^JSON syntax error at line 1, column 34: number 1e400 is out of range$/ },
  { name: 'lr = -0.1', spec: { optimizer: { kind: 'adam', lr: -0.1 } }, path: 'optimizer.lr', message: /^optimizer.lr must be in \(0, 10\], got -0.1$/ },
  { name: 'beta1 = 1.2', spec: { optimizer: { kind: 'adam', beta1: 1.2 } }, path: 'optimizer.beta1', message: /^optimizer.beta1 must be in \[0, 1\), got 1.2$/ },
  { name: 'NaN literal', spec: '{"optimizer":{"kind":"adam","lr":NaN}}', path: '', message: /column 34: NaN and Infinity are not JSON numbers$/ },
  { name: 'lr = Infinity in an object (JSON.stringify makes it null)', spec: { optimizer: { kind: 'adam', lr: Infinity } }, path: 'optimizer.lr', message: /^optimizer.lr must be a number, got null$/ },
  { name: 'validation_split = 0.95', spec: { preprocess: { validation_split: 0.95 } }, path: 'preprocess.validation_split', message: /must be in \[0, 0.9\], got 0.95$/ },
  { name: 'unknown top-level key', spec: { seeed: 1 }, path: 'seeed', message: /^seeed is not a known field \(known: \$schema, data, loss, model, optimizer, preprocess, schedule, seed, training\)$/ },
  { name: 'unknown optimizer key', spec: { optimizer: { kind: 'adam', learning_rate: 0.1 } }, path: 'optimizer.learning_rate', message: /is not a known field/ },
  { name: 'unknown optimizer', spec: { optimizer: { kind: 'adamw2' } }, path: 'optimizer.kind', message: /^optimizer.kind "adamw2" is not a known optimizer/ },
  { name: 'empty optimizer kind (fuzz finding F6)', spec: { optimizer: { kind: '' } }, path: 'optimizer.kind', message: /^optimizer.kind "" is not a known optimizer \(known: sgd, / },
  { name: 'empty loss kind', spec: { loss: '' }, path: 'loss.kind', message: /^loss.kind "" is not a known loss/ },
  { name: 'cycle_momentum with plain SGD', spec: { optimizer: { kind: 'sgd', lr: 0.1 }, schedule: { kind: 'one_cycle', cycle_momentum: true } }, path: 'schedule.cycle_momentum', message: /^schedule.cycle_momentum needs an optimizer with a momentum or beta1 \(momentum, nesterov, rmsprop or the Adam family\); "sgd" has none \(torch would switch SGD's momentum on: use optimizer "momentum"\)$/ },
  { name: 'cycle_momentum with Adagrad', spec: { optimizer: { kind: 'adagrad' }, schedule: { kind: 'one_cycle', cycle_momentum: true } }, path: 'schedule.cycle_momentum', message: /"adagrad" has none$/ },
  { name: 'base_momentum = 1', spec: { optimizer: { kind: 'adam' }, schedule: { kind: 'one_cycle', cycle_momentum: true, base_momentum: 1 } }, path: 'schedule.base_momentum', message: /^schedule.base_momentum must be in \[0, 1\), got 1$/ },
  // ---- JSON structure and size
  { name: 'JSON syntax error', spec: '{"seed": 1,\n "data": }', path: '', message: /^JSON syntax error at line 2, column 10: unexpected character '}'; expected a value$/ },
  { name: 'nested arrays, 100,000 levels', spec: deepArray, path: '', message: /^the JSON text has nesting deeper than 64 levels \(at line 1, column 65\)$/ },
  { name: 'nested objects, 100,000 levels', spec: deepObject, path: '', message: /^the JSON text has nesting deeper than 64 levels/ },
  { name: '50 MB JSON array', spec: hugeArray, path: '', message: /^the JSON text has too many values \(more than 4194304\)/ },
  { name: '65 MB JSON text', spec: hugeText, path: '', message: /^the JSON text is larger than 67108864 bytes$/ },
  { name: 'inline data of 1,000,001 rows', spec: lazy(() => JSON.stringify({ data: { source: 'inline', x: new Array(1_000_001).fill(1), y: new Array(1_000_001).fill(0) } })), path: 'data.x', message: /^data.x has more than 1000000 rows$/, errors: 2 },
  // ---- model, data and run sizes
  { name: 'hidden [4096] x 16 (parameter limit)', spec: { model: { kind: 'mlp', hidden: new Array(16).fill(4096) } }, path: 'model.hidden', message: /^the model would have 251736065 parameters; the limit is 5000000$/ },
  { name: '17 hidden layers', spec: { model: { kind: 'mlp', hidden: new Array(17).fill(2) } }, path: 'model.hidden', message: /^model.hidden has 17 layers; at most 16 are allowed$/ },
  { name: 'hidden width 4097', spec: { model: { kind: 'mlp', hidden: [4097] } }, path: 'model.hidden[0]', message: /^model.hidden\[0\] must be an integer in \[1, 4096\], got 4097$/ },
  { name: 'samples 100,001', spec: { data: { source: 'synthetic', samples: 100_001 } }, path: 'data.samples', message: /must be an integer in \[1, 100000\], got 100001$/ },
  { name: 'steps 1e8', spec: { training: { steps: 1e8 } }, path: 'training.steps', message: /^training.steps must be an integer in \[0, 10000000\], got 100000000$/ },
  { name: 'function mode steps 2e6', spec: { data: { source: 'function' }, training: { steps: 2e6 } }, path: 'training.steps', message: /^training.steps must be at most 1000000 in function mode, got 2000000$/ },
  { name: 'epochs 1e7', spec: { training: { epochs: 1e7 } }, path: 'training.epochs', message: /must be an integer in \[1, 1000000\], got 10000000$/ },
  { name: 'batch_size 1,000,001', spec: { training: { batch_size: 1_000_001 } }, path: 'training.batch_size', message: /must be an integer in \[0, 1000000\], got 1000001$/ },
  { name: 'history_limit 1e7', spec: { training: { history_limit: 1e7 } }, path: 'training.history_limit', message: /must be an integer in \[100, 1000000\], got 10000000$/ },
];

const value = (v) => (typeof v === 'function' ? v() : v);
const specText = (c) => { const s = value(c.spec); return typeof s === 'string' ? s : JSON.stringify(s); };

function checkErrors(errors, c, where) {
  assert.ok(Array.isArray(errors) && errors.length > 0, `${where}: no errors`);
  assert.equal(errors[0].path, c.path, `${where}: path of ${JSON.stringify(errors[0])}`);
  assert.match(errors[0].message, c.message, where);
  if (c.errors) assert.equal(errors.length, c.errors, `${where}: ${JSON.stringify(errors)}`);
}

function runCli(c, engine) {
  const spec = path.join(dir, `spec-${engine}.json`);
  writeFileSync(spec, specText(c));
  const args = [cli, 'run', spec, '--engine', engine, '--quiet'];
  let csvFile = null;
  if (c.csv !== undefined) {
    csvFile = path.join(dir, `data-${engine}.csv`);
    writeFileSync(csvFile, value(c.csv));
    args.push('--csv', csvFile);
  }
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 1 << 26 });
  assert.equal(r.error, undefined, `${engine}: ${r.error}`);  // ETIMEDOUT when it hangs
  assert.equal(r.signal, null, `${engine}: killed by ${r.signal}\n${r.stderr}`);
  assert.equal(r.status, 1, `${engine}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
  assert.doesNotMatch(r.stderr, /Aborted|RuntimeError|Segmentation|std::bad_alloc|at file:\/\//, engine);
  assert.match(r.stderr, /^descent: the spec is invalid:\n/, engine);
  const first = r.stderr.split('\n')[1];
  if (csvFile && c.path === 'data.text') {  // a CSV error names the file it came from
    assert.equal(first.startsWith(`  ${csvFile}: `), true, `${engine}: ${first}`);
    assert.match(first.slice(csvFile.length + 4), c.message, engine);
  } else {
    assert.equal(first.includes('.csv: '), false, `${engine}: ${first}`);
  }
  const result = JSON.parse(r.stdout);
  assert.equal(result.status, 'invalid', engine);
  checkErrors(result.errors, c, `cli ${engine}`);
  assert.equal(result.message.startsWith(result.errors[0].message), true, engine);
}

for (const c of cases) {
  test(`bad input: ${c.name}`, () => {
    const csv = c.csv === undefined ? undefined : value(c.csv);
    const options = csv === undefined ? {} : { csv };
    const text = specText(c);
    const r = d.run(text, options);
    assert.equal(r.status, 'invalid');
    checkErrors(r.errors, c, 'facade run');
    checkErrors(d.validate(text, options).errors, c, 'facade validate');
    assert.throws(() => d.session(text, options), (e) => e instanceof DescentError && e.errors[0].path === c.path);
    // The same engine still runs a good spec.
    assert.equal(d.run(good).status, 'done');
    if (c.cli !== false) {
      runCli(c, 'wasm');
      if (haveNative()) runCli(c, 'native');
    }
  });
}

test('1,000,000 rows (the row limit) load and train in both engines', () => {
  const spec = { ...csvSpec({ task: 'regression' }), preprocess: { normalize: 'zscore' }, training: { batch_size: 100_000, epochs: 1 } };
  const r = d.run(spec, { csv: million() });
  assert.equal(r.status, 'done', r.message);
  assert.equal(r.steps, 10);
  const file = path.join(dir, 'million.csv');
  writeFileSync(file, million());
  writeFileSync(path.join(dir, 'million.json'), JSON.stringify(spec));
  for (const engine of haveNative() ? ['wasm', 'native'] : ['wasm']) {
    const p = spawnSync(process.execPath, [cli, 'run', path.join(dir, 'million.json'), '--csv', file, '--engine', engine, '--quiet'],
      { encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 1 << 26 });
    assert.equal(p.status, 0, `${engine}: ${p.error ?? ''} ${p.stderr}`);
    assert.equal(JSON.parse(p.stdout).steps, 10);
  }
});

test('10,000 columns (the column limit) load and train', () => {
  const r = d.run({ ...csvSpec(), training: { epochs: 1, batch_size: 3 } }, { csv: wideCsv(10_000) });
  assert.equal(r.status, 'done', r.message);
  assert.equal(r.params.length, 10_000);  // 9,999 weights + 1 bias
});

test("oversized calls are refused with the core's message, and the engine stays usable", () => {
  const s = d.session({ ...good, training: { epochs: 1000 } });
  try {
    assert.throws(() => s.run(10_000_001), /^DescentError: k must be an integer in \[0, 10000000\], got 10000001$/);
    assert.throws(() => s.run(1e30), /k must be an integer in \[0, 10000000\], got 1e\+30/);
    assert.throws(() => s.run(-1), /k must be an integer in \[0, 10000000\], got -1/);
    assert.throws(() => s.run(NaN), /k must be a finite number, got NaN/);
    assert.throws(() => d.runJSON(good, { chunk: 1e8 }), /options.chunk must be an integer in \[1, 10000000\], got 100000000/);
    assert.throws(() => s.grid([0, 1], [0, 1], 513), /resolution must be an integer in \[2, 512\], got 513/);
    assert.throws(() => s.landscape({ resolution: 257 }), /resolution must be an integer in \[2, 256\], got 257/);
    assert.throws(() => s.predict(new Float32Array(2 * 1_000_001)), /x has more than 1000000 rows; predict in chunks/);
    assert.throws(() => s.lrFinder({ steps: 2001 }), /steps must be an integer in \[5, 2000\], got 2001/);
    assert.throws(() => s.setLearningRate(Infinity), /lr must be a finite number/);
    assert.throws(() => s.setParams(new Float32Array(s.numParams).fill(NaN)), /params\[0\] is not a finite number/);
    assert.equal(s.run(10), 'running');
  } finally {
    s.dispose();
  }
  assert.equal(d.run(good).status, 'done');
  assert.equal(d.openSessions, 0);
});
