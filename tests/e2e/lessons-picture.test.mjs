// Every lesson as a learner opens it, on a desktop (1400x1000) and a phone (390x844): the page
// opens on the lesson's picture (the caption just above its focus card, both on screen, with at
// least 150 px of the card on a desktop and 300 px on a phone, where the checked claims and the
// answer's numbers wait behind their summary lines), the race
// lists exactly the runs the caption names, the speed control holds the lesson's pace, and once
// the runs have finished the caption shows its claims checked against the runs' own numbers, none
// failed, and an exercise's answer (from the page's runs) is the one the lesson expects. Screenshots at that moment: test-artifacts/lessons/<id>.png and <id>-phone.png.
// Not here: the claims through the engine in Node (tests/js/lesson-claims.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { artifacts, useBrowser } from '../helpers/browser.mjs';
import { LESSONS, lesson } from '../../web/lessons/lessons.js';
import { nodeOnly } from '../../web/lessons/claims.js';

let server;
let browser;
useBrowser((s, b) => { server = s; browser = b; });

const STOPPED = ['done', 'diverged', 'early_stopped', 'converged'];
const VIEWPORTS = { desktop: { width: 1400, height: 1000 }, phone: { width: 390, height: 844 } };

/** The runs a caption names: "(A)", "(B, learning rate 0.01)", "(B to D)". */
function namedRuns(caption) {
  const named = new Set();
  for (const m of caption.matchAll(/\(([A-F])(?: to ([A-F]))?[),]/g)) {
    for (let k = m[1].charCodeAt(0); k <= (m[2] ?? m[1]).charCodeAt(0); k++) named.add(String.fromCharCode(k));
  }
  return [...named].sort();
}

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  test(`${device}: every lesson opens on its picture, names its runs and shows its claims checked`, async (t) => {
    mkdirSync(`${artifacts}/lessons`, { recursive: true });
    const context = await browser.newContext({ viewport });
    for (const l of LESSONS) {
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      // ?steps=N trains the lesson to its end at the first open (the pace is what Play uses).
      await page.goto(`${server.url}?steps=${l.steps}#lesson=${l.id}`);
      const runs = 1 + (l.runs ?? []).length;
      // (A lesson of one run has no race table: its run is the status pill's.)
      await page.waitForFunction(({ n, stopped }) => {
        const rows = [...document.querySelectorAll('#race-table tbody tr')];
        const ended = n === 1 ? rows.length === 0 && stopped.includes(document.getElementById('status')?.dataset.status) : rows.length === n && rows.every((r) => stopped.includes(r.dataset.status));
        return ended && document.getElementById('lesson-banner')?.dataset.claims !== undefined;
      }, { n: runs, stopped: STOPPED }, { timeout: 90000 });
      const seen = await page.evaluate(() => {
        const box = (n) => { const r = n?.getBoundingClientRect(); return r ? { top: r.top, bottom: r.bottom } : null; };
        const banner = document.getElementById('lesson-banner');
        return {
          banner: box(banner), card: box(banner.nextElementSibling), cardId: banner.nextElementSibling?.id, height: innerHeight, toolbar: box(document.getElementById('toolbar')),
          runs: [...document.querySelectorAll('#race-table tbody tr')].map((r) => r.dataset.run),
          claims: banner.dataset.claims, items: [...document.querySelectorAll('#lesson-claims li[data-ok]')].map((li) => li.textContent),
          speed: document.getElementById('speed')?.value,
          checked: { head: document.querySelector('#lesson-checked > summary')?.textContent, open: document.getElementById('lesson-checked')?.open },
          answer: document.getElementById('lesson-answer')?.dataset.run ?? null, answerText: document.getElementById('lesson-answer')?.textContent,
        };
      });
      // The picture is next to the words: the caption is on screen and its focus card starts on screen below it.
      assert.equal(seen.cardId, { landscape: 'landscape', race: 'race', fits: 'race-fits', explain: 'explain', charts: undefined }[l.focus] ?? seen.cardId, `${l.id}: caption sits above ${seen.cardId}`);
      assert.ok(seen.banner.top >= 0 && seen.banner.bottom <= seen.height, `${l.id}: caption at ${JSON.stringify(seen.banner)} of ${seen.height}`);
      // ... and not under the sticky toolbar (three rows on a phone).
      assert.ok(seen.banner.top >= seen.toolbar.bottom - 1, `${l.id}: caption starts at ${seen.banner.top}, under the toolbar (bottom ${seen.toolbar.bottom})`);
      // At least 150 px of the picture on a desktop, 300 px on a phone, where the caption goes
      // compact (the claims and the answer's numbers behind their summary lines) below the
      // three-row toolbar once the runs end.
      t.diagnostic(`${l.id}: toolbar ends at ${Math.round(seen.toolbar.bottom)}, caption ${Math.round(seen.banner.top)}-${Math.round(seen.banner.bottom)}, card at ${Math.round(seen.card.top)} of ${seen.height}`);
      assert.ok(seen.card.top < seen.height - (device === 'phone' ? 300 : 150), `${l.id}: the ${l.focus} card starts at ${seen.card.top} of ${seen.height}`);
      // The claims' summary line says they all hold; open on a desktop, closed on a phone.
      assert.match(seen.checked.head, /^\u2713 (All \d+ claims hold|The claim holds) for these runs$/, l.id);
      assert.equal(seen.checked.open, device === 'desktop', `${l.id}: claims open`);
      // The race lists exactly the runs the caption names.
      // (A lesson of one run: the page's own run is A, with no race table.)
      assert.deepEqual(runs === 1 ? ['A'] : seen.runs, runs === 1 ? [...new Set(['A', ...namedRuns(l.caption)])] : namedRuns(l.caption), l.id);
      assert.equal(seen.speed, String(l.pace), `${l.id}: speed`);
      // The page checks every claim but those on what only the Node test keeps (claims.js nodeOnly), and they hold.
      assert.equal(seen.items.length, l.claims.filter((c) => !nodeOnly(c)).length, `${l.id}: ${seen.items.join(' | ')}`);
      assert.ok(!seen.claims.split(' ').includes('false'), `${l.id}: ${seen.items.join(' | ')}`);
      // The exercise's answer comes from the page's runs, and it is the one the lesson expects.
      if (l.exercise) assert.equal(seen.answer, l.exercise.expect, `${l.id}: ${seen.answerText}`);
      await page.screenshot({ path: `${artifacts}/lessons/${l.id}${device === 'phone' ? '-phone' : ''}.png` });
      t.diagnostic(`${l.id}: ${seen.items.join(' | ')}${seen.answerText ? ` || ${seen.answerText}` : ''}`);
      assert.deepEqual(problems, [], l.id);
      await page.close();
    }
    await context.close();
  });
}

