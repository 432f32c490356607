// The PyTorch export replays the run: the generated script, run with Debian's python3-torch,
// prints a loss history that matches Descent's within float32 tolerance (relative 1e-4 over the
// first 100 steps), for the set of specs, dropout included (the script draws Descent's
// masks), and for one small spec per registry row the hand-picked specs leave out (so every torch
// form of every optimizer, loss, schedule and activation is checked by its numbers). The
// distributed script, run by torchrun with two processes, gives the single-process history.
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

/** 80 rows of rooms, age -> price around 150 (a target in its own units, not near 0 +- 1). */
function csvRegression() {
  const rows = ['rooms,age,price'];
  for (let i = 0; i < 80; i++) {
    const rooms = 1 + (i % 7);
    const age = (i * 13) % 40;
    rows.push(`${rooms},${age},${(150 + 30 * rooms - 1.5 * age + (((i * 37) % 11) - 5)).toFixed(1)}`);
  }
  return `${rows.join('\n')}\n`;
}

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
  'MLP with dropout, a short last batch': { seed: 13, data: { source: 'synthetic', generator: 'moons', samples: 150, noise: 0.2 }, preprocess: { validation_split: 0.2 }, model: { kind: 'mlp', hidden: [16, 8], activation: 'tanh', dropout: 0.3 }, loss: { kind: 'bce_logits' }, optimizer: { kind: 'adam', lr: 0.02 }, training: { batch_size: 16, epochs: 6 } },
  'dropout without shuffling, full batch, L2': { seed: 14, data: { source: 'synthetic', generator: 'sine', samples: 60, noise: 0.1 }, model: { kind: 'mlp', hidden: [12], activation: 'relu', dropout: 0.5 }, optimizer: { kind: 'sgd', lr: 0.05 }, training: { batch_size: 0, epochs: 40, shuffle: false, l2: 0.001 } },
  // A CSV regression with the data's defaults: z-scored inputs, SGD at the curvature's rate and a
  // target trained standardized ((y - mean) / std; core/train/problem.cpp), in the target's units.
  'a CSV regression with the defaults (standardized target)': { seed: 15, data: { source: 'csv', text: csvRegression() }, training: { batch_size: 16, epochs: 5 } },
  'SVM + hinge + NAdam': { seed: 6, data: { source: 'synthetic', generator: 'blobs', samples: 120, classes: 2 }, model: { kind: 'svm' }, loss: { kind: 'hinge' }, optimizer: { kind: 'nadam', lr: 0.02 }, training: { batch_size: 8, epochs: 8 } },
};

const history = (stdout) => stdout.trim().split('\n').map((l) => Number(l.split(' ')[1]));

/** The worst relative difference over the first 100 steps (the same number of steps required). */
function compare(ours, theirs, what) {
  assert.equal(theirs.length, ours.length, `${what}: ${theirs.length} steps, Descent took ${ours.length}`);
  const n = Math.min(100, ours.length);
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(ours[i] - theirs[i]) / Math.max(Math.abs(theirs[i]), 1e-12));
  assert.ok(worst <= 1e-4, `${what}: max relative difference over the first ${n} steps: ${worst}`);
  return n;
}

