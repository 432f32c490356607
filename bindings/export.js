// Exports of a run, shared by the CLI (`descent export ...`) and the page's download buttons:
// a self-contained PyTorch script that rebuilds the same data, initial parameters, model, loss,
// optimizer, schedule, batch order and dropout masks and prints the loss per step (how a learner
// graduates to a real framework), optionally for torchrun with DistributedDataParallel; a Keras
// snippet for reading (not verified); the dataset, the history and the trained parameters as
// CSV/JSON. Every loss, optimizer, schedule and activation is written from its registry row's
// torch/Keras form (core/registry/forms.hpp): no id is named here. Pure functions over the
// facade; no DOM, no Node APIs.
import { fill } from './forms.js';

const py = (v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'string' ? JSON.stringify(v) : Number.isFinite(v) ? String(v) : 'float("nan")');
const floatList = (a) => `[${Array.from(a, (v) => `${v}`).join(',')}]`;

// Float32 values as the shortest decimal that reads back as the same float32.
function f32text(v) {
  if (!Number.isFinite(v)) return 'nan';
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}
const f32list = (a) => `[${Array.from(a, f32text).join(',')}]`;

function openSession(d, spec, csv) {
  const s = d.session(spec, csv === undefined ? {} : { csv });
  return s;
}

function layerShapes(problem, spec) {
  const hidden = spec.model.kind === 'mlp' ? spec.model.hidden : [];
  const dims = [problem.inputs, ...hidden, problem.outputs];
  return dims.slice(1).map((out, i) => ({ in: dims[i], out }));
}

/** The registry row `id` of `list` (a registry error if the validated spec names another). */
function row(list, id, what) {
  const e = list.find((x) => x.id === id);
  if (!e) throw new Error(`the registry has no ${what} "${id}"`);
  return e;
}

/**
 * A row's torch or Keras form filled with values (the spec's parameters, plus `run.*` facts):
 * { code, support } or { none: why }. Slots are written as Python literals.
 */
export function exportForm(entry, framework, values) {
  const f = entry[framework];
  if (!f) throw new Error(`registry row "${entry.id}" has no ${framework} form`);
  if (f.none) return { none: f.none };
  const literal = (v, name) => {
    if (v === undefined) throw new Error(`the ${framework} form of "${entry.id}" needs "${name}", which the spec does not give`);
    return py(v);
  };
  return { code: fill(f.code, values, literal), support: f.support ? fill(f.support, values, literal) : '' };
}

// The facts of the run a form may read besides its row's parameters (core/registry/forms.hpp).
export const runFacts = (S, P) => ({ 'run.lr': S.optimizer.lr, 'run.total_steps': P.totalSteps, 'run.validation': P.rows.validation > 0 });

// Targets as torch reads them, by what the loss reads (LossEntry.target), from our labels/values.
function targetCode(target, classes) {
  const both = (f) => `Y_TRAIN = ${f('Y_TRAIN_RAW')}\nY_VAL = ${f('Y_VAL_RAW')}`;
  if (target === 'one_hot') return both((y) => `F.one_hot(${y}.long().view(-1), ${classes}).float()`);
  if (target === 'label') return both((y) => `${y}.long().view(-1)`);
  if (target === 'signed_label') return `${both((y) => `2 * ${y} - 1`)}  # labels 0/1 -> -1/+1`;
  return both((y) => y);
}

