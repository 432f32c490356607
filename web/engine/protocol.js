// Every message between the controller (app/controller.js, through client.js) and the engine
// worker (worker.js), with its fields.
// Both sides build messages with toWorker()/toPage(), which refuse an unknown type or field and a
// missing required one, so the two sides cannot drift apart. Typed arrays travel as transferables.
// Not here: what either side does with a message.

/** Page -> worker. A "?" marks an optional field. */
export const TO_WORKER = Object.freeze({
  /** Start a new session (disposing the old one); replies opened or invalid. */
  open: { token: 'number: names this session; later replies carry it', spec: 'object: a normalized spec (state.js); CSV text is not in it', view: 'object|null: what to predict for the data view (see VIEW)' },
  /** Keep training until paused or the run stops; progress arrives once per tick. */
  play: {},
  pause: {},
  /** Run exactly this many steps, then report (the "step" button, and ?steps=N). */
  step: { steps: 'number: optimizer steps, >= 1' },
  /** Run to the end of the current epoch. */
  epoch: {},
  /** Start the same session over (same spec, same seed: the same numbers again). Replies opened. */
  reset: { token: 'number: names the fresh session' },
  /** Change the learning rate of the running session (no reset). */
  setLr: { lr: 'number > 0' },
  /** Steps per frame (~16 ms) while playing; 0 = as many as fit in the frame. */
  setSpeed: { stepsPerFrame: 'number >= 0' },
  /** What the data view wants predicted (after the data's bounds are known). */
  setView: { view: 'object|null: see VIEW' },
  /** Small data sets to draw the generator thumbnails; replies previews. */
  previews: { seed: 'number', generators: 'array of { id, params }' },
  /**
   * Read an uploaded CSV (kept in the worker for later open calls) and preview it with the engine's
   * csvPreview; replies csv. The file travels as bytes (a Blob: the worker reads it), never as text a
   * browser decoder made: the engine detects the encoding (UTF-8, or Windows-1252 with a note).
   */
  csv: { token: 'number', name: 'string: file name (display only)', file: 'Blob: the file as it is', options: 'object: the CSV fields of a spec\'s data section the user set (target, features, task, header, delimiter, decimal, quote, skip_rows, encoding)', 'defaults?': 'object { seed, dataSeed, validationSplit } or null: also ask the engine what it chooses for this file (a file just chosen)' },
  /** One download's text, from the open session (export-worker.js EXPORT_KINDS); replies exported. */
  export: { id: 'number: echoed in the reply', kind: 'string: spec | params | history | epochs | dataset | torch | keras' },
  /** Check an imported spec (a file) in the engine; replies validated. */
  validate: { id: 'number: echoed in the reply', spec: 'object: the spec as read from the file (may hold model.params)', 'csv?': 'string: CSV text when the spec reads one' },
  /** Extras to send with every progress message (progress.watched); 2-parameter runs only for the first two. */
  watch: { trajectory: 'boolean: the (x, y) path after each update, incrementally', vectors: 'boolean: params, gradient (of the last step), velocity, line-search trials, metrics', explain: 'number: the parameter whose last update to explain (session.explain), -1 = none', 'explainSample?': 'number: the training row whose chain rule for that parameter comes with it (session.chainRule; default 0)', 'network?': 'object|null: the network view: { params: boolean (the weights and the last gradient), units?: { xRange, yRange, resolution } (every unit\'s output on a grid, session.unitGrid) }' },
  /** Compute the loss on a 2-D slice, a few rows per reply (landscape messages), until done or cancelled. */
  landscape: { id: 'number: names the job; replies carry it', axes: 'string: auto | params | random | pca', resolution: 'number: grid points per side', 'box?': 'array: [x0, x1, y0, y1] in slice coordinates (default: the engine\'s)', 'hold?': 'boolean: pause training until the slice is done (slices through the current parameters)' },
  /** Stop the landscape job with this id (a newer job replaces an older one anyway). */
  cancelLandscape: { id: 'number' },
  /** The learning-rate range test from a copy of the current state; replies lrFinder. */
  lrFinder: { id: 'number: echoed in the reply', minLr: 'number > 0', maxLr: 'number > minLr', steps: 'number: 5..2000' },
  /** Liveness (client.js): the worker answers pong at once, even while the engine loads. */
  ping: { id: 'number: echoed in the pong' },
  /** Only with ?test-hooks=1: make the worker fail the way a real fault would (tests/e2e/faults). */
  testFault: { kind: 'string: throw (uncaught error) | close (the worker ends silently) | hang (blocks for ms) | abort (the engine aborts inside a request)', 'ms?': 'number: how long hang blocks' },
});

