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

// ---- the chain rule of one sample (session.chainRule) ----------------------------------------------

// f'(z) of each activation as TeX and plain text ('linear' has none: its derivative is 1).
const DERIVATIVE = {
  sigmoid: ["\\sigma'", "σ'"], tanh: ["\\tanh'", "tanh'"], relu: ["\\operatorname{relu}'", "relu'"],
  leaky_relu: ["\\operatorname{lrelu}'", "lrelu'"], elu: ["\\operatorname{elu}'", "elu'"],
  softplus: ["\\operatorname{softplus}'", "softplus'"],
};
const ACTIVATION = { sigmoid: ['\\sigma', 'σ'], tanh: ['\\tanh', 'tanh'], linear: ['', ''] };

// A number as an operand of a product: always in brackets, as a worked product is written.
const texFactor = (v) => `\\left(${texNumber(v)}\\right)`;
const plainFactor = (v) => `(${formatNumber(v)})`;
// A short vector: "(a, b, c)", at most 6 values then "…".
function vector(values, num) {
  const shown = values.slice(0, 6).map(num);
  if (values.length > 6) shown.push('…');
  return `(${shown.join(', ')})`;
}

/**
 * The chain rule of one training row for one parameter, from session.chainRule(sample, i)
 * ({ layers, dloss, param, inputValue, grad, next, path, product, ... }): typeset lines
 * [{ eq, tex, note }] (the forward values, the loss of the row, the backward factors and dL/dw),
 * and when every later layer has one unit, the factors of the one product dL/dw is, in order
 * [{ name, value }] (linear layers' f' = 1 left out; a bias has no input factor), else null.
 * batch: the mini-batch size the optimizer used (its g is the mean of such gradients over it).
 */
