// Hostile content in headless Chromium (issue 12): script payloads in CSV headers, category names,
// the file name, the link (values, keys, the lesson id), the ?embed query, an imported spec (refused,
// or carrying a CSV) and the embed element's attributes are shown as text (or dropped) and never run;
// the Content-Security-Policy refuses inline script, inline handlers and eval while the playground
// and the example tutorial break none of it; and the page and its workers talk to no one but their
// own origin (an uploaded file's content never appears in any request, through every export).
// Every payload sets window.__pwned (or opens a dialog) if it ever runs; each test also checks that
// the payload reached the page as text, so a test that never showed it could not pass.
import test, { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { startServer, artifacts, useBrowser, downloadOf } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash } from '../../web/state.js';

const P = {
  img: '<img src=x onerror=window.__pwned=1>',
  script: '"><script>window.__pwned=2</script>',
  js: 'javascript:window.__pwned=3',
  svg: '<svg onload=window.__pwned=4>',
  file: '<img src=x onerror=window.__pwned=5>.csv',
  alert: '<img src=x onerror=alert(6)>',
};

let server;
let root;
let browser;
let descent;

useBrowser((s, b) => { server = s; browser = b; });
before(async () => {
  root = await startServer({ root: '.' });
  descent = await loadDescent();
});
after(() => root?.close());

/** Before any page script: CSP violations, and a trap for anything a payload would define. */
function guard() {
  window.cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective}: ${e.blockedURI || e.sample}`));
}

async function open(url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(guard);
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(url);
  return page;
}

/**
 * In the page: every element (the document and every open shadow root) that a payload could have
 * made: an attribute on..., a javascript: URL, an inline script, a frame or plugin, an <img src=x>.
 */
function findInjected() {
  const out = [];
  const walk = (root) => {
    for (const e of root.querySelectorAll('*')) {
      const attrs = [...e.attributes];
      const bad = attrs.some((a) => /^on/i.test(a.name))
        || attrs.some((a) => /^(href|src|action|formaction|xlink:href|data)$/i.test(a.name) && /^[\s\0-\x1f]*javascript:/i.test(a.value))
        || (e.localName === 'script' && !e.hasAttribute('src'))
        || ['iframe', 'frame', 'object', 'embed'].includes(e.localName)
        || (e.localName === 'img' && e.getAttribute('src') === 'x');
      if (bad) out.push(e.outerHTML.slice(0, 80));
      if (e.shadowRoot) walk(e.shadowRoot);
    }
  };
  walk(document);
  return out;
}

/** Nothing ran and nothing was injected; the app broke no CSP rule. */
async function clean(page, what) {
  const r = await page.evaluate(() => ({ pwned: window.__pwned, csp: window.cspViolations }));
  r.injected = await page.evaluate(findInjected);
  assert.equal(r.pwned, undefined, `${what}: a payload ran`);
  assert.deepEqual(r.injected, [], `${what}: injected elements`);
  assert.deepEqual(r.csp, [], `${what}: CSP violations`);
  assert.deepEqual(page.dialogs, [], `${what}: dialogs`);
  assert.deepEqual(page.problems, [], `${what}: page errors`);
}

const text = (page, sel) => page.locator(sel).evaluate((e) => e.textContent);
const waitState = (page, states, timeout = 30000) => page.waitForFunction((l) => l.includes(document.getElementById('status')?.dataset.state), [].concat(states), { timeout });

function link(partial) {
  const { spec, issues } = normalizeSpec(partial, descent.registry());
  assert.deepEqual(issues, []);
  return specToHash(spec);
}

const quote = (s) => `"${s.replace(/"/g, '""')}"`;

