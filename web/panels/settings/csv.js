// The CSV upload panel: a drop zone and file picker, then what the engine made of the file (a
// preview of the first rows, target and feature pickers, the task, the class mapping of a
// categorical target) or its errors, which name the row and column. File names, headers and
// cells are shown with textContent only. The parse itself runs in the worker.
import { markerSwatch } from '../../palette.js';
import { el } from '../../dom.js';

const MAX_BYTES = 64 * 1024 * 1024;


const kb = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(0.1, n / 1024).toFixed(1)} kB`);

export class CsvPanel {
  #root;
  #input;
  #drop;
  #summary;
  #errors;
  #details;
  #onFile;
  #onOptions;
  #fields;
  #result = null;
  #options = {};

  /** fields: the ParamSpecs of data.task and data.header (state.js specFields). */
  constructor(root, { onFile, onOptions, fields }) {
    this.#root = root;
    this.#onFile = onFile;
    this.#onOptions = onOptions;
    this.#fields = fields;
    this.#drop = el('div', undefined, 'dropzone');
    const label = el('label');
    label.htmlFor = 'csv-file';
    label.append(el('strong', 'Drop a CSV file here'), el('span', ' or choose one'));
    this.#input = document.createElement('input');
    this.#input.type = 'file';
    this.#input.id = 'csv-file';
    this.#input.accept = '.csv,text/csv,text/plain';
    this.#input.addEventListener('change', () => { if (this.#input.files?.[0]) this.#read(this.#input.files[0]); });
    const hint = el('p', 'Comma-separated, UTF-8, "." as the decimal point. The file is parsed by the engine in the worker; it is not put in the link (it stays in this browser).', 'hint');
    this.#drop.append(label, this.#input, hint);
    for (const t of ['dragenter', 'dragover']) this.#drop.addEventListener(t, (e) => { e.preventDefault(); this.#drop.classList.add('over'); });
    for (const t of ['dragleave', 'drop']) this.#drop.addEventListener(t, () => this.#drop.classList.remove('over'));
    this.#drop.addEventListener('drop', (e) => {
      e.preventDefault();
      const f = e.dataTransfer?.files?.[0];
      if (f) this.#read(f);
    });
    this.#summary = el('p', '', 'csv-summary');
    this.#summary.setAttribute('aria-live', 'polite');
    this.#errors = el('ul', undefined, 'errors');
    this.#errors.id = 'csv-errors';
    this.#errors.setAttribute('role', 'alert');
    this.#details = el('div', undefined, 'csv-details');
    root.replaceChildren(this.#drop, this.#summary, this.#errors, this.#details);
  }

  async #read(file) {
    if (file.size > MAX_BYTES) { this.showErrors([{ path: 'data', message: `${file.name} is ${kb(file.size)}; the playground reads files up to ${kb(MAX_BYTES)}` }]); return; }
    this.#summary.textContent = `Reading ${file.name}…`;
    let text;
    try {
      text = await file.text();
    } catch (e) {
      this.showErrors([{ path: 'data', message: `${file.name} could not be read: ${e.message}` }]);
      return;
    }
    this.#input.value = '';
    this.#onFile({ name: file.name, text });
  }

  /** Shows "parsing": the worker has the file. */
  busy(name) {
    this.#summary.textContent = `Parsing ${name}…`;
    this.#errors.replaceChildren();
  }

  /** No file: say so (e.g. a link that names CSV columns; the text is not in links). */
  empty(message) {
    this.#result = null;
    this.#summary.textContent = message ?? '';
    this.#errors.replaceChildren();
    this.#details.replaceChildren();
  }

  showErrors(errors) {
    this.#errors.replaceChildren(...errors.map((e) => el('li', e.message)));
  }

  /** The worker's csv message, with the current data options { target, features, task, header }. */
  render(result, options) {
    this.#result = result;
    this.#options = { ...options };
    const cols = result.header.length;
    this.#summary.textContent = `${result.name}: ${result.totalRows} rows, ${cols} columns, ${kb(result.bytes)}`;
    this.showErrors(result.errors);
    const parts = [];
    if (cols) parts.push(this.#pickers(result));
    if (result.problem && result.problem.task !== 'regression') parts.push(this.#classes(result.problem));
    if (cols) parts.push(this.#table(result));
    this.#details.replaceChildren(...parts);
  }

  #target(result) {
    return this.#options.target || result.problem?.targetNames?.[0] || result.header[result.header.length - 1];
  }

  #emit(patch) {
    this.#options = { ...this.#options, ...patch };
    this.#onOptions({ ...this.#options });
  }

  #pickers(result) {
    const box = el('div', undefined, 'csv-pickers');
    const target = this.#target(result);
    // Target
    const tf = el('div', undefined, 'field');
    const tl = el('label', 'Target column');
    tl.htmlFor = 'csv-target';
    const ts = document.createElement('select');
    ts.id = 'csv-target';
    for (const name of result.header) {
      const o = el('option', name);
      o.value = name;
      o.selected = name === target;
      ts.append(o);
    }
    ts.addEventListener('change', () => this.#emit({ target: ts.value, features: (this.#options.features ?? []).filter((f) => f !== ts.value) }));
    tf.append(tl, ts);
    // Task and header
    const choice = (id, param, value, onChange) => {
      const f = el('div', undefined, 'field');
      const l = el('label', param.label);
      l.htmlFor = id;
      l.title = param.help ?? '';
      const s = document.createElement('select');
      s.id = id;
      for (const c of param.choices) { const o = el('option', c); o.value = c; o.selected = c === value; s.append(o); }
      s.addEventListener('change', () => onChange(s.value));
      f.append(l, s);
      return f;
    };
    const task = choice('csv-task', this.#fields['data.task'], this.#options.task ?? 'auto', (v) => this.#emit({ task: v }));
    const header = choice('csv-header', this.#fields['data.header'], this.#options.header ?? 'auto', (v) => this.#emit({ header: v }));
    // Features
    const fs = el('fieldset', undefined, 'csv-features');
    fs.append(el('legend', 'Feature columns'));
    const chosen = this.#options.features ?? [];
    const names = result.header.filter((n) => n !== target);
    names.forEach((name, j) => {
      const id = `csv-feature-${j}`;
      const row = el('div', undefined, 'check');
      const cb = document.createElement('input');
      cb.type = 'checkbox';
      cb.id = id;
      cb.value = name;
      cb.checked = chosen.length === 0 || chosen.includes(name);
      const l = el('label', name);
      l.htmlFor = id;
      cb.addEventListener('change', () => {
        const on = [...fs.querySelectorAll('input[type=checkbox]')].filter((c) => c.checked).map((c) => c.value);
        if (on.length === 0) { cb.checked = true; return; }
        this.#emit({ features: on.length === names.length ? [] : on });
      });
      row.append(cb, l);
      fs.append(row);
    });
    box.append(tf, task, header, fs);
    return box;
  }

  #classes(problem) {
    const box = el('div', undefined, 'csv-classes');
    box.append(el('h4', `Classes of ${problem.targetNames[0] ?? 'the target'}`));
    const ul = el('ul', undefined, 'legend');
    problem.classNames.forEach((name, k) => {
      const li = el('li');
      li.append(markerSwatch(k), el('span', `${k}: ${name}`));
      ul.append(li);
    });
    box.append(ul);
    return box;
  }

  #table(result) {
    const wrap = el('div', undefined, 'table-scroll');
    wrap.tabIndex = 0;
    wrap.setAttribute('role', 'region');
    wrap.setAttribute('aria-label', 'First rows of the file');
    const table = el('table', undefined, 'preview');
    const target = this.#target(result);
    const chosen = this.#options.features ?? [];
    const klass = (name) => (name === target ? 'target' : chosen.length && !chosen.includes(name) ? 'excluded' : '');
    const tr = el('tr');
    for (const name of result.header) {
      const th = el('th', name, klass(name));
      th.scope = 'col';
      tr.append(th);
    }
    const thead = el('thead');
    thead.append(tr);
    const tbody = el('tbody');
    for (const row of result.rows) {
      const r = el('tr');
      result.header.forEach((name, j) => r.append(el('td', row[j] ?? '', klass(name))));
      tbody.append(r);
    }
    table.append(el('caption', `First ${result.rows.length} rows (target highlighted)`), thead, tbody);
    wrap.append(table);
    return wrap;
  }
}
