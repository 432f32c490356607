// "Explain this step": for one parameter (picked by index, named by its layer and place), the
// optimizer's update equations with the live numbers of the last step (session.explain: g, m, v,
// bias corrections, the step), typeset (math.js) from the registry's TeX lines under the
// optimizer's typeset formula; the plain text of each line is its tooltip and alt text. The numbers
// arrive with progress (protocol watch.explain); every value is also a data-* attribute. The lines
// are typeset only when their numbers changed and the card is on screen (views/onscreen.js), at
// most every TYPESET_MS while they keep changing: off screen the data-* attributes stay current
// and the lines catch up when the card comes back.
// Not here: the maths (the engine computes every number; this card only lays them out).
import { el } from '../../dom.js';
import { int } from '../../charts/format.js';
import { explainLines, parameterName } from '../../views/explain-lines.js';
import { renderMath } from '../../math.js';
import { Onscreen } from '../../views/onscreen.js';

/** The least time between two typesettings of the lines while the numbers keep changing (training). */
export const TYPESET_MS = 250;

export class ExplainPanel {
  #ctx;
  #root;
  #els = {};
  #index = 0;
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
    this.#els.formula = el('div', null, { class: 'formula' });
    this.#els.lines = el('ol', null, { class: 'explain-lines', 'aria-live': 'off' });
    this.#els.empty = el('p', 'Take a step (the Step button) to see the update of this parameter with its numbers.', { class: 'muted' });
    card.append(head, this.#els.formula, this.#els.empty, this.#els.lines);
    Object.assign(this.#els, { input, name });
    this.#root = card;
    this.#onscreen = new Onscreen(card, () => this.#typeset());
  }

  get root() { return this.#root; }
  get index() { return this.#index; }

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
    if (!x || !x.values || x.index !== this.#index) {
      this.#pending = null;
      this.#els.empty.hidden = false;
      this.#els.empty.textContent = x?.error ? `No explanation: ${x.error}` : 'Take a step (the Step button) to see the update of this parameter with its numbers.';
      this.#els.lines.replaceChildren();
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
}

/** The explain card as a panel: it asks for the chosen parameter's numbers with every progress. */
export function build(ctx) {
  const { intent } = ctx;
  const panel = new ExplainPanel({
    registry: () => ctx.state.registry, spec: () => ctx.state.spec, problem: () => ctx.state.problem,
    onWatch: () => intent('watch', 'explain', { explain: panel.index }),
  });
  panel.root.hidden = true;
  ctx.place(panel.root);
  return {
    update(s, event) {
      switch (event.type) {
        case 'opened':
          panel.opened();
          intent('watch', 'explain', { explain: panel.index });
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
