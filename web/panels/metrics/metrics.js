// The metrics table: session.metrics() for the training and validation rows as a table
// (accuracy, precision/recall/F1, AUC, or R^2/MAE/RMSE/MSE) and confusion matrices. Every value
// is also exposed as a data-* attribute (data-train-accuracy, data-validation-r2, ...) for tests
// and tools. It receives numbers and draws; class names go in as text, never as HTML.
import { markerSwatch } from '../../palette.js';
import { el } from '../../dom.js';
import { fmt, int, percent } from '../../charts/format.js';

const CLASSIFICATION = [
  ['accuracy', 'Accuracy', 'Share of rows whose predicted class is the true one.'],
  ['precision', 'Precision', 'Of the rows predicted positive (class 1), the share that are.'],
  ['recall', 'Recall', 'Of the positive rows (class 1), the share found.'],
  ['f1', 'F1', 'Harmonic mean of precision and recall.'],
  ['macro_precision', 'Precision (macro)', 'Precision per class, averaged.'],
  ['macro_recall', 'Recall (macro)', 'Recall per class, averaged.'],
  ['macro_f1', 'F1 (macro)', 'F1 per class, averaged.'],
  ['auc', 'ROC AUC', 'Chance that a random positive row scores above a random negative one.'],
];
const REGRESSION = [
  ['r2', 'R²', '1 - residual sum of squares / total sum of squares (1 is perfect).'],
  ['mae', 'MAE', 'Mean absolute error.'],
  ['rmse', 'RMSE', 'Root mean squared error.'],
  ['mse', 'MSE', 'Mean squared error.'],
];

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const cap = (s) => s[0].toUpperCase() + s.slice(1);

const PERCENT = new Set(['accuracy', 'precision', 'recall', 'f1', 'macro_precision', 'macro_recall', 'macro_f1']);
const value = (v, key) => (PERCENT.has(key) ? percent(v) : fmt(v));

export class MetricsPanel {
  #root;
  #last = '';

  constructor(root) { this.#root = root; }

  clear(text = 'Metrics appear once the model has seen the data.') {
    this.#last = '';
    for (const k of Object.keys(this.#root.dataset)) delete this.#root.dataset[k];
    this.#root.replaceChildren(el('p', text, 'muted'));
  }

  /** metrics: session.metrics(); task: regression | binary | multiclass; classNames. */
  render(metrics, task, classNames = []) {
    const key = JSON.stringify(metrics);
    if (key === this.#last) return;
    this.#last = key;
    const splits = ['train', 'validation'].filter((s) => metrics?.[s] && metrics[s].n > 0);
    for (const k of Object.keys(this.#root.dataset)) delete this.#root.dataset[k];
    if (!splits.length) { this.clear(); return; }
    const rows = (task === 'regression' ? REGRESSION : CLASSIFICATION).filter(([k]) => splits.some((s) => Number.isFinite(metrics[s][k])));
    const table = el('table', undefined, 'metrics-table');
    const cap0 = el('caption', task === 'regression' ? 'Regression metrics' : 'Classification metrics', 'sr-only');
    const head = el('tr');
    head.append(el('th', 'Metric'));
    for (const s of splits) {
      const th = el('th', `${s === 'train' ? 'Training' : 'Validation'} (${int(metrics[s].n)})`);
      th.scope = 'col';
      head.append(th);
    }
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    for (const [k, label, help] of rows) {
      const tr = el('tr');
      const th = el('th', label);
      th.scope = 'row';
      th.title = help;
      tr.append(th);
      for (const s of splits) {
        const v = metrics[s][k];
        tr.append(el('td', value(v, k), 'num'));
        if (Number.isFinite(v)) this.#root.dataset[`${s}${cap(camel(k))}`] = String(v);
      }
      tbody.append(tr);
    }
    table.append(cap0, thead, tbody);
    const parts = [table];
    if (task !== 'regression') {
      const wrap = el('div', undefined, 'confusions');
      for (const s of splits) if (metrics[s].confusion) wrap.append(this.#confusion(metrics[s], s, classNames));
      parts.push(wrap);
    }
    this.#root.replaceChildren(...parts);
  }

  #confusion(m, split, classNames) {
    const names = m.classes ?? classNames;
    const fig = el('figure', undefined, 'confusion');
    fig.append(el('figcaption', `${split === 'train' ? 'Training' : 'Validation'}: rows actual, columns predicted`));
    const table = el('table');
    const total = m.confusion.flat().reduce((a, b) => a + b, 0) || 1;
    const head = el('tr');
    head.append(el('td'));
    names.forEach((n, j) => {
      const th = el('th');
      th.scope = 'col';
      th.append(markerSwatch(j, 11));
      th.title = `predicted ${n}`;
      th.append(el('span', n.length > 10 ? `${n.slice(0, 9)}…` : n));
      head.append(th);
    });
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    m.confusion.forEach((row, i) => {
      const tr = el('tr');
      const th = el('th');
      th.scope = 'row';
      th.title = `actual ${names[i]}`;
      th.append(markerSwatch(i, 11));
      th.append(el('span', names[i].length > 10 ? `${names[i].slice(0, 9)}…` : names[i]));
      tr.append(th);
      row.forEach((c, j) => {
        const td = el('td', int(c), i === j ? 'hit num' : 'miss num');
        const a = Math.min(1, (c / total) * names.length);
        td.style.setProperty('--share', a.toFixed(3));
        td.title = `actual ${names[i]}, predicted ${names[j]}: ${c}`;
        tr.append(td);
      });
      tbody.append(tr);
    });
    table.append(thead, tbody);
    fig.append(table);
    return fig;
  }
}
