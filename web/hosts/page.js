// Page wiring: starts the engine worker, keeps the spec (state.js) in the URL hash, builds the
// controls from the registry, and hands what the worker reports to the views and charts.
// Not here: training (worker.js), spec rules (state.js), drawing (views/, charts/).
import './style.css';
import { Engine, healthMessage } from './engine.js';
import { normalizeSpec, newSeed, sameSpec, specFields, LIMITS, START } from './state.js';
import { Controls, short } from './controls.js';
import { DataPlot } from './views/dataplot.js';
import { MetricsPanel } from './views/metrics.js';
import { CsvPanel } from './views/csv.js';
import { LineChart, fmt, int } from './charts/linechart.js';
import { TrainingHistory, thin, alignTo } from './charts/series.js';
import { SERIES, markerSwatch } from './palette.js';
import * as store from './store.js';
import { EMBED } from './embed/mode.js';
import { setupExport } from './export.js';
import { setupFeatures, readLink, writeLink } from './features.js';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);

const app = {
  registry: null,
  spec: null,
  token: 0,
  opened: false,
  problem: null,
  data: null,
  progress: null,
  running: false,
  wantPlay: false,
  tab: 'synthetic',
  csv: null,            // { name, text }: the uploaded file
  csvResult: null,      // the worker's csv message for it
  csvToken: 0,
  csvQuiet: 0,          // the token of a background parse (a stored file, not chosen now)
  csvOptions: {},       // { target, features, task, header } of the last parse
  pendingMetrics: null, // metrics not drawn yet
  lastSynthetic: null,
  addClass: 0,
  testSteps: Number.isInteger(Number(query.get('steps'))) && Number(query.get('steps')) > 0 ? Number(query.get('steps')) : 0,
};

// ---- the worker (engine.js notices when it is stuck or gone) ------------------------------------
let features = null;   // race, landscape, function mode, explain, LR finder, lessons (features.js)
const engine = new Engine(() => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }), {
  // Before the transfer empties the message's arrays.
  onSend: (m) => features?.mirror(m),
  onMessage(m) {
    try {
      onMessage[m.type](m);
      features?.observe(m);
    } catch (err) {
      showAppError(`The page could not show the engine's "${m.type}" message: ${err.message}`);
    }
  },
  onHealth: (h) => showHealth(h),
});
const send = (type, fields = {}) => engine.send(type, fields);
if (query.get('test-hooks') === '1') {
  // For tests/e2e/faults.test.mjs: break the worker the way real faults do.
  window.descentTestHooks = {
    fault: (kind, ms) => send('testFault', ms ? { kind, ms } : { kind }), health: () => engine.health, generation: () => engine.generation,
    raceFault: (index, kind) => features?.raceFault(index, kind),
  };
}

// ---- views --------------------------------------------------------------------------------------
const history = new TrainingHistory();
const plot = new DataPlot($('data-plot'), $('data-legend'), { onAdd: addPoint });
const metrics = new MetricsPanel($('metrics'));
metrics.clear();
const lossChart = new LineChart($('loss-chart'), {
  yLabel: 'loss', log: $('loss-log').checked, height: 240,
  series: [
    { label: 'train (per step)', stroke: SERIES.trainRaw, width: 1 },
    { label: 'train (smoothed)', stroke: SERIES.train, width: 2 },
    { label: 'validation (per epoch)', stroke: SERIES.validation, width: 2, points: true, spanGaps: true, dash: [6, 4] },
  ],
});
const gradChart = new LineChart($('grad-chart'), { yLabel: '‖g‖', log: true, height: 160, series: [{ label: '‖g‖', stroke: SERIES.gradRaw, width: 1 }, { label: 'smoothed', stroke: SERIES.grad, width: 2 }] });
const lrChart = new LineChart($('lr-chart'), { yLabel: 'lr', log: false, height: 160, series: [{ label: 'lr', stroke: SERIES.lr, width: 2 }] });
let controls = null;
let csvPanel = null;

// ---- notices ------------------------------------------------------------------------------------
function showNotice(title, issues) {
  if (!issues.length) return;
  $('notice-title').textContent = title;
  $('notice-list').replaceChildren(...issues.map((i) => { const li = document.createElement('li'); li.textContent = i.message; return li; }));
  $('notice').hidden = false;
}
$('notice-close').addEventListener('click', () => { $('notice').hidden = true; });

function showSpecErrors(errors) {
  const box = $('spec-errors');
  if (!errors?.length) { box.hidden = true; return; }
  $('spec-errors-list').replaceChildren(...errors.map((e) => { const li = document.createElement('li'); li.textContent = e.message; return li; }));
  box.hidden = false;
}

