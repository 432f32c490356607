// The browser half of the benchmark: the same harness and Descent wasm engine as in Node
// (harness.mjs, engines/descent-wasm.mjs), run in a page so Node and the browser can be compared.
// bench/run.mjs serves the repository, opens bench/browser.html in headless Chromium and calls
// window.runBench({ only, smoke }). Not here: peers (they run in Node only).
import { runWorkloads } from './harness.mjs';
import * as descent from './engines/descent-wasm.mjs';

const status = document.getElementById('status');
window.runBench = async (o) => {
  const setup = await descent.setup();
  const lines = [];
  const r = await runWorkloads({ create: descent.create }, { engine: 'browser', repeats: 7, budget: 15, cap: 30, warm: 1.5, ...o }, (l) => { lines.push(l); status.textContent = l; });
  return { engine: 'descent-browser', label: 'Descent wasm (Chromium)', setup, userAgent: navigator.userAgent, log: lines, ...r };
};
status.textContent = 'ready';
window.benchReady = true;
