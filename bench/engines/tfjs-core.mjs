// TensorFlow.js core-ops peers (no tfjs-layers): the model written with tf.variable and trained
// with optimizer.minimize (tf.train.sgd / tf.train.adam with Descent's epsilon), one tf.tidy per
// step, on the wasm (SIMD) or cpu backend, as a user of tfjs-core writes it. W4 (full-batch linear
// regression) is tf.matMul with a hand-written gradient, its strongest idiomatic form. Batches are
// tensors made before the clock in the training figure; in the defaults figure they are made from
// the user's arrays (or CSV text) inside it, with a per-epoch evaluation. Not here: tfjs-layers.
import { loadTf } from './libs.mjs';
import { steps, fromUser } from '../data.mjs';

let tf, info;

/** Loads tfjs with the named backend ('wasm' or 'cpu') once per process; returns what was loaded. */
export async function setup(backend) {
  ({ tf, info } = await loadTf(backend));
  return info;
}

const HIDDEN = { tanh: (z) => tf.tanh(z), relu: (z) => tf.relu(z), linear: (z) => z };

export function create(w, data, { user } = {}) {
  const { batch, perEpoch, total } = steps(w);
  const L = w.layers.length - 1, C = w.layers[L], d = w.layers[0];
  const { lr, kind } = w.optimizer;
  const linreg = w.id === 'W4';
  // Parameters: Glorot-uniform weights (seeded), zero biases; W4: theta = [w; b], shape (2, 1).
  const glorot = (inn, out, seed) => { const a = Math.sqrt(6 / (inn + out)); return tf.randomUniform([inn, out], -a, a, 'float32', seed); };
  const vars = [];
  if (linreg) vars.push(tf.variable(tf.tidy(() => tf.concat([glorot(1, 1, 21), tf.zeros([1, 1])]))));
  else for (let l = 0; l < L; l++) vars.push(tf.variable(glorot(w.layers[l], w.layers[l + 1], 21 + l)), tf.variable(tf.zeros([w.layers[l + 1]])));
  const optimizer = linreg ? null : kind === 'sgd' ? tf.train.sgd(lr) : tf.train.adam(lr, 0.9, 0.999, 1e-8);

  const logits = (x) => {
    let a = x;
    for (let l = 0; l < L; l++) {
      const z = tf.add(tf.matMul(a, vars[2 * l]), vars[2 * l + 1]);
      a = l + 1 < L ? HIDDEN[w.hidden](z) : z;
    }
    return a;
  };
  const lossOf = (x, y) => (w.loss === 'bce' ? tf.losses.sigmoidCrossEntropy(y, logits(x))
    : w.loss === 'mse' ? tf.losses.meanSquaredError(y, logits(x)) : tf.losses.softmaxCrossEntropy(y, logits(x)));

  // The engine's own form of the data: X (n, d) (W4: [x, 1], (n, 2)), Y (n, 1) or one-hot (n, C),
  // labels (n) for the accuracy, and per-batch slices.
  let T = null;
  const toTensors = (input) => tf.tidy(() => {
    const n = input.y.length;  // x: a Float32Array (n * d), the user's rows, or one feature's values
    let X = input.x instanceof Float32Array || d === 1 ? tf.tensor2d(input.x, [n, d]) : tf.tensor2d(input.x);
    if (linreg) X = tf.concat([X, tf.ones([n, 1])], 1);
    const y = tf.tensor1d(input.y);
    const Y = w.loss === 'softmax_ce' ? tf.cast(tf.oneHot(tf.cast(y, 'int32'), C), 'float32') : tf.reshape(y, [n, 1]);
    const xb = [], yb = [];
    if (!linreg) for (let r = 0; r < n; r += batch) {
      const bs = Math.min(batch, n - r);
      xb.push(tf.keep(tf.slice(X, [r, 0], [bs, X.shape[1]])));
      yb.push(tf.keep(tf.slice(Y, [r, 0], [bs, Y.shape[1]])));
    }
    return { n, X: tf.keep(X), Y: tf.keep(Y), labels: tf.keep(y), xb, yb };
  });
  const disposeTensors = () => { if (T) tf.dispose([T.X, T.Y, T.labels, ...T.xb, ...T.yb]); T = null; };
  if (!user) T = toTensors(data);

  // Per-epoch evaluation (defaults figure), as Descent's training.metrics 'epoch' reports it:
  // the epoch's mean batch loss (summed on the backend, read once) and accuracy or R^2 over the
  // whole training set, read back as numbers.
  const metricOf = () => tf.tidy(() => {
    const z = linreg ? tf.matMul(T.X, vars[0]) : logits(T.X);
    if (w.loss === 'bce') return tf.mean(tf.cast(tf.equal(tf.cast(tf.greaterEqual(z, 0), 'float32'), T.Y), 'float32'));
    if (w.loss === 'softmax_ce') return tf.mean(tf.cast(tf.equal(tf.argMax(z, 1), tf.cast(T.labels, 'int32')), 'float32'));
    const sse = tf.sum(tf.squaredDifference(z, T.Y)), sst = tf.sum(tf.squaredDifference(T.Y, tf.mean(T.Y)));
    return tf.sub(1, tf.div(sse, sst));
  });
  const epochs = [];

  // W4: full-batch gradient descent on 0.5 * mean(r^2) * 2, r = X theta - y: g = (2/n) X^T r.
  const linregStep = (withCost) => tf.tidy(() => {
    const r = tf.sub(tf.matMul(T.X, vars[0]), T.Y);
    const g = tf.matMul(T.X, r, true, false);
    vars[0].assign(tf.sub(vars[0], tf.mul(g, (2 * lr) / T.n)));
    return withCost ? tf.mean(tf.square(r)) : null;
  });

  return {
    info: { engine: `TensorFlow.js ${info.version} core ops (${info.backend}${info.simd ? ', SIMD' : ''})`, ...info,
      notes: linreg ? 'tf.matMul with a hand-written gradient, one tf.tidy per step'
        : `tf.variable + optimizer.minimize (${kind === 'sgd' ? 'tf.train.sgd' : 'tf.train.adam, epsilon 1e-8'}), one tf.tidy per step` },
    async train({ maxSteps = 0 } = {}) {
      if (user) { disposeTensors(); T = toTensors(user.csv !== undefined ? fromUser(w, user) : user); }
      const limit = maxSteps > 0 ? Math.min(maxSteps, total) : total;
      let done = 0, samples = 0;
      for (let e = 0; done < limit; e++) {
        let costSum = user ? tf.scalar(0) : null, rows = 0;
        for (let b = 0; b < perEpoch && done < limit; b++, done++) {
          const bs = linreg ? T.n : T.xb[b].shape[0];
          let cost;
          if (linreg) cost = linregStep(!!user);
          else if (user) cost = tf.tidy(() => optimizer.minimize(() => lossOf(T.xb[b], T.yb[b]), true, vars));
          else tf.tidy(() => { optimizer.minimize(() => lossOf(T.xb[b], T.yb[b]), false, vars); });
          if (user) {
            const next = tf.tidy(() => tf.add(costSum, tf.mul(cost, bs)));
            tf.dispose([costSum, cost]);
            costSum = next;
          }
          samples += bs;
          rows += bs;
        }
        if (user) {
          const m = metricOf();
          const [loss, metric] = await Promise.all([costSum.data(), m.data()]);
          epochs.push({ loss: loss[0] / rows, metric: metric[0] });
          tf.dispose([costSum, m]);
        }
      }
      return samples;
    },
    predict() {
      if (!T) T = toTensors(fromUser(w, user));
      return tf.tidy(() => {
        const z = linreg ? tf.matMul(T.X, vars[0]) : logits(T.X);
        const p = w.loss === 'bce' ? tf.sigmoid(z) : w.loss === 'softmax_ce' ? tf.softmax(z) : z;
        return p.dataSync().slice();
      });
    },
    get epochs() { return epochs; },
    dispose() { disposeTensors(); tf.dispose(vars); optimizer?.dispose(); },
  };
}
