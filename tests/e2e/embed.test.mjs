// The <descent-playground> element on a plain HTML page (one script tag, a strict CSP), and the
// page's ?embed mode for iframes, in headless Chromium. Two elements with different specs train
// independently (separate workers: pausing one leaves the other running; each gets its own
// numbers, equal to the Node engine's); attributes choose the panels, the controls, the size, the
// spec (JSON or a link hash) and a lesson (falling back to the spec when there is no such lesson).
// Screenshots go to test-artifacts/.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPage, artifacts, useBrowser } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash } from '../../web/state.js';
import { LESSONS } from '../../web/lessons/lessons.js';

let server;
let browser;
let descent;

const A = {
  seed: 5, data: { source: 'synthetic', generator: 'moons', samples: 200, noise: 0.1 }, preprocess: { normalize: 'zscore', validation_split: 0.2 },
  model: { kind: 'mlp', hidden: [8], activation: 'tanh' }, optimizer: { kind: 'adam', lr: 0.02 }, training: { batch_size: 16, epochs: 400 },
};
const B = { seed: 9, data: { source: 'synthetic', generator: 'circles', samples: 240, noise: 0.1 }, model: { kind: 'mlp', hidden: [6, 6], activation: 'relu' }, optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 8, epochs: 400 } };

