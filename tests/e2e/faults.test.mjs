// Worker faults in headless Chromium (issue 12): the engine worker throwing, aborting (the way a
// wasm out-of-memory abort arrives), ending silently, and blocking in a long job. The page must
// notice each, say what happened, and restart with the last setup (same link, same uploaded CSV,
// same numbers), and a long job must be cancellable. Faults come from the ?test-hooks=1 hook
// (window.descentTestHooks.fault, web/hosts/page.js), which makes the worker fail from inside.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, openPage, artifacts, useBrowser } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash } from '../../web/state.js';
import { patchToText } from '../../web/app/runs.js';

let server;
let browser;
let descent;

useBrowser((s, b) => { server = s; browser = b; });
before(async () => {
  descent = await loadDescent();
});

function link(partial) {
  const { spec, issues } = normalizeSpec(partial, descent.registry());
  assert.deepEqual(issues, []);
  return `${server.url}?test-hooks=1${specToHash(spec)}`;
}

const SPEC = { seed: 5, data: { source: 'synthetic', generator: 'moons', samples: 200, noise: 0.1 }, model: { kind: 'mlp', hidden: [6], activation: 'tanh' }, optimizer: { kind: 'adam', lr: 0.01 }, training: { batch_size: 16, epochs: 50 } };

const state = (page) => page.locator('#status').getAttribute('data-state');

async function waitFor(page, fn, arg, timeout = 30000) {
  await page.waitForFunction(fn, arg, { timeout });
}
const waitState = (page, states) => waitFor(page, (l) => l.includes(document.getElementById('status')?.dataset.state), [].concat(states));
const waitHealth = (page, s) => waitFor(page, (want) => document.getElementById('engine-health')?.dataset.state === want, s);
const waitGeneration = (page, g) => waitFor(page, (want) => document.getElementById('engine-status')?.dataset.generation === String(want), g);

/** One "Step" click; returns the loss the status line reports after it. */
async function oneStep(page) {
  await waitState(page, 'ready');
  await page.click('#step');
  await waitFor(page, () => document.getElementById('status')?.dataset.step === '1');
  return Number(await page.locator('#status').getAttribute('data-loss'));
}

/** A fault, the page's report of it, a restart, and the same first step as before. */
async function faultAndRestart(kind, want) {
  const page = await openPage(browser, link(SPEC));
  const loss1 = await oneStep(page);
  assert.ok(Number.isFinite(loss1));
  const hash = await page.evaluate(() => location.hash);
  await page.evaluate((k) => window.descentTestHooks.fault(k), kind);
  await waitHealth(page, want.health);
  const text = await page.locator('#engine-health-text').textContent();
  assert.match(text, want.text);
  assert.equal(await page.locator('#engine-restart').textContent(), want.button);
  assert.equal(await page.locator('#engine-restart').isVisible(), true);
  if (want.health === 'failed') {
    assert.equal(await state(page), 'failed');
    assert.equal(await page.locator('#play').isDisabled(), true);
  }
  await page.screenshot({ path: `${artifacts}/faults-${kind}.png` });
  await page.click('#engine-restart');
  await waitGeneration(page, 2);
  // The same setup, from step 0, and the same numbers: nothing was lost.
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.equal(await oneStep(page), loss1);
  assert.equal(await page.locator('#engine-health').isHidden(), true);
  assert.match(await page.locator('#notice-list').textContent(), /step 0/);
  // And it trains on.
  await page.click('#play');
  await waitFor(page, () => Number(document.getElementById('status')?.dataset.step) >= 30);
  assert.deepEqual(page.dialogs, []);
  return page;
}

test('an uncaught error in the worker is reported and "Restart with the last setup" brings the run back', async () => {
  const page = await faultAndRestart('throw', { health: 'failed', text: /The engine stopped: .*test fault.*setup, data and settings are kept/, button: 'Restart with the last setup' });
  // The worker's own error is the only problem the page logged.
  assert.ok(page.problems.every((p) => /test fault/.test(p)), page.problems.join('\n'));
  await page.context().close();
});

