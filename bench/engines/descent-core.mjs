// The experiment spec Descent runs for a workload, shared by the wasm engine in Node
// (descent-wasm.mjs), the browser page (bench/browser.mjs) and the native engines (native.mjs).
// Not here: data generation (data.mjs) or timing.
import { steps } from '../data.mjs';

/** The experiment spec for a workload (the CSV text goes separately, as options.csv). */
export function descentSpec(w, { maxSteps = 0, lr } = {}) {
  const spec = {
    seed: 1,
    data: { source: 'csv', header: 'no', task: w.task === 'regression' ? 'regression' : 'classification' },
    model: w.layers.length === 2 ? { kind: 'linear' } : { kind: 'mlp', hidden: w.layers.slice(1, -1), activation: w.hidden },
    loss: { kind: { bce: 'bce', mse: 'mse', softmax_ce: 'sparse_cce' }[w.loss] },
    optimizer: { kind: w.optimizer.kind, lr: lr ?? w.optimizer.lr },
    training: { batch_size: w.batch, epochs: w.epochs, shuffle: false, metrics: 'none' },
  };
  if (maxSteps > 0) spec.training.steps = Math.min(maxSteps, steps(w).total);
  return spec;
}
