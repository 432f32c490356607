// The JavaScript API of Descent: the only code that touches the raw WebAssembly module.
// Works in browsers, workers and Node 20. Here only what JavaScript alone can check: types (a
// number, an array, an object; NaN and Infinity, which JSON cannot carry); every range is
// checked by the core, whose message is thrown as a DescentError, word for word. Small values
// cross as JSON; arrays come back as copies (views into wasm memory die when the heap grows).
// Not here: training logic or any bound (the C++ core), anything about the page (web/).
import createDescentModule from './wasm/descent.mjs';

const isNode = typeof process === 'object' && !!process.versions?.node
  && typeof window === 'undefined' && typeof importScripts === 'undefined';

/** An error with the spec/argument problems that caused it: [{ path, message }]. */
export class DescentError extends Error {
  constructor(message, errors = []) {
    super(message);
    this.name = 'DescentError';
    this.errors = errors;
  }
}

async function nodeWasmBytes() {
  const fsName = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ fsName);
  return readFile(new URL('./wasm/descent.wasm', import.meta.url));
}

/**
 * Loads the engine. options.wasmBinary (ArrayBuffer/Uint8Array) or options.wasmUrl say where the
 * .wasm comes from; by default it sits beside this file (Node reads it from disk, because Node's
 * fetch cannot load file paths).
 */
export async function loadDescent(options = {}) {
  if (options === null || typeof options !== 'object') throw new TypeError('loadDescent(options): options must be an object');
  const args = {};
  if (options.wasmBinary) args.wasmBinary = options.wasmBinary;
  else if (options.wasmUrl) args.locateFile = () => String(options.wasmUrl);
  else if (isNode) args.wasmBinary = await nodeWasmBytes();
  else args.locateFile = () => new URL('./wasm/descent.wasm', import.meta.url).href;
  const raw = await createDescentModule(args);
  return new Descent(raw);
}

// ---- argument checks ---------------------------------------------------------------------------
function specText(spec, name = 'spec') {
  if (typeof spec === 'string') return spec;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new TypeError(`${name} must be an object (or its JSON text), got ${spec === null ? 'null' : Array.isArray(spec) ? 'an array' : typeof spec}`);
  }
  return JSON.stringify(spec);
}

// JSON has no NaN/Infinity (JSON.stringify would turn them into null): find them first, by path.
function nonFinite(value, path = '', out = [], depth = 0) {
  if (depth > 64 || out.length > 20) return out;
  if (typeof value === 'number' && !Number.isFinite(value)) {
    const p = path || 'spec';
    out.push({ path, message: `${p} must be a finite number, got ${value}` });
  } else if (Array.isArray(value)) {
    if (value.length <= 100000) value.forEach((v, i) => nonFinite(v, `${path}[${i}]`, out, depth + 1));
  } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) nonFinite(v, path ? `${path}.${k}` : k, out, depth + 1);
  }
  return out;
}

function specErrors(spec) { return typeof spec === 'string' ? [] : nonFinite(spec); }

function invalidResult(errors) {
  return JSON.stringify({ status: 'invalid', message: errors[0].message + (errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''), errors });
}

/** options.csv as bytes (a string as UTF-8), or null when there is none. */
function csvBytes(csv) {
  if (csv === undefined || csv === null) return null;
  if (typeof csv === 'string') return new TextEncoder().encode(csv);
  if (csv instanceof Uint8Array) return csv;
  if (csv instanceof ArrayBuffer) return new Uint8Array(csv);
  throw new TypeError('options.csv must be a string, Uint8Array or ArrayBuffer');
}

/**
 * f(bytes) with the CSV copied once into the engine's heap (a CsvBytes the engine reads in place,
 * or null), freed after the call: the engine never holds a second copy (core/train/handle.hpp).
 */
function withCsv(module, csv, f) {
  const bytes = csvBytes(csv);
  if (bytes === null) return f(null);
  const held = new module.CsvBytes(bytes.length);
  try {
    const view = held.view();  // the engine keeps at most one byte past its size limit
    view.set(view.length < bytes.length ? bytes.subarray(0, view.length) : bytes);
    return f(held);
  } finally {
    held.delete();
  }
}

