// Downloads and imports on the playground page in headless Chromium: every export is saved
// through the browser's download path, then parsed and checked against the Node engine (the spec
// validates, the parameters and the loss history are the same float32 values as a Node run, the
// dataset has the generator's rows, the charts are a real PNG and an SVG with polylines, the
// PyTorch script holds the model and optimizer). Importing a spec file (picked) or a parameters
// file (dropped) restores the run: the same loss at the same step. Bad files are reported by
// path, as text. Screenshots go to test-artifacts/.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPage, artifacts, useBrowser, downloadOf } from '../helpers/browser.mjs';
import { loadDescent } from '../../bindings/index.js';
import { normalizeSpec, specToHash } from '../../web/state.js';

let server;
let browser;
let descent;

useBrowser((s, b) => { server = s; browser = b; });
before(async () => {
  descent = await loadDescent();
});

// 160 rows, a quarter held out: 120 training rows in batches of 10 = 12 steps per epoch.
const SPEC = {
  seed: 11, data: { source: 'synthetic', generator: 'moons', samples: 160, noise: 0.15 },
  preprocess: { normalize: 'zscore', validation_split: 0.25 },
  model: { kind: 'mlp', hidden: [6], activation: 'tanh' }, optimizer: { kind: 'adam', lr: 0.02 },
  training: { batch_size: 10, epochs: 30 },
};

function link(partial, query = '') {
  const { spec, issues } = normalizeSpec(partial, descent.registry());
  assert.deepEqual(issues, []);
  return { spec, url: `${server.url}${query}${specToHash(spec)}` };
}

const waitState = (page, states, timeout = 30000) => page.waitForFunction((l) => l.includes(document.getElementById('status')?.dataset.state), [].concat(states), { timeout });
const waitStep = (page, n, timeout = 40000) => page.waitForFunction((k) => Number(document.getElementById('status')?.dataset.step) >= k, n, { timeout });
const statusAttr = (page, name) => page.locator('#status').getAttribute(name);

/** Clicks a button and returns the file it downloads: { name, buf, text }. */
async function download(page, selector) {
  const dl = await downloadOf(page, () => page.click(selector));
  const buf = readFileSync(await dl.path());
  return { name: dl.suggestedFilename(), buf, text: buf.toString('utf8') };
}

const csvRows = (text) => text.trim().split('\n').map((l) => l.split(','));

/** A Node session of spec after n steps. */
function nodeRun(spec, n) {
  const s = descent.session(spec);
  s.run(n);
  const out = { params: s.params(), history: s.history(), problem: s.problem(), numParams: s.numParams };
  s.dispose();
  return out;
}