// core/util/rng.cpp's generator and core/model/mlp.cpp's mask order, for exact dropout replay.
const DROPOUT_REPLAY = `class DescentRng:
    """Descent's generator (core/util/rng.cpp): PCG32 (XSH-RR) and uniform() = (u32 >> 8) / 2^24,
    vectorised: the state after k steps is A[k] * state + C[k] (mod 2^64)."""
    MULT, MASK, BLOCK = 6364136223846793005, (1 << 64) - 1, 4096

    def __init__(self, seed, stream):
        self.inc = ((stream << 1) | 1) & self.MASK
        a, c, A, C = 1, 0, [], []
        for _ in range(self.BLOCK + 1):
            A.append(a)
            C.append(c)
            a, c = (a * self.MULT) & self.MASK, (c * self.MULT + self.inc) & self.MASK
        self.A, self.C = np.array(A, dtype=np.uint64), np.array(C, dtype=np.uint64)
        self.state = 0
        self.uniforms(1)  # pcg32_srandom_r: step, add the seed, step
        self.state = (self.state + seed) & self.MASK
        self.uniforms(1)

    def uniforms(self, n):
        out = []
        while n > 0:
            k = min(n, self.BLOCK)
            old = self.A[:k] * np.uint64(self.state) + self.C[:k]  # wraps mod 2^64
            self.state = (int(self.A[k]) * self.state + int(self.C[k])) & self.MASK
            x = (((old >> np.uint64(18)) ^ old) >> np.uint64(27)) & np.uint64(0xFFFFFFFF)
            rot = old >> np.uint64(59)
            u32 = ((x >> rot) | (x << ((np.uint64(32) - rot) & np.uint64(31)))) & np.uint64(0xFFFFFFFF)
            out.append((u32 >> np.uint64(8)).astype(np.float32) * np.float32(1.0 / 16777216.0))
            n -= k
        return np.concatenate(out)


DROPOUT_RNG = DescentRng(SEED, 4)  # the dropout stream
SHARE = [0, 0, 0]  # the batch's rows, and this process's part of it [lo, hi)


class ReplayDropout(nn.Module):
    """Inverted dropout with Descent's masks: after each hidden layer of a training forward, one
    uniform per (row, unit) of the whole batch, row-major, zero when u < p, else 1 / (1 - p)."""
    def __init__(self, p):
        super().__init__()
        self.p = np.float32(p)
        self.keep = np.float32(1) / (np.float32(1) - self.p)

    def forward(self, x):
        if not self.training:
            return x
        n, lo, hi = SHARE
        u = DROPOUT_RNG.uniforms(n * x.shape[1]).reshape(n, x.shape[1])[lo:hi]
        return x * torch.from_numpy(np.where(u < self.p, np.float32(0), self.keep))
`;

/** A refused spec as an export result: the messages joined, and each with its path. */
const invalid = (errors) => ({ ok: false, error: errors.map((e) => e.message).join('; '), errors });

/**
 * A PyTorch script that replays the run. spec: object or JSON text; csv: the CSV bytes/text when
 * the spec reads one; distributed: a script for `torchrun --nproc_per_node=N` (DDP on gloo, each
 * process takes its share of every batch; it also runs as a single process). Returns
 * { ok, text, notes } or { ok: false, error, errors? } (errors: the validator's [{ path, message }]
 * when the spec or its data was refused).
 */
