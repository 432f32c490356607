// The PyTorch export replays the run: the generated script, run with Debian's python3-torch,
// prints a loss history that matches Descent's within float32 tolerance (relative 1e-4 over the
// first 100 steps), for the set of specs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDescent } from '../../bindings/index.js';
import { exportTorch, exportKeras } from '../../bindings/export.js';

const PYTHON = '/usr/bin/python3';  // Debian's, where python3-torch lives (scripts/setup.sh test installs it)
const d = await loadDescent();
const dir = mkdtempSync(path.join(tmpdir(), 'descent-torch-'));

const specs = {
  'linear + MSE + SGD': { seed: 1, data: { source: 'synthetic', generator: 'line', samples: 200, noise: 0.3 }, model: { kind: 'linear' }, loss: { kind: 'mse' }, optimizer: { kind: 'sgd', lr: 0.05 }, training: { batch_size: 20, epochs: 15 } },
  'logistic + BCE + Adam': { seed: 2, data: { source: 'synthetic', generator: 'blobs', samples: 300, classes: 2 }, preprocess: { normalize: 'zscore', validation_split: 0.2 }, model: { kind: 'logistic' }, loss: { kind: 'bce' }, optimizer: { kind: 'adam', lr: 0.05 }, training: { batch_size: 16, epochs: 10 } },
  'MLP + CE + RMSprop with a schedule': { seed: 3, data: { source: 'synthetic', generator: 'spiral', samples: 300, classes: 3 }, preprocess: { normalize: 'zscore' }, model: { kind: 'mlp', hidden: [16, 16], activation: 'relu' }, loss: { kind: 'cce' }, optimizer: { kind: 'rmsprop', lr: 0.005, momentum: 0.5 }, schedule: { kind: 'cosine', t_max: 8 }, training: { batch_size: 32, epochs: 12 } },
  'mini-batches without shuffle': { seed: 4, data: { source: 'synthetic', generator: 'sine', samples: 256, noise: 0.1 }, model: { kind: 'mlp', hidden: [12], activation: 'tanh' }, loss: { kind: 'huber', delta: 0.5 }, optimizer: { kind: 'momentum', lr: 0.05, momentum: 0.9 }, schedule: { kind: 'one_cycle', max_lr: 0.1 }, training: { batch_size: 10, epochs: 5, shuffle: false } },
  'plateau, penalties, clipping, EMA momentum': { seed: 5, data: { source: 'synthetic', generator: 'moons', samples: 200, noise: 0.25 }, preprocess: { validation_split: 0.25 }, model: { kind: 'mlp', hidden: [8], activation: 'elu' }, loss: { kind: 'bce_logits' }, optimizer: { kind: 'momentum', lr: 0.3, momentum: 0.8, form: 'ema' }, schedule: { kind: 'plateau', patience: 1, factor: 0.5 }, training: { batch_size: 25, epochs: 20, l1: 0.001, l2: 0.01, clip_norm: 0.5 } },
  'one cycle with cycle_momentum: SGD momentum': { seed: 7, data: { source: 'synthetic', generator: 'sine', samples: 200, noise: 0.1 }, model: { kind: 'mlp', hidden: [10], activation: 'tanh' }, optimizer: { kind: 'momentum', lr: 0.05, momentum: 0.9 }, schedule: { kind: 'one_cycle', max_lr: 0.1, cycle_momentum: true }, training: { batch_size: 10, epochs: 6 } },
  'one cycle with cycle_momentum: Adam beta1, three phases, linear': { seed: 8, data: { source: 'synthetic', generator: 'moons', samples: 200, noise: 0.2 }, model: { kind: 'mlp', hidden: [8], activation: 'relu' }, loss: { kind: 'bce_logits' }, optimizer: { kind: 'adam', lr: 0.01 }, schedule: { kind: 'one_cycle', max_lr: 0.05, cycle_momentum: true, base_momentum: 0.8, max_momentum: 0.9, three_phase: true, anneal_strategy: 'linear' }, training: { batch_size: 16, epochs: 10 } },
  'one cycle with cycle_momentum: RMSprop (momentum 0 until cycled)': { seed: 9, data: { source: 'synthetic', generator: 'line', samples: 120, noise: 0.2 }, model: { kind: 'linear' }, optimizer: { kind: 'rmsprop', lr: 0.01 }, schedule: { kind: 'one_cycle', max_lr: 0.02, cycle_momentum: true }, training: { batch_size: 12, epochs: 10 } },
  'one cycle with cycle_momentum: EMA momentum': { seed: 10, data: { source: 'synthetic', generator: 'line', samples: 120, noise: 0.2 }, model: { kind: 'linear' }, optimizer: { kind: 'momentum', lr: 0.1, momentum: 0.9, form: 'ema' }, schedule: { kind: 'one_cycle', max_lr: 0.2, cycle_momentum: true }, training: { batch_size: 12, epochs: 10 } },
  'early stopping on the validation loss (restores the best)': { seed: 11, data: { source: 'synthetic', generator: 'moons', samples: 200, noise: 0.3 }, preprocess: { validation_split: 0.3 }, model: { kind: 'mlp', hidden: [16], activation: 'relu' }, loss: { kind: 'bce_logits' }, optimizer: { kind: 'adam', lr: 0.05 }, training: { batch_size: 20, epochs: 60, early_stopping: { patience: 3, min_delta: 0.001 } } },
  'converged: the epoch loss tolerance': { seed: 12, data: { source: 'synthetic', generator: 'line', samples: 100, noise: 0.1 }, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.05 }, training: { batch_size: 10, epochs: 100, tolerance: { loss_delta: 1e-4 } } },
  'SVM + hinge + NAdam': { seed: 6, data: { source: 'synthetic', generator: 'blobs', samples: 120, classes: 2 }, model: { kind: 'svm' }, loss: { kind: 'hinge' }, optimizer: { kind: 'nadam', lr: 0.02 }, training: { batch_size: 8, epochs: 8 } },
};

