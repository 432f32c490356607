// The engine worker: owns the wasm module.
import { loadDescent } from '../bindings/index.js';

loadDescent().then((d) => {
  postMessage({ type: 'ready', version: d.version, arch: d.arch, probe: d.kernelProbe() });
}, (err) => postMessage({ type: 'error', message: String(err?.message ?? err) }));
