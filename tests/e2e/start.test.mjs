// The page's start (issue 25, "ready to first step"): one engine worker, started by the page's
// entry before the page's module has run (hosts/page-start.js, client.js startEarly), and taken over
// by the controller with none of its messages lost; the first messages to it in the order that
// gets the first step soonest: the open first, the generator thumbnails (previews: every
// generator's data) after it and after the first ?steps=N step. Orders and counts, never timings
// (bench/page.mjs measures those).
// Not here: what the page shows once started (playground.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage } from '../helpers/browser.mjs';

let server;
let browser;
useBrowser((s, b) => { server = s; browser = b; });

/** Before the page's scripts: records every Worker made (and when) and every message posted to one. */
function spy() {
  window.spied = { workers: [], posted: [] };
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      // Whether the page's big module (the panels' chunk) had loaded when this worker was made.
      window.spied.workers.push({ panelsLoaded: performance.getEntriesByType('resource').some((e) => /\/assets\/panels-[\w-]+\.js$/.test(e.name)) });
    }

    postMessage(m, ...rest) {
      window.spied.posted.push(m?.type);
      return super.postMessage(m, ...rest);
    }
  };
}

test('one worker, started before the page\'s module has loaded; the open first, the thumbnails after the first step', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(spy);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  try {
    await page.goto(`${server.url}?steps=1#data.generator=moons&model.hidden=4`);
    await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 1, null, { timeout: 60000 });
    // The thumbnails arrive too (asked after the first open).
    await page.waitForFunction(() => window.spied.posted.includes('previews'), null, { timeout: 30000 });
    const { workers, posted } = await page.evaluate(() => window.spied);
    assert.equal(workers.length, 1, `workers made: ${JSON.stringify(workers)}`);
    assert.equal(workers[0].panelsLoaded, false, 'the worker was made after the page\'s module had loaded');
    const first = (type) => posted.indexOf(type);
    assert.ok(first('open') >= 0 && first('step') > first('open'), posted.join(' '));
    assert.ok(first('previews') > first('step'), `previews before the first step: ${posted.join(' ')}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
