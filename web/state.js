// The playground's state: the experiment spec <-> the URL hash, validated against the engine's
// registry (pass registry() in; this module never loads the engine). Pure functions, no DOM, so
// Node tests run it as is. Incoming values are never trusted: every field is checked, clamped to
// its range or replaced by its default, and each change is reported as { path, message }.
// Not here: CSV text (never in the URL), storage, or anything about the page's controls.

/**
 * Training fields a spec holds only when they are set (not 0 / off), so links that do not use them
 * read and write exactly as before. early_stopping is { patience } in the spec and its patience
 * in the link; line_search is a line search id (the engine accepts the bare id; sgd only).
 */
const OPTIONAL_TRAINING = ['steps', 'l1', 'clip_value', 'early_stopping', 'line_search'];

/** What the playground itself allows (beyond the engine's limits), so the page stays usable. */
export const LIMITS = Object.freeze({ hiddenWidth: 256, hiddenLayers: 8, inlineRows: 5000, inlineInputs: 16, inlineClasses: 10, hashChars: 400000, stringChars: 200, features: 1000 });

/** The spec the page starts with (and falls back to, section by section). */
export const START = Object.freeze({
  seed: 42,
  data: { source: 'synthetic', generator: 'spiral', samples: 300, noise: 0.1 },
  preprocess: { normalize: 'zscore', validation_split: 0.2 },
  model: { kind: 'mlp', hidden: [16, 16], activation: 'tanh' },
  optimizer: { kind: 'adam', lr: 0.01 },
  schedule: { kind: 'constant' },
  training: { batch_size: 16, epochs: 200 },
});

const SECTIONS = ['seed', 'data', 'preprocess', 'model', 'loss', 'optimizer', 'schedule', 'training'];
const TRAINING_KEYS = ['batch_size', 'epochs', 'l2', 'clip_norm', 'shuffle'];
const SOURCES = ['synthetic', 'csv', 'inline', 'function'];

/**
 * The spec-level fields (ParamSpecs by dotted name: "seed", "training.batch_size", "model.hidden[]"...),
 * from the engine's registry().spec: core/spec/spec.cpp spec_fields() is their one home. A field
 * this page needs and the engine does not publish is an error here, not a silent default.
 */
export function specFields(registry) {
  const list = registry?.spec;
  if (!Array.isArray(list)) throw new Error('state.js: registry().spec is missing: the engine publishes the spec fields (core/spec/spec.cpp spec_fields)');
  return Object.fromEntries(list.map((p) => [p.name, p]));
}

/**
 * The fields that say how a CSV is read and what it means (header, delimiter, decimal, quote,
 * skip_rows, encoding, task): registry().spec's data fields whose help is for csv, in its order.
 */
export function csvFields(registry) {
  return registry.spec.filter((p) => p.name.startsWith('data.') && /^csv\b/.test(p.help ?? ''));
}

/** What a csv data section sets beyond the defaults ({ target?, features?, task?, delimiter?, ... }): the preview's options. */
export function csvOverrides(data, registry) {
  const out = {};
  if (data?.target) out.target = data.target;
  if (data?.features?.length) out.features = [...data.features];
  for (const p of csvFields(registry)) {
    const k = p.name.slice('data.'.length);
    if (data?.[k] !== undefined && data[k] !== p.default) out[k] = data[k];
  }
  return out;
}

/** One spec field's ParamSpec (throws for a field the engine does not publish). */
function field(fields, name) {
  const p = fields[name];
  if (!p) throw new Error(`state.js: the engine's registry().spec has no field "${name}" (core/spec/spec.cpp spec_fields)`);
  return p;
}

// ---- small helpers ------------------------------------------------------------------------------
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A value, shortened and quoted, safe to show in a message (messages are shown as text). */
export function show(v) {
  let s;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean' || v === null) s = String(v);
  else if (Array.isArray(v)) s = `[${v.slice(0, 4).map((x) => (typeof x === 'object' ? '…' : String(x))).join(', ')}${v.length > 4 ? ', …' : ''}]`;
  else s = typeof v;
  // eslint-disable-next-line no-control-regex
  s = s.replace(/[\u0000-\u001f\u007f]/g, '?');
  if (s.length > 40) s = `${s.slice(0, 37)}…`;
  return typeof v === 'string' && !NUMBER_TEXT.test(v) ? `"${s}"` : s;
}

