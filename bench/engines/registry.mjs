// Every engine the benchmark runs: its module (create(w, data, { user }) -> a model; setup(arg)),
// its label, whether it is Descent, and whether it also runs in the browser page (bench/browser.mjs).
// Read by bench/engine.mjs (Node), bench/browser.mjs (Chromium), bench/run.mjs and bench/report.mjs.
// Loads in Node and in a page (no Node imports). Not here: measuring or reporting.
export const ENGINES = {
  'descent-wasm': { module: './engines/descent-wasm.mjs', label: 'Descent wasm', descent: true, browser: true },
  'descent-native': { module: './engines/native.mjs', arg: 'native', label: 'Descent native portable', descent: true },
  'descent-fast': { module: './engines/native.mjs', arg: 'fast', label: 'Descent native fast', descent: true },
  'tfjs-core-wasm': { module: './engines/tfjs-core.mjs', arg: 'wasm', label: 'TF.js core ops wasm (SIMD)', browser: true },
  'tfjs-core-cpu': { module: './engines/tfjs-core.mjs', arg: 'cpu', label: 'TF.js core ops cpu', browser: true },
  'tfjs-wasm': { module: './engines/tfjs.mjs', arg: 'wasm', label: 'TF.js layers wasm (SIMD)', browser: true },
  'tfjs-cpu': { module: './engines/tfjs.mjs', arg: 'cpu', label: 'TF.js layers cpu', browser: true },
  convnetjs: { module: './engines/convnetjs.mjs', label: 'ConvNetJS', browser: true },
  brainjs: { module: './engines/brainjs.mjs', label: 'brain.js', browser: true },
  plainjs: { module: './engines/plainjs.mjs', label: 'plain JS', browser: true },
};

export const DESCENT = Object.keys(ENGINES).filter((id) => ENGINES[id].descent);
export const PEERS = Object.keys(ENGINES).filter((id) => !ENGINES[id].descent);
/** The two figures: training only (data already in each engine's form, no metrics), and the defaults a user gets. */
export const FIGURES = ['training', 'defaults'];
