// Descent's WebAssembly engine through the public facade (bindings/index.js), in Node and in the
// browser page. setup() loads the module (and reports how long it took). Training figure: create()
// opens a session per run outside the clock; train() is session.run(k) to the end plus reading the
// history. Defaults figure: train() is d.run(spec) with the data inline (CSV text for W3) and the
// default per-epoch metrics, the simplest call a user makes, result object included.
import { csv } from '../data.mjs';
import { descentSpec } from './descent-core.mjs';
import { predictFromParams } from './plainjs.mjs';

let d, info;

export async function setup() {
  const t0 = performance.now();
  const { loadDescent } = await import('../../bindings/index.js');
  d = await loadDescent();
  info = { engine: `Descent ${d.version} (wasm, ${d.arch})`, arch: d.arch, readyMs: performance.now() - t0 };
  return info;
}

/**
 * What else a user pays, measured once: d.runJSON end to end (open + train + result JSON), and
 * its parts: opening the session (spec + CSV parse + init) and serializing the result.
 */
export function extra(w, data) {
  const text = csv(data);
  let t0 = performance.now();
  const json = d.runJSON(descentSpec(w), { csv: text });
  const runJsonSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const s = d.session(descentSpec(w), { csv: text });
  const openSeconds = (performance.now() - t0) / 1000;
  while (s.status === 'running') s.run(1 << 20);
  t0 = performance.now();
  s.resultJSON();
  const resultJsonSeconds = (performance.now() - t0) / 1000;
  s.dispose();
  return { runJsonSeconds, openSeconds, resultJsonSeconds, resultBytes: json.length };
}

function createDefaults(w, data, user) {
  let result = null;
  return {
    info: { ...info, notes: 'd.run(spec): data inline in the spec (W3: CSV text), default metrics (epoch)' },
    async train({ maxSteps = 0 } = {}) {
      result = d.run(descentSpec(w, { maxSteps, user }), user.csv !== undefined ? { csv: user.csv } : {});
      if (result.status !== 'done') throw new Error(`descent: ${w.id} ended with ${result.status}: ${result.message}`);
      return { samples: result.samples_seen, firstBatchLoss: result.history.loss[0] };
    },
    predict() {
      if (!result) {  // the initial parameters: a session opened on the same spec
        const s = d.session(descentSpec(w, { user }), user.csv !== undefined ? { csv: user.csv } : {});
        const p = s.params();
        s.dispose();
        return predictFromParams(w, data, p);
      }
      return predictFromParams(w, data, result.params);
    },
    get epochs() { return result?.history.epoch_train_loss ?? []; },
  };
}

export function create(w, data, { user } = {}) {
  if (user) return createDefaults(w, data, user);
  const text = csv(data);
  let s = null;
  const open = (maxSteps) => {
    s?.dispose();
    const t0 = performance.now();
    s = d.session(descentSpec(w, { maxSteps }), { csv: text });
    return performance.now() - t0;
  };
  let openMs = open(0);
  return {
    info: { ...info, notes: 'session opened outside the clock; run(k) to the end + history()' },
    get openMs() { return openMs; },
    async train({ maxSteps = 0 } = {}) {
      if (maxSteps > 0 || s.steps > 0) openMs = open(maxSteps);
      const t0 = performance.now();
      while (s.status === 'running') s.run(1 << 20);
      const h = s.history();
      const seconds = (performance.now() - t0) / 1000;
      if (s.status !== 'done') throw new Error(`descent: ${w.id} ended with ${s.status}: ${s.message}`);
      return { samples: s.samplesSeen, seconds, firstBatchLoss: h.loss[0] };
    },
    predict() { return predictFromParams(w, data, s.params()); },  // the native engines' path
    dispose() { s?.dispose(); s = null; },
  };
}