test('an abort inside the engine (how an out-of-memory wasm abort arrives) is fatal and restartable', async () => {
  const page = await faultAndRestart('abort', { health: 'failed', text: /The engine stopped: testFault: Aborted\(OOM\)/, button: 'Restart with the last setup' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a worker that ends silently is noticed by the missing heartbeat', async () => {
  const page = await faultAndRestart('close', { health: 'silent', text: /has not answered for \d+ s; it may have stopped/, button: 'Restart the engine' });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a long job shows what the engine is busy with, and "Cancel" ends it without losing the setup', async () => {
  const page = await openPage(browser, link({ ...SPEC, training: { batch_size: 16, epochs: 50 } }));
  await oneStep(page);
  // The worker blocks for a minute (as a long synchronous job does); the LR finder waits behind it.
  await page.evaluate(() => window.descentTestHooks.fault('hang', 60000));
  // The button's own click event, not a click at its place: the explain card above it grows as its
  // chain-rule lines are typeset after the step, and a pointer click can land on what moved there
  // (CI: the label stayed 'Run the range test').
  await page.locator('#lrf-run').dispatchEvent('click');
  assert.equal(await page.locator('#lrf-run').textContent(), 'Running…');
  await waitHealth(page, 'busy');
  assert.match(await page.locator('#engine-health-text').textContent(), /busy running the learning-rate range test \(\d+ s\)/);
  // The elapsed time counts up while it waits.
  const seconds = async () => Number((await page.locator('#engine-health-text').textContent()).match(/\((\d+) s\)/)[1]);
  const s0 = await seconds();
  await waitFor(page, (s) => Number(document.getElementById('engine-health-text').textContent.match(/\((\d+) s\)/)?.[1]) > s, s0);
  const t0 = Date.now();
  await page.click('#engine-restart');
  assert.equal(await page.locator('#engine-restart').isHidden(), true);
  await waitFor(page, () => /could not run: it was cancelled/.test(document.getElementById('lrf-result')?.textContent));
  assert.equal(await page.locator('#lrf-run').isDisabled(), false);
  await waitGeneration(page, 2);
  await waitState(page, 'ready');
  assert.ok(Date.now() - t0 < 20000, 'the cancel did not wait for the job');
  // The range test runs in the new engine.
  await page.locator('#lrf-run').dispatchEvent('click');
  await waitFor(page, () => document.getElementById('lr-finder')?.dataset.suggestion);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an uploaded CSV survives a restart: the run trains on the same file again', async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'descent-faults-'));
  const file = path.join(tmp, 'houses.csv');
  const rows = ['size,rooms,price'];
  for (let i = 0; i < 60; i++) rows.push(`${50 + i},${1 + (i % 4)},${(100 + 2.5 * i + 7 * (i % 4)).toFixed(1)}`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  const page = await openPage(browser, link(SPEC));
  await waitState(page, 'ready');
  await page.setInputFiles('#csv-file', file);
  await waitFor(page, () => /csv/.test(location.hash) && document.getElementById('status')?.dataset.state === 'ready');
  const hash = await page.evaluate(() => location.hash);
  const loss1 = await oneStep(page);
  await page.evaluate(() => window.descentTestHooks.fault('throw'));
  await waitHealth(page, 'failed');
  await page.click('#engine-restart');
  await waitGeneration(page, 2);
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.equal(await oneStep(page), loss1);
  await page.context().close();
});

test('a race run whose worker fails is marked, the others train on, and "Restart" brings it back from step 0', async () => {
  const run = { 'optimizer.kind': 'sgd', 'optimizer.lr': 0.1 };
  const page = await openPage(browser, `${link(SPEC)}&run=${patchToText(run)}`);
  const row = (name) => page.locator(`#race-table tbody tr[data-run=${name}]`);
  const steps = (name) => page.evaluate((n) => Number(document.querySelector(`#race-table tbody tr[data-run=${n}]`)?.dataset.steps), name);
  await waitState(page, 'ready');
  await waitFor(page, () => document.querySelectorAll('#race-table tbody tr').length === 2);
  await page.selectOption('#speed', '1');
  await page.click('#play');
  await waitFor(page, () => Number(document.querySelector('#race-table tbody tr[data-run=B]')?.dataset.steps) >= 20);
  await page.evaluate(() => window.descentTestHooks.raceFault(1, 'throw'));
  await waitFor(page, () => document.querySelector('#race-table tbody tr[data-run=B]')?.dataset.status === 'error');
  assert.match(await page.locator('.race-failures').textContent(), /Run B stopped: the run's worker failed: .*test fault.*"Restart" starts a run again from step 0/);
  // Run A (the page's own worker) is untouched and trains on; B stays where it stopped.
  assert.equal(await state(page), 'running');
  const a = await steps('A');
  const b = await steps('B');
  await waitFor(page, (n) => Number(document.getElementById('status')?.dataset.step) > n + 20, a);
  assert.equal(await steps('B'), b);
  await row('B').locator('button.race-restart').click();
  // A new worker, from step 0 (a fresh run: its first loss is A's, the same data and start), training again.
  await waitFor(page, () => document.querySelector('#race-table tbody tr[data-run=B]')?.dataset.status === 'running' && Number(document.querySelector('#race-table tbody tr[data-run=B]')?.dataset.steps) > 0);
  assert.equal(await page.locator('.race-failures').isHidden(), true);
  assert.equal(await row('B').locator('button.race-restart').count(), 0);
  const first = await page.evaluate(() => [...document.querySelectorAll('#race-table tbody tr')].map((t) => t.dataset.firstLoss));
  assert.equal(first[0], first[1]);
  await waitFor(page, (n) => Number(document.querySelector('#race-table tbody tr[data-run=B]')?.dataset.steps) > n, b);
  assert.equal(await state(page), 'running');
  assert.ok(page.problems.every((p) => /test fault/.test(p)), page.problems.join('\n'));
  await page.context().close();
});

test('a card whose update throws is named in a notice, and the cards after it still get the news', async () => {
  const page = await openPage(browser, link(SPEC));
  await waitState(page, 'ready');
  // The landscape comes before the explain card in the page's order: its failure on the next
  // progress must not leave the explain card on an older step.
  await page.evaluate(() => window.descentTestHooks.panelFault('landscape', 'progress'));
  await page.click('#step');
  await waitFor(page, () => document.getElementById('status')?.dataset.step === '1');
  await waitFor(page, () => document.getElementById('explain')?.dataset.atStep === '1');
  await waitFor(page, () => !document.getElementById('app-error').hidden);
  assert.match(await page.locator('#app-error').textContent(), /The landscape card could not show the "progress" news: test fault in landscape/);
  assert.ok(page.problems.length > 0 && page.problems.every((p) => /test fault in landscape/.test(p)), page.problems.join('\n'));
  // Only once: the next step draws everywhere.
  await page.click('#step');
  await waitFor(page, () => document.getElementById('explain')?.dataset.atStep === '2');
  await page.context().close();
});

test('without ?test-hooks=1 the page has no fault hook', async () => {
  const page = await openPage(browser, link(SPEC).replace('?test-hooks=1', ''));
  await waitState(page, 'ready');
  assert.equal(await page.evaluate(() => typeof window.descentTestHooks), 'undefined');
  await waitHealth(page, 'ok');
  assert.equal(await page.locator('#engine-health').isHidden(), true);
  await page.context().close();
});

test('cancelling a CSV that is still being read says so in the CSV panel and keeps the page usable', async () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'descent-faults-'));
  const file = path.join(tmp, 'slow.csv');
  writeFileSync(file, 'a,b,y\n1,2,0\n2,1,1\n3,3,0\n4,1,1\n');
  const page = await openPage(browser, link(SPEC));
  await waitState(page, 'ready');
  const hash = await page.evaluate(() => location.hash);
  await page.evaluate(() => window.descentTestHooks.fault('hang', 60000));
  await page.setInputFiles('#csv-file', file);
  await waitHealth(page, 'busy');
  assert.match(await page.locator('#engine-health-text').textContent(), /busy reading the CSV file/);
  await page.click('#engine-restart');
  await waitFor(page, () => /reading slow\.csv was cancelled/.test(document.getElementById('csv-panel')?.textContent));
  await waitGeneration(page, 2);
  // The setup it had (synthetic data) trains again.
  await waitState(page, 'ready');
  assert.equal(await page.evaluate(() => location.hash), hash);
  await page.click('#play');
  await waitFor(page, () => Number(document.getElementById('status')?.dataset.step) >= 20);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the <descent-playground> element notices a dead worker too and restarts with its setup', async () => {
  const root = await startServer({ root: '.' });
  try {
    const dir = path.join(artifacts, 'fixtures');
    mkdirSync(dir, { recursive: true });
    const spec = JSON.stringify({ ...SPEC, optimizer: { kind: 'sgd', lr: 0.1 } }).replace(/&/g, '&amp;').replace(/'/g, '&#39;');
    writeFileSync(path.join(dir, 'faults-embed.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Embed faults</title>
<script type="module" src="../../dist/embed.js"></script></head><body><main><descent-playground id="a" spec='${spec}'></descent-playground></main></body></html>\n`);
    const page = await openPage(browser, `${root.url}test-artifacts/fixtures/faults-embed.html?test-hooks=1`);
    const el = page.locator('#a');
    const elState = (s) => page.waitForFunction((want) => document.getElementById('a')?.shadowRoot?.querySelector('.status')?.dataset.state === want, s, { timeout: 30000 });
    await elState('ready');
    // A changed learning rate is part of the setup a restart keeps.
    await el.locator('input[type=number][id$=-lr]').fill('0.05');
    await el.locator('input[type=number][id$=-lr]').dispatchEvent('change');
    await page.waitForFunction(() => document.getElementById('a').spec?.optimizer.lr === 0.05);
    const before = await page.evaluate(() => document.getElementById('a').spec);
    await page.evaluate(() => document.getElementById('a').descentTestFault('throw'));
    await page.waitForFunction(() => document.getElementById('a').shadowRoot.querySelector('.health')?.dataset.state === 'failed', null, { timeout: 30000 });
    assert.match(await el.locator('.health').textContent(), /The engine stopped: .*test fault.*Restart with the last setup/);
    assert.equal(await el.locator('.pill').textContent(), 'Engine stopped');
    await el.locator('.health button').click();
    await elState('ready');
    assert.equal(await el.locator('.health').isHidden(), true);
    assert.deepEqual(await page.evaluate(() => document.getElementById('a').spec), before);
    await page.evaluate(() => document.getElementById('a').play());
    await page.waitForFunction(() => document.getElementById('a').progress?.steps >= 20, null, { timeout: 30000 });
    assert.ok(page.problems.every((p) => /test fault/.test(p)), page.problems.join('\n'));
    await page.context().close();
  } finally {
    root.close();
  }
});
