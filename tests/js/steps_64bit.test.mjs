// Step counts are 64-bit in both engines (`long` is 32-bit in WebAssembly, so runs of 2^31 steps
// and more used to wrap there: "nothing to do: 0 steps", a one_cycle over "the whole run", a
// page showing "step 0 / -1,604,378,624"). Runs whose total is 2^31 and 2^32 steps (65,536 rows
// at batch size 1 for 32,768 and 65,536 epochs), a one_cycle over 2^31 - 1, 2^31 and 2^32 steps:
// exact counts through the facade, and the same result bytes from the wasm and the native engine.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDescent } from '../../bindings/index.js';
import { native, haveNative } from '../helpers/native.mjs';

const d = await loadDescent();
const dir = mkdtempSync(path.join(tmpdir(), 'descent-64-'));

const big = (epochs, training = {}, schedule) => ({
  seed: 3, data: { source: 'synthetic', generator: 'line', samples: 65536 }, model: { kind: 'linear' },
  optimizer: { kind: 'sgd', lr: 0.001 }, ...(schedule ? { schedule } : {}),
  training: { batch_size: 1, epochs, metrics: 'none', history_limit: 100, ...training },
});

function bothEngines(spec) {
  const wasm = `${d.runJSON(spec)}\n`;
  if (!haveNative()) return { wasm, nat: wasm };
  const file = path.join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return { wasm, nat: native(['run', file, '--quiet']) };
}

for (const [epochs, total] of [[32768, 2 ** 31], [65536, 2 ** 32]]) {
  test(`a run of ${total} steps counts exactly in the facade`, () => {
    const s = d.session(big(epochs));
    try {
      assert.equal(s.stepsPerEpoch, 65536);
      assert.equal(s.totalSteps, total);
      assert.equal(s.problem().totalSteps, total);
      assert.equal(s.run(3), 'running');
      assert.equal(s.steps, 3);
      assert.equal(s.samplesSeen, 3);
      assert.equal(s.result().message, `running: 3 of ${total} steps`);
    } finally {
      s.dispose();
    }
  });

  test(`a run of ${total} steps with a one_cycle over all of them: the same bytes in both engines`, () => {
    // Early stopping ends it after epoch 2 (nothing improves by 1e9): 131,072 steps of a run
    // planned for `total`, with the LR of a cycle over `total` steps.
    const spec = big(epochs, { early_stopping: { patience: 1, min_delta: 1e9 } }, { kind: 'one_cycle', max_lr: 0.1 });
    const { wasm, nat } = bothEngines(spec);
    const r = JSON.parse(wasm);
    assert.equal(r.status, 'early_stopped', r.message);
    assert.equal(r.steps, 131072);
    assert.equal(r.samples_seen, 131072);
    assert.deepEqual(r.history.epoch_step, [65536, 131072]);
    // lr after k steps: 0.1 - 0.048 (1 + cos(pi k / (0.3 T - 1))); at k = 131,071 of T >= 2^31 it
    // is still within 3e-6 (relative) of its start 0.004, where a cycle over a wrapped total would
    // be somewhere else entirely (or, at 2^32 wrapped to 0, the run would not start).
    const T = total, k = 131071;
    const want = 0.1 - 0.048 * (1 + Math.cos(Math.PI * k / (0.3 * T - 1)));
    assert.ok(Math.abs(r.history.lr.at(-1) - want) <= 1e-7 * want, `${r.history.lr.at(-1)} vs ${want}`);
    assert.equal(wasm, nat);
  });
}

test('one_cycle total_steps of 2^31 - 1, 2^31 and 2^32 (longer than the run): the LR stays at its start, in both engines', () => {
  // A 100-step run; a cycle over T >= 2^31 - 1 steps has not moved off max_lr / div_factor =
  // 0.004 within float precision after 3 steps (a cycle over the run itself: 0.0065 at step 4).
  for (const T of [2 ** 31 - 1, 2 ** 31, 2 ** 32]) {
    const spec = { data: { source: 'inline', x: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], y: [1, 3, 5, 7, 9, 11, 13, 15, 17, 19] }, model: { kind: 'linear' },
      optimizer: { kind: 'sgd', lr: 0.01 }, schedule: { kind: 'one_cycle', max_lr: 0.1, total_steps: T }, training: { batch_size: 1, epochs: 10 } };
    const { wasm, nat } = bothEngines(spec);
    const r = JSON.parse(wasm);
    assert.equal(r.status, 'done');
    // (the result writes float32 values with their shortest digits)
    for (let k = 0; k < 4; k++) assert.equal(Math.fround(r.history.lr[k]), Math.fround(0.004), `T = ${T}, step ${k + 1}`);
    assert.equal(wasm, nat, `T = ${T}`);
  }
});
