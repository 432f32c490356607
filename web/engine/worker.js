// The engine worker: owns the wasm module and the one training session. Trains in chunks of about
// 12 ms per ~16 ms frame, then posts what changed (new history points, counters, now and then
// metrics and the data view's predictions), transferring the arrays. Messages: protocol.js.
// An uploaded CSV arrives as bytes and is read here, by the engine; what the page gets of its names
// and messages is bounded (csv-shape.js), so no upload can make the page parse or lay out huge text.
// Not here: anything about the DOM or drawing; the page never runs training math or parses a file.
import { loadDescent } from '../../bindings/index.js';
import { TO_WORKER, toPage, transferables, known } from './protocol.js';
import { PREVIEW_ROWS, shapePreview, shapeProblem, shapeMetrics, shapeErrors, cutText } from './csv-shape.js';
import { columnMeans, slicePoints } from './slice.js';
import { makeExport, validateImport } from './export-worker.js';
import { historyUpdate } from './history-sync.js';
import { normalizeSpeed, stepsForFrame } from './pace.js';

const FRAME_MS = 16;
const BUDGET_MS = 12;        // training time per frame; the rest is for messages
const VIEW_EVERY_MS = 200;   // data-view predictions at most 5 times a second while training
const METRICS_EVERY_MS = 300;
const EXPLAIN_EVERY_MS = 100;   // 'explain this step' while running
const NETWORK_EVERY_MS = 250;   // the network view's weights and unit heatmaps while running
const SIDE_SHARE = 10;       // metrics and views may take at most ~1/10 of the time (big data)

let descent = null;
let session = null;
let token = 0;
let data = null;             // the session's rows (for 'points' views); never transferred
let view = null;
let running = false;
let stepsPerFrame = 10;      // 0 = as many as fit in the budget; 1/k = a step every k frames (pace.js)
let frame = 0;               // frames since Play (a slow pace steps on every k-th)
let timer = 0;
let chunk = 1;               // steps per run() call, adapted so one call takes ~2 ms
let sent = { points: 0, stride: 1, epochs: 0 };
let lastViewAt = -Infinity;
let viewStep = -1;
let viewCost = 0;            // ms the last view took
let lastMetricsAt = -Infinity;
let metricsCost = 0;
let rate = { t: 0, samples: 0, value: 0 };
let csv = null;              // { name, bytes, encoding }: the uploaded file, for open() of csv specs
let reading = false;         // a CSV file is being read (its bytes arrive asynchronously): later messages wait
let means = null;            // training means of the open session's features (raw units), for slices
let openSpec = null;         // the spec of the last open (for exports), valid or not
let trainMs = 0;             // time spent in run() since open/reset (the race's wall-clock axis)
let watch = { trajectory: false, vectors: false, explain: -1, explainSample: 0, network: null };   // extras sent with progress
let watchSent = { points: 0, stride: 1, at: -Infinity, explainAt: -Infinity, networkAt: -Infinity, networkStep: -1, networkCost: 0 };
let job = null;              // the landscape being computed: { id, axes, resolution, box, next, rows, hold }
let functionMode = false;    // the session runs a test function (no data)
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
  const u = historyUpdate(s, sent);
  sent = u.sent;
  const now = performance.now();
  const samples = s.samplesSeen;
  if (!running) rate = { t: now, samples, value: 0 };
  else if (now - rate.t >= 400) rate = { t: now, samples, value: (samples - rate.samples) / ((now - rate.t) / 1000) };
  const fields = {
    token, running, status: s.status, message: s.message, steps: s.steps, epochs: s.epochs, samplesSeen: samples,
    totalSteps: s.totalSteps, stepsPerEpoch: s.stepsPerEpoch, lr: s.learningRate, samplesPerSecond: rate.value,
    history: u.history,
    epochLog: { from: u.epochStart, ...u.epochs },
  };
  if (metrics) {
    fields.metrics = shapeMetrics(s.metrics());
    lastMetricsAt = performance.now();
    metricsCost = lastMetricsAt - now;
  }
  fields.trainMs = trainMs;
  const w = watched(metrics);
  if (w) fields.watched = w;
  return fields;
}

