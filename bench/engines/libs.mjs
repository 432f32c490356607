// Loads the peers' libraries (TensorFlow.js, brain.js, ConvNetJS) the same way in Node and in the
// browser page: Node imports/requires them from node_modules; the page adds their browser bundles
// from node_modules as classic scripts (bench/run.mjs serves the repository root) and reads the
// globals they define. Nothing else: no engine code, no timing. Node modules are imported
// dynamically so that this file also loads in a page.
export const inNode = typeof process !== 'undefined' && !!process.versions?.node;

const modules = new URL('../../node_modules/', import.meta.url);

/** Adds a classic script from node_modules to the page once; resolves when it has run. */
function script(rel) {
  const src = new URL(rel, modules).href;
  if (document.querySelector(`script[src="${src}"]`)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

async function nodeRequire() {
  const { createRequire } = await import('node:module');
  return createRequire(import.meta.url);
}

let tfPromise = null;
/**
 * TensorFlow.js (core + layers + the backend named): { tf, tfl, wasmFiles, wasmDir }. tf and tfl
 * are the same object in the page (the bundles share the `tf` global). wasmFiles lists the .wasm
 * files the wasm backend actually read (so the report can say whether SIMD was used).
 */
export async function loadTf(backend) {
  tfPromise ??= (async () => {
    const wasmFiles = [];
    if (inNode) {
      const tf = await import('@tensorflow/tfjs-core');
      const tfl = await import('@tensorflow/tfjs-layers');
      await import('@tensorflow/tfjs-backend-cpu');
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Record which .wasm Emscripten reads (the SIMD one, the plain one or the threaded one).
      const fs = (await import('node:fs')).default;
      const read = fs.readFileSync;
      fs.readFileSync = function (p, ...rest) {
        if (String(p).endsWith('.wasm')) wasmFiles.push(String(p).split('/').pop());
        return read.call(this, p, ...rest);
      };
      const { fileURLToPath } = await import('node:url');
      wasm.setWasmPaths(fileURLToPath(new URL('@tensorflow/tfjs-backend-wasm/dist/', modules)));
      return { tf, tfl, wasmFiles };
    }
    await script('@tensorflow/tfjs-core/dist/tf-core.min.js');
    await script('@tensorflow/tfjs-backend-cpu/dist/tf-backend-cpu.min.js');
    await script('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js');
    await script('@tensorflow/tfjs-layers/dist/tf-layers.min.js');
    const tf = globalThis.tf;
    tf.wasm.setWasmPaths(new URL('@tensorflow/tfjs-backend-wasm/dist/', modules).href);
    return { tf, tfl: tf, wasmFiles };
  })();
  const lib = await tfPromise;
  const { tf } = lib;
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} did not initialize`);
  await tf.ready();
  const simd = backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : false;
  const threads = backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') : false;
  if (!inNode && backend === 'wasm') {
    for (const e of performance.getEntriesByType('resource')) if (e.name.endsWith('.wasm') && e.name.includes('tfjs-backend-wasm')) lib.wasmFiles.push(e.name.split('/').pop());
  }
  if (backend === 'wasm' && !simd) throw new Error('tfjs wasm: SIMD is off');
  if (backend === 'wasm' && !lib.wasmFiles.some((f) => f === 'tfjs-backend-wasm-simd.wasm')) throw new Error(`tfjs wasm: the SIMD binary was not loaded (${lib.wasmFiles.join(', ') || 'none seen'})`);
  const info = { backend: tf.getBackend(), version: tf.version_core, simd, threads, wasmFile: [...new Set(lib.wasmFiles)].join(',') || null };
  return { ...lib, info };
}

/** brain.js: { NeuralNetwork, version }. */
export async function loadBrain() {
  if (inNode) {
    const require = await nodeRequire();
    return { NeuralNetwork: require('brain.js/dist/neural-network').default, version: require('brain.js/package.json').version };
  }
  await script('brain.js/browser.js');
  const { version } = await (await fetch(new URL('brain.js/package.json', modules))).json();
  return { NeuralNetwork: globalThis.brain.NeuralNetwork, version };
}

/** ConvNetJS: the convnetjs namespace. */
export async function loadConvnet() {
  if (inNode) return (await nodeRequire())('convnetjs');
  await script('convnetjs/build/convnet.js');
  return globalThis.convnetjs;
}

/** PapaParse (the browser's usual CSV parser), or null when it is not installed. */
export async function loadPapa() {
  try {
    if (inNode) return (await nodeRequire())('papaparse');
    await script('papaparse/papaparse.min.js');
    return globalThis.Papa ?? null;
  } catch {
    return null;
  }
}
