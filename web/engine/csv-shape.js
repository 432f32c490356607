// What the page receives of the engine's answers about an uploaded CSV (csvPreview, problem(),
// metrics()): every name cut to NAME_CHARS with its full length said, messages and notes cut to
// TEXT_CHARS, at most LIST_COLUMNS columns listed (the others counted by role). The worker runs
// it, so the page never receives, parses or lays out unbounded text (a 10 MB header cell).
// Pure functions over plain objects: no engine, no DOM. Not here: parsing (the engine, core/data/),
// drawing (panels/settings/csv.js).
import { int } from '../charts/format.js';

/** A name longer than this is cut (with "…") and its length said. */
export const NAME_CHARS = 80;
/** A message or note longer than this is cut. */
export const TEXT_CHARS = 400;
/** Columns listed one by one (the table, the feature checkboxes); the rest are counted. */
export const LIST_COLUMNS = 50;
/** Data rows the preview table shows. */
export const PREVIEW_ROWS = 8;

/** s cut to `max` UTF-16 units, the last one "…" (never half of a surrogate pair). */
function cut(s, max) {
  let end = max - 1;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${s.slice(0, end)}\u2026`;
}

/** { text, length? }: a name as the page shows it; length (the full length) only when it was cut. */
export function cutName(name) {
  const s = String(name ?? '');
  return s.length > NAME_CHARS ? { text: cut(s, NAME_CHARS), length: s.length } : { text: s };
}

/** A name as text: cut ones say their length ("aaaa… (10,485,760 characters)"). */
export function nameText(name) {
  const n = cutName(name);
  return n.length === undefined ? n.text : `${n.text} (${int(n.length)} characters)`;
}

/**
 * A message or note for the page: quoted names inside it cut as names are, then the whole cut
 * to TEXT_CHARS. (The engine quotes column names and cells in its messages.)
 */
export function cutText(text) {
  const s = String(text ?? '');
  if (s.length <= TEXT_CHARS) return s;
  // A scan, not a regular expression: a 10 MB quoted name overflows the regex engine's stack.
  let out = '';
  let at = 0;
  while (at < s.length && out.length <= TEXT_CHARS) {
    const open = s.indexOf('"', at);
    const close = open < 0 ? -1 : s.indexOf('"', open + 1);
    if (close < 0) { out += s.slice(at, at + TEXT_CHARS + 1); break; }
    const inner = s.slice(open + 1, close);
    out += `${s.slice(at, Math.min(open, at + TEXT_CHARS + 1))}"${inner.length > NAME_CHARS ? nameText(inner) : inner}"`;
    at = close + 1;
  }
  return out.length > TEXT_CHARS ? cut(out, TEXT_CHARS) : out;
}

const cutErrors = (errors) => errors.map((e) => ({ path: String(e.path ?? ''), message: cutText(e.message) }));

/**
 * What an override of a column says in the spec (data.target, data.features): its name, unless the
 * name was cut, is blank, has spaces around it or is shared with another column: then its 1-based
 * number (the engine reads either; core/data/csv.cpp find_column).
 */
function selectors(header) {
  const seen = new Map();
  for (const h of header) seen.set(h, (seen.get(h) ?? 0) + 1);
  return header.map((h, j) => (h.length <= NAME_CHARS && h !== '' && h.trim() === h && seen.get(h) === 1 ? h : String(j + 1)));
}

/** The engine's data report (write_csv_report) with its names cut and its lists bounded. */
export function shapeReport(data) {
  if (!data || typeof data !== 'object') return null;
  const out = { notes: (data.notes ?? []).map(cutText), dialect: data.dialect ?? null };
  if (out.dialect) out.dialect = { ...out.dialect, dropped: (out.dialect.dropped ?? []).slice(0, LIST_COLUMNS).map((n) => cutName(n).text) };
  if (data.target) out.target = { ...data.target, name: cutName(data.target.name).text };
  if (data.task) out.task = { ...data.task };
  if (Array.isArray(data.features)) out.features = data.features.length;
  if (Array.isArray(data.ignored)) {
    out.ignored = data.ignored.slice(0, LIST_COLUMNS).map((g) => ({ ...g, name: cutName(g.name).text }));
    out.ignoredCount = data.ignored.length;
  }
  return out;
}

/**
 * The page's csv message fields from csvPreview's answer (core/data/csv_preview.hpp) for a file of
 * `bytes` bytes: { parsed, errors, hasHeader?, totalRows?, columns?, more?, rows?, lines?, data? }.
 * columns: the first LIST_COLUMNS, each { index, name, length?, select, numeric, distinct, role?, why? };
 * more: { count, roles: { feature, ignored, unused, target } } for the columns not listed;
 * errors: why this file (with these options) cannot train: [{ path, message }] (empty: it can).
 */
export function shapePreview(p) {
  const errors = [];
  if (Array.isArray(p.errors) && p.errors.length) errors.push(...cutErrors(p.errors));
  else if (p.error) errors.push({ path: 'data.text', message: cutText(p.error) });
  if (p.dataError) errors.push({ path: 'data', message: cutText(p.dataError) });
  const out = { parsed: !!p.ok, errors };
  if (Array.isArray(p.lines)) out.lines = p.lines.slice(0, PREVIEW_ROWS + 1).map((l) => cutName(l).text);
  if (!p.ok || !Array.isArray(p.columns)) return out;
  const header = p.header ?? p.columns.map((c) => c.name);
  const select = selectors(header);
  const shown = Math.min(LIST_COLUMNS, p.columns.length);
  out.hasHeader = !!p.hasHeader;
  out.totalRows = p.totalRows;
  out.columns = p.columns.slice(0, shown).map((c, j) => {
    const n = cutName(c.name);
    const col = { index: j, name: n.text, select: select[j], numeric: !!c.numeric, distinct: c.distinct };
    if (n.length !== undefined) col.length = n.length;
    if (c.role) col.role = c.role;
    if (c.why) col.why = c.why;
    return col;
  });
  if (p.columns.length > shown) {
    const roles = { target: 0, feature: 0, ignored: 0, unused: 0 };
    for (const c of p.columns.slice(shown)) if (c.role in roles) roles[c.role]++;
    out.more = { count: p.columns.length - shown, roles };
  }
  out.rows = (p.rows ?? []).slice(0, PREVIEW_ROWS).map((r) => r.slice(0, shown).map((cell) => cutName(cell).text));
  const data = shapeReport(p.data);
  if (data) out.data = data;
  return out;
}

/** session.problem() for the page: names, notes and the data report cut (the rest as it is). */
export function shapeProblem(problem) {
  const out = { ...problem };
  for (const k of ['featureNames', 'targetNames', 'classNames']) if (Array.isArray(out[k])) out[k] = out[k].map((n) => cutName(n).text);
  if (Array.isArray(out.notes)) out.notes = out.notes.map(cutText);
  if (out.data) out.data = shapeReport(out.data);
  return out;
}

/** session.metrics() for the page: class names in confusion matrices cut. */
export function shapeMetrics(metrics) {
  if (!metrics || typeof metrics !== 'object') return metrics;
  let out = metrics;
  for (const split of ['train', 'validation']) {
    const m = metrics[split];
    if (m && Array.isArray(m.classes) && m.classes.some((n) => typeof n === 'string' && n.length > NAME_CHARS)) {
      if (out === metrics) out = { ...metrics };
      out[split] = { ...m, classes: m.classes.map((n) => cutName(n).text) };
    }
  }
  return out;
}

/** Error lists from the engine (session open, a failed parse) with their messages cut. */
export const shapeErrors = cutErrors;

/** The task a csv message's guesses name, as problem().task does (binary | multiclass | regression), or null. */
export function previewTask(m) {
  const t = m?.data?.task;
  if (!t) return null;
  return t.kind === 'regression' ? 'regression' : (t.classes ?? 0) > 2 ? 'multiclass' : 'binary';
}
