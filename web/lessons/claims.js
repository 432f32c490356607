// What a lesson claims, as data, and the one evaluator of those claims. A run's numbers come in as a
// *record* (recordOf below: its loss history, epochs, path, metrics, predictions); a claim is a small
// object ({ kind: 'reaches', run: 'B', fraction: 0.001, withinStepsOf: { run: 'A', factor: 0.5 } })
// read against the records, giving { ok, text } ("B reached 0.1% of its start in 23 steps; A in 61").
// The test suite (tests/js/lesson-claims.test.mjs, through the engine in Node) and the page (the
// lesson's caption, once the runs finish) call the same functions; so do the race table's final
// value and steps to target, and the landscape's readout (finalValue: one definition of "f now").
// Pure functions, no DOM, no engine. Not here: the lessons themselves (lessons.js), running them.
import { fmt, int, percent } from '../charts/format.js';
import { chainLines } from '../views/explain-lines.js';

/**
 * A run's record: what a claim may read. Every field but name and loss may be missing (the claim
 * then says it cannot be checked here, ok: null).
 *   name 'A'..'F'; functionMode; status (running | done | diverged | early_stopped | converged);
 *   steps (updates taken); stride, loss, gradNorm, lr: per-step history (point j is step (j + 1) * stride,
 *   the loss at the start of that step); epochs: { step, trainLoss, valLoss }; stepsPerEpoch;
 *   path: { points: [x0, y0, x1, y1, ...] (the start first), values: f at those points (function mode) };
 *   metrics: the engine's metrics at the current parameters ({ train, validation } or { value, grad_norm });
 *   curve: { x, y } the model's predictions along x (one-input regression);
 *   layerGrad: the gradient norm of each layer's weights, first layer first (networks);
 *   weights: the parameters at the end (small models; PyTorch layout: W then b);
 *   outputs: { y: labels, p: the model's outputs, kind } on the training rows (two classes);
 *   restored: early stopping put the best parameters back;
 *   chain: the engine's chain rule of training row 0 for parameter 0 at the end (session.chainRule(0, 0): networks).
 * The page's records (app/race.js) have no layerGrad, weights or outputs: claims on those measures
 * (NODE_ONLY) are checked by the test suite only.
 */
export function recordOf(fields) {
  const epochs = fields.epochs ?? {};
  return {
    name: fields.name, functionMode: !!fields.functionMode, status: fields.status ?? 'running', steps: fields.steps ?? 0,
    stride: fields.stride ?? 1, loss: fields.loss ?? [], gradNorm: fields.gradNorm ?? [], lr: fields.lr ?? [],
    epochs: { step: epochs.step ?? [], trainLoss: epochs.trainLoss ?? [], valLoss: epochs.valLoss ?? [] },
    stepsPerEpoch: fields.stepsPerEpoch ?? 1, path: fields.path ?? null, metrics: fields.metrics ?? null,
    curve: fields.curve ?? null, layerGrad: fields.layerGrad ?? null, weights: fields.weights ?? null, outputs: fields.outputs ?? null, restored: !!fields.restored,
    chain: fields.chain ?? null,
  };
}

const last = (a) => (a?.length ? a[a.length - 1] : NaN);
const finite = (v) => (Number.isFinite(v) ? v : NaN);

/** The series a run is judged by: per-epoch training loss when there are epochs, else per step. */
export function judged(r) {
  const e = r.epochs;
  if (!r.functionMode && e.trainLoss.length) return { steps: e.step, values: e.trainLoss };
  return { steps: Array.from(r.loss, (_, i) => (i + 1) * r.stride), values: r.loss };
}

/**
 * The run's value now, the one definition the race table, the landscape's readout and the claims
 * share: in function mode f at the current point (the path's last value, else the engine's metrics),
 * else the last per-epoch training loss (per step when there are no epochs).
 */
export function finalValue(r) {
  if (r.functionMode) {
    const v = r.path?.values;
    if (v?.length) return v[v.length - 1];
    if (Number.isFinite(r.metrics?.value)) return r.metrics.value;
  }
  return last(judged(r).values);
}

