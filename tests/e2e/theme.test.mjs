// Dark mode in headless Chromium: the header's Light/Dark/System toggle (kept across a reload),
// prefers-color-scheme when it says "System", and every live chart switching with it, checked
// against the CSS custom property it should paint (read back from canvas pixels and from uPlot's
// legend markers, which carry each series' stroke); the element's theme attribute does the same in
// its shadow root; the palette's contrast (WCAG 2 formula) in both themes. Screenshots go to
// test-artifacts/theme/. Not here: the phone layout and reduced motion (phone.test.mjs), axe
// (access.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { artifacts, useBrowser, downloadOf } from '../helpers/browser.mjs';

const shots = `${artifacts}theme/`;
mkdirSync(shots, { recursive: true });

let server;
let browser;
useBrowser((s, b) => { server = s; browser = b; });

/** A page in a fresh context (colorScheme: the system's preference), recording errors. */
async function open(path, { colorScheme = 'light', viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ colorScheme, viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  await page.goto(`${server.url}${path}`);
  return page;
}

const stepAtLeast = (page, n) => page.waitForFunction((k) => Number(document.getElementById('status')?.dataset.step) >= k, n, { timeout: 60000 });

// ---- colour arithmetic (WCAG 2.1: relative luminance and contrast ratio) -----------------------
const parse = (c) => {
  const m = /^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+))?/.exec(c);
  assert.ok(m, `not a colour: ${c}`);
  return { rgb: [Number(m[1]), Number(m[2]), Number(m[3])], alpha: m[4] === undefined ? 1 : Number(m[4]) };
};
function luminance([r, g, b]) {
  const f = (v) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
/** a painted with its alpha over an opaque background. */
const over = ({ rgb, alpha }, bg) => rgb.map((v, i) => v * alpha + bg[i] * (1 - alpha));
const near = (a, b, tol = 3) => a.every((v, i) => Math.abs(v - b[i]) <= tol);

test('the contrast formula: black on white is 21:1, #777 on white 4.48:1 (published values)', () => {
  assert.equal(Number(contrast([0, 0, 0], [255, 255, 255]).toFixed(2)), 21);
  assert.equal(Number(contrast([0x77, 0x77, 0x77], [255, 255, 255]).toFixed(2)), 4.48);
});

/**
 * The custom properties as the browser resolves them where `host` is (a CSS selector for an element
 * whose shadow root holds the playground, or null for the page): name -> 'rgb(…)'.
 */
function resolved(page, names, host = null) {
  return page.evaluate(({ names, host }) => {
    const root = host ? document.querySelector(host).shadowRoot : document.body;
    const span = document.createElement('span');
    root.append(span);
    const out = {};
    for (const n of names) { span.style.color = `var(--${n})`; out[n] = getComputedStyle(span).color; }
    span.remove();
    return out;
  }, { names, host });
}

const LINES = ['series-train', 'series-validation', 'series-lr', 'series-grad', 'series-fit', 'series-points', 'run-0', 'run-1', 'run-2', 'run-3', 'run-4', 'run-5', 'chart-axis'];
const CHART_TEXT = ['chart-ink', 'chart-label', 'series-validation-text'];
const PAGE_TEXT = ['ink', 'ink-2', 'muted', 'accent', 'danger', 'ok', 'warn-ink', 'code-ink'];
const CLASSES = Array.from({ length: 10 }, (_, k) => `class-${k}`);

for (const scheme of ['light', 'dark']) {
  test(`contrast in the ${scheme} theme: chart lines >= 3:1, text >= 4.5:1, every class marker stands out by its fill or its edge`, async () => {
    const page = await open('?steps=1', { colorScheme: scheme });
    await stepAtLeast(page, 1);
    const c = await resolved(page, [...LINES, ...CHART_TEXT, ...PAGE_TEXT, ...CLASSES, 'chart-bg', 'card', 'bg', 'marker-edge']);
    const bg = parse(c['chart-bg']).rgb;
    // the dark theme is dark and the light one light (the toggle's "system" followed the preference)
    assert.ok(scheme === 'dark' ? luminance(bg) < 0.05 : luminance(bg) > 0.9, `${scheme}: chart-bg ${c['chart-bg']}`);
    const low = [];
    for (const n of LINES) { const r = contrast(over(parse(c[n]), bg), bg); if (r < 3) low.push(`${n} ${r.toFixed(2)}`); }
    for (const n of CHART_TEXT) { const r = contrast(over(parse(c[n]), bg), bg); if (r < 4.5) low.push(`${n} ${r.toFixed(2)}`); }
    for (const surface of ['card', 'bg']) {
      const s = parse(c[surface]).rgb;
      for (const n of PAGE_TEXT) { const r = contrast(parse(c[n]).rgb, s); if (r < 4.5) low.push(`${n} on ${surface} ${r.toFixed(2)}`); }
    }
    const edge = over(parse(c['marker-edge']), bg);
    for (const n of CLASSES) {
      const r = Math.max(contrast(parse(c[n]).rgb, bg), contrast(edge, bg));
      if (r < 3) low.push(`${n} marker ${r.toFixed(2)}`);
    }
    assert.deepEqual(low, [], `${scheme}: too little contrast`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
}

// ---- every chart switches ------------------------------------------------------------------------
/** uPlot's legend markers (their border is the series' stroke), by series label, inside root. */
function legendStrokes(page, rootSel, host = null) {
  return page.evaluate(({ rootSel, host }) => {
    const top = host ? document.querySelector(host).shadowRoot : document;
    const out = {};
    for (const row of top.querySelectorAll(`${rootSel} .u-legend .u-series`)) {
      const label = row.querySelector('.u-label')?.textContent;
      const mark = row.querySelector('.u-marker');
      if (label && mark) out[label] = getComputedStyle(mark).borderTopColor;
    }
    return out;
  }, { rootSel, host });
}

/** The most common opaque colour in a canvas's rectangle (its background where little is drawn). */
function modeColor(page, sel, host = null, inset = 0.15) {
  return page.evaluate(({ sel, host, inset }) => {
    const top = host ? document.querySelector(host).shadowRoot : document;
    const c = top.querySelector(sel);
    const ctx = c.getContext('2d');
    const x0 = Math.round(c.width * inset);
    const y0 = Math.round(c.height * inset);
    const d = ctx.getImageData(x0, y0, c.width - 2 * x0, c.height - 2 * y0).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] < 255) continue;
      const k = `${d[i]},${d[i + 1]},${d[i + 2]}`;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let best = null;
    for (const [k, n] of counts) if (!best || n > best[1]) best = [k, n];
    return best ? best[0].split(',').map(Number) : null;
  }, { sel, host, inset });
}

/** A canvas pixel (canvas pixels, not CSS px) as [r, g, b]. */
function pixel(page, sel, x, y) {
  return page.evaluate(({ sel, x, y }) => [...document.querySelector(sel).getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3)], { sel, x, y });
}

/** How many pixels of a canvas are within 3 of each given colour. */
function countNear(page, sel, colors) {
  return page.evaluate(({ sel, colors }) => {
    const c = document.querySelector(sel);
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return colors.map((rgb) => {
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] === 255 && Math.abs(d[i] - rgb[0]) <= 3 && Math.abs(d[i + 1] - rgb[1]) <= 3 && Math.abs(d[i + 2] - rgb[2]) <= 3) n++;
      return n;
    });
  }, { sel, colors });
}