test('a lesson plays at its pace with Play, Step still takes one step, and the exercise answers the keyboard prediction', async () => {
  const l = lesson('momentum-valley');
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
  const page = await context.newPage();
  await page.goto(`${server.url}#lesson=${l.id}`);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready', null, { timeout: 30000 });
  assert.equal(await page.locator('#speed').inputValue(), String(l.pace));
  // The prediction by keyboard: the radio group takes the arrow keys.
  await page.focus('#lesson-exercise input[value=A]');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.locator('#lesson-exercise input:checked').getAttribute('value'), 'B');
  assert.equal(await page.locator('#lesson-answer').isHidden(), true);
  await page.click('#step');
  await page.waitForFunction(() => document.getElementById('status')?.dataset.step === '1', null, { timeout: 10000 });
  await page.click('#play');
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'done', null, { timeout: 60000 });
  assert.equal(await page.locator('#status').getAttribute('data-step'), String(l.spec.training.steps));
  await page.waitForFunction(() => document.getElementById('lesson-answer')?.dataset.run, null, { timeout: 10000 });
  assert.equal(await page.locator('#lesson-answer > summary').textContent(), 'Answer: B, momentum. Your prediction was right.');
  assert.match(await page.locator('#lesson-answer > p').textContent(), /^Reached 0\.1% of its start: A after 74 steps, B after 23 steps\. Why: /);
  assert.equal(await page.locator('#lesson-answer > p').isVisible(), true);
  // The learner's speed choice wins over the lesson's pace.
  await page.selectOption('#speed', '100');
  assert.equal(await page.locator('#speed').inputValue(), '100');
  await context.close();
});
