// Exports of a run, shared by the CLI (`descent export ...`) and the page's download buttons:
// a self-contained PyTorch script that rebuilds the same data, initial parameters, model, loss,
// optimizer, schedule and batch order and prints the loss per step (how a learner graduates to a
// real framework); a Keras snippet for reading (not verified); the dataset, the history and the
// trained parameters as CSV/JSON. Pure functions over the facade; no DOM, no Node APIs.

const ACT = { tanh: 'nn.Tanh()', relu: 'nn.ReLU()', leaky_relu: 'nn.LeakyReLU(0.01)', elu: 'nn.ELU()', sigmoid: 'nn.Sigmoid()', softplus: 'nn.Softplus()', linear: null };
const KERAS_ACT = { tanh: 'tanh', relu: 'relu', leaky_relu: 'leaky_relu', elu: 'elu', sigmoid: 'sigmoid', softplus: 'softplus', linear: 'linear' };

const py = (v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'string' ? JSON.stringify(v) : Number.isFinite(v) ? String(v) : 'float("nan")');
const floatList = (a) => `[${Array.from(a, (v) => (Number.isInteger(v) ? `${v}` : `${v}`)).join(',')}]`;

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

function lossCode(lossSpec, problem) {
  const k = lossSpec.kind;
  switch (k) {
    case 'mse': return ['crit = nn.MSELoss()', 'def criterion(out, y): return crit(out, y)'];
    case 'mae': return ['crit = nn.L1Loss()', 'def criterion(out, y): return crit(out, y)'];
    case 'huber': return [`crit = nn.HuberLoss(delta=${py(lossSpec.delta)})`, 'def criterion(out, y): return crit(out, y)'];
    case 'smooth_l1': return [`crit = nn.SmoothL1Loss(beta=${py(lossSpec.beta)})`, 'def criterion(out, y): return crit(out, y)'];
    case 'logcosh': return ['# log-cosh (no torch class): |r| + softplus(-2|r|) - log 2, the stable form',
      'def criterion(out, y):\n    r = (out - y).abs()\n    return torch.mean(r + F.softplus(-2 * r) - math.log(2.0))'];
    case 'bce': return ['crit = nn.BCELoss()  # the model ends in a sigmoid', 'def criterion(out, y): return crit(out, y)'];
    case 'bce_logits': return ['crit = nn.BCEWithLogitsLoss()', 'def criterion(out, y): return crit(out, y)'];
    case 'weighted_bce': return [`W0, W1 = ${py(lossSpec.w0)}, ${py(lossSpec.w1)}  # class weights, on logits`,
      'def criterion(out, y): return F.binary_cross_entropy_with_logits(out, y, weight=W1 * y + W0 * (1 - y))'];
    case 'cce': return ['crit = nn.CrossEntropyLoss()  # probability (one-hot) targets', 'def criterion(out, y): return crit(out, y)'];
    case 'sparse_cce': return ['crit = nn.CrossEntropyLoss()  # class-index targets', 'def criterion(out, y): return crit(out, y)'];
    case 'hinge': return ['# hinge: mean(max(0, 1 - y f)), labels 0/1 read as -1/+1', 'def criterion(out, y): return torch.mean(torch.clamp(1 - y * out, min=0))'];
    case 'squared_hinge': return ['def criterion(out, y): return torch.mean(torch.clamp(1 - y * out, min=0) ** 2)'];
    case 'multiclass_hinge': return ['crit = nn.MultiMarginLoss(p=1, margin=1.0)', 'def criterion(out, y): return crit(out, y)'];
    default: throw new Error(`no PyTorch form for loss ${k}`);
  }
}

