// The built site (dist/, `vite build`) is plain static files: served from a sub-path by a server
// that sends no special headers (no COOP/COEP, so no SharedArrayBuffer), the playground trains,
// the example tutorial's embedded playgrounds train, the lessons example's element and iframe
// (which fits its content by postMessage) train, an iframe link with "&amp;" reads as "&", and
// ?embed mode trains. Every request stays under the sub-path and none fails. Screenshots go to
// test-artifacts/.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { artifacts, useBrowser } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash } from '../../web/state.js';

const BASE = '/tutorials/ml/descent/';
let server;
let browser;
let descent;

useBrowser((s, b) => { server = s; browser = b; }, { base: BASE });
before(async () => {
  descent = await loadDescent();
});

/** A page that records every request and every failed response before it loads url. */
async function visit(url, viewport = { width: 1200, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.requests = [];
  page.failures = [];
  page.problems = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('response', (r) => { if (r.status() >= 400) page.failures.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => page.failures.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.response = await page.goto(url);
  return page;
}

function assertClean(page) {
  const origin = new URL(server.url).origin;
  for (const u of page.requests) {
    if (u.startsWith('data:') || u.startsWith('blob:')) continue;
    assert.ok(u.startsWith(`${origin}${BASE}`), `request outside ${BASE}: ${u}`);
  }
  assert.deepEqual(page.failures, []);
  assert.deepEqual(page.problems, []);
}

test('dist/ refers to its files by relative URLs only', () => {
  const html = readFileSync(new URL('../../dist/index.html', import.meta.url), 'utf8');
  assert.doesNotMatch(html, /(src|href)="\/(?!\/)/, 'absolute URL in dist/index.html');
  const example = readFileSync(new URL('../../dist/examples/tutorial.html', import.meta.url), 'utf8');
  assert.match(example, /<script type="module" src="\.\.\/embed\.js"><\/script>/);
  // The element's worker (and its wasm) load relative to the module that starts them, never from the page's address.
  const embed = readFileSync(new URL('../../dist/embed.js', import.meta.url), 'utf8');
  // The chunks embed.js imports, and theirs (the worker's starter sits in a chunk shared with the page's entry).
  const chunks = [];
  const seen = new Set();
  const follow = (code, dir) => {
    for (const m of code.matchAll(/from"\.\/((?:assets\/)?[\w-]+\.js)"/g)) {
      const file = `${dir}${m[1]}`.replace(/^assets\/assets\//, 'assets/');
      if (seen.has(file)) continue;
      seen.add(file);
      const c = readFileSync(new URL(`../../dist/${file}`, import.meta.url), 'utf8');
      chunks.push(c);
      follow(c, 'assets/');
    }
  };
  follow(embed, '');
  assert.ok(chunks.length >= 1, 'embed.js imports no chunk');
  assert.ok(chunks.some((c) => /new URL\(`worker-[\w-]+\.js`,import\.meta\.url\)/.test(c)), 'no worker URL relative to import.meta.url');
});

test('the playground trains from a sub-path with no special headers', async () => {
  const { spec } = normalizeSpec({ seed: 4, data: { source: 'synthetic', generator: 'spiral', samples: 200 }, model: { kind: 'mlp', hidden: [12, 12] }, optimizer: { kind: 'adam', lr: 0.02 }, training: { batch_size: 16, epochs: 20 } }, descent.registry());
  const page = await visit(`${server.url}?steps=40${specToHash(spec)}`);
  assert.equal(page.response.status(), 200);
  const headers = page.response.headers();
  for (const h of ['cross-origin-opener-policy', 'cross-origin-embedder-policy']) assert.equal(headers[h], undefined, h);
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 40, null, { timeout: 40000 });
  assert.deepEqual(await page.evaluate(() => ({ isolated: globalThis.crossOriginIsolated, sab: typeof SharedArrayBuffer })), { isolated: false, sab: 'undefined' });
  const s = descent.session(spec);
  s.run(40);
  assert.equal(Number(await page.locator('#status').getAttribute('data-loss')), s.history().loss[39]);
  s.dispose();
  await page.selectOption('#speed', '0');
  await page.click('#play');
  await page.waitForFunction(() => document.getElementById('status').dataset.state === 'done', null, { timeout: 40000 });
  assert.equal(await page.locator('#status').getAttribute('data-step'), '200');
  await page.screenshot({ path: `${artifacts}/static-subpath-playground.png`, fullPage: true });
  assertClean(page);
  await page.context().close();
});

test('the example tutorial\'s embedded playgrounds train from the sub-path', async () => {
  const page = await visit(`${server.url}examples/tutorial.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('descent-playground')].every((e) => e.shadowRoot?.querySelector('.status')?.dataset.state === 'ready'), null, { timeout: 40000 });
  assert.equal(await page.locator('descent-playground').count(), 2);
  await page.click('#good-steps button.play');
  await page.click('#small-steps button.play');
  await page.waitForFunction(() => document.getElementById('good-steps').shadowRoot.querySelector('.status').dataset.state === 'done', null, { timeout: 60000 });
  await page.waitForFunction(() => Number(document.getElementById('small-steps').shadowRoot.querySelector('.status').dataset.step) >= 100, null, { timeout: 60000 });
  const good = Number(await page.locator('#good-steps .status').getAttribute('data-loss'));
  assert.ok(good < 0.05, `lr 0.3 loss ${good}`);
  // The link out goes to the playground beside embed.js, under the sub-path.
  const href = await page.locator('#good-steps a.open').getAttribute('href');
  assert.ok(href.startsWith(`${server.url}index.html#`), href);
  await page.screenshot({ path: `${artifacts}/static-subpath-tutorial.png`, fullPage: true });
  assertClean(page);
  await page.context().close();
});

test('the lessons example embeds two lessons from the sub-path: an element with every run, an iframe that fits its content', async () => {
  const page = await visit(`${server.url}examples/lessons.html`, { width: 1100, height: 900 });
  // The element: the momentum lesson, its caption and both runs.
  await page.waitForFunction(() => document.getElementById('momentum').shadowRoot?.querySelectorAll('#race-table tbody tr').length === 2, null, { timeout: 40000 });
  assert.match(await page.locator('#momentum #lesson-title').textContent(), /Momentum in a narrow valley/);
  // The iframe: the learning-rate lesson with its three runs, its caption and the landscape.
  const frame = page.frameLocator('#learning-rate');
  await frame.locator('#race-table tbody tr').nth(2).waitFor({ timeout: 40000 });
  assert.match(await frame.locator('#lesson-title').textContent(), /Learning rate/);
  // Its height came by postMessage (iframe-height.js): the frame is as tall as its content.
  await page.waitForFunction(() => {
    const f = document.getElementById('learning-rate');
    const inner = f.contentDocument?.documentElement;
    return inner && f.style.height && Math.abs(f.getBoundingClientRect().height - Math.ceil(inner.getBoundingClientRect().height)) <= 2;
  }, null, { timeout: 20000 });
  const h = await page.evaluate(() => document.getElementById('learning-rate').getBoundingClientRect().height);
  assert.ok(h > 720, `the frame stayed at its CSS height: ${h}`);
  // Play both.
  await page.click('#momentum #play');
  await frame.locator('#play').click();
  await page.waitForFunction(() => Number(document.getElementById('momentum').shadowRoot.getElementById('status').dataset.step) >= 40, null, { timeout: 40000 });
  await frame.locator('#status[data-step="60"]').waitFor({ timeout: 40000 });
  await page.locator('#learning-rate').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${artifacts}/static-subpath-lessons.png`, fullPage: true });
  assertClean(page);
  await page.context().close();
});

test('an iframe link whose "&" an editor escaped as "&amp;" reads as the plain link', async () => {
  const page = await visit(`${server.url}index.html?embed&amp;panels=data,loss&amp;controls=play,lr&amp;steps=5#seed=3&amp;data.generator=xor&amp;optimizer.kind=sgd&amp;optimizer.lr=0.3`, { width: 700, height: 700 });
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 5, null, { timeout: 40000 });
  assert.equal(await page.locator('#notice').isVisible(), false, await page.locator('#notice').textContent());
  assert.equal(await page.locator('#live-lr').inputValue(), '0.3');
  assert.equal(await page.locator('#step').isVisible(), false);
  assert.equal(await page.locator('.plot-card').isVisible(), true);
  assert.equal(await page.locator('section[aria-labelledby=metrics-title]').count(), 0);
  assert.match(await page.evaluate(() => location.hash), /^#seed=3&data\.source=synthetic&data\.generator=xor&/);
  assertClean(page);
  await page.context().close();
});

test('?embed mode trains from the sub-path', async () => {
  const page = await visit(`${server.url}index.html?embed&panels=data,loss&steps=25#data.generator=xor&optimizer.lr=0.05`, { width: 700, height: 700 });
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 25, null, { timeout: 40000 });
  assert.equal(await page.locator('.top').isVisible(), false);
  assert.ok(Number.isFinite(Number(await page.locator('#status').getAttribute('data-loss'))));
  assertClean(page);
  await page.context().close();
});
