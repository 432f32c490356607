// The built site (dist/, `vite build`) is plain static files: served from a sub-path by a server
// that sends no special headers (no COOP/COEP, so no SharedArrayBuffer), the playground trains,
// the example tutorial's embedded playgrounds train, and ?embed mode trains. Every request stays
// under the sub-path and none fails. Screenshots go to test-artifacts/.
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
  const embed = readFileSync(new URL('../../dist/embed.js', import.meta.url), 'utf8');
  assert.match(embed, /new URL\(`assets\/worker-[\w-]+\.js`,import\.meta\.url\)/);
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

test('?embed mode trains from the sub-path', async () => {
  const page = await visit(`${server.url}index.html?embed&panels=data,loss&steps=25#data.generator=xor&optimizer.lr=0.05`, { width: 700, height: 700 });
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 25, null, { timeout: 40000 });
  assert.equal(await page.locator('.top').isVisible(), false);
  assert.ok(Number.isFinite(Number(await page.locator('#status').getAttribute('data-loss'))));
  assertClean(page);
  await page.context().close();
});