/** What the page asked to watch (see protocol watch), for a progress message; null if nothing. */
function watched(force) {
  const s = session;
  const out = {};
  const two = s.numParams === 2;
  if (watch.trajectory && two) {
    const now = performance.now();
    if (force || !running || now - watchSent.at >= 100) {
      watchSent.at = now;
      const t = s.trajectory();
      let from = watchSent.points;
      const replace = t.stride !== watchSent.stride || t.points.length / 2 < from;
      if (replace) from = 0;
      out.trajectory = { start: from, stride: t.stride, replace, points: t.points.slice(from * 2), values: t.values.slice(from) };
      watchSent.points = t.points.length / 2;
      watchSent.stride = t.stride;
    }
  }
  if (watch.vectors && two) {
    // metrics() is f and its gradient norm in function mode; on data it would cost a pass: left out.
    out.vectors = { steps: s.steps, params: s.params(), gradient: s.gradient(), velocity: s.velocity(), trials: s.steps > 0 ? s.lastTrials() : [], metrics: functionMode ? s.metrics() : null };
  }
  if (watch.explain >= 0) {
    // While running, at most ~10 a second (the page's render rate): the card rebuilt for every
    // message (~60 a second) kept the page's main thread laying out. The page keeps the last one.
    const now = performance.now();
    if (force || !running || now - watchSent.explainAt >= EXPLAIN_EVERY_MS) {
      watchSent.explainAt = now;
      out.explain = explanation();
    }
  }
  if (watch.network) {
    // The weights and the heatmaps at most ~4 times a second while running, and at most ~1/10 of
    // the time (a big grid on a big model); only when the parameters moved since the last ones.
    const now = performance.now();
    const due = now - watchSent.networkAt >= Math.max(NETWORK_EVERY_MS, SIDE_SHARE * watchSent.networkCost);
    if (s.steps !== watchSent.networkStep && (force || !running || due)) {
      watchSent.networkAt = now;
      watchSent.networkStep = s.steps;
      out.network = network(watch.network);
      watchSent.networkCost = performance.now() - now;
    }
  }
  return Object.keys(out).length ? out : null;
}

/** The network view's numbers now: { steps, params?, gradient?, units? } (see protocol watch.network). */
function network(want) {
  const s = session;
  const out = { steps: s.steps };
  if (want.params) {
    out.params = s.params();
    out.gradient = s.gradient();
  }
  const u = want.units;
  if (u && !functionMode) {
    try {
      out.units = s.unitGrid(u.xRange, u.yRange, u.resolution);
    } catch (e) {
      if (fatal(e)) throw e;
      out.units = { error: errorText(e) };
    }
  }
  return out;
}

/**
 * watch.explain's parameter in the last step: { index, steps, numParams, values | error, chain? },
 * chain: the chain rule of training row watch.explainSample for it at the current parameters
 * (session.chainRule; data mode, also before the first step), or { sample, error }.
 */
function explanation() {
  const s = session;
  const head = { index: watch.explain, steps: s.steps, numParams: s.numParams };
  if (!functionMode && watch.explain < s.numParams) {
    try {
      head.chain = s.chainRule(watch.explainSample, watch.explain);
    } catch (e) {
      if (fatal(e)) throw e;
      head.chain = { sample: watch.explainSample, error: errorText(e) };
    }
  }
  if (s.steps === 0 || watch.explain >= s.numParams) return { ...head, values: null };
  try {
    const out = { ...head, values: s.explain(watch.explain) };
    // A line search's accepted step length (the engine's explain() leaves it out).
    if (openSpec?.training?.line_search) {
      const all = 2 ** 31;
      const n = s.history(all, all).length;
      if (n) out.stepSize = s.history(n - 1, all).stepSize[0];
    }
    return out;
  } catch (e) {
    return { ...head, error: errorText(e) };
  }
}

// ---- the loss landscape, a few rows per message -------------------------------------------------
function cancelJob() {
  if (job?.timer) clearTimeout(job.timer);
  job = null;
}