function toNumber(v) {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMBER_TEXT.test(v.trim())) return Number(v.trim());
  return NaN;
}

function rangeText(p) {
  if (p.type === 'choice') return `one of ${p.choices.join(', ')}`;
  if (p.type === 'boolean') return 'true or false';
  const lo = p.min ?? -Infinity;
  const hi = p.max ?? Infinity;
  return `${p.minExclusive ? '(' : '['}${lo === -Infinity ? '-inf' : lo}, ${hi === Infinity ? 'inf' : hi}${p.maxExclusive ? ')' : ']'}`;
}

/**
 * One value against one ParamSpec: returns the value to use; pushes an issue when it differs
 * from what came in. undefined means "not given" (the default, silently).
 */
export function readParam(value, p, path, issues, fallback = p.default) {
  if (value === undefined) return fallback;
  if (p.type === 'choice') {
    if (typeof value === 'string' && p.choices.includes(value)) return value;
    issues.push({ path, message: `${path}: ${show(value)} is not ${rangeText(p)}; using ${show(fallback)}` });
    return fallback;
  }
  if (p.type === 'boolean') {
    if (value === true || value === 'true' || value === '1') return true;
    if (value === false || value === 'false' || value === '0') return false;
    issues.push({ path, message: `${path}: ${show(value)} is not true or false; using ${fallback}` });
    return fallback;
  }
  let x = toNumber(value);
  if (!Number.isFinite(x)) {
    issues.push({ path, message: `${path}: ${show(value)} is not a number; using the default ${fallback}` });
    return fallback;
  }
  const lo = p.min ?? -Infinity;
  const hi = p.max ?? Infinity;
  if (p.type === 'integer' && !Number.isInteger(x)) {
    const r = Math.round(x);
    issues.push({ path, message: `${path}: ${show(value)} is not an integer; using ${r}` });
    x = r;
  }
  const belowMin = p.minExclusive ? !(x > lo) : !(x >= lo);
  const aboveMax = p.maxExclusive ? !(x < hi) : !(x <= hi);
  if (belowMin || aboveMax) {
    // Clamp to an inclusive bound; an exclusive bound cannot be reached, so take the default.
    const bound = belowMin ? lo : hi;
    const exclusive = belowMin ? p.minExclusive : p.maxExclusive;
    const use = exclusive || !Number.isFinite(bound) ? fallback : bound;
    issues.push({ path, message: `${path}: ${show(value)} is outside ${rangeText(p)}; using ${use}` });
    return use;
  }
  return x;
}

function readString(value, path, issues, { max = LIMITS.stringChars } = {}) {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') {
    issues.push({ path, message: `${path}: ${show(value)} is not text; ignored` });
    return undefined;
  }
  let s = String(value);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(s)) {
    issues.push({ path, message: `${path}: control characters removed` });
    // eslint-disable-next-line no-control-regex
    s = s.replace(/[\u0000-\u001f\u007f]/g, '');
  }
  if (s.length > max) {
    issues.push({ path, message: `${path}: longer than ${max} characters; shortened` });
    s = s.slice(0, max);
  }
  return s;
}

function unknownKeys(obj, known, prefix, issues) {
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) issues.push({ path: prefix ? `${prefix}.${k}` : k, message: `${prefix ? `${prefix}.` : ''}${show(k).slice(1, -1)} is not a known field; ignored` });
  }
}

/** A list given as an array or as comma-separated text. */
function listOf(value) {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return value === '' ? [] : value.split(',');
  if (typeof value === 'number') return [value];
  return null;
}

// ---- tasks and fits -----------------------------------------------------------------------------
/**
 * The task of the data a spec describes ('regression' | 'binary' | 'multiclass'), or null when
 * only the engine can tell (CSV with task auto). knownTask (problem().task) wins when given.
 */
