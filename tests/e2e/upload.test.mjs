// The CSV upload in headless Chromium: a file that cannot train blocks training and leaves nothing of
// the earlier data on the page (metrics, loss chart, data plot, status), and a good file after it
// trains; a Windows-1252 file's bytes reach the engine (its accented classes stay two classes, the
// note says how it was decoded); a 10 MB header cell does not freeze the page and shows cut; the
// guesses are overridable (the separator). Screenshots go to test-artifacts/upload/.
// Not here: the engine's guessing itself (tests/js/csv_corpus.test.mjs, csv_preview.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openPage, artifacts, useBrowser } from '../helpers/browser.mjs';

let server;
let browser;
useBrowser((s, b) => { server = s; browser = b; });
const tmp = mkdtempSync(path.join(tmpdir(), 'descent-upload-'));
const shots = path.join(artifacts, 'upload');
mkdirSync(shots, { recursive: true });

function file(name, content) {
  const p = path.join(tmp, name);
  writeFileSync(p, content);
  return p;
}

const state = (page) => page.evaluate(() => document.getElementById('status').dataset.state);
async function waitState(page, states, timeout = 30000) {
  await page.waitForFunction((l) => l.includes(document.getElementById('status')?.dataset.state), [].concat(states), { timeout });
}
const shot = (page, name) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });

/** Two well separated classes on x1, x2 (rows i = 0 .. n-1), as CSV text. */
function twoClasses(n = 80, header = 'x1,x2,label', names = ['a', 'b']) {
  const rows = [header];
  for (let i = 0; i < n; i++) {
    const k = i % 2;
    rows.push(`${(k * 4 + ((i * 37) % 11) / 10).toFixed(2)},${(k * 3 + ((i * 53) % 7) / 10).toFixed(2)},${names[k]}`);
  }
  return `${rows.join('\n')}\n`;
}