function landscapeChunk() {
  if (!job || !session) { job = null; return; }
  job.timer = 0;
  const j = job;
  const t0 = performance.now();
  const end = Math.min(j.resolution, j.next + j.rows);
  let r;
  try {
    r = session.landscape({ axes: j.axes, resolution: j.resolution, rows: [j.next, end], ...(j.box ? { box: j.box } : {}) });
  } catch (e) {
    job = null;
    if (fatal(e)) throw e;
    post('landscape', { id: j.id, ok: false, error: errorText(e), done: true });
    return;
  }
  const dt = performance.now() - t0;
  // Later chunks use the first chunk's box and axes, so the rows fit together.
  if (!j.box) j.box = [r.x[0], r.x[1], r.y[0], r.y[1]];
  j.axes = r.axes;
  j.next = r.rowEnd;
  j.rows = Math.max(1, Math.min(j.resolution, Math.round((j.rows * 8) / Math.max(dt, 0.5))));
  const done = j.next >= j.resolution;
  if (done) job = null;
  post('landscape', { id: j.id, ok: true, axes: r.axes, resolution: r.resolution, x: r.x, y: r.y, rowBegin: r.rowBegin, rowEnd: r.rowEnd, values: r.values, path: r.path, note: r.note, steps: session.steps, done });
  if (!done) j.timer = setTimeout(landscapeChunk, 0);
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
    result = pointPredictions();
  } else if (view.kind === 'slice') {
    const inputs = session.problem().inputs;
    if (!means) means = columnMeans(data.trainX, inputs);
    const res = view.resolution;
    const values = session.predict(slicePoints({ inputs, axes: view.axes, xRange: view.xRange, yRange: view.yRange, resolution: res, held: means }));
    result = { values, outputs: values.length / (res * res), resolution: res, xRange: [...view.xRange], yRange: [...view.yRange], axes: [...view.axes], held: Array.from(means) };
    if (view.points) Object.assign(result, pointPredictions());
  } else {
    return;
  }
  viewCost = performance.now() - now;
  post('view', { token, steps: session.steps, kind: view.kind, result });
}

/** Predictions for the session's rows: { train, validation, outputs }. */
function pointPredictions() {
  const inputs = session.problem().inputs;
  const train = session.predict(data.trainX);
  const validation = data.validationX.length ? session.predict(data.validationX) : new Float32Array(0);
  return { train, validation, outputs: data.trainX.length ? train.length / (data.trainX.length / inputs) : 1 };
}

function opened() {
  sent = { points: 0, stride: 1, epochs: 0 };
  trainMs = 0;
  watchSent = { points: 0, stride: 1, at: -Infinity, explainAt: -Infinity, networkAt: -Infinity, networkStep: -1, networkCost: 0 };
  cancelJob();
  lastViewAt = -Infinity;
  viewStep = -1;
  chunk = 1;
  data = session.data();
  means = null;
  const problem = shapeProblem(session.problem());
  functionMode = !!problem.functionMode;
  const copy = { trainX: data.trainX.slice(), trainY: data.trainY.slice(), validationX: data.validationX.slice(), validationY: data.validationY.slice() };
  post('opened', { token, problem, data: copy, progress: progress({ metrics: true }) });
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
    trainMs += dt;
    left -= k;
    chunk = Math.max(1, Math.min(10000, Math.round((2 * k) / Math.max(dt, 0.05))));
    if (performance.now() - t0 > budget) break;
  }
  return limit - left;
}

function tick() {
  timer = 0;
  if (!running || !session) return;
  // A slice through the current parameters is being computed: hold training until it is done.
  if (job?.hold) { timer = setTimeout(tick, FRAME_MS); return; }
  const t0 = performance.now();
  const n = stepsForFrame(stepsPerFrame, frame++);
  if (n > 0) runSteps(n, t0, BUDGET_MS);
  if (session.status !== 'running') running = false;
  if (n > 0 || !running) report({ force: !running });
  if (running) timer = setTimeout(tick, Math.max(0, FRAME_MS - (performance.now() - t0)));
}