// Targets as the torch loss reads them, from our labels/values y (n x targets).
function targetCode(lossKind, problem) {
  const C = problem.classes;
  switch (lossKind) {
    case 'cce': return `Y_TRAIN = F.one_hot(Y_TRAIN_RAW.long().view(-1), ${C}).float()\nY_VAL = F.one_hot(Y_VAL_RAW.long().view(-1), ${C}).float()`;
    case 'sparse_cce': case 'multiclass_hinge': return 'Y_TRAIN = Y_TRAIN_RAW.long().view(-1)\nY_VAL = Y_VAL_RAW.long().view(-1)';
    case 'hinge': case 'squared_hinge': return 'Y_TRAIN = 2 * Y_TRAIN_RAW - 1  # labels 0/1 -> -1/+1\nY_VAL = 2 * Y_VAL_RAW - 1';
    default: return 'Y_TRAIN = Y_TRAIN_RAW\nY_VAL = Y_VAL_RAW';
  }
}

function optimizerCode(o) {
  const p = 'model.parameters()';
  switch (o.kind) {
    case 'sgd': return `torch.optim.SGD(${p}, lr=${py(o.lr)}, weight_decay=${py(o.weight_decay)})`;
    case 'momentum':
      if (o.form === 'ema') return `EmaMomentum(${p}, lr=${py(o.lr)}, beta=${py(o.momentum)}, weight_decay=${py(o.weight_decay)})`;
      return `torch.optim.SGD(${p}, lr=${py(o.lr)}, momentum=${py(o.momentum)}, dampening=${py(o.dampening)}, weight_decay=${py(o.weight_decay)})`;
    case 'nesterov': return `torch.optim.SGD(${p}, lr=${py(o.lr)}, momentum=${py(o.momentum)}, nesterov=True, weight_decay=${py(o.weight_decay)})`;
    case 'adagrad': return `torch.optim.Adagrad(${p}, lr=${py(o.lr)}, lr_decay=${py(o.lr_decay)}, weight_decay=${py(o.weight_decay)}, initial_accumulator_value=${py(o.initial_accumulator_value)}, eps=${py(o.eps)})`;
    case 'rmsprop': return `torch.optim.RMSprop(${p}, lr=${py(o.lr)}, alpha=${py(o.alpha)}, eps=${py(o.eps)}, weight_decay=${py(o.weight_decay)}, momentum=${py(o.momentum)}, centered=${py(o.centered)})`;
    case 'adam': case 'amsgrad': return `torch.optim.Adam(${p}, lr=${py(o.lr)}, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=${py(o.eps)}, weight_decay=${py(o.weight_decay)}, amsgrad=${py(o.kind === 'amsgrad' || !!o.amsgrad)})`;
    case 'adamw': return `torch.optim.AdamW(${p}, lr=${py(o.lr)}, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=${py(o.eps)}, weight_decay=${py(o.weight_decay)}, amsgrad=${py(!!o.amsgrad)})`;
    case 'adamax': return `torch.optim.Adamax(${p}, lr=${py(o.lr)}, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=${py(o.eps)}, weight_decay=${py(o.weight_decay)})`;
    case 'nadam': return `NAdam(${p}, lr=${py(o.lr)}, betas=(${py(o.beta1)}, ${py(o.beta2)}), eps=${py(o.eps)}, weight_decay=${py(o.weight_decay)}, momentum_decay=${py(o.momentum_decay)})`;
    case 'adadelta': return `torch.optim.Adadelta(${p}, lr=${py(o.lr)}, rho=${py(o.rho)}, eps=${py(o.eps)}, weight_decay=${py(o.weight_decay)})`;
    default: throw new Error(`no PyTorch form for optimizer ${o.kind}`);
  }
}

