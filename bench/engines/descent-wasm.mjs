// Descent's WebAssembly engine through the public facade (bindings/index.js), in Node and in the
// browser page. setup() loads the module (and reports how long it took); create() opens a session
// per run outside the clock; train() is session.run(k) to the end plus reading the history.
import { csv } from '../data.mjs';
import { descentSpec } from './descent-core.mjs';
import { predictFromParams } from './plainjs.mjs';

let d, info;
const csvCache = new Map();

export async function setup() {
  const t0 = performance.now();
  const { loadDescent } = await import('../../bindings/index.js');
  d = await loadDescent();
  info = { engine: `Descent ${d.version} (wasm, ${d.arch})`, arch: d.arch, readyMs: performance.now() - t0 };
  return info;
}

function csvFor(w, data) {
  if (!csvCache.has(w)) { csvCache.clear(); csvCache.set(w, csv(data)); }
  return csvCache.get(w);
}

/**
 * What else a user pays, measured once: d.runJSON end to end (open + train + result JSON), and
 * its parts: opening the session (spec + CSV parse + init) and serializing the result.
 */
export function extra(w, data) {
  const text = csvFor(w, data);
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

export function create(w, data) {
  const text = csvFor(w, data);
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
