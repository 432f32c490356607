// The controls, built from the engine's registry (ids, labels, ranges, defaults, log scales,
// formulas and help all come from registry(); there is no second list here). Each section is
// rebuilt only when its shape changes (another optimizer, another model...); otherwise its
// inputs are updated in place so focus and typing survive. Changes go out as (path, value).
// Not here: the spec's rules (state.js) or what a change does (app/controller.js).
import { tickStep } from 'd3-array';
import { lossFit, modelFits, specFields, taskOf, LIMITS } from '../../state.js';
import { drawThumb } from '../../charts/thumbs.js';
import { el } from '../../dom.js';
import { short } from '../../charts/format.js';
import { renderMath } from '../../math.js';

const idOf = (path) => path.replace(/[^a-zA-Z0-9]+/g, '-');
const get = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);


function sliderRange(p) {
  const lo = p.uiMin ?? p.min;
  const hi = p.uiMax ?? p.max;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(hi > lo)) return null;
  if (p.log && !(lo > 0)) return null;
  if (p.type === 'integer' && p.uiMax === undefined && hi - lo > 10000) return null;
  return [lo, hi];
}

/** A slider step of about 1/200 of the span (a round number: 1, 2 or 5 times a power of ten). */
const niceStep = (span) => tickStep(0, span, 200);

export class Controls {
  #reg;
  #fields;
  #roots;
  #onChange;
  #onHelp;
  #sections = {};
  #thumbs = new Map();
  #previewItems = new Map();

  #doc;

  /**
   * roots: { source, generators, generatorParams, preprocess, model, loss, optimizer, schedule, training }
   * onChange(path, value); onHelp({ title, text, formula, tex, source, range }); doc: the Document or
   * ShadowRoot the controls live in (for focus).
   */
  constructor(registry, roots, { onChange, onHelp, doc = document }) {
    this.#doc = doc;
    this.#reg = registry;
    this.#fields = specFields(registry);
    this.#roots = roots;
    this.#onChange = onChange;
    this.#onHelp = onHelp;
  }

