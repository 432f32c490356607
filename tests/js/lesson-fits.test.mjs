// The fits view's decision boundary and an SVM's margin lines (web/charts/fits.js boundaryLines) on
// a grid whose score is known by hand: score = (column - 10) / 5 on a 21 x 21 grid, so the boundary
// (score 0) is the column 10 and the margins (score -1, +1) the columns 5 and 15; a probability
// output has only its 0.5 line. Not here: drawing (tests/e2e/lessons-picture.test.mjs screenshots).
import test from 'node:test';
import assert from 'node:assert/strict';
import { boundaryLines } from '../../web/charts/fits.js';

const res = 21;
const grid = (f) => Array.from({ length: res * res }, (_, i) => f(i % res, Math.floor(i / res)));
// d3-contour puts grid value j at coordinate j + 0.5: a vertical line at column c has x = c + 0.5.
const columns = (contour) => {
  const xs = new Set();
  for (const poly of contour.coordinates) for (const ring of poly) for (const [x, y] of ring) if (y > 0.5 && y < res - 0.5) xs.add(Math.round(x * 100) / 100);
  return [...xs];
};

test('a score output: the boundary at 0, the margins at -1 and +1', () => {
  const { boundary, margins } = boundaryLines(grid((i) => (i - 10) / 5), res, 'score');
  assert.equal(boundary.value, 0);
  assert.deepEqual(columns(boundary).filter((x) => x > 1 && x < res - 1), [10.5]);
  assert.deepEqual(margins.map((m) => m.value).sort((a, b) => a - b), [-1, 1]);
  assert.deepEqual(margins.map((m) => columns(m).filter((x) => x > 1 && x < res - 1)).sort((a, b) => a[0] - b[0]), [[5.5], [15.5]]);
});

test('a probability output: only the 0.5 line, no margins', () => {
  const { boundary, margins } = boundaryLines(grid((i) => i / 20), res, 'probability');
  assert.equal(boundary.value, 0.5);
  assert.deepEqual(columns(boundary).filter((x) => x > 1 && x < res - 1), [10.5]);
  assert.deepEqual(margins, []);
});