/** Worker -> page. */
export const TO_PAGE = Object.freeze({
  ready: { version: 'string', arch: 'string', probe: 'string', registry: 'object: descent.registry()' },
  /** A session exists: its normalized spec, what the engine made of the data, and the data. */
  opened: { token: 'number', problem: 'object: session.problem()', data: 'object: { trainX, trainY, validationX, validationY } Float32Arrays, before normalization', progress: 'object: see progress' },
  /** The spec or its data was refused: [{ path, message }] (CSV messages name the row and column). */
  invalid: { token: 'number', errors: 'array of { path, message }' },
  /**
   * Training moved: counters, the new per-step history since the last message (start says where it
   * begins, at stride; a larger stride than before means "thin your copy as the engine did first",
   * history-sync.js; replace means "drop what you have": the session was cleared), new epochs.
   */
  progress: {
    token: 'number', running: 'boolean', status: 'string: running | done | diverged | stopped ...', message: 'string: why it stopped',
    steps: 'number', epochs: 'number', samplesSeen: 'number', totalSteps: 'number', stepsPerEpoch: 'number', lr: 'number: current',
    samplesPerSecond: 'number', history: 'object: { start, stride, replace, loss, gradNorm, lr, layerGradNorm (an array of one Float32Array per layer) } (Float32Arrays)',
    epochLog: 'object: { from, trainLoss, valLoss, lr, trainMetric, valMetric, step } (entries from index from on)',
    'metrics?': 'object: session.metrics() (at most a few times a second)',
    'trainMs?': 'number: milliseconds spent training since open/reset (the wall-clock axis of a race)',
    'watched?': 'object: what watch asked for: { trajectory?: { start, stride, replace, points, values }, vectors?: { steps, params, gradient, velocity, trials, metrics }, explain?: { index, steps, numParams, values | error, chain?: session.chainRule(explainSample, index) | { sample, error } (data mode) }, network?: { steps, params?, gradient?, units?: { resolution, xRange, yRange, layers, values } | { error } } }',
  },
  /** Predictions for the data view, for the state at steps. */
  view: { token: 'number', steps: 'number', kind: 'string: grid | curve | points | slice', result: 'object: see VIEW' },
  previews: { items: 'array of { id, task, inputs, x, y } (Float32Arrays) or { id, error }' },
  /**
   * What the engine made of an uploaded CSV (csv-shape.js shapePreview: names cut, at most
   * LIST_COLUMNS columns listed): parsed (split into a table), errors (why it cannot train with
   * these options; empty: it can), the first rows as the engine split them, columns with their
   * roles, the guesses (data: dialect, target, task, ignored, notes). cancelled: a restart of the
   * engine stopped the reading (nothing was learnt about the file).
   */
  csv: {
    token: 'number', name: 'string', bytes: 'number', parsed: 'boolean', errors: 'array of { path, message }', 'cancelled?': 'boolean',
    'hasHeader?': 'boolean', 'totalRows?': 'number', 'columns?': 'array of { index, name, length?, select, numeric, distinct, role?, why? }',
    'more?': 'object: { count, roles: { target, feature, ignored, unused } } of the columns not listed', 'rows?': 'array of arrays of strings',
    'lines?': 'array of strings: the first lines of a file that could not be split', 'data?': 'object: the guesses (csv-shape.js shapeReport)',
    'defaults?': 'array of { field, value, why }: what the engine chooses for the file (model.kind, loss.kind, preprocess.normalize, optimizer, optimizer.lr, target), when asked',
  },
  /** Something failed; fatal: the engine cannot go on (it aborted, ran out of memory or failed to load). */
  error: { message: 'string', 'fatal?': 'boolean' },
  pong: { id: 'number' },
  /** The text of one export, or why there is none. */
  exported: { id: 'number', kind: 'string', ok: 'boolean', 'text?': 'string', 'notes?': 'array of strings', 'error?': 'string' },
  /** The engine's verdict on an imported spec: errors name the field ({ path, message }). */
  validated: { id: 'number', ok: 'boolean', errors: 'array of { path, message }' },
  /** Rows [rowBegin, rowEnd) of a landscape job (values row-major, rowEnd - rowBegin rows of resolution), or its error. */
  landscape: { id: 'number', ok: 'boolean', done: 'boolean: the last message of this job', 'error?': 'string', 'axes?': 'string', 'resolution?': 'number', 'x?': 'array [x0, x1]', 'y?': 'array [y0, y1]', 'rowBegin?': 'number', 'rowEnd?': 'number', 'values?': 'Float32Array', 'path?': 'Float32Array: the trajectory in slice coordinates (x, y pairs)', 'note?': 'string: what the slice means', 'steps?': 'number: the step it was computed at' },
  /** The learning-rate range test's result: { lrs, losses, smoothed, suggestion } or its error. */
  lrFinder: { id: 'number', ok: 'boolean', 'error?': 'string', 'lrs?': 'Float32Array', 'losses?': 'Float32Array', 'smoothed?': 'Float32Array', 'suggestion?': 'number', 'stoppedEarly?': 'boolean', 'message?': 'string' },
});