// [construction, per-step call, per-epoch call]
function scheduleCode(s, totalSteps) {
  const q = 'torch.optim.lr_scheduler';
  switch (s.kind) {
    case 'constant': return ['None', '', ''];
    case 'step': return [`${q}.StepLR(opt, step_size=${py(s.step_size)}, gamma=${py(s.gamma)})`, '', 'sched.step()'];
    case 'exponential': return [`${q}.ExponentialLR(opt, gamma=${py(s.gamma)})`, '', 'sched.step()'];
    case 'cosine': return [`${q}.CosineAnnealingLR(opt, T_max=${py(s.t_max)}, eta_min=${py(s.eta_min)})`, '', 'sched.step()'];
    case 'linear_warmup': return [`${q}.LinearLR(opt, start_factor=${py(s.start_factor)}, end_factor=${py(s.end_factor)}, total_iters=${py(s.total_iters)})`, '', 'sched.step()'];
    case 'one_cycle': return [`${q}.OneCycleLR(opt, max_lr=${py(s.max_lr)}, total_steps=${py(s.total_steps > 0 ? s.total_steps : totalSteps)}, pct_start=${py(s.pct_start)}, anneal_strategy=${py(s.anneal_strategy)}, div_factor=${py(s.div_factor)}, final_div_factor=${py(s.final_div_factor)}, three_phase=${py(!!s.three_phase)}, ${s.cycle_momentum ? `cycle_momentum=True, base_momentum=${py(s.base_momentum)}, max_momentum=${py(s.max_momentum)})` : 'cycle_momentum=False)  # as in the spec: the LR only'}`, 'sched.step()', ''];
    case 'plateau': return [`${q}.ReduceLROnPlateau(opt, mode="min", factor=${py(s.factor)}, patience=${py(s.patience)}, threshold=${py(s.threshold)}, threshold_mode="rel", cooldown=${py(s.cooldown)}, min_lr=${py(s.min_lr)}, eps=${py(s.eps)})`, '', 'sched.step(monitored)'];
    default: throw new Error(`no PyTorch form for schedule ${s.kind}`);
  }
}

/** A refused spec as an export result: the messages joined, and each with its path. */
const invalid = (errors) => ({ ok: false, error: errors.map((e) => e.message).join('; '), errors });

/**
 * A PyTorch script that replays the run. spec: object or JSON text; csv: the CSV bytes/text when
 * the spec reads one. Returns { ok, text, notes } or { ok: false, error, errors? } (errors: the
 * validator's [{ path, message }] when the spec or its data was refused).
 */