function showAppError(text) {
  const box = $('app-error');
  box.textContent = text;
  box.hidden = !text;
}

function announce(text) { $('announce').textContent = text; }

/** The engine's health (engine.js): nothing while it answers; busy, silent or failed with a way out. */
function showHealth(h) {
  const box = $('engine-health');
  const button = $('engine-restart');
  const { text, action: label } = healthMessage(h);
  if (h.state === 'failed') {
    app.opened = false;
    app.running = false;
    app.wantPlay = false;
    setState('failed', 'The engine stopped; restart it from the message at the bottom of the page.');
    updateButtons();
  }
  $('engine-health-text').textContent = text;
  button.textContent = label;
  button.hidden = !label;
  box.dataset.state = h.state;
  box.classList.toggle('danger', h.state === 'failed' || h.state === 'silent');
  box.hidden = !text;
  if (h.state === 'failed' || h.state === 'silent') announce(text);
}

/**
 * Stops the worker and starts a fresh one with the current spec (and the uploaded CSV): the way
 * out of a dead engine and the cancel of any long job. Training starts again from step 0.
 */
function restartEngine() {
  const h = engine.health.state;
  const busyWith = h === 'busy' ? engine.waiting()[0]?.type : null;
  const readingCsv = engine.waiting().some((w) => w.type === 'csv');
  engine.restart(busyWith ? 'cancelled' : 'stopped by a restart of the engine');
  showAppError('');
  if (!app.registry) return;   // it never loaded: the fresh worker's ready starts the page
  if (app.csv && !readingCsv) parseCsv(specCsvOptions(), { quiet: true });
  app.running = false;
  app.wantPlay = false;
  if (busyWith === 'open' || busyWith === 'reset') {
    // Opening this setup is what took too long: do not start it again by itself.
    app.token++;
    app.opened = false;
    showNotice('Cancelled:', [{ message: 'preparing the data and the model was stopped. Make the setup smaller (fewer samples, a smaller model), or press Reset to try again.' }]);
    setState('stopped', 'Cancelled while preparing the data and the model.');
    updateButtons();
    return;
  }
  showNotice(busyWith ? 'Cancelled:' : 'The engine was restarted:', [{
    message: `${busyWith ? 'the engine was stopped and started again' : 'your setup, data and settings are as they were'}; training starts over from step 0 (the same seed gives the same numbers).`,
  }]);
  if (app.spec.data.source !== 'csv' || (app.csv && !readingCsv)) open();
  else { app.opened = false; setState('waiting', 'Choose the CSV file in the Data panel.'); updateButtons(); }
}
$('engine-restart').addEventListener('click', restartEngine);

function setHelp({ title, text, formula, source, range }) {
  const body = [];
  const h = document.createElement('h3');
  h.textContent = title;
  body.push(h);
  if (text) { const p = document.createElement('p'); p.textContent = text; body.push(p); }
  if (range) { const p = document.createElement('p'); p.className = 'muted'; p.textContent = `Range: ${range}`; body.push(p); }
  if (formula) { const c = document.createElement('code'); c.className = 'formula-block'; c.textContent = formula; body.push(c); }
  if (source) { const p = document.createElement('p'); p.className = 'muted'; p.textContent = `Source: ${source}`; body.push(p); }
  $('help-body').replaceChildren(...body);
}

// ---- spec changes -------------------------------------------------------------------------------
let openTimer = 0;
let urlTimer = 0;
let saveTimer = 0;

function context() {
  return { tab: app.tab, task: app.spec?.data.source === 'csv' ? app.csvResult?.problem?.task ?? null : null, problem: app.problem };
}

function renderControls() {
  if (!controls) return;
  controls.render(app.spec, context());
  $('synthetic-panel').hidden = app.tab !== 'synthetic';
  $('csv-panel').hidden = app.tab !== 'csv';
  $('inline-panel').hidden = app.tab !== 'inline';
  if (app.spec.data.source === 'inline') {
    const d = app.spec.data;
    $('inline-summary').textContent = `${d.x.length} drawn ${d.task === 'regression' ? 'points' : `points in ${new Set(d.y).size} classes`}.`;
  }
  syncLiveLr();
  features?.render(app.spec, app.tab);
}