test('python3-torch is installed for the export test', () => {
  assert.ok(existsSync(PYTHON), 'Debian python3 is missing');
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `python3-torch is missing (scripts/setup.sh test installs it): ${r.stderr}`);
});

for (const [name, spec] of Object.entries(specs)) {
  test(`the PyTorch script reproduces Descent's loss history: ${name}`, () => {
    const ours = d.run(spec).history.loss;
    const ex = exportTorch(d, spec);
    assert.ok(ex.ok, ex.error);
    const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '_')}.py`);
    writeFileSync(file, ex.text);
    const r = spawnSync(PYTHON, [file], { encoding: 'utf8', timeout: 120000, maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    const theirs = r.stdout.trim().split('\n').map((l) => Number(l.split(' ')[1]));
    assert.equal(theirs.length, ours.length);  // the same number of steps: early stops and tolerances included
    const n = Math.min(100, ours.length);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / Math.max(Math.abs(theirs[i]), 1e-12));
    assert.ok(worst <= 1e-4, `max relative difference over the first ${n} steps: ${worst}`);
    // and training happened (the comparison is not of two flat lines)
    assert.ok(theirs[n - 1] < theirs[0], `${theirs[0]} -> ${theirs[n - 1]}`);
  });
}

test('exports refuse what they cannot express, and the Keras snippet names the same layers', () => {
  const f = exportTorch(d, { data: { source: 'function', function: 'rosenbrock' } });
  assert.equal(f.ok, false);
  const bad = exportTorch(d, { optimizer: { kind: 'adam', lr: -1 } });
  assert.equal(bad.ok, false);
  assert.match(bad.error, /optimizer.lr/);
  const k = exportKeras(d, specs['MLP + CE + RMSprop with a schedule']);
  assert.ok(k.ok);
  assert.match(k.text, /Dense\(16, activation="relu", input_shape=\(2,\)\)/);
  assert.match(k.text, /Dense\(3, activation="linear"\)/);
  assert.match(k.text, /RMSprop\(learning_rate=0.005/);
  const drop = exportTorch(d, { ...specs['linear + MSE + SGD'], model: { kind: 'mlp', hidden: [4], dropout: 0.2 } });
  assert.ok(drop.notes.some((n) => /dropout/.test(n)));
});
