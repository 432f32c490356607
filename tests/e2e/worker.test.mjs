// The same facade works in a Web Worker in Chromium, and computes the same bits as Node's.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, openPage } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';

test('the facade runs in a module Web Worker in headless Chromium, bit-identical to Node', async () => {
  const server = await startServer({ root: '.' });
  const browser = await launch();
  try {
    const page = await openPage(browser, `${server.url}tests/e2e/fixtures/worker.html`);
    await page.locator('#out[data-done]').waitFor({ timeout: 30000 });
    const text = await page.locator('#out').textContent();
    assert.ok(!text.startsWith('error'), text);
    const r = JSON.parse(text);
    assert.equal(r.arch, 'wasm');
    assert.equal(r.steps, 30);
    assert.ok(r.last < r.first);
    const d = await loadDescent();
    assert.equal(r.probe, d.kernelProbe());
    const spec = { seed: 1, data: { source: 'synthetic', generator: 'moons', samples: 60 }, model: { kind: 'mlp', hidden: [8] }, optimizer: { kind: 'adam', lr: 0.05 }, training: { batch_size: 10, epochs: 10 } };
    assert.equal(r.resultJSON, d.runJSON(spec));
    assert.deepEqual(page.problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
