// The playground on a phone (390 x 844, touch, in both themes) and under reduced motion, in
// headless Chromium: the data plot and Play are on the first screen, the transport stays on screen
// while scrolling, the loss curves come right after the picture, the settings cards are folded
// until tapped, nothing scrolls sideways; with prefers-reduced-motion nothing starts by itself (an
// element's autoplay waits for Play, which still plays) and transitions are off. Screenshots:
// test-artifacts/theme/phone-{light,dark}.png. Not here: the colours themselves (theme.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { artifacts, useBrowser } from '../helpers/browser.mjs';

const shots = `${artifacts}theme/`;
mkdirSync(shots, { recursive: true });

let server;
let browser;
useBrowser((s, b) => { server = s; browser = b; }, { root: '.' });

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };

async function open(url, options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  await page.goto(url);
  return page;
}

const rect = (page, sel) => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().toJSON(), sel);

for (const colorScheme of ['light', 'dark']) {
  test(`390 x 844 phone, ${colorScheme}: plot and Play on the first screen, sticky transport, loss curves next, settings folded, no sideways scrolling`, async () => {
    const page = await open(`${server.url}dist/index.html?steps=20#data.generator=blobs&data.classes=3`, { ...PHONE, colorScheme });
    await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 20, null, { timeout: 60000 });
    for (const sel of ['.data-plot', '#play']) {
      const r = await rect(page, sel);
      assert.ok(r.top >= 0 && r.bottom <= 844 && r.left >= 0 && r.right <= 390, `${sel} is not on the first screen: ${JSON.stringify(r)}`);
    }
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'sideways scrolling');
    await page.screenshot({ path: `${shots}phone-${colorScheme}.png` });

    // The output column: the picture first, the loss curves second.
    const order = await page.evaluate(() => [...document.querySelectorAll('#output > .card')].map((c) => [c.className, c.getBoundingClientRect().top]).sort((a, b) => a[1] - b[1]).map((c) => c[0]));
    assert.match(order[0], /plot-card/);
    assert.match(order[1], /\bcharts\b/);

    // The transport stays on screen when the page scrolls.
    await page.evaluate(() => window.scrollTo(0, 2000));
    const play = await rect(page, '#play');
    assert.ok(play.top >= 0 && play.bottom <= 844, `Play scrolled away: ${JSON.stringify(play)}`);

    // Settings: folded; a tap opens one and its controls can be used.
    const folds = await page.evaluate(() => [...document.querySelectorAll('details.fold')].map((d) => [d.querySelector('summary').textContent, d.open]));
    assert.ok(folds.length >= 4, JSON.stringify(folds));
    assert.deepEqual(folds.filter(([, open]) => open), [], 'a settings card is open on a phone');
    const summary = page.locator('details.fold > summary', { hasText: 'Optimizer' });
    await summary.scrollIntoViewIfNeeded();
    await summary.tap();
    assert.equal(await page.evaluate(() => [...document.querySelectorAll('details.fold')].find((d) => d.textContent.includes('Optimizer')).open), true);
    assert.ok(await page.locator('details.fold[open] select').first().isVisible(), 'the opened card shows its controls');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'sideways scrolling with a card open');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

test('wide screens: the settings cards are open and their fold bar is hidden', async () => {
  const page = await open(`${server.url}dist/index.html?steps=1`, { viewport: { width: 1280, height: 900 } });
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 1, null, { timeout: 60000 });
  const folds = await page.evaluate(() => [...document.querySelectorAll('details.fold')].map((d) => ({ open: d.open, bar: getComputedStyle(d.querySelector('summary')).display })));
  assert.ok(folds.length >= 4);
  assert.deepEqual(folds.filter((f) => !f.open || f.bar !== 'none'), []);
  await page.context().close();
});

// ---- reduced motion -----------------------------------------------------------------------------------
const fixture = `${artifacts}fixtures/phone-autoplay.html`;
mkdirSync(`${artifacts}fixtures`, { recursive: true });
writeFileSync(fixture, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'">
<link rel="icon" href="data:,"><title>autoplay</title>
<script type="module" src="../../dist/embed.js"></script></head>
<body><main><h1>autoplay</h1>
<descent-playground id="host" autoplay spec="#data.generator=moons"></descent-playground>
</main></body></html>
`);

const hostState = (page) => page.evaluate(() => {
  const s = document.getElementById('host').shadowRoot?.querySelector('.status');
  return s ? { state: s.dataset.state, step: Number(s.dataset.step ?? 0) } : null;
});

for (const reducedMotion of ['no-preference', 'reduce']) {
  test(`prefers-reduced-motion: ${reducedMotion}: ${reducedMotion === 'reduce' ? 'autoplay waits for Play (which plays), transitions are off' : 'autoplay plays at once, transitions run'}`, async () => {
    const page = await open(`${server.url}test-artifacts/fixtures/phone-autoplay.html`, { viewport: { width: 1000, height: 900 }, reducedMotion });
    // The first open either starts playing (autoplay) or stays ready: decided when the engine opens.
    await page.waitForFunction(() => ['running', 'ready', 'paused'].includes(document.getElementById('host').shadowRoot?.querySelector('.status')?.dataset.state), null, { timeout: 60000 });
    await page.waitForFunction(() => document.getElementById('host').shadowRoot.querySelector('.status').dataset.state !== 'loading', null, { timeout: 60000 });
    const first = await hostState(page);
    if (reducedMotion === 'reduce') {
      assert.notEqual(first.state, 'running', 'autoplay started under reduced motion');
      assert.equal(first.step, 0);
      await page.locator('#host').locator('button.play').click();
      await page.waitForFunction(() => Number(document.getElementById('host').shadowRoot.querySelector('.status').dataset.step) > 0, null, { timeout: 60000 });
    } else {
      await page.waitForFunction(() => Number(document.getElementById('host').shadowRoot.querySelector('.status').dataset.step) > 0, null, { timeout: 60000 });
    }
    // A transition set on a button: the reduced-motion rule overrides it (CSSOM, allowed by the CSP).
    const duration = await page.evaluate(() => {
      const b = document.getElementById('host').shadowRoot.querySelector('button.play');
      b.style.transition = 'opacity 1s';
      return getComputedStyle(b).transitionDuration;
    });
    assert.equal(duration, reducedMotion === 'reduce' ? '0s' : '1s');
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}