test('CSV headers, category names and the file name with script payloads are shown as text', async () => {
  const rows = [[quote(P.img), quote(P.script), 'label'].join(',')];
  for (let i = 0; i < 40; i++) rows.push(`${(i % 7) / 3},${(i % 5) / 2},${quote(i % 2 ? P.svg : P.js)}`);
  const page = await open(`${server.url}#data.generator=moons`);
  await waitState(page, 'ready');
  await page.setInputFiles('#csv-file', { name: P.file, mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\n')}\n`) });
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready' && /data.source=csv/.test(location.hash), null, { timeout: 30000 });
  // The payloads are on the page, as text: the preview header, the column pickers, the file name,
  // the class mapping.
  const texts = (sel) => page.locator(sel).allTextContents();
  assert.deepEqual(await texts('table.preview thead th'), [P.img, P.script, 'label']);
  assert.deepEqual(await texts('label[for^=csv-feature-]'), [P.img, P.script]);
  assert.ok((await text(page, '.csv-summary')).startsWith(`${P.file}: 40 rows, 3 columns`), await text(page, '.csv-summary'));
  assert.deepEqual((await texts('.csv-classes li')).map((t) => t.replace(/^\d+: /, '')).sort(), [P.js, P.svg].sort());
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 20, null, { timeout: 30000 });
  await page.click('#play');
  await page.waitForFunction(() => document.getElementById('metrics')?.dataset.trainAccuracy !== undefined, null, { timeout: 30000 });
  assert.deepEqual((await texts('#data-legend li')).slice(0, 2).sort(), [P.js, P.svg].sort());
  await page.screenshot({ path: `${artifacts}/security-csv.png`, fullPage: true });
  await clean(page, 'CSV');
  await page.context().close();
});

test('link values, link keys, a lesson id and the ?embed query with payloads are reported as text or dropped, and never run', async () => {
  const enc = encodeURIComponent;
  const hash = `#data.generator=${enc(P.img)}&optimizer.kind=${enc(P.js)}&${enc(P.script)}=1&model.activation=${enc(P.svg)}&lesson=${enc(P.alert)}`;
  const page = await open(`${server.url}${hash}`);
  await waitState(page, 'ready');
  const notice = await text(page, '#notice-list');
  for (const p of [P.img, P.js, P.script, P.svg, P.alert]) assert.ok(notice.includes(p), `the notice does not name ${p}: ${notice}`);
  // The page trains on what it fell back to.
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 20, null, { timeout: 30000 });
  await clean(page, 'link');
  await page.context().close();

  // ?embed mode reads its panels and controls from the query: payloads there are dropped (only
  // [a-z0-9-] names count), and the frame still trains.
  const embed = await open(`${server.url}?embed&panels=${enc(`${P.img},data,loss`)}&controls=${enc(`${P.script},play,${P.svg}`)}&steps=${enc(P.js)}#data.generator=${enc(P.img)}`);
  await waitState(embed, 'ready');
  assert.equal(await embed.evaluate(() => document.documentElement.classList.contains('embed-mode')), true);
  assert.ok((await text(embed, '#notice-list')).includes(P.img), 'the embed frame does not report the generator');
  await embed.click('#play');
  await embed.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 20, null, { timeout: 30000 });
  await clean(embed, '?embed');
  await embed.context().close();
});