test('a file that cannot train after a good run: Play is off with the reason, nothing of the earlier data stays, and a good file trains again', async () => {
  const good = file('good.csv', twoClasses());
  const page = await openPage(browser, `${server.url}#model.kind=mlp&model.hidden=4&optimizer.kind=adam&optimizer.lr=0.05&training.epochs=20`);
  await waitState(page, 'ready');
  await page.click('label[for=source-csv]');
  await page.setInputFiles('#csv-file', good);
  await waitState(page, 'ready');
  await page.selectOption('#speed', '0');
  await page.click('#play');
  await waitState(page, 'done', 60000);
  // The earlier run left numbers everywhere.
  await page.waitForFunction(() => document.getElementById('metrics').dataset.trainAccuracy !== undefined);
  assert.equal(await page.locator('#charts-body').evaluate((e) => e.classList.contains('empty')), false);
  assert.ok(Number(await page.locator('#status').getAttribute('data-step')) > 0);

  // A ragged file: it cannot be read as a table.
  await page.setInputFiles('#csv-file', file('ragged.csv', 'x1,x2,label\n1,2,a\n2,3\n3,4,b\n'));
  await page.waitForFunction(() => /row 3: expected 3 fields, found 2/.test(document.getElementById('csv-errors').textContent));
  await waitState(page, 'invalid');
  const play = page.locator('#play');
  assert.equal(await play.isDisabled(), true);
  assert.equal(await play.getAttribute('aria-describedby'), 'status-text');
  assert.match(await page.locator('#status-text').textContent(), /^ragged\.csv cannot train: .*row 3: expected 3 fields, found 2/);
  // Nothing of the earlier data: the metrics table, the loss chart, the status counters, the plot, the notes.
  assert.deepEqual(await page.locator('#metrics').evaluate((e) => ({ ...e.dataset })), {});
  assert.doesNotMatch(await page.locator('#metrics').textContent(), /\d/);
  assert.equal(await page.locator('#charts-body').evaluate((e) => e.classList.contains('empty')), true);
  assert.equal(await page.locator('#charts-empty').isVisible(), true);
  assert.deepEqual(Object.keys(await page.locator('#status').evaluate((e) => ({ ...e.dataset }))), ['state']);
  assert.notEqual(await state(page), 'done');
  assert.doesNotMatch(await page.locator('#status').textContent(), /Finished|step \d/i);
  assert.equal(await page.locator('#data-plot').getAttribute('aria-label'), 'This setup cannot train; see the message above.');
  assert.equal(await page.locator('#data-legend li').count(), 0);
  assert.equal(await page.locator('#problem-notes').textContent(), '');
  assert.equal(await page.locator('.csv-classes li').count(), 0);
  // The keyboard's Step / Epoch do nothing either (no session).
  await page.keyboard.press('Escape');
  assert.equal(await state(page), 'invalid');
  await shot(page, 'blocked');

  // A good file after the bad one trains.
  await page.setInputFiles('#csv-file', good);
  await waitState(page, 'ready');
  assert.equal(await play.isDisabled(), false);
  assert.equal(await play.getAttribute('aria-describedby'), null);
  assert.equal(await page.locator('#csv-errors li').count(), 0);
  await page.click('#play');
  await waitState(page, 'done', 60000);
  assert.ok(Number(await page.locator('#metrics').getAttribute('data-train-accuracy')) > 0.9);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a Windows-1252 file: its bytes reach the engine, café and cafè stay two classes, and the note says so', async () => {
  // "café" is 63 61 66 E9 and "cafè" 63 61 66 E8 in Windows-1252 (and Latin-1); a browser decoding
  // them as UTF-8 would turn both into "caf\uFFFD", one class.
  const text = twoClasses(60, 'x1,x2,drink', ['café', 'cafè']);
  const bytes = Buffer.from(text, 'latin1');
  assert.ok(bytes.includes(0xe9) && bytes.includes(0xe8) && !bytes.includes(0xc3));
  const page = await openPage(browser, `${server.url}#model.kind=mlp&model.hidden=4&training.epochs=5`);
  await waitState(page, 'ready');
  await page.click('label[for=source-csv]');
  await page.setInputFiles('#csv-file', file('latin1.csv', bytes));
  await page.locator('.csv-classes li').first().waitFor();
  await waitState(page, 'ready');
  // Sorted by their UTF-8 bytes: è (C3 A8) before é (C3 A9).
  assert.deepEqual(await page.locator('.csv-classes li').allTextContents(), ['0: cafè', '1: café']);
  assert.match(await page.locator('#csv-notes').textContent(), /decoded as Windows-1252 \(guessed: the file is not UTF-8; byte \d+, line 2\)/);
  assert.match(await page.locator('#csv-encoding option:checked').textContent(), /windows-1252/);
  assert.equal(await page.locator('table.preview tbody tr').first().locator('td').nth(2).textContent(), 'café');
  await shot(page, 'windows-1252');
  // Read as UTF-8 on purpose: the engine names the byte and the line.
  await page.selectOption('#csv-encoding', 'utf-8');
  await page.waitForFunction(() => /not valid UTF-8: byte \d+ \(line 2\) is 0xE9/.test(document.getElementById('csv-errors').textContent));
  await waitState(page, 'invalid');
  // And the reload keeps the bytes (IndexedDB), not a decoded text.
  await page.selectOption('#csv-encoding', 'auto');
  await waitState(page, 'ready');
  // The link follows a moment later; reload once it no longer asks for UTF-8.
  await page.waitForFunction(() => /data\.source=csv/.test(location.hash) && !/data\.encoding=utf-8/.test(location.hash));
  await page.reload();
  await page.locator('.csv-classes li').first().waitFor();
  assert.deepEqual(await page.locator('.csv-classes li').allTextContents(), ['0: cafè', '1: café']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a 10 MB header cell: no long main-thread task while it is read, and the name shows cut with its length', async () => {
  const page = await openPage(browser, `${server.url}#model.kind=mlp&model.hidden=4&training.epochs=5`);
  await waitState(page, 'ready');
  await page.click('label[for=source-csv]');
  // The File is made in the page before the watch starts, and given to the input as a browser's
  // file picker does: what is measured is the page's work, not the test harness copying 10 MB in.
  await page.evaluate(() => {
    // Bytes, not a 10 MB string (whose garbage collection would land inside the watch).
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x68);   // 'h'
    window.hugeFile = new File([big, ',x,label\n1,2,a\n2,1,b\n3,3,a\n4,0,b\n5,1,a\n6,2,b\n'], 'huge-header.csv');
  });
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
    const input = document.getElementById('csv-file');
    const dt = new DataTransfer();
    dt.items.add(window.hugeFile);
    input.files = dt.files;
    input.dispatchEvent(new Event('change'));
  });
  await page.locator('label[for=csv-feature-0]').waitFor({ timeout: 60000 });
  await waitState(page, ['ready', 'invalid'], 60000);
  // A hang check, not a benchmark: the page parses and lays out nothing of the 10 MB.
  const tasks = await page.evaluate(() => window.longTasks);
  assert.ok(tasks.every((ms) => ms < 500), `main-thread tasks: ${tasks.join(', ')} ms`);
  const label = await page.locator('label[for=csv-feature-0]').textContent();
  assert.equal(label, `${'h'.repeat(79)}\u2026`);
  assert.match(await page.locator('.csv-features .check').first().textContent(), /10,485,760 characters/);
  assert.match(await page.locator('table.preview thead').textContent(), /10,485,760 characters/);
  const longest = await page.evaluate(() => Math.max(...[...document.querySelectorAll('body *')].map((e) => (e.childElementCount ? 0 : e.textContent.length))));
  assert.ok(longest < 2000, `the longest text on the page is ${longest} characters`);
  await shot(page, 'huge-header');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a German Excel file: the guesses show, and a separator override reads it again', async () => {
  const rows = ['Breite;Höhe;Sorte'];
  for (let i = 0; i < 40; i++) { const k = i % 2; rows.push(`${k * 3},${i % 7};${k * 2},${i % 5};${k ? 'rot' : 'blau'}`); }
  const page = await openPage(browser, `${server.url}#model.kind=mlp&model.hidden=4&training.epochs=5`);
  await waitState(page, 'ready');
  await page.click('label[for=source-csv]');
  await page.setInputFiles('#csv-file', file('de.csv', `${rows.join('\r\n')}\r\n`));
  await page.locator('.csv-classes li').first().waitFor();
  assert.match(await page.locator('#csv-delimiter option:checked').textContent(), /^auto: ;/);
  assert.match(await page.locator('#csv-decimal option:checked').textContent(), /^auto: ,/);
  assert.equal(await page.locator('#csv-delimiter-how').textContent(), 'guessed');
  assert.deepEqual(await page.locator('table.preview th').allTextContents(), ['Breite', 'Höhe', 'Sorte']);
  assert.equal(await page.locator('table.preview tbody tr').first().locator('td').first().textContent(), '0,0');
  assert.deepEqual(await page.locator('.csv-classes li').allTextContents(), ['0: blau', '1: rot']);
  await shot(page, 'german-guesses');
  // Override the separator: a comma splits "0,0;0,0;blau" differently; the engine says what it read.
  await page.selectOption('#csv-delimiter', ',');
  await page.waitForFunction(() => document.getElementById('csv-delimiter-how')?.textContent === 'chosen');
  await waitState(page, ['ready', 'invalid']);
  assert.doesNotMatch(await page.locator('table.preview thead').textContent(), /^BreiteHöheSorte/);
  // The override goes into the link (a moment later).
  await page.waitForFunction(() => /data\.delimiter=(%2C|,)/.test(location.hash));
  // Back to the guess.
  await page.selectOption('#csv-delimiter', 'auto');
  await page.waitForFunction(() => document.getElementById('csv-delimiter-how')?.textContent === 'guessed');
  await waitState(page, 'ready');
  assert.deepEqual(await page.locator('table.preview th').allTextContents(), ['Breite', 'Höhe', 'Sorte']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('more than two features: the plot takes two chosen ones, the others held at their training means (listed)', async () => {
  // Four features, three classes; no validation rows, so the training means are the file's column means.
  const header = ['alpha', 'beta', 'gamma', 'delta'];
  const rows = [];
  for (let i = 0; i < 90; i++) {
    const k = i % 3;
    rows.push([k * 2 + ((i * 37) % 11) / 10, 5 - k + ((i * 53) % 7) / 10, (i % 10) / 4, k * 3 + ((i * 29) % 13) / 10].map((v) => v.toFixed(2)).concat(`c${k}`));
  }
  const mean = (j) => rows.reduce((a, r) => a + Number(r[j]), 0) / rows.length;
  const csv = `${[...header, 'kind'].join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`;
  const page = await openPage(browser, `${server.url}#model.kind=mlp&model.hidden=6&optimizer.kind=adam&optimizer.lr=0.05&training.epochs=30&preprocess.validation_split=0`);
  await waitState(page, 'ready');
  await page.click('label[for=source-csv]');
  await page.setInputFiles('#csv-file', file('four.csv', csv));
  await waitState(page, 'ready');
  await page.locator('#plot-axes').waitFor();
  assert.equal(await page.locator('#plot-x').inputValue(), '0');
  assert.equal(await page.locator('#plot-y').inputValue(), '1');
  assert.deepEqual(await page.locator('#plot-x option').allTextContents(), header);
  // The note lists gamma and delta at their means (read back from its text, compared with the file's).
  const held = async () => {
    await page.waitForFunction(() => /held at their training means/.test(document.getElementById('plot-held').textContent));
    const t = await page.locator('#plot-held').textContent();
    return Object.fromEntries([...t.matchAll(/(\w+) = (-?[\d.]+(?:e-?\d+)?)/g)].map((m) => [m[1], Number(m[2])]));
  };
  let h = await held();
  assert.deepEqual(Object.keys(h), ['gamma', 'delta']);
  assert.ok(Math.abs(h.gamma - mean(2)) < 5e-3 * Math.abs(mean(2)), `gamma ${h.gamma} vs ${mean(2)}`);
  assert.ok(Math.abs(h.delta - mean(3)) < 5e-3 * Math.abs(mean(3)), `delta ${h.delta} vs ${mean(3)}`);
  assert.match(await page.locator('#data-plot').getAttribute('aria-label'), /^Decision regions over alpha and beta with the other 2 features held at their training means/);
  await page.selectOption('#speed', '0');
  await page.click('#play');
  await waitState(page, 'done', 60000);
  await shot(page, 'slice-alpha-beta');
  // Plot delta across: alpha is held now.
  await page.selectOption('#plot-x', '3');
  await page.waitForFunction(() => /over delta and beta/.test(document.getElementById('data-plot').getAttribute('aria-label')));
  await page.waitForFunction(() => /alpha = /.test(document.getElementById('plot-held').textContent));
  h = await held();
  assert.deepEqual(Object.keys(h), ['alpha', 'gamma']);
  assert.ok(Math.abs(h.alpha - mean(0)) < 5e-3 * Math.abs(mean(0)), `alpha ${h.alpha} vs ${mean(0)}`);
  // The same feature on both axes is not a picture: the other menu takes the feature left.
  await page.selectOption('#plot-y', '3');
  assert.equal(await page.locator('#plot-x').inputValue(), '1');
  assert.equal(await page.locator('#plot-y').inputValue(), '3');
  await shot(page, 'slice-beta-delta');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('an upload an older version kept as text loads, with a note saying its accents may be lost', async () => {
  const page = await openPage(browser, server.url);
  await waitState(page, 'ready');
  // The record as the older store.js wrote it: { name, text } (the browser's decoding of the file).
  await page.evaluate((text) => new Promise((resolve, reject) => {
    const req = indexedDB.open('descent-playground', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('state');
    req.onsuccess = () => {
      const t = req.result.transaction('state', 'readwrite');
      t.objectStore('state').put({ name: 'old.csv', text }, 'csv');
      t.oncomplete = () => { req.result.close(); resolve(); };
      t.onerror = () => reject(t.error);
    };
    req.onerror = () => reject(req.error);
  }), twoClasses(40));
  await page.goto(`${server.url}#data.source=csv&model.kind=mlp&model.hidden=4&training.epochs=5`);
  await page.reload();
  await waitState(page, 'ready');
  assert.match(await page.locator('.csv-summary').textContent(), /^old\.csv: 40 rows, 3 columns/);
  assert.match(await page.locator('#csv-notes').textContent(), /This file was kept by an older version of the playground as text/);
  assert.deepEqual(await page.locator('.csv-classes li').allTextContents(), ['0: a', '1: b']);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a file just chosen trains with the engine\'s choices for it (model, scaling, optimizer, learning rate), shown in the settings and a notice', async () => {
  // Three classes in their own units (hundreds and thousandths) behind an Id column: the page's
  // start setup (an MLP on unscaled columns) is what a learner would otherwise train.
  const rows = ['Id,area,ratio,kind'];
  for (let i = 0; i < 150; i++) {
    const k = i % 3;
    rows.push(`${i + 1},${(300 + k * 250 + ((i * 37) % 50)).toFixed(1)},${(0.002 + k * 0.003 + ((i * 53) % 10) / 10000).toFixed(4)},${['alpha', 'beta', 'gamma'][k]}`);
  }
  const text = `${rows.join('\n')}\n`;
  const { loadDescent } = await import('../../bindings/index.js');
  const descent = await loadDescent();
  const probe = descent.session({ seed: 42, data: { source: 'csv', seed: 42 }, preprocess: { validation_split: 0.2 } }, { csv: text });
  const chosen = Object.fromEntries(probe.problem().data.defaults.map((d) => [d.field, d.value]));
  probe.dispose();
  assert.equal(chosen['model.kind'], 'softmax');

  const page = await openPage(browser, `${server.url}#seed=42&data.seed=42&preprocess.validation_split=0.2&model.kind=mlp&model.hidden=8&optimizer.kind=adam&optimizer.lr=0.5&training.epochs=30`);
  await waitState(page, 'ready');
  await page.click('label[for=source-csv]');
  await page.setInputFiles('#csv-file', file('three.csv', text));
  await waitState(page, 'ready');
  assert.equal(await page.locator('#model-kind').inputValue(), 'softmax');
  assert.equal(await page.locator('#optimizer-kind').inputValue(), chosen.optimizer);
  assert.equal(Number(await page.locator('#optimizer-lr').inputValue()), Number(chosen['optimizer.lr']));
  assert.equal(await page.locator('#preprocess-normalize').inputValue(), 'zscore');
  const notice = await page.locator('#notice-list').textContent();
  assert.match(notice, /model\.kind = softmax/);
  assert.match(notice, /optimizer\.lr = /);
  await page.selectOption('#speed', '0');
  await page.click('#play');
  await waitState(page, 'done', 90000);
  await page.waitForFunction(() => document.getElementById('metrics').dataset.trainAccuracy !== undefined);
  const acc = Number(await page.locator('#metrics').getAttribute('data-train-accuracy'));
  await shot(page, 'defaults-three-classes');
  // The classes are apart on both columns: scaled inputs and a learning rate that trains reach them.
  assert.ok(acc >= 0.95, `train accuracy ${acc}`);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