// One small spec for every registry row the specs above do not use, so that every torch form is
// checked by its numbers.
function coverage(reg) {
  const used = { optimizers: new Set(), losses: new Set(), schedules: new Set(), activations: new Set() };
  for (const spec of Object.values(specs)) {
    const n = d.validate(spec).spec;
    used.optimizers.add(n.optimizer.kind);
    used.schedules.add(n.schedule.kind);
    if (n.model.kind === 'mlp') used.activations.add(n.model.activation);
    const s = d.session(spec);
    used.losses.add(s.problem().loss);
    s.dispose();
  }
  const line = { source: 'synthetic', generator: 'line', samples: 60, noise: 0.2 };
  const base = { seed: 21, data: line, model: { kind: 'linear' }, optimizer: { kind: 'sgd', lr: 0.02 }, training: { batch_size: 10, epochs: 4 } };
  const out = {};
  for (const o of reg.optimizers) if (!used.optimizers.has(o.id)) out[`optimizer ${o.id}`] = { ...base, optimizer: { kind: o.id, lr: o.params[0].default } };
  for (const sc of reg.schedules) if (!used.schedules.has(sc.id)) out[`schedule ${sc.id}`] = { ...base, schedule: { kind: sc.id }, training: { batch_size: 10, epochs: 12 } };
  for (const a of reg.activations) if (!used.activations.has(a.id)) out[`activation ${a.id}`] = { ...base, model: { kind: 'mlp', hidden: [6], activation: a.id } };
  for (const l of reg.losses) {
    if (used.losses.has(l.id)) continue;
    const fit = l.fits[0];
    const data = fit.task === 'regression' ? line : { source: 'synthetic', generator: 'blobs', samples: 60, classes: fit.task === 'binary' ? 2 : 3 };
    const model = fit.models.includes('mlp') ? { kind: 'mlp', hidden: [6] } : { kind: fit.models[0] };
    out[`loss ${l.id}`] = { ...base, data, model, loss: { kind: l.id }, optimizer: { kind: 'adam', lr: 0.02 } };
  }
  return out;
}

// Runs every script in one Python process (torch is imported once): { name: stdout }.
function runScripts(files) {
  const harness = `
import contextlib, io, json, runpy, sys, traceback
out = {}
for name, path in json.loads(sys.stdin.read()).items():
    buf = io.StringIO()
    try:
        with contextlib.redirect_stdout(buf):
            runpy.run_path(path, run_name="__main__")
        out[name] = {"stdout": buf.getvalue()}
    except Exception:
        out[name] = {"error": traceback.format_exc()}
print(json.dumps(out))
`;
  const r = spawnSync(PYTHON, ['-c', harness], { input: JSON.stringify(files), encoding: 'utf8', timeout: 900000, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const outputs = {};
const all = {};

test('python3-torch is installed for the export test', () => {
  assert.ok(existsSync(PYTHON), 'Debian python3 is missing');
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `python3-torch is missing (scripts/setup.sh test installs it): ${r.stderr}`);
});

test('the exported scripts run (one Python process for all of them)', () => {
  Object.assign(all, specs, coverage(d.registry()));
  const files = {};
  for (const [name, spec] of Object.entries(all)) {
    const ex = exportTorch(d, spec);
    assert.ok(ex.ok, `${name}: ${ex.error}`);
    files[name] = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '_')}.py`);
    writeFileSync(files[name], ex.text);
  }
  Object.assign(outputs, runScripts(files));
  assert.ok(Object.keys(all).length >= Object.keys(specs).length + 5, 'the coverage specs');
});

for (const name of Object.keys(specs)) {
  test(`the PyTorch script reproduces Descent's loss history: ${name}`, () => {
    const o = outputs[name];
    assert.ok(o && !o.error, o?.error ?? 'not run');
    const ours = d.run(specs[name]).history.loss;
    const theirs = history(o.stdout);
    const n = compare(ours, theirs, name);
    // and training happened (the comparison is not of two flat lines)
    assert.ok(theirs[n - 1] < theirs[0], `${theirs[0]} -> ${theirs[n - 1]}`);
  });
}

test('every optimizer, loss, schedule and activation: its torch form reproduces Descent\'s history', () => {
  const extra = Object.keys(all).filter((n) => !(n in specs));
  for (const name of extra) {
    const o = outputs[name];
    assert.ok(o && !o.error, `${name}: ${o?.error ?? 'not run'}`);
    compare(d.run(all[name]).history.loss, history(o.stdout), name);
  }
});

test('dropout is replayed: the masks are Descent\'s (a different seed gives another history)', () => {
  const spec = specs['MLP with dropout, a short last batch'];
  const ex = exportTorch(d, spec);
  assert.ok(!ex.notes.some((n) => /dropout/.test(n)), ex.notes.join('; '));
  assert.match(ex.text, /ReplayDropout\(0\.3\)/);
  // The same script with the dropout generator seeded differently no longer matches: the masks,
  // not luck, make the histories agree.
  const file = path.join(dir, 'dropout_other_seed.py');
  writeFileSync(file, ex.text.replace(/^SEED = \d+$/m, 'SEED = 999'));
  const r = spawnSync(PYTHON, [file], { encoding: 'utf8', timeout: 120000 });
  assert.equal(r.status, 0, r.stderr);
  const ours = d.run(spec).history.loss;
  const theirs = history(r.stdout);
  const worst = Math.max(...ours.slice(0, 50).map((v, i) => Math.abs(v - theirs[i]) / Math.abs(theirs[i])));
  assert.ok(worst > 1e-3, `another seed's masks still match (${worst})`);
});

