// The chain-rule lesson in headless Chromium: #lesson=chain-rule opens on the explain card, three
// Steps later the card's chain rule (its data-* attributes: the factors of the product, the row's
// loss and dL/dw) are the engine's numbers for the same run computed here in Node
// (session.chainRule after the same steps), the factors multiply to the gradient, the lines are
// MathML with their plain form; a row past the last is clamped with a note naming the rows, and
// the card then shows that row's numbers. Screenshot: test-artifacts/chain-rule.png.
// Not here: the engine's chain rule against finite differences (tests/native, tests/js/chain-rule).
import test from 'node:test';
import assert from 'node:assert/strict';
import { openPage, artifacts, useBrowser } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';
import { lesson } from '../../web/lessons/lessons.js';
import { lessonRuns } from '../../web/lessons/records.js';
import { chainLines } from '../../web/views/explain-lines.js';

let server;
let browser;
useBrowser((s, b) => { server = s; browser = b; });

const STEPS = 3;
const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
const chainData = (page) => page.evaluate(() => ({ ...document.getElementById('explain-chain').dataset }));

test('the chain-rule lesson: the card\'s factors are the engine\'s, a row past the last is clamped', async () => {
  const descent = await loadDescent();
  const [{ spec }] = lessonRuns(lesson('chain-rule'), descent.registry());
  const s = descent.session(spec);
  s.run(STEPS);
  const want = (row) => s.chainRule(row, 0);

  const page = await openPage(browser, `${server.url}#lesson=chain-rule`, { viewport: { width: 1280, height: 1000 } });
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready', null, { timeout: 60000 });
  // Nothing has trained yet (a lesson waits for Play); the steps are taken by hand.
  assert.equal(await page.locator('#play').getAttribute('aria-pressed'), 'false');
  for (let i = 0; i < STEPS; i++) {
    await page.locator('#step').click();
    await page.waitForFunction((n) => Number(document.getElementById('explain')?.dataset.atStep) === n, i + 1, { timeout: 30000 });
  }
  // The caption sits right above the explain card (the lesson's focus), and the card starts on screen.
  assert.equal(await page.evaluate(() => document.getElementById('lesson-banner')?.nextElementSibling?.id), 'explain');
  const top = await page.evaluate(() => document.getElementById('explain').getBoundingClientRect().top);
  assert.ok(top >= 0 && top < 1000 - 150, `explain card starts at ${top}`);
  await page.waitForFunction(() => document.querySelectorAll('#explain .chain-lines math').length >= 4, null, { timeout: 30000 });

  const d = await chainData(page);
  const c = want(0);
  const lines = chainLines(c);
  assert.equal(d.sample, '0');
  assert.equal(d.param, '0');
  const factors = d.factors.split(',').map(Number);
  assert.deepEqual(d.factorNames.split('|'), lines.factors.map((f) => f.name));
  assert.equal(factors.length, lines.factors.length);
  factors.forEach((v, k) => assert.ok(close(v, lines.factors[k].value), `${lines.factors[k].name}: card ${v}, engine ${lines.factors[k].value}`));
  assert.ok(close(Number(d.grad), c.grad), `dL/dw: card ${d.grad}, engine ${c.grad}`);
  assert.ok(close(Number(d.loss), c.loss), `loss: card ${d.loss}, engine ${c.loss}`);
  assert.ok(Math.abs(Number(d.product) - c.grad) <= 1e-5 * Math.max(1e-6, Math.abs(c.grad)), `product ${d.product} vs dL/dw ${c.grad}`);
  // The typeset lines carry their plain form; the last one is the product with the gradient's number.
  // (The lines are typeset at most every 250 ms while the numbers change: the last step's may
  // still be waiting for its turn; the data-* attributes above are current at once.)
  const product = lines.lines.find((l) => l.eq.startsWith('∂L/∂W1[0][0]'));
  const typeset = () => page.evaluate(() => [...document.querySelectorAll('#explain .chain-lines math')].map((m) => m.getAttribute('alttext')));
  await page.waitForFunction((eq) => [...document.querySelectorAll('#explain .chain-lines math')].some((m) => m.getAttribute('alttext') === eq), product.eq, { timeout: 10000 })
    .catch(async (e) => { e.message += `\n  want ${product.eq}\n  in ${(await typeset()).join(' | ')}`; throw e; });
  assert.match(await page.locator('#explain .chain-mean').textContent(), /mean of such gradients over its mini-batch of 8 rows/);
  await page.locator('#explain').screenshot({ path: `${artifacts}chain-rule.png` });

  // Row 99 of 8: clamped to the last row, with a note; the numbers are row 7's.
  await page.locator('#explain-sample').fill('99');
  await page.locator('#explain-sample').press('Enter');
  await page.waitForFunction(() => document.getElementById('explain-chain')?.dataset.sample === '7', null, { timeout: 30000 });
  assert.equal(await page.locator('#explain-sample').inputValue(), '7');
  assert.equal(await page.locator('#explain-sample-note').textContent(), 'Row 99 is past the last training row: showing row 7 (rows 0 to 7).');
  const d7 = await chainData(page);
  assert.ok(close(Number(d7.grad), want(7).grad), `row 7: card ${d7.grad}, engine ${want(7).grad}`);
  assert.ok(!close(Number(d7.grad), c.grad), 'row 7 has its own gradient');
  await page.locator('#explain').screenshot({ path: `${artifacts}chain-rule-row7.png` });
  assert.deepEqual(page.problems ?? [], []);
  s.dispose();
});
