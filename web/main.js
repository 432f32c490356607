// Page wiring: starts the engine worker and shows what it reports.
const status = document.getElementById('engine-status');
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'ready') {
    status.textContent = `Engine ${m.version} loaded: ${m.arch === 'wasm' ? 'WebAssembly SIMD' : m.arch} (xsimd arch "${m.arch}"), kernel probe ${m.probe}`;
    status.dataset.arch = m.arch;
    status.dataset.probe = m.probe;
    status.dataset.ready = 'true';
  } else if (m.type === 'error') {
    status.textContent = `The engine failed to load: ${m.message}`;
    status.dataset.ready = 'false';
  }
};
