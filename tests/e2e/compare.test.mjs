// The comparison and insight features in headless Chromium: a three-optimizer race (identical
// first losses, each run bit-identical to the Node engine, the race in the link), the exact loss
// landscape of a linear regression (its lowest point is the least-squares solution computed here
// from the page's data; the path ends there), function mode on Rosenbrock (Adam's path approaches
// (1, 1); dragging the start point restarts from there; Armijo shows its trial points), a 2-D
// slice of a bigger model (computed, cancelled), the LR finder (apply sets the lr) and "explain
// this step". Numbers come from data-* attributes; screenshots go to test-artifacts/.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, artifacts, useBrowser } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash, hashToSpec } from '../../web/state.js';
import { patchToText, runSpec } from '../../web/app/runs.js';
import { splitHash } from '../../web/app/link.js';

let server;
let browser;
let descent;
let registry;

useBrowser((s, b) => { server = s; browser = b; });
before(async () => {
  descent = await loadDescent();
  registry = descent.registry();
});

/** A link from a partial spec and race patches (as the page writes it). */
function link(partial, runs = [], query = '') {
  const { spec, issues } = normalizeSpec(partial, registry);
  assert.deepEqual(issues, []);
  const extra = runs.map((p) => `&run=${patchToText(p)}`).join('');
  return { spec, url: `${server.url}${query}${specToHash(spec)}${extra}` };
}

const data = (page, sel) => page.evaluate((s) => ({ ...document.querySelector(s)?.dataset }), sel);
const rows = (page) => page.evaluate(() => [...document.querySelectorAll('#race-table tbody tr')].map((t) => ({ ...t.dataset })));

/** A screenshot of one card (clipped from the full page, so the sticky toolbar stays out of it). */
async function shot(page, name, selector) {
  const clip = selector ? await page.locator(selector).evaluate((e) => { const r = e.getBoundingClientRect(); return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height }; }) : undefined;
  await page.screenshot({ path: `${artifacts}/compare-${name}.png`, fullPage: true, ...(clip ? { clip } : {}) });
}

/** The Node engine's run of a spec for n steps: { first, epochLoss (last) }. */
function nodeRun(spec, n) {
  const s = descent.session(spec);
  try {
    s.run(n);
    const h = s.history(0);
    return { first: h.loss[0], epochLoss: h.epochs.trainLoss[h.epochs.trainLoss.length - 1], steps: s.steps };
  } finally {
    s.dispose();
  }
}