const attrText = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** A plain page (served from the repository root) that loads dist/embed.js with one script tag. */
function fixture(name, body) {
  const dir = `${artifacts}fixtures`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${name}`, `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'">
<link rel="icon" href="data:,">
<title>Embed fixture</title>
<script type="module" src="../../dist/embed.js"></script>
</head>
<body>
<main>
<h1>Two playgrounds</h1>
${body}
</main>
</body>
</html>
`);
  return `${server.url}test-artifacts/fixtures/${name}`;
}

useBrowser((s, b) => { server = s; browser = b; }, { root: '.' });
before(async () => {
  descent = await loadDescent();
});

const state = (page, id) => page.locator(`#${id} .status`).getAttribute('data-state');
const step = async (page, id) => Number(await page.locator(`#${id} .status`).getAttribute('data-step'));
const waitState = (page, id, states, timeout = 40000) => page.waitForFunction(([i, l]) => l.includes(document.getElementById(i)?.shadowRoot?.querySelector('.status')?.dataset.state), [id, [].concat(states)], { timeout });
const waitStep = (page, id, n, timeout = 40000) => page.waitForFunction(([i, k]) => Number(document.getElementById(i)?.shadowRoot?.querySelector('.status')?.dataset.step) >= k, [id, n], { timeout });

function nodeLoss(partial, n) {
  const { spec } = normalizeSpec(partial, descent.registry());
  const s = descent.session(spec);
  s.run(n);
  const h = s.history();
  s.dispose();
  return h.loss[n - 1];
}

test('two elements on a plain page train separately, each with its own worker and numbers', async () => {
  const url = fixture('embed-two.html', `
<descent-playground id="a" spec="${attrText(JSON.stringify(A))}" controls="play,step,reset,lr" panels="data,loss,metrics" steps="25" width="560"></descent-playground>
<descent-playground id="b" spec="${attrText(specToHash(normalizeSpec(B, descent.registry()).spec))}" controls="play,lr" panels="loss" label="Circles with SGD"></descent-playground>`);
  const page = await openPage(browser, url, { viewport: { width: 1100, height: 1300 } });
  // A ran its 25 steps at once (steps attribute); B waits for Play.
  await waitStep(page, 'a', 25);
  await waitState(page, 'b', 'ready');
  assert.equal(await step(page, 'a'), 25);
  assert.equal(Number(await page.locator('#a .status').getAttribute('data-loss')), nodeLoss(A, 25));
  assert.equal(page.workers().length, 2);

  // Panels and controls follow the attributes.
  assert.equal(await page.locator('#a [data-panel=data]').isVisible(), true);
  assert.equal(await page.locator('#a [data-panel=metrics]').isVisible(), true);
  assert.equal(await page.locator('#b [data-panel=data]').isVisible(), false);
  assert.equal(await page.locator('#b [data-panel=loss]').isVisible(), true);
  assert.equal(await page.locator('#b [data-control=step]').isVisible(), false);
  assert.equal(await page.locator('#b [data-control=reset]').isVisible(), false);
  assert.equal(await page.locator('#a [data-control=speed]').isVisible(), false);
  assert.equal(await page.locator('#a input[type=number]').first().inputValue(), '0.02');
  assert.equal(await page.locator('#b input[type=number]').first().inputValue(), '0.1');
  assert.equal(await page.locator('#b .frame').getAttribute('aria-label'), 'Circles with SGD');
  const box = await page.locator('#a').boundingBox();
  assert.ok(Math.abs(box.width - 560) < 1, `width ${box.width}`);

  // Both play; both move. Pausing A leaves B running.
  await page.click('#a button.play');
  await page.click('#b button.play');
  await waitStep(page, 'a', 80);
  await waitStep(page, 'b', 80);
  await page.click('#a button.play');
  await waitState(page, 'a', 'paused');
  const aStopped = await step(page, 'a');
  const bBefore = await step(page, 'b');
  await waitStep(page, 'b', bBefore + 40);
  assert.equal(await step(page, 'a'), aStopped);
  assert.equal(await state(page, 'b'), 'running');
  const lossA = Number(await page.locator('#a .status').getAttribute('data-loss'));
  const lossB = Number(await page.locator('#b .status').getAttribute('data-loss'));
  assert.ok(Number.isFinite(lossA) && Number.isFinite(lossB) && lossA !== lossB, `${lossA} ${lossB}`);
  // Each shows its own progress: charts drawn in both, the data plot in A.
  assert.equal(await page.locator('#a [data-panel=loss] canvas').count(), 1);
  assert.equal(await page.locator('#b [data-panel=loss] canvas').count(), 1);
  assert.match(await page.locator('#b .status-text').textContent(), /step [\d,]+ \/ 9,600/);
  assert.match(await page.locator('#a .status-text').textContent(), /step [\d,]+ \/ 4,000/);
  await page.screenshot({ path: `${artifacts}/embed-two.png`, fullPage: true });

  // A's step button advances A only, by exactly one.
  await page.click('#a [data-control=step]');
  await waitStep(page, 'a', aStopped + 1);
  assert.equal(await step(page, 'a'), aStopped + 1);

  // The public API and events.
  const api = await page.evaluate(() => {
    const a = document.getElementById('a');
    return { kind: a.spec.optimizer.kind, steps: a.progress.steps, running: a.progress.running };
  });
  assert.deepEqual(api, { kind: 'adam', steps: aStopped + 1, running: false });
  await page.evaluate(() => document.getElementById('b').pause());
  await waitState(page, 'b', 'paused');

  // The spec property takes an object; the events follow the new setup (A's steps="25" runs it to the end).
  const seen = await page.evaluate(async () => {
    const a = document.getElementById('a');
    const events = [];
    for (const t of ['descent-spec', 'descent-opened', 'descent-progress', 'descent-done']) a.addEventListener(t, (e) => events.push([t, e.detail]));
    const done = new Promise((r) => a.addEventListener('descent-done', r, { once: true }));
    a.spec = { seed: 5, data: { source: 'synthetic', generator: 'xor', samples: 100 }, preprocess: { validation_split: 0 }, model: { kind: 'mlp', hidden: [4] }, optimizer: { kind: 'sgd', lr: 0.1 }, training: { batch_size: 0, epochs: 3 } };
    await done;
    return { kinds: [...new Set(events.map(([t]) => t))].sort(), generator: a.spec.data.generator, done: events.find(([t]) => t === 'descent-done')[1], opened: events.find(([t]) => t === 'descent-opened')[1].problem.inputs };
  });
  assert.deepEqual(seen.kinds, ['descent-done', 'descent-opened', 'descent-progress', 'descent-spec']);
  assert.equal(seen.generator, 'xor');
  assert.equal(seen.opened, 2);
  // Full batch over 100 rows for 3 epochs: 3 steps, then the run is done.
  assert.deepEqual({ steps: seen.done.steps, status: seen.done.status }, { steps: 3, status: 'done' });

  // Removing an element ends its worker.
  await page.evaluate(() => document.getElementById('b').remove());
  await page.waitForFunction(() => true);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(page.workers().length, 1);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('attributes: a new spec reopens, lessons fall back to the spec, bad specs are reported as text', async () => {
  const url = fixture('embed-attrs.html', `
<descent-playground id="c" lesson="no-such-lesson" spec="#data.generator=xor&amp;optimizer.kind=sgd&amp;optimizer.lr=0.05" controls="play,optimizer,batch,seed,log" panels="data,grad,lr,metrics"></descent-playground>
<descent-playground id="d" spec="{&quot;optimizer&quot;: {&quot;kind&quot;: &quot;adam&quot;, &quot;lr&quot;: 1e9}, &quot;data&quot;: {&quot;generator&quot;: &quot;&lt;img src=x onerror=alert(1)&gt;&quot;}}" controls="play"></descent-playground>
<descent-playground id="e" spec="{not json" controls="play"></descent-playground>
<descent-playground id="f" autoplay speed="1" spec="#data.generator=moons&amp;training.epochs=3" controls="play,speed" panels="loss"></descent-playground>`);
  const page = await openPage(browser, url, { viewport: { width: 1000, height: 1400 } });
  for (const id of ['c', 'd', 'e']) await waitState(page, id, 'ready');
  // autoplay trains without a click, at the speed the attribute asks for.
  await waitState(page, 'f', 'done');
  assert.equal(await page.locator('#f [data-control=speed] select').inputValue(), '1');
  // A speed below 1 is kept (a step every 4 frames), not floored to 0 (which is "as fast as possible").
  await page.evaluate(() => document.getElementById('f').setAttribute('speed', '0.25'));
  assert.equal(await page.locator('#f [data-control=speed] select').inputValue(), '0.25');
  assert.match(await page.locator('#f [data-control=speed] select option:checked').textContent(), /1 step \/ 4 frames/);
  assert.equal(await step(page, 'f'), 30);   // moons' 200 rows, 160 for training, batches of 16, 3 epochs
  // No lesson module or no such lesson: the spec attribute is used, and the element says so.
  assert.match(await page.locator('#c .notice').textContent(), /lesson "no-such-lesson" is not available here; using the spec attribute/);
  assert.equal(await page.evaluate(() => document.getElementById('c').spec.data.generator), 'xor');
  assert.equal(await page.locator('#c [data-control=optimizer] select').inputValue(), 'sgd');
  // Out-of-range values are clamped and reported by path, as text.
  const notice = await page.locator('#d .notice').textContent();
  assert.match(notice, /optimizer\.lr: 1000000000 is outside/);
  assert.match(notice, /data\.generator: "<img src=x onerror=alert\(1\)>" is not a known generator/);
  assert.equal(await page.locator('#d .notice img').count(), 0);
  assert.match(await page.locator('#e .notice').textContent(), /spec: not valid JSON/);

  // Changing the optimizer from its control reopens with the new spec.
  await page.selectOption('#c [data-control=optimizer] select', 'momentum');
  await page.waitForFunction(() => document.getElementById('c').spec.optimizer.kind === 'momentum');
  await waitState(page, 'c', 'ready');
  // Changing the spec attribute reopens too.
  await page.evaluate(() => document.getElementById('c').setAttribute('spec', JSON.stringify({ data: { generator: 'blobs', classes: 3 }, optimizer: { kind: 'adam', lr: 0.05 }, training: { epochs: 5 } })));
  await page.waitForFunction(() => document.getElementById('c').spec.data.generator === 'blobs');
  await waitState(page, 'c', 'ready');
  // ...and so do controls and panels.
  await page.evaluate(() => document.getElementById('c').setAttribute('panels', 'data'));
  assert.equal(await page.locator('#c [data-panel=metrics]').isVisible(), false);
  await page.evaluate(() => document.getElementById('c').setAttribute('controls', 'play,step'));
  assert.equal(await page.locator('#c [data-control=step]').isVisible(), true);
  assert.equal(await page.locator('#c [data-control=optimizer]').isVisible(), false);
  await page.click('#c button.play');
  await waitState(page, 'c', 'done');
  assert.ok(await page.locator('#c .legend li').count() >= 3);
  await page.screenshot({ path: `${artifacts}/embed-attributes.png`, fullPage: true });
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('clicking the plot adds points only when the "points" control is given', async () => {
  const url = fixture('embed-points.html', `
<descent-playground id="open" spec="#data.generator=moons&amp;data.samples=60&amp;preprocess.validation_split=0" controls="play,points" panels="data"></descent-playground>
<descent-playground id="locked" spec="#data.generator=moons&amp;data.samples=60&amp;preprocess.validation_split=0" controls="play" panels="data"></descent-playground>`);
  const page = await openPage(browser, url, { viewport: { width: 1000, height: 1400 } });
  for (const id of ['open', 'locked']) await waitState(page, id, 'ready');
  assert.equal(await page.locator('#open .add-points').isVisible(), true);
  assert.equal(await page.locator('#locked .add-points').isVisible(), false);
  await page.click('#open .segmented label >> nth=1');
  for (const id of ['open', 'locked']) {
    const b = await page.locator(`#${id} canvas.data-plot`).boundingBox();
    await page.mouse.click(b.x + b.width * 0.5, b.y + b.height * 0.3);
  }
  await page.waitForFunction(() => document.getElementById('open').spec.data.source === 'inline');
  const d = await page.evaluate(() => document.getElementById('open').spec.data);
  assert.equal(d.x.length, 61);
  assert.equal(d.y[60], 1);
  assert.equal(await page.evaluate(() => document.getElementById('locked').spec.data.source), 'synthetic');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('?embed shows only the requested panels and controls, and keeps the host page\'s history', async () => {
  const hash = specToHash(normalizeSpec(A, descent.registry()).spec);
  const page = await openPage(browser, `${server.url}dist/?embed&panels=data,loss&controls=play,reset,lr${hash}`, { viewport: { width: 900, height: 900 } });
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready', null, { timeout: 30000 });
  for (const sel of ['.top', '.foot', 'section[aria-labelledby=model-title]', 'section[aria-labelledby=optimizer-title]', '#help', '#export', '#step', '#epoch', '#new-seed', '#speed', 'section[aria-labelledby=metrics-title]', '#add-points']) {
    assert.equal(await page.locator(sel).isVisible(), false, `${sel} should be hidden`);
  }
  for (const sel of ['#play', '#reset', '#live-lr', '.plot-card', '#status', 'section[aria-labelledby=loss-chart-title]', '.embed-open']) {
    assert.equal(await page.locator(sel).isVisible(), true, `${sel} should be visible`);
  }
  const length = await page.evaluate(() => window.history.length);
  await page.fill('#live-lr', '0.05');
  await page.press('#live-lr', 'Enter');
  await page.waitForFunction(() => location.hash.includes('optimizer.lr=0.05&'));
  assert.equal(await page.evaluate(() => window.history.length), length);
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('status').dataset.step) >= 50, null, { timeout: 30000 });
  // Clicking the plot does not change the teacher's data without "points".
  const b = await page.locator('#data-plot').boundingBox();
  await page.mouse.click(b.x + b.width / 2, b.y + b.height / 3);
  await page.waitForTimeout(400);
  assert.doesNotMatch(await page.evaluate(() => location.hash), /data\.source=inline/);
  assert.match(await page.locator('.embed-open').getAttribute('href'), /index\.html#seed=5&|\/#seed=5&/);
  await page.screenshot({ path: `${artifacts}/embed-iframe-mode.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('lesson="id" opens a preset from web/lessons/lessons.js with all its runs; function-mode lessons draw the surface and the paths', async () => {
  const model = LESSONS.find((l) => l.spec.data.source !== 'function' && l.spec.data.source !== 'csv');
  const fn = LESSONS.find((l) => l.spec.data.source === 'function');
  const url = fixture('embed-lessons.html', `
<descent-playground id="m" lesson="${model.id}" steps="5"></descent-playground>
<descent-playground id="f" lesson="${fn.id}" steps="20" controls="play,step,reset"></descent-playground>`);
  const page = await openPage(browser, url, { viewport: { width: 1000, height: 1600 } });
  await waitStep(page, 'm', 5);
  await waitStep(page, 'f', 20);
  for (const [id, l] of [['m', model], ['f', fn]]) {
    assert.deepEqual(await page.evaluate((i) => document.getElementById(i).spec, id), normalizeSpec(l.spec, descent.registry()).spec);
    // A lesson shows its title and caption, and names the region after it.
    assert.equal(await page.locator(`#${id} .lesson-title`).textContent(), `Lesson: ${l.title}`);
    assert.equal(await page.locator(`#${id} #lesson-caption`).textContent(), l.caption);
    // Every run of the lesson is there, next to its caption.
    const runs = 1 + (l.runs ?? []).length;
    if (runs > 1) await page.waitForFunction(([i, n]) => document.getElementById(i).shadowRoot.querySelectorAll('#race-table tbody tr').length === n, [id, runs]);
    assert.equal(await page.locator(`#${id} .frame`).getAttribute('aria-label'), `Descent lesson: ${l.title}`);
    assert.equal(await page.locator(`#${id} .notice`).isVisible(), false);
  }
  assert.equal(Number(await page.locator('#m .status').getAttribute('data-loss')), nodeLoss(model.spec, 5));
  // Function mode: the surface with the path (described in the canvas's label), f in the status.
  assert.equal(await page.locator('#f canvas.landscape-canvas').isVisible(), true);
  assert.equal(await page.locator('#f canvas.data-plot').isVisible(), false);
  await page.waitForFunction(() => /run A is at \(/.test(document.getElementById('f').shadowRoot.querySelector('canvas.landscape-canvas').getAttribute('aria-label')));
  assert.match(await page.locator('#f .status-text').textContent(), /^step 20 \/ [\d,]+ · f /);
  assert.equal(Number(await page.locator('#f .status').getAttribute('data-loss')), nodeLoss(fn.spec, 20));
  await page.screenshot({ path: `${artifacts}/embed-lessons.png`, fullPage: true });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('from another origin (a CDN that sends CORS headers), the element starts its worker through a blob and trains', async () => {
  // Workers must be same-origin: the element wraps the CDN's worker in a same-origin blob module.
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
  const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  const cdn = http.createServer((req, res) => {
    const file = path.join(dist, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    try { if (!file.startsWith(dist) || !statSync(file).isFile()) throw new Error(); } catch { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Access-Control-Allow-Origin': '*' });
    res.end(readFileSync(file));
  });
  const cdnPort = await listen(cdn);
  const host = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title><link rel="icon" href="data:,">
<script type="module" src="http://127.0.0.1:${cdnPort}/embed.js"></script></head>
<body><main><descent-playground id="x" steps="10" spec="${attrText(JSON.stringify(A))}"></descent-playground></main></body></html>`);
  });
  const hostPort = await listen(host);
  try {
    const page = await openPage(browser, `http://localhost:${hostPort}/`);
    await waitStep(page, 'x', 10);
    assert.equal(Number(await page.locator('#x .status').getAttribute('data-loss')), nodeLoss(A, 10));
    assert.match(await page.locator('#x a.open').getAttribute('href'), new RegExp(`^http://127\\.0\\.0\\.1:${cdnPort}/index\\.html#`));
    assert.deepEqual(page.problems, []);
    await page.context().close();
  } finally {
    cdn.close();
    host.close();
  }
});
