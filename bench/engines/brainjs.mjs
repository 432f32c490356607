// brain.js 1.x peer: NeuralNetwork.train (its idiomatic API). brain.js v1 updates after every
// sample (no mini-batches), initializes with Math.random, and applies one activation to every
// layer, the output included: we use the one whose range fits the targets (W1/W3 sigmoid for
// 0/1 targets, W2 tanh for values in [-1, 1], W4 leaky-relu, linear on its positive targets).
// Its init draws from Math.random; we seed that draw (our PRNG) so runs are repeatable.
// Adam is its praxis 'adam'; SGD is learningRate with momentum 1e-9 (it refuses 0). Defaults
// figure: the { input, output } rows made from the user's arrays (or CSV text) inside the clock;
// per epoch, the training error that train() computes anyway, collected with its callback.
import { rng, steps, fromUser } from '../data.mjs';
import { loadBrain } from './libs.mjs';

let NeuralNetwork, version;

export async function setup() {
  ({ NeuralNetwork, version } = await loadBrain());
  return { engine: `brain.js ${version}` };
}

const ACTIVATION = { W1: 'sigmoid', W2: 'tanh', W3: 'sigmoid', W4: 'leaky-relu' };

export function create(w, data, { user } = {}) {
  const { total, batch } = steps(w);
  const d = data.inputs, L = w.layers.length - 1, C = w.layers[L];
  const activation = ACTIVATION[w.id];
  const net = new NeuralNetwork({ hiddenLayers: w.layers.slice(1, -1), activation });
  let rows = [];
  const toRows = ({ n, x, y }) => {
    rows = [];
    for (let i = 0; i < n; i++) {
      const input = Array.from(x.subarray(i * d, (i + 1) * d));
      let output;
      if (w.loss === 'softmax_ce') { output = new Array(C).fill(0); output[y[i]] = 1; } else output = [y[i]];
      rows.push({ input, output });
    }
  };
  toRows(data);
  const epochs = [];
  const opts = {
    iterations: w.epochs, errorThresh: 1e-12, learningRate: w.optimizer.lr, momentum: 1e-9, log: false,  // brain.js requires momentum > 0
    ...(w.optimizer.kind === 'adam' ? { praxis: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } : {}),
  };
  // Build the layers now (brain.js would on the first train()), with a seeded Math.random.
  net.updateTrainingOptions(opts);
  net.sizes = w.layers.slice();
  const random = Math.random;
  Math.random = rng(77).uniform;
  try { net.initialize(); } finally { Math.random = random; }
  return {
    info: { engine: `brain.js ${version}`, notes: `per-sample updates, activation '${activation}' on every layer${w.optimizer.kind === 'adam' ? ", praxis 'adam'" : ''}` },
    async train({ maxSteps = 0 } = {}) {
      if (user) toRows(fromUser(w, user));
      let set = rows, iterations = w.epochs;
      if (maxSteps > 0 && maxSteps < total) {  // warm-up: fewer samples, one pass
        set = rows.slice(0, Math.min(rows.length, maxSteps * batch));
        iterations = 1;
      }
      net.train(set, { ...opts, iterations, ...(user ? { callback: (s) => epochs.push({ loss: s.error }), callbackPeriod: 1 } : {}) });
      return set.length * iterations;
    },
    get epochs() { return epochs; },
    predict() {
      const out = new Float32Array(data.n * (w.loss === 'softmax_ce' ? C : 1));
      for (let i = 0; i < data.n; i++) out.set(net.run(rows[i].input), i * (out.length / data.n));
      return out;
    },
  };
}