/** Takes a new spec: controls, URL (pushState after a pause), storage, and a new session. */
function commit(spec, { reopen = true, push = true, autoplay = false } = {}) {
  const changed = !sameSpec(spec, app.spec);
  app.spec = spec;
  if (spec.data.source === 'synthetic') app.lastSynthetic = spec.data;
  renderControls();
  if (!changed) return;
  if (push) {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      const hash = writeLink(app.spec);
      // An embed (iframe) must not add entries to the host page's history.
      if (location.hash !== hash) window.history[EMBED ? 'replaceState' : 'pushState'](null, '', hash);
    }, 350);
  }
  clearTimeout(saveTimer);
  if (!EMBED) saveTimer = setTimeout(() => store.saveSpec(app.spec), 500);
  if (reopen) {
    clearTimeout(openTimer);
    app.wantPlay = autoplay || app.running;
    openTimer = setTimeout(open, 120);
  }
}

/** Applies one control change (path, value) and validates the result. */
function change(path, value) {
  const reg = app.registry;
  const prev = app.spec;
  const next = structuredClone(prev);
  const [section, field] = path.split('.');
  const keep = (from, params) => Object.fromEntries(params.filter((p) => from[p.name] !== undefined).map((p) => [p.name, from[p.name]]));
  if (path === 'data.source') { switchSource(value); return; }
  if (path === 'data.seed' && value === 'new') next.data.seed = newSeed();
  else if (path === 'data.generator') {
    const g = reg.generators.find((x) => x.id === value);
    next.data = { source: 'synthetic', generator: value, seed: prev.data.seed, ...keep(prev.data, g.params.filter((p) => ['samples', 'noise', 'classes', 'imbalance', 'scale', 'outliers'].includes(p.name))) };
  } else if (path === 'model.kind') {
    const m = reg.models.find((x) => x.id === value);
    next.model = { kind: value, ...(m.hiddenLayers ? { hidden: prev.model.hidden ?? [...START.model.hidden] } : {}), ...keep(prev.model, m.params) };
  } else if (path === 'loss.kind') {
    if (value === 'auto') delete next.loss; else next.loss = { kind: value };
  } else if (path === 'optimizer.kind') {
    const o = reg.optimizers.find((x) => x.id === value);
    next.optimizer = { kind: value, ...keep(prev.optimizer, o.params.filter((p) => p.name === 'lr' || p.name === 'weight_decay')) };
  } else if (path === 'schedule.kind') {
    next.schedule = { kind: value };
  } else if (field === undefined) {
    next[section] = value;
  } else {
    next[section] = { ...next[section], [field]: value };
  }
  const { spec, issues } = normalizeSpec(next, reg, { task: context().task });
  if (issues.length) showNotice('Adjusted to fit:', issues);
  // A new learning rate mid-run changes the running session instead of starting over.
  const lrOnly = path === 'optimizer.lr' && sameSpec({ ...spec, optimizer: { ...spec.optimizer, lr: 0 } }, { ...prev, optimizer: { ...prev.optimizer, lr: 0 } });
  if (lrOnly && app.opened && (app.progress?.steps ?? 0) > 0 && app.progress?.status === 'running') {
    commit(spec, { reopen: false });
    send('setLr', { lr: spec.optimizer.lr });
    return;
  }
  commit(spec);
}

function switchSource(tab) {
  if (features?.switchSource(tab)) return;
  app.tab = tab;
  if (tab === 'synthetic' && app.spec.data.source !== 'synthetic') {
    const { spec, issues } = normalizeSpec({ ...app.spec, data: app.lastSynthetic ?? { ...START.data, seed: app.spec.data.seed } }, app.registry);
    if (issues.length) showNotice('Adjusted to fit:', issues);
    commit(spec);
  } else if (tab === 'csv' && app.spec.data.source !== 'csv' && app.csvResult && !app.csvResult.errors.length) {
    useCsv();
  } else {
    renderControls();
  }
}

// ---- sessions -----------------------------------------------------------------------------------
function open() {
  clearTimeout(openTimer);
  app.token++;
  app.opened = false;
  app.running = false;
  send('open', { token: app.token, spec: exporter.engineSpec(app.spec), view: null });
  setState('loading', 'Preparing the data and the model…');
  updateButtons();
}

function play() {
  if (!app.opened) { app.wantPlay = true; return; }
  const st = app.progress?.status;
  if (st && st !== 'running') {
    app.wantPlay = true;
    app.token++;
    send('reset', { token: app.token });
    return;
  }
  app.running = true;
  send('play');
  updateButtons();
}

function pause() {
  app.wantPlay = false;
  app.running = false;
  send('pause');
  updateButtons();
}