export function exportTorch(d, spec, { csv, maxSteps, distributed = false } = {}) {
  const norm = d.validate(spec, csv === undefined ? {} : { csv });
  if (!norm.ok) return invalid(norm.errors);
  const S = norm.spec;
  if (S.data.source === 'function') return { ok: false, error: 'function mode has no dataset to export; export a model run instead' };
  const reg = d.registry();
  const s = openSession(d, spec, csv);
  try {
    const P = s.problem();
    const notes = [];
    const totalSteps = Math.min(P.totalSteps, maxSteps ?? P.totalSteps);
    const epochsNeeded = Math.ceil(totalSteps / P.stepsPerEpoch);
    const order = s.batchOrder(epochsNeeded);
    const init = s.params();
    const nd = s.normalizedData();
    const raw = s.data();
    const shapes = layerShapes(P, S);
    const lossRow = row(reg.losses, P.loss, 'loss');
    const targets = P.task === 'regression' ? P.targets : 1;
    const T = S.training;
    const run = runFacts(S, P);
    const loss = exportForm(lossRow, 'torch', { ...(S.loss || {}), ...run });
    const opt = exportForm(row(reg.optimizers, S.optimizer.kind, 'optimizer'), 'torch', { ...S.optimizer, ...run });
    const schedRow = row(reg.schedules, S.schedule.kind, 'schedule');
    const sched = exportForm(schedRow, 'torch', { ...S.schedule, ...run });
    for (const [what, f] of [['loss', loss], ['optimizer', opt], ['schedule', sched]]) {
      if (f.none) return { ok: false, error: `the ${what} has no PyTorch form: ${f.none}` };
    }
    if (T.line_search) notes.push(`the line search is not exported: ${exportForm(row(reg.lineSearches, T.line_search.kind, 'line search'), 'torch', {}).none ?? 'the script takes plain SGD steps'}`);
    if (T.tolerance.grad_norm > 0) notes.push('the gradient-norm tolerance is not replayed: the script does not stop on a small gradient');
    const dropout = S.model.dropout > 0;
    const act = shapes.length > 1 ? exportForm(row(reg.activations, S.model.activation, 'activation'), 'torch', {}) : null;
    const es = T.early_stopping;

    const layers = [];
    shapes.forEach((l, i) => {
      layers.push(`nn.Linear(${l.in}, ${l.out})`);
      if (i < shapes.length - 1) {
        layers.push(act.code);
        if (dropout) layers.push(`ReplayDropout(${py(S.model.dropout)})`);
      }
    });
    if (P.output === 'probability') layers.push('nn.Sigmoid()');
    const lines = [];
    const L = (x = '') => lines.push(x);
    // Python for rank 0 only when distributed.
    const say = (indent, what) => L(`${indent}${distributed ? 'if RANK == 0: ' : ''}${what}`);
    L('#!/usr/bin/env python3');
    L(`# Generated by Descent ${d.version}. Replays a Descent run in PyTorch: the same data (the training`);
    L('# and validation splits after normalization), the same initial parameters, model, loss, optimizer,');
    L('# schedule, batch order and dropout masks. Prints the loss of every optimizer step (the batch loss');
    L('# before the update, as Descent records it), one per line: "step loss". Float32 throughout.');
    if (distributed) {
      L('# Distributed: run with `torchrun --standalone --nproc_per_node=2 this.py` (any number of processes;');
      L('# without torchrun it runs as one; torch 1.13 on Python 3.11, as in Debian 12, also needs');
      L('# `--redirects 2 --tee 2`). DistributedDataParallel on the gloo backend (CPU): every process takes');
      L('# its share of every batch and the gradients are averaged, so the history is the single-process');
      L('# one up to float32 rounding. Process 0 prints.');
    }
    for (const n of notes) L(`# Note: ${n}.`);
    L('# The spec (normalized, all defaults filled in):');
    const specLine = JSON.stringify(S);
    for (let i = 0; i < specLine.length; i += 96) L(`#   ${specLine.slice(i, i + 96)}`);
    L('import math');
    if (distributed) L('import os');
    L('import sys');
    if (dropout) L('import numpy as np');
    L('import torch');
    if (distributed) L('import torch.distributed as dist');
    L('import torch.nn as nn');
    L('import torch.nn.functional as F');
    if (distributed) L('from torch.nn.parallel import DistributedDataParallel');
    L('');
    if (distributed) {
      L('if "WORLD_SIZE" in os.environ:  # started by torchrun');
      L('    dist.init_process_group("gloo")');
      L('    RANK, WORLD = dist.get_rank(), dist.get_world_size()');
      L('else:');
      L('    RANK, WORLD = 0, 1');
    }
    L(`SEED = ${S.seed}`);
    L(`N_TRAIN, N_VAL, INPUTS, TARGETS = ${P.rows.train}, ${P.rows.validation}, ${P.inputs}, ${targets}`);
    L(`X_TRAIN = torch.tensor(${f32list(nd.trainX)}, dtype=torch.float32).reshape(N_TRAIN, INPUTS)`);
    L(`Y_TRAIN_RAW = torch.tensor(${f32list(raw.trainY)}, dtype=torch.float32).reshape(N_TRAIN, TARGETS)`);
    L(`X_VAL = torch.tensor(${f32list(nd.validationX)}, dtype=torch.float32).reshape(N_VAL, INPUTS)`);
    L(`Y_VAL_RAW = torch.tensor(${f32list(raw.validationY)}, dtype=torch.float32).reshape(N_VAL, TARGETS)`);
    if (P.targetScale) {
      // A CSV's regression target is trained standardized (core/train/problem.cpp), in float32.
      L(`Y_SHIFT = torch.tensor(${f32list(P.targetScale.shift)}, dtype=torch.float32)  # the training rows' mean`);
      L(`Y_SCALE = torch.tensor(${f32list(P.targetScale.scale)}, dtype=torch.float32)  # and population std: Descent trains on (y - mean) / std`);
      L('Y_TRAIN_RAW = (Y_TRAIN_RAW - Y_SHIFT) / Y_SCALE');
      L('Y_VAL_RAW = (Y_VAL_RAW - Y_SHIFT) / Y_SCALE');
    }
    L(targetCode(lossRow.target, P.classes));
    L(`ORDER = ${floatList(order)}  # training rows, epoch after epoch (Descent's seeded shuffle)`);
    L(`STEPS, STEPS_PER_EPOCH, BATCH = ${totalSteps}, ${P.stepsPerEpoch}, ${P.batchSize}`);
    L('');
    if (dropout) L(DROPOUT_REPLAY);
    L(`model = nn.Sequential(${layers.join(', ')})`);
    L(`INIT = ${f32list(init)}  # flat, per layer: weight (out x in, row-major) then bias`);
    L('with torch.no_grad():');
    L('    at = 0');
    L('    for layer in model:');
    L('        if isinstance(layer, nn.Linear):');
    L('            for p in (layer.weight, layer.bias):');
    L('                p.copy_(torch.tensor(INIT[at:at + p.numel()], dtype=torch.float32).view_as(p))');
    L('                at += p.numel()');
    if (distributed) L('net = DistributedDataParallel(model) if WORLD > 1 else model  # averages the gradients of the processes');
    L('');
    if (loss.support) L(loss.support);
    L(`criterion = ${loss.code}`);
    L('');
    if (opt.support) L(opt.support);
    if (sched.support) L(sched.support);
    L(`opt = ${opt.code}`);
    L(`sched = ${sched.code}`);
    L(`L1, L2, CLIP_VALUE, CLIP_NORM = ${py(T.l1)}, ${py(T.l2)}, ${py(T.clip_value)}, ${py(T.clip_norm)}`);
    L('WEIGHTS = [m.weight for m in model if isinstance(m, nn.Linear)]  # penalties apply to weights, not biases');
    L('');
    L('def penalty():');
    L('    if L1 == 0 and L2 == 0:');
    L('        return 0.0');
    L('    return L1 * sum(w.abs().sum() for w in WEIGHTS) + L2 * sum((w * w).sum() for w in WEIGHTS)');
    L('');
    L('def mean_loss(x, y):');
    L('    model.eval()');
    L('    with torch.no_grad():');
    L('        v = criterion(model(x), y).item() + float(penalty())');
    L('    model.train()');
    L('    return v');
    L('');
    // Early stopping and the loss tolerance at each epoch's end, in the engine's order
    // (core/train/session.cpp end_epoch): the schedule, then early stopping, then the tolerance.
    L(`EARLY_STOPPING, PATIENCE, MIN_DELTA, RESTORE_BEST = ${es ? `True, ${py(es.patience)}, ${py(es.min_delta)}, ${es.restore_best ? 'True' : 'False'}` : 'False, 0, 0.0, False'}`);
    L(`LOSS_TOLERANCE = ${py(T.tolerance.loss_delta)}  # stop when the monitored epoch loss changes less than this (0 = off)`);
    L('best, wait, best_state, previous = None, 0, None, None');
    L('');
    L('model.train()');
    L('step, epoch, pos, epoch_sum, epoch_rows = 0, 0, 0, 0.0, 0');
    L('while step < STEPS:');
    L('    rows = ORDER[epoch * N_TRAIN + pos: epoch * N_TRAIN + min(pos + BATCH, N_TRAIN)]');
    if (distributed) {
      L('    n = len(rows)');
      L('    lo, hi = RANK * n // WORLD, (RANK + 1) * n // WORLD  # this process\'s share of the batch');
      if (dropout) L('    SHARE[:] = [n, lo, hi]');
      L('    xb, yb = X_TRAIN[rows[lo:hi]], Y_TRAIN[rows[lo:hi]]');
      L('    opt.zero_grad()');
      L('    out = net(xb)');
      L('    # The share\'s mean loss weighted by its rows: summed over the processes, the batch mean.');
      L('    part = criterion(out, yb) * ((hi - lo) / n) if hi > lo else out.sum() * 0.0');
      L('    # DDP averages the gradients over WORLD processes: scale up by WORLD; the penalty is');
      L('    # added once per process, so it averages to itself.');
      L('    (part * WORLD + penalty()).backward()');
      L('    loss = part.detach().clone()');
      L('    if WORLD > 1:');
      L('        dist.all_reduce(loss)  # sum of the shares: the batch loss');
    } else {
      if (dropout) L('    SHARE[:] = [len(rows), 0, len(rows)]');
      L('    xb, yb = X_TRAIN[rows], Y_TRAIN[rows]');
      L('    opt.zero_grad()');
      L('    loss = criterion(model(xb), yb)');
      L('    (loss + penalty()).backward()');
    }
    L('    if CLIP_VALUE > 0:');
    L('        torch.nn.utils.clip_grad_value_(model.parameters(), CLIP_VALUE)');
    L('    if CLIP_NORM > 0:');
    L('        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)');
    L('    opt.step()');
    L('    step += 1');
    say('    ', 'print(step, repr(loss.item()))');
    if (schedRow.torchStep === 'step') L('    sched.step()');
    L('    pos += len(rows)');
    L('    epoch_sum += loss.item() * len(rows)');
    L('    epoch_rows += len(rows)');
    L('    if pos >= N_TRAIN:');
    L('        monitored = mean_loss(X_VAL, Y_VAL) if N_VAL > 0 else epoch_sum / epoch_rows');
    if (schedRow.torchStep === 'epoch') L('        sched.step()');
    if (schedRow.torchStep === 'metric') L('        sched.step(monitored)');
    L('        epoch, pos, epoch_sum, epoch_rows = epoch + 1, 0, 0.0, 0');
    L('        if EARLY_STOPPING:');
    L('            if best is None or monitored < best - MIN_DELTA:');
    L('                best, wait = monitored, 0');
    L('                if RESTORE_BEST:');
    L('                    best_state = {k: v.clone() for k, v in model.state_dict().items()}');
    L('            else:');
    L('                wait += 1');
    L('                if wait >= PATIENCE:');
    L('                    if RESTORE_BEST and best_state is not None:');
    L('                        model.load_state_dict(best_state)');
    say('                    ', 'print("stopped early after epoch", epoch, file=sys.stderr)');
    L('                    break');
    L('        if LOSS_TOLERANCE > 0 and previous is not None and abs(monitored - previous) < LOSS_TOLERANCE:');
    say('            ', 'print("converged after epoch", epoch, file=sys.stderr)');
    L('            break');
    L('        previous = monitored');
    L('');
    say('', 'print("final training loss", mean_loss(X_TRAIN, Y_TRAIN), file=sys.stderr)');
    if (distributed) {
      L('if WORLD > 1:');
      L('    dist.destroy_process_group()');
    }
    return { ok: true, text: `${lines.join('\n')}\n`, notes };
  } finally {
    s.dispose();
  }
}

