// The engine worker: owns the wasm module and the one training session. Trains in chunks of about
// 12 ms per ~16 ms frame, then posts what changed (new history points, counters, now and then
// metrics and the data view's predictions), transferring the arrays. Messages: protocol.js.
// Not here: anything about the DOM or drawing; the page never runs training math.
import { loadDescent } from '../bindings/index.js';
import { TO_WORKER, toPage, transferables, known } from './protocol.js';
import { previewRows, looksLikeHeader, countLines } from './csvpreview.js';

const FRAME_MS = 16;
const BUDGET_MS = 12;        // training time per frame; the rest is for messages
const VIEW_EVERY_MS = 200;   // data-view predictions at most 5 times a second while training
const METRICS_EVERY_MS = 300;
const SIDE_SHARE = 10;       // metrics and views may take at most ~1/10 of the time (big data)

let descent = null;
let session = null;
let token = 0;
let data = null;             // the session's rows (for 'points' views); never transferred
let view = null;
let running = false;
let stepsPerFrame = 10;      // 0 = as many as fit in the budget
let timer = 0;
let chunk = 1;               // steps per run() call, adapted so one call takes ~2 ms
let sent = { points: 0, stride: 1, epochs: 0 };
let lastViewAt = -Infinity;
let viewStep = -1;
let viewCost = 0;            // ms the last view took
let lastMetricsAt = -Infinity;
let metricsCost = 0;
let rate = { t: 0, samples: 0, value: 0 };
let csv = null;              // { name, text }: the uploaded file, for open() of csv specs
const waiting = [];

function post(type, fields) {
  const m = toPage(type, fields);
  postMessage(m, transferables(m));
}

const errorText = (e) => String(e?.message ?? e);

function dispose() {
  stop();
  if (session) session.dispose();
  session = null;
  data = null;
}

function stop() {
  running = false;
  if (timer) clearTimeout(timer);
  timer = 0;
}

// ---- reporting ----------------------------------------------------------------------------------
function progress({ metrics = false } = {}) {
  const s = session;
  let h = s.history(sent.points);
  let replace = false;
  if (h.stride !== sent.stride || h.length < sent.points) {
    // The engine thinned its history (history_limit): send it all again at the new stride.
    h = s.history(0);
    replace = true;
  }
  sent.points = h.length;
  sent.stride = h.stride;
  const e = h.epochs;
  const from = sent.epochs;
  sent.epochs = e.step.length;
  const now = performance.now();
  const samples = s.samplesSeen;
  if (!running) rate = { t: now, samples, value: 0 };
  else if (now - rate.t >= 400) rate = { t: now, samples, value: (samples - rate.samples) / ((now - rate.t) / 1000) };
  const fields = {
    token, running, status: s.status, message: s.message, steps: s.steps, epochs: s.epochs, samplesSeen: samples,
    totalSteps: s.totalSteps, stepsPerEpoch: s.stepsPerEpoch, lr: s.learningRate, samplesPerSecond: rate.value,
    history: { start: h.start, stride: h.stride, replace, loss: h.loss, gradNorm: h.gradNorm, lr: h.lr },
    epochLog: {
      from, trainLoss: e.trainLoss.slice(from), valLoss: e.valLoss.slice(from), lr: e.lr.slice(from),
      trainMetric: e.trainMetric.slice(from), valMetric: e.valMetric.slice(from), step: e.step.slice(from),
    },
  };
  if (metrics) {
    fields.metrics = s.metrics();
    lastMetricsAt = performance.now();
    metricsCost = lastMetricsAt - now;
  }
  return fields;
}

function report({ force = false } = {}) {
  if (!session) return;
  const now = performance.now();
  post('progress', progress({ metrics: force || now - lastMetricsAt >= Math.max(METRICS_EVERY_MS, SIDE_SHARE * metricsCost) }));
  predictView(force);
}

function predictView(force) {
  if (!session || !view) return;
  const now = performance.now();
  if (!force && (now - lastViewAt < Math.max(VIEW_EVERY_MS, SIDE_SHARE * viewCost) || session.steps === viewStep)) return;
  lastViewAt = now;
  viewStep = session.steps;
  let result;
  if (view.kind === 'grid') {
    const g = session.grid(view.xRange, view.yRange, view.resolution);
    result = { values: g.values, outputs: g.outputs, resolution: g.resolution, xRange: g.xRange, yRange: g.yRange };
  } else if (view.kind === 'curve') {
    const values = session.predict(view.x);
    result = { x: view.x.slice(), values, outputs: view.x.length ? values.length / view.x.length : 1 };
  } else if (view.kind === 'points') {
    const inputs = session.problem().inputs;
    const train = session.predict(data.trainX);
    const validation = data.validationX.length ? session.predict(data.validationX) : new Float32Array(0);
    result = { train, validation, outputs: data.trainX.length ? train.length / (data.trainX.length / inputs) : 1 };
  } else {
    return;
  }
  viewCost = performance.now() - now;
  post('view', { token, steps: session.steps, kind: view.kind, result });
}

function opened() {
  sent = { points: 0, stride: 1, epochs: 0 };
  lastViewAt = -Infinity;
  viewStep = -1;
  chunk = 1;
  data = session.data();
  const copy = { trainX: data.trainX.slice(), trainY: data.trainY.slice(), validationX: data.validationX.slice(), validationY: data.validationY.slice() };
  post('opened', { token, problem: session.problem(), data: copy, progress: progress({ metrics: true }) });
  predictView(true);
}