export function exportTorch(d, spec, { csv, maxSteps } = {}) {
  const norm = d.validate(spec, csv === undefined ? {} : { csv });
  if (!norm.ok) return invalid(norm.errors);
  const S = norm.spec;
  if (S.data.source === 'function') return { ok: false, error: 'function mode has no dataset to export; export a model run instead' };
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
    const lossSpec = { kind: P.loss, ...(S.loss || {}) };
    lossSpec.kind = P.loss;
    const targets = P.task === 'regression' ? P.targets : 1;
    const sched = scheduleCode(S.schedule, P.totalSteps);
    if (S.model.dropout > 0) notes.push('dropout masks come from a different random generator in PyTorch: losses will differ from the first step on');
    if (S.training.line_search) notes.push('the line search is not exported: the script takes plain SGD steps with optimizer.lr');
    if (S.training.tolerance.grad_norm > 0) notes.push('the gradient-norm tolerance is not replayed: the script does not stop on a small gradient');
    const es = S.training.early_stopping;

    const layers = [];
    shapes.forEach((l, i) => {
      layers.push(`nn.Linear(${l.in}, ${l.out})`);
      if (i < shapes.length - 1) {
        if (ACT[S.model.activation]) layers.push(ACT[S.model.activation]);
        if (S.model.dropout > 0) layers.push(`nn.Dropout(${py(S.model.dropout)})`);
      }
    });
    if (P.output === 'probability') layers.push('nn.Sigmoid()');
    const [lossInit, lossFn] = lossCode(lossSpec, P);
    const T = S.training;
    const ema = S.optimizer.kind === 'momentum' && S.optimizer.form === 'ema';
    const lines = [];
    const L = (x = '') => lines.push(x);
    L('#!/usr/bin/env python3');
    L(`# Generated by Descent ${d.version}. Replays a Descent run in PyTorch: the same data (the training`);
    L('# and validation splits after normalization), the same initial parameters, model, loss, optimizer,');
    L('# schedule and batch order. Prints the loss of every optimizer step (the batch loss before the');
    L('# update, as Descent records it), one per line: "step loss". Float32 throughout.');
    for (const n of notes) L(`# Note: ${n}.`);
    L('# The spec (normalized, all defaults filled in):');
    const specLine = JSON.stringify(S);
    for (let i = 0; i < specLine.length; i += 96) L(`#   ${specLine.slice(i, i + 96)}`);
    L('import math');
    L('import sys');
    L('import torch');
    L('import torch.nn as nn');
    L('import torch.nn.functional as F');
    L('');
    L('torch.manual_seed(0)  # only dropout uses torch\'s generator');
    L(`N_TRAIN, N_VAL, INPUTS, TARGETS = ${P.rows.train}, ${P.rows.validation}, ${P.inputs}, ${targets}`);
    L(`X_TRAIN = torch.tensor(${f32list(nd.trainX)}, dtype=torch.float32).reshape(N_TRAIN, INPUTS)`);
    L(`Y_TRAIN_RAW = torch.tensor(${f32list(raw.trainY)}, dtype=torch.float32).reshape(N_TRAIN, TARGETS)`);
    L(`X_VAL = torch.tensor(${f32list(nd.validationX)}, dtype=torch.float32).reshape(N_VAL, INPUTS)`);
    L(`Y_VAL_RAW = torch.tensor(${f32list(raw.validationY)}, dtype=torch.float32).reshape(N_VAL, TARGETS)`);
    L(targetCode(P.loss, P));
    L(`ORDER = ${floatList(order)}  # training rows, epoch after epoch (Descent's seeded shuffle)`);
    L(`STEPS, STEPS_PER_EPOCH, BATCH = ${totalSteps}, ${P.stepsPerEpoch}, ${P.batchSize}`);
    L('');
    L(`model = nn.Sequential(${layers.join(', ')})`);
    L(`INIT = ${f32list(init)}  # flat, per layer: weight (out x in, row-major) then bias`);
    L('with torch.no_grad():');
    L('    at = 0');
    L('    for layer in model:');
    L('        if isinstance(layer, nn.Linear):');
    L('            for p in (layer.weight, layer.bias):');
    L('                p.copy_(torch.tensor(INIT[at:at + p.numel()], dtype=torch.float32).view_as(p))');
    L('                at += p.numel()');
    L('');
    L(lossInit);
    L(lossFn);
    L('');
    if (ema) {
      L('class EmaMomentum(torch.optim.Optimizer):');
      L('    """Momentum as many tutorials write it: v = beta v + (1 - beta) g; w = w - lr v."""');
      L('    def __init__(self, params, lr, beta, weight_decay=0.0):');
      L('        # "momentum": the name OneCycleLR(cycle_momentum=True) looks for.');
      L('        super().__init__(params, dict(lr=lr, momentum=beta, weight_decay=weight_decay))');
      L('    @torch.no_grad()');
      L('    def step(self):');
      L('        for g in self.param_groups:');
      L('            for p in g["params"]:');
      L('                d = p.grad if g["weight_decay"] == 0 else p.grad.add(p, alpha=g["weight_decay"])');
      L('                v = self.state[p].setdefault("v", torch.zeros_like(p))');
      L('                v.mul_(g["momentum"]).add_(d, alpha=1 - g["momentum"])');
      L('                p.add_(v, alpha=-g["lr"])');
      L('');
    }
    if (S.optimizer.kind === 'nadam') {
      L('if tuple(int(v) for v in torch.__version__.split("+")[0].split(".")[:2]) >= (2, 0):');
      L('    NAdam = torch.optim.NAdam');
      L('else:');
      L('    class NAdam(torch.optim.Optimizer):');
      L('        # torch 2.x NAdam. Before 2.0 torch computed mu_product_next = mu_product * mu * mu_next');
      L('        # (one mu too many); Descent follows the corrected rule, so older torch gets it from here.');
      L('        def __init__(self, params, lr, betas, eps, weight_decay, momentum_decay):');
      L('            super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay, momentum_decay=momentum_decay))');
      L('');
      L('        @torch.no_grad()');
      L('        def step(self):');
      L('            for g in self.param_groups:');
      L('                b1, b2 = g["betas"]');
      L('                for p in g["params"]:');
      L('                    st = self.state[p]');
      L('                    if not st:');
      L('                        st.update(t=0, mu_product=torch.tensor(1.0), m=torch.zeros_like(p), v=torch.zeros_like(p))');
      L('                    st["t"] += 1');
      L('                    t = st["t"]');
      L('                    grad = p.grad if g["weight_decay"] == 0 else p.grad.add(p, alpha=g["weight_decay"])');
      L('                    bc2 = 1 - b2 ** t');
      L('                    mu = b1 * (1.0 - 0.5 * 0.96 ** (t * g["momentum_decay"]))');
      L('                    mu_next = b1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * g["momentum_decay"]))');
      L('                    st["mu_product"] *= mu');
      L('                    st["m"].lerp_(grad, 1 - b1)');
      L('                    st["v"].mul_(b2).addcmul_(grad, grad, value=1 - b2)');
      L('                    denom = st["v"].div(bc2).sqrt().add_(g["eps"])');
      L('                    p.addcdiv_(grad, denom, value=-g["lr"] * (1.0 - mu) / (1.0 - st["mu_product"].item()))');
      L('                    mu_product_next = st["mu_product"].item() * mu_next');
      L('                    p.addcdiv_(st["m"], denom, value=-g["lr"] * mu_next / (1.0 - mu_product_next))');
      L('');
    }
    L(`opt = ${optimizerCode(S.optimizer)}`);
    L(`sched = ${sched[0]}`);
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
    L(`LOSS_TOLERANCE = ${py(S.training.tolerance.loss_delta)}  # stop when the monitored epoch loss changes less than this (0 = off)`);
    L('best, wait, best_state, previous = None, 0, None, None');
    L('');
    L('model.train()');
    L('step, epoch, pos, epoch_sum, epoch_rows = 0, 0, 0, 0.0, 0');
    L('while step < STEPS:');
    L('    rows = ORDER[epoch * N_TRAIN + pos: epoch * N_TRAIN + min(pos + BATCH, N_TRAIN)]');
    L('    xb, yb = X_TRAIN[rows], Y_TRAIN[rows]');
    L('    opt.zero_grad()');
    L('    loss = criterion(model(xb), yb)');
    L('    (loss + penalty()).backward()');
    L('    if CLIP_VALUE > 0:');
    L('        torch.nn.utils.clip_grad_value_(model.parameters(), CLIP_VALUE)');
    L('    if CLIP_NORM > 0:');
    L('        torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_NORM)');
    L('    opt.step()');
    L('    step += 1');
    L('    print(step, repr(loss.item()))');
    if (sched[1]) L(`    ${sched[1]}`);
    L('    pos += len(rows)');
    L('    epoch_sum += loss.item() * len(rows)');
    L('    epoch_rows += len(rows)');
    L('    if pos >= N_TRAIN:');
    L('        monitored = mean_loss(X_VAL, Y_VAL) if N_VAL > 0 else epoch_sum / epoch_rows');
    if (sched[2]) L(`        ${sched[2]}`);
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
    L('                    print("stopped early after epoch", epoch, file=sys.stderr)');
    L('                    break');
    L('        if LOSS_TOLERANCE > 0 and previous is not None and abs(monitored - previous) < LOSS_TOLERANCE:');
    L('            print("converged after epoch", epoch, file=sys.stderr)');
    L('            break');
    L('        previous = monitored');
    L('');
    L('print("final training loss", mean_loss(X_TRAIN, Y_TRAIN), file=sys.stderr)');
    return { ok: true, text: `${lines.join('\n')}\n`, notes };
  } finally {
    s.dispose();
  }
}