/** value as a Float32Array (a copy of an array of numbers or of another typed array); the core checks the numbers. */
function floats(value, name, { length } = {}) {
  let a;
  if (value instanceof Float32Array) a = value;
  else if (Array.isArray(value) || value instanceof Float64Array || ArrayBuffer.isView(value)) {
    if (ArrayBuffer.isView(value) && !(value instanceof Float64Array) && !(value instanceof Int32Array) && !(value instanceof Uint8Array)
        && !(value instanceof Int16Array) && !(value instanceof Uint16Array) && !(value instanceof Uint32Array) && !(value instanceof Int8Array)) {
      throw new TypeError(`${name} must be a Float32Array or an array of numbers`);
    }
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== 'number') throw new TypeError(`${name}[${i}] must be a number, got ${typeof value[i]}`);
    }
    a = Float32Array.from(value);
  } else {
    throw new TypeError(`${name} must be a Float32Array or an array of numbers, got ${value === null ? 'null' : typeof value}`);
  }
  if (length !== undefined && a.length !== length) throw new TypeError(`${name} must be an array of ${length} numbers, got ${a.length}`);
  return a;
}

/** A number argument: its type here, its range in the core. */
function number(v, name) {
  if (typeof v !== 'number') throw new TypeError(`${name} must be a number, got ${typeof v}`);
  return v;
}

/** An options object as JSON text for the core (typed arrays as arrays; NaN and Infinity refused here, JSON cannot carry them). */
function optionsText(options, name) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError(`${name} must be an object`);
  const bad = nonFinite(options);
  if (bad.length) throw new DescentError(bad[0].message, bad);
  return JSON.stringify(options, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
}

/** The core's answer to a checked call: its JSON, or its message thrown. */
function answer(reply) {
  if (reply.error) throw new DescentError(reply.error);
  return JSON.parse(reply.json);
}
/** The core's answer to a checked call without a result: "" or its message, thrown. */
function refuse(error) {
  if (error) throw new DescentError(error);
}

const copy = (view) => (view ? view.slice() : null);

// ---- the engine ---------------------------------------------------------------------------------
class Descent {
  #raw;
  #registry = null;
  #sessions = new Set();

  constructor(raw) {
    this.#raw = raw;
    /** Engine version, e.g. "0.1.0". */
    this.version = raw.version();
    /** The SIMD architecture the engine runs on: "wasm" (WebAssembly SIMD). */
    this.arch = raw.arch();
  }

