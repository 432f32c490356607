// What a downloaded or imported file is, without the DOM: file names for each export, and reading
// an imported JSON file (a spec, or a descent-params file with its spec and trained parameters)
// into the spec the engine checks and the spec the page normalizes. Problems come back as
// { path, message } like every other spec error. Not here: Blobs, buttons, the worker.

/** Per export kind: the file's extension, MIME type and what it is called in messages. */
export const FILES = Object.freeze({
  spec: { ext: 'json', mime: 'application/json', what: 'spec' },
  params: { ext: 'json', mime: 'application/json', what: 'trained parameters' },
  history: { ext: 'csv', mime: 'text/csv', what: 'loss history (per step)' },
  epochs: { ext: 'csv', mime: 'text/csv', what: 'loss history (per epoch)' },
  dataset: { ext: 'csv', mime: 'text/csv', what: 'dataset' },
  torch: { ext: 'py', mime: 'text/x-python', what: 'PyTorch script' },
  keras: { ext: 'py', mime: 'text/x-python', what: 'Keras snippet' },
  'loss-png': { ext: 'png', mime: 'image/png', what: 'loss chart (PNG)' },
  'loss-svg': { ext: 'svg', mime: 'image/svg+xml', what: 'loss chart (SVG)' },
  'grad-svg': { ext: 'svg', mime: 'image/svg+xml', what: 'gradient-norm chart (SVG)' },
  'plot-png': { ext: 'png', mime: 'image/png', what: 'data plot (PNG)' },
});

/** A short, file-name-safe name for the data a spec trains on. */
export function dataSlug(spec) {
  const d = spec?.data ?? {};
  const raw = d.source === 'synthetic' ? d.generator : d.source === 'inline' ? 'drawn' : d.source === 'function' ? d.function ?? 'function' : d.source ?? 'run';
  return String(raw ?? 'run').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'run';
}

/** descent-<data>-<kind>[-step<N>].<ext> */
export function fileName(kind, spec, steps) {
  const f = FILES[kind];
  const base = { spec: 'spec', params: 'params', history: 'history', epochs: 'epochs', dataset: 'data', torch: 'torch', keras: 'keras', 'loss-png': 'loss', 'loss-svg': 'loss', 'grad-svg': 'grad-norm', 'plot-png': 'plot' }[kind] ?? kind;
  const at = ['params', 'history', 'epochs', 'loss-png', 'loss-svg', 'grad-svg', 'plot-png'].includes(kind) && Number.isFinite(steps) ? `-step${steps}` : '';
  return `descent-${dataSlug(spec)}-${base}${at}.${f?.ext ?? 'txt'}`;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * An imported file's JSON -> { kind: 'spec' | 'params', engineSpec (what the engine validates:
 * with model.params and data.text when present), pageSpec (without them, for normalizeSpec),
 * params (array or null), csv (text or null) } or { errors: [{ path, message }] }.
 */
export function readImport(obj) {
  if (!isObject(obj)) return { errors: [{ path: '', message: 'the file does not hold a JSON object (a spec or a descent-params file)' }] };
  let kind = 'spec';
  let spec = obj;
  let params = null;
  let paramsPath = 'model.params';
  if (obj.format === 'descent-params') {
    kind = 'params';
    const errors = [];
    if (!isObject(obj.spec)) errors.push({ path: 'spec', message: 'spec: a parameters file must hold the spec that made them (an object)' });
    if (!Array.isArray(obj.params)) errors.push({ path: 'params', message: 'params: a parameters file must hold the parameters (an array of numbers)' });
    if (errors.length) return { errors };
    spec = obj.spec;
    params = obj.params;
    paramsPath = 'params';
  } else if (obj.format !== undefined) {
    return { errors: [{ path: 'format', message: `format: "${String(obj.format).slice(0, 40)}" is not a Descent file (expected a spec or format "descent-params")` }] };
  } else if (isObject(spec.model) && spec.model.params !== undefined) {
    params = spec.model.params;
    if (!Array.isArray(params)) return { errors: [{ path: 'model.params', message: 'model.params must be an array of numbers' }] };
  }
  if (params) {
    const bad = params.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) return { errors: [{ path: `${paramsPath}[${bad}]`, message: `${paramsPath}[${bad}] is not a finite number` }] };
  }
  const engineSpec = structuredClone(spec);
  if (params) engineSpec.model = { ...(isObject(engineSpec.model) ? engineSpec.model : {}), params: [...params] };
  const pageSpec = structuredClone(spec);
  let csv = null;
  if (isObject(pageSpec.model)) delete pageSpec.model.params;
  if (isObject(pageSpec.data) && pageSpec.data.source === 'csv' && typeof pageSpec.data.text === 'string') {
    csv = pageSpec.data.text;
    delete pageSpec.data.text;
  }
  return { kind, engineSpec, pageSpec, params, csv };
}
