// Offline classroom (issue 26): the built site's service worker (web/offline/sw.js, dist/sw.js)
// keeps a page once opened working without a network. The page is served from a sub-path, opened
// once, then the server is stopped (no network at all, not an emulation flag), the page reloads,
// trains 100 steps and shows a finite loss. Also: dist/sw.js lists every built file, each exists.
import test, { after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { artifacts, launch, startServer } from '../helpers/browser.mjs';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
let browser;
after(async () => { await browser?.close(); });

test('dist/sw.js precaches every built file, under a version that hashes them', () => {
  const code = readFileSync(path.join(dist, 'sw.js'), 'utf8');
  const files = JSON.parse(code.match(/const FILES = (\[[\s\S]*?\]);/)[1]);
  assert.match(code.match(/const VERSION = ("[^"]*");/)?.[1] ?? '', /^"[0-9a-f]{16}"$/);
  const onDisk = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else onDisk.push(`./${path.relative(dist, path.join(dir, e.name)).split(path.sep).join('/')}`);
    }
  };
  walk(dist);
  assert.deepEqual([...files].sort(), onDisk.filter((f) => f !== './sw.js').sort());
  for (const want of ['./index.html', './boot.js']) assert.ok(files.includes(want), want);
  assert.ok(files.some((f) => /^\.\/assets\/.*\.wasm$/.test(f)), 'the wasm');
  assert.ok(files.some((f) => /^\.\/assets\/worker-.*\.js$/.test(f)), 'the worker');
});

test('a page once opened reloads and trains with the server gone', { timeout: 240000 }, async () => {
  assert.ok(existsSync(path.join(dist, 'index.html')), 'dist/ is missing: run scripts/build.sh site');
  const base = '/classroom/descent/';
  const server = await startServer({ base });
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  const url = server.url;   // already under the sub-path
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-started'));
  // The worker installs (every file cached) and activates.
  const cached = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    for (let i = 0; i < 200 && reg.active.state !== 'activated'; i++) await new Promise((r) => setTimeout(r, 50));
    const keys = (await caches.keys()).filter((k) => k.startsWith('descent-'));
    return { state: reg.active.state, scope: reg.scope, keys, entries: keys.length ? (await (await caches.open(keys[0])).keys()).length : 0 };
  });
  assert.equal(cached.state, 'activated');
  assert.ok(cached.scope.endsWith(base), `scope ${cached.scope}`);
  assert.equal(cached.keys.length, 1, `caches ${cached.keys}`);
  const files = JSON.parse(readFileSync(path.join(dist, 'sw.js'), 'utf8').match(/const FILES = (\[[\s\S]*?\]);/)[1]);
  assert.equal(cached.entries, files.length);

  // No network: the server is stopped; a file the site never had cannot be fetched any more.
  server.close();
  await new Promise((r) => setTimeout(r, 500));
  const probe = await page.evaluate(async () => { try { await fetch(`./not-cached-${Date.now()}.txt`); return 'fetched'; } catch (e) { return 'failed'; } });
  assert.equal(probe, 'failed', 'the server still answers');

  await page.reload();
  await page.waitForFunction(() => {
    const s = document.getElementById('status')?.dataset.state;
    return s === 'ready' && !document.getElementById('play').disabled;
  }, null, { timeout: 60000 });
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('status').dataset.step) >= 100 || document.getElementById('status').dataset.state !== 'running', null, { timeout: 60000 });
  if (await page.evaluate(() => document.getElementById('status').dataset.state) === 'running') await page.click('#play');
  const end = await page.waitForFunction(() => {
    const d = document.getElementById('status').dataset;
    return d.state === 'running' ? null : { state: d.state, step: Number(d.step), loss: d.loss };
  }, null, { timeout: 30000 }).then((h) => h.jsonValue());
  await page.screenshot({ path: `${artifacts}/offline-reloaded.png` });
  assert.ok(['paused', 'done'].includes(end.state), `state ${end.state}`);
  assert.ok(end.step >= 100 || end.state === 'done', `${end.step} steps`);
  assert.ok(Number.isFinite(Number(end.loss)) && end.loss !== '', `loss ${end.loss}`);
  assert.deepEqual(problems.filter((p) => !/Failed to load resource|not-cached-/.test(p)), []);
  await context.close();
});
