// "Explain this step": for one parameter (picked by index, named by its layer and place), first
// where its gradient comes from: the chain rule of one training row (picked by index, clamped to
// the training rows with a note) at the current parameters (session.chainRule: forward values, the
// row's loss, the backward factors, dL/dw; views/explain-lines.js chainLines), with a line saying
// the optimizer's g is the mean of such gradients over its mini-batch; then the optimizer's update
// equations with the live numbers of the last step (session.explain: g, m, v, bias corrections,
// the step), typeset (math.js) from the registry's TeX lines under the optimizer's typeset formula;
// the plain text of each line is its tooltip and alt text. The numbers arrive with progress
// (protocol watch.explain, watch.explainSample); every value is also a data-* attribute. The lines
// are typeset only when their numbers changed and the card is on screen (views/onscreen.js), at
// most every TYPESET_MS while they keep changing: off screen the data-* attributes stay current
// and the lines catch up when the card comes back.
// Not here: the maths (the engine computes every number; this card only lays them out).
import { el } from '../../dom.js';
import { int } from '../../charts/format.js';
import { chainLines, explainLines, parameterName } from '../../views/explain-lines.js';
import { renderMath } from '../../math.js';
import { Onscreen } from '../../views/onscreen.js';

/** The least time between two typesettings of the lines while the numbers keep changing (training). */
export const TYPESET_MS = 250;

export class ExplainPanel {
  #ctx;
  #root;
  #els = {};
  #index = 0;
  #sample = 0;
  #last = '';
  #pending = null;   // numbers shown in the data-* attributes, typeset when the card is on screen
  #onscreen;
  #typesets = 0;
  #typesetAt = -Infinity;
  #timer = 0;