export function taskOf(data, registry, knownTask = null) {
  if (knownTask) return knownTask;
  if (!data) return null;
  if (data.source === 'synthetic') {
    const g = registry.generators.find((x) => x.id === data.generator);
    if (!g) return null;
    if (g.task === 'regression') return 'regression';
    const classes = data.classes ?? g.params.find((p) => p.name === 'classes')?.default ?? 2;
    return classes > 2 ? 'multiclass' : 'binary';
  }
  if (data.source === 'inline') {
    if (data.task === 'regression') return 'regression';
    return new Set(data.y).size > 2 ? 'multiclass' : 'binary';
  }
  if (data.source === 'csv' && data.task === 'regression') return 'regression';
  return null;
}

/** How a loss fits a task and model: { fit: 'recommended' | 'allowed' | 'invalid', note }. */
export function lossFit(registry, lossId, task, modelId) {
  const loss = registry.losses.find((l) => l.id === lossId);
  if (!loss) return { fit: 'invalid', note: `unknown loss "${lossId}"` };
  if (!task) return { fit: 'allowed', note: '' };
  const f = loss.fits.find((x) => x.task === task);
  if (!f) return { fit: 'invalid', note: `${loss.label} does not learn ${task} data` };
  if (modelId && !f.models.includes(modelId)) return { fit: 'invalid', note: `${loss.label} does not fit a ${modelId} model on ${task} data` };
  return { fit: f.fit, note: f.note ?? '' };
}

/** Whether a model can learn a task (true when the task is not known yet). */
export function modelFits(registry, modelId, task) {
  const m = registry.models.find((x) => x.id === modelId);
  return !!m && (!task || m.tasks.includes(task));
}

// ---- normalization ------------------------------------------------------------------------------
function readComponent(input, list, section, issues, fallbackKind, extraKeys = []) {
  const out = {};
  let kind = input.kind;
  let entry = list.find((e) => e.id === kind);
  if (kind !== undefined && !entry) {
    issues.push({ path: `${section}.kind`, message: `${section}.kind: ${show(kind)} is not a known ${section} (known: ${list.map((e) => e.id).join(', ')}); using ${fallbackKind}` });
  }
  if (!entry) {
    kind = fallbackKind;
    entry = list.find((e) => e.id === kind);
  }
  out.kind = kind;
  const start = START[section]?.kind === kind ? START[section] : {};
  for (const p of entry.params) out[p.name] = readParam(input[p.name], p, `${section}.${p.name}`, issues, start[p.name] ?? p.default);
  unknownKeys(input, ['kind', ...extraKeys, ...entry.params.map((p) => p.name)], section, issues);
  return out;
}

function readHidden(value, path, issues, fields) {
  const fallback = [...START.model.hidden];
  const list = listOf(value);
  if (value === undefined) return fallback;
  if (list === null) {
    issues.push({ path, message: `${path}: ${show(value)} is not a list of layer widths; using ${fallback.join(', ')}` });
    return fallback;
  }
  const width = field(fields, 'model.hidden[]');
  const maxLayers = Math.min(field(fields, 'model.hidden.length').max ?? Infinity, LIMITS.hiddenLayers);
  let widths = list;
  if (widths.length > maxLayers) {
    issues.push({ path, message: `${path}: ${widths.length} layers is more than the playground's ${maxLayers}; keeping the first ${maxLayers}` });
    widths = widths.slice(0, maxLayers);
  }
  const p = { ...width, max: Math.min(width.max ?? Infinity, LIMITS.hiddenWidth) };
  return widths.map((w, i) => readParam(w, p, `${path}[${i}]`, issues, p.default));
}

