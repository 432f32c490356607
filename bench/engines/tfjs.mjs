// TensorFlow.js layers peers: tfjs-core + tfjs-layers, trained with model.fit (the idiomatic API)
// on the `wasm` backend (SIMD) or the `cpu` backend. Keras defaults except where the formula
// would differ from Descent's: Glorot init (seeded), Adam with epsilon 1e-8. In the defaults
// figure the tensors are made from the user's arrays (or CSV text) inside the clock, and fit
// reports its usual per-epoch logs (loss, plus 'accuracy' for classification).
// setup(backend) must run once per process (or page) before create(). Not here: tfjs-node.
import { loadTf } from './libs.mjs';
import { steps, fromUser } from '../data.mjs';

let tf, tfl, backendInfo;

/** Loads tfjs with the named backend ('wasm' or 'cpu'); returns what was loaded. */
export async function setup(backend) {
  ({ tf, tfl, info: backendInfo } = await loadTf(backend));
  return backendInfo;
}

export function create(w, data, { user } = {}) {
  const { batch, perEpoch, total } = steps(w);
  const L = w.layers.length - 1, d = w.layers[0];
  const outAct = { bce: 'sigmoid', mse: 'linear', softmax_ce: 'softmax' }[w.loss];
  const layers = [];
  for (let l = 0; l < L; l++) {
    layers.push(tfl.layers.dense({
      units: w.layers[l + 1], activation: l + 1 === L ? outAct : w.hidden,
      kernelInitializer: tfl.initializers.glorotUniform({ seed: 11 + l }),  // Keras' default, seeded
      ...(l === 0 ? { inputShape: [d] } : {}),
    }));
  }
  const model = tfl.sequential({ layers });
  const optimizer = w.optimizer.kind === 'sgd' ? tf.train.sgd(w.optimizer.lr) : tf.train.adam(w.optimizer.lr, 0.9, 0.999, 1e-8);
  const loss = { bce: 'binaryCrossentropy', mse: 'meanSquaredError', softmax_ce: 'sparseCategoricalCrossentropy' }[w.loss];
  model.compile({ optimizer, loss, ...(user && w.loss !== 'mse' ? { metrics: ['accuracy'] } : {}) });
  // The user's arrays: rows go to tf.tensor2d as they are; CSV text is split first.
  const tensors = (input) => {
    const n = input.y.length;
    const x = input.x instanceof Float32Array || d === 1 ? tf.tensor2d(input.x, [n, d]) : tf.tensor2d(input.x);
    return { x, y: tf.tensor2d(input.y, [n, 1]) };
  };
  let { x, y } = user ? { x: null, y: null } : tensors(data);
  let epochs = [];
  return {
    info: { engine: `TensorFlow.js ${backendInfo.version} layers (${backendInfo.backend}${backendInfo.simd ? ', SIMD' : ''})`, ...backendInfo,
      notes: `model.fit, same layers/loss/optimizer/batches (Glorot init; Adam epsilon 1e-8)` },
    async train({ maxSteps = 0 } = {}) {
      if (user) {
        tf.dispose([x, y]);
        ({ x, y } = tensors(user.csv !== undefined ? fromUser(w, user) : user));
      }
      let xs = x, ys = y, nEpochs = w.epochs, rows = data.n;
      if (maxSteps > 0 && maxSteps < total) {          // warm-up: the same shapes, fewer steps
        nEpochs = Math.max(1, Math.floor(maxSteps / perEpoch));
        if (maxSteps < perEpoch) {
          rows = Math.min(data.n, maxSteps * batch);
          xs = tf.slice(x, [0, 0], [rows, d]);
          ys = tf.slice(y, [0, 0], [rows, 1]);
        }
      }
      const h = await model.fit(xs, ys, { batchSize: batch, epochs: nEpochs, shuffle: false, verbose: 0 });
      epochs = h.history.loss.map((l, i) => ({ loss: l, metric: h.history.acc?.[i] }));
      if (xs !== x) { xs.dispose(); ys.dispose(); }
      return rows * nEpochs;
    },
    predict() {
      const p = tf.tidy(() => model.predict(x ?? tensors(fromUser(w, user)).x));
      const out = p.dataSync().slice();
      p.dispose();
      return out;
    },
    get epochs() { return user ? epochs : undefined; },  // fit logs every epoch anyway; only the defaults figure reads them
    dispose() { tf.dispose([x, y]); model.dispose(); optimizer.dispose(); },
  };
}
