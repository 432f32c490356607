// A playground link: the spec's fields (state.js) plus the playground's own extras, "run=<patch>"
// once per added run of a race (app/runs.js) and "lesson=<id>". "#lesson=<id>" alone opens the
// lesson's setup and runs. A link pasted through an editor that wrote "&" as "&amp;" reads the same.
// Pure functions, no DOM: Node tests use them as they are.
// Not here: the spec's rules (state.js), or what a host does with the link (URL, attribute).
import { hashToSpec, specToHash, normalizeSpec } from '../state.js';
import { readRuns, patchToText, runSpec, settle } from './runs.js';
import { lesson as findLesson } from '../lessons/lessons.js';

export const EXTRA_KEYS = Object.freeze(['run', 'lesson']);

/**
 * Undoes HTML escaping that reached a URL: "&amp;" (an author or a CMS escaped the "&" of an
 * iframe's src or an attribute twice) is "&". No spec field or value contains "&amp;".
 */
export function unescapeAmp(text) {
  return String(text ?? '').replace(/&amp;/gi, '&');
}

/** Splits a hash into the spec's part ("#..." or "") and the extras ({ run: [...], lesson: [...] }, raw text). */
export function splitHash(hash) {
  const text = unescapeAmp(hash).replace(/^#/, '');
  const keep = [];
  const extras = { run: [], lesson: [] };
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (EXTRA_KEYS.includes(key)) extras[key].push(eq < 0 ? '' : pair.slice(eq + 1));
    else keep.push(pair);
  }
  return { specHash: keep.length ? `#${keep.join('&')}` : '', extras };
}

/** A lesson's normalized spec and its runs' patches (settled to the values they really hold). */
export function lessonSetup(lesson, registry, options = {}) {
  const r = normalizeSpec(lesson.spec, registry, options);
  const runs = (lesson.runs ?? []).map((p) => settle(p, runSpec(r.spec, p, registry).spec));
  return { spec: r.spec, runs, issues: r.issues };
}

/**
 * A link -> { spec, runs: [patch], lesson: the lesson object | null, issues }. Nothing throws:
 * unusable parts are reported by path and left out.
 */
export function readLink(hash, registry, options = {}) {
  const { specHash, extras } = splitHash(hash);
  let id = null;
  try { id = extras.lesson.length ? decodeURIComponent(extras.lesson[extras.lesson.length - 1]) : null; } catch { id = null; }
  const lesson = id ? findLesson(id) : null;
  const issues = [];
  if (id && !lesson) issues.push({ path: 'lesson', message: `there is no lesson "${id.slice(0, 40)}"; the rest of the link is used` });
  if (lesson && !specHash) {
    const s = lessonSetup(lesson, registry, options);
    return { spec: s.spec, runs: s.runs, lesson, issues: [...issues, ...s.issues] };
  }
  const r = hashToSpec(specHash, registry, options);
  const rr = readRuns(extras.run, r.spec, registry);
  return { spec: r.spec, runs: rr.runs, lesson, issues: [...issues, ...rr.issues, ...r.issues] };
}

/** The link of a spec with the race's runs and the lesson id: "#seed=...&run=...&lesson=...". */
export function writeLink(spec, runs = [], lessonId = null) {
  const parts = [specToHash(spec)];
  for (const p of runs) parts.push(`run=${patchToText(p)}`);
  if (lessonId) parts.push(`lesson=${encodeURIComponent(lessonId)}`);
  return parts.join('&');
}