/** Drops a file on the page the way a browser does (dragover, then drop with a DataTransfer). */
async function dropFile(page, name, text) {
  const dt = await page.evaluateHandle(([n, t]) => {
    const d = new DataTransfer();
    d.items.add(new File([t], n, { type: 'application/json' }));
    return d;
  }, [name, text]);
  await page.dispatchEvent('main.layout', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('main.layout', 'drop', { dataTransfer: dt });
}

test('the spec, parameters, histories and dataset download and match the Node engine', async () => {
  const { spec, url } = link(SPEC, '?steps=45');
  const page = await openPage(browser, url);
  await waitStep(page, 45);
  await waitState(page, 'paused');
  const node = nodeRun(spec, 45);

  // Spec: the page's spec, and the engine accepts it as is.
  const specFile = await download(page, '#export-spec');
  assert.equal(specFile.name, 'descent-moons-spec.json');
  const fileSpec = JSON.parse(specFile.text);
  assert.deepEqual(fileSpec, spec);
  const v = descent.validate(fileSpec);
  assert.equal(v.ok, true, JSON.stringify(v.errors));

  // Parameters: the model's count, the same float32 values as Node after 45 steps, with the spec.
  const paramsFile = await download(page, '#export-params');
  assert.equal(paramsFile.name, 'descent-moons-params-step45.json');
  const p = JSON.parse(paramsFile.text);
  assert.equal(p.format, 'descent-params');
  assert.equal(p.layout, 'torch');
  assert.equal(p.steps, 45);
  assert.equal(p.params.length, node.numParams);
  assert.equal(p.params.length, 2 * 6 + 6 + 6 * 1 + 1);
  assert.deepEqual(p.layers, [{ in: 2, out: 6, weight: 'out x in, row-major', bias: 'out' }, { in: 6, out: 1, weight: 'out x in, row-major', bias: 'out' }]);
  p.params.forEach((x, i) => assert.equal(Math.fround(x), node.params[i], `params[${i}]`));
  assert.deepEqual(p.spec, spec);

  // Loss history: one row per step with the engine's columns; the values are Node's.
  const history = await download(page, '#export-history');
  assert.equal(history.name, 'descent-moons-history-step45.csv');
  const rows = csvRows(history.text);
  assert.deepEqual(rows[0], ['step', 'loss', 'grad_norm', 'update_norm', 'lr']);
  assert.equal(rows.length, 1 + 45);
  rows.slice(1).forEach((r, j) => {
    assert.equal(r.length, 5);
    assert.equal(Number(r[0]), j + 1);
    assert.equal(Math.fround(Number(r[1])), node.history.loss[j], `loss at step ${j + 1}`);
  });
  assert.equal(Math.fround(Number(rows[45][1])), Math.fround(Number(await statusAttr(page, 'data-loss'))));
  assert.equal(Math.fround(Number(rows[1][4])), Math.fround(0.02));

  // Epochs: 45 steps at 12 per epoch = 3 finished epochs, with validation losses.
  const epochs = await download(page, '#export-epochs');
  const er = csvRows(epochs.text);
  assert.deepEqual(er[0], ['epoch', 'step', 'train_loss', 'validation_loss', 'lr', 'train_metric', 'validation_metric']);
  assert.equal(er.length, 1 + 3);
  assert.deepEqual(er.slice(1).map((r) => Number(r[1])), [12, 24, 36]);
  for (const r of er.slice(1)) assert.ok(Number(r[3]) > 0, `validation loss ${r[3]}`);

  // Dataset: the generated rows (120 training + 40 validation), two features, a label, a split.
  const data = await download(page, '#export-dataset');
  assert.equal(data.name, 'descent-moons-data.csv');
  const dr = csvRows(data.text);
  assert.deepEqual(dr[0], ['x1', 'x2', 'y', 'split']);
  assert.equal(dr.length, 1 + 160);
  assert.ok(dr.slice(1).every((r) => r.length === 4 && Number.isFinite(Number(r[0])) && Number.isFinite(Number(r[1])) && ['0', '1'].includes(r[2])));
  assert.equal(dr.filter((r) => r[3] === 'train').length, 120);
  assert.equal(dr.filter((r) => r[3] === 'validation').length, 40);
  assert.match(await page.locator('#export-status').textContent(), /Saved descent-moons-data\.csv/);
  await page.locator('#export').screenshot({ path: `${artifacts}/export-card.png` });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the charts download as a PNG and as SVG polylines', async () => {
  const { url } = link(SPEC, '?steps=60');
  const page = await openPage(browser, url);
  await waitStep(page, 60);
  await page.locator('#loss-chart canvas').waitFor();
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  for (const [sel, name] of [['#export-loss-png', 'descent-moons-loss-step60.png'], ['#export-plot-png', 'descent-moons-plot-step60.png']]) {
    const f = await download(page, sel);
    assert.equal(f.name, name);
    assert.ok(f.buf.subarray(0, 8).equals(signature), `${name} is not a PNG`);
    assert.ok(f.buf.length > 2000, `${name} is only ${f.buf.length} bytes`);
  }
  for (const [sel, name, lines] of [['#export-loss-svg', 'descent-moons-loss-step60.svg', 3], ['#export-grad-svg', 'descent-moons-grad-norm-step60.svg', 2]]) {
    const f = await download(page, sel);
    assert.equal(f.name, name);
    // The browser's XML parser reads it; it has polylines with the points of the series.
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      const polylines = [...doc.querySelectorAll('polyline')];
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.localName, ns: doc.documentElement.namespaceURI,
        polylines: polylines.length, maxPoints: Math.max(...polylines.map((p) => p.getAttribute('points').trim().split(/\s+/).length)),
        groups: doc.querySelectorAll('g[stroke] > title').length,
      };
    }, f.text);
    assert.equal(parsed.error, null);
    assert.equal(parsed.root, 'svg');
    assert.equal(parsed.ns, 'http://www.w3.org/2000/svg');
    assert.ok(parsed.polylines >= lines - 1, `${name}: ${parsed.polylines} polylines`);
    assert.ok(parsed.maxPoints >= 60, `${name}: longest polyline has ${parsed.maxPoints} points`);
    assert.equal(parsed.groups, lines);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('"Export to PyTorch" is a script with the model, loss and optimizer; Keras is shown, marked not verified', async () => {
  const { url } = link({ ...SPEC, model: { kind: 'mlp', hidden: [6, 4], activation: 'relu' }, optimizer: { kind: 'momentum', lr: 0.05 } }, '?steps=5');
  const page = await openPage(browser, url);
  await waitStep(page, 5);
  const f = await download(page, '#export-torch');
  assert.equal(f.name, 'descent-moons-torch.py');
  assert.match(f.text, /^#!\/usr\/bin\/env python3/);
  assert.match(f.text, /import torch/);
  assert.match(f.text, /model = nn\.Sequential\(nn\.Linear\(2, 6\), nn\.ReLU\(\), nn\.Linear\(6, 4\), nn\.ReLU\(\), nn\.Linear\(4, 1\)\)/);
  assert.match(f.text, /opt = torch\.optim\.SGD\(model\.parameters\(\), lr=0\.05, momentum=0\.9/);
  assert.match(f.text, /nn\.BCEWithLogitsLoss\(\)/);
  assert.match(f.text, /N_TRAIN, N_VAL, INPUTS, TARGETS = 120, 40, 2, 1/);
  // Keras: shown on the page for reading, labelled as not verified.
  await page.click('#export-keras');
  assert.equal(await page.locator('#export-keras').getAttribute('aria-expanded'), 'true');
  await page.waitForFunction(() => /keras\.Sequential/.test(document.getElementById('keras-code').textContent));
  assert.match(await page.locator('#keras-title').textContent(), /not verified/);
  assert.match(await page.locator('#keras-code').textContent(), /keras\.layers\.Dense\(6, activation="relu", input_shape=\(2,\)\)/);
  const keras = await download(page, '#keras-save');
  assert.equal(keras.name, 'descent-moons-keras.py');
  await page.locator('#export').screenshot({ path: `${artifacts}/export-keras.png` });
  await page.click('#export-keras');
  assert.equal(await page.locator('#keras-box').isVisible(), false);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('importing a spec file restores the run: the same loss at the same step', async () => {
  const { spec, url } = link(SPEC, '?steps=12');
  const a = await openPage(browser, url);
  await waitStep(a, 12);
  await waitState(a, 'paused');
  const lossA = await statusAttr(a, 'data-loss');
  const file = await download(a, '#export-spec');
  await a.context().close();

  // A fresh page on other settings opens the file, then runs one epoch (12 steps).
  const b = await openPage(browser, `${server.url}#data.generator=circles&optimizer.kind=sgd&optimizer.lr=0.1`);
  await waitState(b, 'ready');
  await b.setInputFiles('#import-file', { name: 'my run.json', mimeType: 'application/json', buffer: file.buf });
  await b.waitForFunction((h) => location.hash === h, specToHash(spec));
  await waitState(b, 'ready');
  assert.match(await b.locator('#export-status').textContent(), /Opened my run\.json/);
  assert.equal(await b.locator('#live-lr').inputValue(), '0.02');
  await b.click('#epoch');
  await waitStep(b, 12);
  assert.equal(await statusAttr(b, 'data-step'), '12');
  assert.equal(await statusAttr(b, 'data-loss'), lossA);
  assert.equal(Number(lossA), nodeRun(spec, 12).history.loss[11]);
  await b.screenshot({ path: `${artifacts}/export-imported-spec.png`, fullPage: true });
  assert.deepEqual(b.problems, []);
  await b.context().close();
});

test('dropping a parameters file sets the starting weights (model.params); "fresh weights" forgets them', async () => {
  const { spec, url } = link(SPEC, '?steps=120');
  const a = await openPage(browser, url);
  await waitStep(a, 120);
  const file = await download(a, '#export-params');
  await a.context().close();
  const saved = JSON.parse(file.text);

  const b = await openPage(browser, server.url);
  await waitState(b, 'ready');
  await dropFile(b, 'trained.json', file.text);
  await b.locator('#import-params').waitFor({ state: 'visible' });
  assert.match(await b.locator('#import-params').textContent(), /imported parameters \(25 values\)/);
  await b.waitForFunction((h) => location.hash === h, specToHash(spec));
  await waitState(b, 'ready');
  await b.click('#step');
  await waitStep(b, 1);
  // Step 1 from the trained weights: Node's loss for the spec with model.params, far below a fresh start.
  const warm = nodeRun({ ...spec, model: { ...spec.model, params: saved.params } }, 1).history.loss[0];
  const cold = nodeRun(spec, 1).history.loss[0];
  assert.equal(Number(await statusAttr(b, 'data-loss')), warm);
  assert.ok(warm < cold * 0.5, `warm ${warm} vs cold ${cold}`);
  await b.screenshot({ path: `${artifacts}/export-imported-params.png`, fullPage: true });

  // Forgetting them starts from the seed's weights again.
  await b.click('#import-params-forget');
  assert.equal(await b.locator('#import-params').isVisible(), false);
  await waitState(b, 'ready');
  await b.click('#step');
  await waitStep(b, 1);
  assert.equal(Number(await statusAttr(b, 'data-loss')), cold);
  assert.deepEqual(b.problems, []);
  await b.context().close();
});

test('bad files are refused with errors by path, shown as text', async () => {
  const page = await openPage(browser, server.url);
  await waitState(page, 'ready');
  // The page writes its full link at the first idle moment after the start (hosts/page.js).
  await page.waitForFunction(() => location.hash.startsWith('#seed='));
  const before = await page.evaluate(() => location.hash);
  const pick = (name, text) => page.setInputFiles('#import-file', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
  const errors = () => page.locator('#import-errors li').allTextContents().then((t) => t.join('\n'));

  await pick('<img src=x onerror=alert(1)>.json', '{"seed": 1, "optimizer": {"kind": "adam", "beta1": 3}, "data": {"generator": "moons"}, "foo": 2}');
  await page.locator('#import-errors li').first().waitFor();
  let text = await errors();
  assert.match(text, /optimizer\.beta1 must be in \[0, 1\), got 3/);
  assert.match(text, /foo is not a known field/);
  assert.match(await page.locator('#export-status').textContent(), /<img src=x onerror=alert\(1\)>\.json cannot train/);

  await pick('broken.json', '{"seed": 1,');
  await page.waitForFunction(() => /not JSON/.test(document.getElementById('import-errors').textContent));

  const p = { format: 'descent-params', spec: { data: { generator: 'moons' }, model: { kind: 'mlp', hidden: [4] } }, params: [1, 2, 3] };
  await pick('short.json', JSON.stringify(p));
  await page.waitForFunction(() => /model\.params has 3 values/.test(document.getElementById('import-errors').textContent));
  text = await errors();
  assert.match(text, /^model\.params has 3 values; this mlp model with 2 inputs and 1 outputs has 17 parameters$/m);

  await pick('nan.json', JSON.stringify({ ...p, params: [1, 'x'] }));
  await page.waitForFunction(() => /params\[1\] is not a finite number/.test(document.getElementById('import-errors').textContent));

  // Nothing was applied, nothing was injected.
  assert.equal(await page.evaluate(() => location.hash), before);
  assert.equal(await page.locator('#import-errors img, #export-status img').count(), 0);
  assert.deepEqual(page.dialogs, []);
  await page.locator('#export').screenshot({ path: `${artifacts}/export-import-errors.png` });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a CSV run exports its file inside the spec (data.text), and importing that spec trains on it again', async () => {
  const rows = ['a,b,label'];
  for (let i = 0; i < 120; i++) rows.push(`${(i % 7) / 3},${(i % 5) / 2},${i % 3 === 0 ? 'yes' : 'no'}`);
  const csv = `${rows.join('\n')}\n`;
  const a = await openPage(browser, `${server.url}#model.kind=mlp&model.hidden=4&preprocess.validation_split=0.25`);
  await waitState(a, 'ready');
  await a.click('label[for=source-csv]');
  await a.setInputFiles('#csv-file', { name: 'yesno.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await a.waitForFunction(() => location.hash.includes('data.source=csv') && document.getElementById('status').dataset.state === 'ready');
  await a.click('#step');
  await waitStep(a, 1);
  const lossA = await statusAttr(a, 'data-loss');
  const hashA = await a.evaluate(() => location.hash);
  const spec = await download(a, '#export-spec');
  assert.equal(spec.name, 'descent-csv-spec.json');
  const s = JSON.parse(spec.text);
  assert.equal(s.data.text, csv);
  assert.equal(descent.validate(s).ok, true);
  // The dataset export names the classes as the file does.
  const data = csvRows((await download(a, '#export-dataset')).text);
  assert.deepEqual(data[0], ['a', 'b', 'label', 'split']);
  assert.equal(data.length, 121);
  assert.deepEqual([...new Set(data.slice(1).map((r) => r[2]))].sort(), ['no', 'yes']);
  await a.context().close();

  const b = await openPage(browser, `${server.url}#data.generator=moons`);
  await waitState(b, 'ready');
  await b.setInputFiles('#import-file', { name: 'csv-run.json', mimeType: 'application/json', buffer: spec.buf });
  await b.waitForFunction((h) => location.hash === h && document.getElementById('status').dataset.state === 'ready', hashA);
  assert.match(await b.locator('.csv-summary').textContent(), /^csv-run\.json \(data\.text\): 120 rows, 3 columns/);
  await b.click('#step');
  await waitStep(b, 1);
  assert.equal(await statusAttr(b, 'data-loss'), lossA);
  assert.deepEqual(b.problems, []);
  await b.context().close();
});
