// The CSV upload panel: a drop zone and file picker, then what the engine made of the file: its
// notes (an encoding it guessed, lines it skipped), every guess with a one-click override (the
// target, the task, the columns left out and why, the separator, decimal mark, quote, header row,
// skipped lines and encoding: controls built from registry().spec's CSV fields), the classes once
// a session opens, and the first rows as the engine split them, columns marked by role. Or why the
// file cannot train, with its first lines. The file goes to the worker as bytes (never decoded
// here); names and cells arrive already cut (engine/csv-shape.js) and go in as text (el()).
// Not here: reading the file (the engine, in the worker), the spec's rules (state.js).
import { markerSwatch } from '../../palette.js';
import { el } from '../../dom.js';
import { int } from '../../charts/format.js';

const MAX_BYTES = 64 * 1024 * 1024;

const kb = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(0.1, n / 1024).toFixed(1)} kB`);
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** How a separator, decimal mark or quote character reads in a menu. */
const CHAR_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe', '.': 'point', '"': 'double quote', "'": 'single quote' };
const charText = (c) => (c === '\t' ? 'tab' : CHAR_NAMES[c] ? `${c}  (${CHAR_NAMES[c]})` : c);

/** Why the engine leaves a column out, in words. */
const WHY = { identifier: 'an identifier', constant: 'the same in every row', empty: 'empty', text: 'text, not numbers' };

export class CsvPanel {
  #input;
  #summary;
  #errors;
  #notes;
  #details;
  #classes;
  #onFile;
  #onOptions;
  #fields;
  #result = null;
  #options = {};
  #guessed = null;   // { name, features }: the engine's own feature choice for this file (read without a features override)

  /**
   * fields: the ParamSpecs of the CSV fields (state.js csvFields: header, delimiter, ..., task).
   * onFile({ name, blob }): a file was chosen. onOptions(options): read it again with these overrides.
   */
  constructor(root, { onFile, onOptions, fields }) {
    this.#onFile = onFile;
    this.#onOptions = onOptions;
    this.#fields = fields;
    const drop = el('div', undefined, 'dropzone');
    const label = el('label', null, { for: 'csv-file' });
    label.append(el('strong', 'Drop a CSV file here'), el('span', ' or choose one'));
    this.#input = el('input', null, { type: 'file', id: 'csv-file', accept: '.csv,.tsv,.txt,.data,text/csv,text/plain' });
    this.#input.addEventListener('change', () => { if (this.#input.files?.[0]) this.#read(this.#input.files[0]); });
    const hint = el('p', 'Any separator (, ; tab |), decimal commas, a header row or none, UTF-8 or Windows-1252. The engine reads the file in a worker and says what it guessed; change any guess below. The file stays in this browser (links do not carry it).', 'hint');
    drop.append(label, this.#input, hint);
    for (const t of ['dragenter', 'dragover']) drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add('over'); });
    for (const t of ['dragleave', 'drop']) drop.addEventListener(t, () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      const f = e.dataTransfer?.files?.[0];
      if (f) this.#read(f);
    });
    this.#summary = el('p', '', { class: 'csv-summary', 'aria-live': 'polite' });
    this.#errors = el('ul', undefined, { id: 'csv-errors', class: 'errors', role: 'alert' });
    this.#notes = el('ul', undefined, { id: 'csv-notes', class: 'csv-notes', 'aria-label': 'What the engine read' });
    this.#classes = el('div', undefined, 'csv-classes');
    this.#classes.hidden = true;
    this.#details = el('div', undefined, 'csv-details');
    root.replaceChildren(drop, this.#summary, this.#errors, this.#notes, this.#details);
  }

  #read(file) {
    this.#input.value = '';
    if (file.size > MAX_BYTES) { this.showErrors([{ path: 'data', message: `${file.name} is ${kb(file.size)}; the playground reads files up to ${kb(MAX_BYTES)}` }]); return; }
    // The bytes as they are (a File is a Blob): the worker reads them, the engine decodes them.
    this.#onFile({ name: file.name, blob: file });
  }

  /** Shows "reading": the worker has the file. */
  busy(name) {
    this.#summary.textContent = `Reading ${name}…`;
    this.#errors.replaceChildren();
  }

  /** No file: say so (e.g. a link that names CSV columns; the file is not in links). */
  empty(message) {
    this.#result = null;
    this.#summary.textContent = message ?? '';
    this.#errors.replaceChildren();
    this.#notes.replaceChildren();
    this.#details.replaceChildren();
  }

  showErrors(errors) {
    this.#errors.replaceChildren(...errors.map((e) => el('li', e.message)));
  }

  /**
   * The worker's csv message (engine/protocol.js), read with these overrides (state.js csvOverrides);
   * note: a word about the file itself (store.js: one an older version kept as text).
   */
  render(result, options, note = '') {
    this.#result = result;
    this.#options = { ...options };
    if (result.parsed && result.columns && !options.features) {
      this.#guessed = { name: result.name, target: options.target, features: result.columns.filter((c) => c.role === 'feature').map((c) => c.select) };
    }
    const cols = result.columns ? result.columns.length + (result.more?.count ?? 0) : 0;
    this.#summary.textContent = result.parsed
      ? `${result.name}: ${int(result.totalRows)} rows, ${int(cols)} columns, ${kb(result.bytes)}`
      : `${result.name}: ${kb(result.bytes)}; it cannot be read as a table`;
    this.showErrors(result.errors);
    const notes = [...(note ? [`This file was ${note}.`] : []), ...(result.data?.notes ?? [])];
    this.#notes.replaceChildren(...notes.map((n) => el('li', n)));
    const parts = [];
    if (result.parsed && result.data) parts.push(this.#guesses(result));
    if (result.parsed && result.columns?.length) parts.push(this.#columns(result), this.#classes, this.#table(result));
    if (!result.parsed && result.lines?.length) parts.push(this.#lines(result));
    // The reading fields stay changeable when the file could not be split (a wrong separator guess).
    if (!result.parsed && !result.cancelled) parts.unshift(this.#format(null));
    this.#details.replaceChildren(...parts);
  }

  /** The classes of the session that opened on this file (problem().classNames), or none. */
  showProblem(problem) {
    const show = !!problem && problem.task !== 'regression' && Array.isArray(problem.classNames);
    this.#classes.hidden = !show;
    if (!show) { this.#classes.replaceChildren(); return; }
    const ul = el('ul', undefined, 'legend');
    problem.classNames.forEach((name, k) => {
      const li = el('li');
      li.append(markerSwatch(k), el('span', `${k}: ${name}`));
      ul.append(li);
    });
    this.#classes.replaceChildren(el('h4', `Classes of ${problem.targetNames?.[0] ?? 'the target'}`), ul);
  }

  #emit(patch) {
    const next = { ...this.#options, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[k];
    this.#onOptions(next);
  }

  // ---- the guesses --------------------------------------------------------------------------------
  /** A select for one spec field: "auto (guess)" first, then the field's choices. */
  #choice(p, value, guessText, onChange, labels = (c) => c) {
    const key = p.name.slice('data.'.length);
    const id = `csv-${key.replace(/_/g, '-')}`;
    const f = el('div', undefined, 'field');
    const l = el('label', capital(p.label ?? key), { for: id, title: p.help ?? '' });
    const s = el('select', null, { id, 'aria-describedby': `${id}-how` });
    for (const c of p.choices) {
      const text = c === p.default ? `${c}: ${guessText}` : labels(c);
      s.append(el('option', text, { value: c }));
    }
    s.value = value ?? p.default;
    s.addEventListener('change', () => onChange(s.value === p.default ? undefined : s.value));
    f.append(l, s, el('span', value === undefined || value === p.default ? 'guessed' : 'chosen', { id: `${id}-how`, class: 'how' }));
    return f;
  }

  #guesses(result) {
    const d = result.data;
    const box = el('div', undefined, 'csv-guesses');
    box.append(el('h4', 'What the engine guessed (change any of it)'));
    const meaning = el('div', undefined, 'csv-fields');
    // Target: the listed columns, by the name (or number) an override uses.
    const tf = el('div', undefined, 'field');
    const target = el('select', null, { id: 'csv-target', 'aria-describedby': 'csv-target-how' });
    const guess = d.target ? `${d.target.name} (${d.target.how})` : 'none';
    target.append(el('option', `auto: ${guess}`, { value: '' }));
    for (const c of result.columns) target.append(el('option', c.name, { value: c.select }));
    target.value = this.#options.target ?? '';
    if (target.value !== (this.#options.target ?? '')) target.append(el('option', String(this.#options.target), { value: this.#options.target, selected: true }));
    target.addEventListener('change', () => {
      const t = target.value || undefined;
      const features = this.#options.features?.filter((f) => f !== t);
      this.#emit({ target: t, features: features?.length ? features : undefined });
    });
    tf.append(el('label', 'Target column', { for: 'csv-target' }), target, el('span', this.#options.target ? 'chosen' : 'guessed', { id: 'csv-target-how', class: 'how' }));
    meaning.append(tf);
    const task = this.#fields.find((p) => p.name === 'data.task');
    if (task) {
      const t = d.task;
      const what = !t ? 'unknown' : t.kind === 'regression' ? `regression (${t.how})` : `${t.classes > 2 ? 'multiclass' : 'binary'}, ${int(t.classes)} classes (${t.how})`;
      meaning.append(this.#choice(task, this.#options.task, what, (v) => this.#emit({ task: v })));
    }
    box.append(meaning, this.#format(d.dialect));
    return box;
  }

  /** The reading fields (separator, decimal, quote, header, skipped lines, encoding); dialect: what was read, or null. */
  #format(dialect) {
    const box = el('div', undefined, 'csv-fields csv-format');
    const guessOf = {
      delimiter: () => charText(dialect.delimiter),
      decimal: () => charText(dialect.decimal),
      quote: () => charText(dialect.quote),
      header: () => (dialect.header ? 'yes' : 'no'),
      encoding: () => dialect.encoding,
      skip_rows: () => `${int(dialect.skipped)}${dialect.sepline ? ' (after a sep= line)' : ''}`,
    };
    for (const p of this.#fields) {
      const key = p.name.slice('data.'.length);
      if (key === 'task') continue;
      const guess = dialect && guessOf[key] ? guessOf[key]() : 'not read';
      if (p.type === 'choice') box.append(this.#choice(p, this.#options[key], guess, (v) => this.#emit({ [key]: v }), charText));
      else box.append(this.#count(p, key, guess));
    }
    return box;
  }

  /** An integer field whose default means "guess" (skip_rows): empty = the guess. */
  #count(p, key, guess) {
    const id = `csv-${key.replace(/_/g, '-')}`;
    const f = el('div', undefined, 'field');
    const given = this.#options[key];
    const lo = Math.max(p.min ?? 0, p.default + 1);
    const input = el('input', null, { type: 'number', id, min: lo, max: p.max, step: 1, placeholder: `auto: ${guess}`, 'aria-describedby': `${id}-how` });
    if (given !== undefined && given !== p.default) input.value = String(given);
    input.addEventListener('change', () => {
      const v = input.value.trim() === '' ? undefined : Number(input.value);
      if (v !== undefined && !(Number.isInteger(v) && v >= lo && v <= (p.max ?? Infinity))) { input.value = given === undefined ? '' : String(given); return; }
      this.#emit({ [key]: v });
    });
    f.append(el('label', capital(p.label ?? key), { for: id, title: p.help ?? '' }), input, el('span', given === undefined ? `guessed (empty: guess)` : 'chosen', { id: `${id}-how`, class: 'how' }));
    return f;
  }

  // ---- the columns --------------------------------------------------------------------------------
  #columns(result) {
    const fs = el('fieldset', undefined, 'csv-features');
    fs.append(el('legend', 'Feature columns'));
    const chosen = this.#options.features;
    const others = result.columns.filter((c) => c.role !== 'target');
    const wide = (result.more?.count ?? 0) > 0;
    others.forEach((c) => {
      const id = `csv-feature-${c.index}`;
      const row = el('div', undefined, `check role-${c.role ?? 'none'}`);
      const cb = el('input', null, { type: 'checkbox', id, value: c.select, disabled: wide });
      cb.checked = chosen ? chosen.includes(c.select) : c.role === 'feature';
      cb.addEventListener('change', () => {
        const on = [...fs.querySelectorAll('input[type=checkbox]')].filter((x) => x.checked).map((x) => x.value);
        if (on.length === 0) { cb.checked = true; return; }
        // Back to the engine's own choice (read without an override): no override.
        const g = this.#guessed;
        const guessed = g && g.name === result.name && g.target === this.#options.target ? g.features : null;
        const same = !!guessed && on.length === guessed.length && on.every((v) => guessed.includes(v));
        this.#emit({ features: same ? undefined : on });
      });
      row.append(cb, el('label', c.name, { for: id }));
      if (c.length !== undefined) row.append(el('span', `${int(c.length)} characters`, 'why'));
      if (c.role === 'ignored') row.append(el('span', `left out: ${WHY[c.why] ?? c.why}${chosen ? '' : '; tick to use it'}`, 'why'));
      else if (c.role === 'unused' && !chosen) row.append(el('span', 'not used', 'why'));
      fs.append(row);
    });
    if (wide) {
      const r = result.more.roles;
      fs.append(el('p', `… and ${int(result.more.count)} more columns (${int(r.feature)} features, ${int(r.ignored)} left out${r.target ? ', the target' : ''}). With more than ${int(result.columns.length)} columns the features follow the engine's guess; data.features in a spec file chooses among all.`, 'hint more'));
    } else if (chosen) {
      const back = el('button', 'Use the guessed features', { type: 'button', class: 'secondary small' });
      back.addEventListener('click', () => this.#emit({ features: undefined }));
      fs.append(back);
    }
    return fs;
  }

  #table(result) {
    const wrap = el('div', undefined, { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'First rows of the file' });
    const table = el('table', undefined, 'preview');
    const cls = (c) => (c.role === 'target' ? 'target' : c.role === 'feature' ? 'feature' : 'excluded');
    const names = el('tr');
    const roles = el('tr', undefined, 'roles');
    for (const c of result.columns) {
      names.append(el('th', c.name, { class: cls(c), scope: 'col' }));
      const role = c.role === 'ignored' ? `left out: ${c.why}` : c.role ?? '';
      roles.append(el('td', c.length !== undefined ? `${role}${role ? ' · ' : ''}${int(c.length)} characters` : role, cls(c)));
    }
    const thead = el('thead');
    thead.append(names, roles);
    const tbody = el('tbody');
    for (const row of result.rows) {
      const r = el('tr');
      result.columns.forEach((c, j) => r.append(el('td', row[j] ?? '', cls(c))));
      tbody.append(r);
    }
    const more = result.more ? `; the first ${int(result.columns.length)} of ${int(result.columns.length + result.more.count)} columns` : '';
    table.append(el('caption', `First ${result.rows.length} rows as the engine split them${more} (target highlighted, columns left out greyed)`), thead, tbody);
    wrap.append(table);
    return wrap;
  }

  #lines(result) {
    const box = el('div', undefined, 'csv-lines');
    box.append(el('h4', 'The first lines of the file'));
    const ol = el('ol');
    for (const line of result.lines) ol.append(el('li', line));
    box.append(ol);
    return box;
  }
}
