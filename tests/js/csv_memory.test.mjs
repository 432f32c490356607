// The wasm heap a CSV costs (issue 25): the facade copies the bytes into the heap once, the engine
// reads cells as offsets into them (4 bytes a cell) and frees them once the dataset is built, so a
// session on a file of B bytes peaks near B + 8 bytes a cell (docs/reliability.md, "How much
// memory a CSV takes"). Each check loads a fresh module (its heap only grows, so its size after
// the call is the call's peak). Not here: speed (bench/ingest.mjs; tests never time anything).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';

// 20,000 rows x 100 numeric columns of 5-6 characters: 11.8 MB, 2,000,000 cells.
const rows = 20000, cols = 100;
const header = Array.from({ length: cols }, (_, c) => `c${c}`).join(',');
const lines = [header];
for (let r = 0; r < rows; r++) {
  const cells = [];
  for (let c = 0; c < cols - 1; c++) cells.push(((r * 31 + c * 17) % 1000 / 1000).toFixed(3));
  cells.push(String(r % 2));
  lines.push(cells.join(','));
}
const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
const spec = { data: { source: 'csv', task: 'classification' }, model: { kind: 'logistic' }, training: { epochs: 1, batch_size: 1000 } };

/** The heap growth of a fresh module over opening a session on csv and running one step. */
async function growth(csv) {
  const d = await loadDescent();
  const before = d.heapBytes;
  const s = d.session(spec, { csv });
  s.run(1);
  assert.equal(s.problem().rows.train, rows);
  s.dispose();
  return d.heapBytes - before;
}

test('a CSV given as bytes costs at most 3x its size in the wasm heap (one copy, 4-byte cells)', async () => {
  const g = await growth(bytes);
  // One copy of the bytes (1x) + cells (4 B each: 0.68x) + the dataset's floats (0.68x) = 2.35x,
  // plus the heap's growth steps; the string-per-cell reader with three copies took about 7x.
  assert.ok(g <= 3 * bytes.length, `heap grew by ${(g / bytes.length).toFixed(2)}x the file (${g} bytes)`);
});

test('a CSV given as a string costs the same heap as its bytes (the facade encodes it outside the heap)', async () => {
  const g = await growth(new TextDecoder().decode(bytes));
  assert.ok(g <= 3 * bytes.length, `heap grew by ${(g / bytes.length).toFixed(2)}x the file (${g} bytes)`);
});
