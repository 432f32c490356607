// The benchmark's workloads (W1-W4) and their deterministic synthetic data, identical for every
// engine: generated here from a fixed seed (our own PRNG), quantized to a few decimals so the CSV
// text Descent reads parses back to exactly the Float32Array values the peers train on.
// Runs in Node and in the browser (no Node imports). Not here: any engine or timing code.

/** Mulberry32: a small, fast 32-bit PRNG; uniform() in [0, 1). Same numbers in every JS engine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare = null;
  return {
    uniform: next,
    normal() { // Box-Muller
      if (spare !== null) { const s = spare; spare = null; return s; }
      let u = next();
      while (u === 0) u = next();
      const v = next(), r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
  };
}

const q = (v, decimals) => { const s = 10 ** decimals; return Math.round(v * s) / s; };

/**
 * The workloads. layers: widths from input to output; hidden/out: activations; loss: the loss a
 * user asks for (bce on a sigmoid output, mse, softmax cross-entropy on integer labels).
 * batch 0 = full batch. Sizes are the issue's; smoke() shrinks rows and epochs only.
 */
export const WORKLOADS = [
  { id: 'W1', name: 'playground', rows: 1000, layers: [2, 8, 8, 1], hidden: 'tanh', out: 'sigmoid', loss: 'bce',
    task: 'binary', batch: 10, optimizer: { kind: 'sgd', lr: 0.03 }, epochs: 20,
    data: 'two spirals, 1,000 points', model: 'MLP 2-8-8-1, tanh, sigmoid out, BCE', training: 'batch 10, SGD lr 0.03, 20 epochs' },
  { id: 'W2', name: 'medium', rows: 10000, layers: [2, 64, 64, 1], hidden: 'relu', out: 'linear', loss: 'mse',
    task: 'regression', batch: 32, optimizer: { kind: 'adam', lr: 1e-3 }, epochs: 5,
    data: 'y = sin(3 x1) cos(2 x2), 10,000 points', model: 'MLP 2-64-64-1, relu, linear out, MSE', training: 'batch 32, Adam lr 1e-3, 5 epochs' },
  { id: 'W3', name: 'mnist-size', rows: 10000, layers: [784, 128, 64, 10], hidden: 'relu', out: 'linear', loss: 'softmax_ce',
    task: 'multiclass', batch: 64, optimizer: { kind: 'adam', lr: 1e-3 }, epochs: 2,
    data: '10,000 x 784 in [0, 1], 10 classes', model: 'MLP 784-128-64-10, relu, softmax CE', training: 'batch 64, Adam lr 1e-3, 2 epochs' },
  { id: 'W4', name: 'linreg', rows: 100000, layers: [1, 1], hidden: 'linear', out: 'linear', loss: 'mse',
    task: 'regression', batch: 0, optimizer: { kind: 'sgd', lr: 0.1 }, epochs: 200,
    data: 'y = 2x + 1 + noise, 100,000 points', model: 'linear, MSE', training: 'full-batch GD lr 0.1, 200 steps' },
];

/** The same workloads at CI size: few rows, few epochs (same models, losses, optimizers). */
export function smoke(w) {
  const rows = { W1: 200, W2: 400, W3: 256, W4: 2000 }[w.id];
  const epochs = { W1: 20, W2: 5, W3: 3, W4: 40 }[w.id];
  return { ...w, rows, epochs };
}

/** Steps per epoch and in total for a workload. */
export function steps(w) {
  const bs = w.batch === 0 ? w.rows : Math.min(w.batch, w.rows);
  const perEpoch = Math.ceil(w.rows / bs);
  return { batch: bs, perEpoch, total: perEpoch * w.epochs };
}

/**
 * Generates a workload's data: { n, inputs, outputs, x: Float32Array (n, inputs),
 * y: Float32Array (n) — 0/1 (W1), values (W2, W4) or class labels 0..9 (W3), classes }.
 */