// ---- training -----------------------------------------------------------------------------------
function runSteps(limit, t0, budget) {
  let left = limit;
  while (left > 0 && session.status === 'running') {
    const k = Math.min(left, chunk);
    const t = performance.now();
    session.run(k);
    const dt = performance.now() - t;
    left -= k;
    chunk = Math.max(1, Math.min(10000, Math.round((2 * k) / Math.max(dt, 0.05))));
    if (performance.now() - t0 > budget) break;
  }
  return limit - left;
}

function tick() {
  timer = 0;
  if (!running || !session) return;
  const t0 = performance.now();
  runSteps(stepsPerFrame > 0 ? stepsPerFrame : Infinity, t0, BUDGET_MS);
  if (session.status !== 'running') running = false;
  report({ force: !running });
  if (running) timer = setTimeout(tick, Math.max(0, FRAME_MS - (performance.now() - t0)));
}

// ---- handlers -----------------------------------------------------------------------------------
const handlers = {
  open(m) {
    dispose();
    token = m.token;
    view = m.view ?? null;
    const spec = m.spec;
    const options = {};
    if (spec?.data?.source === 'csv') {
      if (!csv) {
        post('invalid', { token, errors: [{ path: 'data.text', message: 'no CSV file is loaded: upload one (CSV text is not part of the link)' }] });
        return;
      }
      options.csv = csv.text;
    }
    try {
      session = descent.session(spec, options);
    } catch (e) {
      post('invalid', { token, errors: e?.errors?.length ? e.errors : [{ path: '', message: errorText(e) }] });
      return;
    }
    opened();
  },
  play() {
    if (!session || session.status !== 'running') { if (session) report({ force: true }); return; }
    if (running) return;
    running = true;
    rate = { t: performance.now(), samples: session.samplesSeen, value: 0 };
    tick();
  },
  pause() {
    stop();
    if (session) report({ force: true });
  },
  step(m) {
    stop();
    if (!session) return;
    // Large counts (the ?steps=N hook) run in one go: no frame budget.
    runSteps(Math.max(1, Math.floor(m.steps)), performance.now(), Infinity);
    report({ force: true });
  },
  epoch() {
    stop();
    if (!session) return;
    session.runEpoch();
    report({ force: true });
  },
  reset(m) {
    if (!session) return;
    stop();
    token = m.token;
    session.reset();
    opened();
  },
  setLr(m) {
    if (!session) return;
    session.setLearningRate(m.lr);
    if (!running) report({ force: true });
  },
  setSpeed(m) {
    stepsPerFrame = Math.max(0, Math.floor(m.stepsPerFrame));
  },
  setView(m) {
    view = m.view ?? null;
    predictView(true);
  },
  previews(m) {
    const items = [];
    for (const g of m.generators) {
      let s = null;
      try {
        s = descent.session({ seed: m.seed, data: { source: 'synthetic', generator: g.id, ...g.params }, model: { kind: 'mlp', hidden: [] } });
        const d = s.data();
        items.push({ id: g.id, task: s.problem().task, inputs: s.problem().inputs, x: d.trainX, y: d.trainY });
      } catch (e) {
        items.push({ id: g.id, error: errorText(e) });
      } finally {
        if (s) s.dispose();
      }
    }
    post('previews', { items });
  },
  csv(m) {
    csv = { name: m.name, text: m.text };
    const { rows } = previewRows(m.text, 9);
    let errors = [];
    let problem;
    let s = null;
    try {
      const o = m.options ?? {};
      const d = { source: 'csv', text: m.text };
      for (const k of ['target', 'features', 'task', 'header']) if (o[k] !== undefined && o[k] !== '') d[k] = o[k];
      s = descent.session({ data: d, model: { kind: 'mlp', hidden: [] } });
      problem = s.problem();
    } catch (e) {
      errors = e?.errors?.length ? e.errors : [{ path: '', message: errorText(e) }];
    } finally {
      if (s) s.dispose();
    }
    let header = [];
    let body = rows;
    const names = problem ? [...problem.featureNames, ...problem.targetNames] : null;
    const headerMode = m.options?.header ?? 'auto';
    const hasHeader = headerMode === 'yes' || (headerMode === 'auto' && (names ? names.every((n) => rows[0]?.includes(n)) : looksLikeHeader(rows)));
    if (hasHeader && rows.length) { header = rows[0]; body = rows.slice(1); } else header = (rows[0] ?? []).map((_, j) => `column ${j + 1}`);
    const totalRows = Math.max(0, countLines(m.text) - (hasHeader ? 1 : 0));
    const fields = { token: m.token, name: m.name, bytes: m.text.length, header, rows: body.slice(0, 8), totalRows, errors };
    if (problem) fields.problem = problem;
    post('csv', fields);
  },
};

function handle(m) {
  if (!known(TO_WORKER, m)) { post('error', { message: `unknown message ${String(m?.type)}` }); return; }
  try {
    handlers[m.type](m);
  } catch (e) {
    stop();
    post('error', { message: `${m.type}: ${errorText(e)}` });
  }
}

self.onmessage = (e) => {
  if (!descent) waiting.push(e.data);
  else handle(e.data);
};

loadDescent().then((d) => {
  descent = d;
  post('ready', { version: d.version, arch: d.arch, probe: d.kernelProbe(), registry: d.registry() });
  for (const m of waiting.splice(0)) handle(m);
}, (err) => post('error', { message: `the engine failed to load: ${errorText(err)}` }));