/** The first step (of the judged series) whose value is at or below target, or null. */
export function stepsTo(r, target) {
  const j = judged(r);
  for (let i = 0; i < j.values.length; i++) if (j.values[i] <= target) return j.steps[i];
  if (r.functionMode && finalValue(r) <= target && r.status !== 'running') return r.steps;
  return null;
}

/** Default race target: 95% of the way from the highest starting loss to the lowest best of any run. */
export function autoTarget(records) {
  const firsts = records.map((r) => r.loss[0]).filter(Number.isFinite);
  const bests = records.map((r) => measure(r, { measure: 'best' })).filter(Number.isFinite);
  if (!firsts.length || !bests.length) return NaN;
  const best = Math.min(...bests);
  return best + 0.05 * (Math.max(...firsts) - best);
}

/** Length of a path given as [x0, y0, x1, y1, ...] (NaN with fewer than two points). */
export function polylineLength(p) {
  if (!p || p.length < 4) return NaN;
  let s = 0;
  for (let k = 2; k + 1 < p.length; k += 2) s += Math.hypot(p[k] - p[k - 2], p[k + 1] - p[k - 1]);
  return s;
}

const pathLength = (r) => polylineLength(r.path?.points);

function slope(r) {
  const c = r.curve;
  if (!c || c.x.length < 2) return NaN;
  const n = c.x.length - 1;
  return (c.y[n] - c.y[0]) / (c.x[n] - c.x[0]);
}

/** Mean vertical distance between the run's fitted curve and the true line y = slope x + intercept. */
function lineError(r, [a, b]) {
  const c = r.curve;
  if (!c || !c.x.length) return NaN;
  let s = 0;
  for (let i = 0; i < c.x.length; i++) s += Math.abs(c.y[i] - (a * c.x[i] + b));
  return s / c.x.length;
}

/** Direction (degrees) of a two-input linear classifier's weight vector w: the normal of its boundary. */
function boundaryAngle(r) {
  const w = r.weights;
  if (!w || w.length !== 3) return NaN;
  return (Math.atan2(w[1], w[0]) * 180) / Math.PI;
}

/** Share of a two-class run's outputs outside [0, 1] (not readable as probabilities). */
function outsideUnit(r) {
  const p = r.outputs?.p;
  if (!p?.length) return NaN;
  return p.filter((v) => v < 0 || v > 1).length / p.length;
}

/** Cross-entropy of a two-class run's outputs read as probabilities (clamped to [1e-7, 1 - 1e-7]). */
function logLoss(r) {
  const o = r.outputs;
  if (!o?.p.length) return NaN;
  let s = 0;
  for (let i = 0; i < o.p.length; i++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, o.p[i]));
    s -= o.y[i] > 0.5 ? Math.log(q) : Math.log(1 - q);
  }
  return s / o.p.length;
}

function recall(r, cls, split = 'train') {
  const m = r.metrics?.[split]?.confusion;
  if (!m?.[cls]) return NaN;
  const row = m[cls];
  const n = row.reduce((a, b) => a + b, 0);
  return n ? row[cls] / n : NaN;
}

/** |product of the chain rule's factors (as the explain card writes them) - the engine's dL/dw| / |dL/dw|. */
function chainGap(r) {
  const c = r.chain;
  const f = c && !c.error ? chainLines(c).factors : null;
  if (!f) return NaN;
  const product = f.reduce((a, x) => a * x.value, 1);
  return Math.abs(product - c.grad) / Math.max(Math.abs(c.grad), 1e-30);
}

/** The largest activation slope f'(z) among the chain's factors. */
function chainSlope(r) {
  const f = r.chain && !r.chain.error ? chainLines(r.chain).factors : null;
  const slopes = (f ?? []).filter((x) => x.name.startsWith("f'")).map((x) => x.value);
  return slopes.length ? Math.max(...slopes) : NaN;
}

