// The benchmark at CI size (node bench/run.mjs --smoke: tiny data, one run each): every engine runs
// every workload and its loss falls; Descent's engines (wasm in Node, native, Chromium) end on the
// same loss, since they compute the same bits. Never a timing: speed lives in `npm run bench`.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS } from '../../bench/data.mjs';
import { ENGINES } from '../../bench/engine.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the benchmark smoke run: every engine trains every workload', { timeout: 600_000 }, (t) => {
  const out = path.join(tmpdir(), `descent-bench-smoke-${process.pid}.json`);
  const run = spawnSync(process.execPath, ['bench/run.mjs', '--smoke', '--out', out], { cwd: root, encoding: 'utf8' });
  t.after(() => rmSync(out, { force: true }));
  assert.equal(run.status, 0, `bench/run.mjs --smoke failed:\n${run.stderr}`);
  const r = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual(r.errors, []);

  for (const id of Object.keys(ENGINES)) {
    const e = r.engines[id];
    assert.ok(e, `engine ${id} missing from the results`);
    if (e.skipped) { t.diagnostic(`${id} skipped: ${e.skipped}`); continue; }
    assert.equal(e.error, undefined, `${id}: ${e.error}`);
    for (const w of WORKLOADS) {
      const res = e.workloads[w.id];
      assert.ok(res, `${id} did not run ${w.id}`);
      assert.ok(res.samples > 0 && Number.isFinite(res.samplesPerSec), `${id} ${w.id} trained on no samples`);
      assert.ok(Number.isFinite(res.lossStart) && Number.isFinite(res.lossEnd), `${id} ${w.id}: loss is not finite`);
      assert.ok(res.lossEnd < res.lossStart, `${id} ${w.id}: loss did not fall (${res.lossStart} -> ${res.lossEnd})`);
    }
  }

  // One engine, three hosts: the same final loss (the engines are bit-identical by design).
  const wasm = r.engines['descent-wasm'].workloads;
  for (const w of WORKLOADS) assert.equal(r.engines['descent-native'].workloads[w.id].lossEnd, wasm[w.id].lossEnd, `${w.id}: native and wasm differ`);
  if (r.browser?.skipped) t.diagnostic(`browser skipped: ${r.browser.skipped}`);
  else {
    for (const id of ['W1', 'W3']) {
      const b = r.browser.workloads[id];
      assert.ok(b && b.lossEnd < b.lossStart, `browser ${id}: loss did not fall`);
      assert.equal(b.lossEnd, wasm[id].lossEnd, `browser ${id}: Chromium and Node differ`);
    }
  }

  // The kernel probe ran in both builds and the report has every target row.
  for (const k of ['wasm', 'native']) assert.ok(r.kernel[k].peakGflops > 0 && r.kernel[k].denseGflops > 0, `kernel probe (${k}) did not run`);
  assert.equal(r.summary.targets.length, 9);
  assert.ok(r.size.gzip > 0);
});