test('an imported spec with payloads is refused field by field, as text; one carrying a CSV with payloads opens and trains', async () => {
  const page = await open(`${server.url}${link({ seed: 1, data: { source: 'synthetic', generator: 'moons' } })}`);
  await waitState(page, 'ready');
  const spec = { seed: 3, data: { source: 'synthetic', generator: P.img }, model: { kind: P.script }, optimizer: { kind: 'sgd', lr: 0.1 }, [P.svg]: 1 };
  await page.setInputFiles('#import-file', { name: P.file.replace('.csv', '.json'), mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(spec)) });
  await page.waitForFunction(() => document.getElementById('import-errors')?.children.length > 0, null, { timeout: 30000 });
  const errors = await text(page, '#import-errors');
  assert.ok(errors.includes(P.img) || errors.includes(P.script), `errors do not quote the payload: ${errors}`);
  assert.equal(await text(page, '#export-status'), `${P.file.replace('.csv', '.json')} cannot train; the engine says:`);
  await clean(page, 'import');

  // A spec that opens, carrying a CSV (data.text) whose headers and class names are payloads, from
  // a file whose name is one: the CSV panel and the import status show them as text, and it trains.
  const csv = [[quote(P.svg), 'x2', quote(P.script)].join(',')];
  for (let i = 0; i < 30; i++) csv.push(`${(i % 5) / 2},${(i % 3) / 2},${quote(i % 2 ? P.img : P.alert)}`);
  const good = {
    seed: 4, data: { source: 'csv', text: `${csv.join('\n')}\n`, target: P.script }, model: { kind: 'mlp', hidden: [4] },
    optimizer: { kind: 'adam', lr: 0.05 }, training: { batch_size: 8, epochs: 50 },
  };
  const name = '<svg onload=window.__pwned=7>.json';
  await page.setInputFiles('#import-file', { name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(good)) });
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready' && /data.source=csv/.test(location.hash), null, { timeout: 30000 });
  assert.deepEqual(await page.locator('table.preview thead th').allTextContents(), [P.svg, 'x2', P.script]);
  assert.ok((await text(page, '.csv-summary')).startsWith(`${name} (data.text)`), await text(page, '.csv-summary'));
  assert.deepEqual((await page.locator('.csv-classes li').allTextContents()).map((t) => t.replace(/^\d+: /, '')).sort(), [P.alert, P.img].sort());
  assert.ok((await text(page, '#export-status')).includes(name), 'the import status does not name the file');
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 20, null, { timeout: 30000 });
  await clean(page, 'import with data.text');
  await page.context().close();
});

test('the embed element takes payloads in its attributes as text', async () => {
  const dir = `${artifacts}fixtures`;
  mkdirSync(dir, { recursive: true });
  const csp = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8').match(/<meta http-equiv="Content-Security-Policy"[^>]*>/)[0];
  const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  writeFileSync(`${dir}/security-embed.html`, `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${csp}<link rel="icon" href="data:,"><title>Embed with payloads</title>
<script type="module" src="../../dist/embed.js"></script></head>
<body><main>
<descent-playground id="a" lesson="${attr(P.alert)}" label="${attr(P.img)}"></descent-playground>
<descent-playground id="b" spec="${attr(JSON.stringify({ data: { source: 'synthetic', generator: P.svg } }))}" controls="${attr(P.script)}"></descent-playground>
</main></body></html>
`);
  const page = await open(`${root.url}test-artifacts/fixtures/security-embed.html`);
  await page.waitForFunction(() => ['a', 'b'].every((id) => document.getElementById(id)?.shadowRoot?.textContent.length > 0), null, { timeout: 30000 });
  // Both elements report their bad attribute (as text) once their engines have answered.
  const reported = () => ['a', 'b'].map((id) => document.getElementById(id).shadowRoot.textContent + document.getElementById(id).getAttribute('aria-label')).join(' ');
  await page.waitForFunction((want) => { const t = ['a', 'b'].map((id) => document.getElementById(id).shadowRoot.textContent).join(' '); return want.every((w) => t.includes(w)); }, [P.alert, P.svg], { timeout: 30000 }).catch(() => {});
  const shown = await page.evaluate(reported);
  assert.ok(shown.includes(P.alert), 'the lesson id is not reported');
  assert.ok(shown.includes(P.svg), 'the generator payload is not reported');
  // The label is the element's accessible name, as an attribute value.
  assert.equal(await page.evaluate(() => document.getElementById('a').shadowRoot.querySelector('.frame').getAttribute('aria-label')), P.img);
  await clean(page, 'embed');   // the scan walks the shadow roots too
  await page.context().close();
});