export function generate(w) {
  const n = w.rows, d = w.layers[0];
  const x = new Float32Array(n * d), y = new Float32Array(n);
  const r = rng(0xdecade + Number(w.id.slice(1)));
  if (w.id === 'W1') {
    // TensorFlow Playground's two spirals: half the points per arm, radius 0..5, noise 0.1.
    const half = n >> 1;
    for (let i = 0; i < n; i++) {
      const arm = i < half ? 0 : 1, j = arm ? i - half : i, m = arm ? n - half : half;
      const rad = (j / m) * 5, t = 1.75 * (j / m) * 2 * Math.PI + arm * Math.PI;
      x[2 * i] = q(rad * Math.sin(t) + (r.uniform() * 2 - 1) * 0.1 * 5 * 0.2, 4);
      x[2 * i + 1] = q(rad * Math.cos(t) + (r.uniform() * 2 - 1) * 0.1 * 5 * 0.2, 4);
      y[i] = arm;
    }
    // Interleave the arms (a fixed permutation), so no batch holds one class only.
    permute(x, y, n, d, rng(7));
  } else if (w.id === 'W2') {
    for (let i = 0; i < n; i++) {
      const a = q(r.uniform() * 2 - 1, 4), b = q(r.uniform() * 2 - 1, 4);
      x[2 * i] = a; x[2 * i + 1] = b;
      y[i] = q(Math.sin(3 * a) * Math.cos(2 * b), 5);
    }
  } else if (w.id === 'W3') {
    // Inputs uniform in [0, 1] (3 decimals); labels from a fixed random linear teacher on x - 0.5,
    // so the classes are learnable and roughly balanced.
    const C = w.layers[w.layers.length - 1];
    const T = new Float64Array(d * C);
    const tr = rng(1234);
    for (let i = 0; i < T.length; i++) T[i] = tr.normal();
    const z = new Float64Array(C);
    for (let i = 0; i < n; i++) {
      z.fill(0);
      for (let k = 0; k < d; k++) {
        const v = q(r.uniform(), 3);
        x[i * d + k] = v;
        const c = v - 0.5;
        for (let j = 0; j < C; j++) z[j] += c * T[k * C + j];
      }
      let best = 0;
      for (let j = 1; j < C; j++) if (z[j] > z[best]) best = j;
      y[i] = best;
    }
  } else if (w.id === 'W4') {
    for (let i = 0; i < n; i++) {
      const a = q(r.uniform(), 4);
      x[i] = a;
      y[i] = q(2 * a + 1 + 0.1 * r.normal(), 4);
    }
  }
  const outputs = w.layers[w.layers.length - 1];
  return { n, inputs: d, outputs, classes: w.task === 'multiclass' ? outputs : w.task === 'binary' ? 2 : 0, x, y };
}

function permute(x, y, n, d, r) {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r.uniform() * (i + 1));
    const t = y[i]; y[i] = y[j]; y[j] = t;
    for (let k = 0; k < d; k++) { const u = x[i * d + k]; x[i * d + k] = x[j * d + k]; x[j * d + k] = u; }
  }
}

/** The shortest decimal (up to 7 places) that reads back as the float32 v. */
export function f32text(v) {
  for (let d = 0, s = 1; d <= 7; d++, s *= 10) {
    const t = Math.round(v * s) / s;
    if (Math.fround(t) === v) return String(t);
  }
  return String(v);
}

const csvTexts = new WeakMap();
/** The data as CSV text without a header (features..., target); values read back exactly. Made once per data set. */
export function csv(data) {
  if (!csvTexts.has(data)) csvTexts.set(data, csvText(data));
  return csvTexts.get(data);
}

function csvText(data) {
  const { n, inputs, x, y } = data;
  const parts = new Array(n);
  const row = new Array(inputs + 1);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < inputs; k++) row[k] = f32text(x[i * inputs + k]);
    row[inputs] = f32text(y[i]);
    parts[i] = row.join(',');
  }
  return parts.join('\n') + '\n';
}