/** The measures a claim can compare: (record, claim) -> number (or [x, y] for end), and how to say them. */
export const MEASURES = Object.freeze({
  first: { label: (c, r) => `starting ${valueName(r)}`, of: (r) => r.loss[0] ?? NaN },
  final: { label: (c, r) => `final ${valueName(r)}`, of: finalValue },
  best: { label: (c, r) => `lowest ${valueName(r)}`, of: (r) => finite(Math.min(...judged(r).values.filter(Number.isFinite), r.functionMode && Number.isFinite(finalValue(r)) ? finalValue(r) : Infinity)) },
  maxLoss: { label: (c, r) => `highest ${valueName(r)}`, of: (r) => (r.loss.length ? Math.max(...r.loss.filter((v) => !Number.isNaN(v))) : NaN) },
  finalValidation: { label: () => 'validation loss at the parameters it ends with', of: (r) => (r.restored ? finite(Math.min(...r.epochs.valLoss.filter(Number.isFinite))) : last(r.epochs.valLoss)) },
  bestValidation: { label: () => 'lowest validation loss', of: (r) => finite(Math.min(...r.epochs.valLoss.filter(Number.isFinite))) },
  pathLength: { label: () => 'path length', of: pathLength },
  slope: { label: () => 'fitted slope', of: slope },
  slopeError: { label: (c) => `slope error (true slope ${fmt(c.truth)})`, of: (r, c) => Math.abs(slope(r) - c.truth) },
  lineError: { label: (c) => `mean distance from the true line y = ${fmt(c.truth[0])}x + ${fmt(c.truth[1])}`, of: (r, c) => lineError(r, c.truth) },
  outsideUnit: { label: () => 'share of outputs outside [0, 1]', of: outsideUnit, percent: true, nodeOnly: true },
  maxOutput: { label: () => 'largest output', of: (r) => (r.outputs?.p.length ? Math.max(...r.outputs.p) : NaN), nodeOnly: true },
  logLoss: { label: () => 'cross-entropy of its outputs read as probabilities', of: logLoss, nodeOnly: true },
  boundaryAngle: { label: () => 'boundary direction (degrees, in the scaled inputs)', of: boundaryAngle, nodeOnly: true },
  accuracy: { label: () => 'training accuracy', of: (r) => r.metrics?.train?.accuracy ?? NaN, percent: true },
  validationAccuracy: { label: () => 'validation accuracy', of: (r) => r.metrics?.validation?.accuracy ?? NaN, percent: true },
  recall: { label: (c) => `recall of class ${c.class}`, of: (r, c) => recall(r, c.class), percent: true },
  gradNorm: { label: () => 'last gradient norm', of: (r) => last(r.gradNorm) },
  finalLr: { label: () => 'final learning rate', of: (r) => last(r.lr) },
  steps: { label: () => 'steps taken', of: (r) => r.steps, int: true },
  layerGrad: { label: (c) => `gradient norm of ${c.layer >= 0 ? `layer ${c.layer + 1}` : c.layer === -1 ? 'the last layer' : `layer L${c.layer + 1}`}`, of: (r, c) => r.layerGrad?.at(c.layer) ?? NaN, nodeOnly: true },
  chainGap: { label: () => 'relative gap between the chain rule\'s product of factors and the engine\'s gradient for training row 0', of: chainGap, nodeOnly: true },
  chainSlope: { label: () => 'largest activation slope f\'(z) in the chain of training row 0', of: chainSlope, nodeOnly: true },
  end: { label: () => 'end point', of: (r) => { const p = r.path?.points; return p?.length >= 2 ? [p[p.length - 2], p[p.length - 1]] : null; } },
});

const valueName = (r) => (r?.functionMode ? 'f' : 'loss');

/** Whether a claim reads a measure only the test suite's records have (the page shows it as not known). */
export const nodeOnly = (claim) => !!MEASURES[claim.measure]?.nodeOnly || !!MEASURES[claim.than?.measure]?.nodeOnly;

/** A measure of a record ({ measure, ...its parameters }). */
export function measure(r, c) {
  const m = MEASURES[c.measure];
  if (!m) throw new Error(`claims: unknown measure "${c.measure}"`);
  return m.of(r, c);
}

