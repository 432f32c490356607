// The engine's csvPreview through the facade carries everything the page's old JS preview
// (web/engine/csvpreview.js, deleted: previewRows, looksLikeHeader, countLines) computed, read by the parser that
// trains, plus every guess: lone-CR files (where the JS preview ran all lines together), the
// header, the row count, cut cells, a broken file's first lines, bytes that are not UTF-8.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';

const d = await loadDescent();

test('csvPreview splits lone-CR files into rows like every other line end', () => {
  for (const eol of ['\n', '\r\n', '\r']) {
    const p = d.csvPreview(['x;y;label', '1,5;2;cat', '', '3,5;4;dog', '5,5;6;cat'].join(eol) + eol, { rows: 2 });
    assert.equal(p.ok, true, JSON.stringify(eol));
    assert.equal(p.hasHeader, true);
    assert.deepEqual(p.header, ['x', 'y', 'label']);
    assert.deepEqual(p.rows, [['1,5', '2', 'cat'], ['3,5', '4', 'dog']]);
    assert.equal(p.totalRows, 3);  // the header and the blank line are not rows
    assert.equal(p.data.dialect.delimiter, ';');
    assert.equal(p.data.dialect.decimal, ',');
    assert.equal(p.data.target.name, 'label');
    assert.equal(p.data.task.classes, 2);
  }
});

test('csvPreview: trimmed cells cut to 80 characters, roles per column, bytes, the summary', () => {
  const text = `Id,note,y\n1,  ${'w'.repeat(100)}  ,0.5\n2,short,1.5\n`;
  const p = d.csvPreview(text, { rows: 5 });
  assert.equal(p.bytes, new TextEncoder().encode(text).length);
  assert.equal(p.rows[0][1], `${'w'.repeat(79)}\u2026`);
  assert.deepEqual(p.columns.map((c) => [c.name, c.role, c.why ?? '']), [['Id', 'ignored', 'identifier'], ['note', 'ignored', 'text'], ['y', 'target', '']]);
  assert.equal(p.dataError, 'no feature column is left besides the target column "y": ignored Id (identifier), note (text); set data.features to use them');
  // No header: generated names, and the header row is data.
  const n = d.csvPreview('1,2\n3,4\n');
  assert.equal(n.hasHeader, false);
  assert.deepEqual(n.header, ['column 1', 'column 2']);
  assert.equal(n.totalRows, 2);
  assert.equal(n.data.summary, "target: column 2 (the last column) \u00b7 regression \u00b7 separator ',' \u00b7 no header");
});

test('csvPreview of a file that cannot be split: the error names the row, and its first lines are shown', () => {
  const p = d.csvPreview('a,b\n1,2\n"oops,3\n', { rows: 1 });
  assert.equal(p.ok, false);
  assert.equal(p.error, 'unterminated quoted field starting at row 3');
  assert.deepEqual(p.lines, ['a,b', '1,2']);
});

test('csvPreview of Windows-1252 bytes (what a browser decoder with fatal: true refuses) decodes them with a note', () => {
  // "Cépage;Année;Prix\nBarolo;2019;12,5\nBarberà;2020;9,5\n" in Windows-1252: é = 0xE9, à = 0xE0.
  const bytes = Uint8Array.from([...'C\u00e9page;Ann\u00e9e;Prix\nBarolo;2019;12,5\nBarber\u00e0;2020;9,5\n'].map((c) => c.charCodeAt(0)));
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  const p = d.csvPreview(bytes);
  assert.equal(p.ok, true);
  assert.deepEqual(p.header, ['C\u00e9page', 'Ann\u00e9e', 'Prix']);
  assert.equal(p.rows[1][0], 'Barber\u00e0');
  assert.equal(p.data.dialect.encoding, 'windows-1252');
  assert.ok(p.data.notes.includes('decoded as Windows-1252 (guessed: the file is not UTF-8; byte 2, line 1)'), p.data.notes.join(' | '));
  // And the session reads the same bytes the same way.
  const s = d.session({ data: { source: 'csv', target: 'Prix', task: 'regression' }, model: { kind: 'mlp', hidden: [] } }, { csv: bytes });
  const problem = s.problem();
  s.dispose();
  assert.equal(problem.data.dialect.encoding, 'windows-1252');
  assert.deepEqual(problem.featureNames, ['Ann\u00e9e']);  // Cépage is text: ignored
});

test('csvPreview options: the spec\'s CSV fields reach the engine and override its guesses; bad ones come back by path', () => {
  const text = 'a;b;kind\n1,5;2;x\n2,5;3;y\n3,5;1;x\n';
  const guessed = d.csvPreview(text);
  assert.deepEqual(guessed.header, ['a', 'b', 'kind']);
  assert.equal(guessed.data.dialect.guessed.delimiter, true);
  // A comma as the separator splits "1,5;2;x" into "1" and "5;2;x".
  const comma = d.csvPreview(text, { delimiter: ',' });
  assert.equal(comma.ok, true);
  assert.ok(comma.rows.some((r) => r[0] === '1' && r[1] === '5;2;x'), JSON.stringify(comma.rows));
  assert.equal(comma.data.dialect.delimiter, ',');
  assert.equal(comma.data.dialect.guessed.delimiter, false);
  // The target and task chosen instead of guessed: "a" (1.5, 2.5, 3.5 with the decimal comma) as a regression.
  const chosen = d.csvPreview(text, { target: 'a', task: 'regression' });
  assert.equal(chosen.data.target.name, 'a');
  assert.equal(chosen.data.task.kind, 'regression');
  assert.equal(chosen.columns.find((c) => c.name === 'a').role, 'target');
  // Skipped lines: the first line skipped, "1,5;2;x" is the header.
  const skipped = d.csvPreview(text, { skip_rows: 1, header: 'yes' });
  assert.deepEqual(skipped.header, ['1,5', '2', 'x']);
  // A value no field takes: refused with its path, nothing read.
  const bad = d.csvPreview(text, { delimiter: 'xx' });
  assert.equal(bad.ok, false);
  assert.ok(bad.errors.some((e) => e.path === 'data.delimiter'), JSON.stringify(bad.errors));
  assert.throws(() => d.csvPreview(text, []), /options must be an object/);
});