const onMessage = {
  ready(m) {
    const status = $('engine-status');
    status.textContent = `Engine ${m.version} loaded: ${m.arch === 'wasm' ? 'WebAssembly SIMD' : m.arch} (xsimd arch "${m.arch}"), kernel probe ${m.probe}`;
    status.dataset.arch = m.arch;
    status.dataset.probe = m.probe;
    status.dataset.ready = 'true';
    status.dataset.generation = String(engine.generation);
    if (app.registry) return;   // a restarted engine (restartEngine reopens the session)
    app.registry = m.registry;
    start().catch((e) => showAppError(`The page failed to start: ${e.message}`));
  },
  opened(m) {
    if (m.token !== app.token) return;
    app.opened = true;
    app.problem = m.problem;
    app.data = m.data;
    showSpecErrors([]);
    history.clear();
    app.pendingMetrics = null;
    const pr = m.problem;
    // Function mode has no data to show: the landscape card draws the function (features.js).
    const view = pr.functionMode ? null : plot.setScene({
      inputs: pr.inputs, task: pr.task, classes: pr.classes, classNames: pr.classNames, output: pr.output,
      featureNames: pr.featureNames, targetName: pr.targetNames[0],
      train: { x: m.data.trainX, y: m.data.trainY }, validation: { x: m.data.validationX, y: m.data.validationY },
      addable: app.spec.data.source !== 'csv',
    });
    send('setView', { view });
    renderAddPoints();
    $('problem-notes').textContent = pr.notes.join(' ');
    renderControls();
    applyProgress(m.progress);
    if (app.testSteps) {
      const n = app.testSteps;
      app.testSteps = 0;
      send('step', { steps: n });
    } else if (app.wantPlay) {
      app.wantPlay = false;
      play();
    }
  },
  invalid(m) {
    if (m.token !== app.token) return;
    app.opened = false;
    app.running = false;
    app.problem = null;
    app.progress = null;
    showSpecErrors(m.errors);
    plot.clear('This setup cannot train; see the message above.');
    metrics.clear('No metrics: the setup cannot train.');
    history.clear();
    drawCharts(true);
    setState('invalid', m.errors.map((e) => e.message).join('; '));
    updateButtons();
  },
  progress(m) {
    if (m.token !== app.token) return;
    applyProgress(m);
  },
  view(m) {
    if (m.token !== app.token) return;
    plot.setPrediction(m.kind, m.result);
  },
  previews(m) {
    controls?.setPreviews(m.items);
  },
  csv(m) {
    if (m.token !== app.csvToken) return;
    app.csvResult = m;
    csvPanel.render(m, app.csvOptions);
    if (m.token === app.csvQuiet) return;
    if (m.errors.length) {
      if (app.spec.data.source === 'csv') {
        // The file (or these options) cannot train: stop the old session and say why.
        pause();
        app.token++;
        app.opened = false;
        showSpecErrors(m.errors);
        setState('invalid', m.errors.map((e) => e.message).join('; '));
        updateButtons();
      }
      return;
    }
    store.saveCsv(app.csv);
    useCsv();
  },
  error(m) {
    if (m.fatal) return;   // engine.js reports it (showHealth), with a restart
    showAppError(m.message);
    app.running = false;
    updateButtons();
  },
  exported(m) { exporter.onExported(m); },
  validated(m) { exporter.onValidated(m); },
  landscape(m) { features?.onMessage(m); },
  lrFinder(m) { features?.onMessage(m); },
};

/** Takes a progress message in; the DOM follows in the next render (see requestRender). */
function applyProgress(p) {
  history.append(p.history);
  history.appendEpochs(p.epochLog);
  app.progress = p;
  app.running = p.running;
  if (p.metrics) app.pendingMetrics = p.metrics;
  requestRender();
}

// ---- rendering: one DOM update per frame, at most ~10 a second while training ------------------
// Progress arrives ~60 times a second; the page redraws status, metrics and charts together, so
// the browser lays out and paints once per render, not once per message.
let renderFrame = 0;
let renderTimer = 0;
let lastRender = 0;
const RENDER_EVERY_MS = 100;

function requestRender() {
  if (renderFrame || renderTimer) return;
  const wait = app.running ? RENDER_EVERY_MS - (performance.now() - lastRender) : 0;
  const go = () => { renderTimer = 0; renderFrame = requestAnimationFrame(render); };
  if (wait > 0) renderTimer = setTimeout(go, wait); else go();
}

