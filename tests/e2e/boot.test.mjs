// Start-up never fails silently (issue 20), in headless Chromium: with the "C" locale (WebKit's
// navigator.language under LANG=C, which Intl rejects) the page and the element train; opened
// from file:// the page says to serve the folder (and an element page shows its fallback text); a
// module that fails to load or throws while the page starts shows its error in the boot banner.
// Screenshots go to test-artifacts/boot-*.png.
import test from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readdirSync } from 'node:fs';
import { artifacts, useBrowser, openHost } from '../helpers/browser.mjs';

let server;
let browser;
useBrowser((s, b) => { server = s; browser = b; }, { root: '.' });

/** Before any script: navigator.language is "C", as WebKitGTK reports it under LANG=C. */
function localeC() {
  Object.defineProperty(Navigator.prototype, 'language', { get: () => 'C', configurable: true });
  Object.defineProperty(Navigator.prototype, 'languages', { get: () => ['C'], configurable: true });
}

test('with the "C" locale the page and the element start and train (uPlot gets a locale Intl accepts)', async () => {
  // The premise: Intl refuses "C" in this browser, so a formatter built from it throws.
  const probe = await browser.newPage();
  assert.match(await probe.evaluate(() => { try { new Intl.NumberFormat('C'); return 'accepted'; } catch (e) { return e.name; } }), /RangeError/);
  await probe.close();
  for (const kind of ['page', 'element']) {
    const h = await openHost(kind, browser, server, { hash: '#data.generator=moons&training.epochs=5', steps: 20, name: `boot-locale-${kind}` });
    await h.page.context().addInitScript(localeC);
    await h.page.reload();
    await h.waitFor(() => navigator.language === 'C' && Number(__host().getElementById('status')?.dataset.step) >= 20);
    assert.equal(await h.page.evaluate(() => navigator.language), 'C');
    // The charts drew (uPlot loaded) and the numbers read in the fallback locale.
    await h.$('#speed').selectOption('0');
    await h.$('#play').click();
    await h.waitFor(() => __host().getElementById('status')?.dataset.state === 'done');
    assert.equal(await h.$('#loss-chart canvas').count(), 1);
    assert.match(await h.$('#status-text').textContent(), /step 50 \/ 50/);
    if (kind === 'page') assert.equal(await h.page.locator('#boot').isHidden(), true);
    await h.page.screenshot({ path: `${artifacts}/boot-locale-c-${kind}.png` });
    assert.deepEqual(h.page.problems, []);
    await h.page.context().close();
  }
});

test('opened from file://, the page says to serve the folder and the element shows its fallback text', async () => {
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(pathToFileURL(`${dist}index.html`).href);
  await page.waitForFunction(() => /file:\/\//.test(document.getElementById('boot-text').textContent), null, { timeout: 10000 });
  const text = await page.locator('#boot-text').textContent();
  assert.match(text, /cannot start from a file:\/\/ address/);
  assert.match(text, /Serve the folder/);
  assert.equal(await page.locator('#boot').isVisible(), true);
  assert.equal(await page.locator('#boot').getAttribute('role'), 'alert');
  await page.screenshot({ path: `${artifacts}/boot-file-page.png` });
  // The example page's elements cannot load their module from file://: their own text says why.
  await page.goto(pathToFileURL(`${dist}examples/lessons.html`).href);
  await page.waitForTimeout(500);
  assert.match(await page.locator('#momentum').innerText(), /serve this page over http\(s\), not from a file/);
  await page.screenshot({ path: `${artifacts}/boot-file-element.png` });
  await context.close();
});

test('a module that fails to load, or throws while the page starts, is reported with its error', async () => {
  const entry = readdirSync(new URL('../../dist/assets/', import.meta.url)).find((f) => /^index-.*\.js$/.test(f));
  assert.ok(entry, 'no index-*.js in dist/assets');
  for (const [what, route, want] of [
    ['missing', (r) => r.fulfill({ status: 404, body: 'not here' }), /could not load its code: .*index-.*\.js did not load/],
    ['throwing', (r) => r.fulfill({ status: 200, contentType: 'text/javascript', body: 'throw new Error("broken at start-up");' }), /failed to start: .*broken at start-up/],
  ]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route(`**/dist/assets/${entry}`, route);
    await page.goto(`${server.url}dist/index.html`);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-boot-error'), null, { timeout: 10000 });
    assert.match(await page.locator('#boot-text').textContent(), want, what);
    assert.equal(await page.locator('#boot').isVisible(), true);
    await page.screenshot({ path: `${artifacts}/boot-${what}.png` });
    await context.close();
  }
  // Without a fault the banner goes away once the page has started.
  const ok = await browser.newPage();
  await ok.goto(`${server.url}dist/index.html`);
  await ok.waitForFunction(() => document.documentElement.hasAttribute('data-started'));
  assert.equal(await ok.locator('#boot').isHidden(), true);
  await ok.close();
});
