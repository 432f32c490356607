// A race: the host's own run (A) and up to five challengers, each a patch on the host's spec
// ({ 'optimizer.kind': 'momentum', 'optimizer.lr': 0.05 }), and their part of the link
// ("run=optimizer.kind:momentum,optimizer.lr:0.05", one pair per challenger). Pure functions, no
// DOM: Node tests use them as they are. Patches never touch data or seed, so every run trains on
// the same rows from the same initial parameters in the same batch order.
// Not here: the workers (race.js) or the card (panels/race/panel.js).
import { normalizeSpec, show } from '../state.js';
import { short as num } from '../charts/format.js';
import { RUN_VARS } from '../palette.js';

export const MAX_RUNS = 6;
/** Run names and colours (palette.js run-0 ... run-5, following the theme: var(--run-i)). */
export const RUN_NAMES = ['A', 'B', 'C', 'D', 'E', 'F'];
export const RUN_COLORS = RUN_VARS;
/** Dash patterns per run, so runs differ by more than hue in the charts. */
export const RUN_DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2]];

/** Sections a patch may change (never data or seed: the runs must share the data and the initial parameters). */
export const PATCH_SECTIONS = ['optimizer', 'schedule', 'loss', 'model', 'preprocess', 'training'];
const MAX_PATCH_FIELDS = 16;
const PATH = /^([a-z_]+)\.([a-z_0-9]+)$/;

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks a patch object: { patch, issues } (unknown sections and malformed paths dropped). */
export function cleanPatch(input, where = 'run') {
  const issues = [];
  const patch = {};
  if (!isObject(input)) {
    issues.push({ path: where, message: `${where}: not a list of changes; ignored` });
    return { patch, issues };
  }
  for (const [path, value] of Object.entries(input)) {
    const m = PATH.exec(path);
    if (!m || !PATCH_SECTIONS.includes(m[1]) || m[2] === '__proto__') {
      issues.push({ path: where, message: `${where}: ${show(path)} cannot differ between runs (only ${PATCH_SECTIONS.join(', ')} fields can); ignored` });
      continue;
    }
    if (Object.keys(patch).length >= MAX_PATCH_FIELDS) {
      issues.push({ path: where, message: `${where}: more than ${MAX_PATCH_FIELDS} changes; the rest are ignored` });
      break;
    }
    patch[path] = value;
  }
  return { patch, issues };
}

/**
 * The spec of one run: base with the patch applied. Setting <section>.kind starts that section
 * afresh ({ kind } plus the patch's fields: another optimizer does not inherit Adam's betas);
 * other fields are changed in place. loss.kind "auto" lets the engine choose. Not normalized.
 */
export function applyPatch(base, patch) {
  const spec = structuredClone(base);
  const bySection = {};
  for (const [path, value] of Object.entries(patch)) {
    const [section, field] = path.split('.');
    (bySection[section] ??= {})[field] = value;
  }
  for (const [section, fields] of Object.entries(bySection)) {
    if ('kind' in fields) {
      if (section === 'loss' && (fields.kind === 'auto' || fields.kind === '')) { delete spec.loss; continue; }
      const fresh = { kind: fields.kind };
      // A neural network keeps its layers when only the kind changes back to mlp.
      if (section === 'model' && fields.kind === 'mlp' && base.model?.hidden) fresh.hidden = [...base.model.hidden];
      spec[section] = { ...fresh, ...fields };
    } else {
      spec[section] = { ...(isObject(spec[section]) ? spec[section] : {}), ...fields };
    }
  }
  // Model params (an imported start) only fit the model they came with.
  if (bySection.model && spec.model?.params) delete spec.model.params;
  return spec;
}

/** The normalized spec of a run: { spec, issues }, via the page's own normalization. */
export function runSpec(base, patch, registry, options = {}) {
  const { spec, issues } = normalizeSpec(applyPatch(base, patch), registry, options);
  // Data and seed come from the base whatever the patch says (normalization cannot change them).
  spec.seed = base.seed;
  spec.data = structuredClone(base.data);
  return { spec, issues };
}

// ---- the link -----------------------------------------------------------------------------------
const enc = (v) => encodeURIComponent(String(v)).replace(/%2F/g, '/');
const valueText = (v) => (Array.isArray(v) ? v.map(enc).join('/') : enc(v));

/** A patch as link text: "optimizer.kind:sgd,optimizer.lr:0.1" (lists joined by "/"). */
export function patchToText(patch) {
  return Object.entries(patch).map(([k, v]) => `${k}:${valueText(v)}`).join(',');
}

/** Link text -> { patch, issues }; values stay text (normalizeSpec reads numbers and lists). */
export function textToPatch(text, where = 'run') {
  const raw = {};
  const issues = [];
  for (const item of String(text ?? '').split(',')) {
    if (item === '') continue;
    const colon = item.indexOf(':');
    if (colon < 1) { issues.push({ path: where, message: `${where}: ${show(item)} is not field:value; ignored` }); continue; }
    let key;
    let value;
    try {
      key = decodeURIComponent(item.slice(0, colon));
      const v = item.slice(colon + 1);
      value = v.includes('/') ? v.split('/').map(decodeURIComponent) : decodeURIComponent(v);
    } catch {
      issues.push({ path: where, message: `${where}: ${show(item)} could not be read; ignored` });
      continue;
    }
    raw[key] = value;
  }
  const r = cleanPatch(raw, where);
  return { patch: r.patch, issues: [...issues, ...r.issues] };
}

/**
 * The challengers' patches from the link's run= values, checked against the registry with the
 * base spec: { runs: [patch], issues }. A patch whose fields the page had to change is kept in
 * its corrected form, so the link and the runs agree.
 */