function render() {
  renderFrame = 0;
  lastRender = performance.now();
  const p = app.progress;
  if (!p) return;
  if (app.pendingMetrics && app.problem) {
    metrics.render(app.pendingMetrics, app.problem.task, app.problem.classNames);
    app.pendingMetrics = null;
  }
  if (p.status === 'diverged') {
    $('divergence-message').textContent = p.message;
    $('try-lower-lr').textContent = `Try lr/10 (${short(app.spec.optimizer.lr / 10)})`;
    $('divergence').hidden = false;
  } else {
    $('divergence').hidden = true;
  }
  updateStatus();
  updateButtons();
  requestCharts();
}

// The charts draw in the frame after the status and metrics: the DOM's layout and the canvases'
// drawing in one frame made the first frame of training a main-thread task of ~50 ms.
let chartsFrame = 0;
function requestCharts() {
  if (!chartsFrame) chartsFrame = requestAnimationFrame(() => { chartsFrame = 0; drawCharts(); });
}

// ---- status and buttons -------------------------------------------------------------------------
const STATE_LABEL = { failed: 'Engine stopped', loading: 'Loading', ready: 'Ready', running: 'Training', paused: 'Paused', done: 'Finished', diverged: 'Diverged', stopped: 'Stopped', invalid: 'Cannot train', waiting: 'Waiting for data' };

function setState(state, text) {
  const s = $('status');
  const previous = s.dataset.state;
  s.dataset.state = state;
  $('status-state').textContent = STATE_LABEL[state] ?? state;
  if (text !== undefined) $('status-text').textContent = text;
  if (previous !== state && state !== 'running' && state !== 'loading') announce(`${STATE_LABEL[state] ?? state}. ${$('status-text').textContent}`);
}

function updateStatus() {
  const p = app.progress;
  if (!p) return;
  const s = $('status');
  // Function mode counts every step as an epoch; its run ends after training.steps.
  const epochs = app.spec.data.source === 'function' ? p.totalSteps : app.spec.training.epochs;
  const parts = [`epoch ${int(p.epochs)} / ${int(epochs)}`, `step ${int(p.steps)} / ${int(p.totalSteps)}`, `${int(p.samplesSeen)} samples seen`];
  if (p.running) parts.push(`${p.samplesPerSecond >= 1e6 ? `${(p.samplesPerSecond / 1e6).toFixed(1)}M` : p.samplesPerSecond >= 1e3 ? `${(p.samplesPerSecond / 1e3).toFixed(1)}k` : int(p.samplesPerSecond)} samples/s`);
  const lastLoss = history.length ? history.loss[history.length - 1] : NaN;
  if (Number.isFinite(lastLoss)) parts.push(`loss ${fmt(lastLoss)}`);
  if (app.spec.schedule.kind !== 'constant' || Math.abs(p.lr - app.spec.optimizer.lr) > 1e-6 * app.spec.optimizer.lr) parts.push(`lr ${fmt(p.lr)}`);
  let state;
  if (p.status === 'running') state = p.running ? 'running' : p.steps === 0 ? 'ready' : 'paused';
  else state = ['done', 'diverged'].includes(p.status) ? p.status : 'stopped';
  let text = parts.join(' · ');
  // Why it stopped: the engine's first sentence here, all of it in the tooltip (and the banner).
  if (p.status !== 'running' && p.message) text += ` — ${p.message.split(/(?<=\.)\s(?=[A-Z])/)[0].replace(/\.$/, '')}`;
  $('status-text').title = p.message ?? '';
  setState(state, text);
  s.dataset.status = p.status;
  s.dataset.step = String(p.steps);
  s.dataset.epoch = String(p.epochs);
  s.dataset.stepsPerEpoch = String(p.stepsPerEpoch);
  s.dataset.totalSteps = String(p.totalSteps);
  s.dataset.samples = String(p.samplesSeen);
  s.dataset.samplesPerSecond = String(Math.round(p.samplesPerSecond));
  s.dataset.lr = String(p.lr);
  s.dataset.message = p.message ?? '';
  s.dataset.loss = history.length ? String(history.loss[history.length - 1]) : '';
  s.dataset.historyStride = String(history.stride);
  const e = history.epochs;
  s.dataset.epochLoss = e.trainLoss.length ? String(e.trainLoss[e.trainLoss.length - 1]) : '';
  s.dataset.valLoss = e.valLoss.length && Number.isFinite(e.valLoss[e.valLoss.length - 1]) ? String(e.valLoss[e.valLoss.length - 1]) : '';
}

