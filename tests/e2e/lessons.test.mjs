// Every lesson preset in headless Chromium: its link (#lesson=<id>) opens the lesson's setup and
// race, a few hundred steps train in every run without a page error, the losses are finite (or
// the engine says "diverged", which some lessons show on purpose), and the caption is shown.
// Also the lessons menu, "leave" and "start over", and an unknown lesson. Screenshots of each
// lesson go to test-artifacts/lesson-<id>.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openPage, artifacts, useBrowser } from '../helpers/browser.mjs';
import { LESSONS } from '../../web/lessons/lessons.js';
import { splitHash } from '../../web/app/link.js';

let server;
let browser;

useBrowser((s, b) => { server = s; browser = b; });

const STEPS = 300;
const STOPPED = ['done', 'diverged', 'early_stopped', 'converged', 'stopped'];

/** Waits until every run of the race has taken n steps or stopped, and returns the table's rows. */
async function settled(page, runs, n) {
  await page.waitForFunction(({ runs: count, n: steps, stopped }) => {
    const rows = [...document.querySelectorAll('#race-table tbody tr')];
    const status = document.getElementById('status')?.dataset;
    if (count === 1) return Number(status?.step) >= steps || stopped.includes(status?.status);
    return rows.length === count && rows.every((r) => Number(r.dataset.steps) >= steps || stopped.includes(r.dataset.status));
  }, { runs, n, stopped: STOPPED }, { timeout: 60000 });
  return page.evaluate(() => [...document.querySelectorAll('#race-table tbody tr')].map((t) => ({ ...t.dataset })));
}

test('every lesson link loads its setup and race, and trains a few hundred steps without errors', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  for (const l of LESSONS) {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    const n = Math.min(l.steps, STEPS);
    await page.goto(`${server.url}?steps=${n}#lesson=${l.id}`);
    const runs = 1 + (l.runs ?? []).length;
    const rows = await settled(page, runs, n);
    assert.equal(await page.locator('#lesson-banner').isVisible(), true, l.id);
    assert.equal(await page.locator('#lesson-title').textContent(), `Lesson: ${l.title}`);
    assert.equal(await page.locator('#lesson-caption').textContent(), l.caption);
    assert.equal(await page.locator('#race').getAttribute('data-runs'), String(runs), l.id);
    // The link now holds the whole lesson: its spec, its runs and its id.
    const hash = await page.evaluate(() => location.hash);
    const { specHash, extras } = splitHash(hash);
    assert.ok(specHash.length > 10, l.id);
    assert.equal(extras.run.length, runs - 1, l.id);
    assert.deepEqual(extras.lesson, [l.id]);
    if (runs > 1) {
      for (const r of rows) {
        assert.ok(Number.isFinite(Number(r.firstLoss)), `${l.id} run ${r.run}: first loss ${r.firstLoss}`);
        assert.ok(Number.isFinite(Number(r.finalLoss)) || r.status === 'diverged', `${l.id} run ${r.run}: final loss ${r.finalLoss} (${r.status})`);
        assert.notEqual(r.status, 'invalid', `${l.id} run ${r.run}`);
        assert.notEqual(r.status, 'error', `${l.id} run ${r.run}`);
      }
      assert.ok(rows.some((r) => r.status !== 'diverged' && Number.isFinite(Number(r.finalLoss))), `${l.id}: no run trained`);
    } else {
      assert.ok(Number.isFinite(Number(await page.locator('#status').getAttribute('data-loss'))), l.id);
    }
    // The lesson's picture is there: the landscape has its surface, the fits view its curves.
    if (l.focus === 'landscape') await page.waitForFunction(() => document.getElementById('landscape')?.dataset.ready === 'true', null, { timeout: 20000 });
    if (l.focus === 'fits') assert.equal(await page.locator('#race-fits').isVisible(), true, l.id);
    assert.equal(await page.locator('#app-error').isHidden(), true, `${l.id}: ${await page.locator('#app-error').textContent()}`);
    assert.deepEqual(problems, [], l.id);
    await page.screenshot({ path: `${artifacts}/lesson-${l.id}.png`, fullPage: true });
    t.diagnostic(`${l.id}: ${rows.map((r) => `${r.run} ${r.status} ${r.steps} steps, loss ${Number(r.finalLoss).toPrecision(4)}`).join('; ')}`);
    await page.close();
  }
  await context.close();
});

test('the lessons menu opens a lesson; "leave" and "start over" work; an unknown lesson is reported', async () => {
  const page = await openPage(browser, server.url);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready', null, { timeout: 30000 });
  assert.equal(await page.locator('#lesson-banner').isHidden(), true);
  await page.click('#lessons > summary');
  await page.click('a[data-lesson=momentum-valley]');
  await page.waitForFunction(() => /lesson=momentum-valley/.test(location.hash) && document.getElementById('race').dataset.runs === '2', null, { timeout: 10000 });
  await page.waitForFunction(() => document.getElementById('landscape')?.dataset.mode === 'function' && document.getElementById('status')?.dataset.state === 'ready', null, { timeout: 20000 });
  assert.equal(await page.locator('#lessons').getAttribute('open'), null);
  assert.match(await page.locator('#lesson-title').textContent(), /Momentum in a narrow valley/);
  assert.equal(await page.locator('#source-function').isChecked(), true);
  // Changing the setup says so; "start over" brings the lesson's setup back.
  await page.fill('#function-steps', '50');
  await page.press('#function-steps', 'Enter');
  await page.waitForFunction(() => /changed the setup/.test(document.getElementById('lesson-banner').textContent));
  await page.click('#lesson-restart');
  await page.waitForFunction(() => /training\.steps=80/.test(location.hash) && !/changed the setup/.test(document.getElementById('lesson-banner').textContent));
  await page.screenshot({ path: `${artifacts}/lesson-menu.png`, fullPage: false });
  await page.click('#lesson-leave');
  await page.waitForFunction(() => !/lesson=/.test(location.hash) && document.getElementById('lesson-banner').hidden);
  // The race stays: leaving a lesson only drops its caption.
  assert.equal(await page.locator('#race').getAttribute('data-runs'), '2');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  const bad = await openPage(browser, `${server.url}#lesson=nope`);
  // (The notices panel may not be built yet when the wait starts on a loaded machine: no element is not shown.)
  await bad.waitForFunction(() => document.getElementById('notice')?.hidden === false, null, { timeout: 30000 });
  assert.match(await bad.locator('#notice-list').textContent(), /there is no lesson "nope"/);
  assert.equal(await bad.locator('#lesson-banner').isHidden(), true);
  assert.deepEqual(bad.problems, []);
  await bad.context().close();
});

test('axe finds no serious or critical problems on a lesson with a race, the function view and the menu open', async () => {
  const require = createRequire(import.meta.url);
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  for (const id of ['local-minima', 'bce-vs-hinge']) {
    const page = await openPage(browser, `${server.url}?steps=20#lesson=${id}`);
    await page.waitForFunction(() => [...document.querySelectorAll('#race-table tbody tr')].length > 1 && document.getElementById('status')?.dataset.step === '20', null, { timeout: 30000 });
    await page.click('#lessons > summary');
    await page.evaluate(axe);
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
    });
    const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad, [], `${id}: ${JSON.stringify(result, null, 1)}`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});
