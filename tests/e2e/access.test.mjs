// Accessibility in headless Chromium: axe-core finds no serious or critical problem on the
// playground, the example tutorial (two embedded elements, shadow DOM), the lessons example (an
// element with a race, an iframe) and ?embed mode, in the light and the dark theme; all four
// fit a 360 px phone without sideways scrolling; the controls work from the keyboard with a
// visible focus ring; a tap on a touch screen adds a point (pointer events, not mouse events);
// class colours stay apart under the three kinds of colour blindness and every class has its own
// marker shape. Screenshots go to test-artifacts/.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { openPage, artifacts, useBrowser } from '../helpers/browser.mjs';
import { CLASS_COLORS, CLASS_COLORS_DARK, MARKERS, hexRgb } from '../../web/palette.js';

const require = createRequire(import.meta.url);
// Injected with evaluate(): the pages' CSP (rightly) refuses an inline <script> tag.
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;

useBrowser((s, b) => { server = s; browser = b; });

const PAGES = {
  playground: '?steps=20#data.generator=blobs&data.classes=3',
  tutorial: 'examples/tutorial.html',
  lessons: 'examples/lessons.html',
  embed: '?embed&panels=data,loss,metrics&controls=play,step,reset,lr,speed,points&steps=20#data.generator=moons',
};

async function ready(page, name) {
  if (name === 'lessons') {
    await page.waitForFunction(() => document.getElementById('momentum')?.shadowRoot?.querySelectorAll('#race-table tbody tr').length === 2, null, { timeout: 40000 });
  } else if (name === 'tutorial') {
    await page.waitForFunction(() => [...document.querySelectorAll('descent-playground')].every((e) => e.shadowRoot?.querySelector('.status')?.dataset.state === 'ready'), null, { timeout: 40000 });
  } else {
    await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 20, null, { timeout: 40000 });
  }
}

/** axe's violations on the page; exclude: CSS selectors left out (none unless said why). */
async function axe(page, exclude = []) {
  await page.evaluate(AXE);
  return page.evaluate(async (exclude) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) }));
  }, exclude);
}

for (const [name, path] of Object.entries(PAGES)) {
  test(`axe: no serious or critical violations on the ${name} page (wide and 360 px)`, async (t) => {
    for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 780 }]) {
      const page = await openPage(browser, `${server.url}${path}`, { viewport });
      await ready(page, name);
      const found = await axe(page);
      const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad, [], JSON.stringify(found, null, 1));
      if (found.length) t.diagnostic(`${name} ${viewport.width}px, minor: ${found.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
      assert.deepEqual(page.problems, []);
      await page.context().close();
    }
  });

  // The dark theme (the system prefers dark: the page and every element follow it).
  test(`axe: no serious or critical violations on the ${name} page in the dark theme (wide and 390 px touch)`, async (t) => {
    for (const options of [{ viewport: { width: 1280, height: 900 } }, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }]) {
      const context = await browser.newContext({ ...options, colorScheme: 'dark' });
      const page = await context.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto(`${server.url}${path}`);
      await ready(page, name);
      // really dark: the playground's cards (the page's, or the first element's) have a dark background
      const card = await page.evaluate(() => {
        const root = document.querySelector('descent-playground')?.shadowRoot ?? document;
        return getComputedStyle(root.querySelector('.card, .status')?.closest('.card') ?? root.querySelector('.card')).backgroundColor;
      });
      const [r, g, b] = card.match(/[\d.]+/g).map(Number);
      assert.ok(r + g + b < 3 * 80, `${name}: the card is not dark (${card})`);
      const found = await axe(page);
      const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      assert.deepEqual(bad, [], JSON.stringify(found, null, 1));
      if (found.length) t.diagnostic(`${name} dark ${options.viewport.width}px, minor: ${found.map((v) => `${v.id} (${v.impact})`).join(', ')}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
}