function updateButtons() {
  const ready = !!app.registry && app.opened;
  const st = app.progress?.status;
  const playBtn = $('play');
  playBtn.disabled = !ready;
  playBtn.setAttribute('aria-pressed', String(app.running));
  playBtn.querySelector('.label').textContent = app.running ? 'Pause' : st && st !== 'running' ? 'Restart' : 'Play';
  playBtn.classList.toggle('playing', app.running);
  $('step').disabled = !ready || st !== 'running';
  $('epoch').disabled = !ready || st !== 'running';
  $('reset').disabled = !ready && !app.spec;
  $('new-seed').disabled = !app.spec;
  $('live-lr').disabled = !app.spec;
  $('live-lr-slider').disabled = !app.spec;
}

// ---- charts -------------------------------------------------------------------------------------
function drawCharts(clear = false) {
  // The charts stay on the page while empty: uPlot is built (and its code compiled) when a
  // session opens, not in the first frame of training, and nothing moves when the curves arrive.
  const empty = clear || !history.length;
  $('charts-empty').hidden = !empty;
  $('charts-body').classList.toggle('empty', empty);
  if (empty) {
    lossChart.setData([], [[], [], []]);
    gradChart.setData([], [[], []]);
    lrChart.setData([], [[]]);
    return;
  }
  const w = Number($('smoothing').value);
  const idx = thin(history.loss, 2400);
  const x = idx.map((i) => history.stepAt(i));
  const sm = history.smoothed('loss', w);
  const e = history.epochs;
  lossChart.setData(x, [idx.map((i) => history.loss[i]), idx.map((i) => sm[i]), alignTo(x, e.step, e.valLoss)]);
  const gi = thin(history.gradNorm, 1600);
  const gs = history.smoothed('gradNorm', w);
  gradChart.setData(gi.map((i) => history.stepAt(i)), [gi.map((i) => history.gradNorm[i]), gi.map((i) => gs[i])]);
  const showLr = app.spec.schedule.kind !== 'constant' || history.lrVaries();
  $('lr-figure').hidden = !showLr;
  if (showLr) {
    const li = thin(history.lr, 1600);
    lrChart.setData(li.map((i) => history.stepAt(i)), [li.map((i) => history.lr[i])]);
  }
  const last = history.loss[history.length - 1];
  const val = e.valLoss.length ? e.valLoss[e.valLoss.length - 1] : NaN;
  $('loss-chart').setAttribute('aria-label', `Loss by step: training ${fmt(last)} at step ${history.stepAt(history.length - 1)}${Number.isFinite(val) ? `, validation ${fmt(val)} after epoch ${e.step.length}` : ''}`);
}

$('loss-log').addEventListener('change', () => lossChart.setLog($('loss-log').checked));
$('smoothing').addEventListener('input', () => { $('smoothing-value').textContent = $('smoothing').value; drawCharts(); });

// ---- the toolbar --------------------------------------------------------------------------------
$('play').addEventListener('click', () => (app.running ? pause() : play()));
$('step').addEventListener('click', () => { app.running = false; send('step', { steps: 1 }); });
$('epoch').addEventListener('click', () => { app.running = false; send('epoch'); });
$('reset').addEventListener('click', () => {
  app.wantPlay = false;
  if (!app.opened) { open(); return; }
  app.token++;
  app.running = false;
  send('reset', { token: app.token });
});
$('new-seed').addEventListener('click', () => change('seed', newSeed()));
$('speed').addEventListener('change', () => send('setSpeed', { stepsPerFrame: Number($('speed').value) }));
$('try-lower-lr').addEventListener('click', () => {
  const next = structuredClone(app.spec);
  next.optimizer.lr = app.spec.optimizer.lr / 10;
  const { spec, issues } = normalizeSpec(next, app.registry, { task: context().task });
  if (issues.length) showNotice('Adjusted to fit:', issues);
  $('divergence').hidden = true;
  commit(spec, { autoplay: true });
});
$('copy-link').addEventListener('click', async () => {
  if (!app.spec) return;
  const u = new URL(location.href);
  u.searchParams.delete('steps');
  u.hash = writeLink(app.spec);
  const url = u.href;
  try {
    await navigator.clipboard.writeText(url);
    $('copy-feedback').textContent = 'Link copied';
  } catch {
    $('copy-feedback').textContent = 'Copy the address bar: it holds the whole setup';
  }
  setTimeout(() => { $('copy-feedback').textContent = ''; }, 2500);
});

