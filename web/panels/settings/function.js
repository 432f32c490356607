// Function mode's controls in the Data card: which 2-D test function (from the registry, with
// its formula and parameters), the start point, how many steps, and a line search (SGD only).
// Changes go out as whole specs (the controller normalizes and takes them). Not here: the spec
// function mode starts from (app/controller.js functionSpec) or the contour plot (panels/landscape/).
import { el } from '../../dom.js';
import { short } from '../../charts/format.js';
import { renderMath } from '../../math.js';

export class FunctionPanel {
  #root;
  #ctx;
  #key = '';
  #inputs = {};

  /** ctx: { registry(), spec(), apply(spec), doc: the Document or ShadowRoot (focus) } */
  constructor(afterElement, ctx) {
    this.#ctx = ctx;
    this.#root = el('div', null, { id: 'function-panel', class: 'fields' });
    this.#root.hidden = true;
    afterElement.after(this.#root);
  }

  get root() { return this.#root; }

  render(spec) {
    const on = spec?.data.source === 'function';
    this.#root.hidden = !on;
    if (!on) return;
    const reg = this.#ctx.registry();
    const f = reg.functions.find((x) => x.id === spec.data.function);
    const key = `${f.id}|${spec.optimizer.kind}`;
    if (key !== this.#key) { this.#build(spec, f, reg); this.#key = key; }
    this.#sync(spec, f);
  }

  #change(mutate) {
    const next = structuredClone(this.#ctx.spec());
    mutate(next);
    this.#ctx.apply(next);
  }

  #number(id, label, { value, min, max, step = 'any', help, onChange }) {
    const field = el('div', null, { class: 'field' });
    const l = el('label', label, { for: id });
    if (help) l.title = help;
    const input = el('input', null, { type: 'number', id, step, inputmode: 'decimal' });
    if (min !== undefined && min !== null) input.min = String(min);
    if (max !== undefined && max !== null) input.max = String(max);
    input.value = String(value);
    input.addEventListener('change', () => {
      const v = Number(input.value);
      if (input.value.trim() === '' || !Number.isFinite(v)) return;
      onChange(v);
    });
    field.append(l, input);
    this.#inputs[id] = input;
    return field;
  }

  #build(spec, f, reg) {
    this.#inputs = {};
    const parts = [];
    const pick = el('div', null, { class: 'field field-kind' });
    const sel = el('select', null, { id: 'function-kind' });
    for (const x of reg.functions) { const o = el('option', x.label); o.value = x.id; o.title = x.formula; sel.append(o); }
    sel.value = f.id;
    sel.addEventListener('change', () => {
      const g = reg.functions.find((x) => x.id === sel.value);
      this.#change((n) => { n.data = { source: 'function', seed: n.data.seed, function: g.id, start: [...g.start] }; });
    });
    pick.append(el('label', 'Test function', { for: 'function-kind' }), sel);
    parts.push(pick);
    const formula = el('div', null, { class: 'formula' });
    formula.append(f.tex ? renderMath(`f(x, y) = ${f.tex}`, { display: true, plain: `f(x, y) = ${f.formula}` }) : el('code', `f(x, y) = ${f.formula}`));
    const m = f.minima.map((p) => `(${p.map(short).join(', ')})`).join(', ');
    formula.append(el('span', `${f.minima.length > 1 ? 'minima' : f.id === 'saddle' ? 'stationary point' : 'minimum'}: ${m}`, { class: 'source' }));
    parts.push(formula);
    for (const p of f.params) {
      parts.push(this.#number(`function-${p.name}`, p.label ?? p.name, {
        value: spec.data[p.name] ?? p.default, min: p.minExclusive ? undefined : p.min, max: p.max, help: `${p.help ?? ''} (${p.range})`,
        onChange: (v) => this.#change((n) => { n.data[p.name] = v; }),
      }));
    }
    const start = el('fieldset', null, { class: 'function-start' });
    start.append(el('legend', 'Start point (or drag it on the plot)'));
    start.append(
      this.#number('function-start-x', 'x', { value: spec.data.start[0], onChange: (v) => this.#change((n) => { n.data.start = [v, n.data.start[1]]; }) }),
      this.#number('function-start-y', 'y', { value: spec.data.start[1], onChange: (v) => this.#change((n) => { n.data.start = [n.data.start[0], v]; }) }),
    );
    const reset = el('button', 'Default start', { type: 'button', class: 'secondary', id: 'function-start-reset' });
    reset.addEventListener('click', () => this.#change((n) => { n.data.start = [...f.start]; }));
    start.append(reset);
    parts.push(start);
    parts.push(this.#number('function-steps', 'Steps', {
      value: spec.training.steps || 200, min: 1, max: 100000, step: '1', help: 'Optimizer steps before the run stops.',
      onChange: (v) => this.#change((n) => { n.training.steps = Math.max(1, Math.round(v)); }),
    }));
    const ls = el('div', null, { class: 'field field-kind' });
    const lsel = el('select', null, { id: 'function-line-search' });
    const none = el('option', 'none: fixed step (the learning rate)');
    none.value = 'none';
    lsel.append(none);
    for (const x of reg.lineSearches ?? []) { const o = el('option', x.label); o.value = x.id; o.title = x.formula; lsel.append(o); }
    const sgd = spec.optimizer.kind === 'sgd';
    lsel.disabled = !sgd;
    lsel.addEventListener('change', () => this.#change((n) => { if (lsel.value === 'none') delete n.training.line_search; else n.training.line_search = lsel.value; }));
    ls.append(el('label', 'Line search', { for: 'function-line-search' }), lsel);
    if (!sgd) ls.append(el('p', 'A line search chooses the step length of plain gradient descent: pick the SGD optimizer to use one.', { class: 'note' }));
    this.#inputs.lineSearch = lsel;
    parts.push(ls);
    this.#root.replaceChildren(...parts);
  }

  #sync(spec, f) {
    const set = (id, v) => { const i = this.#inputs[id]; if (i && this.#ctx.doc.activeElement !== i) i.value = String(v); };
    for (const p of f.params) set(`function-${p.name}`, spec.data[p.name] ?? p.default);
    set('function-start-x', spec.data.start[0]);
    set('function-start-y', spec.data.start[1]);
    set('function-steps', spec.training.steps || 200);
    if (this.#inputs.lineSearch) this.#inputs.lineSearch.value = spec.training.line_search ?? 'none';
  }
}
