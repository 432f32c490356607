// The browser half of the benchmark: the same harness and engines as in Node (harness.mjs,
// engines/registry.mjs: every engine marked `browser`), run in a page so Node and the browser can
// be compared and the strongest peer found in each. bench/run.mjs serves the repository, opens
// bench/browser.html in headless Chromium once per engine (a fresh page each) and calls
// window.runBench({ engine, only, smoke, figures, repeats }); window.runIngest({ url, rows }) times
// parsing one CSV file with Descent, PapaParse (when installed) and the peers' JS parse.
// Not here: output, Node-only engines.
import { runWorkloads } from './harness.mjs';
import { ENGINES } from './engines/registry.mjs';
import { loadPapa } from './engines/libs.mjs';
import { timeDescent, timePapa, timeJsParse } from './ingest-core.mjs';

const status = document.getElementById('status');
window.runBench = async ({ engine = 'descent-wasm', ...o } = {}) => {
  const e = ENGINES[engine];
  if (!e?.browser) throw new Error(`${engine} does not run in the browser`);
  const mod = await import(e.module);
  const setup = mod.setup ? await mod.setup(e.arg) : {};
  const lines = [];
  const r = await runWorkloads(mod, { engine, repeats: 7, budget: 15, cap: 30, warm: 1.5, ...o }, (l) => { lines.push(l); status.textContent = l; });
  return { engine, label: e.label, setup, userAgent: navigator.userAgent, log: lines, ...r };
};
window.runIngest = async ({ url, rows, runs = 3 }) => {
  const { loadDescent } = await import('../bindings/index.js');
  const d = await loadDescent();
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const text = new TextDecoder().decode(bytes);
  const Papa = await loadPapa();
  const descent = { bytes: timeDescent(d, rows, bytes, runs), string: timeDescent(d, rows, text, runs) };
  return { bytes: bytes.length, rows, descent, js: timeJsParse(text, rows, runs), papaparse: Papa ? timePapa(Papa, text, rows, runs) : 'missing', papaVersion: Papa?.version ?? null, heapBytes: d.heapBytes };
};
status.textContent = 'ready';
window.benchReady = true;