async function chooseTheme(page, value) {
  await page.selectOption('#theme', value);
  // the charts are drawn again at the next frame (uPlot charts are rebuilt)
  await page.waitForFunction((v) => (v === 'system' ? !document.documentElement.hasAttribute('data-theme') : document.documentElement.dataset.theme === v), value);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** What each chart paints now, and what the custom properties say it should be. */
async function chartsNow(page) {
  const want = await resolved(page, ['chart-bg', 'series-train', 'series-validation', 'series-grad', 'class-0']);
  const loss = await legendStrokes(page, '.charts');
  const lrf = await legendStrokes(page, '#lr-finder');
  return {
    want,
    got: {
      // Function mode's loss is exact: drawn as it is (no smoothed series; charts/panel.js).
      loss: loss['train (per step)'],
      validation: loss['validation (per epoch)'],
      grad: loss['‖g‖'],
      lrf: lrf.smoothed,
      landscape: await pixel(page, '#landscape canvas', 2, 2),
    },
  };
}

test('the toggle switches every chart on the page between light and dark, and the choice survives a reload', async () => {
  // The system prefers light; the landscape (function mode) and the LR finder draw without a run.
  const page = await open('?steps=30#data.source=function', { colorScheme: 'light' });
  await stepAtLeast(page, 30);
  await page.click('#lrf-run');
  await page.waitForFunction(() => document.querySelector('#lr-finder .u-legend'), null, { timeout: 60000 });
  assert.equal(await page.inputValue('#theme'), 'system');

  const seen = {};
  for (const theme of ['light', 'dark']) {
    await chooseTheme(page, theme);
    const { want, got } = await chartsNow(page);
    assert.equal(got.loss, want['series-train'], `${theme}: loss curve stroke`);
    assert.equal(got.validation, want['series-validation'], `${theme}: validation stroke`);
    assert.equal(got.grad, want['series-grad'], `${theme}: gradient norm stroke`);
    assert.equal(got.lrf, want['series-train'], `${theme}: LR finder stroke`);
    assert.ok(near(got.landscape, parse(want['chart-bg']).rgb), `${theme}: landscape background ${got.landscape} vs ${want['chart-bg']}`);
    seen[theme] = want;
  }
  // the two themes really differ (so the equalities above say something)
  for (const n of ['chart-bg', 'series-train', 'series-validation', 'series-grad']) assert.notEqual(seen.light[n], seen.dark[n], n);

  await page.screenshot({ path: `${shots}dark.png`, fullPage: true });
  await page.reload();
  await stepAtLeast(page, 30);
  assert.equal(await page.inputValue('#theme'), 'dark');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const again = await legendStrokes(page, '.charts');
  assert.equal(again['train (per step)'], seen.dark['series-train'], 'after a reload the charts start dark');
  // back to the system's (light) preference: nothing stored
  await chooseTheme(page, 'system');
  assert.equal((await legendStrokes(page, '.charts'))['train (per step)'], seen.light['series-train']);
  assert.equal(await page.evaluate(() => localStorage.getItem('descent-playground:theme')), null);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the data plot, its legend and the generator thumbnails follow the theme; "System" follows prefers-color-scheme', async () => {
  // 1-D regression: the plot's area is mostly background; the system prefers dark.
  const page = await open('?steps=20#data.generator=sine', { colorScheme: 'dark' });
  await stepAtLeast(page, 20);
  const seen = {};
  for (const expect of ['dark', 'light']) {
    if (expect === 'light') await page.emulateMedia({ colorScheme: 'light' });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const want = await resolved(page, ['chart-bg', 'class-0']);
    const bg = parse(want['chart-bg']).rgb;
    assert.ok(expect === 'dark' ? luminance(bg) < 0.05 : luminance(bg) > 0.9, `${expect}: ${want['chart-bg']}`);
    const plotBg = await modeColor(page, '.data-plot');
    assert.ok(near(plotBg, bg), `${expect}: data plot background ${plotBg} vs ${want['chart-bg']}`);
    // the Blobs thumbnail's class-0 dots are in this theme's class-0 colour, and none in the other's
    const found = await page.evaluate(() => {
      const tile = [...document.querySelectorAll('.tile')].find((t) => t.textContent.trim() === 'Blobs');
      tile?.querySelector('canvas')?.setAttribute('id', 'blobs-thumb');
      return !!tile?.querySelector('canvas');
    });
    assert.ok(found, 'the Blobs tile has a canvas');
    seen[expect] = parse(want['class-0']).rgb;
    const [hits] = await countNear(page, '#blobs-thumb', [seen[expect]]);
    assert.ok(hits > 0, `${expect}: no ${want['class-0']} pixel in the Blobs thumbnail`);
    if (expect === 'light') {
      const [stale] = await countNear(page, '#blobs-thumb', [seen.dark]);
      assert.equal(stale, 0, 'light: dark class-0 pixels left in the thumbnail');
    }
  }
  await page.screenshot({ path: `${shots}light.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the element: theme="dark" repaints its race chart in its shadow root; removing it follows the system', async () => {
  const page = await open('examples/lessons.html', { colorScheme: 'light' });
  const host = '#momentum';
  await page.waitForFunction(() => document.getElementById('momentum')?.shadowRoot?.querySelectorAll('#race-table tbody tr').length === 2, null, { timeout: 60000 });
  await page.waitForFunction(() => document.getElementById('momentum').shadowRoot.querySelector('#race-chart .u-legend'), null, { timeout: 60000 });
  const runs = async () => Object.values(await legendStrokes(page, '#race-chart', host)).slice(1, 3);
  const light = await resolved(page, ['run-0', 'run-1', 'chart-bg'], host);
  assert.deepEqual(await runs(), [light['run-0'], light['run-1']]);
  await page.evaluate(() => document.getElementById('momentum').setAttribute('theme', 'dark'));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const dark = await resolved(page, ['run-0', 'run-1', 'chart-bg'], host);
  assert.notEqual(dark['run-0'], light['run-0']);
  assert.deepEqual(await runs(), [dark['run-0'], dark['run-1']], 'race lines after theme="dark"');
  // the attribute themes the element only
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);
  await page.locator(host).scrollIntoViewIfNeeded();
  await page.locator(host).screenshot({ path: `${shots}element-dark.png` });
  await page.evaluate(() => document.getElementById('momentum').removeAttribute('theme'));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.deepEqual(await runs(), [light['run-0'], light['run-1']], 'no attribute: the system (light) again');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the race on the page: run lines and the fitted curves switch with the toggle', async () => {
  const page = await open('?steps=10#data.generator=sine', { colorScheme: 'light' });
  await stepAtLeast(page, 10);
  await page.click('#race-add');
  await page.click('#play');
  await page.waitForFunction(() => !document.getElementById('race-fits').hidden && document.querySelector('#race-chart .u-legend'), null, { timeout: 60000 });
  await page.click('#play');
  for (const theme of ['dark', 'light']) {
    await chooseTheme(page, theme);
    const want = await resolved(page, ['run-0', 'run-1', 'chart-bg']);
    assert.deepEqual(Object.values(await legendStrokes(page, '#race-chart')).slice(1, 3), [want['run-0'], want['run-1']], `${theme}: race lines`);
    const bg = await modeColor(page, '.race-fits-canvas', null, 0.02);
    assert.ok(near(bg, parse(want['chart-bg']).rgb), `${theme}: fits background ${bg} vs ${want['chart-bg']}`);
    const runs = await countNear(page, '.race-fits-canvas', [parse(want['run-0']).rgb]);
    assert.ok(runs[0] > 0, `${theme}: run A's fitted curve in ${want['run-0']}`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a PNG download in the dark theme is the picture as shown, on the dark chart background (its text stays readable)', async () => {
  const page = await open('?steps=20#data.generator=moons', { colorScheme: 'dark' });
  await stepAtLeast(page, 20);
  const dl = await downloadOf(page, () => page.click('#export-plot-png'));
  const png = (await import('node:fs')).readFileSync(await dl.path()).toString('base64');
  const corner = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return [...ctx.getImageData(2, 2, 1, 1).data.slice(0, 3)];
  }, png);
  const want = await resolved(page, ['chart-bg']);
  assert.ok(near(corner, parse(want['chart-bg']).rgb), `PNG corner ${corner} vs ${want['chart-bg']}`);
  assert.ok(luminance(corner) < 0.05);
  await page.context().close();
});

test('a theme that is not light, dark or system: a notice naming it, and the system\'s theme (the frame\'s ?theme=, the element\'s attribute)', async () => {
  const frame = await open('?embed&panels=data&theme=purple#data.generator=moons', { colorScheme: 'dark' });
  await frame.waitForFunction(() => /theme: .purple. is not light, dark or system/.test(document.getElementById('notices')?.textContent ?? ''), null, { timeout: 60000 });
  assert.equal(await frame.evaluate(() => document.documentElement.hasAttribute('data-theme')), false);
  const bg = parse((await resolved(frame, ['chart-bg']))['chart-bg']).rgb;
  assert.ok(luminance(bg) < 0.05, 'the system (dark) theme applies');
  await frame.context().close();

  const page = await open('examples/lessons.html', { colorScheme: 'light' });
  await page.waitForFunction(() => document.getElementById('momentum')?.shadowRoot?.querySelector('.status')?.dataset.state === 'ready', null, { timeout: 60000 });
  await page.evaluate(() => document.getElementById('momentum').setAttribute('theme', 'purple'));
  await page.waitForFunction(() => /theme: .purple. is not light, dark or system/.test(document.getElementById('momentum').shadowRoot.textContent), null, { timeout: 10000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('1-D classification: the class-coloured probability curve has the markers\' edge as a casing in the light theme (orange alone is 2.2:1 on white)', async () => {
  const xs = Array.from({ length: 40 }, (_, i) => (i / 39 * 4 - 2).toFixed(2));
  const ys = xs.map((x) => (Number(x) > 0.3 ? 1 : 0));
  const page = await open(`?steps=200#data.source=inline&data.task=classification&data.x=${xs.join(';')}&data.y=${ys.join(',')}&model.kind=logistic`, { colorScheme: 'light' });
  await stepAtLeast(page, 200);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const c = await resolved(page, ['marker-edge', 'chart-bg', 'class-1']);
  const bg = parse(c['chart-bg']).rgb;
  const edge = over(parse(c['marker-edge']), bg).map(Math.round);
  assert.ok(contrast(edge, bg) >= 3 && contrast(parse(c['class-1']).rgb, bg) < 3, 'the premise: orange is faint on white, the edge is not');
  // The middle band of the plot (P between about 0.3 and 0.7) holds no markers and no labels: only the curve.
  const px = await page.evaluate(() => {
    const cv = document.querySelector('.data-plot');
    return [...cv.getContext('2d').getImageData(Math.round(cv.width * 0.2), Math.round(cv.height * 0.35), Math.round(cv.width * 0.7), Math.round(cv.height * 0.3)).data];
  });
  const counts = { e: 0, o: 0 };
  const orange = parse(c['class-1']).rgb;
  for (let i = 0; i < px.length; i += 4) {
    const p = [px[i], px[i + 1], px[i + 2]];
    if (near(p, orange, 6)) counts.o++;
    if (contrast(p, bg) >= 3) counts.e++;   // what stands out from white: the casing (orange does not)
  }
  assert.ok(counts.o > 20, `the curve is drawn in class 1's colour (${counts.o} px)`);
  assert.ok(counts.e > 20, `the curve has a casing of >= 3:1 (${counts.e} px)`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