export function chainLines(chain, { batch } = {}) {
  const L = chain.layers.length;
  const { layer, unit, input, kind } = chain.param;
  const l = layer + 1;                                    // layers as people count them: 1..L
  const bias = kind === 'bias';
  const last = chain.layers[L - 1];
  const wTex = bias ? `b^{(${l})}_{${unit}}` : `W^{(${l})}_{${unit},${input}}`;
  const wPlain = bias ? `b${l}[${unit}]` : `W${l}[${unit}][${input}]`;
  const inTex = layer === 0 ? `x_{${input}}` : `h^{(${layer})}_{${input}}`;
  const inPlain = layer === 0 ? `x[${input}]` : `h${layer}[${input}]`;
  const k = chain.prediction.length;
  const lines = [];

  // Forward: what the parameter multiplies, then the units on its way to the output.
  if (!bias) lines.push({ eq: `${inPlain} = ${formatNumber(chain.inputValue)}`, tex: `${inTex} = ${texNumber(chain.inputValue)}`, note: layer === 0 ? `the input of training row ${chain.sample} (as the model reads it)` : 'what the parameter multiplies' });
  for (let m = layer; m < L; m++) {
    const u = m === layer ? unit : 0;
    if (m > layer && chain.layers[m].z.length !== 1) continue;
    const c = chain.layers[m];
    const [fTex, fPlain] = ACTIVATION[c.activation] ?? [`\\operatorname{${c.activation}}`, c.activation];
    const zT = `z^{(${m + 1})}_{${u}}`, zP = `z${m + 1}[${u}]`;
    const hT = m === L - 1 && k === 1 ? '\\hat y' : `h^{(${m + 1})}_{${u}}`;
    const hP = m === L - 1 && k === 1 ? 'ŷ' : `h${m + 1}[${u}]`;
    const act = c.activation === 'linear'
      ? { eq: `${hP} = ${zP} = ${formatNumber(c.h[u])}`, tex: `${hT} = ${zT} = ${texNumber(c.h[u])}` }
      : { eq: `${hP} = ${fPlain}(${zP}) = ${formatNumber(c.h[u])}`, tex: `${hT} = ${fTex}(${zT}) = ${texNumber(c.h[u])}` };
    lines.push({ eq: `${zP} = ${formatNumber(c.z[u])};  ${act.eq}`, tex: `${zT} = ${texNumber(c.z[u])} \\quad ${act.tex}`, note: '' });
  }
  const yT = k === 1 ? texNumber(chain.target[0]) : vector(chain.target, texNumber);
  const yP = k === 1 ? formatNumber(chain.target[0]) : vector(chain.target, formatNumber);
  if (k !== 1) lines.push({ eq: `ŷ = ${vector(chain.prediction, formatNumber)}`, tex: `\\hat y = ${vector(chain.prediction, texNumber)}`, note: '' });
  lines.push({ eq: `y = ${yP};  L = ${formatNumber(chain.loss)}`, tex: `y = ${yT} \\quad L = ${texNumber(chain.loss)}`, note: `the loss of training row ${chain.sample} alone` });

  // Backward.
  const dyT = k === 1 ? '\\frac{\\partial L}{\\partial \\hat y}' : '\\frac{\\partial L}{\\partial \\hat y}';
  lines.push({ eq: `∂L/∂ŷ = ${k === 1 ? formatNumber(chain.dloss[0]) : vector(chain.dloss, formatNumber)}`, tex: `${dyT} = ${k === 1 ? texNumber(chain.dloss[0]) : vector(chain.dloss, texNumber)}`, note: '' });
  const gradT = `\\frac{\\partial L}{\\partial ${wTex}}`, gradP = `∂L/∂${wPlain}`;
  let factors = null;
  if (chain.product) {
    factors = [{ name: 'dL/dy', tex: dyT, plain: '∂L/∂ŷ', value: chain.dloss[0] }];
    for (let m = L - 1; m >= layer; m--) {
      const c = chain.layers[m];
      const u = m === layer ? unit : 0;
      const d = DERIVATIVE[c.activation];
      if (d) factors.push({ name: `f'(z${m + 1}[${u}])`, tex: `${d[0]}(z^{(${m + 1})}_{${u}})`, plain: `${d[1]}(z${m + 1}[${u}])`, value: c.dact[u] });
      if (m > layer) {
        const from = m - 1 === layer ? unit : 0;
        factors.push({ name: `W${m + 1}[0][${from}]`, tex: `W^{(${m + 1})}_{0,${from}}`, plain: `W${m + 1}[0][${from}]`, value: chain.path[m - layer - 1] });
      }
    }
    if (!bias) factors.push({ name: inPlain, tex: inTex, plain: inPlain, value: chain.inputValue });
    lines.push({
      eq: `${gradP} = ${factors.map((f) => f.plain).join(' · ')} = ${factors.map((f) => plainFactor(f.value)).join('')} = ${formatNumber(chain.grad)}`,
      // Two rows (math.js stacks statements at a top-level \quad): the factors, then their numbers.
      tex: `${gradT} = ${factors.map((f) => f.tex).join(' \\cdot ')} \\quad = ${factors.map((f) => texFactor(f.value)).join('')} = ${texNumber(chain.grad)}`,
      note: 'the chain rule: one factor per step back from the loss to the parameter',
    });
  } else {
    const c = chain.layers[layer];
    const dT = `\\delta^{(${l})}_{${unit}}`, dP = `δ${l}[${unit}]`;
    if (layer === L - 1) {
      const d = DERIVATIVE[last.activation];
      lines.push(d
        ? { eq: `${dP} = ∂L/∂ŷ[${unit}] · ${d[1]}(z${l}[${unit}]) = ${plainFactor(chain.dloss[unit])}${plainFactor(c.dact[unit])} = ${formatNumber(c.delta[unit])}`, tex: `${dT} = \\frac{\\partial L}{\\partial \\hat y_{${unit}}} \\cdot ${d[0]}(z^{(${l})}_{${unit}}) = ${texFactor(chain.dloss[unit])}${texFactor(c.dact[unit])} = ${texNumber(c.delta[unit])}`, note: '' }
        : { eq: `${dP} = ∂L/∂ŷ[${unit}] = ${formatNumber(c.delta[unit])}`, tex: `${dT} = \\frac{\\partial L}{\\partial \\hat y_{${unit}}} = ${texNumber(c.delta[unit])}`, note: 'a linear output: δ is the loss gradient itself' });
    } else {
      const next = chain.layers[layer + 1];
      const d = DERIVATIVE[c.activation];
      lines.push({ eq: `δ${l + 1} = ${vector(next.delta, formatNumber)};  W${l + 1}[·][${unit}] = ${vector(chain.next, formatNumber)}`, tex: `\\delta^{(${l + 1})} = ${vector(next.delta, texNumber)} \\quad W^{(${l + 1})}_{\\cdot,${unit}} = ${vector(chain.next, texNumber)}`, note: 'the next layer\'s deltas and the weights from this unit into it' });
      const sum = chain.next.reduce((a, w, m) => a + w * next.delta[m], 0);
      const fp = d ? [`${d[1]}(z${l}[${unit}]) · `, `${d[0]}(z^{(${l})}_{${unit}}) \\cdot `, plainFactor(c.dact[unit]), texFactor(c.dact[unit])] : ['', '', '', ''];
      lines.push({
        eq: `${dP} = ${fp[0]}Σ_m W${l + 1}[m][${unit}] δ${l + 1}[m] = ${fp[2]}${plainFactor(sum)} = ${formatNumber(c.delta[unit])}`,
        tex: `${dT} = ${fp[1]}\\sum_m W^{(${l + 1})}_{m,${unit}} \\delta^{(${l + 1})}_m = ${fp[3]}${texFactor(sum)} = ${texNumber(c.delta[unit])}`,
        note: '',
      });
    }
    lines.push(bias
      ? { eq: `${gradP} = ${dP} = ${formatNumber(chain.grad)}`, tex: `${gradT} = ${dT} = ${texNumber(chain.grad)}`, note: '' }
      : { eq: `${gradP} = ${dP} · ${inPlain} = ${plainFactor(c.delta[unit])}${plainFactor(chain.inputValue)} = ${formatNumber(chain.grad)}`, tex: `${gradT} = ${dT} \\cdot ${inTex} = ${texFactor(c.delta[unit])}${texFactor(chain.inputValue)} = ${texNumber(chain.grad)}`, note: '' });
  }
  const b = Number.isFinite(batch) && batch > 0 ? batch : null;
  const mean = b === 1 ? 'With a batch of 1 row, the optimizer\'s g below is one such gradient (of the row it drew, at the parameters before its step).'
    : `This is one row's gradient at the current parameters; the optimizer's g below is the mean of such gradients over its mini-batch${b ? ` of ${b} rows` : ''}, at the parameters before its step.`;
  return { lines, factors, grad: chain.grad, mean };
}