test('the Content-Security-Policy forbids inline script, inline handlers and eval, and allows wasm and workers', async () => {
  const html = readFileSync(new URL('../../dist/index.html', import.meta.url), 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  assert.ok(meta, 'dist/index.html has no CSP meta tag');
  const policy = Object.fromEntries(meta[1].split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
  assert.deepEqual(policy['script-src'].sort(), ["'self'", "'wasm-unsafe-eval'"]);
  assert.ok(policy['worker-src'].includes("'self'"));
  assert.deepEqual(policy['default-src'], ["'self'"]);
  assert.deepEqual(policy['connect-src'], ["'self'"]);
  assert.deepEqual(policy['object-src'], ["'none'"]);
  // No inline script or handler in the built pages; the example tutorial (the only other HTML page,
  // embedding two elements) carries the same policy, plus frame-src 'self' for its iframe example.
  const tutorial = readFileSync(new URL('../../dist/examples/tutorial.html', import.meta.url), 'utf8');
  const tmeta = tutorial.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/);
  assert.ok(tmeta, 'dist/examples/tutorial.html has no CSP meta tag');
  assert.equal(tmeta[1].replace(" frame-src 'self';", ''), meta[1]);
  for (const [name, page] of [['index.html', html], ['examples/tutorial.html', tutorial]]) {
    assert.doesNotMatch(page.replace(/<script[^>]*src=[^>]*><\/script>/g, ''), /<script/i, `${name}: inline script`);
    assert.doesNotMatch(page.replace(/<pre[\s\S]*?<\/pre>/g, ''), /<[a-z][^>]*\son[a-z]+\s*=/i, `${name}: inline handler`);
  }

  const page = await open(`${server.url}#data.generator=moons`);
  await waitState(page, 'ready');
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 20, null, { timeout: 30000 });
  // Typeset maths (MathML from Temml, styled through CSSOM) is part of what runs under the policy.
  await page.focus('#optimizer-kind');
  await page.waitForFunction(() => document.querySelectorAll('.formula math mrow').length >= 2 && document.querySelector('#help-body math'), null, { timeout: 10000 });
  await clean(page, 'the app under its own CSP');
  // The tutorial's two elements load and train under its policy with no violation either.
  const tut = await open(`${server.url}examples/tutorial.html`);
  await tut.waitForFunction(() => [...document.querySelectorAll('descent-playground')].every((e) => e.shadowRoot?.querySelector('.status')?.dataset.state === 'ready'), null, { timeout: 40000 });
  await tut.click('#good-steps button.play');
  await tut.waitForFunction(() => Number(document.getElementById('good-steps').shadowRoot.querySelector('.status').dataset.step) >= 20, null, { timeout: 40000 });
  await clean(tut, 'the tutorial under its own CSP');
  await tut.context().close();
  // Now break the rules on purpose: each is refused and reported.
  const r = await page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
    const b = document.createElement('button');
    b.setAttribute('onclick', 'window.__handler = 1');
    document.body.append(b);
    b.click();
    await new Promise((res) => setTimeout(res, 100));
    s.remove();
    b.remove();
    return { inline: window.__inline, handler: window.__handler, violations: window.cspViolations };
  });
  assert.equal(r.inline, undefined, 'an inline script ran');
  assert.equal(r.handler, undefined, 'an inline handler ran');
  assert.ok(r.violations.some((v) => /^script-src/.test(v) && /inline/.test(v)), r.violations.join('; '));
  await page.context().close();

  // eval: page.evaluate runs as the debugger, which CSP does not cover, so a page script under the
  // same policy (copied from dist/index.html) tries it, and wasm and a worker as well.
  const dir = `${artifacts}fixtures`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/csp-probe.js`, `