function readInline(d, issues) {
  const path = 'data';
  const x = Array.isArray(d.x) ? d.x : typeof d.x === 'string' ? d.x.split(';').map((r) => r.split(',')) : null;
  const y = listOf(d.y);
  const fail = (why) => { issues.push({ path: `${path}.x`, message: `data: the drawn points ${why}; using the default data` }); return null; };
  if (!x || !y) return fail('are missing');
  if (x.length === 0) return fail('are empty');
  if (x.length > LIMITS.inlineRows) return fail(`number more than ${LIMITS.inlineRows}`);
  if (x.length !== y.length) return fail(`have ${x.length} inputs but ${y.length} targets`);
  const task = readParam(d.task, { type: 'choice', choices: ['classification', 'regression'], default: 'classification' }, 'data.task', issues);
  const width = Array.isArray(x[0]) ? x[0].length : 0;
  if (width < 1 || width > LIMITS.inlineInputs) return fail(`need 1 to ${LIMITS.inlineInputs} inputs per row`);
  const xs = [];
  for (let i = 0; i < x.length; i++) {
    if (!Array.isArray(x[i]) || x[i].length !== width) return fail(`row ${i + 1} does not have ${width} values`);
    const row = x[i].map(toNumber);
    if (!row.every(Number.isFinite)) return fail(`row ${i + 1} holds a value that is not a finite number`);
    xs.push(row);
  }
  const ys = y.map(toNumber);
  if (!ys.every(Number.isFinite)) return fail('have a target that is not a finite number');
  if (task === 'classification' && !ys.every((v) => Number.isInteger(v) && v >= 0 && v < LIMITS.inlineClasses)) {
    return fail(`have a class label that is not an integer in [0, ${LIMITS.inlineClasses - 1}]`);
  }
  unknownKeys(d, ['source', 'seed', 'x', 'y', 'task'], 'data', issues);
  return { source: 'inline', task, x: xs, y: ys };
}

/** Function mode's data: { function, ...its params, start: [x, y] }, or null without functions. */
function readFunction(d, registry, issues) {
  const list = registry.functions ?? [];
  let fn = list.find((f) => f.id === d.function);
  if (!fn) {
    const fallback = list.find((f) => f.id === 'rosenbrock') ?? list[0];
    if (!fallback) {
      issues.push({ path: 'data.source', message: 'data.source: this engine has no test functions; using the default data' });
      return null;
    }
    if (d.function !== undefined) issues.push({ path: 'data.function', message: `data.function: ${show(d.function)} is not a known function (known: ${list.map((f) => f.id).join(', ')}); using ${fallback.id}` });
    fn = fallback;
  }
  const out = { function: fn.id };
  for (const p of fn.params) out[p.name] = readParam(d[p.name], p, `data.${p.name}`, issues);
  // The start point: two finite numbers, kept within 1000 of the origin (the engine takes any).
  const start = d.start === undefined ? null : listOf(d.start);
  const bound = { type: 'number', min: -1000, max: 1000 };
  if (start === null || start.length !== 2) {
    if (d.start !== undefined) issues.push({ path: 'data.start', message: `data.start: ${show(d.start)} is not two numbers [x, y]; using the function's start (${fn.start.join(', ')})` });
    out.start = [...fn.start];
  } else {
    out.start = start.map((v, i) => readParam(v, bound, `data.start[${i}]`, issues, fn.start[i]));
  }
  unknownKeys(d, ['source', 'seed', 'function', 'start', ...fn.params.map((p) => p.name)], 'data', issues);
  return out;
}

