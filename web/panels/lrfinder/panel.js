// The learning-rate finder card: the LR range test (Smith 2017, fast.ai's lr_find) from the
// current state, run by the engine on a copy of the session (session.lrFinder), drawn as loss
// against learning rate on a log axis with the engine's suggestion marked; "Apply" puts the
// suggestion into the optimizer's learning rate. Not here: the test itself (core/train).
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { fmt } from '../charts/linechart.js';

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  return e;
}

export class LrFinderPanel {
  #ctx;
  #root;
  #els = {};
  #plot = null;
  #result = null;
  #pending = 0;
  #nextId = 1;

  /** ctx: { send(type, fields), spec(), ready(): a session is open, applyLr(lr) } */
  constructor(column, ctx, { after = null } = {}) {
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
    if (after && after.parentNode === column) after.after(card); else column.append(card);
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
    if (!this.#ctx.ready()) { this.#els.result.textContent = 'Wait for the setup to load.'; return; }
    this.#pending = this.#nextId++;
    this.#els.run.disabled = true;
    this.#els.run.textContent = 'Running…';
    this.#els.result.textContent = '';
    this.#ctx.send('lrFinder', { id: this.#pending, minLr, maxLr, steps });
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
    const axis = { stroke: '#4a5368', grid: { stroke: 'rgba(30, 40, 60, 0.08)', width: 1 }, ticks: { stroke: 'rgba(30, 40, 60, 0.2)', width: 1 }, font: '11px system-ui, sans-serif', labelFont: '12px system-ui, sans-serif' };
    const suggestion = m.suggestion;
    this.#plot = new uPlot({
      width: w,
      height: 220,
      scales: { x: { time: false, distr: 3 }, y: { auto: true } },
      axes: [
        { ...axis, label: 'learning rate (log scale)', labelSize: 18, values: (u, vals) => vals.map((v) => { const e = Math.round(Math.log10(v) * 1e6) / 1e6; return Number.isInteger(e) ? (e < -3 || e > 4 ? `1e${e}` : String(10 ** e)) : ''; }) },
        { ...axis, label: 'loss', labelSize: 18, size: 56, values: (u, vals) => vals.map(fmt) },
      ],
      series: [
        { label: 'lr', value: (u, v) => fmt(v) },
        { label: 'loss', stroke: 'rgba(0, 114, 178, 0.35)', width: 1, value: (u, v) => fmt(v) },
        { label: 'smoothed', stroke: '#00558a', width: 2, value: (u, v) => fmt(v) },
      ],
      legend: { live: true },
      hooks: {
        draw: [(u) => {
          if (!(suggestion > 0)) return;
          const px = u.valToPos(suggestion, 'x', true);
          const c = u.ctx;
          c.save();
          c.strokeStyle = '#D55E00';
          c.lineWidth = 2 * devicePixelRatio;
          c.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
          c.beginPath();
          c.moveTo(px, u.bbox.top);
          c.lineTo(px, u.bbox.top + u.bbox.height);
          c.stroke();
          c.fillStyle = '#a34700';
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

  #resize() {
    const w = this.#els.chart.clientWidth;
    if (!w || !this.#result) return;
    if (!this.#plot) { this.#draw(); return; }
    if (Math.abs(this.#plot.width - w) > 1) this.#plot.setSize({ width: w, height: 220 });
  }
}