const out = {};
try { out.eval = String(eval('1 + 1')); } catch (e) { out.eval = e.name; }
try { out.fn = String(new Function('return 2')()); } catch (e) { out.fn = e.name; }
try { out.timer = typeof setTimeout('window.__timer = 1', 0); } catch (e) { out.timer = e.name; }
// The smallest valid module: wasm must compile under 'wasm-unsafe-eval'.
try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); out.wasm = 'ok'; } catch (e) { out.wasm = e.name; }
try { new Worker('csp-worker.js'); out.worker = 'ok'; } catch (e) { out.worker = e.name; }
await new Promise((r) => setTimeout(r, 200));
out.timerRan = window.__timer === 1;
window.probe = out;
`);
  writeFileSync(`${dir}/csp-worker.js`, 'postMessage(1);\n');
  const metaTag = html.match(/<meta http-equiv="Content-Security-Policy"[^>]*>/)[0];
  writeFileSync(`${dir}/csp-probe.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8">${metaTag}<link rel="icon" href="data:,"><title>CSP probe</title><script type="module" src="csp-probe.js"></script></head><body></body></html>\n`);
  const probe = await open(`${root.url}test-artifacts/fixtures/csp-probe.html`);
  await probe.waitForFunction(() => window.probe, null, { timeout: 10000 });
  const got = await probe.evaluate(() => ({ ...window.probe, violations: window.cspViolations }));
  assert.equal(got.eval, 'EvalError');
  assert.equal(got.fn, 'EvalError');
  assert.equal(got.timerRan, false, 'a string timer ran');
  assert.equal(got.wasm, 'ok');
  assert.equal(got.worker, 'ok');
  assert.ok(got.violations.some((v) => /eval/.test(v)), got.violations.join('; '));
  await probe.context().close();
});

test('no request leaves the origin, and an uploaded file never travels', async () => {
  const marker = 'secretcolumn7f3a';
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.addInitScript(guard);   // a request the CSP stops may never reach the network log
  const requests = [];
  context.on('request', (r) => requests.push({ url: r.url(), body: r.postData() ?? '' }));
  const sockets = [];
  const page = await context.newPage();
  page.on('websocket', (w) => sockets.push(w.url()));
  page.on('worker', (w) => requests.push({ url: w.url(), body: '' }));
  await page.goto(`${server.url}#data.generator=moons`);
  await waitState(page, 'ready');
  const rows = [`x1,x2,${marker}`];
  for (let i = 0; i < 60; i++) rows.push(`${i / 10},${(i % 7) / 3},${(2 * i + 1) / 10 + 1000}`);
  await page.setInputFiles('#csv-file', { name: `${marker}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\n')}\n`) });
  await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'ready' && /data.source=csv/.test(location.hash), null, { timeout: 30000 });
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('status')?.dataset.step) >= 30, null, { timeout: 30000 });
  await page.click('#play');
  // Every download of the export card, the dataset (the uploaded rows) and the PyTorch script among them.
  const ids = await page.locator('#export button[id^=export-]:not(#export-keras)').evaluateAll((bs) => bs.map((b) => `#${b.id}`));
  assert.ok(ids.length >= 10, ids.join(' '));
  for (const id of ids) {
    const download = await downloadOf(page, () => page.click(id));
    await download.path();
  }
  await page.waitForTimeout(500);
  const origin = new URL(server.url).origin;
  // The recorder sees the workers' requests too: only the engine worker fetches the wasm.
  assert.ok(requests.some((r) => /\.wasm$/.test(new URL(r.url).pathname)), `the worker's wasm fetch was not seen:\n${requests.map((r) => r.url).join('\n')}`);
  const away = requests.filter((r) => !['blob:', 'data:'].includes(new URL(r.url).protocol) && new URL(r.url).origin !== origin);
  assert.deepEqual(away, [], 'requests to another origin');
  const leaked = requests.filter((r) => r.url.includes(marker) || r.body.includes(marker) || r.body.includes('1000.1'));
  assert.deepEqual(leaked, [], 'the uploaded data appeared in a request');
  assert.deepEqual(sockets, []);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'CSP violations');
  await context.close();
});