function show(v, c) {
  if (Array.isArray(v)) return `(${fmt(v[0], 3)}, ${fmt(v[1], 3)})`;
  const m = MEASURES[c.measure];
  if (m?.percent) return percent(v);
  if (m?.int) return int(v);
  return fmt(v);
}

const find = (records, name) => records.find((r) => r.name === name) ?? null;
const has = (v) => (Array.isArray(v) ? v.every(Number.isFinite) : Number.isFinite(v));
const timesText = (f) => (f === 1 ? '' : f === 0.5 ? 'half of ' : `${fmt(f, 3)} × `);

/** The loss a reaches claim aims at, and how to say it. */
function target(c, r) {
  if (Number.isFinite(c.below)) return { value: c.below, text: `${valueName(r)} ≤ ${fmt(c.below)}` };
  const floor = c.floor ?? 0;
  const value = floor + c.fraction * (r.loss[0] - floor);
  return { value, text: `${percent(c.fraction, c.fraction < 0.01 ? 1 : 0)} of its start${floor ? ` above ${fmt(floor)}` : ''} (${valueName(r)} ≤ ${fmt(value, 3)})` };
}

const unit = (c, r) => (c.x === 'epochs' ? 'epochs' : 'steps');
const along = (c, r, step) => (step === null ? null : c.x === 'epochs' ? step / Math.max(1, r.stepsPerEpoch) : step);
const count = (c, v) => (c.x === 'epochs' ? fmt(v, 3) : int(v));

/**
 * Every claim kind: { check(claim, records) -> { ok, text }, say(claim) -> words for the docs }.
 * ok is null when the records lack what the claim reads (the page does not show it here).
 */
