// The experiment spec Descent runs for a workload, shared by the wasm engine in Node
// (descent-wasm.mjs), the browser page (bench/browser.mjs) and the native engines (native.mjs).
// Not here: data generation (data.mjs) or timing.
import { steps } from '../data.mjs';

/**
 * The experiment spec for a workload. Training figure: CSV data (the text goes separately, as
 * options.csv or --csv) and metrics 'none'. Defaults figure (user = userData(w, data)): the data
 * inline in the spec (or CSV text for W3) and the default metrics ('epoch').
 */
export function descentSpec(w, { maxSteps = 0, lr, user } = {}) {
  const task = w.task === 'regression' ? 'regression' : 'classification';
  const spec = {
    seed: 1,
    data: user && user.csv === undefined ? { source: 'inline', x: user.x, y: user.y, task } : { source: 'csv', header: 'no', task },
    // The peers train on the data as it is; a CSV source would be z-scored (and a regression
    // target standardized) by default, so the scaling is given.
    preprocess: { normalize: 'none' },
    model: w.layers.length === 2 ? { kind: 'linear' } : { kind: 'mlp', hidden: w.layers.slice(1, -1), activation: w.hidden },
    loss: { kind: { bce: 'bce', mse: 'mse', softmax_ce: 'sparse_cce' }[w.loss] },
    optimizer: { kind: w.optimizer.kind, lr: lr ?? w.optimizer.lr },
    training: { batch_size: w.batch, epochs: w.epochs, shuffle: false, ...(user ? {} : { metrics: 'none' }) },
  };
  if (maxSteps > 0) spec.training.steps = Math.min(maxSteps, steps(w).total);
  return spec;
}