const distributedSpecs = {
  'dropout, batches of 25 split 13 + 12, a short last batch of 1': { seed: 31, data: { source: 'synthetic', generator: 'moons', samples: 151, noise: 0.2 }, model: { kind: 'mlp', hidden: [12, 6], activation: 'tanh', dropout: 0.25 }, loss: { kind: 'bce_logits' }, optimizer: { kind: 'adam', lr: 0.02 }, training: { batch_size: 25, epochs: 5 } },
  'validation, early stopping, plateau, clipping, L1/L2, momentum': { seed: 32, data: { source: 'synthetic', generator: 'spiral', samples: 200, classes: 3 }, preprocess: { normalize: 'zscore', validation_split: 0.25 }, model: { kind: 'mlp', hidden: [16], activation: 'relu' }, loss: { kind: 'cce' }, optimizer: { kind: 'momentum', lr: 0.05, momentum: 0.9 }, schedule: { kind: 'plateau', patience: 1, factor: 0.5 }, training: { batch_size: 20, epochs: 30, l1: 0.0005, l2: 0.001, clip_norm: 1, early_stopping: { patience: 4 } } },
};

for (const [name, spec] of Object.entries(distributedSpecs)) {
  test(`torchrun with two processes gives the single-process history: ${name}`, () => {
    const single = exportTorch(d, spec);
    const multi = exportTorch(d, spec, { distributed: true });
    assert.ok(single.ok && multi.ok, single.error ?? multi.error);
    assert.match(multi.text, /DistributedDataParallel/);
    assert.match(multi.text, /init_process_group\("gloo"\)/);
    const f1 = path.join(dir, `single_${name.replace(/[^a-z0-9]+/gi, '_')}.py`);
    const f2 = path.join(dir, `ddp_${name.replace(/[^a-z0-9]+/gi, '_')}.py`);
    writeFileSync(f1, single.text);
    writeFileSync(f2, multi.text);
    const one = spawnSync(PYTHON, [f1], { encoding: 'utf8', timeout: 300000 });
    assert.equal(one.status, 0, one.stderr);
    // Without torchrun the distributed script is one process with the same numbers, bit for bit.
    const env = { ...process.env, OMP_NUM_THREADS: '1' };
    delete env.WORLD_SIZE;
    const alone = spawnSync(PYTHON, [f2], { encoding: 'utf8', timeout: 300000, env });
    assert.equal(alone.status, 0, alone.stderr);
    assert.equal(alone.stdout, one.stdout, 'the distributed script as one process: the single-process history, bit for bit');
    // --redirects 2 --tee 2: torch 1.13's torchrun cannot parse its own default "0" under Python 3.11
    // (Debian 12); with them the workers' stderr also goes to log files, and stdout stays as it is.
    const logs = mkdtempSync(path.join(dir, 'torchrun-'));
    const two = spawnSync(PYTHON, ['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', '--redirects', '2', '--tee', '2', '--log_dir', logs, f2], { encoding: 'utf8', timeout: 600000, env });
    assert.equal(two.status, 0, `torchrun failed:\n${two.stderr}`);
    const ours = d.run(spec).history.loss;
    compare(ours, history(one.stdout), `${name}: single process`);
    compare(ours, history(two.stdout), `${name}: torchrun, 2 processes`);
    compare(history(one.stdout), history(two.stdout), `${name}: torchrun vs single process`);
    assert.equal(two.stdout.trim().split('\n').length, ours.length, 'only process 0 prints');
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
  const ls = exportTorch(d, { ...specs['linear + MSE + SGD'], training: { ...specs['linear + MSE + SGD'].training, line_search: 'armijo' } });
  assert.ok(ls.notes.some((n) => /line search is not exported: torch\.optim has no backtracking/.test(n)), ls.notes.join('; '));
});