// The live learning-rate slider (log scale over the optimizer's lr range from the registry).
function lrParam() {
  return app.registry?.optimizers.find((o) => o.id === app.spec?.optimizer.kind)?.params.find((p) => p.name === 'lr');
}
function syncLiveLr() {
  const p = lrParam();
  const box = $('live-lr');
  const slider = $('live-lr-slider');
  if (!p) return;
  const lo = Math.log10(p.uiMin ?? p.min);
  const hi = Math.log10(p.uiMax ?? p.max);
  const v = app.spec.optimizer.lr;
  if (document.activeElement !== box) box.value = String(v);
  if (document.activeElement !== slider) slider.value = String(((Math.log10(v) - lo) / (hi - lo)) * 1000);
  slider.setAttribute('aria-valuetext', short(v));
  box.min = String(p.min);
  box.max = String(p.max);
}
$('live-lr-slider').addEventListener('input', () => {
  const p = lrParam();
  const lo = Math.log10(p.uiMin ?? p.min);
  const hi = Math.log10(p.uiMax ?? p.max);
  const v = Number((10 ** (lo + (Number($('live-lr-slider').value) / 1000) * (hi - lo))).toPrecision(2));
  $('live-lr').value = String(v);
  change('optimizer.lr', v);
});
$('live-lr').addEventListener('change', () => {
  const v = Number($('live-lr').value);
  if (Number.isFinite(v) && v > 0) change('optimizer.lr', v);
});

// ---- CSV ----------------------------------------------------------------------------------------
function specCsvOptions() {
  const d = app.spec?.data;
  return d?.source === 'csv' ? { target: d.target, features: d.features, task: d.task, header: d.header } : {};
}

/** Sends the file to the worker for parsing; quiet: only fill the panel (no switch to it). */
function parseCsv(options, { quiet = false } = {}) {
  app.csvOptions = { ...options };
  app.csvToken++;
  app.csvQuiet = quiet ? app.csvToken : 0;
  csvPanel.busy(app.csv.name);
  send('csv', { token: app.csvToken, name: app.csv.name, text: app.csv.text, options: { ...options } });
}

/** The parsed CSV is good: train on it with the options it was parsed with. */
function useCsv() {
  const r = app.csvResult;
  const opts = app.csvOptions;
  const data = {
    source: 'csv', seed: app.spec.data.seed, target: opts.target || r.problem.targetNames[0],
    features: opts.features ?? [], task: opts.task ?? 'auto', header: opts.header ?? 'auto',
  };
  app.tab = 'csv';
  const { spec, issues } = normalizeSpec({ ...app.spec, data }, app.registry, { task: r.problem.task });
  if (issues.length) showNotice('Adjusted to fit this file:', issues);
  commit(spec, { reopen: false });
  open();
}

// ---- drawn points -------------------------------------------------------------------------------
const round = (v) => Number(v.toPrecision(5));

function renderAddPoints() {
  const box = $('add-points');
  box.hidden = !plot.addable;
  if (!plot.addable) return;
  const pr = app.problem;
  const group = $('add-class');
  if (pr.task === 'regression') {
    $('add-points-label').textContent = 'Click (or focus the plot and press Enter) to add a point';
    group.replaceChildren();
    return;
  }
  $('add-points-label').textContent = 'Click to add a point of class:';
  const n = Math.min(LIMITS.inlineClasses, pr.classes);
  app.addClass = Math.min(app.addClass, n - 1);
  const items = [];
  for (let k = 0; k < n; k++) {
    const id = `add-class-${k}`;
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = 'add-class';
    input.id = id;
    input.checked = k === app.addClass;
    input.addEventListener('change', () => { app.addClass = k; plot.addClass = k; });
    const label = document.createElement('label');
    label.htmlFor = id;
    label.append(markerSwatch(k, 12));
    const span = document.createElement('span');
    span.textContent = pr.classNames[k] ?? String(k);
    label.append(span);
    items.push(input, label);
  }
  group.replaceChildren(...items);
  plot.addClass = app.addClass;
}

function addPoint(point) {
  const pr = app.problem;
  if (!pr || !app.data) return;
  const d = app.spec.data;
  let x;
  let y;
  if (d.source === 'inline') {
    x = d.x.map((r) => [...r]);
    y = [...d.y];
  } else {
    x = [];
    y = [];
    const k = pr.inputs;
    for (const [X, Y] of [[app.data.trainX, app.data.trainY], [app.data.validationX, app.data.validationY]]) {
      for (let i = 0; i < Y.length; i++) {
        x.push(Array.from(X.subarray(i * k, (i + 1) * k), round));
        y.push(pr.task === 'regression' ? round(Y[i]) : Y[i]);
      }
    }
  }
  if (x.length >= LIMITS.inlineRows) { showNotice('Cannot add more points:', [{ message: `the playground keeps at most ${LIMITS.inlineRows} drawn points` }]); return; }
  x.push(point.x.map(round));
  y.push(pr.task === 'regression' ? round(point.y) : point.y);
  app.tab = 'inline';
  const { spec, issues } = normalizeSpec({ ...app.spec, data: { source: 'inline', seed: d.seed, task: pr.task === 'regression' ? 'regression' : 'classification', x, y } }, app.registry);
  if (issues.length) showNotice('Adjusted to fit:', issues);
  commit(spec);
}