function readData(d, registry, fields, issues, seed) {
  if (!isObject(d)) {
    if (d !== undefined) issues.push({ path: 'data', message: `data: ${show(d)} is not an object; using the default data` });
    d = { ...START.data };
  }
  let source = d.source ?? 'synthetic';
  if (!SOURCES.includes(source)) {
    issues.push({ path: 'data.source', message: `data.source: ${show(source)} is not one of ${SOURCES.join(', ')}; using the default data` });
    d = { ...START.data };
    source = 'synthetic';
  }
  const dataSeed = readParam(d.seed, field(fields, 'data.seed'), 'data.seed', issues, seed);
  if (source === 'inline') {
    const inline = readInline(d, issues);
    if (inline) return { source: 'inline', seed: dataSeed, task: inline.task, x: inline.x, y: inline.y };
    d = { ...START.data };
    source = 'synthetic';
  }
  if (source === 'function') {
    const fn = readFunction(d, registry, issues);
    if (fn) return { source: 'function', seed: dataSeed, ...fn };
    d = { ...START.data };
    source = 'synthetic';
  }
  if (source === 'csv') {
    const out = { source: 'csv', seed: dataSeed };
    const target = readString(d.target, 'data.target', issues);
    if (target) out.target = target;
    const feats = d.features === undefined ? [] : listOf(d.features);
    if (feats === null) issues.push({ path: 'data.features', message: `data.features: ${show(d.features)} is not a list of column names; using all columns` });
    const features = (feats ?? []).slice(0, LIMITS.features).map((f, i) => readString(f, `data.features[${i}]`, issues)).filter((f) => f);
    out.features = features;
    out.task = readParam(d.task, field(fields, 'data.task'), 'data.task', issues);
    out.header = readParam(d.header, field(fields, 'data.header'), 'data.header', issues);
    // The other reading fields (delimiter, decimal, ...) only when set: links without them stay as they were.
    const reading = csvFields(registry).map((p) => p.name.slice('data.'.length)).filter((k) => !(k in out));
    for (const k of reading) {
      const p = field(fields, `data.${k}`);
      const v = readParam(d[k], p, `data.${k}`, issues);
      if (v !== p.default) out[k] = v;
    }
    unknownKeys(d, ['source', 'seed', 'target', 'features', 'task', 'header', ...reading], 'data', issues);
    return out;
  }
  // synthetic
  let gen = registry.generators.find((g) => g.id === d.generator);
  if (!gen) {
    const fallback = registry.generators.find((g) => g.id === START.data.generator) ?? registry.generators[0];
    if (d.generator !== undefined) issues.push({ path: 'data.generator', message: `data.generator: ${show(d.generator)} is not a known generator (known: ${registry.generators.map((g) => g.id).join(', ')}); using ${fallback.id}` });
    gen = fallback;
  }
  const out = { source: 'synthetic', generator: gen.id, seed: dataSeed };
  const start = START.data.generator === gen.id ? START.data : {};
  for (const p of gen.params) out[p.name] = readParam(d[p.name], p, `data.${p.name}`, issues, start[p.name] ?? p.default);
  unknownKeys(d, ['source', 'seed', 'generator', ...gen.params.map((p) => p.name)], 'data', issues);
  return out;
}

function readModel(m, registry, fields, issues) {
  // hidden/activation/dropout of another model kind are dropped (the engine would refuse them).
  const out = readComponent(m, registry.models, 'model', issues, START.model.kind, ['hidden', 'activation', 'dropout']);
  const entry = registry.models.find((e) => e.id === out.kind);
  if (entry.hiddenLayers) {
    out.hidden = readHidden(m.hidden, 'model.hidden', issues, fields);
  } else {
    const h = listOf(m.hidden);
    if (h && h.length) issues.push({ path: 'model.hidden', message: `model.hidden applies to the neural network only (this is ${out.kind}); ignored` });
  }
  // Key order: kind, hidden, then the registry's params (stable, so hashes compare as text).
  const ordered = { kind: out.kind };
  if (out.hidden) ordered.hidden = out.hidden;
  for (const p of entry.params) ordered[p.name] = out[p.name];
  return ordered;
}

/** The OPTIONAL_TRAINING fields of tr into spec.training, each only when set. */
function readOptionalTraining(tr, spec, registry, fields, issues) {
  const out = spec.training;
  for (const k of ['steps', 'l1', 'clip_value']) {
    const v = readParam(tr[k], field(fields, `training.${k}`), `training.${k}`, issues, 0);
    if (v !== 0) out[k] = v;
  }
  let es = tr.early_stopping;
  if (isObject(es)) {
    unknownKeys(es, ['patience'], 'training.early_stopping', issues);
    es = es.patience ?? field(fields, 'training.early_stopping.patience').default;
  }
  const patienceField = field(fields, 'training.early_stopping.patience');
  if (es === true || es === 'true') es = patienceField.default;
  // 0 (or false, or an empty link value) is "off": the spec then has no early_stopping.
  const off = es === undefined || es === false || es === 'false' || es === 0 || es === '0' || es === '';
  const patience = off ? 0 : readParam(es, patienceField, 'training.early_stopping', issues, patienceField.default);
  if (patience > 0) out.early_stopping = { patience };
  let ls = tr.line_search;
  if (isObject(ls)) ls = ls.kind;
  if (ls !== undefined && ls !== null && ls !== '' && ls !== 'none') {
    const known = (registry.lineSearches ?? []).map((l) => l.id);
    if (!known.includes(ls)) issues.push({ path: 'training.line_search', message: `training.line_search: ${show(ls)} is not a known line search (known: ${known.join(', ') || 'none'}); not used` });
    else if (spec.optimizer.kind !== 'sgd') issues.push({ path: 'training.line_search', message: `training.line_search replaces the learning rate of plain gradient descent, so it needs the SGD optimizer (this is ${spec.optimizer.kind}); not used` });
    else out.line_search = ls;
  }
}

