// The race card: the runs (A is the page's setup; B to F each change something), their loss
// curves overlaid (x: steps, epochs or training time), a summary table (first, final and best
// loss, steps to a target, diverged or not) and, where it fits, each run's learned curve or
// decision boundary. Every number is also a data-* attribute (data-first-loss...) for tests.
// User text goes in as textContent. The panel module (build, at the end) wires it to the controller.
// Not here: the workers (app/race.js) or patch rules (app/runs.js).
import { el } from '../../dom.js';
import { RaceChart } from '../../charts/racechart.js';
import { FitsPlot, fitsKind } from '../../charts/fits.js';
import { MAX_RUNS, suggestedLr } from '../../app/runs.js';
import { recordOfRun } from '../../app/race.js';
import { finalValue, measure, stepsTo, autoTarget } from '../../lessons/claims.js';
import { thin, CHART_POINTS, noisyLoss } from '../../charts/series.js';
import { fmt, int } from '../../charts/format.js';

const SERIES = {
  loss: { label: 'training loss (per step)', y: 'loss' },
  epoch: { label: 'training loss (per epoch)', y: 'loss' },
  validation: { label: 'validation loss (per epoch)', y: 'validation loss' },
  lr: { label: 'learning rate', y: 'lr' },
  grad: { label: 'gradient norm', y: '‖g‖' },
};
const AXES = { steps: 'step', epochs: 'epoch', time: 'training time (s)' };
const STATUS = { running: 'training', done: 'finished', diverged: 'diverged', early_stopped: 'stopped early', converged: 'converged', stopped: 'stopped', invalid: 'cannot train', loading: 'loading', error: 'error' };

/**
 * { record, first, final, best, finalVal, bestVal, reached(target) } of a run: the one set of
 * definitions the lessons' claims use (lessons/claims.js), so the table's final value is the
 * landscape's f now, and "Validation (final)" after early stopping is the restored parameters'.
 */
export function summarize(run) {
  const record = recordOfRun(run);
  const hasVal = record.epochs.valLoss.some(Number.isFinite);
  return {
    record,
    first: record.loss[0] ?? NaN,
    final: finalValue(record),
    best: measure(record, { measure: 'best' }),
    finalVal: hasVal ? measure(record, { measure: 'finalValidation' }) : NaN,
    bestVal: hasVal ? measure(record, { measure: 'bestValidation' }) : NaN,
    reached: (target) => stepsTo(record, target),
  };
}

/** The box of the fits picture: run A's data view for curves, the prediction grid for boundaries. */
function fitsBox(kind, data, pred) {
  const pad = (lo, hi, f) => { const d = (hi - lo) * f || 1; return [lo - d, hi + d]; };
  const range = (a, step = 1, off = 0) => { let lo = Infinity; let hi = -Infinity; for (let i = off; i < a.length; i += step) { lo = Math.min(lo, a[i]); hi = Math.max(hi, a[i]); } return [lo, hi]; };
  if (!data?.trainY?.length) return null;
  if (kind === 'curve') {
    const x = pred?.kind === 'curve' ? [pred.result.x[0], pred.result.x[pred.result.x.length - 1]] : pad(...range(data.trainX), 0.05);
    return { x, y: pad(...range(data.trainY), 0.12) };
  }
  if (pred?.kind === 'grid') return { x: pred.result.xRange, y: pred.result.yRange };
  return { x: pad(...range(data.trainX, 2, 0), 0.08), y: pad(...range(data.trainX, 2, 1), 0.08) };
}

export class RacePanel {
  #race;
  #ctx;
  #root;
  #chart;
  #fits;
  #els = {};
  #options = { x: 'steps', series: 'loss', log: true, smooth: true, target: NaN };
  #frame = 0;
  #lastDraw = 0;
  #timer = 0;
  #runsKey = '';