export function readRuns(values, base, registry) {
  const runs = [];
  const issues = [];
  for (const [i, text] of values.entries()) {
    if (runs.length >= MAX_RUNS - 1) { issues.push({ path: 'run', message: `a race has at most ${MAX_RUNS} runs; the rest were dropped` }); break; }
    const where = `run ${RUN_NAMES[runs.length + 1] ?? i + 2}`;
    const r = typeof text === 'string' ? textToPatch(text, where) : cleanPatch(text, where);
    issues.push(...r.issues);
    if (base && registry) {
      const s = runSpec(base, r.patch, registry);
      for (const is of s.issues) issues.push({ path: where, message: `${where}: ${is.message}` });
      runs.push(settle(r.patch, s.spec));
    } else {
      runs.push(r.patch);
    }
  }
  return { runs, issues };
}

/** The patch rewritten with the values its normalized spec actually holds (clamped, typed). */
export function settle(patch, spec) {
  const out = {};
  for (const path of Object.keys(patch)) {
    const [section, field] = path.split('.');
    const v = spec[section]?.[field];
    if (section === 'loss' && field === 'kind' && !spec.loss) { out[path] = 'auto'; continue; }
    if (section === 'training' && field === 'early_stopping') { out[path] = v ? v.patience : 0; continue; }
    if (section === 'training' && field === 'line_search') { out[path] = v ?? 'none'; continue; }
    if (v === undefined) continue;
    out[path] = v;
  }
  return out;
}

// ---- labels -------------------------------------------------------------------------------------
const NAMES = {
  'training.batch_size': 'batch size', 'training.clip_norm': 'clip norm', 'training.clip_value': 'clip value',
  'training.l2': 'L2', 'training.l1': 'L1', 'training.early_stopping': 'early stopping', 'training.line_search': 'line search',
  'training.epochs': 'epochs', 'training.steps': 'steps', 'preprocess.normalize': 'normalize', 'model.activation': 'activation',
  'model.hidden': 'layers', 'model.init': 'init', 'model.dropout': 'dropout', 'optimizer.lr': 'lr',
};

function valueLabel(path, spec, registry) {
  const [section, field] = path.split('.');
  const v = spec[section]?.[field];
  const entry = (list, id) => list?.find((e) => e.id === id)?.label ?? id;
  if (path === 'optimizer.kind') return entry(registry.optimizers, v);
  if (path === 'schedule.kind') return v === 'constant' ? 'constant lr' : entry(registry.schedules, v);
  if (path === 'loss.kind') return spec.loss ? entry(registry.losses, spec.loss.kind) : 'automatic loss';
  if (path === 'model.kind') return entry(registry.models, v);
  if (path === 'training.batch_size') return v === 0 ? 'full batch' : v === 1 ? 'batch size 1 (stochastic)' : `batch size ${v}`;
  if (path === 'training.early_stopping') return v ? `early stopping (patience ${v.patience})` : 'no early stopping';
  if (path === 'training.line_search') return v ? entry(registry.lineSearches, v) : 'fixed step';
  if (path === 'training.clip_norm') return v ? `clip norm ${num(v)}` : 'no clipping';
  if (path === 'preprocess.normalize') return v === 'none' ? 'not normalized' : `${v} normalized`;
  if (path === 'model.hidden') return `layers ${(v ?? []).join('×') || 'none'}`;
  if (v === undefined) return null;   // a field this run's optimizer or schedule does not have
  const name = NAMES[path] ?? field.replace(/_/g, ' ');
  return `${name} ${Array.isArray(v) ? v.join('/') : typeof v === 'number' ? num(v) : String(v)}`;
}

/**
 * A short label for a run: the values of the fields any run of the race changes, read from this
 * run's normalized spec ("Momentum, lr 0.05"). paths: the union of the race's patch paths.
 */
export function runLabel(spec, paths, registry) {
  const list = [...paths];
  // An optimizer is named by its kind; its lr follows the kind when both differ.
  if (list.some((p) => p.startsWith('optimizer.')) && !list.includes('optimizer.kind')) list.unshift('optimizer.kind');
  if (list.includes('optimizer.kind') && !list.includes('optimizer.lr') && !spec.training?.line_search) list.push('optimizer.lr');
  if (list.includes('schedule.kind')) {
    for (let i = list.length - 1; i >= 0; i--) if (list[i].startsWith('schedule.') && list[i] !== 'schedule.kind') list.splice(i, 1);
  }
  if (!list.length) return `${registry.optimizers.find((o) => o.id === spec.optimizer.kind)?.label ?? spec.optimizer.kind}, lr ${num(spec.optimizer.lr)}`;
  const parts = [];
  for (const p of list) {
    if (p === 'optimizer.lr' && spec.training?.line_search) continue;
    const text = p === 'optimizer.lr' ? `lr ${num(spec.optimizer.lr)}` : valueLabel(p, spec, registry);
    if (text && !parts.includes(text)) parts.push(text);
  }
  return parts.join(', ');
}

/** The paths any patch of the race sets, in first-seen order. */
export function racePaths(runs) {
  const out = [];
  for (const p of runs) for (const k of Object.keys(p)) if (!out.includes(k)) out.push(k);
  return out;
}

/** Whether a run's patch leaves the optimizer alone (so a live lr change applies to it too). */
export const followsLr = (patch) => !Object.keys(patch).some((k) => k.startsWith('optimizer.'));

/** Suggested starting lr for an optimizer added to a race: the registry's, or 0.01 when required. */
export function suggestedLr(registry, kind) {
  const p = registry.optimizers.find((o) => o.id === kind)?.params.find((q) => q.name === 'lr');
  return p?.default ?? p?.suggested ?? 0.01;
}
