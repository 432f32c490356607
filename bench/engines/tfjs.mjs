// TensorFlow.js peers: tfjs-core + tfjs-layers, trained with model.fit (the idiomatic API) on the
// `wasm` backend (SIMD, its .wasm files read from node_modules via setWasmPaths) or the `cpu`
// backend. setup(backend) must run once per process before create(). Not here: tfjs-node.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { steps } from '../data.mjs';

let tf, tfl, backendInfo;

/** Loads tfjs with the named backend ('wasm' or 'cpu'); returns what was loaded. */
export async function setup(backend) {
  tf = await import('@tensorflow/tfjs-core');
  tfl = await import('@tensorflow/tfjs-layers');
  const wasmFiles = [];
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Record which .wasm Emscripten reads (the SIMD one, the plain one or the threaded one).
    const read = fs.readFileSync;
    fs.readFileSync = function (p, ...rest) {
      if (String(p).endsWith('.wasm')) wasmFiles.push(String(p).split('/').pop());
      return read.call(this, p, ...rest);
    };
    const dir = fileURLToPath(new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));
    wasm.setWasmPaths(dir);
  } else {
    await import('@tensorflow/tfjs-backend-cpu');
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs: backend ${backend} did not initialize`);
  await tf.ready();
  const simd = backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : false;
  const threads = backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') : false;
  if (backend === 'wasm' && !simd) throw new Error('tfjs wasm: SIMD is off');
  backendInfo = { backend: tf.getBackend(), version: tf.version_core, simd, threads, wasmFile: wasmFiles.join(',') || null };
  return backendInfo;
}

export function create(w, data) {
  const { batch, perEpoch, total } = steps(w);
  const L = w.layers.length - 1;
  const outAct = { bce: 'sigmoid', mse: 'linear', softmax_ce: 'softmax' }[w.loss];
  const layers = [];
  for (let l = 0; l < L; l++) {
    layers.push(tfl.layers.dense({
      units: w.layers[l + 1], activation: l + 1 === L ? outAct : w.hidden,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 11 + l }),  // Keras' default, seeded
      ...(l === 0 ? { inputShape: [w.layers[0]] } : {}),
    }));
  }
  const model = tfl.sequential({ layers });
  const optimizer = w.optimizer.kind === 'sgd' ? tf.train.sgd(w.optimizer.lr) : tf.train.adam(w.optimizer.lr);
  const loss = { bce: 'binaryCrossentropy', mse: 'meanSquaredError', softmax_ce: 'sparseCategoricalCrossentropy' }[w.loss];
  model.compile({ optimizer, loss });
  const x = tf.tensor2d(data.x, [data.n, data.inputs]);
  const y = tf.tensor2d(data.y, [data.n, 1]);
  return {
    info: { engine: `TensorFlow.js ${backendInfo.version} (${backendInfo.backend}${backendInfo.simd ? ', SIMD' : ''})`, ...backendInfo,
      notes: 'model.fit, same layers/loss/optimizer/batches (Keras defaults: Glorot init, Adam eps 1e-7)' },
    async train({ maxSteps = 0 } = {}) {
      let xs = x, ys = y, epochs = w.epochs, rows = data.n;
      if (maxSteps > 0 && maxSteps < total) {          // warm-up: the same shapes, fewer steps
        epochs = Math.max(1, Math.floor(maxSteps / perEpoch));
        if (maxSteps < perEpoch) {
          rows = Math.min(data.n, maxSteps * batch);
          xs = tf.slice(x, [0, 0], [rows, data.inputs]);
          ys = tf.slice(y, [0, 0], [rows, 1]);
        }
      }
      await model.fit(xs, ys, { batchSize: batch, epochs, shuffle: false, verbose: 0 });
      if (xs !== x) { xs.dispose(); ys.dispose(); }
      return rows * epochs;
    },
    predict() {
      const p = model.predict(x);
      const out = p.dataSync().slice();
      p.dispose();
      return out;
    },
    dispose() { x.dispose(); y.dispose(); model.dispose(); optimizer.dispose(); },
  };
}