test('360 px phones: no sideways scrolling; the embedded playgrounds train', async () => {
  for (const [name, path] of Object.entries(PAGES)) {
    const page = await openPage(browser, `${server.url}${path}`, { viewport: { width: 360, height: 780 } });
    await ready(page, name);
    if (name === 'lessons') {
    await page.waitForFunction(() => document.getElementById('momentum')?.shadowRoot?.querySelectorAll('#race-table tbody tr').length === 2, null, { timeout: 40000 });
  } else if (name === 'tutorial') {
      await page.click('#good-steps button.play');
      await page.waitForFunction(() => Number(document.getElementById('good-steps').shadowRoot.querySelector('.status').dataset.step) >= 100, null, { timeout: 40000 });
      await page.locator('#good-steps').scrollIntoViewIfNeeded();
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${name}: scrollWidth ${width}`);
    await page.screenshot({ path: `${artifacts}/access-360-${name}.png`, fullPage: true });
    assert.deepEqual(page.problems, []);
    await page.context().close();
  }
});

/** The focused element, through shadow roots: { tag, text, outline }. */
const focused = (page) => page.evaluate(() => {
  let e = document.activeElement;
  while (e?.shadowRoot?.activeElement) e = e.shadowRoot.activeElement;
  const cs = e ? getComputedStyle(e) : null;
  return e ? { tag: e.tagName.toLowerCase(), text: (e.textContent || e.getAttribute('aria-label') || '').trim(), id: e.id, outline: `${cs.outlineStyle} ${cs.outlineWidth}` } : null;
});

test('keyboard: the embedded playground and the export buttons work with Tab, Space and Enter, with a visible focus ring', async () => {
  const page = await openPage(browser, `${server.url}${PAGES.tutorial}`);
  await ready(page, 'tutorial');
  // Tab from the top of the page into the second playground's Play button.
  await page.locator('#good-steps').evaluate((e) => e.previousElementSibling.setAttribute('tabindex', '-1'));
  await page.locator('#good-steps').evaluate((e) => e.previousElementSibling.focus());
  await page.keyboard.press('Tab');
  let f = await focused(page);
  assert.equal(f.tag, 'button');
  assert.match(f.text, /Play/);
  assert.match(f.outline, /^solid [23]px$/, `focus ring: ${f.outline}`);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => Number(document.getElementById('good-steps').shadowRoot.querySelector('.status').dataset.step) >= 20, null, { timeout: 30000 });
  // Next stops: Reset, then the learning-rate slider, which arrow keys move.
  await page.keyboard.press('Tab');
  assert.match((await focused(page)).text, /Reset/);
  await page.keyboard.press('Tab');
  f = await focused(page);
  assert.equal(f.text, 'Learning rate (log scale)');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.getElementById('good-steps').spec.optimizer.lr < 0.3);
  await page.screenshot({ path: `${artifacts}/access-keyboard-embed.png` });
  await page.context().close();

  // The export card on the playground page: Enter on a focused button downloads.
  const main = await openPage(browser, `${server.url}${PAGES.playground}`);
  await ready(main, 'playground');
  await main.focus('#export-history');
  const [dl] = await Promise.all([main.waitForEvent('download'), main.keyboard.press('Enter')]);
  assert.match(dl.suggestedFilename(), /^descent-blobs-history-step20\.csv$/);
  assert.match((await focused(main)).outline, /^solid [23]px$/);
  assert.deepEqual(main.problems, []);
  await main.context().close();
});

test('touch: a tap on the plot adds a point (playground, and ?embed with the points control)', async () => {
  for (const path of ['#data.generator=moons&data.samples=80&preprocess.validation_split=0', '?embed&panels=data&controls=play,points#data.generator=moons&data.samples=80&preprocess.validation_split=0']) {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${server.url}${path}`);
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready', null, { timeout: 30000 });
    // Record what kind of event the tap produced.
    await page.evaluate(() => {
      window.tapKinds = [];
      document.getElementById('data-plot').addEventListener('click', (e) => window.tapKinds.push(e.pointerType ?? 'none'));
    });
    const box = await page.locator('#data-plot').boundingBox();
    await page.touchscreen.tap(box.x + box.width * 0.45, box.y + box.height * 0.35);
    await page.waitForFunction(() => location.hash.includes('data.source=inline'), null, { timeout: 10000 });
    assert.match(await page.evaluate(() => location.hash), /data\.y=[01,]+&/);
    assert.deepEqual(await page.evaluate(() => window.tapKinds), ['touch']);
    await page.screenshot({ path: `${artifacts}/access-touch-${path.startsWith('?embed') ? 'embed' : 'playground'}.png` });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// ---- colours ---------------------------------------------------------------------------------
// Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear RGB.
const CVD = {
  protanopia: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
  deuteranopia: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
  tritanopia: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
};
const toLinear = (c) => { const v = c / 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
/** CIE L*a*b* (D65) of linear RGB. */
function lab([r, g, b]) {
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const clamp01 = (v) => Math.min(1, Math.max(0, v));
const simulate = (m, rgb) => m.map((row) => clamp01(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]));
const dE = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

test('classes differ by more than hue: distinct under colour blindness in both themes, and one marker shape each', () => {
  for (const [theme, colors] of Object.entries({ light: CLASS_COLORS, dark: CLASS_COLORS_DARK })) {
    const first = colors.slice(0, 4).map((c) => hexRgb(c).map(toLinear));
    for (const [kind, m] of Object.entries(CVD)) {
      const seen = first.map((c) => lab(simulate(m, c)));
      for (let i = 0; i < seen.length; i++) {
        for (let j = i + 1; j < seen.length; j++) {
          // dE76 of 10 or more is clearly visible side by side.
          assert.ok(dE(seen[i], seen[j]) >= 10, `${theme}, ${kind}: class ${i} ${colors[i]} and class ${j} ${colors[j]} look alike (dE ${dE(seen[i], seen[j]).toFixed(1)})`);
        }
      }
    }
  }
  assert.equal(new Set(MARKERS).size, MARKERS.length);
  assert.ok(MARKERS.length >= CLASS_COLORS.length);
});
