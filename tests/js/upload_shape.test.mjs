// The page's pure upload helpers: engine/csv-shape.js (what the page gets of the engine's CSV answers
// is bounded: names cut at NAME_CHARS with their length said, at most LIST_COLUMNS columns listed),
// engine/slice.js (the held-at-means grid points, checked by hand and against the engine's own
// grid()), and store.js readCsvRecord (a Blob kept; an older version's text record migrated).
// Expected values are written out by hand or come from the engine, never from the code under test.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';
import { cutName, nameText, cutText, shapePreview, previewTask, NAME_CHARS, LIST_COLUMNS } from '../../web/engine/csv-shape.js';
import { columnMeans, slicePoints } from '../../web/engine/slice.js';
import { readCsvRecord, MIGRATED_NOTE } from '../../web/store.js';

const d = await loadDescent();

test('a long name is cut to 80 characters ending in an ellipsis, and its full length is said', () => {
  const long = 'h'.repeat(10 * 1024 * 1024);
  const n = cutName(long);
  assert.equal(NAME_CHARS, 80);
  assert.equal(n.text.length, 80);
  assert.equal(n.text, `${'h'.repeat(79)}\u2026`);
  assert.equal(n.length, 10485760);
  assert.equal(nameText(long), `${'h'.repeat(79)}\u2026 (10,485,760 characters)`);
  assert.deepEqual(cutName('sepal_len'), { text: 'sepal_len' });
  // Never half of a surrogate pair: 78 ASCII then an emoji (2 units) at units 78-79.
  const emoji = `${'a'.repeat(78)}\u{1F600}tail`;
  assert.equal(cutName(emoji).text, `${'a'.repeat(78)}\u2026`);
  // A message quoting a huge name is bounded too.
  const msg = cutText(`column "${long}" is text`);
  assert.ok(msg.length <= 400, String(msg.length));
  assert.match(msg, /\(10,485,760 characters\)/);
});

test('a 10 MB header cell reaches the page as an 80-character name with its length', () => {
  const big = 'n'.repeat(10 * 1024 * 1024);
  const p = d.csvPreview(`${big},x,y\n1,2,0\n2,1,1\n3,3,0\n4,0,1\n`, { rows: 8 });
  const m = shapePreview(p);
  assert.equal(m.parsed, true);
  assert.equal(m.columns.length, 3);
  assert.equal(m.columns[0].name, `${'n'.repeat(79)}\u2026`);
  assert.equal(m.columns[0].length, 10485760);
  // An override names it by number (its name is cut), the others by name.
  assert.deepEqual(m.columns.map((c) => c.select), ['1', 'x', 'y']);
  assert.ok(JSON.stringify(m).length < 10000, `${JSON.stringify(m).length} characters reach the page`);
});

test('a file with 10,000 columns lists 50 and counts the rest by role', () => {
  // Columns f1..f9999 numeric and varying, then the target y (last column: the engine's guess).
  const cols = 10000;
  const header = [...Array.from({ length: cols - 1 }, (_, j) => `f${j + 1}`), 'y'].join(',');
  const rows = [0, 1, 2, 3].map((i) => [...Array.from({ length: cols - 1 }, (_, j) => (i * 7 + j) % 5), i % 2].join(','));
  const p = d.csvPreview(`${header}\n${rows.join('\n')}\n`, { rows: 8 });
  const m = shapePreview(p);
  assert.equal(LIST_COLUMNS, 50);
  assert.equal(m.columns.length, 50);
  assert.deepEqual(m.columns.slice(0, 2).map((c) => c.name), ['f1', 'f2']);
  assert.equal(m.more.count, 9950);
  assert.deepEqual(m.more.roles, { target: 1, feature: 9949, ignored: 0, unused: 0 });
  assert.ok(m.rows.every((r) => r.length === 50));
  assert.equal(previewTask(m), 'binary');
});

test('previewTask names the task as problem().task does', () => {
  assert.equal(previewTask({ data: { task: { kind: 'regression' } } }), 'regression');
  assert.equal(previewTask({ data: { task: { kind: 'classification', classes: 2 } } }), 'binary');
  assert.equal(previewTask({ data: { task: { kind: 'classification', classes: 3 } } }), 'multiclass');
  assert.equal(previewTask({ parsed: false, errors: [] }), null);
});

test('columnMeans and slicePoints by hand', () => {
  assert.deepEqual(Array.from(columnMeans(new Float32Array([1, 2, 3, 4]), 2)), [2, 3]);
  assert.deepEqual(Array.from(columnMeans(new Float32Array(0), 3)), [0, 0, 0]);
  const pts = slicePoints({ inputs: 3, axes: [0, 2], xRange: [0, 1], yRange: [10, 20], resolution: 2, held: [5, 7, 9] });
  // Row r (y) then column c (x); feature 1 held at 7.
  assert.deepEqual(Array.from(pts), [0, 7, 10, 1, 7, 10, 0, 7, 20, 1, 7, 20]);
  // Swapped axes: feature 2 runs along x.
  const sw = slicePoints({ inputs: 3, axes: [2, 0], xRange: [0, 1], yRange: [10, 20], resolution: 2, held: [5, 7, 9] });
  assert.deepEqual(Array.from(sw), [10, 7, 0, 10, 7, 1, 20, 7, 0, 20, 7, 1]);
  assert.throws(() => slicePoints({ inputs: 3, axes: [1, 1], xRange: [0, 1], yRange: [0, 1], resolution: 2, held: [0, 0, 0] }), /two different features/);
  assert.throws(() => slicePoints({ inputs: 2, axes: [0, 2], xRange: [0, 1], yRange: [0, 1], resolution: 2, held: [0, 0] }), /two different features/);
});

test('a slice of a 2-input model predicts exactly what the engine\'s grid() does', () => {
  const s = d.session({ seed: 3, data: { source: 'synthetic', generator: 'spiral', samples: 100 }, model: { kind: 'mlp', hidden: [8], activation: 'tanh' }, training: { epochs: 2 } });
  try {
    s.run(20);
    const xr = [-1.3, 1.7];
    const yr = [-0.9, 2.1];
    const g = s.grid(xr, yr, 17);
    const v = s.predict(slicePoints({ inputs: 2, axes: [0, 1], xRange: xr, yRange: yr, resolution: 17, held: [0, 0] }));
    assert.equal(v.length, g.values.length);
    assert.deepEqual(Array.from(v), Array.from(g.values));
  } finally {
    s.dispose();
  }
});

test('the stored upload is bytes; an older text record is migrated with a note; anything else is dropped', async () => {
  const latin = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]);   // "café\n" in Windows-1252
  const r = readCsvRecord({ name: 'a.csv', blob: new Blob([latin]) });
  assert.equal(r.name, 'a.csv');
  assert.deepEqual(new Uint8Array(await r.blob.arrayBuffer()), latin);
  assert.equal(r.note, undefined);
  const old = readCsvRecord({ name: 'b.csv', text: 'café\n' });
  assert.deepEqual(Array.from(new Uint8Array(await old.blob.arrayBuffer())), [0x63, 0x61, 0x66, 0xc3, 0xa9, 0x0a]);
  assert.equal(old.note, MIGRATED_NOTE);
  for (const bad of [null, 7, {}, { name: 3, text: 'x' }, { name: 'c.csv' }, { name: 'c.csv', blob: 'not a blob' }, { name: 'c.csv', bytes: latin.buffer }]) assert.equal(readCsvRecord(bad), undefined, JSON.stringify(bad));
});