export const KINDS = Object.freeze({
  /** run's loss reaches a target (fraction of its start, or below a value), within steps, or before another run. */
  reaches: {
    check(c, records) {
      const r = find(records, c.run);
      const t = target(c, r);
      const n = along(c, r, stepsTo(r, t.value));
      const u = unit(c, r);
      let text = c.never ? `${r.name} ${n === null ? 'never reached' : `reached`} ${t.text}${n === null ? ` in ${count(c, along(c, r, r.steps))} ${u}` : ` after ${count(c, n)} ${u}`}`
        : `${r.name} reached ${t.text} ${n === null ? 'never' : `after ${count(c, n)} ${u}`}`;
      if (c.never) return { ok: n === null, text };
      let ok = n !== null && (!Number.isFinite(c.within) || n <= c.within);
      if (c.withinStepsOf) {
        const o = find(records, c.withinStepsOf.run);
        const m = along(c, o, stepsTo(o, t.value));
        text += `; ${o.name} ${m === null ? `never did in ${count(c, along(c, o, o.steps))}` : `after ${count(c, m)}`}`;
        ok &&= m === null || n <= c.withinStepsOf.factor * m;
      }
      return { ok, text };
    },
    say(c) {
      const what = Number.isFinite(c.below) ? `a value of ${fmt(c.below)} or less` : `${percent(c.fraction, c.fraction < 0.01 ? 1 : 0)} of its starting value`;
      const u = c.x === 'epochs' ? 'epochs' : 'steps';
      if (c.never) return `${c.run} never reaches ${what}`;
      return `${c.run} reaches ${what}${Number.isFinite(c.within) ? ` within ${c.within} ${u}` : ''}${c.withinStepsOf ? ` in at most ${timesText(c.withinStepsOf.factor)}the ${u} ${c.withinStepsOf.run} needs (or ${c.withinStepsOf.run} never does)` : ''}`;
    },
  },
  /** A measure of run is below a number or below (factor times) another run's (or measure's). */
  less: compare(-1),
  greater: compare(1),
  /** A measure of run is within `within` of value (a number or a point). */
  near: {
    check(c, records) {
      const r = find(records, c.run);
      const v = measure(r, c);
      if (!has(v)) return { ok: null, text: `${r.name}'s ${MEASURES[c.measure].label(c, r)} is not known here` };
      const d = Array.isArray(v) ? Math.hypot(v[0] - c.value[0], v[1] - c.value[1]) : Math.abs(v - c.value);
      return { ok: d <= c.within, text: `${r.name}'s ${MEASURES[c.measure].label(c, r)} is ${show(v, c)} (${show(c.value, c)} ± ${fmt(c.within)})` };
    },
    say(c) { return `${c.run}'s ${MEASURES[c.measure].label(c, null)} is within ${fmt(c.within)} of ${Array.isArray(c.value) ? `(${c.value.join(', ')})` : fmt(c.value)}`; },
  },
  /** Two runs' per-step losses agree to a relative tolerance at every step. */
  same: {
    check(c, records) {
      const [a, b] = c.runs.map((n) => find(records, n));
      const n = Math.min(a.loss.length, b.loss.length);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(a.loss[i] - b.loss[i]) / Math.max(1e-12, Math.abs(a.loss[i])));
      const ok = n > 0 && a.loss.length === b.loss.length && worst <= c.tolerance;
      return { ok, text: `${a.name} and ${b.name} differ by at most ${fmt(worst * 100, 2)}% over ${int(n)} steps` };
    },
    say(c) { return `${c.runs.join(' and ')} have the same loss at every step (to ${fmt(c.tolerance * 100)}%)`; },
  },
  /** Two runs' values of a measure differ by more than `by`. */
  differs: {
    check(c, records) {
      const [a, b] = c.runs.map((n) => find(records, n));
      const va = measure(a, c);
      const vb = measure(b, c);
      const label = MEASURES[c.measure].label(c, a);
      if (!has(va) || !has(vb)) return { ok: null, text: `${a.name}'s and ${b.name}'s ${label} are not known here` };
      const d = Math.abs(va - vb);
      return { ok: d > c.by, text: `${a.name}'s ${label} is ${show(va, c)}, ${b.name}'s ${show(vb, c)}: they differ by ${fmt(d)}${d > c.by ? '' : ', not'} > ${fmt(c.by)}` };
    },
    say(c) { return `${c.runs.join('\'s and ')}'s ${MEASURES[c.measure].label(c, null)} differ by more than ${fmt(c.by)}`; },
  },
  /** run stops with one of these statuses (before another run stops, with before). */
  stops: {
    check(c, records) {
      const r = find(records, c.run);
      let ok = c.status.includes(r.status);
      let text = `${r.name} ${STATUS_TEXT[r.status] ?? r.status} after ${int(r.steps)} steps`;
      if (c.before) {
        const o = find(records, c.before.run);
        ok &&= r.steps < o.steps;
        text += `; ${o.name} ran ${int(o.steps)}`;
      }
      return { ok, text };
    },
    say(c) { return `${c.run} ${c.status.map((s) => STATUS_TEXT[s] ?? s).join(' or ')}${c.before ? ` before ${c.before.run} ends` : ''}`; },
  },
  /** run's loss ends above where it started (or the engine says it diverged). */
  lossRises: {
    check(c, records) {
      const r = find(records, c.run);
      const f = finalValue(r);
      const ok = r.status === 'diverged' || f > r.loss[0];
      return { ok, text: r.status === 'diverged' ? `${r.name} diverged after ${int(r.steps)} steps (started at ${fmt(r.loss[0])})` : `${r.name} went from ${fmt(r.loss[0])} to ${fmt(f)}` };
    },
    say(c) { return `${c.run}'s loss rises (it ends above its start, or diverges)`; },
  },
});

const STATUS_TEXT = { diverged: 'diverged', early_stopped: 'stopped early', converged: 'converged', done: 'ran to the end', running: 'is still running' };

