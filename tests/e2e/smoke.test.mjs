// The served page loads the wasm engine with SIMD in headless Chromium and shows a value it
// computed; the value equals the native build's.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage, artifacts } from '../helpers/browser.mjs';
import { native } from '../helpers/native.mjs';

test('the page loads the engine with WebAssembly SIMD and shows its kernel probe', async () => {
  const server = await startServer();
  const browser = await launch();
  try {
    const page = await openPage(browser, server.url);
    const status = page.locator('#engine-status');
    await status.and(page.locator('[data-ready]')).waitFor({ timeout: 30000 });
    assert.equal(await status.getAttribute('data-ready'), 'true', await status.textContent());
    assert.equal(await status.getAttribute('data-arch'), 'wasm');
    assert.equal(await status.getAttribute('data-probe'), native(['probe']).trim());
    await page.screenshot({ path: `${artifacts}/smoke-engine-loaded.png`, fullPage: true });
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
