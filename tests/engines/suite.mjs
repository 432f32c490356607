// The tests each browser engine passes (one *.test.mjs per engine calls engineSuite(name)):
// 1. the facade, loaded over http, prints the native build's result JSON byte for byte on
//    ENGINE_SPECS (and the same kernel probe);
// 2. the playground (dist/) loads, becomes ready, trains a few hundred steps after Play and shows
//    a finite loss, with no page errors.
// The page contract used here, nothing else: #play (the Play/Pause button, enabled once ready) and
// #status with data-state ("ready", "running", "paused", "done", "failed" ...), data-step, data-loss.
// Not here: Chromium-only page tests (tests/e2e) or the full registry sweep (tests/js/cross_engine).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { native, haveNative, nativeExe } from '../helpers/native.mjs';
import { artifacts } from '../helpers/browser.mjs';
import { openEngine, startProbedServer } from '../helpers/engines.mjs';
import { ENGINE_SPECS } from './specs.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Steps the smoke test lets the page train before it pauses (the page's default run is longer).
const SMOKE_STEPS = 300;
const TERMINAL = ['done', 'diverged', 'stopped'];

/** The native build's result bytes for each spec (CSV specs read data.csv beside the spec file). */
function nativeResults() {
  assert.ok(haveNative(), `${nativeExe} is missing: run scripts/build.sh native`);
  const dir = mkdtempSync(path.join(tmpdir(), 'descent-engines-'));
  try {
    return ENGINE_SPECS.map((c, i) => {
      const file = path.join(dir, `spec${i}.json`);
      writeFileSync(file, JSON.stringify(c.spec));
      if (c.csv !== undefined) writeFileSync(path.join(dir, 'data.csv'), c.csv);
      return native(['run', file, '--quiet']);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `first difference at byte ${i}: browser ${JSON.stringify(a.slice(Math.max(0, i - 40), i + 40))} vs native ${JSON.stringify(b.slice(Math.max(0, i - 40), i + 40))}`;
}

export function engineSuite(name) {
  let server;
  let engine;
  before(async () => {
    server = await startProbedServer();
    engine = await openEngine(name);
  }, { timeout: 120000 });
  after(async () => {
    await engine?.close();
    server?.close();
  });

  test(`${name}: the facade prints the native build's result bytes on ${ENGINE_SPECS.length} specs`, { timeout: 300000 }, async () => {
    const expected = nativeResults();
    await engine.goto(`${server.url}tests/engines/fixtures/facade.html`);
    const loaded = await engine.waitFor(() => {
      const t = document.getElementById('state')?.textContent ?? '';
      if (window.__problems?.length) return `problems: ${window.__problems.join('; ')}`;
      return t === 'loading' ? null : t;
    }, null, 'the facade to load');
    assert.equal(loaded, 'ready', `${engine.label}: ${loaded}`);
    const cases = ENGINE_SPECS.map((c) => ({ spec: JSON.stringify(c.spec), csv: c.csv }));
    const got = await engine.evaluate((c) => window.descentRun(c), cases);
    assert.equal(got.arch, 'wasm');
    assert.equal(got.probe, native(['probe']).trim(), `${engine.label}: kernel probe differs from the native build's`);
    const wrong = [];
    ENGINE_SPECS.forEach((c, i) => {
      const browser = `${got.results[i]}\n`;
      const status = JSON.parse(browser).status;
      if (status === 'invalid') wrong.push(`${c.name}: the engine refused the spec: ${browser}`);
      else if (browser !== expected[i]) wrong.push(`${c.name}: ${firstDifference(browser, expected[i])}`);
    });
    assert.deepEqual(wrong, [], `${engine.label} differs from the native build`);
    assert.deepEqual(await engine.problems(), []);
  });

  test(`${name}: the playground loads, trains ${SMOKE_STEPS} steps after Play and shows a finite loss`, { timeout: 300000 }, async () => {
    assert.ok(existsSync(path.join(root, 'dist/index.html')), 'dist/ is missing: run scripts/build.sh site');
    await engine.goto(`${server.url}dist/`);
    const first = await engine.waitFor((bad) => {
      const s = document.getElementById('status')?.dataset.state;
      const play = document.getElementById('play');
      if (window.__problems?.length) return `problems: ${window.__problems.join('; ')}`;
      return bad.includes(s) || (s === 'ready' && play && !play.disabled) ? s : null;
    }, ['failed', 'invalid', 'waiting'], 'the page to show the engine as ready (#status data-state="ready", #play enabled)');
    assert.equal(first, 'ready', `${engine.label}: the page shows "${first}" instead of ready`);
    await engine.click('#play');
    const reached = await engine.waitFor(({ n, terminal }) => {
      const d = document.getElementById('status').dataset;
      return Number(d.step) >= n || terminal.includes(d.state) || d.state === 'failed' ? { state: d.state, step: Number(d.step) } : null;
    }, { n: SMOKE_STEPS, terminal: TERMINAL }, `#status data-step >= ${SMOKE_STEPS} after Play`);
    if (reached.state === 'running') await engine.click('#play');   // pause
    const end = await engine.waitFor(() => {
      const d = document.getElementById('status').dataset;
      return d.state === 'running' ? null : { state: d.state, step: Number(d.step), loss: d.loss };
    }, null, 'the page to pause');
    await engine.screenshot(path.join(artifacts, `engines-${name}-playground.png`));
    assert.ok(['paused', 'done'].includes(end.state), `${engine.label}: the state after training is ${end.state}`);
    assert.ok(end.step >= SMOKE_STEPS || end.state === 'done', `${engine.label}: only ${end.step} steps`);
    assert.ok(end.loss !== '' && Number.isFinite(Number(end.loss)), `${engine.label}: data-loss is ${JSON.stringify(end.loss)}`);
    assert.deepEqual(await engine.problems(), []);
  });
}