// ---- export and import (export.js) -------------------------------------------------------------
/** An imported spec (already checked by the engine and normalized): train it from the start. */
function importRun(spec, issues, csv) {
  showNotice('Imported; some values were changed to fit the playground:', issues);
  app.wantPlay = false;
  app.tab = spec.data.source;
  if (csv && spec.data.source === 'csv') {
    app.csv = csv;
    commit(spec, { reopen: false });
    parseCsv(specCsvOptions());
    return;
  }
  commit(spec, { reopen: false });
  open();
}
const exporter = setupExport($('output'), {
  send, history, registry: () => app.registry, spec: () => app.spec, progress: () => app.progress,
  applyImport: importRun, reopen: () => { if (app.spec) open(); },
});

// ---- start --------------------------------------------------------------------------------------
async function start() {
  const reg = app.registry;
  const stored = EMBED ? {} : await store.load();
  let r;
  let title = 'The link had values that could not be used; they were changed:';
  if (location.hash.length > 1) r = readLink(location.hash, reg);
  else if (stored.spec) { r = normalizeSpec(stored.spec, reg); title = 'The saved settings had values that could not be used; they were changed:'; }
  else r = normalizeSpec(undefined, reg);
  showNotice(title, r.issues);
  app.spec = r.spec;
  app.tab = r.spec.data.source;
  if (stored.csv) app.csv = stored.csv;
  window.history.replaceState(null, '', writeLink(app.spec));
  if (!EMBED) store.saveSpec(app.spec);

  controls = new Controls(reg, {
    source: $('source'), generators: $('generators'), generatorParams: $('generator-params'), preprocess: $('preprocess'),
    model: $('model'), loss: $('loss'), optimizer: $('optimizer'), schedule: $('schedule'), training: $('training'),
  }, { onChange: change, onHelp: setHelp });
  csvPanel = new CsvPanel($('csv-panel'), {
    fields: specFields(reg),
    onFile(file) { app.csv = file; parseCsv({}); },
    onOptions(options) { parseCsv(options); },
  });
  features = setupFeatures({
    app, registry: reg, send, commit, render: renderControls, change, showNotice, embed: EMBED,
    apply(next) {
      const { spec, issues } = normalizeSpec(next, reg, { task: context().task });
      if (issues.length) showNotice('Adjusted to fit:', issues);
      commit(spec);
    },
    // Start every run over (the race changed), playing on if it was playing.
    reset() {
      const playing = app.running;
      if (!app.opened) { open(); return; }
      app.token++;
      app.running = false;
      app.wantPlay = playing;
      send('reset', { token: app.token });
    },
  });
  if (app.spec.data.source === 'synthetic') app.lastSynthetic = app.spec.data;
  renderControls();
  send('setSpeed', { stepsPerFrame: Number($('speed').value) });
  send('previews', { seed: 7, generators: reg.generators.map((g) => ({ id: g.id, params: { samples: 150 } })) });

  if (app.spec.data.source === 'csv') {
    if (app.csv) parseCsv(specCsvOptions());
    else {
      const cols = [app.spec.data.target, ...app.spec.data.features].filter(Boolean);
      csvPanel.empty(`This setup trains on a CSV file${cols.length ? ` (columns ${cols.join(', ')})` : ''}. Links do not carry the file: choose it again.`);
      plot.clear('Upload the CSV file to train');
      setState('waiting', 'Choose the CSV file in the Data panel.');
    }
  } else {
    csvPanel.empty('');
    if (app.csv) parseCsv({}, { quiet: true });
    open();
  }
  updateButtons();
}

window.addEventListener('popstate', () => {
  if (!app.registry) return;
  const r = readLink(location.hash, app.registry, { task: app.spec?.data.source === 'csv' ? context().task : null });
  showNotice('The link had values that could not be used; they were changed:', r.issues);
  app.tab = r.spec.data.source;
  commit(r.spec, { push: false });
});
