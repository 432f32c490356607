// How a CSV reaches the engine (issue 25) and what a bad one does (issue 19): the bytes go beside
// the spec, never inside its JSON, as a string, a Uint8Array or an ArrayBuffer alike, through
// run, session and validate; a file that does not parse is refused at session open with the
// reader's message (row, column) under data.text, never replaced by other data. The defaults a
// CSV gets (data.defaults) are checked in tests/native/test_train_csv_defaults.cpp and the corpus.
// Not here: the sniffing rules (tests/native/test_csv_*), the page (tests/e2e).
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDescent, DescentError } from '../../bindings/index.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const d = await loadDescent();
const spec = { data: { source: 'csv' }, training: { epochs: 3 } };
// A Windows-1252 "é" (0xE9) in a label: only the bytes say which encoding it is.
const latin = Uint8Array.from([...Buffer.from('x,kind\n1,caf'), 0xe9, ...Buffer.from('\n2,tea\n3,caf'), 0xe9, ...Buffer.from('\n4,tea\n')]);
const text = 'a,b,y\n1,2,0\n2,1,1\n3,5,0\n4,3,1\n5,8,0\n6,5,1\n';

test('a CSV given as a string, a Uint8Array or an ArrayBuffer trains to the same bytes', () => {
  const bytes = new TextEncoder().encode(text);
  const fromString = d.runJSON(spec, { csv: text });
  assert.equal(JSON.parse(fromString).status, 'done');
  assert.equal(d.runJSON(spec, { csv: bytes }), fromString);
  assert.equal(d.runJSON(spec, { csv: bytes.slice().buffer }), fromString);
  const s = d.session(spec, { csv: bytes.buffer });
  try {
    s.run(1000);
    assert.equal(JSON.stringify(s.result()), JSON.stringify(JSON.parse(fromString)));
  } finally { s.dispose(); }
});

test('the CSV never enters the spec JSON: validate reports its size, not its text', () => {
  const v = d.validate(spec, { csv: text });
  assert.equal(v.ok, true);
  assert.equal(v.spec.data.text, undefined);
  assert.equal(v.spec.data.text_bytes, text.length);
  assert.ok(!JSON.stringify(v).includes('1,2,0'));
  // The resolved spec says what was chosen from the data.
  assert.equal(v.spec.model.kind, 'logistic');
  assert.equal(v.spec.preprocess.normalize, 'zscore');
});

test('bytes that are not UTF-8 are decoded by the engine (a JS string cannot carry them)', () => {
  const v = d.session(spec, { csv: latin });
  try {
    const data = v.problem().data;
    assert.equal(data.dialect.encoding, 'windows-1252');
    assert.deepEqual(v.problem().classNames, ['caf\u00e9', 'tea']);
  } finally { v.dispose(); }
});

const bad = [
  ['an unterminated quote', 'x,y\n1,2\n3,"4\n5,6\n', /unterminated quoted field starting at row 3/],
  ['a row with too many fields', 'x,y\n1,2\n3,4,5,6\n5,6\n', /row 3: expected 2 fields, found 4/],
  ['a cell that is not a number', 'x,y\n1,2\nfoo,4\n5,6\n', /row 3, column "x": "foo" is not a number/],
  ['mixed encodings', Uint8Array.from([...Buffer.from('x,k\n1,caf'), 0xe9, ...Buffer.from('\n2,\u00e9t\u00e9\n')]), /the file is not valid UTF-8: byte 10 \(line 2\) is 0xE9/],
];

test('a CSV that does not parse is refused at session open, naming where; no session is left', () => {
  const good = d.session(spec, { csv: text });
  const before = d.openSessions;
  try {
    for (const [what, csv, message] of bad) {
      assert.throws(() => d.session(spec, { csv }), (e) => {
        assert.ok(e instanceof DescentError, what);
        assert.match(e.message, message, what);
        assert.deepEqual(e.errors.map((x) => x.path), ['data.text'], what);
        return true;
      });
      assert.equal(d.openSessions, before, what);
      const r = d.run(spec, { csv });
      assert.equal(r.status, 'invalid', what);
      assert.match(r.errors[0].message, message, what);
      assert.equal(d.validate(spec, { csv }).ok, false, what);
    }
    // The earlier session keeps its own data and trains on.
    good.run(1000);
    assert.equal(good.result().status, 'done');
  } finally { good.dispose(); }
});

test('descent run --csv with a file that does not parse exits 1 with the message, in both engines', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'descent-csv-'));
  const specFile = path.join(dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
  for (const [what, csv, message] of bad) {
    const file = path.join(dir, 'bad.csv');
    writeFileSync(file, csv);
    for (const engine of ['wasm', 'native']) {
      if (engine === 'native' && !existsNative()) continue;
      const p = spawnSync(process.execPath, [path.join(root, 'bindings', 'cli.js'), 'run', specFile, '--csv', file, '--quiet', '--engine', engine], { encoding: 'utf8' });
      assert.equal(p.status, 1, `${what} (${engine}): ${p.stderr}`);
      assert.match(p.stderr, new RegExp(`bad\\.csv: ${message.source}`), `${what} (${engine})`);
      assert.equal(JSON.parse(p.stdout).status, 'invalid');
    }
  }
});

function existsNative() {
  return spawnSync(path.join(root, 'build', 'native', 'descent-native'), ['version']).status === 0;
}