/** A Keras (TensorFlow 2) snippet for the same model, loss and optimizer, for reading (not verified). */
export function exportKeras(d, spec, { csv } = {}) {
  const norm = d.validate(spec, csv === undefined ? {} : { csv });
  if (!norm.ok) return invalid(norm.errors);
  const S = norm.spec;
  if (S.data.source === 'function') return { ok: false, error: 'function mode has no model to export' };
  const s = openSession(d, spec, csv);
  try {
    const P = s.problem();
    const shapes = layerShapes(P, S);
    const act = KERAS_ACT[S.model.activation];
    const layers = shapes.map((l, i) => {
      const last = i === shapes.length - 1;
      const a = last ? (P.output === 'probability' ? 'sigmoid' : 'linear') : act;
      return `    keras.layers.Dense(${l.out}, activation="${a}"${i === 0 ? `, input_shape=(${l.in},)` : ''}),`;
    });
    const o = S.optimizer;
    const kerasOpt = {
      sgd: `keras.optimizers.SGD(learning_rate=${o.lr})`,
      momentum: `keras.optimizers.SGD(learning_rate=${o.lr}, momentum=${o.momentum})`,
      nesterov: `keras.optimizers.SGD(learning_rate=${o.lr}, momentum=${o.momentum}, nesterov=True)`,
      adagrad: `keras.optimizers.Adagrad(learning_rate=${o.lr}, initial_accumulator_value=${o.initial_accumulator_value}, epsilon=${o.eps})`,
      rmsprop: `keras.optimizers.RMSprop(learning_rate=${o.lr}, rho=${o.alpha}, momentum=${o.momentum}, epsilon=${o.eps}, centered=${py(!!o.centered)})`,
      adam: `keras.optimizers.Adam(learning_rate=${o.lr}, beta_1=${o.beta1}, beta_2=${o.beta2}, epsilon=${o.eps})`,
      amsgrad: `keras.optimizers.Adam(learning_rate=${o.lr}, beta_1=${o.beta1}, beta_2=${o.beta2}, epsilon=${o.eps}, amsgrad=True)`,
      adamw: `keras.optimizers.AdamW(learning_rate=${o.lr}, weight_decay=${o.weight_decay}, beta_1=${o.beta1}, beta_2=${o.beta2}, epsilon=${o.eps})`,
      adamax: `keras.optimizers.Adamax(learning_rate=${o.lr}, beta_1=${o.beta1}, beta_2=${o.beta2}, epsilon=${o.eps})`,
      nadam: `keras.optimizers.Nadam(learning_rate=${o.lr}, beta_1=${o.beta1}, beta_2=${o.beta2}, epsilon=${o.eps})`,
      adadelta: `keras.optimizers.Adadelta(learning_rate=${o.lr}, rho=${o.rho}, epsilon=${o.eps})`,
    }[o.kind];
    const kerasLoss = {
      mse: '"mse"', mae: '"mae"', huber: `keras.losses.Huber(delta=${S.loss?.delta ?? 1})`, smooth_l1: `keras.losses.Huber(delta=${S.loss?.beta ?? 1})  # SmoothL1 = Huber / beta`,
      logcosh: '"log_cosh"', bce: '"binary_crossentropy"', bce_logits: 'keras.losses.BinaryCrossentropy(from_logits=True)',
      weighted_bce: 'keras.losses.BinaryCrossentropy(from_logits=True)  # pass class_weight={0: w0, 1: w1} to fit',
      cce: 'keras.losses.CategoricalCrossentropy(from_logits=True)', sparse_cce: 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)',
      hinge: '"hinge"', squared_hinge: '"squared_hinge"', multiclass_hinge: '"categorical_hinge"  # close to, not the same as, MultiMarginLoss',
    }[P.loss];
    const text = `# Keras (TensorFlow 2) version of this Descent run, for reading: not verified, and Keras's
# optimizers differ in details (epsilon placement, no torch-style weight decay), so curves differ.
from tensorflow import keras

model = keras.Sequential([
${layers.join('\n')}
])
model.compile(optimizer=${kerasOpt}, loss=${kerasLoss})
# x_train: (n, ${P.inputs}) features after ${S.preprocess.normalize} normalization; y_train: targets
model.fit(x_train, y_train, batch_size=${P.batchSize}, epochs=${S.training.epochs}, shuffle=${py(S.training.shuffle)})
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

/** The CLI's `descent export <kind> spec.json`. */
export function runExport(d, kind, specText, csv) {
  if (kind === 'torch') return exportTorch(d, specText, { csv });
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