function readSection(obj, key, issues, fallback) {
  if (obj[key] === undefined) return structuredClone(fallback);
  if (isObject(obj[key])) return obj[key];
  issues.push({ path: key, message: `${key}: ${show(obj[key])} is not an object; using the default` });
  return structuredClone(fallback);
}

/**
 * Validates anything (a parsed hash, stored JSON, a control's edit) into a complete spec:
 * { spec, issues: [{ path, message }] }. Never throws. A missing or unusable value takes the
 * page's starting value (START, when it has one for that field and kind), else the registry's
 * default.
 * options.task: the data's task if the engine already told us (problem().task).
 */
export function normalizeSpec(input, registry, options = {}) {
  const issues = [];
  const fields = specFields(registry);
  let obj = input;
  if (!isObject(obj)) {
    if (obj !== undefined) issues.push({ path: '', message: 'the settings could not be read; using the defaults' });
    obj = {};
  }
  unknownKeys(obj, SECTIONS, '', issues);
  const seed = readParam(obj.seed, field(fields, 'seed'), 'seed', issues, START.seed);
  const spec = { seed };
  spec.data = readData(obj.data === undefined ? { ...START.data } : obj.data, registry, fields, issues, seed);

  const pre = readSection(obj, 'preprocess', issues, START.preprocess);
  spec.preprocess = {
    normalize: readParam(pre.normalize, field(fields, 'preprocess.normalize'), 'preprocess.normalize', issues, START.preprocess.normalize),
    validation_split: readParam(pre.validation_split, field(fields, 'preprocess.validation_split'), 'preprocess.validation_split', issues, START.preprocess.validation_split),
  };
  unknownKeys(pre, ['normalize', 'validation_split'], 'preprocess', issues);

  spec.model = readModel(readSection(obj, 'model', issues, START.model), registry, fields, issues);

  const loss = obj.loss;
  if (loss !== undefined && loss !== null && !(isObject(loss) && (loss.kind === undefined || loss.kind === 'auto'))) {
    if (!isObject(loss)) issues.push({ path: 'loss', message: `loss: ${show(loss)} is not an object; using the engine's choice` });
    else if (!registry.losses.some((l) => l.id === loss.kind)) issues.push({ path: 'loss.kind', message: `loss.kind: ${show(loss.kind)} is not a known loss (known: ${registry.losses.map((l) => l.id).join(', ')}); using the engine's choice` });
    else spec.loss = readComponent(loss, registry.losses, 'loss', issues, loss.kind);
  }
  spec.optimizer = readComponent(readSection(obj, 'optimizer', issues, START.optimizer), registry.optimizers, 'optimizer', issues, START.optimizer.kind);
  spec.schedule = readComponent(readSection(obj, 'schedule', issues, START.schedule), registry.schedules, 'schedule', issues, START.schedule.kind);

  const tr = readSection(obj, 'training', issues, START.training);
  spec.training = {};
  for (const k of TRAINING_KEYS) {
    const p = field(fields, `training.${k}`);
    spec.training[k] = readParam(tr[k], p, `training.${k}`, issues, START.training[k] ?? p.default);
  }
  readOptionalTraining(tr, spec, registry, fields, issues);
  unknownKeys(tr, [...TRAINING_KEYS, ...OPTIONAL_TRAINING], 'training', issues);

  // Combinations: a model that cannot learn the task, a loss that does not fit.
  const task = taskOf(spec.data, registry, options.task ?? null);
  if (task && !modelFits(registry, spec.model.kind, task)) {
    const to = registry.models.find((m) => m.tasks.includes(task) && m.hiddenLayers) ?? registry.models.find((m) => m.tasks.includes(task));
    issues.push({ path: 'model.kind', message: `model.kind: ${spec.model.kind} cannot learn ${task} data; using ${to.id}` });
    spec.model = readModel({ kind: to.id, hidden: spec.model.hidden }, registry, fields, []);
  }
  if (spec.loss) {
    const fit = lossFit(registry, spec.loss.kind, task, spec.model.kind);
    if (fit.fit === 'invalid') {
      issues.push({ path: 'loss.kind', message: `loss.kind: ${fit.note}; using the engine's choice` });
      delete spec.loss;
    }
  }
  return { spec, issues };
}

