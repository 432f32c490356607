// The race's engine side: the host's run (A, trained by the controller's worker) and up to five
// challengers, each in its own instance of engine/worker.js, so they train in parallel. The race mirrors
// what the controller tells its worker (open, play, pause, step, reset, speed, a CSV...) to every
// challenger with that run's spec, and keeps each run's history, status, training time, path
// (2-parameter runs) and predictions for the fits view. A challenger whose worker dies is marked
// failed and can be restarted alone (restartRun); the others train on. Messages: protocol.js.
// Not here: the card (panels/race/panel.js) or the rules of a patch (runs.js).
import { toWorker, TO_PAGE, known } from '../engine/protocol.js';
import { TrainingHistory } from '../charts/series.js';
import { MAX_RUNS, RUN_NAMES, RUN_COLORS, RUN_DASHES, runSpec, racePaths, runLabel, followsLr } from './runs.js';
import { recordOf } from '../lessons/claims.js';

/** One run's state as the views read it. */
class Run {
  constructor(index) {
    this.index = index;
    this.name = RUN_NAMES[index];
    this.color = RUN_COLORS[index];
    this.dash = RUN_DASHES[index];
    this.patch = {};
    this.spec = null;
    this.label = '';
    this.issues = [];
    this.worker = null;
    this.clear();
  }

  clear() {
    this.history = new TrainingHistory();
    this.status = 'loading';
    this.running = false;
    this.message = '';
    this.error = '';
    this.steps = 0;
    this.epochs = 0;
    this.totalSteps = 0;
    this.stepsPerEpoch = 1;
    this.lr = NaN;
    this.trainMs = 0;
    this.clock = { steps: [0], ms: [0] };   // training time at reported step counts
    this.path = { stride: 1, points: [], values: [] };
    this.prediction = null;                  // { kind, result } for the fits view
    this.metrics = null;                     // { steps, value: session.metrics() } as last reported
    this.problem = null;
    this.opened = false;
    this.failed = false;                     // its worker died: restartRun() makes a new one
  }

  get firstLoss() { return this.history.length ? this.history.loss[0] : NaN; }

  /** Training milliseconds at a step (linear between reports). */
  msAt(step) {
    const { steps, ms } = this.clock;
    let lo = 0;
    let hi = steps.length - 1;
    if (step >= steps[hi]) return ms[hi];
    while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (steps[mid] <= step) lo = mid; else hi = mid; }
    const f = (step - steps[lo]) / Math.max(1, steps[hi] - steps[lo]);
    return ms[lo] + f * (ms[hi] - ms[lo]);
  }
}

/**
 * A run's record (lessons/claims.js): what the race table, the landscape's readout and a lesson's
 * claims read, the same shape the test suite builds from a session (lessons/records.js). Metrics
 * and the fitted curve count only when they are of the run's current step (else "not known here").
 */
export function recordOfRun(r) {
  const h = r.history;
  const es = r.spec?.training?.early_stopping;
  return recordOf({
    name: r.name, functionMode: !!r.problem?.functionMode || r.spec?.data?.source === 'function', status: r.status, steps: r.steps,
    stride: h.stride, loss: h.loss, gradNorm: h.gradNorm, lr: h.lr, epochs: h.epochs, stepsPerEpoch: r.stepsPerEpoch,
    path: r.path.points.length ? r.path : null,
    metrics: r.metrics?.steps === r.steps ? r.metrics.value : null,   // of the current parameters only
    // The fits view's prediction along x, when it is of the run's current parameters.
    curve: r.prediction?.kind === 'curve' && r.prediction.steps === r.steps ? { x: Array.from(r.prediction.result.x), y: Array.from(r.prediction.result.values) } : null,
    restored: r.status === 'early_stopped' && !!es && es.restore_best !== false,
  });
}

export class Race {
  #registry;
  #onUpdate;
  #runs = [];
  #token = 0;
  #open = null;           // the last open: { token, spec }
  #csv = null;            // the last csv message (replayed to new workers)
  #speed = null;
  #view = null;           // the page's setView (for the fits view)
  #wantViews = false;
  #watch = { trajectory: false, vectors: false, explain: -1 };
  #baseSpec = null;       // the page's spec (normalized), the base of the patches

  #startWorker;

  /**
   * onUpdate(race, what): something changed ('runs' | 'progress' | 'opened' | 'view');
   * startWorker(): a new engine worker (engine/client.js startWorker).
   */
  constructor(registry, { onUpdate, startWorker }) {
    this.#registry = registry;
    this.#onUpdate = onUpdate;
    this.#startWorker = startWorker;
    this.#runs = [new Run(0)];
  }