  /** Hash of a fixed computation through every kernel: equal in every engine and browser. */
  kernelProbe() { return this.#raw.kernelProbe(); }

  /** { models, losses, optimizers, schedules, generators, functions, lineSearches, activations, inits } */
  registry() {
    if (!this.#registry) this.#registry = JSON.parse(this.#raw.registryJson());
    return structuredClone(this.#registry);
  }

  /** Checks a spec (and its data): { ok, errors: [{ path, message }], spec (normalized) }. */
  validate(spec, options = {}) {
    const text = specText(spec);
    const bad = specErrors(spec);
    if (bad.length) return { ok: false, errors: bad };
    return JSON.parse(withCsv(this.#raw, options.csv, (csv) => this.#raw.validateJson(text, csv)));
  }

  /**
   * Runs a spec to the end and returns the result object ({ status, message, steps, epochs,
   * history, params, trajectory?, metrics }). Invalid specs give { status: "invalid", errors }.
   * options.onProgress({ steps, totalSteps, epochs, samplesSeen, loss, status }) is called after each chunk.
   */
  run(spec, options = {}) { return JSON.parse(this.runJSON(spec, options)); }

  /** As run(), but returns the result's JSON text (the same bytes as the native engine). */
  runJSON(spec, options = {}) {
    const { onProgress, chunk = 2000 } = options;
    if (onProgress !== undefined && typeof onProgress !== 'function') throw new TypeError('options.onProgress must be a function');
    refuse(this.#raw.checkChunk(number(chunk, 'options.chunk')));
    const text = specText(spec);
    const bad = specErrors(spec);
    if (bad.length) return invalidResult(bad);
    const s = withCsv(this.#raw, options.csv, (csv) => this.#raw.RawSession.open(text, csv));
    try {
      if (!s.ok()) return s.invalidResultJson();
      while (s.status() === 'running') {
        refuse(s.run(chunk));
        if (onProgress) {
          onProgress({ steps: s.steps(), totalSteps: s.totalSteps(), epochs: s.epochs(), samplesSeen: s.samplesSeen(), loss: s.lastLoss(), status: s.status() });
        }
      }
      return s.resultJson();
    } finally {
      s.delete();
    }
  }

  /**
   * A loss on hand-made numbers: { value, grad: Float32Array }. lossSpec is { kind, ...params }
   * (multi-class: classes: C); pred is what the loss reads (see registry().losses[i].input),
   * n x C row-major for multi-class; target n x C (cce) or n labels (sparse_cce, multiclass_hinge).
   */
  evaluateLoss(lossSpec, pred, target) {
    if (typeof lossSpec === 'string') lossSpec = { kind: lossSpec };
    const spec = specText(lossSpec, 'lossSpec');
    const p = floats(pred, 'pred');
    const t = floats(target, 'target');
    const r = JSON.parse(this.#raw.evaluateLoss(spec, p, t));
    if (!r.ok) throw new DescentError(r.errors.map((e) => e.message).join('; '), r.errors);
    return { value: r.value, grad: Float32Array.from(r.grad) };
  }

  /**
   * A preview of a CSV (text or bytes in any encoding the engine reads) by the same reader training
   * uses: { ok, error?, errors?, dataError?, bytes, lines?, hasHeader, header, columns: [{ name,
   * numeric, distinct, role, why? }], rows (the first `rows` rows as text), totalRows, data (every
   * guess) } (core/data/csv_preview.hpp). options: rows, and the CSV fields of a spec's data section
   * (header, delimiter, decimal, quote, skip_rows, encoding, target, features, task), which core
   * checks with their paths ("data.delimiter") and answers in errors.
   */
  csvPreview(csv, options = {}) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) throw new TypeError('options must be an object');
    const { rows = 20, ...fields } = options;
    const bytes = csvBytes(csv) ?? new Uint8Array(0);
    const names = Object.keys(fields);
    // A header mode alone crosses as itself; anything more as the data fields' JSON.
    if (names.length === 0 || (names.length === 1 && names[0] === 'header')) {
      const { header = 'auto' } = fields;
      if (typeof header !== 'string') throw new TypeError(`header must be a string, got ${typeof header}`);
      const n = number(rows, 'rows');
      return answer(withCsv(this.#raw, bytes, (held) => this.#raw.csvPreview(held, header, n)));
    }
    const opts = optionsText(fields, 'options'), n = number(rows, 'rows');
    return answer(withCsv(this.#raw, bytes, (held) => this.#raw.csvPreview(held, opts, n)));
  }

  /** A long-lived session for step-by-step training (the UI's). Throws DescentError if invalid. */
  session(spec, options = {}) {
    const text = specText(spec);
    const bad = specErrors(spec);
    if (bad.length) throw new DescentError(`invalid spec: ${bad.map((e) => e.message).join('; ')}`, bad);
    const raw = withCsv(this.#raw, options.csv, (csv) => this.#raw.RawSession.open(text, csv));
    if (!raw.ok()) {
      const errors = JSON.parse(raw.errorsJson());
      raw.delete();
      throw new DescentError(`invalid spec: ${errors.map((e) => e.message).join('; ')}`, errors);
    }
    const s = new Session(this.#raw, raw, text, options.csv, this.#sessions);
    this.#sessions.add(s);
    return s;
  }

  /** Number of sessions not yet disposed (for leak checks). */
  get openSessions() { return this.#sessions.size; }

  /** Bytes of wasm memory in use by the module (grows, never shrinks). */
  get heapBytes() { return this.#raw.HEAPU8.length; }
}

class Session {
  #module;
  #raw;
  #spec;
  #csv;
  #registry;

  constructor(module, raw, specText, csv, registry) {
    this.#module = module;
    this.#raw = raw;
    this.#spec = specText;
    this.#csv = csv;
    this.#registry = registry;
  }

  #s() {
    if (!this.#raw) throw new DescentError('this session was disposed; create a new one with descent.session(spec)');
    return this.#raw;
  }

  /** Runs k optimizer steps (or until the run stops); returns the status string. */
  run(k = 1) {
    const s = this.#s();
    refuse(s.run(number(k, 'k')));
    return s.status();
  }
  /** Runs until the current epoch ends. */
  runEpoch() { return this.#s().runEpoch(); }

  get status() { return this.#s().status(); }
  get message() { return this.#s().message(); }
  get steps() { return this.#s().steps(); }
  get epochs() { return this.#s().epochs(); }
  get samplesSeen() { return this.#s().samplesSeen(); }
  get totalSteps() { return this.#s().totalSteps(); }
  get stepsPerEpoch() { return this.#s().stepsPerEpoch(); }
  get batchSize() { return this.#s().batchSize(); }
  get learningRate() { return this.#s().lr(); }
  get numParams() { return this.#s().numParams(); }
  get disposed() { return this.#raw === null; }

  /**
   * The history as copies: { stride, start, length, loss, gradNorm, lr, updateNorm, stepSize,
   * trials, penalty, layerGradNorm, epochStart, epochs: { trainLoss, valLoss, lr, trainMetric,
   * valMetric, step } }. layerGradNorm: one Float32Array per layer of the model (first layer first,
   * the output layer last; none in function mode), the norm of that layer's part of the gradient
   * (weights and bias) at the same points as gradNorm. since: points the caller already holds (at
   * this stride); point j is step (j + 1) * stride. epochsSince: epoch records the caller already
   * holds (only newer ones are returned).
   */
  history(since = 0, epochsSince = 0) {
    const s = this.#s();
    const h = answer(s.history(number(since, 'since'), number(epochsSince, 'epochsSince')));
    const loss = copy(s.historyLoss());
    const layers = copy(s.historyLayerGradNorm());
    const n = loss.length;
    return {
      stride: h.stride, start: h.start, length: h.length, epochStart: h.epochStart,
      loss, gradNorm: copy(s.historyGradNorm()), lr: copy(s.historyLr()), updateNorm: copy(s.historyUpdateNorm()),
      stepSize: copy(s.historyStepSize()), trials: copy(s.historyTrials()), penalty: copy(s.historyPenalty()),
      layerGradNorm: Array.from({ length: h.layers }, (_, l) => layers.slice(l * n, (l + 1) * n)),
      epochs: h.epochs,
    };
  }

  params() { return copy(this.#s().params()); }
  /** The gradient of the last step (at the parameters before it). */
  gradient() { return copy(this.#s().gradient()); }
  /** Function mode: the gradient at the current point; otherwise as gradient(). */
  gradientHere() { return copy(this.#s().gradientHere()); }
  setParams(p) {
    const s = this.#s();
    refuse(s.setParams(floats(p, 'params')));
  }
  setLearningRate(lr) { refuse(this.#s().setLr(number(lr, 'lr'))); }

  /** Predictions for raw inputs x (n x inputs, row-major): probabilities, scores or values. */
  predict(x) {
    const s = this.#s();
    refuse(s.predict(floats(x, 'x')));
    return copy(s.output());
  }

  /** Predictions on a resolution x resolution grid over xRange x yRange (2-input models). */
  grid(xRange, yRange, resolution = 64) {
    const s = this.#s();
    const xr = floats(xRange, 'xRange', { length: 2 });
    const yr = floats(yRange, 'yRange', { length: 2 });
    refuse(s.grid(xr[0], xr[1], yr[0], yr[1], number(resolution, 'resolution')));
    return { resolution, xRange: [xr[0], xr[1]], yRange: [yr[0], yr[1]], outputs: s.outputs(), values: copy(s.output()) };
  }

  /**
   * What every unit of the model outputs on a resolution x resolution grid over xRange x yRange of
   * raw inputs (2-input models; the network view's heatmaps): { resolution, xRange, yRange, layers
   * (the width of each layer, the output layer last), values } with values (units, resolution^2),
   * unit-major, layer by layer (each grid row-major with y rows, as grid()); hidden units after
   * their activation, the output layer as the loss reads it (grid() turns logits into
   * probabilities; this does not), without dropout.
   */
  unitGrid(xRange, yRange, resolution = 16) {
    const s = this.#s();
    const xr = floats(xRange, 'xRange', { length: 2 });
    const yr = floats(yRange, 'yRange', { length: 2 });
    const meta = answer(s.unitGrid(xr[0], xr[1], yr[0], yr[1], number(resolution, 'resolution')));
    return { resolution: meta.resolution, xRange: [xr[0], xr[1]], yRange: [yr[0], yr[1]], layers: meta.layers, values: copy(s.output()) };
  }

  /**
   * Loss on a 2-D slice of parameter space: { axes, resolution, x: [x0, x1], y: [y0, y1],
   * values (rows x resolution), rowBegin, rowEnd, path (x, y pairs), note }.
   * options: { axes: 'auto'|'params'|'random'|'pca', range, resolution, rows: [begin, end], box: [x0, x1, y0, y1] }
   */
  landscape(options = {}) {
    const s = this.#s();
    const meta = answer(s.landscape(optionsText(options, 'options')));
    return {
      axes: meta.axes, resolution: meta.resolution, x: meta.x, y: meta.y, rowBegin: meta.rowBegin, rowEnd: meta.rowEnd,
      values: copy(s.landscapeValues()), path: copy(s.landscapePath()), note: meta.note,
    };
  }

  /**
   * Learning-rate range test from a copy of the current state: { lrs, losses, smoothed, suggestion, stoppedEarly, message }.
   * options: { minLr: 1e-6, maxLr: 1, steps: 100 }.
   */
  lrFinder(options = {}) {
    const r = answer(this.#s().lrFinder(optionsText(options, 'options')));
    return { ...r, lrs: Float32Array.from(r.lrs), losses: Float32Array.from(r.losses), smoothed: Float32Array.from(r.smoothed) };
  }

  /** { train: {...}, validation: {...} } (function mode: { value, grad_norm }). */
  metrics() { return JSON.parse(this.#s().metricsJson()); }
  /** The result object of the run so far (as run() returns). */
  result() { return JSON.parse(this.#s().resultJson()); }
  /** The result's JSON text. */
  resultJSON() { return this.#s().resultJson(); }
  /** What the problem is: task, classes, names, sizes, the loss used, notes. */
  problem() { return JSON.parse(this.#s().problemJson()); }
  /** The update of parameter i in the last step, with its quantities (g, m, v, ...). */
  explain(i = 0) { return answer(this.#s().explain(number(i, 'i'))); }
  /**
   * The chain rule of training row `sample` for parameter i at the current parameters (one sample,
   * no dropout, no penalty): { sample, rows, loss, x, target, prediction, dloss, layers: [{ activation,
   * z, h, dact, delta }], param: { index, layer, kind, unit, input }, w, inputValue, grad }.
   */
  chainRule(sample = 0, i = 0) { return answer(this.#s().chainRule(number(sample, 'sample'), number(i, 'i'))); }
  /** Momentum / first-moment buffer (empty if the optimizer has none). */
  velocity() { return copy(this.#s().velocity()); }
  /**
   * (x, y) pairs after k updates (function mode, 2-parameter models), and its stride. since: points
   * the caller already holds (at this stride); only newer ones are returned.
   */
  trajectory(since = 0) {
    const s = this.#s();
    const t = answer(s.trajectory(number(since, 'since')));
    return { stride: t.stride, start: t.start, points: copy(s.trajectoryPoints()), values: copy(s.trajectoryValues()) };
  }
  /** The last step's line-search trials: [{ a, f }]. */
  lastTrials() { return JSON.parse(this.#s().trialsJson()); }
  /** The data as loaded (before normalization): { trainX, trainY, validationX, validationY }. */
  data() {
    const s = this.#s();
    return { trainX: copy(s.trainX()), trainY: copy(s.trainY()), validationX: copy(s.validationX()), validationY: copy(s.validationY()) };
  }

  /** The data as the model sees it (normalized features): { trainX, validationX }. */
  normalizedData() {
    const s = this.#s();
    return { trainX: copy(s.trainXn()), validationX: copy(s.validationXn()) };
  }

  /** The order training rows are visited in epochs 0..epochs-1, concatenated (Uint32Array). */
  batchOrder(epochs) {
    const s = this.#s();
    refuse(s.batchOrder(number(epochs, 'epochs')));
    return copy(s.order());
  }

  /** Starts over from the same spec (optionally with another seed). */
  reset(seed) {
    this.#s();
    let text = this.#spec;
    if (seed !== undefined) {
      const bad = nonFinite({ seed: number(seed, 'seed') });
      if (bad.length) throw new DescentError(bad[0].message, bad);
      const spec = JSON.parse(text);
      spec.seed = seed;
      text = JSON.stringify(spec);
    }
    const raw = withCsv(this.#module, this.#csv, (csv) => this.#module.RawSession.open(text, csv));
    if (!raw.ok()) {
      const errors = JSON.parse(raw.errorsJson());
      raw.delete();
      throw new DescentError(`invalid spec: ${errors.map((e) => e.message).join('; ')}`, errors);
    }
    this.#raw.delete();
    this.#raw = raw;
    this.#spec = text;
    return this;
  }

  /** Frees everything the session owns. Safe to call twice. */
  dispose() {
    if (!this.#raw) return;
    this.#raw.delete();
    this.#raw = null;
    this.#registry.delete(this);
  }
}
