// The benchmark at CI size (node bench/run.mjs --smoke: tiny data, one run each, a 1 MB CSV):
// every engine runs every workload in both figures (training only; user defaults) in Node and in
// Chromium and its loss falls; the defaults runs report one evaluation per epoch; Descent's engines
// (wasm in Node and Chromium, native) end on the same loss in both figures, since they compute the
// same bits; the ingestion benchmark parses the CSV in Node and Chromium; every target has a row.
// Never a timing: speed lives in `npm run bench`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS, smoke } from '../../bench/data.mjs';
import { ENGINES, FIGURES } from '../../bench/engines/registry.mjs';
import { TARGETS } from '../../bench/report.mjs';
import { rowsFor } from '../../bench/ingest-core.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const KEY = { training: 'workloads', defaults: 'defaults' };

/** Every workload of one engine's results trained, in both figures. */
function checkEngine(t, where, id, e) {
  assert.ok(e, `${where}: engine ${id} missing from the results`);
  if (e.skipped) { t.diagnostic(`${where} ${id} skipped: ${e.skipped}`); return; }
  assert.equal(e.error, undefined, `${where} ${id}: ${e.error}`);
  for (const f of FIGURES) {
    for (const w of WORKLOADS) {
      const res = e[KEY[f]]?.[w.id];
      assert.ok(res, `${where} ${id} did not run ${w.id} (${f})`);
      assert.ok(res.samples > 0 && Number.isFinite(res.samplesPerSec) && res.samplesPerSec > 0, `${where} ${id} ${w.id} ${f}: trained on no samples`);
      assert.ok(Number.isFinite(res.lossStart) && Number.isFinite(res.lossEnd), `${where} ${id} ${w.id} ${f}: loss is not finite`);
      assert.ok(res.lossEnd < res.lossStart, `${where} ${id} ${w.id} ${f}: loss did not fall (${res.lossStart} -> ${res.lossEnd})`);
      // The defaults figure evaluates every epoch, as a user's run would (W4: one epoch per step).
      if (f === 'defaults') assert.equal(res.epochsReported, smoke(w).epochs, `${where} ${id} ${w.id}: ${res.epochsReported} per-epoch evaluations, expected ${smoke(w).epochs}`);
      else assert.ok(!res.epochsReported, `${where} ${id} ${w.id}: the training figure must run without per-epoch evaluation`);
    }
  }
}

test('the benchmark smoke run: every engine trains every workload, in Node and in Chromium', { timeout: 900_000 }, (t) => {
  const out = path.join(tmpdir(), `descent-bench-smoke-${process.pid}.json`);
  const run = spawnSync(process.execPath, ['bench/run.mjs', '--smoke', '--out', out], { cwd: root, encoding: 'utf8' });
  t.after(() => rmSync(out, { force: true }));
  assert.equal(run.status, 0, `bench/run.mjs --smoke failed:\n${run.stderr}`);
  const r = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(r.errors, []);

  for (const id of Object.keys(ENGINES)) checkEngine(t, 'Node', id, r.engines[id]);

  // One engine, three hosts, two figures: the same final loss (the engines are bit-identical by
  // design, and the defaults' inline data and per-epoch metrics do not change the trajectory).
  const wasm = r.engines['descent-wasm'];
  for (const w of WORKLOADS) {
    assert.equal(r.engines['descent-native'].workloads[w.id].lossEnd, wasm.workloads[w.id].lossEnd, `${w.id}: native and wasm differ`);
    assert.equal(wasm.defaults[w.id].lossEnd, wasm.workloads[w.id].lossEnd, `${w.id}: wasm defaults (inline data, metrics) and training figure differ`);
    assert.equal(r.engines['descent-native'].defaults[w.id].lossEnd, wasm.workloads[w.id].lossEnd, `${w.id}: native defaults and wasm differ`);
  }
  if (r.browser?.skipped) t.diagnostic(`browser skipped: ${r.browser.skipped}`);
  else {
    assert.deepEqual(r.browser.problems, []);
    for (const id of Object.keys(ENGINES).filter((e) => ENGINES[e].browser)) checkEngine(t, 'Chromium', id, r.browser.engines[id]);
    for (const w of WORKLOADS) {
      for (const f of FIGURES) assert.equal(r.browser.engines['descent-wasm'][KEY[f]][w.id].lossEnd, wasm.workloads[w.id].lossEnd, `browser ${w.id} ${f}: Chromium and Node differ`);
    }
    // TF.js's wasm backend ran its SIMD binary in the page as in Node.
    for (const id of ['tfjs-core-wasm', 'tfjs-wasm']) {
      assert.equal(r.browser.engines[id].setup.simd, true, `${id}: SIMD off in Chromium`);
      assert.equal(r.engines[id].setup.wasmFile, 'tfjs-backend-wasm-simd.wasm', `${id}: Node loaded ${r.engines[id].setup.wasmFile}`);
    }
  }

  // Ingestion: the 1 MB CSV reached its first step in a fresh process and parsed in every form.
  const rows = rowsFor(1), ing = r.ingest;
  assert.equal(ing.node.rows, rows);
  assert.ok(ing.node.first.seconds > 0 && Number.isFinite(ing.node.loss), 'ingestion: no first step');
  assert.ok(ing.node.first.heapBytes > 0 && ing.node.first.peakRss > 0, 'ingestion: memory not measured');
  for (const k of ['bytes', 'string', 'js']) assert.ok(ing.node.parse[k].MBps > 0 && ing.node.parse[k].rows === rows, `ingestion: Node ${k}`);
  if (!r.browser?.skipped) {
    const c = ing.chromium;
    for (const k of ['bytes', 'string']) assert.ok(c.descent[k].MBps > 0 && c.descent[k].rows === rows, `ingestion: Chromium ${k}`);
    assert.ok(c.js.rows === rows);
    assert.ok(c.papaparse === 'missing' || c.papaparse.rows === rows, `papaparse: ${JSON.stringify(c.papaparse)}`);
    if (c.papaparse === 'missing') t.diagnostic('papaparse is not installed: the PapaParse comparison is not measured');
  }

  // The kernel probe ran in both builds and the report has every target row, each measured
  // unless it says why not (PapaParse missing, no fast build).
  for (const k of ['wasm', 'native']) assert.ok(r.kernel[k].peakGflops > 0 && r.kernel[k].denseGflops > 0, `kernel probe (${k}) did not run`);
  assert.deepEqual(r.summary.targets.map((x) => x.id), TARGETS.map((x) => x.id));
  const fastSkipped = !!r.engines['descent-fast'].skipped;
  for (const x of r.summary.targets) {
    const excused = (x.id === 'csv-papaparse' && ing.chromium?.papaparse === 'missing') || (x.id.startsWith('fast-portable') && fastSkipped) || (r.browser?.skipped && /chromium|papaparse/i.test(x.id));
    if (!excused) assert.ok(x.value !== null && typeof x.met === 'boolean', `target ${x.id} was not measured`);
  }
  assert.ok(r.size.gzip > 0);
});