  /** The engine's registry, once it is known (labels and run specs need it). */
  setRegistry(registry) {
    this.#registry = registry;
    this.#relabel();
  }

  get runs() { return this.#runs; }
  get active() { return this.#runs.length > 1; }
  get patches() { return this.#runs.slice(1).map((r) => r.patch); }
  get paths() { return racePaths(this.patches); }

  /** The page's (normalized) spec changed: labels follow; challengers re-open on the next open. */
  setBase(spec) {
    this.#baseSpec = spec;
    this.#relabel();
  }

  /** New challengers (patches); returns whether anything changed. Workers are kept or made. */
  setPatches(patches) {
    const list = patches.slice(0, MAX_RUNS - 1);
    const same = list.length === this.#runs.length - 1 && list.every((p, i) => JSON.stringify(p) === JSON.stringify(this.#runs[i + 1].patch));
    if (same) return false;
    while (this.#runs.length > list.length + 1) {
      const r = this.#runs.pop();
      r.worker?.terminate();
    }
    for (let i = 0; i < list.length; i++) {
      let r = this.#runs[i + 1];
      if (!r) { r = new Run(i + 1); this.#runs.push(r); }
      r.patch = list[i];
    }
    this.#relabel();
    this.#onUpdate(this, 'runs');
    return true;
  }

  /** What challengers should report besides progress (paths, predictions). */
  setWatch({ trajectory = false, views = false } = {}) {
    this.#watch = { trajectory, vectors: false, explain: -1 };
    this.#wantViews = views;
    for (const r of this.#runs.slice(1)) {
      if (!r.worker) continue;
      this.#post(r, 'watch', this.#watch);
      this.#post(r, 'setView', { view: views ? this.#view : null });
    }
  }

  /** Opens every challenger again from the last open (after the runs changed). */
  restartChallengers() {
    if (!this.#open) return;
    for (const r of this.#runs.slice(1)) this.#openRun(r);
  }

  #relabel() {
    const base = this.#baseSpec;
    if (!base || !this.#registry) return;
    const paths = this.paths;
    for (const r of this.#runs) {
      const s = runSpec(base, r.patch, this.#registry);
      r.issues = r.index === 0 ? [] : s.issues;
      r.label = runLabel(s.spec, paths, this.#registry);
    }
  }

  /**
   * Starts run `index` (a challenger) again from step 0 in a new worker, after its worker failed
   * (or at any time); it plays if run A is playing. The other runs go on.
   */
  restartRun(index) {
    const r = this.#runs[index];
    if (!r || index === 0 || !this.#open) return;
    r.worker?.terminate();
    r.worker = null;
    this.#openRun(r);
    if (this.#runs[0].running) this.#post(r, 'play', {});
    this.#onUpdate(this, 'progress');
  }

  /** Test hook (?test-hooks=1): a fault in run `index`'s worker (protocol testFault). */
  testFault(index, kind) {
    const r = this.#runs[index];
    if (r?.worker) this.#post(r, 'testFault', { kind });
  }

  /** A challenger's worker died: its run stops here, marked, and can be restarted (restartRun). */
  #fail(r, message) {
    r.worker?.terminate();
    r.worker = null;
    r.failed = true;
    r.running = false;
    r.status = 'error';
    r.error = message;
    this.#onUpdate(this, 'progress');
  }

  #ensureWorker(r) {
    if (r.worker) return;
    let w;
    try {
      w = this.#startWorker();
    } catch (e) {
      this.#fail(r, `the run's worker could not start: ${e.message}`);
      return;
    }
    r.worker = w;
    w.onmessage = (e) => { if (r.worker === w) this.#fromRun(r, e.data); };
    w.onerror = (e) => {
      e.preventDefault?.();
      if (r.worker === w) this.#fail(r, `the run's worker failed: ${e.message || 'unknown error (it may have run out of memory)'}`);
    };
    if (this.#csv) this.#post(r, 'csv', this.#csv);
    if (this.#speed) this.#post(r, 'setSpeed', this.#speed);
    this.#post(r, 'watch', this.#watch);
  }

  #post(r, type, fields) {
    // Copied, not transferred: the same arrays (a view's x) go to several workers.
    r.worker.postMessage(toWorker(type, fields));
  }

  #openRun(r) {
    this.#ensureWorker(r);
    if (!r.worker) return;
    const base = this.#open.spec;
    const { spec } = runSpec(base, r.patch, this.#registry);
    // An imported start (model.params) stays with run A unless the patch keeps the model.
    if (base.model?.params && !Object.keys(r.patch).some((k) => k.startsWith('model.'))) spec.model.params = base.model.params;
    r.spec = spec;
    r.clear();
    this.#post(r, 'open', { token: this.#open.token, spec, view: this.#wantViews ? this.#view : null });
  }

  // ---- the page's worker, mirrored ----------------------------------------------------------------
  /** Called with every message the page sends its worker. */
  mirror(m) {
    const ch = this.#runs.slice(1);
    switch (m.type) {
      case 'open':
        this.#token = m.token;
        this.#open = { token: m.token, spec: m.spec };
        this.#runs[0].clear();
        this.#runs[0].spec = m.spec;
        for (const r of ch) this.#openRun(r);
        break;
      case 'reset':
        this.#token = m.token;
        if (this.#open) this.#open.token = m.token;
        this.#runs[0].clear();
        for (const r of ch) {
          // A failed run starts over in a new worker; the others reset in theirs.
          if (!r.worker && r.failed && this.#open) { this.#openRun(r); continue; }
          r.clear();
          if (r.worker) this.#post(r, 'reset', { token: m.token });
        }
        break;
      case 'play': case 'pause': case 'epoch':
        for (const r of ch) if (r.worker) this.#post(r, m.type, {});
        break;
      case 'step':
        for (const r of ch) if (r.worker) this.#post(r, 'step', { steps: m.steps });
        break;
      case 'setSpeed':
        this.#speed = { stepsPerFrame: m.stepsPerFrame };
        for (const r of ch) if (r.worker) this.#post(r, 'setSpeed', this.#speed);
        break;
      case 'setLr':
        for (const r of ch) if (r.worker && followsLr(r.patch)) this.#post(r, 'setLr', { lr: m.lr });
        break;
      case 'csv':
        this.#csv = { token: m.token, name: m.name, file: m.file, options: m.options };
        for (const r of ch) if (r.worker) this.#post(r, 'csv', this.#csv);
        break;
      case 'setView':
        // A copy: the page transfers the original's arrays to its worker.
        this.#view = m.view && m.view.kind !== 'points' ? structuredClone(m.view) : null;
        if (this.#wantViews) for (const r of ch) if (r.worker) this.#post(r, 'setView', { view: this.#view });
        break;
      default:
    }
  }

  /** Called with every message the page's worker sends (run A). */
  observe(m) {
    if (!known(TO_PAGE, m)) return;
    this.#take(this.#runs[0], m);
  }

  #fromRun(r, m) {
    if (!known(TO_PAGE, m)) return;
    if (m.type === 'error' && m.fatal) { this.#fail(r, `the run's engine stopped: ${m.message}`); return; }
    if (m.type === 'error') { r.error = m.message; this.#onUpdate(this, 'progress'); return; }
    this.#take(r, m);
  }

  #take(r, m) {
    if (m.token !== undefined && m.token !== this.#token) return;
    switch (m.type) {
      case 'opened':
        r.clear();
        r.opened = true;
        r.problem = m.problem;
        this.#progress(r, m.progress);
        this.#onUpdate(this, 'opened');
        break;
      case 'invalid':
        r.clear();
        r.status = 'invalid';
        r.error = m.errors.map((e) => e.message).join('; ');
        this.#onUpdate(this, 'progress');
        break;
      case 'progress':
        this.#progress(r, m);
        this.#onUpdate(this, 'progress');
        break;
      case 'view':
        r.prediction = { kind: m.kind, result: m.result, steps: m.steps };
        this.#onUpdate(this, 'view');
        break;
      default:
    }
  }

  #progress(r, p) {
    r.history.append(p.history);
    r.history.appendEpochs(p.epochLog);
    r.status = p.status;
    r.running = p.running;
    r.message = p.message;
    r.steps = p.steps;
    r.epochs = p.epochs;
    r.totalSteps = p.totalSteps;
    r.stepsPerEpoch = p.stepsPerEpoch;
    r.lr = p.lr;
    if (p.metrics) r.metrics = { steps: p.steps, value: p.metrics };
    if (Number.isFinite(p.trainMs)) {
      r.trainMs = p.trainMs;
      const c = r.clock;
      if (p.steps > c.steps[c.steps.length - 1]) { c.steps.push(p.steps); c.ms.push(p.trainMs); } else if (p.steps < c.steps[c.steps.length - 1]) r.clock = { steps: [0, p.steps], ms: [0, p.trainMs] };
    }
    const t = p.watched?.trajectory;
    if (t) {
      if (t.replace || t.stride !== r.path.stride) r.path = { stride: t.stride, points: [], values: [] };
      r.path.points.length = t.start * 2;
      r.path.values.length = Math.min(r.path.values.length, t.start);
      for (const v of t.points) r.path.points.push(v);
      for (const v of t.values) r.path.values.push(v);
    }
  }

  dispose() {
    for (const r of this.#runs) r.worker?.terminate();
    this.#runs = [this.#runs[0]];
  }
}