// ---- handlers -----------------------------------------------------------------------------------
const handlers = {
  open(m) {
    cancelJob();
    dispose();
    token = m.token;
    view = m.view ?? null;
    const spec = m.spec;
    openSpec = spec;
    const options = {};
    if (spec?.data?.source === 'csv') {
      if (!csv) {
        post('invalid', { token, errors: [{ path: 'data.text', message: 'no CSV file is loaded: upload one (CSV text is not part of the link)' }] });
        return;
      }
      options.csv = csv.bytes;
    }
    try {
      session = descent.session(spec, options);
    } catch (e) {
      if (fatal(e)) throw e;
      post('invalid', { token, errors: shapeErrors(e?.errors?.length ? e.errors : [{ path: '', message: errorText(e) }]) });
      return;
    }
    opened();
  },
  play() {
    if (!session || session.status !== 'running') { if (session) report({ force: true }); return; }
    if (running) return;
    running = true;
    frame = 0;
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
    const t = performance.now();
    session.runEpoch();
    trainMs += performance.now() - t;
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
    stepsPerFrame = normalizeSpeed(m.stepsPerFrame) ?? stepsPerFrame;
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
        if (fatal(e)) throw e;
        items.push({ id: g.id, error: errorText(e) });
      } finally {
        if (s) s.dispose();
      }
    }
    post('previews', { items });
  },
  csv(m) {
    // The bytes come from a Blob (a file the user chose, or one kept in IndexedDB): read them, then
    // preview; messages after this one wait (see onmessage), so an open always sees this file.
    reading = true;
    const bytes = m.file instanceof Blob ? m.file.arrayBuffer() : Promise.resolve(m.file);
    bytes.then((b) => guarded('csv', () => previewCsv(m, b instanceof Uint8Array ? b : new Uint8Array(b))), (e) => {
      csv = null;
      post('csv', { token: m.token, name: m.name, bytes: m.file?.size ?? 0, parsed: false, errors: [{ path: 'data.text', message: `${m.name} could not be read: ${errorText(e)}` }] });
    }).finally(() => { reading = false; drain(); });
  },
  export(m) {
    const { spec, text } = exportCsv(openSpec);
    const r = makeExport(descent, session, spec, text, m.kind);
    post('exported', { id: m.id, kind: m.kind, ...r });
  },
  validate(m) {
    post('validated', { id: m.id, ...validateImport(descent, m.spec, m.csv) });
  },
  watch(m) {
    watch = {
      trajectory: !!m.trajectory, vectors: !!m.vectors, explain: Number.isInteger(m.explain) ? m.explain : -1,
      explainSample: Number.isInteger(m.explainSample) && m.explainSample >= 0 ? m.explainSample : 0, network: m.network ?? null,
    };
    watchSent = { points: 0, stride: 1, at: -Infinity, explainAt: -Infinity, networkAt: -Infinity, networkStep: -1, networkCost: 0 };
    if (session) post('progress', progress({ metrics: false }));
  },
  landscape(m) {
    cancelJob();
    if (!session) { post('landscape', { id: m.id, ok: false, error: 'no session is open', done: true }); return; }
    job = { id: m.id, axes: m.axes, resolution: m.resolution, box: m.box ?? null, next: 0, rows: 2, hold: !!m.hold, timer: 0 };
    job.timer = setTimeout(landscapeChunk, 0);
  },
  cancelLandscape(m) {
    if (job && job.id === m.id) cancelJob();
  },
  ping(m) {
    post('pong', { id: m.id });
  },
  testFault(m) {
    // The page sends this only with ?test-hooks=1 (tests/e2e/faults.test.mjs).
    if (m.kind === 'throw') setTimeout(() => { throw new Error('test fault: an uncaught error in the worker'); }, 0);
    else if (m.kind === 'close') self.close();
    else if (m.kind === 'hang') { const end = performance.now() + (m.ms ?? 10000); while (performance.now() < end) { /* blocked, as a long job is */ } }
    else if (m.kind === 'abort') throw new WebAssembly.RuntimeError('Aborted(OOM) (test fault)');
  },
  lrFinder(m) {
    if (!session) { post('lrFinder', { id: m.id, ok: false, error: 'no session is open' }); return; }
    try {
      const r = session.lrFinder({ minLr: m.minLr, maxLr: m.maxLr, steps: m.steps });
      post('lrFinder', { id: m.id, ok: true, lrs: r.lrs, losses: r.losses, smoothed: r.smoothed, suggestion: r.suggestion, stoppedEarly: !!r.stoppedEarly, message: r.message ?? '' });
    } catch (e) {
      if (fatal(e)) throw e;
      post('lrFinder', { id: m.id, ok: false, error: errorText(e) });
    }
  },
};

