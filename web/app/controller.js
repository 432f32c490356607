// The one run controller of the playground, for every host (the page, hosts/page.js, and the
// <descent-playground> element, hosts/element.js). It owns the engine worker (engine/client.js), the
// spec, run A's history, the race's challengers (race.js), the lesson and the link's extras; it turns
// what the engine reports into one state object and hands it to the panels the host mounted.
//
// The contract (also in docs/contributing.md, "web/ layout"):
// - A host makes one controller: new Controller({ emit(type, detail), startWorker?, options }) with
//   options { steps (run N steps at the first open), autoplay, speed (steps per frame; unset: a lesson
//   plays at its own pace) }, mounts the panels it shows (mount(name, panelModule, { place, root,
//   options })) and calls load() with the
//   setup (a link hash, a spec object, a lesson id). The host hears back through emit: ready, spec
//   (the setup changed: { spec, hash }), link ({ hash, push }: the race or the lesson changed),
//   opened, progress, done, invalid, health, error. Hosts differ only in DOM wiring.
// - A panel module exports build(ctx) -> { update(state, event), dispose() }. ctx = { state,
//   intent(name, ...args), place(node, slot), root (the Document or ShadowRoot), options }. A panel
//   draws what `state` holds (read-only: never written by a panel) when `event` says something it
//   shows changed, and asks for changes only through intents (the INTENTS below); it never talks to
//   the engine, the link or another panel. event.type is one of EVENTS.
// Not here: any DOM (panels/ and hosts/ draw), the spec's rules (state.js), training (engine/).
import { Engine, healthMessage, startWorker as defaultWorker } from '../engine/client.js';
import { normalizeSpec, newSeed, sameSpec, csvOverrides, LIMITS, START } from '../state.js';
import { previewTask } from '../engine/csv-shape.js';
import { normalizeSpeed } from '../engine/pace.js';
import { TrainingHistory } from '../charts/series.js';
import { int, fmt, short } from '../charts/format.js';
import { Race } from './race.js';
import { readLink, writeLink, lessonSetup } from './link.js';
import { lesson as findLesson } from '../lessons/lessons.js';

/** What the status pill says for each state (state.status.state). */
export const STATE_LABEL = Object.freeze({
  failed: 'Engine stopped', loading: 'Loading', ready: 'Ready', running: 'Training', paused: 'Paused', done: 'Finished',
  diverged: 'Diverged', stopped: 'Stopped', invalid: 'Cannot train', waiting: 'Waiting for data',
});

/** The events a panel's update() receives (event.type). */
export const EVENTS = Object.freeze([
  'ready', 'spec', 'status', 'options', 'speed', 'opened', 'invalid', 'progress', 'frame', 'charts', 'race', 'lesson', 'health',
  'notice', 'help', 'chart', 'csv', 'previews', 'view', 'landscape', 'lrFinder', 'exported', 'validated', 'params', 'theme',
]);

/** Engine replies handed to the panels as they are (event.message): answers to their intents. */
const REPLIES = Object.freeze(['landscape', 'lrFinder', 'exported', 'validated']);

/** At most this many redraws a second while training (status, metrics, charts). */
const RENDER_EVERY_MS = 100;
/** Steps a function-mode run takes when the spec does not say. */
export const FUNCTION_STEPS = 500;

/** The spec function mode starts from: the current optimizer when it is already in function mode, else Adam at 0.1. */
export function functionSpec(spec, registry, id = 'rosenbrock') {
  const f = registry.functions.find((x) => x.id === id) ?? registry.functions[0];
  const next = structuredClone(spec);
  next.data = { source: 'function', seed: spec.data.seed, function: f.id, start: [...f.start] };
  next.training = { ...next.training, steps: next.training.steps || FUNCTION_STEPS };
  delete next.training.early_stopping;
  // Adam at 0.1 makes steady progress on every function (Rosenbrock: near (1, 1) in 500 steps).
  if (spec.data.source !== 'function') next.optimizer = { kind: 'adam', lr: 0.1 };
  return next;
}

/** Leaving function mode: the function-only training fields go (steps, line search). */
export function leaveFunction(spec) {
  const next = structuredClone(spec);
  delete next.training.steps;
  delete next.training.line_search;
  return next;
}

const keyOf = (spec) => JSON.stringify([spec.data, spec.preprocess, spec.model]);

/**
 * The spec with the engine's choices for a CSV file (data.defaults: [{ field, value, why }]) in
 * place of the current model, loss, input scaling and optimizer; everything else is kept.
 */
function adoptDefaults(spec, chosen) {
  const out = structuredClone(spec);
  const get = (field) => chosen.find((d) => d.field === field)?.value;
  if (get('model.kind') !== undefined) out.model = { ...out.model, kind: get('model.kind'), hidden: [] };
  if (get('loss.kind') !== undefined) out.loss = { kind: get('loss.kind') };
  if (get('preprocess.normalize') !== undefined) out.preprocess = { ...out.preprocess, normalize: get('preprocess.normalize') };
  if (get('optimizer') !== undefined) {
    out.optimizer = { kind: get('optimizer') };
    if (get('optimizer.lr') !== undefined) out.optimizer.lr = Number(get('optimizer.lr'));
  }
  return out;
}

export class Controller {
  /** Everything the panels draw from. Panels read it; only the controller writes it. */
  state = {
    registry: null,
    engine: null,            // { version, arch, probe, generation } once the worker is ready
    spec: null,
    tab: 'synthetic',        // the data-source tab the settings show
    opened: false,
    running: false,
    problem: null,
    data: null,
    progress: null,
    history: new TrainingHistory(),
    metrics: null,
    metricsVersion: 0,
    status: { state: 'loading', label: STATE_LABEL.loading, text: 'Starting the engine…', title: '' },
    errors: [],              // why the setup cannot train ([{ path, message }])
    notice: null,            // { title, issues }
    appError: '',
    health: { state: 'starting' },
    race: null,
    lesson: null,
    lessonChanged: false,
    csv: { file: null, result: null, options: {} },   // file: { name, blob, note? } (bytes); result: the worker's csv message
    previews: [],
    watched: null,           // the last progress message's extras (vectors, explain)
    help: null,
    chart: { log: false, smoothing: 0.9 },
    initialParams: null,     // { params, model, key }: parameters to start from (an import or a JSON spec)
    lastSynthetic: null,
    speed: 10,               // steps per frame while playing (0: as many as fit)
  };