function compare(sign) {
  const word = sign < 0 ? 'less' : 'greater';
  const op = sign < 0 ? '<' : '>';
  return {
    check(c, records) {
      const r = find(records, c.run);
      const v = measure(r, c);
      const label = MEASURES[c.measure].label(c, r);
      let bound;
      let rhs;
      if (typeof c.than === 'number') {
        bound = c.than;
        rhs = show(c.than, c);
      } else {
        const o = find(records, c.than.run ?? c.run);
        const oc = { ...c, ...c.than, measure: c.than.measure ?? c.measure };
        const ov = measure(o, oc);
        const f = c.than.factor ?? 1;
        bound = f * ov;
        rhs = `${timesText(f)}${o === r ? `its ${MEASURES[oc.measure].label(oc, o)}` : `${o.name}'s`} ${show(ov, oc)}`;
      }
      if (!has(v) || !has(bound)) return { ok: null, text: `${r.name}'s ${label} is not known here` };
      const ok = sign < 0 ? v < bound : v > bound;
      return { ok, text: `${r.name}'s ${label} is ${show(v, c)}${ok ? '' : ', not'} ${op} ${rhs}` };
    },
    say(c) {
      const label = MEASURES[c.measure].label(c, null);
      if (typeof c.than === 'number') return `${c.run}'s ${label} is ${word} than ${fmt(c.than)}`;
      const f = c.than.factor ?? 1;
      const self = !c.than.run || c.than.run === c.run;
      const other = self ? `its ${MEASURES[c.than.measure ?? c.measure].label({ ...c, ...c.than }, null)}` : `${c.than.run}'s${c.than.measure && c.than.measure !== c.measure ? ` ${MEASURES[c.than.measure].label({ ...c, ...c.than }, null)}` : ''}`;
      return `${c.run}'s ${label} is ${word} than ${timesText(f)}${other}`;
    },
  };
}

/** One claim against the records: { claim, ok: true | false | null, text }. */
export function checkClaim(claim, records) {
  const k = KINDS[claim.kind];
  if (!k) throw new Error(`claims: unknown kind "${claim.kind}"`);
  for (const n of [claim.run, ...(claim.runs ?? []), claim.than?.run, claim.withinStepsOf?.run, claim.before?.run]) {
    if (n && !find(records, n)) throw new Error(`claims: no run ${n}`);
  }
  return { claim, ...k.check(claim, records) };
}

/** Every claim of a lesson against its runs' records. */
export function checkLesson(lesson, records) {
  return (lesson.claims ?? []).map((c) => checkClaim(c, records));
}

/** A claim in words (docs/lessons.md). */
export function describeClaim(claim) {
  return KINDS[claim.kind].say(claim);
}

// ---- exercises ----------------------------------------------------------------------------------
/**
 * A lesson's exercise: { question, choices: [{ text, run }], answer: { measure | reaches, best: 'min' | 'max', ... },
 * expect: the run the author expects, why: one line }. The answer is the choice whose run has the
 * best value of answer's measure (reaches: the fewest steps to the target; never counts as worst).
 * -> { run: the answering run, values: [{ run, value, text }], text }.
 */
export function answerExercise(ex, records) {
  const a = ex.answer;
  const values = ex.choices.map((ch) => {
    const r = find(records, ch.run);
    if (a.kind === 'reaches') {
      const t = target(a, r);
      const n = along(a, r, stepsTo(r, t.value));
      return { run: r.name, value: n === null ? Infinity : n, text: n === null ? `${r.name} never did` : `${r.name} after ${count(a, n)} ${unit(a, r)}` };
    }
    const v = measure(r, a);
    return { run: r.name, value: v, text: `${r.name} ${show(v, a)}` };
  });
  const known = values.filter((v) => !Number.isNaN(v.value));
  if (known.length !== values.length) return { run: null, values, text: 'the runs\' numbers are not all known here' };
  const pick = known.reduce((b, v) => ((a.best === 'max' ? v.value > b.value : v.value < b.value) ? v : b));
  const what = a.kind === 'reaches' ? `reached ${target(a, find(records, pick.run)).text.replace(/ \(.*\)$/, '')}` : `${MEASURES[a.measure].label(a, find(records, pick.run))}`;
  return { run: pick.run, values, text: `${what}: ${values.map((v) => v.text).join(', ')}` };
}