  /** Brings every section up to date with spec; ctx: { task, problem, csvLoaded, source }. */
  render(spec, ctx = {}) {
    const task = taskOf(spec.data, this.#reg, ctx.task ?? null);
    const c = { ...ctx, task };
    const sections = {
      source: [`${ctx.tab}|${spec.data.source === 'inline'}`, () => this.#source(spec, c)],
      generators: [`${spec.data.generator ?? ''}`, () => this.#generators(spec)],
      generatorParams: [`${spec.data.source}|${spec.data.generator ?? ''}`, () => this.#generatorParams(spec)],
      preprocess: ['pre', () => this.#preprocess()],
      model: [`${spec.model.kind}|${spec.model.hidden?.length ?? -1}|${task}`, () => this.#model(spec, c)],
      loss: [`${spec.loss?.kind ?? 'auto'}|${task}|${spec.model.kind}|${ctx.problem?.loss ?? ''}`, () => this.#loss(spec, c)],
      optimizer: [spec.optimizer.kind, () => this.#component('optimizer', this.#reg.optimizers, spec.optimizer)],
      schedule: [spec.schedule.kind, () => this.#component('schedule', this.#reg.schedules, spec.schedule)],
      training: ['training', () => this.#training()],
    };
    for (const [name, [key, build]] of Object.entries(sections)) {
      const root = this.#roots[name];
      if (!root) continue;
      let s = this.#sections[name];
      if (!s || s.key !== key) {
        const active = this.#doc.activeElement;
        const focusId = active && root.contains(active) ? active.id : null;
        const bindings = [];
        this.#binding = bindings;
        root.replaceChildren(...[].concat(build()).filter(Boolean));
        this.#binding = null;
        s = { key, bindings };
        this.#sections[name] = s;
        if (focusId) this.#doc.getElementById(focusId)?.focus();
      }
      for (const b of s.bindings) b.set(get(spec, b.path));
    }
  }

  /** Draws generator thumbnails (the worker's previews message). */
  setPreviews(items) {
    for (const it of items) this.#previewItems.set(it.id, it);
    for (const [id, canvas] of this.#thumbs) drawThumb(canvas, this.#previewItems.get(id));
  }

  #binding = null;
  #bind(path, set) { this.#binding?.push({ path, set }); }

  #help(target, info) {
    const show = () => this.#onHelp(info);
    target.addEventListener('focusin', show);
    target.addEventListener('mouseenter', show);
  }

  // ---- generic controls -----------------------------------------------------------------------
  /** A control for one ParamSpec at path. */
  param(p, path, { label } = {}) {
    const id = idOf(path);
    const field = el('div', undefined, `field field-${p.type}`);
    const text = label ?? p.label ?? p.name;
    const info = { title: text, text: p.help ?? '', range: p.range ?? '' };
    this.#help(field, info);
    if (p.type === 'boolean') {
      field.classList.add('check');
      const cb = document.createElement('input');
      cb.type = 'checkbox';
      cb.id = id;
      const l = el('label', text);
      l.htmlFor = id;
      if (p.help) l.title = p.help;
      cb.addEventListener('change', () => this.#onChange(path, cb.checked));
      field.append(cb, l);
      this.#bind(path, (v) => { cb.checked = !!v; });
      return field;
    }
    const l = el('label', text);
    l.htmlFor = id;
    if (p.help) l.title = `${p.help}${p.range ? ` (${p.range})` : ''}`;
    if (p.type === 'choice') {
      const s = document.createElement('select');
      s.id = id;
      const lookup = { activation: this.#reg.activations, init: this.#reg.inits }[p.name];
      for (const c of p.choices) {
        const entry = lookup?.find((x) => x.id === c);
        const o = el('option', entry?.label ?? c);
        o.value = c;
        if (entry?.formula) o.title = entry.formula;
        s.append(o);
      }
      s.addEventListener('change', () => {
        this.#onChange(path, s.value);
        const entry = lookup?.find((x) => x.id === s.value);
        if (entry) this.#onHelp({ title: `${text}: ${entry.label}`, text: p.help ?? '', formula: entry.formula, tex: entry.tex });
      });
      s.addEventListener('focus', () => {
        const entry = lookup?.find((x) => x.id === s.value);
        if (entry) this.#onHelp({ title: `${text}: ${entry.label}`, text: p.help ?? '', formula: entry.formula, tex: entry.tex });
      });
      field.append(l, s);
      this.#bind(path, (v) => { if (this.#doc.activeElement !== s) s.value = v; });
      return field;
    }
    // number / integer: an optional slider (log where the registry says so) and an exact box.
    const row = el('div', undefined, 'field-row');
    const num = document.createElement('input');
    num.type = 'number';
    num.id = id;
    num.step = p.type === 'integer' ? '1' : 'any';
    if (Number.isFinite(p.min) && !p.minExclusive) num.min = String(p.min);
    if (Number.isFinite(p.max) && !p.maxExclusive) num.max = String(p.max);
    num.inputMode = p.type === 'integer' ? 'numeric' : 'decimal';
    const r = sliderRange(p);
    let slider = null;
    const toPos = (v) => (p.log ? ((Math.log10(v) - Math.log10(r[0])) / (Math.log10(r[1]) - Math.log10(r[0]))) * 1000 : v);
    const fromPos = (x) => {
      if (!p.log) return p.type === 'integer' ? Math.round(x) : Number(Number(x).toPrecision(6));
      const v = 10 ** (Math.log10(r[0]) + (x / 1000) * (Math.log10(r[1]) - Math.log10(r[0])));
      return p.type === 'integer' ? Math.round(v) : Number(v.toPrecision(2));
    };
    if (r) {
      slider = document.createElement('input');
      slider.type = 'range';
      slider.id = `${id}-slider`;
      slider.setAttribute('aria-label', `${text}${p.log ? ' (log scale)' : ''}`);
      if (p.log) { slider.min = '0'; slider.max = '1000'; slider.step = '1'; } else {
        slider.min = String(r[0]);
        slider.max = String(r[1]);
        slider.step = p.type === 'integer' ? '1' : String(niceStep(r[1] - r[0]));
      }
      slider.addEventListener('input', () => {
        const v = fromPos(Number(slider.value));
        num.value = String(v);
        slider.setAttribute('aria-valuetext', short(v));
        this.#onChange(path, v);
      });
      row.append(slider);
    }
    num.addEventListener('change', () => {
      if (num.value.trim() === '' || !Number.isFinite(Number(num.value))) return;
      this.#onChange(path, Number(num.value));
    });
    row.append(num);
    field.append(l, row);
    if (p.log) field.classList.add('log');
    this.#bind(path, (v) => {
      if (this.#doc.activeElement !== num) num.value = String(v);
      if (slider && this.#doc.activeElement !== slider && Number.isFinite(v)) {
        slider.value = String(p.log ? toPos(Math.min(r[1], Math.max(r[0], v))) : v);
        slider.setAttribute('aria-valuetext', short(v));
      }
    });
    return field;
  }

  /** A select of registry entries; options: [{ value, label, disabled, title }]. */
  #select(path, label, options, { onChange, info } = {}) {
    const id = idOf(path);
    const field = el('div', undefined, 'field field-kind');
    const l = el('label', label);
    l.htmlFor = id;
    const s = document.createElement('select');
    s.id = id;
    for (const o of options) {
      const opt = el('option', o.label);
      opt.value = o.value;
      opt.disabled = !!o.disabled;
      if (o.title) opt.title = o.title;
      s.append(opt);
    }
    s.addEventListener('change', () => (onChange ? onChange(s.value) : this.#onChange(path, s.value)));
    field.append(l, s);
    if (info) this.#help(field, info);
    this.#bind(path, (v) => { if (v !== undefined) s.value = v; });
    return field;
  }

  #formula(entry) {
    if (!entry.formula && !entry.source) return null;
    const box = el('div', undefined, 'formula');
    if (entry.formula) box.append(entry.tex ? renderMath(entry.tex, { display: true, plain: entry.formula }) : el('code', entry.formula));
    if (entry.source) box.append(el('span', entry.source, 'source'));
    return box;
  }

  /** An optimizer / schedule: its select, formula and params. */
  #component(section, list, value) {
    const entry = list.find((e) => e.id === value.kind);
    const info = { title: entry.label, text: entry.description ?? '', formula: entry.formula, tex: entry.tex, source: entry.source };
    const title = section === 'optimizer' ? 'Optimizer' : 'Learning-rate schedule';
    const parts = [
      this.#select(`${section}.kind`, title, list.map((e) => ({ value: e.id, label: e.label, title: e.formula })), { info }),
      this.#formula(entry),
    ];
    for (const p of entry.params) parts.push(this.param(p, `${section}.${p.name}`));
    return parts;
  }

  // ---- sections -------------------------------------------------------------------------------
  #source(spec, ctx) {
    const tabs = [['synthetic', 'Generated'], ['csv', 'CSV file']];
    if (spec.data.source === 'inline') tabs.push(['inline', 'Drawn points']);
    if (this.#reg.functions?.length) tabs.push(['function', 'Test function']);
    const fs = el('fieldset', undefined, 'segmented');
    fs.append(el('legend', 'Data source', 'sr-only'));
    for (const [value, label] of tabs) {
      const id = `source-${value}`;
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'data-source';
      input.id = id;
      input.value = value;
      input.checked = ctx.tab === value;
      input.addEventListener('change', () => { if (input.checked) this.#onChange('data.source', value); });
      const l = el('label', label);
      l.htmlFor = id;
      fs.append(input, l);
    }
    return fs;
  }

  #generators(spec) {
    this.#thumbs.clear();
    const fs = el('fieldset', undefined, 'generators');
    fs.append(el('legend', 'Data set'));
    const grid = el('div', undefined, 'tiles');
    for (const g of this.#reg.generators) {
      const id = `gen-${g.id}`;
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'generator';
      input.id = id;
      input.value = g.id;
      input.checked = spec.data.generator === g.id;
      input.addEventListener('change', () => { if (input.checked) this.#onChange('data.generator', g.id); });
      const l = el('label', undefined, 'tile');
      l.htmlFor = id;
      l.title = g.description;
      const canvas = el('canvas');
      canvas.setAttribute('aria-hidden', 'true');
      canvas.width = 56;
      canvas.height = 56;
      this.#thumbs.set(g.id, canvas);
      drawThumb(canvas, this.#previewItems.get(g.id));
      l.append(canvas, el('span', g.label));
      this.#help(l, { title: g.label, text: `${g.description} (${g.task})` });
      grid.append(input, l);
    }
    fs.append(grid);
    return fs;
  }

  #generatorParams(spec) {
    if (spec.data.source !== 'synthetic') return [];
    const g = this.#reg.generators.find((x) => x.id === spec.data.generator);
    const parts = [el('p', g.description, 'description')];
    for (const p of g.params) parts.push(this.param(p, `data.${p.name}`));
    const regen = el('button', 'Regenerate', 'secondary');
    regen.type = 'button';
    regen.id = 'regenerate';
    regen.title = 'Draw a new data set (a new data seed)';
    regen.addEventListener('click', () => this.#onChange('data.seed', 'new'));
    parts.push(regen);
    return parts;
  }

  #preprocess() {
    const f = this.#fields;
    return [this.param(f['preprocess.normalize'], 'preprocess.normalize'), this.param(f['preprocess.validation_split'], 'preprocess.validation_split')];
  }

  #model(spec, ctx) {
    const reg = this.#reg;
    const entry = reg.models.find((m) => m.id === spec.model.kind);
    const options = reg.models.map((m) => {
      const ok = modelFits(reg, m.id, ctx.task);
      return { value: m.id, label: ok ? m.label : `${m.label} (not for ${ctx.task} data)`, disabled: !ok, title: m.description };
    });
    const parts = [
      this.#select('model.kind', 'Model', options, { info: { title: entry.label, text: entry.description } }),
      el('p', entry.description, 'description'),
    ];
    if (entry.hiddenLayers) parts.push(this.#layers(spec.model.hidden));
    for (const p of entry.params) parts.push(this.param(p, `model.${p.name}`));
    return parts;
  }

  #layers(hidden) {
    const field = this.#fields['model.hidden[]'];
    const max = Math.min(this.#fields['model.hidden.length'].max ?? LIMITS.hiddenLayers, LIMITS.hiddenLayers);
    const fs = el('fieldset', undefined, 'layers');
    fs.append(el('legend', 'Hidden layers'));
    this.#help(fs, { title: 'Hidden layers', text: `${field.help ?? ''} Up to ${max} layers of 1 to ${LIMITS.hiddenWidth} units.` });
    const bar = el('div', undefined, 'layer-count');
    const minus = el('button', '−', 'icon');
    minus.type = 'button';
    minus.id = 'layers-remove';
    minus.setAttribute('aria-label', 'Remove the last hidden layer');
    minus.disabled = hidden.length === 0;
    minus.addEventListener('click', () => this.#onChange('model.hidden', hidden.slice(0, -1)));
    const plus = el('button', '+', 'icon');
    plus.type = 'button';
    plus.id = 'layers-add';
    plus.setAttribute('aria-label', 'Add a hidden layer');
    plus.disabled = hidden.length >= max;
    plus.addEventListener('click', () => this.#onChange('model.hidden', [...hidden, hidden[hidden.length - 1] ?? field.default]));
    const count = el('span', hidden.length === 0 ? 'none (a linear model)' : `${hidden.length} layer${hidden.length > 1 ? 's' : ''}`, 'count');
    bar.append(minus, count, plus);
    fs.append(bar);
    const widths = el('div', undefined, 'layer-widths');
    hidden.forEach((w, i) => {
      const id = `model-hidden-${i}`;
      const l = el('label', `Layer ${i + 1}`);
      l.htmlFor = id;
      const num = document.createElement('input');
      num.type = 'number';
      num.id = id;
      num.min = String(field.min ?? 1);
      num.max = String(LIMITS.hiddenWidth);
      num.step = '1';
      num.value = String(w);
      num.addEventListener('change', () => {
        const v = Number(num.value);
        if (!Number.isFinite(v)) return;
        const next = [...this.#currentHidden];
        next[i] = v;
        this.#onChange('model.hidden', next);
      });
      const cell = el('div', undefined, 'layer');
      cell.append(l, num);
      widths.append(cell);
    });
    fs.append(widths);
    this.#bind('model.hidden', (v) => {
      this.#currentHidden = v ?? [];
      widths.querySelectorAll('input').forEach((n, i) => { if (this.#doc.activeElement !== n && v?.[i] !== undefined) n.value = String(v[i]); });
    });
    return fs;
  }

  #currentHidden = [];

  #loss(spec, ctx) {
    const reg = this.#reg;
    const auto = ctx.problem?.loss ? reg.losses.find((l) => l.id === ctx.problem.loss) : null;
    const options = [{ value: 'auto', label: auto && !spec.loss ? `Automatic: ${auto.label}` : 'Automatic (the engine picks)' }];
    for (const l of reg.losses) {
      const f = lossFit(reg, l.id, ctx.task, spec.model.kind);
      const tag = f.fit === 'recommended' ? ' ★' : f.fit === 'allowed' ? ' (allowed)' : ' (does not fit)';
      options.push({ value: l.id, label: `${l.label}${ctx.task ? tag : ''}`, disabled: f.fit === 'invalid', title: f.note || l.formula });
    }
    const chosen = spec.loss ? reg.losses.find((l) => l.id === spec.loss.kind) : auto;
    const info = chosen ? { title: chosen.label, text: '', formula: chosen.formula, tex: chosen.tex, source: chosen.source } : { title: 'Loss', text: 'The engine picks the loss that fits the task and model.' };
    const parts = [this.#select('loss.kind', 'Loss', options, { info })];
    if (chosen) parts.push(this.#formula(chosen));
    if (spec.loss) {
      const f = lossFit(reg, spec.loss.kind, ctx.task, spec.model.kind);
      if (f.note) {
        const note = el('p', `${f.fit === 'allowed' ? 'Allowed, not recommended: ' : ''}${f.note}`, f.fit === 'allowed' ? 'note warn' : 'note');
        note.id = 'loss-note';
        parts.push(note);
      }
      const entry = reg.losses.find((l) => l.id === spec.loss.kind);
      for (const p of entry.params) parts.push(this.param(p, `loss.${p.name}`));
    }
    const legend = el('p', '★ recommended for this data and model', 'hint');
    parts.push(legend);
    return parts;
  }

  #training() {
    const f = this.#fields;
    return [
      this.param(f['training.batch_size'], 'training.batch_size'),
      this.param(f['training.epochs'], 'training.epochs'),
      this.param(f['training.l2'], 'training.l2'),
      this.param(f['training.clip_norm'], 'training.clip_norm'),
      this.param(f['training.shuffle'], 'training.shuffle'),
      this.param(f.seed, 'seed', { label: 'seed (weights, shuffling)' }),
    ];
  }
}