test('a three-optimizer race: three curves from the same first loss, each run as the engine trains it alone', async () => {
  const runs = [{ 'optimizer.kind': 'momentum', 'optimizer.lr': 0.05, 'optimizer.momentum': 0.9 }, { 'optimizer.kind': 'adam', 'optimizer.lr': 0.01 }];
  const { spec, url } = link({
    seed: 7, data: { source: 'synthetic', generator: 'moons', samples: 200, noise: 0.15 }, preprocess: { normalize: 'zscore', validation_split: 0.2 },
    model: { kind: 'mlp', hidden: [8, 8], activation: 'tanh' }, optimizer: { kind: 'sgd', lr: 0.05 }, training: { batch_size: 16, epochs: 50 },
  }, runs, '?steps=120');
  const page = await openPage(browser, url);
  await page.waitForFunction(() => {
    const r = [...document.querySelectorAll('#race-table tbody tr')];
    return r.length === 3 && r.every((t) => t.dataset.steps === '120');
  }, null, { timeout: 40000 });
  const table = await rows(page);
  assert.deepEqual(table.map((r) => r.run), ['A', 'B', 'C']);
  // Same data, same initial parameters, same first batch: the very same first loss.
  const firsts = table.map((r) => Number(r.firstLoss));
  assert.ok(Number.isFinite(firsts[0]) && firsts[0] > 0, `first loss ${firsts[0]}`);
  assert.equal(new Set(firsts).size, 1, `first losses ${firsts}`);
  // Each run is exactly what the engine computes for its spec on its own.
  for (const [i, patch] of [{}, ...runs].entries()) {
    const r = nodeRun(runSpec(spec, patch, registry).spec, 120);
    assert.equal(firsts[i], r.first, `run ${table[i].run} first loss`);
    assert.equal(Number(table[i].finalLoss), r.epochLoss, `run ${table[i].run} final epoch loss`);
  }
  assert.equal(new Set(table.map((r) => r.finalLoss)).size, 3, 'the optimizers should end at different losses');
  // Three curves and a legend entry per run.
  const legend = await page.locator('#race-chart .u-legend .u-series').allTextContents();
  assert.equal(legend.length, 4, legend.join(' | '));
  assert.match(legend.join(' '), /A: SGD, lr 0\.05.*B: Momentum, lr 0\.05.*C: Adam, lr 0\.01/);
  assert.equal(await page.locator('#race').getAttribute('data-runs'), '3');
  await shot(page, 'race-steps', '#race');
  // The x axis: epochs, then training time.
  await page.click('label[for=race-x-epochs]');
  await page.waitForFunction(() => document.getElementById('race').dataset.x === 'epochs');
  assert.match(await page.locator('#race-chart .u-legend .u-series').first().textContent(), /epoch/);
  await page.click('label[for=race-x-time]');
  await page.waitForFunction(() => document.getElementById('race').dataset.x === 'time');
  await shot(page, 'race-time', '#race');
  // The race is in the link; a reload races again to the same numbers.
  const hash = await page.evaluate(() => location.hash);
  const { extras } = splitHash(hash);
  assert.equal(extras.run.length, 2);
  assert.deepEqual(hashToSpec(splitHash(hash).specHash, registry).spec, spec);
  await page.goto(`${server.url}?steps=120${hash}`);
  await page.waitForFunction(() => [...document.querySelectorAll('#race-table tbody tr')].filter((t) => t.dataset.steps === '120').length === 3, null, { timeout: 40000 });
  assert.deepEqual((await rows(page)).map((r) => r.finalLoss), table.map((r) => r.finalLoss));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('adding and removing runs in the card updates the race and the link', async () => {
  const { url } = link({ seed: 3, data: { source: 'synthetic', generator: 'blobs', samples: 100 }, model: { kind: 'logistic' }, optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 0, epochs: 30 } }, [], '?steps=5');
  const page = await openPage(browser, url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.step === '5', null, { timeout: 30000 });
  assert.equal(await page.locator('#race').getAttribute('data-runs'), '1');
  await page.click('#race-add');
  await page.click('#race-add');
  await page.waitForFunction(() => document.getElementById('race').dataset.runs === '3');
  await page.waitForFunction(() => (location.hash.match(/&run=/g) ?? []).length === 2);
  // Changing run C's optimizer goes into the link; removing B leaves two runs.
  await page.selectOption('#race-opt-2', 'rmsprop');
  await page.waitForFunction(() => /run=optimizer\.kind:rmsprop/.test(location.hash));
  await page.click('li[data-run=B] button[aria-label="Remove run B"]');
  await page.waitForFunction(() => document.getElementById('race').dataset.runs === '2' && (location.hash.match(/&run=/g) ?? []).length === 1);
  await page.selectOption('#speed', '0');
  await page.click('#play');
  await page.waitForFunction(() => [...document.querySelectorAll('#race-table tbody tr')].every((t) => t.dataset.status === 'done'), null, { timeout: 40000 });
  const t = await rows(page);
  assert.deepEqual(t.map((r) => r.steps), ['30', '30']);
  assert.equal(t[0].firstLoss, t[1].firstLoss);
  // Back: the race before B was removed (three runs), with the link as it was; forward again.
  await page.goBack();
  await page.waitForFunction(() => document.getElementById('race').dataset.runs === '3' && (location.hash.match(/&run=/g) ?? []).length === 2, null, { timeout: 5000 });
  assert.equal(await page.inputValue('#race-opt-2'), 'rmsprop');
  await page.goForward();
  await page.waitForFunction(() => document.getElementById('race').dataset.runs === '2' && (location.hash.match(/&run=/g) ?? []).length === 1, null, { timeout: 5000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the loss landscape of a linear regression: its lowest point is the least-squares solution, and the path ends there', async () => {
  const runs = [{ 'optimizer.lr': 0.05 }];
  const { url } = link({
    seed: 11, data: { source: 'synthetic', generator: 'line', samples: 120, noise: 0.4, slope: 1.5, intercept: -0.5 },
    preprocess: { normalize: 'none', validation_split: 0 }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.3 }, training: { batch_size: 0, epochs: 150 },
  }, runs, '?steps=150');
  const page = await openPage(browser, url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'done', null, { timeout: 30000 });
  await page.waitForFunction(() => {
    const d = document.getElementById('landscape')?.dataset;
    return d?.mode === 'exact' && d.ready === 'true' && d.pathPoints === '151';
  }, null, { timeout: 30000 });
  // Let the view settle on the finished paths (it follows them), then read it.
  await page.waitForTimeout(1800);
  await page.waitForFunction(() => document.getElementById('landscape')?.dataset.ready === 'true', null, { timeout: 30000 });
  const d = await data(page, '#landscape');

  // The page's data, by the page's own spec (the engine gives every engine the same rows).
  const pageSpec = hashToSpec(splitHash(await page.evaluate(() => location.hash)).specHash, registry).spec;
  const s = descent.session(pageSpec);
  const { trainX: x, trainY: y } = s.data();
  s.dispose();
  assert.equal(x.length, 120);
  // Closed-form least squares: w = cov(x, y) / var(x), b = mean(y) - w mean(x).
  let mx = 0; let my = 0;
  for (let i = 0; i < x.length; i++) { mx += x[i]; my += y[i]; }
  mx /= x.length; my /= x.length;
  let sxy = 0; let sxx = 0;
  for (let i = 0; i < x.length; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; }
  const w = sxy / sxx;
  const b = my - w * mx;
  const cell = Number(d.cell);
  assert.ok(cell > 0 && cell < 0.2, `grid cell ${cell}`);
  const box = JSON.parse(d.box);
  assert.ok(box[0] < w && w < box[1] && box[2] < b && b < box[3], `the view ${box} holds (${w}, ${b})`);
  assert.ok(Math.abs(Number(d.minX) - w) <= cell && Math.abs(Number(d.minY) - b) <= cell, `lowest grid point (${d.minX}, ${d.minY}) vs least squares (${w}, ${b}), cell ${cell}`);
  assert.ok(Math.hypot(Number(d.pathEndX) - w, Number(d.pathEndY) - b) < 1e-3, `path ends at (${d.pathEndX}, ${d.pathEndY}), least squares (${w}, ${b})`);
  // Run B (a smaller step) is on the same surface, short of the minimum.
  const pb = JSON.parse(d.pathB);
  assert.ok(Math.hypot(pb[0] - w, pb[1] - b) > 1e-3, `run B at ${pb}`);
  assert.match(await page.locator('#landscape-note').textContent(), /exact training loss/);
  await shot(page, 'landscape-linear', '#landscape');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('function mode on Rosenbrock: Adam\'s path approaches (1, 1); dragging the start point restarts from there', async () => {
  const { url } = link({ seed: 42, data: { source: 'function', function: 'rosenbrock', start: [-1.5, 2] }, optimizer: { kind: 'adam', lr: 0.1 }, training: { steps: 1000 } });
  const page = await openPage(browser, url);
  await page.waitForFunction(() => document.getElementById('landscape')?.dataset.ready === 'true', null, { timeout: 30000 });
  // Function mode shows the function, not the data and model cards.
  assert.equal(await page.locator('.plot-card').isHidden(), true);
  assert.equal(await page.locator('section[aria-labelledby=model-title]').isHidden(), true);
  assert.equal(await page.locator('#source-function').isChecked(), true);
  assert.match(await page.locator('#landscape-title').textContent(), /Rosenbrock/);
  await page.selectOption('#speed', '30');
  await page.click('#play');
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'done', null, { timeout: 40000 });
  await page.waitForFunction(() => document.getElementById('landscape')?.dataset.pathPoints === '1001', null, { timeout: 10000 });
  const d = await data(page, '#landscape');
  assert.equal(d.mode, 'function');
  assert.deepEqual([Number(d.pathStartX), Number(d.pathStartY)], [-1.5, 2]);
  const end = [Number(d.pathEndX), Number(d.pathEndY)];
  assert.ok(Math.hypot(end[0] - 1, end[1] - 1) < 0.05, `Adam ends at ${end}`);
  assert.ok(Number(d.f) < 1e-3, `f = ${d.f}`);
  // The grid's lowest point is the listed minimum; the log colour scale is on for Rosenbrock.
  assert.ok(Math.abs(Number(d.minX) - 1) <= Number(d.cell) && Math.abs(Number(d.minY) - 1) <= Number(d.cell), `grid minimum (${d.minX}, ${d.minY})`);
  assert.equal(await page.locator('#landscape-log').isChecked(), true);
  assert.match(await page.locator('#landscape-readout').textContent(), /step 1,000 · f = .* · ‖g‖ = .* · lr = 0\.1/);
  assert.match(d.arrows, /−g/);
  await shot(page, 'function-rosenbrock', '#landscape');

  // Drag the start point from (-1.5, 2) to about (0.5, -0.5): the run starts over from there.
  const box = JSON.parse(d.box);
  const canvas = await page.locator('#landscape-canvas').boundingBox();
  const at = (x, y) => [canvas.x + 52 + ((x - box[0]) / (box[1] - box[0])) * (canvas.width - 116), canvas.y + 12 + (1 - (y - box[2]) / (box[3] - box[2])) * (canvas.height - 52)];
  const [sx, sy] = at(-1.5, 2);
  const [tx, ty] = at(0.5, -0.5);
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move((sx + tx) / 2, (sy + ty) / 2, { steps: 4 });
  await page.mouse.move(tx, ty, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => /data\.start=0\.[45]\d*,-0\.[45]/.test(location.hash), null, { timeout: 5000 });
  await page.waitForFunction(() => { const e = document.getElementById('landscape').dataset; return e.pathPoints === '1' && Math.abs(Number(e.pathStartX) - 0.5) < 0.05; }, null, { timeout: 10000 });
  assert.ok(Math.abs(Number(await page.inputValue('#function-start-x')) - 0.5) < 0.05);
  // The arrow keys move it too (keyboard users).
  await page.focus('#landscape-canvas');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => /data\.start=0\.[45]\d*,-0\.[34]/.test(location.hash), null, { timeout: 5000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('Armijo line search on Rosenbrock shows its trial points; a race draws every path on the function', async () => {
  const runs = [{ 'training.line_search': 'none' }, { 'optimizer.kind': 'adam', 'optimizer.lr': 0.1 }];
  const { url } = link({ seed: 42, data: { source: 'function', function: 'rosenbrock' }, optimizer: { kind: 'sgd', lr: 0.001 }, training: { steps: 300, line_search: 'armijo' } }, runs, '?steps=20');
  const page = await openPage(browser, url);
  await page.waitForFunction(() => { const d = document.getElementById('landscape')?.dataset; return d?.pathPoints === '21' && d.pathB && d.pathC && Number(d.trials) > 1; }, null, { timeout: 30000 });
  const d = await data(page, '#landscape');
  assert.ok(Number(d.trials) > 1, `trials ${d.trials}`);
  assert.match(await page.locator('#landscape-readout').textContent(), /step length .* \(\d+ trials?\)/);
  assert.match(await page.locator('.landscape-legend').textContent(), /trial points/);
  // The three runs are at three different places.
  assert.equal(new Set([d.pathA, d.pathB, d.pathC]).size, 3);
  await shot(page, 'function-armijo-race', '#landscape');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a bigger model: a 2-D slice (PCA or random) is computed on demand and can be cancelled', async () => {
  const { url } = link({ seed: 5, data: { source: 'synthetic', generator: 'moons', samples: 200 }, model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' }, optimizer: { kind: 'adam', lr: 0.01 }, training: { batch_size: 16, epochs: 40 } }, [], '?steps=40');
  const page = await openPage(browser, url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.step === '40', null, { timeout: 30000 });
  assert.equal(await page.locator('#landscape').getAttribute('data-mode'), 'slice');
  assert.equal(await page.locator('#landscape-canvas').isHidden(), true);
  await page.click('#landscape-compute');
  await page.waitForFunction(() => document.getElementById('landscape')?.dataset.ready === 'true', null, { timeout: 30000 });
  const note = await page.locator('#landscape-note').textContent();
  assert.match(note, /(two main directions|random directions).*Computed at step 40/);
  await shot(page, 'landscape-slice', '#landscape');
  // Random directions, cancelled straight away: no surface, the card says so; then computed.
  await page.selectOption('#landscape-axes', 'random');
  await page.click('#landscape-compute');
  await page.click('#landscape-cancel', { timeout: 2000 }).catch(() => {});
  await page.click('#landscape-compute');
  await page.waitForFunction(() => document.getElementById('landscape')?.dataset.ready === 'true', null, { timeout: 30000 });
  assert.match(await page.locator('#landscape-note').textContent(), /random directions/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the LR finder suggests a rate and "Apply" sets it; "explain this step" shows the update with its numbers', async () => {
  const { url } = link({ seed: 9, data: { source: 'synthetic', generator: 'line', samples: 200, noise: 0.2 }, preprocess: { normalize: 'zscore', validation_split: 0 }, model: { kind: 'linear' }, optimizer: { kind: 'adam', lr: 0.001 }, training: { batch_size: 0, epochs: 100 } }, [], '?steps=3');
  const page = await openPage(browser, url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.step === '3', null, { timeout: 30000 });
  await page.fill('#lrf-min', '0.0001');
  await page.fill('#lrf-max', '10');
  await page.click('#lrf-run');
  await page.waitForFunction(() => document.getElementById('lr-finder')?.dataset.suggestion, null, { timeout: 30000 });
  const suggestion = Number(await page.locator('#lr-finder').getAttribute('data-suggestion'));
  assert.ok(suggestion > 1e-4 && suggestion < 10, `suggestion ${suggestion}`);
  assert.equal(await page.locator('#lrf-chart canvas').count(), 1);
  await shot(page, 'lr-finder', '#lr-finder');
  await page.click('#lrf-apply');
  const want = Number(suggestion.toPrecision(3));
  await page.waitForFunction((v) => new RegExp(`optimizer\\.lr=${String(v).replace('.', '\\.')}(&|$)`).test(location.hash), want, { timeout: 5000 });
  assert.equal(Number(await page.inputValue('#live-lr')), want);

  // Explain: parameter 1 is the bias; one step shows Adam's update with the engine's numbers.
  await page.fill('#explain-index', '1');
  await page.press('#explain-index', 'Enter');
  assert.match(await page.locator('#explain-name').textContent(), /bias b\[0\]/);
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('explain')?.dataset.mHat !== undefined, null, { timeout: 10000 });
  const e = await data(page, '#explain');
  assert.equal(e.index, '1');
  for (const k of ['g', 'm', 'v', 'biasCorrection1', 'biasCorrection2', 'mHat', 'vHat', 'step']) assert.ok(Number.isFinite(Number(e[k])), `${k} = ${e[k]}`);
  // The numbers fit Adam's formula: step = -lr m̂ / (sqrt(v̂) + eps).
  assert.ok(Math.abs(Number(e.step) + (Number(e.lr) * Number(e.mHat)) / Number(e.denom)) < 1e-6 * (1 + Math.abs(Number(e.step))));
  // Each line is typeset (MathML) with its plain form as the title and alttext.
  const lines = await page.locator('#explain .explain-lines li').evaluateAll((lis) => lis.map((li) => li.querySelector('.math math')?.getAttribute('alttext') ?? ''));
  assert.ok(lines.length >= 6 && lines.every(Boolean), lines.join('\n'));
  assert.match(lines.join('\n'), /m ← β₁·m \+ \(1 − β₁\)·g = /);
  await shot(page, 'explain', '#explain');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