  /** ctx: { registry(), spec(), problem(), onWatch() } */
  constructor(ctx) {
    this.#ctx = ctx;
    const card = el('section', null, { class: 'card explain-card', id: 'explain', 'aria-labelledby': 'explain-title' });
    card.append(el('h2', 'Explain this step', { id: 'explain-title' }));
    const head = el('div', null, { class: 'explain-head' });
    const label = el('label', 'Parameter', { for: 'explain-index' });
    const input = el('input', null, { type: 'number', id: 'explain-index', min: '0', step: '1', value: '0' });
    input.addEventListener('change', () => this.#pick(Number(input.value)));
    const name = el('span', '', { class: 'muted', id: 'explain-name' });
    head.append(label, input, name);
    const chain = el('section', null, { class: 'explain-chain', id: 'explain-chain', 'aria-labelledby': 'explain-chain-title' });
    const chainHead = el('div', null, { class: 'explain-head' });
    const sampleLabel = el('label', 'Training row', { for: 'explain-sample' });
    const sample = el('input', null, { type: 'number', id: 'explain-sample', min: '0', step: '1', value: '0' });
    sample.addEventListener('change', () => this.#pickSample(Number(sample.value), sample.value));
    const sampleNote = el('span', '', { class: 'muted', id: 'explain-sample-note', role: 'status' });
    chainHead.append(sampleLabel, sample, sampleNote);
    this.#els.chainLines = el('ol', null, { class: 'chain-lines', 'aria-live': 'off' });
    this.#els.chainMean = el('p', '', { class: 'muted chain-mean' });
    this.#els.chainEmpty = el('p', '', { class: 'muted' });
    this.#els.chainEmpty.hidden = true;
    chain.append(el('h3', 'Where the gradient comes from: the chain rule of one row', { id: 'explain-chain-title' }), chainHead,
      this.#els.chainEmpty, this.#els.chainLines, this.#els.chainMean);
    Object.assign(this.#els, { chain, sample, sampleNote });
    this.#els.update = el('h3', "The optimizer's update", { class: 'explain-update' });
    this.#els.formula = el('div', null, { class: 'formula' });
    this.#els.lines = el('ol', null, { class: 'explain-lines', 'aria-live': 'off' });
    this.#els.empty = el('p', 'Take a step (the Step button) to see the update of this parameter with its numbers.', { class: 'muted' });
    card.append(head, chain, this.#els.update, this.#els.formula, this.#els.empty, this.#els.lines);
    Object.assign(this.#els, { input, name });
    this.#root = card;
    this.#onscreen = new Onscreen(card, () => this.#typeset());
  }

  get root() { return this.#root; }
  get index() { return this.#index; }
  get sample() { return this.#sample; }

  /** The training row of the chain rule, clamped to the rows there are (the note says when it was). */
  #pickSample(i, typed = String(i)) {
    const rows = this.#ctx.problem()?.rows?.train ?? 0;
    const max = Math.max(0, rows - 1);
    const whole = Number.isFinite(i) ? Math.round(i) : 0;
    const v = Math.min(max, Math.max(0, whole));
    let note = '';
    if (!Number.isFinite(i) || typed.trim() === '') note = `"${typed}" is not a row number: showing row ${v}.`;
    else if (whole > max) note = `Row ${typed} is past the last training row: showing row ${v} (rows 0 to ${max}).`;
    else if (whole < 0) note = `Rows start at 0: showing row ${v}.`;
    else if (whole !== i) note = `Rows are whole numbers: showing row ${v}.`;
    this.#els.sampleNote.textContent = note;
    this.#els.sample.value = String(v);
    if (v === this.#sample && !note) return;
    this.#sample = v;
    this.#last = '';
    this.#ctx.onWatch();
  }

  #pick(i) {
    const max = Math.max(0, (this.#ctx.problem()?.numParams ?? 1) - 1);
    const v = Math.min(max, Math.max(0, Number.isFinite(i) ? Math.round(i) : 0));
    this.#index = v;
    this.#els.input.value = String(v);
    this.#last = '';
    this.#ctx.onWatch();
    this.#header();
  }

  /** A new session: the parameter range and the optimizer's formula. */
  opened() {
    const p = this.#ctx.problem();
    this.#root.hidden = !p;
    if (!p) return;
    this.#els.input.max = String(p.numParams - 1);
    if (this.#index > p.numParams - 1) this.#pick(0);
    this.#els.chain.hidden = !!p.functionMode;
    this.#els.update.hidden = !!p.functionMode;
    this.#els.sample.max = String(Math.max(0, (p.rows?.train ?? 1) - 1));
    this.#els.sampleNote.textContent = '';
    if (!p.functionMode && this.#sample > (p.rows?.train ?? 1) - 1) this.#pickSample(this.#sample);
    this.#last = '';
    this.#header();
    this.show(null);
  }

  #header() {
    const spec = this.#ctx.spec();
    const reg = this.#ctx.registry();
    const p = this.#ctx.problem();
    this.#els.name.textContent = `${parameterName(this.#index, p, spec)} (one of ${int(p?.numParams ?? 0)} parameters)`;
    const entry = reg.optimizers.find((x) => x.id === spec.optimizer.kind);
    const parts = [entry?.tex ? renderMath(entry.tex, { display: true, plain: entry.formula }) : el('code', entry?.formula ?? spec.optimizer.kind)];
    if (entry?.source) parts.push(el('span', entry.source, { class: 'source' }));
    if (spec.training.line_search) parts.push(el('span', `with ${reg.lineSearches?.find((l) => l.id === spec.training.line_search)?.label ?? spec.training.line_search}: the line search picks the step length`, { class: 'source' }));
    this.#els.formula.replaceChildren(...parts);
  }

  /** watched.explain from a progress message ({ index, steps, values | error }), or null. */
  show(x) {
    const key = JSON.stringify(x);
    if (key === this.#last) return;
    this.#last = key;
    for (const k of Object.keys(this.#root.dataset)) delete this.#root.dataset[k];
    this.#root.dataset.index = String(this.#index);
    this.#chainData(x?.index === this.#index ? x.chain : null);
    if (!x || !x.values || x.index !== this.#index) {
      const chain = x?.index === this.#index ? x.chain : null;
      this.#pending = chain ? { ...x, chainOnly: true } : null;
      if (!chain) this.#typesetChain(null);
      this.#els.empty.hidden = false;
      this.#els.empty.textContent = x?.error ? `No explanation: ${x.error}` : 'Take a step (the Step button) to see the update of this parameter with its numbers.';
      this.#els.lines.replaceChildren();
      this.#typeset();
      return;
    }
    // data-at-step: the step explained; the engine's numbers keep their names (data-step is Δw).
    for (const [k, v] of Object.entries(x.values)) if (typeof v === 'number') this.#root.dataset[k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase())] = String(v);
    this.#root.dataset.atStep = String(x.steps);
    this.#pending = x;
    this.#typeset();
  }

  /** The pending numbers as typeset lines, if the card is on screen (the list's data-typesets counts them). */
  #typeset() {
    const x = this.#pending;
    if (!x || !this.#onscreen.visible || this.#timer) return;
    const wait = this.#typesetAt + TYPESET_MS - performance.now();
    if (wait > 0) { this.#timer = setTimeout(() => { this.#timer = 0; this.#typeset(); }, wait); return; }
    this.#typesetAt = performance.now();
    this.#pending = null;
    this.#els.lines.dataset.typesets = String(++this.#typesets);
    this.#typesetChain(x.chain);
    if (x.chainOnly) return;
    const spec = this.#ctx.spec();
    const lines = explainLines(spec.optimizer.kind, x.values, spec.optimizer, { stepSize: x.stepSize, registry: this.#ctx.registry() });
    this.#els.empty.hidden = true;
    this.#els.lines.replaceChildren(...lines.map((l) => {
      const li = el('li');
      li.append(l.tex ? renderMath(l.tex, { display: true, plain: l.eq }) : el('code', l.eq));
      if (l.note) li.append(el('span', l.note, { class: 'eq-note' }));
      return li;
    }));
  }

  /**
   * The chain's numbers as data-* attributes of its section (current even off screen): sample, loss,
   * prediction, dloss, grad, inputValue, delta (the unit's), and with the product form factors
   * (comma-separated, in the line's order), factorNames ("|"-separated) and product (their product).
   */
  #chainData(chain) {
    const d = this.#els.chain.dataset;
    for (const k of Object.keys(d)) delete d[k];
    if (!chain) return;
    d.sample = String(chain.sample);
    if (chain.error) { d.error = chain.error; return; }
    const c = chainLines(chain);
    Object.assign(d, {
      loss: String(chain.loss), prediction: chain.prediction.join(','), dloss: chain.dloss.join(','), grad: String(chain.grad),
      inputValue: String(chain.inputValue), delta: String(chain.layers[chain.param.layer].delta[chain.param.unit]), param: String(chain.param.index),
    });
    if (c.factors) {
      d.factors = c.factors.map((f) => String(f.value)).join(',');
      d.factorNames = c.factors.map((f) => f.name).join('|');
      d.product = String(c.factors.reduce((a, f) => a * f.value, 1));
    }
  }

  /** The chain rule's lines, typeset (with the typesetting of the card's other lines). */
  #typesetChain(chain) {
    const { chainLines: list, chainEmpty, chainMean } = this.#els;
    if (!chain || chain.error) {
      list.replaceChildren();
      chainMean.textContent = '';
      chainEmpty.hidden = !chain?.error;
      chainEmpty.textContent = chain?.error ? `No chain rule: ${chain.error}` : '';
      return;
    }
    const p = this.#ctx.problem();
    const spec = this.#ctx.spec();
    const c = chainLines(chain, { batch: p?.batchSize });
    chainEmpty.hidden = true;
    const t = spec?.training ?? {};
    const penalty = (t.l1 ?? 0) > 0 || (t.l2 ?? 0) > 0;
    const clipped = (t.clip_norm ?? 0) > 0 || (t.clip_value ?? 0) > 0;
    chainMean.textContent = c.mean + (penalty ? ' Its g also holds the l1/l2 penalty\'s gradient, which no row has.' : '')
      + (clipped ? ' Gradient clipping may have shrunk that mean before the update.' : '');
    list.replaceChildren(...c.lines.map((l) => {
      const li = el('li');
      li.append(renderMath(l.tex, { display: true, plain: l.eq }));
      if (l.note) li.append(el('span', l.note, { class: 'eq-note' }));
      return li;
    }));
  }
}

/** The explain card as a panel: it asks for the chosen parameter's numbers with every progress. */
export function build(ctx) {
  const { intent } = ctx;
  const panel = new ExplainPanel({
    registry: () => ctx.state.registry, spec: () => ctx.state.spec, problem: () => ctx.state.problem,
    onWatch: () => intent('watch', 'explain', { explain: panel.index, explainSample: panel.sample }),
  });
  panel.root.hidden = true;
  ctx.place(panel.root);
  return {
    update(s, event) {
      switch (event.type) {
        case 'opened':
          panel.opened();
          intent('watch', 'explain', { explain: panel.index, explainSample: panel.sample });
          panel.show(s.watched?.explain ?? null);
          break;
        case 'progress':
          if (event.message?.watched && 'explain' in event.message.watched) panel.show(event.message.watched.explain);
          break;
        case 'invalid':
          panel.root.hidden = true;
          intent('watch', 'explain', null);
          break;
        default:
      }
    },
    dispose() { panel.root.remove(); intent('watch', 'explain', null); },
  };
}
