// The learning-rate finder card: the LR range test (Smith 2017, fast.ai's lr_find) from the
// current state, run by the engine on a copy of the session (session.lrFinder), drawn as loss
// against learning rate on a log axis with the engine's suggestion marked; "Apply" puts the
// suggestion into the optimizer's learning rate. Not here: the test itself (core/train).
import uPlot from 'uplot';
import { el } from '../../dom.js';
import { fmt, logTickLabels } from '../../charts/format.js';
import { axisStyle, fitWidth } from '../../charts/linechart.js';
import { chartColors } from '../../charts/theme.js';

export class LrFinderPanel {
  #ctx;
  #root;
  #els = {};
  #plot = null;
  #result = null;
  #pending = 0;

  /** ctx: { request({ minLr, maxLr, steps }) -> id (0: no session yet), spec(), applyLr(lr) } */
  constructor(ctx) {
    this.#ctx = ctx;
    const card = el('section', null, { class: 'card lrf-card', id: 'lr-finder', 'aria-labelledby': 'lrf-title' });
    card.append(el('h2', 'Learning-rate finder', { id: 'lrf-title' }));
    card.append(el('p', 'The LR range test trains a copy of the current state for a few steps while the learning rate grows exponentially, and records the loss. A good learning rate sits where the smoothed loss falls fastest, well before it blows up.', { class: 'hint' }));
    const form = el('div', null, { class: 'lrf-form' });
    const field = (id, label, value, step = 'any') => {
      const f = el('div', null, { class: 'field' });
      const i = el('input', null, { type: 'number', id, step, value: String(value), min: '0' });
      f.append(el('label', label, { for: id }), i);
      form.append(f);
      return i;
    };
    this.#els.min = field('lrf-min', 'from lr', 1e-6);
    this.#els.max = field('lrf-max', 'to lr', 1);
    this.#els.steps = field('lrf-steps', 'steps', 100, '1');
    const run = el('button', 'Run the range test', { type: 'button', id: 'lrf-run', class: 'secondary' });
    run.addEventListener('click', () => this.#run());
    form.append(run);
    card.append(form);
    this.#els.run = run;
    this.#els.result = el('p', '', { class: 'lrf-result', id: 'lrf-result', role: 'status' });
    const apply = el('button', 'Apply', { type: 'button', id: 'lrf-apply', class: 'primary' });
    apply.hidden = true;
    apply.addEventListener('click', () => { if (this.#result) this.#ctx.applyLr(Number(this.#result.suggestion.toPrecision(3))); });
    const row = el('div', null, { class: 'race-actions' });
    row.append(this.#els.result, apply);
    this.#els.apply = apply;
    this.#els.chart = el('div', null, { class: 'chart', id: 'lrf-chart', role: 'img', 'aria-label': 'Loss against learning rate' });
    this.#els.chart.hidden = true;
    card.append(row, this.#els.chart);
    this.#root = card;
    new ResizeObserver(() => this.#resize()).observe(this.#els.chart);
  }

  get root() { return this.#root; }

  /** A new session: an old result no longer applies. */
  opened() {
    this.#pending = 0;
    this.#els.run.disabled = false;
    this.#els.run.textContent = 'Run the range test';
  }

  #run() {
    const minLr = Number(this.#els.min.value);
    const maxLr = Number(this.#els.max.value);
    const steps = Math.round(Number(this.#els.steps.value));
    if (!(minLr > 0) || !(maxLr > minLr) || !(steps >= 5 && steps <= 2000)) {
      this.#els.result.textContent = 'Choose 0 < from lr < to lr and 5 to 2000 steps.';
      return;
    }
    const id = this.#ctx.request({ minLr, maxLr, steps });
    if (!id) { this.#els.result.textContent = 'Wait for the setup to load.'; return; }
    this.#pending = id;
    this.#els.run.disabled = true;
    this.#els.run.textContent = 'Running…';
    this.#els.result.textContent = '';
  }

  /** The lrFinder reply. */
  onResult(m) {
    if (m.id !== this.#pending) return;
    this.#pending = 0;
    this.#els.run.disabled = false;
    this.#els.run.textContent = 'Run the range test';
    if (!m.ok) {
      this.#els.result.textContent = `The test could not run: ${m.error}`;
      this.#els.apply.hidden = true;
      return;
    }
    this.#result = m;
    this.#root.dataset.suggestion = String(m.suggestion);
    this.#root.dataset.points = String(m.lrs.length);
    const ok = Number.isFinite(m.suggestion) && m.suggestion > 0;
    // The engine's message repeats the number; keep only its reason, in brackets.
    const why = (m.message ?? '').match(/\(([^)]*)\)\s*$/)?.[1] ?? '';
    this.#els.result.textContent = ok
      ? `Suggested learning rate: ${fmt(m.suggestion)}${why ? ` (${why})` : ''}; the current one is ${fmt(this.#ctx.spec().optimizer.lr)}.${m.stoppedEarly ? ' The test stopped early: the loss blew up.' : ''}`
      : `No suggestion: ${m.message || 'the loss never fell'}.`;
    this.#els.apply.hidden = !ok;
    this.#els.chart.hidden = false;
    this.#draw();
  }

  #draw() {
    const m = this.#result;
    if (!m) return;
    const x = Array.from(m.lrs);
    const clean = (a) => Array.from(a, (v) => (Number.isFinite(v) ? v : null));
    const data = [x, clean(m.losses), clean(m.smoothed)];
    if (this.#plot) this.#plot.destroy();
    this.#plot = null;
    const w = this.#els.chart.clientWidth;
    if (!w) return;
    const axis = axisStyle(this.#els.chart);
    const pen = chartColors(this.#els.chart);
    const suggestion = m.suggestion;
    this.#plot = new uPlot({
      width: w,
      height: 220,
      scales: { x: { time: false, distr: 3 }, y: { auto: true } },
      axes: [
        { ...axis, label: 'learning rate (log scale)', labelSize: 18, values: (u, vals) => logTickLabels(vals) },
        { ...axis, label: 'loss', labelSize: 18, size: 56, values: (u, vals) => vals.map((v) => fmt(v)) },
      ],
      series: [
        { label: 'lr', value: (u, v) => fmt(v) },
        { label: 'loss', stroke: pen['series-train-raw'], width: 1, value: (u, v) => fmt(v) },
        { label: 'smoothed', stroke: pen['series-train'], width: 2, value: (u, v) => fmt(v) },
      ],
      legend: { live: true },
      hooks: {
        draw: [(u) => {
          if (!(suggestion > 0)) return;
          const px = u.valToPos(suggestion, 'x', true);
          const c = u.ctx;
          c.save();
          c.strokeStyle = pen['series-validation'];
          c.lineWidth = 2 * devicePixelRatio;
          c.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
          c.beginPath();
          c.moveTo(px, u.bbox.top);
          c.lineTo(px, u.bbox.top + u.bbox.height);
          c.stroke();
          c.fillStyle = pen['series-validation-text'];
          c.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
          c.textBaseline = 'alphabetic';
          const text = `suggestion ${fmt(suggestion)}`;
          const right = px + 5 * devicePixelRatio + c.measureText(text).width > u.bbox.left + u.bbox.width;
          c.textAlign = right ? 'right' : 'left';
          c.fillText(text, px + (right ? -5 : 5) * devicePixelRatio, u.bbox.top + 14 * devicePixelRatio);
          c.restore();
        }],
      },
    }, data, this.#els.chart);
  }

  /** The theme changed: draw again in its colours. */
  restyle() { this.#draw(); }

  #resize() {
    if (this.#result) fitWidth(this.#els.chart, 220, this.#plot, () => this.#draw());
  }
}

/** The LR finder card as a panel. */
export function build(ctx) {
  const { intent } = ctx;
  const panel = new LrFinderPanel({
    request: (r) => intent('lrFinder', r), spec: () => ctx.state.spec,
    applyLr: (lr) => intent('change', 'optimizer.lr', lr),
  });
  ctx.place(panel.root);
  return {
    update(s, event) {
      if (event.type === 'opened') panel.opened();
      else if (event.type === 'lrFinder') panel.onResult(event.message);
      else if (event.type === 'theme') panel.restyle();
    },
    dispose() { panel.root.remove(); },
  };
}
