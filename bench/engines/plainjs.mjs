// The hand-written peer: a plain JavaScript MLP over Float32Arrays, trained the way TensorFlow
// Playground does it (explicit loops, no library), but batched and allocation-free per step, as a
// careful JS developer would write it. In the defaults figure it takes the user's arrays (or
// CSV text) inside the clock and reports each epoch's mean batch loss and accuracy or R^2 over the
// training set. Also the reference forward pass that turns Descent's parameters (torch layout)
// into predictions for the common loss. Not a model of anything else.
import { rng, steps, fromUser, epochMetric } from '../data.mjs';

const ACT = {
  linear: { f: (z) => z, d: () => 1 },
  tanh: { f: Math.tanh, d: (a) => 1 - a * a },
  relu: { f: (z) => (z > 0 ? z : 0), d: (a) => (a > 0 ? 1 : 0) },
  sigmoid: { f: (z) => 1 / (1 + Math.exp(-z)), d: (a) => a * (1 - a) },
};

/** Layers from a flat torch-layout parameter vector: [{ in, out, W (out, in), b (out) }]. */
export function layersFromParams(widths, params) {
  const layers = [];
  let off = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const inn = widths[l], out = widths[l + 1];
    layers.push({ in: inn, out, W: params.subarray(off, off + out * inn), b: params.subarray(off + out * inn, off + out * inn + out) });
    off += out * inn + out;
  }
  return layers;
}

/** Forward pass of n rows: hidden activation on every layer but the last; out = output activation. */
export function forward(layers, hidden, out, x, n) {
  let a = x;
  for (let l = 0; l < layers.length; l++) {
    const { in: inn, out: m, W, b } = layers[l];
    const f = ACT[l + 1 === layers.length ? out : hidden].f;
    const z = new Float32Array(n * m);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = b[j];
        for (let k = 0; k < inn; k++) s += W[j * inn + k] * a[i * inn + k];
        z[i * m + j] = f(s);
      }
    }
    a = z;
  }
  return a;
}

/** Row-wise softmax in place (for predictions of a softmax-CE model). */
export function softmaxRows(z, n, c) {
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let j = 0; j < c; j++) m = Math.max(m, z[i * c + j]);
    let s = 0;
    for (let j = 0; j < c; j++) { const e = Math.exp(z[i * c + j] - m); z[i * c + j] = e; s += e; }
    for (let j = 0; j < c; j++) z[i * c + j] /= s;
  }
  return z;
}

/**
 * Predictions on the training set from a torch-layout parameter vector (Descent's engines), in
 * the form evaluateLoss reads: probabilities (W1, W3) or values. One JS path for every Descent
 * host, so equal parameters give equal losses.
 */
export function predictFromParams(w, data, params) {
  const out = w.loss === 'bce' ? 'sigmoid' : 'linear';
  const y = forward(layersFromParams(w.layers, Float32Array.from(params)), w.hidden, out, data.x, data.n);
  return w.loss === 'softmax_ce' ? softmaxRows(y, data.n, w.layers[w.layers.length - 1]) : y;
}

