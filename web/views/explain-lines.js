// The update equations of "explain this step" with the engine's numbers: the optimizer's registry
// row carries them as templates (plain text and TeX, core/registry/forms.hpp); this module fills
// them from session.explain()'s values and the optimizer's settings, and names a parameter by its
// place in the model (PyTorch layout). Pure functions (Node tests check every optimizer's lines
// against the engine). Not here: the card (explain.js), typesetting the TeX, or any optimizer's
// maths (the engine computes every number; derived ones come from the row's `let` lines).
import { equations, evaluate, fillWith, holds } from '../../bindings/forms.js';

/** Four significant digits, exponent form for tiny/huge values (as the charts print numbers). */
export function formatNumber(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** formatNumber in TeX: "1.5e-05" -> "1.5 \times 10^{-5}". */
export function texNumber(v) {
  const s = formatNumber(v);
  if (s === '–') return '\\text{–}';
  const m = s.match(/^(-?[\d.]+)e([+-])(\d+)$/);
  return m ? `${m[1]} \\times 10^{${m[2] === '-' ? '-' : ''}${Number(m[3])}}` : s;
}

const CYCLED = " (this step's; the schedule cycles it)";

// One slot of a line: a number of the step, a setting ("@name"), as an operand ("|op": negative
// numbers in brackets) or as the value a schedule may move ("|used").
function writer(number, tex) {
  return (v, name, mod, values) => {
    if (mod === 'used') {
      const given = values[`@${name}`];
      if (v === undefined || v === given) return given === undefined ? number(v) : String(given);
      return `${number(v)}${tex ? `\\text{${CYCLED}}` : CYCLED}`;
    }
    if (name.startsWith('@')) return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? String(v) : number(undefined);
    const s = number(typeof v === 'number' ? v : undefined);
    return mod === 'op' && typeof v === 'number' && v < 0 ? (tex ? `\\left(${s}\\right)` : `(${s})`) : s;
  };
}
const plainSlot = writer(formatNumber, false);
const texSlot = writer(texNumber, true);

/** A plain-text template filled with the values (the step's numbers and "@" settings). */
export function fillPlain(template, values) {
  return fillWith(template, values, (v, name, mod) => plainSlot(v, name, mod, values)).text;
}

/** A TeX template filled with the values, numbers written as TeX. */
export function fillTex(template, values) {
  return fillWith(template, values, (v, name, mod) => texSlot(v, name, mod, values)).text;
}

/**
 * The values a row's lines read: explain()'s numbers under their names, the optimizer's settings
 * under "@name", then the row's `let` lines in order (w_before, ...).
 */
export function explainValues(entry, e, opt = {}) {
  const values = { ...e };
  for (const [k, v] of Object.entries(opt ?? {})) values[`@${k}`] = v;
  for (const l of entry?.explain ?? []) {
    if (!l.let || !holds(l.when, values)) continue;
    for (const { name, expr } of equations(l.let)) {
      try { values[name] = evaluate(expr, values); } catch { values[name] = undefined; }
    }
  }
  return values;
}

/**
 * The update of one parameter as lines [{ eq, tex, note, slots, check }]: entry is the optimizer's
 * registry row (registry().optimizers[k]; or its id with options.registry), e the values of
 * session.explain(i), opt the optimizer's settings (spec.optimizer). eq/note are plain text with
 * the numbers in, tex the same equation in TeX; slots: the names whose numbers the line shows.
 * A row without lines (or an id without the registry) gives one "name = value" line per number.
 * options.stepSize: the accepted step length of a line search when e lacks it (older engines).
 */
export function explainLines(entry, e, opt = {}, { stepSize, registry } = {}) {
  if (typeof entry === 'string') entry = registry?.optimizers?.find((o) => o.id === entry) ?? { id: entry, explain: [] };
  if (e.step_length === undefined && Number.isFinite(stepSize)) e = { ...e, step_length: stepSize, step: -stepSize * e.g };
  const values = explainValues(entry, e, opt);
  const rows = (entry.explain ?? []).filter((l) => !l.let && holds(l.when, values));
  if (!rows.length) return Object.entries(e).map(([k, v]) => ({ eq: `${k} = ${formatNumber(v)}`, tex: `\\text{${k}} = ${texNumber(v)}`, note: '', slots: [k], check: '' }));
  return rows.map((l) => {
    const eq = fillWith(l.plain, values, (v, name, mod) => plainSlot(v, name, mod, values));
    return { eq: eq.text, tex: fillTex(l.tex, values), note: l.note ? fillPlain(l.note, values) : '', slots: eq.slots, check: l.check ?? '' };
  });
}

/** What parameter i is: "x" / "y" in function mode, else "layer 2 weight W[3][0]" (PyTorch layout). */
export function parameterName(i, problem, spec) {
  if (problem?.functionMode) return i === 0 ? 'x' : 'y';
  const sizes = modelSizes(problem, spec);
  const layers = layerOffsets(sizes);
  const L = layers.findIndex((o) => i < o.b + o.out);
  if (L < 0) return `parameter ${i}`;
  const o = layers[L];
  const layer = layers.length > 1 ? `layer ${L + 1} ` : '';
  return i < o.b ? `${layer}weight W[${Math.floor((i - o.w) / o.in)}][${(i - o.w) % o.in}]` : `${layer}bias b[${i - o.b}]`;
}

/** The model's layer widths [inputs, ...hidden, outputs] (the single-layer models have no hidden layers). */
export function modelSizes(problem, spec) {
  return [problem?.inputs ?? 1, ...(spec?.model?.kind === 'mlp' ? spec.model.hidden ?? [] : []), problem?.outputs ?? 1];
}

/** Where each layer's parameters are (PyTorch layout: weight (out, in) row-major, then bias): [{ in, out, w, b }]. */
export function layerOffsets(sizes) {
  const out = [];
  let at = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    out.push({ in: sizes[l], out: sizes[l + 1], w: at, b: at + sizes[l] * sizes[l + 1] });
    at += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  return out;
}