/** Reads an uploaded file's bytes with the engine and posts what the page may show of it. */
function previewCsv(m, bytes) {
  csv = { name: m.name, bytes, encoding: null };
  let p;
  try {
    p = descent.csvPreview(bytes, { ...(m.options ?? {}), rows: PREVIEW_ROWS });
  } catch (e) {
    if (fatal(e)) throw e;
    p = { ok: false, error: errorText(e), errors: e?.errors };
  }
  csv.encoding = p.data?.dialect?.encoding ?? null;
  const defaults = m.defaults && p.ok ? csvDefaults(m, bytes) : undefined;
  post('csv', { token: m.token, name: m.name, bytes: bytes.length, ...shapePreview(p), ...(defaults ? { defaults } : {}) });
}

/**
 * What the engine chooses for this file when a spec names no model, loss, scaling or optimizer
 * (problem().data.defaults: [{ field, value, why }], the CLI's choices): a session opened on the
 * file with only the data fields, then closed. Nothing when it cannot open (the page then keeps
 * its settings and the open reports the problem).
 */
function csvDefaults(m, bytes) {
  const spec = { seed: m.defaults.seed, data: { source: 'csv', seed: m.defaults.dataSeed, ...(m.options ?? {}) }, preprocess: { validation_split: m.defaults.validationSplit } };
  let probe = null;
  try {
    probe = descent.session(spec, { csv: bytes });
    return (probe.problem().data?.defaults ?? []).map(({ field, value, why }) => ({ field, value: String(value), why: cutText(String(why)) }));
  } catch (e) {
    if (fatal(e)) throw e;
    return undefined;
  } finally {
    probe?.dispose();
  }
}

/**
 * The spec and CSV text an export writes: the file decoded as the engine decoded it (a spec file
 * carries its CSV as text, data.text, which is UTF-8 inside JSON: a Windows-1252 file's encoding
 * field goes with the decoding).
 */
function exportCsv(spec) {
  if (!csv || spec?.data?.source !== 'csv') return { spec, text: undefined };
  const given = spec.data.encoding;
  const latin = (given && given !== 'auto' ? given : csv.encoding) === 'windows-1252';
  const text = new TextDecoder(latin ? 'windows-1252' : 'utf-8').decode(csv.bytes);
  if (!latin || given === undefined || given === 'auto') return { spec, text };
  const out = structuredClone(spec);
  delete out.data.encoding;
  return { spec: out, text };
}

/**
 * An error the engine cannot recover from: the wasm module aborted (out of memory, a trap). Its
 * memory may be half-updated, so the page restarts the worker instead of going on.
 */
const fatal = (e) => e instanceof WebAssembly.RuntimeError || /\bAborted\(|out of memory|Out of bounds memory/i.test(errorText(e));
let broken = false;

/** Runs fn (a handler's work) with the worker's error handling: a fatal error marks the engine broken. */
function guarded(type, fn) {
  try {
    fn();
  } catch (e) {
    stop();
    broken = fatal(e);
    post('error', { message: `${type}: ${errorText(e)}`, fatal: broken });
  }
}

function handle(m) {
  if (!known(TO_WORKER, m)) { post('error', { message: `unknown message ${String(m?.type)}` }); return; }
  if (broken && m.type !== 'ping') return;
  guarded(m.type, () => handlers[m.type](m));
}

/** Handles the messages that waited (for the module, or for a file's bytes), in order. */
function drain() {
  while (descent && !reading && waiting.length) handle(waiting.shift());
}

self.onmessage = (e) => {
  // Pings are answered even while the module loads or a file is read: that is slow, not dead.
  if ((!descent || reading) && e.data?.type !== 'ping') waiting.push(e.data);
  else handle(e.data);
};

loadDescent().then((d) => {
  descent = d;
  post('ready', { version: d.version, arch: d.arch, probe: d.kernelProbe(), registry: d.registry() });
  drain();
}, (err) => post('error', { message: `the engine failed to load: ${errorText(err)}`, fatal: true }));