/** The peer engine: create(w, data, { user }) -> { train({ maxSteps }), predict() }. */
export function create(w, data, { user } = {}) {
  const widths = w.layers, L = widths.length - 1, r = rng(99);
  const outAct = w.loss === 'bce' ? 'sigmoid' : 'linear';
  const { batch, total } = steps(w);
  const layers = [];
  for (let l = 0; l < L; l++) {
    const inn = widths[l], out = widths[l + 1], a = Math.sqrt(6 / (inn + out));  // Glorot uniform
    const W = new Float32Array(out * inn);
    for (let i = 0; i < W.length; i++) W[i] = (2 * r.uniform() - 1) * a;
    layers.push({
      in: inn, out, W, b: new Float32Array(out), gW: new Float32Array(out * inn), gb: new Float32Array(out),
      act: new Float32Array(batch * out), delta: new Float32Array(batch * out),
      mW: new Float32Array(out * inn), vW: new Float32Array(out * inn), mb: new Float32Array(out), vb: new Float32Array(out),
      f: ACT[l + 1 === L ? outAct : w.hidden],
    });
  }
  const xb = new Float32Array(batch * widths[0]);
  const { lr, kind } = w.optimizer;
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  let t = 0;
  let X = data.x, Y = data.y, N = data.n;  // the user's data replaces these in train() (defaults figure)
  const epochs = [];

  function update(p, g, m, v) {
    if (kind === 'sgd') {
      for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
    } else {
      const c1 = 1 - b1 ** t, c2 = 1 - b2 ** t;
      for (let i = 0; i < p.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        p[i] -= (lr * m[i] / c1) / (Math.sqrt(v[i] / c2) + eps);
      }
    }
  }

  /** One step on rows [row0, row0 + bs); returns the batch's summed loss when withLoss. */
  function step(row0, bs, withLoss) {
    const d = widths[0], C = widths[L];
    let lossSum = 0;
    for (let i = 0; i < bs * d; i++) xb[i] = X[row0 * d + i];
    // forward
    let a = xb;
    for (const ly of layers) {
      const { in: inn, out, W, b, act, f } = ly;
      for (let i = 0; i < bs; i++) {
        for (let j = 0; j < out; j++) {
          let s = b[j];
          for (let k = 0; k < inn; k++) s += W[j * inn + k] * a[i * inn + k];
          act[i * out + j] = f.f(s);
        }
      }
      a = act;
    }
    // dL/dz of the output layer: (p - y)/bs for sigmoid+BCE and softmax+CE, 2(o - y)/bs for MSE
    const top = layers[L - 1], z = top.act, dz = top.delta;
    for (let i = 0; i < bs; i++) {
      const y = Y[row0 + i];
      if (w.loss === 'softmax_ce') {
        let m = -Infinity, s = 0;
        for (let j = 0; j < C; j++) m = Math.max(m, z[i * C + j]);
        for (let j = 0; j < C; j++) { const e = Math.exp(z[i * C + j] - m); dz[i * C + j] = e; s += e; }
        for (let j = 0; j < C; j++) dz[i * C + j] = (dz[i * C + j] / s - (j === y ? 1 : 0)) / bs;
        if (withLoss) lossSum += Math.log(s) + m - z[i * C + y];
      } else if (w.loss === 'bce') {
        dz[i] = (z[i] - y) / bs;
        if (withLoss) { const p = Math.min(Math.max(z[i], 1e-7), 1 - 1e-7); lossSum -= y ? Math.log(p) : Math.log(1 - p); }
      } else {
        dz[i] = (2 * (z[i] - y)) / bs;
        if (withLoss) lossSum += (z[i] - y) * (z[i] - y);
      }
    }
    // backward
    for (let l = L - 1; l >= 0; l--) {
      const { in: inn, out, W, gW, gb, delta } = layers[l];
      const prev = l > 0 ? layers[l - 1] : null;
      const ain = prev ? prev.act : xb;
      gW.fill(0); gb.fill(0);
      if (prev) prev.delta.fill(0, 0, bs * inn);
      for (let i = 0; i < bs; i++) {
        for (let j = 0; j < out; j++) {
          const g = delta[i * out + j];
          gb[j] += g;
          for (let k = 0; k < inn; k++) gW[j * inn + k] += g * ain[i * inn + k];
          if (prev) for (let k = 0; k < inn; k++) prev.delta[i * inn + k] += g * W[j * inn + k];
        }
      }
      if (prev) for (let i = 0; i < bs * inn; i++) prev.delta[i] *= prev.f.d(prev.act[i]);
    }
    t++;
    for (const ly of layers) { update(ly.W, ly.gW, ly.mW, ly.vW); update(ly.b, ly.gb, ly.mb, ly.vb); }
    return lossSum;
  }

  const predictAll = () => {
    const p = forward(layers, w.hidden, outAct, X, N);
    return w.loss === 'softmax_ce' ? softmaxRows(p, N, widths[L]) : p;
  };

  return {
    info: { engine: 'plain JS (Float32Array loops)', notes: 'same model, loss, optimizer and batches' },
    async train({ maxSteps = 0 } = {}) {
      if (user) ({ x: X, y: Y, n: N } = fromUser(w, user));
      const limit = maxSteps > 0 ? Math.min(maxSteps, total) : total;
      let done = 0, samples = 0;
      for (let e = 0; done < limit; e++) {
        let lossSum = 0, rows = 0;
        for (let r0 = 0; r0 < N && done < limit; r0 += batch, done++) {
          const bs = Math.min(batch, N - r0);
          lossSum += step(r0, bs, !!user);
          samples += bs;
          rows += bs;
        }
        if (user) epochs.push({ loss: lossSum / rows, metric: epochMetric(w, Y, predictAll(), N) });
      }
      return samples;
    },
    predict: predictAll,
    get epochs() { return epochs; },
  };
}