/** A Keras (TensorFlow 2) snippet for the same model, loss, optimizer and schedule, for reading (not verified). */
export function exportKeras(d, spec, { csv } = {}) {
  const norm = d.validate(spec, csv === undefined ? {} : { csv });
  if (!norm.ok) return invalid(norm.errors);
  const S = norm.spec;
  if (S.data.source === 'function') return { ok: false, error: 'function mode has no model to export' };
  const reg = d.registry();
  const s = openSession(d, spec, csv);
  try {
    const P = s.problem();
    const shapes = layerShapes(P, S);
    const run = runFacts(S, P);
    const act = shapes.length > 1 ? exportForm(row(reg.activations, S.model.activation, 'activation'), 'keras', {}) : null;
    const forms = [
      ['optimizer', exportForm(row(reg.optimizers, S.optimizer.kind, 'optimizer'), 'keras', { ...S.optimizer, ...run })],
      ['loss', exportForm(row(reg.losses, P.loss, 'loss'), 'keras', { ...(S.loss || {}), ...run })],
      ['lr_callback', exportForm(row(reg.schedules, S.schedule.kind, 'schedule'), 'keras', { ...S.schedule, ...run })],
    ];
    const layers = [];
    shapes.forEach((l, i) => {
      const last = i === shapes.length - 1;
      const a = last ? (P.output === 'probability' ? '"sigmoid"' : '"linear"') : (act.code ?? `None  # ${act.none}`);
      layers.push(`    keras.layers.Dense(${l.out}, activation=${a}${i === 0 ? `, input_shape=(${l.in},)` : ''}),`);
      if (!last && S.model.dropout > 0) layers.push(`    keras.layers.Dropout(${py(S.model.dropout)}),`);
    });
    const notes = [];
    if (S.training.line_search) notes.push(`# ${exportForm(row(reg.lineSearches, S.training.line_search.kind, 'line search'), 'keras', {}).none ?? 'the line search is not exported'}.`);
    const support = forms.map(([, f]) => f.support).filter(Boolean);
    const text = `# Keras (TensorFlow 2) version of this Descent run, for reading: not verified, and Keras's
# optimizers differ in details (epsilon placement, no torch-style weight decay), so curves differ.
${notes.join('\n')}${notes.length ? '\n' : ''}import math
from tensorflow import keras
${support.length ? `\n${support.join('\n')}\n` : ''}
model = keras.Sequential([
${layers.join('\n')}
])
${forms.map(([name, f]) => (f.none ? `${name} = None  # no Keras equivalent: ${f.none}` : `${name} = ${f.code}`)).join('\n')}
model.compile(optimizer=optimizer, loss=loss)
# x_train: (n, ${P.inputs}) features after ${S.preprocess.normalize} normalization; y_train: targets${P.targetScale ? ` standardized as Descent trains them, (y - ${P.targetScale.shift.map(py).join(', ')}) / ${P.targetScale.scale.map(py).join(', ')}` : ''}${P.rows.validation > 0 ? '; x_val, y_val: the validation rows' : ''}
model.fit(x_train, y_train, batch_size=${P.batchSize}, epochs=${S.training.epochs}, shuffle=${py(S.training.shuffle)},${P.rows.validation > 0 ? ' validation_data=(x_val, y_val),' : ''}
          callbacks=[c for c in [lr_callback] if c is not None])
`;
    return { ok: true, text };
  } finally {
    s.dispose();
  }
}

function csvCell(v) {
  const s = String(v);
  return /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The dataset as CSV (training rows, then validation rows; raw, un-normalized features). */
export function datasetCsv(session) {
  const P = session.problem();
  if (P.functionMode) throw new Error('function mode has no dataset');
  const data = session.data();
  const header = [...P.featureNames, ...P.targetNames, 'split'];
  const out = [header.map(csvCell).join(',')];
  const k = P.inputs, t = P.targets;
  const rows = (X, Y, split) => {
    for (let i = 0; i < X.length / k; i++) {
      const x = Array.from(X.subarray(i * k, (i + 1) * k), f32text);
      const y = Array.from(Y.subarray(i * t, (i + 1) * t), (v) => (P.classNames.length ? P.classNames[v] : f32text(v)));
      out.push([...x, ...y, split].map(csvCell).join(','));
    }
  };
  rows(data.trainX, data.trainY, 'train');
  rows(data.validationX, data.validationY, 'validation');
  return `${out.join('\n')}\n`;
}

/** The loss history as CSV: one row per recorded step, then nothing else (epochs: epochCsv). */
export function historyCsv(session) {
  const h = session.history();
  const cols = ['step', 'loss', 'grad_norm', 'update_norm', 'lr'];
  const out = [cols.join(',')];
  for (let j = 0; j < h.loss.length; j++) {
    out.push([(j + 1) * h.stride, f32text(h.loss[j]), f32text(h.gradNorm[j]), f32text(h.updateNorm[j]), f32text(h.lr[j])].join(','));
  }
  return `${out.join('\n')}\n`;
}

/** Per-epoch history as CSV. */
export function epochCsv(session) {
  const e = session.history().epochs;
  const out = ['epoch,step,train_loss,validation_loss,lr,train_metric,validation_metric'];
  for (let i = 0; i < e.trainLoss.length; i++) {
    out.push([i + 1, e.step[i], f32text(e.trainLoss[i]), f32text(e.valLoss[i]), f32text(e.lr[i]), f32text(e.trainMetric[i]), f32text(e.valMetric[i])].join(','));
  }
  return `${out.join('\n')}\n`;
}

/** Trained parameters with the spec that made them (torch layout), as JSON text. */
export function paramsJson(d, session, spec) {
  const P = session.problem();
  const S = d.validate(spec).spec;
  const layers = P.functionMode ? [] : layerShapes(P, S).map((l) => ({ in: l.in, out: l.out, weight: 'out x in, row-major', bias: 'out' }));
  return `${JSON.stringify({ format: 'descent-params', version: d.version, layout: 'torch', layers, spec: typeof spec === 'string' ? JSON.parse(spec) : spec, steps: session.steps, params: Array.from(session.params(), (v) => Number(f32text(v))) }, null, 1)}\n`;
}

/**
 * The CLI's `descent export <kind> spec.json`. options.distributed (torch only): the torchrun
 * script (`descent export torch --distributed`).
 */
export function runExport(d, kind, specText, csv, { distributed = false } = {}) {
  if (kind === 'torch') return exportTorch(d, specText, { csv, distributed });
  if (kind === 'keras') return exportKeras(d, specText, { csv });
  if (kind !== 'csv' && kind !== 'json' && kind !== 'history') return { ok: false, usage: true, error: `export kind must be torch, keras, csv, json or history, got ${kind}` };
  let s;
  try {
    s = d.session(specText, csv === undefined ? {} : { csv });
  } catch (e) {
    return e.errors?.length ? invalid(e.errors) : { ok: false, error: e.message };
  }
  try {
    if (kind === 'csv') {
      if (s.problem().functionMode) return { ok: false, error: 'function mode has no dataset to export' };
      return { ok: true, text: datasetCsv(s) };
    }
    while (s.status === 'running') s.run(10000);
    return { ok: true, text: kind === 'json' ? paramsJson(d, s, specText) : historyCsv(s) };
  } finally {
    s.dispose();
  }
}