// ---- the hash -----------------------------------------------------------------------------------
// Flat "section.field=value" pairs joined by "&": readable, diffable, stable key order. Lists are
// comma-separated (each item escaped); drawn points are rows separated by ";".
const esc = (s) => encodeURIComponent(String(s));

function pushValue(pairs, key, v) {
  if (v === undefined) return;
  if (Array.isArray(v)) pairs.push(`${esc(key)}=${v.map(esc).join(',')}`);
  else pairs.push(`${esc(key)}=${esc(v)}`);
}

/** A complete spec (from normalizeSpec) as a URL hash, "#seed=42&data.source=...". */
export function specToHash(spec) {
  const pairs = [];
  pushValue(pairs, 'seed', spec.seed);
  for (const section of SECTIONS.slice(1)) {
    const obj = spec[section];
    if (!obj) continue;
    for (const [k, v] of Object.entries(obj)) {
      if (section === 'data' && k === 'x') pairs.push(`data.x=${v.map((row) => row.map(String).join(',')).join(';')}`);
      else if (section === 'training' && k === 'early_stopping') pushValue(pairs, 'training.early_stopping', v.patience);
      else pushValue(pairs, `${section}.${k}`, v);
    }
  }
  return `#${pairs.join('&')}`;
}

/**
 * A URL hash (with or without "#") -> { spec, issues }. Garbage gives the starting spec and an
 * issue; nothing here throws.
 */
export function hashToSpec(hash, registry, options = {}) {
  const text = String(hash ?? '').replace(/^#/, '');
  if (text === '') return normalizeSpec(undefined, registry, options);
  if (text.length > LIMITS.hashChars) {
    const r = normalizeSpec(undefined, registry, options);
    r.issues.unshift({ path: '', message: `the link is longer than ${LIMITS.hashChars} characters; using the defaults` });
    return r;
  }
  const obj = {};
  const issues = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    let key;
    let raw;
    try {
      key = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      raw = eq < 0 ? '' : pair.slice(eq + 1);
    } catch {
      issues.push({ path: '', message: `the link part ${show(pair)} could not be read; ignored` });
      continue;
    }
    const dot = key.indexOf('.');
    const section = dot < 0 ? key : key.slice(0, dot);
    const field = dot < 0 ? '' : key.slice(dot + 1);
    if (!SECTIONS.includes(section) || (section === 'seed') !== (field === '') || field.includes('.') || field === '__proto__') {
      issues.push({ path: key, message: `${show(key).slice(1, -1)} is not a known field; ignored` });
      continue;
    }
    let value;
    try {
      if (section === 'data' && field === 'x') value = raw.split(';').map((r) => r.split(',').map(decodeURIComponent));
      else if (raw.includes(',') || ['hidden', 'features', 'y'].includes(field)) value = raw === '' ? [] : raw.split(',').map(decodeURIComponent);
      else value = decodeURIComponent(raw);
    } catch {
      issues.push({ path: key, message: `${key}: the value could not be read; ignored` });
      continue;
    }
    if (section === 'seed') obj.seed = value;
    else {
      if (!isObject(obj[section])) obj[section] = {};
      obj[section][field] = value;
    }
  }
  const r = normalizeSpec(obj, registry, options);
  r.issues.unshift(...issues);
  return r;
}

/** Whether two specs are the same run (deep equality on the JSON form). */
export function sameSpec(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A fresh seed in the engine's range (from the page's random source; tests pass their own). */
export function newSeed(random = Math.random) {
  return Math.floor(random() * 2 ** 31);
}