/**
 * The data as a user hands it over (the "defaults" figure): inline JS arrays for the small sets
 * (x as rows, or a flat array for one feature; y as numbers), CSV text (no header) for W3.
 */
export function userData(w, data) {
  if (w.id === 'W3') return { csv: csv(data) };
  const { n, inputs, x, y } = data;
  const rows = inputs === 1 ? Array.from(x) : Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * inputs, (i + 1) * inputs)));
  return { x: rows, y: Array.from(y) };
}

/**
 * What a JS user does with CSV text before handing it to a JS library: split lines and commas,
 * Number() each field. Returns { n, x: Float32Array (n, inputs), y: Float32Array (n) }, the last
 * column being the target. Throws on a row with the wrong number of fields.
 */
export function parseCsv(text, inputs) {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const n = lines.length, x = new Float32Array(n * inputs), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const f = lines[i].split(',');
    if (f.length !== inputs + 1) throw new Error(`csv row ${i + 1}: ${f.length} fields, expected ${inputs + 1}`);
    for (let k = 0; k < inputs; k++) x[i * inputs + k] = Number(f[k]);
    y[i] = Number(f[inputs]);
  }
  return { n, x, y };
}

/** The user's data as flat Float32Arrays { n, x, y } (what the JS peers train on). */
export function fromUser(w, user) {
  const d = w.layers[0];
  if (user.csv !== undefined) return parseCsv(user.csv, d);
  const n = user.y.length;
  return { n, x: d === 1 ? Float32Array.from(user.x) : Float32Array.from(user.x.flat()), y: Float32Array.from(user.y) };
}

/**
 * The per-epoch figure a user of Descent sees by default (training.metrics 'epoch'): accuracy
 * (classification: p >= 0.5 for bce, the arg max for softmax) or R^2 (regression) of predictions
 * on the whole training set. pred is as evaluateLoss reads it (probabilities, scores or values).
 */
export function epochMetric(w, y, pred, n) {
  if (w.loss === 'mse') {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += y[i];
    mean /= n;
    let sse = 0, sst = 0;
    for (let i = 0; i < n; i++) { const e = pred[i] - y[i], t = y[i] - mean; sse += e * e; sst += t * t; }
    return sst > 0 ? 1 - sse / sst : 0;
  }
  let right = 0;
  if (w.loss === 'bce') for (let i = 0; i < n; i++) right += (pred[i] >= 0.5 ? 1 : 0) === y[i];
  else {
    const C = w.layers[w.layers.length - 1];
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < C; j++) if (pred[i * C + j] > pred[i * C + best]) best = j;
      right += best === y[i];
    }
  }
  return right / n;
}

/**
 * A loss computed the same way for every engine from its predictions on the whole training set:
 * bce on probabilities (clamped to [1e-7, 1 - 1e-7]), mse on values, or cross-entropy on class
 * probabilities (rows normalized to sum 1, clamped below at 1e-7).
 */
export function evaluateLoss(w, data, pred) {
  const { n, outputs, y } = data;
  let s = 0;
  if (w.loss === 'bce') {
    for (let i = 0; i < n; i++) {
      const p = Math.min(Math.max(pred[i], 1e-7), 1 - 1e-7);
      s -= y[i] ? Math.log(p) : Math.log(1 - p);
    }
  } else if (w.loss === 'mse') {
    for (let i = 0; i < n; i++) { const e = pred[i] - y[i]; s += e * e; }
  } else {
    for (let i = 0; i < n; i++) {
      let t = 0;
      for (let j = 0; j < outputs; j++) t += Math.max(pred[i * outputs + j], 0);
      const p = t > 0 ? Math.max(pred[i * outputs + y[i]], 0) / t : 1 / outputs;
      s -= Math.log(Math.max(p, 1e-7));
    }
  }
  return s / n;
}