/**
 * Views the page can ask for (setView / open.view):
 *   { kind: 'grid', xRange: [a, b], yRange: [a, b], resolution }  -> result { values, outputs, resolution, xRange, yRange }
 *   { kind: 'curve', x: Float32Array }                              -> result { x, values, outputs }
 *   { kind: 'points' }                                               -> result { train, validation, outputs } (predictions for the rows)
 *   { kind: 'slice', axes: [i, j], xRange, yRange, resolution, points? }
 *       -> result { values, outputs, resolution, xRange, yRange, axes, held, train?, validation? }: the grid over
 *          features i and j with every other feature held at its training mean (held: the value of every
 *          feature, raw units; slice.js); points: also the predictions for the rows (as 'points')
 */
export const VIEW_KINDS = Object.freeze(['grid', 'curve', 'points', 'slice']);

function fieldsOf(table, type) {
  const f = table[type];
  if (!f) throw new Error(`protocol: unknown message type "${type}"`);
  return f;
}

function build(table, type, fields = {}) {
  const spec = fieldsOf(table, type);
  const msg = { type };
  for (const name of Object.keys(fields)) {
    if (!(name in spec) && !(`${name}?` in spec)) throw new Error(`protocol: "${type}" has no field "${name}"`);
    msg[name] = fields[name];
  }
  for (const key of Object.keys(spec)) {
    if (!key.endsWith('?') && fields[key] === undefined) throw new Error(`protocol: "${type}" needs field "${key}"`);
  }
  return msg;
}

/** A page -> worker message. */
export const toWorker = (type, fields) => build(TO_WORKER, type, fields);
/** A worker -> page message. */
export const toPage = (type, fields) => build(TO_PAGE, type, fields);

/** The ArrayBuffers inside a message (typed arrays up to three levels deep), to transfer. */
export function transferables(msg) {
  const out = new Set();
  const walk = (v, depth) => {
    if (!v || typeof v !== 'object' || depth > 3) return;
    if (ArrayBuffer.isView(v)) { if (v.buffer instanceof ArrayBuffer && v.byteLength === v.buffer.byteLength) out.add(v.buffer); return; }
    for (const x of Array.isArray(v) ? v : Object.values(v)) walk(x, depth + 1);
  };
  walk(msg, 0);
  return [...out];
}

/** Checks an incoming message's type against a table; returns false for unknown types. */
export function known(table, msg) {
  return !!msg && typeof msg.type === 'string' && Object.prototype.hasOwnProperty.call(table, msg.type);
}