  #host;
  #options;
  #engine;
  #panels = new Map();     // name -> { panel, ctx }
  #token = 0;
  #wantPlay = false;
  #firstOpen = true;
  #previewsDue = false;    // the settings asked for the thumbnails before the first session
  #settled = false;        // a session has opened (or failed to) since the engine started
  #pending = null;         // a load() that waits for the registry
  #csvToken = 0;
  #csvQuiet = 0;
  #jobId = 0;
  #watch = new Map();      // panel name -> { trajectory?, vectors?, explain?, views? }
  #watchKey = '';
  #timers = { open: 0, link: 0, render: 0, frame: 0, charts: 0 };
  #lastRender = 0;
  #doneDue = false;        // a run stopped since the last render: emit done after its progress
  #disposed = false;

  /**
   * host: { emit(type, detail), startWorker?() -> Worker, options?: { steps, autoplay, speed } }.
   * The engine starts at once; load() and mount() may come before it is ready.
   */
  constructor(host) {
    this.#host = host;
    this.#options = { steps: 0, autoplay: false, ...(host.options ?? {}) };
    if (Number.isFinite(this.#options.speed)) this.state.speed = this.#options.speed;
    const create = host.startWorker ?? defaultWorker;
    this.#engine = new Engine(create, {
      onSend: (m) => this.state.race?.mirror(m),
      onMessage: (m) => {
        try {
          this.#onMessage(m);
        } catch (err) {
          this.#setAppError(`The playground could not show the engine's "${m.type}" message: ${err.message}`);
        }
      },
      onHealth: (h) => this.#health(h),
    });
    this.state.race = new Race(null, { onUpdate: (_, what) => this.#notify({ type: 'race', what }), startWorker: create });
  }

  // ---- panels -------------------------------------------------------------------------------------
  /**
   * Builds a panel (module: { build(ctx) }) and keeps it up to date. where: { place(node, slot),
   * root, options }. Mounting a name twice replaces the first.
   */
  mount(name, module, where) {
    this.unmount(name);
    const ctx = {
      state: this.state,
      intent: (what, ...args) => this.intent(what, ...args),
      place: where.place,
      root: where.root ?? document,
      options: where.options ?? {},
      name,
    };
    const panel = module.build(ctx);
    this.#panels.set(name, { panel, ctx });
    // A panel mounted late (an attribute added it) catches up with what happened so far.
    const s = this.state;
    const events = ['status', 'speed', 'notice', 'health'];
    if (s.registry) {
      events.push('ready');
      if (s.spec) events.push('spec', 'params', 'lesson', 'race');
      if (s.opened) events.push('opened', 'frame', 'charts');
      else if (s.errors.length) events.push('invalid');
      if (s.csv.result) events.push('csv');
    }
    for (const type of events) panel.update(s, { type, message: null, late: true });
    return panel;
  }

  unmount(name) {
    const p = this.#panels.get(name);
    if (!p) return;
    this.#panels.delete(name);
    p.panel.dispose();
    if (this.#watch.delete(name)) this.#syncWatch();
  }

  get panels() { return [...this.#panels.keys()]; }

  /** The host saw the colour theme change (charts/theme.js watchTheme): every panel redraws its canvases. */
  themeChanged() {
    this.#notify({ type: 'theme' });
  }

  /** The host changed a panel's options (ctx.options, which the host owns): it redraws. */
  refresh(name) {
    const p = this.#panels.get(name);
    if (p) p.panel.update(this.state, { type: 'options' });
  }

  #notify(event) {
    // One panel's bug must not keep the news from the panels after it (a card left showing an
    // earlier step as current): it is reported (the console and the page's notice, with the
    // panel's name) and the others go on.
    let failed = '';
    for (const [name, { panel }] of this.#panels) {
      try {
        panel.update(this.state, event);
      } catch (e) {
        console.error(`Descent: the ${name} panel failed on "${event.type}":`, e);
        failed ||= `The ${name} card could not show the "${event.type}" news: ${e?.message ?? e}`;
      }
    }
    if (failed && event.type !== 'notice') this.#setAppError(failed);
  }

  // ---- intents: what panels (and hosts) may ask for -------------------------------------------------
  /** Runs one intent by name (see INTENTS); returns what it returns (a job id for requests). */
  intent(name, ...args) {
    const f = INTENTS[name];
    if (!f) throw new Error(`controller: unknown intent "${name}"`);
    return f.call(this, ...args);
  }

  play() {
    if (!this.state.opened) { this.#wantPlay = true; return; }
    const st = this.state.progress?.status;
    if (st && st !== 'running') {
      // A finished run plays again from the start.
      this.#wantPlay = true;
      this.#send('reset', { token: ++this.#token });
      return;
    }
    this.state.running = true;
    this.#send('play');
    this.#notify({ type: 'status' });
  }

  pause() {
    this.#wantPlay = false;
    this.state.running = false;
    this.#send('pause');
    this.#notify({ type: 'status' });
  }

  step(steps = 1) {
    this.state.running = false;
    this.#send('step', { steps });
  }

  epoch() {
    this.state.running = false;
    this.#send('epoch');
  }

  /**
   * Starts every run over from step 0 (the same seed: the same numbers); play: go on playing after.
   * challengers: open the race's challengers again first (their patches changed).
   */
  reset({ play = false, challengers = false } = {}) {
    this.#wantPlay = play;
    if (!this.state.opened) { if (this.state.spec) this.#open(); return; }
    this.state.running = false;
    if (challengers) this.state.race.restartChallengers();
    this.#send('reset', { token: ++this.#token });
  }

  setSpeed(stepsPerFrame) {
    // 0 (as fast as possible), n >= 1 steps a frame, or 1/k: a step every k frames (engine/pace.js).
    const n = normalizeSpeed(stepsPerFrame);
    if (n === null) return;
    this.state.speed = n;
    this.#send('setSpeed', { stepsPerFrame: n });
    this.#notify({ type: 'speed' });
  }

  /** A new learning rate: live when a run is under way (no reset), else a new setup. */
  setLr(lr) {
    this.change('optimizer.lr', lr);
  }

  /** Applies one edit (a dotted path and a value, as the settings make them) and validates the result. */
  change(path, value) {
    const s = this.state;
    const reg = s.registry;
    const prev = s.spec;
    if (!reg || !prev) return;
    if (path === 'data.source') { this.#switchSource(value); return; }
    const next = structuredClone(prev);
    const [section, field] = path.split('.');
    // The values of `from` that fit `params` (same name, inside its range): they carry over to a new kind.
    const keep = (from, params) => Object.fromEntries(params.filter((p) => fits(from[p.name], p)).map((p) => [p.name, from[p.name]]));
    if (path === 'seed' && value === 'new') next.seed = newSeed();
    else if (path === 'data.seed' && value === 'new') next.data.seed = newSeed();
    else if (path === 'data.generator') {
      const g = reg.generators.find((x) => x.id === value);
      if (!g) return;
      next.data = { source: 'synthetic', generator: value, seed: prev.data.seed, ...keep(prev.data, g.params) };
    } else if (path === 'model.kind') {
      const m = reg.models.find((x) => x.id === value);
      if (!m) return;
      next.model = { kind: value, ...(m.hiddenLayers ? { hidden: prev.model.hidden ?? [...START.model.hidden] } : {}), ...keep(prev.model, m.params) };
    } else if (path === 'loss.kind') {
      if (value === 'auto') delete next.loss; else next.loss = { kind: value };
    } else if (path === 'optimizer.kind') {
      const o = reg.optimizers.find((x) => x.id === value);
      if (!o) return;
      // The learning rate and weight decay are the user's choice, not the old optimizer's.
      next.optimizer = { kind: value, ...keep(prev.optimizer, o.params.filter((p) => p.name === 'lr' || p.name === 'weight_decay')) };
    } else if (path === 'schedule.kind') {
      next.schedule = { kind: value };
    } else if (field === undefined) {
      next[section] = value;
    } else {
      next[section] = { ...next[section], [field]: value };
    }
    const { spec, issues } = normalizeSpec(next, reg, { task: this.#knownTask() });
    if (issues.length) this.notice('Adjusted to fit:', issues);
    // A new learning rate mid-run changes the running session instead of starting over.
    const lrOnly = path === 'optimizer.lr' && sameSpec({ ...spec, optimizer: { ...spec.optimizer, lr: 0 } }, { ...prev, optimizer: { ...prev.optimizer, lr: 0 } });
    if (lrOnly && s.opened && (s.progress?.steps ?? 0) > 0 && s.progress?.status === 'running') {
      this.#commit(spec, { reopen: false });
      this.#send('setLr', { lr: spec.optimizer.lr });
      return;
    }
    this.#commit(spec);
  }

  /** A whole new spec (function mode's panel, the landscape's start point): normalize and take it. */
  apply(next) {
    const { spec, issues } = normalizeSpec(next, this.state.registry, { task: this.#knownTask() });
    if (issues.length) this.notice('Adjusted to fit:', issues);
    this.#commit(spec);
  }

  /** The divergence banner's "Try lr/10": a tenth of the learning rate, playing at once. */
  tryLowerLr() {
    const next = structuredClone(this.state.spec);
    next.optimizer.lr = this.state.spec.optimizer.lr / 10;
    const { spec, issues } = normalizeSpec(next, this.state.registry, { task: this.#knownTask() });
    if (issues.length) this.notice('Adjusted to fit:', issues);
    this.#commit(spec, { autoplay: true });
  }

  notice(title, issues) {
    if (!issues?.length) return;
    this.state.notice = { title, issues };
    this.#notify({ type: 'notice' });
  }

  dismissNotice() {
    this.state.notice = null;
    this.#notify({ type: 'notice' });
  }

  /** Help text for a control (the settings' hover and focus). */
  help(info) {
    this.state.help = info;
    this.#notify({ type: 'help' });
  }

  /** Small samples of every generator, for the settings' thumbnails (the previews event). */
  previews() {
    const reg = this.state.registry;
    // Before the first session has opened (or failed), they wait: the first open and step come
    // first (a setup that opens nothing yet, a CSV link waiting for its file: 2 s at most).
    if (reg && !this.#settled) {
      if (!this.#previewsDue) setTimeout(() => { this.#settled = true; if (this.#previewsDue) this.previews(); }, 2000);
      this.#previewsDue = true;
      return;
    }
    this.#previewsDue = false;
    if (reg) this.#send('previews', { seed: 7, generators: reg.generators.map((g) => ({ id: g.id, params: { samples: 150 } })) });
  }

  /** How the loss charts draw ({ log?, smoothing? }); exports draw the same. */
  chartOptions(options) {
    this.state.chart = { ...this.state.chart, ...options };
    this.#notify({ type: 'chart' });
  }

  /** What extras a panel wants with progress: { trajectory, vectors, explain, views, network } (null: none). */
  watch(panel, want) {
    if (want) this.#watch.set(panel, want); else this.#watch.delete(panel);
    this.#syncWatch();
  }

  /** The data view's prediction request (charts/dataplot.js viewRequest), or null. */
  view(view) {
    this.#send('setView', { view: view ?? null });
  }

  /** A landscape job ({ axes, resolution, box?, hold? }); returns its id (the replies carry it). */
  landscape(request) {
    const id = ++this.#jobId;
    this.#send('landscape', { id, ...request });
    return id;
  }

  cancelLandscape(id) { this.#send('cancelLandscape', { id }); }

  /** The learning-rate range test ({ minLr, maxLr, steps }); returns its id, or 0 before a session is open. */
  lrFinder(request) {
    if (!this.state.opened) return 0;
    const id = ++this.#jobId;
    this.#send('lrFinder', { id, ...request });
    return id;
  }

  /** One export's text from the engine (kind: export-worker.js EXPORT_KINDS); returns its id. */
  exportText(kind) {
    const id = ++this.#jobId;
    this.#send('export', { id, kind });
    return id;
  }

  /** Checks an imported spec in the engine; returns its id (the validated reply carries it). */
  validate(spec, csv) {
    const id = ++this.#jobId;
    this.#send('validate', csv === undefined || csv === null ? { id, spec } : { id, spec, csv });
    return id;
  }

  /**
   * An imported run (already checked by the engine and normalized): train it from the start.
   * params: initial parameters (a parameters file) or null; csv: { name, text } (a spec file's data.text) or { name, blob } when the spec reads one.
   */
  importRun(spec, issues, { csv = null, params = null } = {}) {
    this.notice('Imported; some values were changed to fit the playground:', issues);
    this.state.initialParams = params ? { params, model: JSON.stringify(spec.model), key: null } : null;
    this.#notify({ type: 'params' });
    this.#wantPlay = false;
    this.state.tab = spec.data.source;
    if (csv && spec.data.source === 'csv') {
      this.state.csv.file = csv.blob ? csv : { name: csv.name, blob: new Blob([csv.text]) };
      this.#commit(spec, { reopen: false });
      this.#parseCsv(this.#specCsvOptions());
      return;
    }
    this.#commit(spec, { reopen: false });
    this.#open();
  }

  /** Forgets imported initial parameters; the next run starts from the seed's weights. */
  forgetParams() {
    this.state.initialParams = null;
    this.#notify({ type: 'params' });
    if (this.state.spec) this.#open();
  }

  /**
   * A CSV file was chosen ({ name, blob }: its bytes; the engine reads them in the worker): nothing
   * trains until it is read; then it trains, or, if it cannot, nothing does (see #useCsv).
   */
  csvFile(file) {
    this.state.csv.file = file;
    this.#parseCsv({}, { defaults: true });
  }

  /** New CSV options (state.js csvOverrides: { target?, features?, task?, delimiter?, ... }): read the file again with them. */
  csvOptions(options) {
    if (this.state.csv.file) this.#parseCsv(options);
  }

  /** A point drawn on the data plot ({ x: [..], y }): the data become drawn points with it added. */
  addPoint(point) {
    const s = this.state;
    const pr = s.problem;
    if (!pr || !s.data) return;
    const round = (v) => Number(v.toPrecision(5));
    const d = s.spec.data;
    let x = [];
    let y = [];
    if (d.source === 'inline') {
      x = d.x.map((r) => [...r]);
      y = [...d.y];
    } else {
      const k = pr.inputs;
      for (const [X, Y] of [[s.data.trainX, s.data.trainY], [s.data.validationX, s.data.validationY]]) {
        for (let i = 0; i < Y.length; i++) {
          x.push(Array.from(X.subarray(i * k, (i + 1) * k), round));
          y.push(pr.task === 'regression' ? round(Y[i]) : Y[i]);
        }
      }
    }
    if (x.length >= LIMITS.inlineRows) { this.notice('Cannot add more points:', [{ message: `the playground keeps at most ${LIMITS.inlineRows} drawn points` }]); return; }
    x.push(point.x.map(round));
    y.push(pr.task === 'regression' ? round(point.y) : point.y);
    this.state.tab = 'inline';
    const { spec, issues } = normalizeSpec({ ...s.spec, data: { source: 'inline', seed: d.seed, task: pr.task === 'regression' ? 'regression' : 'classification', x, y } }, s.registry);
    if (issues.length) this.notice('Adjusted to fit:', issues);
    this.#commit(spec);
  }

  /** The race's challengers (patches on the spec); every run starts over so they race from one start. */
  setPatches(patches, { link = 'push', restart = true } = {}) {
    const race = this.state.race;
    if (!race.setPatches(patches)) return;
    if (link) this.#linkChanged(link === 'push');
    this.#syncWatch();
    if (restart && this.state.opened) this.reset({ play: this.state.running, challengers: true });
    this.#lessonChanged();
  }

  /** Starts race run `index` again from step 0 in a new worker (after its worker failed). */
  restartRun(index) { this.state.race.restartRun(index); }

  /** Opens a lesson by id: its setup and runs, its caption; the host's link follows. */
  openLesson(id) {
    const l = findLesson(id);
    const reg = this.state.registry;
    if (!l || !reg) return;
    const { spec, runs, issues } = lessonSetup(l, reg);
    if (issues.length) this.notice('The lesson had to be adjusted:', issues);
    this.state.lesson = l;
    if (l.pace && !Number.isFinite(this.#options.speed)) this.setSpeed(l.pace);   // a lesson's own watchable pace, unless the host set a speed
    this.state.race.setPatches(runs);
    this.#wantPlay = false;
    this.state.tab = spec.data.source;
    const same = sameSpec(spec, this.state.spec);
    this.#commit(spec, { autoplay: false, link: false });
    if (same && this.state.opened) this.reset({ challengers: true });
    this.#linkChanged(true);
    this.#syncWatch();
    this.#lessonChanged({ opened: true });
  }

  /** The lesson's own setup again. */
  restartLesson() {
    if (this.state.lesson) this.openLesson(this.state.lesson.id);
  }

  /** Leaves the lesson: its caption goes, the setup and the race stay. */
  leaveLesson() {
    this.state.lesson = null;
    this.#linkChanged(false);
    this.#lessonChanged();
  }

  /**
   * Stops the worker and starts a fresh one with the current setup (and the uploaded CSV): the way
   * out of a dead engine and the cancel of any long job. Training starts again from step 0.
   */
  restartEngine() {
    const s = this.state;
    const waiting = this.#engine.waiting();
    const busyWith = this.#engine.health.state === 'busy' ? waiting[0]?.type : null;
    const readingCsv = waiting.some((w) => w.type === 'csv');
    this.#engine.restart(busyWith ? 'cancelled' : 'stopped by a restart of the engine');
    this.#setAppError('');
    if (!s.registry || !s.spec) return;   // it never loaded: the fresh worker's ready starts the setup
    if (s.csv.file && !readingCsv) this.#parseCsv(this.#specCsvOptions(), { quiet: true });
    s.running = false;
    this.#wantPlay = false;
    if (busyWith === 'open' || busyWith === 'reset') {
      // Opening this setup is what took too long: do not start it again by itself.
      this.#token++;
      s.opened = false;
      this.notice('Cancelled:', [{ message: 'preparing the data and the model was stopped. Make the setup smaller (fewer samples, a smaller model), or press Reset to try again.' }]);
      this.#setStatus('stopped', 'Cancelled while preparing the data and the model.');
      return;
    }
    this.notice(busyWith ? 'Cancelled:' : 'The engine was restarted:', [{
      message: `${busyWith ? 'the engine was stopped and started again' : 'your setup, data and settings are as they were'}; training starts over from step 0 (the same seed gives the same numbers).`,
    }]);
    if (s.spec.data.source !== 'csv' || (s.csv.file && !readingCsv)) this.#open();
    else { s.opened = false; this.#setStatus('waiting', 'Choose the CSV file in the Data panel.'); }
  }

  /** A fault from inside the worker (tests only: ?test-hooks=1). */
  testFault(kind, ms) { this.#send('testFault', ms ? { kind, ms } : { kind }); }

  get engineHealth() { return this.#engine.health; }
  get engineGeneration() { return this.#engine.generation; }

  // ---- loading a setup ------------------------------------------------------------------------------
  /**
   * Takes a setup and opens it: { hash } (a playground link, with race runs and a lesson), { spec }
   * (an object, which may carry model.params), { lesson } (an id), or {} (the playground's start).
   * title: the heading of the notice that lists what had to change; issues: problems found before
   * (a broken attribute); csv: { name, blob, note? } a stored file (store.js); steps, autoplay: what the first open
   * does (default: the host's options). A lesson that does not exist falls back to hash or spec.
   * Before the engine is ready, the last load waits for it.
   */
  load(source) {
    if ('steps' in source) this.#options.steps = source.steps;
    if ('autoplay' in source) this.#options.autoplay = source.autoplay;
    if (!this.state.registry) { this.#pending = source; return; }
    this.#pending = null;
    const reg = this.state.registry;
    const issues = [...(source.issues ?? [])];
    let r = null;
    let runs = [];
    let lesson = null;
    let params = null;
    if (source.lesson) {
      lesson = findLesson(source.lesson);
      if (lesson) {
        const s = lessonSetup(lesson, reg);
        r = { spec: s.spec, issues: s.issues };
        runs = s.runs;
      } else {
        issues.push({ path: 'lesson', message: `lesson "${String(source.lesson).slice(0, 40)}" is not available here; ${source.hash || source.spec ? 'using the spec attribute' : 'using the default setup'}` });
      }
    }
    if (!r && source.spec && typeof source.spec === 'object') {
      let obj = source.spec;
      if (obj.model && Array.isArray(obj.model.params)) {
        params = obj.model.params.slice();
        obj = { ...obj, model: { ...obj.model } };
        delete obj.model.params;
      }
      r = normalizeSpec(obj, reg);
    }
    if (!r && typeof source.hash === 'string') {
      const l = readLink(source.hash, reg, source.options ?? {});
      r = { spec: l.spec, issues: l.issues };
      runs = l.runs;
      lesson = l.lesson;
    }
    if (!r) r = normalizeSpec(undefined, reg);
    this.notice(source.title ?? 'Adjusted to fit:', [...issues, ...r.issues]);
    if (!issues.length && !r.issues.length && this.state.notice) this.dismissNotice();
    const s = this.state;
    s.initialParams = params ? { params, model: JSON.stringify(r.spec.model), key: null } : null;
    s.lesson = lesson;
    if (lesson?.pace && !Number.isFinite(this.#options.speed)) this.setSpeed(lesson.pace);
    s.tab = r.spec.data.source;
    if (source.csv) s.csv.file = source.csv;
    this.#firstOpen = true;
    this.#wantPlay = false;
    s.race.setBase(r.spec);
    s.race.setPatches(runs);
    // Data the engine makes itself: the open goes out before the panels lay the setup out (they
    // take a few hundred ms on a start; the worker prepares the session meanwhile).
    const openFirst = r.spec.data.source !== 'csv';
    this.#commit(r.spec, { reopen: false, link: false, openFirst });
    this.#linkChanged(false);
    this.#syncWatch();
    this.#lessonChanged();
    this.#notify({ type: 'params' });
    if (s.spec.data.source === 'csv') {
      if (s.csv.file) this.#parseCsv(this.#specCsvOptions());
      else {
        s.opened = false;
        this.#setStatus('waiting', 'Choose the CSV file in the Data panel.');
        this.#notify({ type: 'csv', waiting: true });
      }
    } else {
      if (s.csv.file && source.csv) this.#parseCsv({}, { quiet: true });
      if (!openFirst) this.#open();
    }
  }

  /** The host's link changed under it (back/forward in the browser): take its setup, runs and lesson. */
  followLink(hash) {
    const s = this.state;
    if (!s.registry) return;
    const l = readLink(hash, s.registry, { task: this.#knownTask() });
    this.notice('The link had values that could not be used; they were changed:', l.issues);
    s.lesson = l.lesson;
    s.tab = l.spec.data.source;
    this.setPatches(l.runs, { link: false });
    this.#commit(l.spec, { link: false });
    this.#lessonChanged();
  }

  /** The link of the current setup (spec, race runs, lesson). */
  link() {
    const s = this.state;
    return s.spec ? writeLink(s.spec, s.race.patches, s.lesson?.id ?? null) : '';
  }

  /** The spec the engine opens: with the imported initial parameters while the model and data are theirs. */
  engineSpec(spec = this.state.spec) {
    const initial = this.state.initialParams;
    if (!initial) return spec;
    const key = keyOf(spec);
    if (initial.key === null && JSON.stringify(spec.model) === initial.model) initial.key = key;
    if (initial.key !== key) {
      this.state.initialParams = null;
      this.#notify({ type: 'params', setAside: true });
      return spec;
    }
    return { ...spec, model: { ...spec.model, params: initial.params } };
  }

  dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const name of [...this.#panels.keys()]) this.unmount(name);
    for (const t of Object.values(this.#timers)) { clearTimeout(t); cancelAnimationFrame(t); }
    this.state.race.dispose();
    this.#engine.dispose();
  }

  // ---- the spec -----------------------------------------------------------------------------------
  #knownTask() {
    const s = this.state;
    return s.spec?.data.source === 'csv' ? s.problem?.task ?? previewTask(s.csv.result) : null;
  }

  /** Takes a new spec: panels, the host's link (after a pause), and a new session. */
  #commit(spec, { reopen = true, autoplay = false, link = true, openFirst = false } = {}) {
    const s = this.state;
    const changed = !sameSpec(spec, s.spec);
    s.spec = spec;
    if (spec.data.source === 'synthetic') s.lastSynthetic = spec.data;
    if (s.registry) s.race.setBase(spec);
    if (openFirst) this.#open();
    this.#notify({ type: 'spec' });
    this.#lessonChanged();
    if (!changed) return;
    this.#host.emit('spec', { spec });
    if (link) {
      clearTimeout(this.#timers.link);
      this.#timers.link = setTimeout(() => this.#linkChanged(true), 350);
    }
    if (reopen) {
      clearTimeout(this.#timers.open);
      this.#wantPlay = autoplay || s.running;
      this.#timers.open = setTimeout(() => this.#open(), 120);
    }
  }

  /** The host's link (URL hash, element attribute...) should now be this; push: a new history entry. */
  #linkChanged(push) {
    clearTimeout(this.#timers.link);
    if (this.state.spec) this.#host.emit('link', { hash: this.link(), push });
  }

  #switchSource(tab) {
    const s = this.state;
    const reg = s.registry;
    const inFn = s.spec.data.source === 'function';
    if (tab === 'function') {
      s.tab = 'function';
      if (!inFn) this.apply(functionSpec(s.spec, reg));
      else this.#notify({ type: 'spec' });
      return;
    }
    // Leaving function mode: the next data starts without function-only training fields.
    const base = inFn ? leaveFunction(s.spec) : s.spec;
    s.tab = tab;
    if (tab === 'synthetic' && base.data.source !== 'synthetic') {
      const { spec, issues } = normalizeSpec({ ...base, data: s.lastSynthetic ?? { ...START.data, seed: base.data.seed } }, reg);
      if (issues.length) this.notice('Adjusted to fit:', issues);
      this.#commit(spec);
    } else if (tab === 'csv' && base.data.source !== 'csv' && s.csv.result && !s.csv.result.cancelled) {
      // The file read before is the data now (if it cannot train, nothing trains).
      this.#useCsv();
    } else {
      if (inFn) s.spec = base;
      this.#notify({ type: 'spec' });
    }
  }

  #lessonChanged({ opened = false } = {}) {
    const s = this.state;
    const l = s.lesson;
    let changed = false;
    if (l && s.registry && s.spec) {
      const setup = lessonSetup(l, s.registry);
      changed = !sameSpec(setup.spec, s.spec) || JSON.stringify(setup.runs) !== JSON.stringify(s.race.patches);
    }
    const key = `${l?.id ?? ''}|${changed}`;
    if (!opened && key === this.#lessonKey) return;
    this.#lessonKey = key;
    s.lessonChanged = changed;
    this.#notify({ type: 'lesson', opened });
  }

  #lessonKey = '';

  // ---- sessions -----------------------------------------------------------------------------------
  #send(type, fields = {}) {
    if (!this.#disposed) this.#engine.send(type, fields);
  }

  #open() {
    const s = this.state;
    clearTimeout(this.#timers.open);
    // A stopped engine opens nothing: its restart opens the setup as it is then.
    if (!s.spec || this.#engine.health.state === 'failed') return;
    s.opened = false;
    s.running = false;
    this.#send('open', { token: ++this.#token, spec: this.engineSpec(s.spec), view: null });
    this.#setStatus('loading', 'Preparing the data and the model…');
  }

  #syncWatch() {
    const w = { trajectory: false, vectors: false, explain: -1 };
    let views = false;
    for (const want of this.#watch.values()) {
      w.trajectory ||= !!want.trajectory;
      w.vectors ||= !!want.vectors;
      if (Number.isInteger(want.explain) && want.explain >= 0) w.explain = want.explain;
      if (Number.isInteger(want.explainSample) && want.explainSample >= 0) w.explainSample = want.explainSample;
      if (want.network) w.network = want.network;
      views ||= !!want.views;
    }
    const key = JSON.stringify(w);
    if (key !== this.#watchKey) { this.#watchKey = key; this.#send('watch', w); }
    this.state.race.setWatch({ trajectory: w.trajectory, views });
  }

  // ---- CSV ----------------------------------------------------------------------------------------
  #specCsvOptions() {
    const d = this.state.spec?.data;
    return d?.source === 'csv' ? csvOverrides(d, this.state.registry) : {};
  }

  /**
   * Sends the file's bytes to the worker to read; quiet: only fill the panel (no switch to it).
   * Otherwise the data is being replaced: the session of the old data stops at once.
   */
  #parseCsv(options, { quiet = false, defaults = false } = {}) {
    const c = this.state.csv;
    const spec = this.state.spec;
    c.options = { ...options };
    this.#csvToken++;
    this.#csvQuiet = quiet ? this.#csvToken : 0;
    if (!quiet) this.#dropSession('loading', `Reading ${c.file.name}…`, [], { reading: c.file.name });
    this.#notify({ type: 'csv', busy: c.file.name });
    // defaults (a file just chosen): the worker also asks the engine what it would choose for this
    // file (model, loss, scaling, optimizer, learning rate; data.defaults), which #useCsv adopts.
    const ask = defaults && spec ? { seed: spec.seed, dataSeed: spec.data.seed, validationSplit: spec.preprocess?.validation_split ?? 0 } : null;
    this.#send('csv', { token: this.#csvToken, name: c.file.name, file: c.file.blob, options: { ...options }, defaults: ask });
  }

  /**
   * Takes the file just read as the data, with the options it was read with: it trains, or, when
   * the engine says it cannot (a file that does not parse, a bad cell, no feature left), nothing
   * trains and the status says why: no other data set stands in for it.
   */
  #useCsv() {
    const s = this.state;
    const r = s.csv.result;
    const data = { source: 'csv', seed: s.spec.data.seed, ...s.csv.options };
    s.tab = 'csv';
    let base = s.spec.data.source === 'function' ? leaveFunction(s.spec) : s.spec;
    // A file just chosen comes with the engine's choices for it (the same the CLI makes for a spec
    // that names none): the controls then show them, and the link carries them.
    const chosen = r.errors.length ? [] : (r.defaults ?? []);
    if (chosen.length) base = adoptDefaults(base, chosen);
    const { spec, issues } = normalizeSpec({ ...base, data }, s.registry, { task: previewTask(r) });
    if (issues.length) this.notice('Adjusted to fit this file:', issues);
    else if (chosen.length) this.notice(`Chosen for ${r.name} (change any of them in the settings):`, chosen.map((d) => ({ path: d.field, message: `${d.field} = ${d.value}: ${d.why}` })));
    this.#commit(spec, { reopen: false });
    if (r.errors.length) this.#dropSession('invalid', `${r.name} cannot train: ${r.errors.map((e) => e.message).join('; ')}`, r.errors);
    else this.#open();
  }

  /**
   * No session from here on (its late messages are ignored): the problem, progress, history and
   * metrics go, the panels clear (an invalid event), and the status says why. extra: more of the
   * event's message (reading: the file being read).
   */
  #dropSession(state, text, errors, extra = {}) {
    const s = this.state;
    clearTimeout(this.#timers.open);
    if (s.running) this.#send('pause');
    this.#wantPlay = false;
    this.#token++;
    Object.assign(s, { opened: false, running: false, problem: null, progress: null, metrics: null, errors });
    s.metricsVersion++;
    s.history.clear();
    this.#notify({ type: 'invalid', message: { errors, ...extra } });
    this.#setStatus(state, text);
    this.#notify({ type: 'charts' });
  }

  // ---- the engine's messages ------------------------------------------------------------------------
  #onMessage(m) {
    const s = this.state;
    const race = s.race;
    switch (m.type) {
      case 'ready': {
        s.engine = { version: m.version, arch: m.arch, probe: m.probe, generation: this.#engine.generation };
        this.#host.emit('ready', s.engine);
        if (s.registry) return;   // a restarted engine (restartEngine reopens the setup)
        s.registry = m.registry;
        race.setRegistry(m.registry);
        this.#send('setSpeed', { stepsPerFrame: s.speed });
        this.#notify({ type: 'ready' });
        if (this.#pending) this.load(this.#pending);
        return;
      }
      case 'opened': {
        if (m.token !== this.#token) return;
        s.opened = true;
        s.problem = m.problem;
        s.data = m.data;
        s.errors = [];
        s.history.clear();
        s.metrics = null;
        s.metricsVersion++;
        s.watched = m.progress.watched ?? null;
        race.observe(m);
        this.#notify({ type: 'opened', message: m });
        this.#syncWatch();
        this.#applyProgress(m.progress);
        this.#host.emit('opened', { problem: m.problem });
        const steps = this.#firstOpen ? this.#options.steps : 0;
        if (steps > 0) {
          this.#firstOpen = false;
          this.step(steps);
        } else if (this.#wantPlay || (this.#firstOpen && this.#options.autoplay)) {
          this.#firstOpen = false;
          this.#wantPlay = false;
          this.play();
        }
        this.#firstOpen = false;
        this.#settled = true;
        if (this.#previewsDue) this.previews();
        return;
      }
      case 'invalid': {
        if (m.token !== this.#token) return;
        s.opened = false;
        s.running = false;
        s.problem = null;
        s.progress = null;
        s.metrics = null;
        s.metricsVersion++;
        s.errors = m.errors;
        s.history.clear();
        race.observe(m);
        this.#notify({ type: 'invalid', message: m });
        this.#setStatus('invalid', m.errors.map((e) => e.message).join('; '));
        this.#notify({ type: 'charts' });
        this.#host.emit('invalid', { errors: m.errors });
        this.#settled = true;
        if (this.#previewsDue) this.previews();
        return;
      }
      case 'progress': {
        if (m.token !== this.#token) return;
        race.observe(m);
        if (m.watched) s.watched = m.watched;
        this.#applyProgress(m);
        return;
      }
      case 'view':
        if (m.token !== this.#token) return;
        race.observe(m);
        this.#notify({ type: 'view', message: m });
        return;
      case 'previews':
        s.previews = m.items;
        this.#notify({ type: 'previews', message: m });
        return;
      case 'csv':
        this.#onCsv(m);
        return;
      case 'error':
        if (m.fatal) return;   // engine/client.js reports it (health), with a restart
        this.#setAppError(m.message);
        s.running = false;
        this.#notify({ type: 'status' });
        this.#host.emit('error', { message: m.message });
        return;
      default:
        // Replies to a panel's request: the panels match the ids they asked with.
        if (REPLIES.includes(m.type)) this.#notify({ type: m.type, message: m });
    }
  }

  #onCsv(m) {
    const s = this.state;
    if (m.token !== this.#csvToken) return;
    s.csv.result = m;
    this.#notify({ type: 'csv', message: m });
    // Quiet: the panel only. Cancelled (an engine restart): restartEngine() says what opens.
    if (m.token === this.#csvQuiet || m.cancelled) return;
    // Kept even when it cannot train: a reload must not bring back an older file in its place.
    this.#host.emit('csv', { file: s.csv.file });
    this.#useCsv();
  }

  #setAppError(text) {
    this.state.appError = text;
    this.#notify({ type: 'notice' });
  }

  /** The engine's health (engine/client.js): nothing while it answers; busy, silent or failed with a way out. */
  #health(h) {
    const s = this.state;
    const { text, action } = healthMessage(h);
    s.health = { ...h, text, action };
    if (h.state === 'failed') {
      s.opened = false;
      s.running = false;
      this.#wantPlay = false;
      this.#setStatus('failed', action ? 'The engine stopped; restart it from the engine\'s message.' : text);
    }
    this.#notify({ type: 'health' });
    this.#host.emit('health', s.health);
  }

  // ---- progress -> state -> panels, at most ~10 times a second --------------------------------------
  /** Takes a progress message in; the panels draw in the next render (see #requestRender). */
  #applyProgress(p) {
    const s = this.state;
    s.history.append(p.history);
    s.history.appendEpochs(p.epochLog);
    const wasRunning = s.progress?.status === 'running';
    s.progress = p;
    s.running = p.running;
    if (p.metrics) { s.metrics = p.metrics; s.metricsVersion++; }
    this.#notify({ type: 'progress', message: p });
    // The run stopped: the host hears it after the progress that shows it (see #render).
    if (wasRunning && p.status !== 'running') this.#doneDue = true;
    this.#requestRender();
  }

  /** { steps, epochs, status, running, loss } of run A (the element's progress property and events). */
  progressSummary() {
    const s = this.state;
    const p = s.progress;
    if (!p) return null;
    const h = s.history;
    return { steps: p.steps, epochs: p.epochs, status: p.status, running: s.running, loss: h.length ? h.loss[h.length - 1] : NaN };
  }

  #requestRender() {
    const t = this.#timers;
    if (t.frame || t.render) return;
    const wait = this.state.running ? RENDER_EVERY_MS - (performance.now() - this.#lastRender) : 0;
    const go = () => { t.render = 0; t.frame = requestAnimationFrame(() => this.#render()); };
    if (wait > 0) t.render = setTimeout(go, wait); else go();
  }

  #render() {
    this.#timers.frame = 0;
    this.#lastRender = performance.now();
    if (!this.state.progress) return;
    this.#updateStatus();
    this.#notify({ type: 'frame' });
    this.#host.emit('progress', this.progressSummary());
    if (this.#doneDue) { this.#doneDue = false; this.#host.emit('done', this.progressSummary()); }
    // The charts draw in the frame after the status and metrics: the DOM's layout and the canvases'
    // drawing in one frame made the first frame of training a main-thread task of ~50 ms.
    if (!this.#timers.charts) this.#timers.charts = requestAnimationFrame(() => { this.#timers.charts = 0; this.#notify({ type: 'charts' }); });
  }

  #setStatus(state, text, title = '') {
    const s = this.state;
    s.status = { ...s.status, state, label: STATE_LABEL[state] ?? state, text: text ?? s.status.text, title };
    this.#notify({ type: 'status' });
  }

  /** The status line from the last progress: counters, loss, and why a run stopped. */
  #updateStatus() {
    const s = this.state;
    const p = s.progress;
    if (!p) return;
    const fn = s.spec.data.source === 'function';
    // Function mode counts every step as an epoch; its run ends after training.steps.
    const parts = fn ? [`step ${int(p.steps)} / ${int(p.totalSteps)}`] : [`epoch ${int(p.epochs)} / ${int(s.spec.training.epochs)}`, `step ${int(p.steps)} / ${int(p.totalSteps)}`, `${int(p.samplesSeen)} samples seen`];
    if (p.running && !fn) parts.push(`${p.samplesPerSecond >= 1e6 ? `${fmt(p.samplesPerSecond / 1e6, 2)}M` : p.samplesPerSecond >= 1e3 ? `${fmt(p.samplesPerSecond / 1e3, 2)}k` : int(p.samplesPerSecond)} samples/s`);
    const h = s.history;
    const last = h.length ? h.loss[h.length - 1] : NaN;
    if (Number.isFinite(last)) parts.push(`${fn ? 'f' : 'loss'} ${fmt(last)}`);
    if (s.spec.schedule.kind !== 'constant' || Math.abs(p.lr - s.spec.optimizer.lr) > 1e-6 * s.spec.optimizer.lr) parts.push(`lr ${short(p.lr)}`);
    let state;
    if (p.status === 'running') state = p.running ? 'running' : p.steps === 0 ? 'ready' : 'paused';
    else state = ['done', 'diverged'].includes(p.status) ? p.status : 'stopped';
    let text = parts.join(' · ');
    // Why it stopped: the engine's first sentence here, all of it in the tooltip (and the banner).
    if (p.status !== 'running' && p.message) text += ` — ${p.message.split(/(?<=\.)\s(?=[A-Z])/)[0].replace(/\.$/, '')}`;
    s.status = { state, label: STATE_LABEL[state] ?? state, text, title: p.message ?? '' };
  }
}

/** A value carries over to a new kind when the new kind has a parameter of that name whose range holds it. */
function fits(v, p) {
  if (v === undefined) return false;
  if (p.type === 'choice') return p.choices.includes(v);
  if (p.type === 'boolean') return typeof v === 'boolean';
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  const lo = p.min ?? -Infinity;
  const hi = p.max ?? Infinity;
  return (p.minExclusive ? v > lo : v >= lo) && (p.maxExclusive ? v < hi : v <= hi);
}

/**
 * The intents a panel may call through ctx.intent(name, ...args): the controller's methods of the
 * same names (see their comments). Nothing else reaches the engine.
 */
const INTENTS = Object.freeze({
  play: Controller.prototype.play,
  pause: Controller.prototype.pause,
  step: Controller.prototype.step,
  epoch: Controller.prototype.epoch,
  reset: Controller.prototype.reset,
  setSpeed: Controller.prototype.setSpeed,
  setLr: Controller.prototype.setLr,
  change: Controller.prototype.change,
  apply: Controller.prototype.apply,
  tryLowerLr: Controller.prototype.tryLowerLr,
  dismissNotice: Controller.prototype.dismissNotice,
  help: Controller.prototype.help,
  previews: Controller.prototype.previews,
  chartOptions: Controller.prototype.chartOptions,
  watch: Controller.prototype.watch,
  view: Controller.prototype.view,
  landscape: Controller.prototype.landscape,
  cancelLandscape: Controller.prototype.cancelLandscape,
  lrFinder: Controller.prototype.lrFinder,
  exportText: Controller.prototype.exportText,
  validate: Controller.prototype.validate,
  importRun: Controller.prototype.importRun,
  forgetParams: Controller.prototype.forgetParams,
  csvFile: Controller.prototype.csvFile,
  csvOptions: Controller.prototype.csvOptions,
  addPoint: Controller.prototype.addPoint,
  setPatches: Controller.prototype.setPatches,
  restartRun: Controller.prototype.restartRun,
  openLesson: Controller.prototype.openLesson,
  restartLesson: Controller.prototype.restartLesson,
  leaveLesson: Controller.prototype.leaveLesson,
  restartEngine: Controller.prototype.restartEngine,
  notice: Controller.prototype.notice,
});