  /**
   * ctx: { registry(), spec(), problem(): run A's problem, data(): run A's rows,
   *        setPatches(patches) (the controller applies, resets and links them), restartRun(index),
   *        smoothing(): the loss charts' smoothing weight }
   */
  constructor(race, ctx) {
    this.#race = race;
    this.#ctx = ctx;
    const card = el('section', null, { class: 'card race-card', id: 'race', 'aria-labelledby': 'race-title' });
    const head = el('div', null, { class: 'card-head' });
    head.append(el('h2', 'Compare runs', { id: 'race-title' }));
    const tools = el('div', null, { class: 'chart-tools' });
    head.append(tools);
    card.append(head);
    const intro = el('p', 'Run A is the setup on this page. Each added run changes one thing and trains in its own worker, from the same initial parameters, on the same data, in the same batch order; the toolbar drives them all.', { class: 'hint race-intro' });
    card.append(intro);
    this.#els.runs = el('ol', null, { class: 'race-runs', 'aria-label': 'Runs' });
    card.append(this.#els.runs);
    const actions = el('div', null, { class: 'race-actions' });
    const add = el('button', 'Add a run', { type: 'button', id: 'race-add', class: 'secondary' });
    add.addEventListener('click', () => this.#addRun());
    const trio = el('button', 'Race SGD, momentum and Adam', { type: 'button', id: 'race-trio' });
    trio.addEventListener('click', () => this.#trio());
    const clear = el('button', 'Remove the added runs', { type: 'button', id: 'race-clear' });
    clear.addEventListener('click', () => this.#ctx.setPatches([]));
    actions.append(add, trio, clear);
    card.append(actions);
    this.#els.add = add;
    this.#els.clear = clear;

    // chart options
    const body = el('div', null, { class: 'race-body' });
    const opts = el('div', null, { class: 'race-options' });
    const axis = el('fieldset', null, { class: 'segmented small' });
    axis.append(el('legend', 'x axis', { class: 'sr-only' }));
    for (const [v, label] of [['steps', 'steps'], ['epochs', 'epochs'], ['time', 'time']]) {
      const input = el('input', null, { type: 'radio', name: 'race-x', id: `race-x-${v}`, value: v });
      input.checked = v === this.#options.x;
      input.addEventListener('change', () => { if (input.checked) { this.#options.x = v; this.#draw(true); } });
      axis.append(input, el('label', label, { for: `race-x-${v}` }));
    }
    const seriesField = el('span', null, { class: 'race-series' });
    const sl = el('label', 'show', { for: 'race-series' });
    const sel = el('select', null, { id: 'race-series' });
    for (const [k, s] of Object.entries(SERIES)) { const o = el('option', s.label); o.value = k; sel.append(o); }
    sel.addEventListener('change', () => { this.#options.series = sel.value; this.#draw(true); });
    seriesField.append(sl, sel);
    const check = (id, label, key) => {
      const span = el('span', null, { class: 'check' });
      const cb = el('input', null, { type: 'checkbox', id });
      cb.checked = this.#options[key];
      cb.addEventListener('change', () => { this.#options[key] = cb.checked; this.#draw(true); });
      span.append(cb, el('label', label, { for: id }));
      return span;
    };
    opts.append(el('span', 'x axis:', { class: 'muted', 'aria-hidden': 'true' }), axis, seriesField, check('race-log', 'log scale', 'log'), check('race-smooth', 'smooth', 'smooth'));
    this.#els.series = sel;
    body.append(opts);
    const chartBox = el('div', null, { class: 'chart race-chart', id: 'race-chart', role: 'img', 'aria-label': 'Loss curves of the runs' });
    body.append(chartBox);
    this.#els.chart = chartBox;
    this.#chart = new RaceChart(chartBox, { height: 260 });

    // summary
    const targetRow = el('div', null, { class: 'race-target' });
    const tl = el('label', 'Target loss for "steps to target"', { for: 'race-target' });
    const ti = el('input', null, { type: 'number', id: 'race-target', step: 'any', min: '0', placeholder: 'auto' });
    ti.addEventListener('change', () => { const v = Number(ti.value); this.#options.target = ti.value.trim() !== '' && Number.isFinite(v) ? v : NaN; this.#draw(true); });
    targetRow.append(tl, ti);
    this.#els.targetInput = ti;
    body.append(targetRow);
    // Keyboard users can scroll a table wider than the card (the region takes focus).
    const scroll = el('div', null, { class: 'table-scroll race-table-scroll', tabindex: '0', role: 'region', 'aria-label': 'The runs compared' });
    const table = el('table', null, { class: 'metrics-table race-table', id: 'race-table' });
    const cap = el('caption', 'Each run: the loss it started from, ended at and did best at (training loss per epoch), how many steps it needed to reach the target, and whether it diverged.');
    const thead = el('thead');
    const tr = el('tr');
    for (const h of ['Run', 'Status', 'Steps', 'First loss', 'Final loss', 'Best loss', 'Validation (final)', 'Steps to target', 'Time']) tr.append(el('th', h, { scope: 'col', ...(h.startsWith('Validation') ? { class: 'col-val' } : {}) }));
    this.#els.table = table;
    thead.append(tr);
    this.#els.tbody = el('tbody');
    // A failed run's "Restart" (the rows are rebuilt on every update, so the click is caught here).
    this.#els.tbody.addEventListener('click', (e) => {
      const b = e.target.closest?.('button.race-restart');
      if (b) this.#ctx.restartRun(Number(b.dataset.index));
    });
    table.append(cap, thead, this.#els.tbody);
    scroll.append(table);
    this.#els.failures = el('p', null, { class: 'race-failures', role: 'status' });
    this.#els.failures.hidden = true;
    body.append(scroll, this.#els.failures);

    // fits
    const fits = el('figure', null, { class: 'race-fits', id: 'race-fits' });
    this.#els.fitsCaption = el('figcaption', 'What each run has learned');
    fits.append(this.#els.fitsCaption);
    const canvas = el('canvas', null, { class: 'race-fits-canvas', role: 'img', 'aria-label': 'The data with each run\'s prediction' });
    fits.append(canvas);
    this.#fits = new FitsPlot(canvas);
    this.#els.fits = fits;
    this.#els.fitsCanvas = canvas;
    body.append(fits);
    this.#els.body = body;
    card.append(body);
    this.#root = card;
  }

  get root() { return this.#root; }
  /** Whether the fits picture is shown (so the race asks its workers for predictions). */
  get wantsFits() { return this.#race.active && !!fitsKind(this.#ctx.problem()); }

  /** The theme changed: the charts draw again in its colours. */
  restyle() {
    this.#chart.restyle();
    this.#fits.restyle();
  }

  /** Redraw soon (at most ~8 times a second while runs train). */
  update(what) {
    if (what === 'runs' || what === 'opened') this.#renderRuns();
    if (this.#frame || this.#timer) return;
    const wait = 120 - (performance.now() - this.#lastDraw);
    const go = () => { this.#timer = 0; this.#frame = requestAnimationFrame(() => { this.#frame = 0; this.#draw(); }); };
    if (wait > 0) this.#timer = setTimeout(go, wait); else go();
  }

  /** Shows the race setting for this series (lessons pick one: e.g. the learning rate). */
  setSeries(series) {
    if (!SERIES[series]) return;
    this.#options.series = series;
    this.#els.series.value = series;
    this.#draw(true);
  }

  // ---- the runs -----------------------------------------------------------------------------------
  #renderRuns() {
    const race = this.#race;
    const reg = this.#ctx.registry();
    const key = JSON.stringify(race.runs.map((r) => [r.label, r.patch, r.issues.length]));
    const active = race.active;
    this.#root.dataset.runs = String(race.runs.length);
    this.#els.body.hidden = !active;
    this.#els.add.disabled = race.runs.length >= MAX_RUNS;
    this.#els.clear.hidden = !active;
    if (key === this.#runsKey) return;
    this.#runsKey = key;
    const items = race.runs.map((r) => {
      const li = el('li', null, { class: 'race-run', 'data-run': r.name });
      const sw = el('span', null, { class: `race-swatch run-${r.index}`, 'aria-hidden': 'true' });
      const name = el('strong', r.name, { class: 'race-name' });
      const label = el('span', r.index === 0 ? `${r.label} (this page's setup)` : r.label, { class: 'race-label' });
      li.append(sw, name, label);
      if (r.index > 0) {
        li.append(this.#editor(r, reg));
        const rm = el('button', '×', { type: 'button', class: 'icon', 'aria-label': `Remove run ${r.name}` });
        rm.addEventListener('click', () => this.#ctx.setPatches(race.patches.filter((_, i) => i !== r.index - 1)));
        li.append(rm);
        if (r.issues.length) li.append(el('p', r.issues.map((i) => i.message).join(' '), { class: 'note warn race-issues' }));
      }
      return li;
    });
    this.#els.runs.replaceChildren(...items);
  }

  /** A challenger's optimizer and learning rate (the most common things to race). */
  #editor(r, reg) {
    const box = el('span', null, { class: 'race-editor' });
    const id = `race-opt-${r.index}`;
    const sel = el('select', null, { id, 'aria-label': `Run ${r.name}: optimizer` });
    const same = el('option', 'same optimizer as A');
    same.value = '';
    sel.append(same);
    for (const o of reg.optimizers) { const opt = el('option', o.label); opt.value = o.id; sel.append(opt); }
    sel.value = r.patch['optimizer.kind'] ?? '';
    const lr = el('input', null, { type: 'number', step: 'any', min: '0', id: `race-lr-${r.index}`, 'aria-label': `Run ${r.name}: learning rate`, placeholder: 'lr' });
    const spec = this.#ctx.spec();
    const lrNow = r.patch['optimizer.lr'] ?? (r.patch['optimizer.kind'] ? suggestedLr(reg, r.patch['optimizer.kind']) : spec?.optimizer.lr);
    lr.value = lrNow === undefined ? '' : String(lrNow);
    const apply = () => {
      const p = {};
      for (const [k, v] of Object.entries(r.patch)) if (!k.startsWith('optimizer.')) p[k] = v;
      const lrv = Number(lr.value);
      if (sel.value) {
        p['optimizer.kind'] = sel.value;
        // Keep the optimizer's own extra settings when only the lr changes.
        if (sel.value === r.patch['optimizer.kind']) for (const [k, v] of Object.entries(r.patch)) if (k.startsWith('optimizer.') && k !== 'optimizer.lr') p[k] = v;
      }
      if (lr.value.trim() !== '' && Number.isFinite(lrv) && lrv > 0) p['optimizer.lr'] = lrv;
      const next = [...this.#race.patches];
      next[r.index - 1] = p;
      this.#ctx.setPatches(next);
    };
    sel.addEventListener('change', () => {
      if (sel.value && sel.value !== r.patch['optimizer.kind']) lr.value = String(suggestedLr(reg, sel.value));
      apply();
    });
    lr.addEventListener('change', apply);
    box.append(sel, lr);
    return box;
  }

  #addRun() {
    const reg = this.#ctx.registry();
    const spec = this.#ctx.spec();
    const used = new Set([spec.optimizer.kind, ...this.#race.patches.map((p) => p['optimizer.kind']).filter(Boolean)]);
    // The first optimizer of the registry that no run uses yet.
    const kind = reg.optimizers.find((o) => !used.has(o.id))?.id ?? reg.optimizers[0].id;
    this.#ctx.setPatches([...this.#race.patches, { 'optimizer.kind': kind, 'optimizer.lr': suggestedLr(reg, kind) }]);
  }

  #trio() {
    const reg = this.#ctx.registry();
    const spec = this.#ctx.spec();
    // SGD's step is the raw gradient times lr: test functions have steep walls, so start small there.
    const lr = spec.optimizer.kind === 'sgd' || spec.optimizer.kind === 'momentum' ? spec.optimizer.lr : spec.data.source === 'function' ? 0.001 : 0.05;
    const runs = [];
    if (spec.optimizer.kind !== 'sgd') runs.push({ 'optimizer.kind': 'sgd', 'optimizer.lr': lr });
    if (spec.optimizer.kind !== 'momentum') runs.push({ 'optimizer.kind': 'momentum', 'optimizer.lr': lr, 'optimizer.momentum': 0.9 });
    if (spec.optimizer.kind !== 'adam') runs.push({ 'optimizer.kind': 'adam', 'optimizer.lr': suggestedLr(reg, 'adam') * 10 });
    this.#ctx.setPatches(runs.slice(0, 2));
  }

  // ---- the chart and the table --------------------------------------------------------------------
  #seriesOf(run) {
    const h = run.history;
    const o = this.#options;
    let steps;
    let ys;
    if (o.series === 'epoch' || o.series === 'validation') {
      const e = h.epochs;
      steps = e.step;
      ys = o.series === 'epoch' ? e.trainLoss : e.valLoss;
    } else {
      const name = { loss: 'loss', lr: 'lr', grad: 'gradNorm' }[o.series];
      const raw = h[name];
      // Only noisy mini-batch curves are smoothed (the history keeps them up to date incrementally).
      const vals = o.smooth && o.series !== 'lr' && noisyLoss(run.spec, run.problem?.rows?.train) ? h.smoothed(name, this.#ctx.smoothing()) : raw;
      const idx = thin(raw, CHART_POINTS);
      steps = idx.map((i) => h.stepAt(i));
      ys = idx.map((i) => vals[i]);
    }
    const x = o.x === 'steps' ? steps : o.x === 'epochs' ? steps.map((s) => s / Math.max(1, run.stepsPerEpoch)) : steps.map((s) => run.msAt(s) / 1000);
    return { x, y: ys };
  }

  #draw(force = false) {
    this.#lastDraw = performance.now();
    const race = this.#race;
    this.#renderRuns();
    if (!race.active) return;
    const o = this.#options;
    const series = race.runs.map((r) => ({ label: `${r.name}: ${r.label}`, color: r.color, dash: r.dash, ...this.#seriesOf(r) }));
    this.#chart.setData({ series, xLabel: AXES[o.x], yLabel: SERIES[o.series].y, log: o.log && o.series !== 'lr' });
    this.#table();
    this.#drawFits();
    if (force) this.#root.dataset.x = o.x;
  }

  #table() {
    const race = this.#race;
    const sums = race.runs.map((r) => summarize(r));
    // Runs with different losses (or models) have losses on different scales: each run then gets
    // its own target, 95% of the way from its first loss to its best.
    const ownScale = race.paths.some((p) => p.startsWith('loss.') || p === 'model.kind');
    const auto = ownScale ? NaN : autoTarget(sums.map((x) => x.record));
    const given = Number.isFinite(this.#options.target);
    const target = given ? this.#options.target : auto;
    this.#els.targetInput.placeholder = ownScale ? 'auto: per run' : Number.isFinite(auto) ? `auto: ${fmt(auto)}` : 'auto';
    this.#root.dataset.target = Number.isFinite(target) ? String(target) : '';
    const rows = race.runs.map((r, i) => {
      const s = sums[i];
      const tr = el('tr', null, { 'data-run': r.name });
      const status = r.error && r.status !== 'invalid' ? 'error' : r.status;
      Object.assign(tr.dataset, {
        status, steps: String(r.steps), firstLoss: String(s.first), finalLoss: String(s.final), bestLoss: String(s.best),
        diverged: String(r.status === 'diverged'), trainMs: String(Math.round(r.trainMs)),
      });
      const own = !given && ownScale ? autoTarget([s.record]) : target;
      const reached = Number.isFinite(own) ? s.reached(own) : null;
      tr.dataset.stepsToTarget = reached === null ? '' : String(reached);
      const th = el('th', null, { scope: 'row' });
      th.append(el('span', null, { class: `race-swatch run-${r.index}`, 'aria-hidden': 'true' }), el('span', r.name));
      th.title = r.label;
      const statusText = status === 'running' && !r.running ? (r.steps ? 'paused' : 'ready') : STATUS[status] ?? status;
      const statusCell = el('td', statusText, { class: `race-status status-${status}`, title: r.error || r.message || '' });
      if (r.failed) {
        statusCell.append(' ', el('button', 'Restart', { type: 'button', class: 'race-restart', 'data-index': String(r.index), 'aria-label': `Restart run ${r.name} from step 0 (${r.error})` }));
      }
      const cells = [
        statusCell,
        el('td', int(r.steps), { class: 'num' }),
        el('td', fmt(s.first), { class: 'num' }),
        el('td', fmt(s.final), { class: 'num' }),
        el('td', fmt(s.best), { class: 'num' }),
        el('td', fmt(s.finalVal), { class: 'num col-val' }),
        el('td', reached === null ? '–' : int(reached), { class: 'num' }),
        el('td', `${fmt(r.trainMs / 1000, 3)} s`, { class: 'num' }),
      ];
      tr.append(th, ...cells);
      return tr;
    });
    this.#els.tbody.replaceChildren(...rows);
    const failed = race.runs.filter((r) => r.failed);
    this.#els.failures.hidden = !failed.length;
    this.#els.failures.textContent = failed.map((r) => `Run ${r.name} stopped: ${r.error.replace(/\.$/, '')}.`).join(' ') + (failed.length ? ' The other runs go on; "Restart" starts a run again from step 0 (so does Reset, for every run).' : '');
    this.#els.table.classList.toggle('no-val', !race.runs.some((r) => (r.problem?.rows?.validation ?? 0) > 0));
    const a = sums[0];
    this.#els.chart.setAttribute('aria-label', `Loss curves of ${race.runs.length} runs; run A ${fmt(a.final)}, ${race.runs.slice(1).map((r, i) => `${r.name} ${fmt(sums[i + 1].final)}`).join(', ')}`);
  }

  #drawFits() {
    const race = this.#race;
    const problem = this.#ctx.problem();
    const kind = fitsKind(problem);
    const a = race.runs[0];
    const data = this.#ctx.data();
    this.#els.fits.hidden = !kind || !data || !race.active;
    if (this.#els.fits.hidden) return;
    const box = fitsBox(kind, data, a.prediction);
    if (!box) return;
    this.#els.fitsCaption.textContent = kind === 'curve'
      ? 'What each run has learned: its prediction over the training data, in the run\'s colour'
      : 'What each run has learned: its decision boundary (probability 0.5, or score 0) over the training data, in the run\'s colour';
    this.#fits.set({
      kind, box, data: { x: data.trainX, y: data.trainY }, xLabel: problem.featureNames?.[0] ?? 'x',
      runs: race.runs.map((r) => ({ color: r.color, dash: r.dash, output: r.problem?.output, prediction: r.prediction })),
    });
  }
}

/** The race card as a panel: the controller's race (state.race), drawn; edits go out as intents. */
export function build(ctx) {
  const { intent } = ctx;
  const s0 = ctx.state;
  const panel = new RacePanel(s0.race, {
    registry: () => ctx.state.registry, spec: () => ctx.state.spec, problem: () => ctx.state.problem, data: () => ctx.state.data,
    setPatches: (patches) => intent('setPatches', patches), restartRun: (i) => intent('restartRun', i),
    smoothing: () => ctx.state.chart.smoothing,
  });
  ctx.place(panel.root);
  let fits = null;
  let seriesFor = null;
  // The race asks its workers for predictions only while the fits picture is shown.
  const syncFits = () => {
    const want = panel.wantsFits;
    if (want !== fits) { fits = want; intent('watch', 'race', { views: want }); }
  };
  return {
    update(s, event) {
      switch (event.type) {
        case 'race':
          panel.update(event.what);
          syncFits();
          break;
        case 'opened':
          panel.update('opened');
          syncFits();
          break;
        case 'spec':
          panel.update('runs');
          break;
        case 'lesson':
          // A lesson shows its chosen series first (once per lesson, so the reader's choice stays).
          if (s.lesson && (s.lesson.id !== seriesFor || event.opened)) { seriesFor = s.lesson.id; panel.setSeries(s.lesson.series ?? 'loss'); }
          break;
        case 'chart':
          panel.update('progress');
          break;
        case 'theme':
          panel.restyle();
          break;
        default:
      }
    },
    dispose() { panel.root.remove(); intent('watch', 'race', null); },
  };
}
