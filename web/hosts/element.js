// <descent-playground>: the playground as a custom element for any static page, from one
// <script type="module" src=".../embed.js">; own shadow DOM and own engine worker per element.
// Attributes: spec (JSON, or a playground link's hash), lesson (an id in web/lessons/lessons.js,
// when present; spec is the fallback), controls (CONTROLS below), panels (PANELS), width, height,
// autoplay, steps (run N steps at once), speed (steps per frame), label (the accessible name).
// Not here: the full page (main.js), the spec rules (state.js), training (worker.js).
import css from './embed.css?inline';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import workerUrl from '../worker.js?worker&url';
import { Engine, healthMessage } from '../engine.js';
import { normalizeSpec, hashToSpec, specToHash, newSeed, sameSpec, LIMITS, START } from '../state.js';
import { short } from '../controls.js';
import { DataPlot } from '../views/dataplot.js';
import { MetricsPanel } from '../views/metrics.js';
import { LineChart, fmt, int } from '../charts/linechart.js';
import { TrainingHistory, thin, alignTo } from '../charts/series.js';
import { SERIES, markerSwatch } from '../palette.js';
import { findLesson } from './lessons.js';
import { FunctionView } from './funcview.js';

export const CONTROLS = ['play', 'step', 'epoch', 'reset', 'seed', 'lr', 'speed', 'optimizer', 'batch', 'log', 'points', 'link'];
export const PANELS = ['caption', 'data', 'loss', 'grad', 'lr', 'metrics'];
const DEFAULT_CONTROLS = 'play,step,reset,lr,speed,link';
const DEFAULT_PANELS = 'data,loss';
const LESSON_PANELS = 'caption,data,loss';
const RENDER_EVERY_MS = 100;
const STATE_LABEL = { failed: 'Engine stopped', loading: 'Loading', ready: 'Ready', running: 'Training', paused: 'Paused', done: 'Finished', diverged: 'Diverged', stopped: 'Stopped', invalid: 'Cannot train' };
const PLAYGROUND = new URL(import.meta.env?.DEV ? '../index.html' : './index.html', import.meta.url);

let sheets = null;
function styleSheets() {
  // Constructable sheets: shared by every instance, and not inline <style> (strict CSPs allow them).
  if (!sheets) {
    sheets = [uplotCss, css].map((text) => { const s = new CSSStyleSheet(); s.replaceSync(text); return s; });
  }
  return sheets;
}

/** A module worker for the engine; from another origin, through a same-origin blob that imports it. */
function startWorker() {
  const url = new URL(workerUrl, import.meta.url);
  if (url.origin === location.origin) return new Worker(url, { type: 'module' });
  const blob = new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' });
  return new Worker(URL.createObjectURL(blob), { type: 'module' });
}

/** "a, b" -> ['a', 'b'] restricted to the known names. */
function names(value, known) {
  return String(value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter((s) => known.includes(s));
}

function size(v) {
  if (v === null || v === '') return '';
  return /^\d+(\.\d+)?$/.test(v.trim()) ? `${v.trim()}px` : v.trim();
}

function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

let instances = 0;

export class DescentPlayground extends HTMLElement {
  static observedAttributes = ['spec', 'lesson', 'controls', 'panels', 'width', 'height', 'label', 'speed'];

  #root;
  #ui = {};
  #engine = null;      // engine.js: the worker, its heartbeat and restarts
  #restarting = false;
  #registry = null;
  #spec = null;
  #params = null;         // initial parameters from a JSON spec's model.params
  #lesson = null;
  #token = 0;
  #opened = false;
  #progress = null;
  #problem = null;
  #data = null;
  #running = false;
  #wantPlay = false;
  #firstOpen = true;
  #history = new TrainingHistory();
  #pendingMetrics = null;
  #plot;
  #fnView;
  #functionMode = false;
  #job = 0;               // the landscape job this element waits for
  #metrics;
  #charts = {};
  #frame = 0;
  #timer = 0;
  #lastRender = 0;
  #resolving = 0;
  #addClass = 0;
  #uid = ++instances;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = styleSheets();
    this.#build();
  }

  // ---- public API -------------------------------------------------------------------------------
  /** The normalized spec the element trains (a copy), or null before the engine is ready. */
  get specObject() { return this.#spec ? structuredClone(this.#spec) : null; }
  /** The last progress: { steps, epochs, status, running, loss } or null. */
  get progress() {
    const p = this.#progress;
    if (!p) return null;
    return { steps: p.steps, epochs: p.epochs, status: p.status, running: this.#running, loss: this.#history.length ? this.#history.loss[this.#history.length - 1] : NaN };
  }
  play() { this.#play(); }
  pause() { this.#pause(); }
  reset() { this.#reset(); }

  // ---- lifecycle --------------------------------------------------------------------------------
  connectedCallback() {
    this.#applySize();
    this.#applyVisibility();
    if (!this.#engine) this.#startWorker();
  }

  disconnectedCallback() {
    // Moving the element (remove + insert in one task) keeps its worker.
    queueMicrotask(() => { if (!this.isConnected) this.#stopWorker(); });
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    if (name === 'width' || name === 'height') this.#applySize();
    else if (name === 'controls' || name === 'panels') this.#applyVisibility();
    else if (name === 'label') this.#ui.frame?.setAttribute('aria-label', this.#label());
    else if (name === 'speed') this.#send('setSpeed', { stepsPerFrame: this.#speed() });
    else if ((name === 'spec' || name === 'lesson') && this.#registry) this.#resolve();
  }

  #startWorker() {
    this.#engine = new Engine(startWorker, {
      onMessage: (m) => {
        try {
          this.#onMessage[m.type]?.(m);
        } catch (err) {
          this.#error(`could not show the engine's "${m.type}" message: ${err.message}`);
        }
      },
      onHealth: (h) => this.#health(h),
    });
    // Tests only (?test-hooks=1 on the host page): break the worker the way real faults do.
    if (new URLSearchParams(location.search).get('test-hooks') === '1') this.descentTestFault = (kind, ms) => this.#send('testFault', ms ? { kind, ms } : { kind });
  }

  #stopWorker() {
    this.#engine?.dispose();
    this.#engine = null;
    this.#registry = null;
    this.#opened = false;
    this.#running = false;
    this.#firstOpen = true;
  }

  #send(type, fields = {}) {
    this.#engine?.send(type, fields);
  }

  /** The engine's health (engine.js): stuck or dead, say so and offer the way out. */
  #health(h) {
    const ui = this.#ui;
    const { text, action: label } = healthMessage(h);
    if (h.state === 'failed') {
      this.#opened = false;
      this.#running = false;
      this.#wantPlay = false;
      this.#setState('failed', 'The engine stopped.');
      this.#updateButtons();
    }
    ui.healthText.textContent = text;
    ui.restart.textContent = label;
    ui.restart.hidden = !label;
    ui.health.dataset.state = h.state;
    ui.health.hidden = !text;
  }

  /** A fresh worker (cancelling whatever the old one did); it reopens the current setup at step 0. */
  #restartEngine() {
    this.#restarting = !!this.#spec;
    this.#opened = false;
    this.#running = false;
    this.#wantPlay = false;
    this.#showErrors([]);
    this.#engine.restart(this.#engine.health.state === 'busy' ? 'cancelled' : 'stopped by a restart of the engine');
  }

  // ---- the shadow DOM ---------------------------------------------------------------------------
  #build() {
    const id = (s) => `d${this.#uid}-${s}`;
    const ui = this.#ui;
    ui.play = h('button', { type: 'button', class: 'primary play', 'aria-pressed': 'false', disabled: true, 'data-control': 'play' }, h('span', { class: 'icon-play', 'aria-hidden': 'true' }), h('span', { class: 'label', text: 'Play' }));
    ui.step = h('button', { type: 'button', disabled: true, title: 'Run one optimizer step', 'data-control': 'step', text: 'Step' });
    ui.epoch = h('button', { type: 'button', disabled: true, title: 'Run to the end of this epoch', 'data-control': 'epoch', text: 'Epoch' });
    ui.reset = h('button', { type: 'button', disabled: true, title: 'Start over with the same seed', 'data-control': 'reset', text: 'Reset' });
    ui.seed = h('button', { type: 'button', disabled: true, title: 'Start over with new initial weights', 'data-control': 'seed', text: 'New seed' });
    ui.lrSlider = h('input', { type: 'range', id: id('lr-slider'), min: 0, max: 1000, step: 1, 'aria-label': 'Learning rate (log scale)', disabled: true });
    ui.lr = h('input', { type: 'number', id: id('lr'), step: 'any', disabled: true });
    const lrField = h('span', { class: 'field', 'data-control': 'lr' }, h('label', { for: id('lr'), text: 'Learning rate' }), ui.lrSlider, ui.lr);
    ui.speed = h('select', { id: id('speed') }, ...[[1, '1 step / frame'], [3, '3 steps / frame'], [10, '10 steps / frame'], [30, '30 steps / frame'], [100, '100 steps / frame'], [0, 'as fast as possible']].map(([v, t]) => h('option', { value: v, text: t, selected: v === 10 })));
    const speedField = h('span', { class: 'field', 'data-control': 'speed' }, h('label', { for: id('speed'), text: 'Speed' }), ui.speed);
    ui.optimizer = h('select', { id: id('optimizer'), disabled: true });
    const optField = h('span', { class: 'field', 'data-control': 'optimizer' }, h('label', { for: id('optimizer'), text: 'Optimizer' }), ui.optimizer);
    ui.batch = h('input', { type: 'number', id: id('batch'), min: 0, max: 1000000, step: 1, disabled: true });
    const batchField = h('span', { class: 'field', 'data-control': 'batch' }, h('label', { for: id('batch'), text: 'Batch size' }), ui.batch);
    ui.log = h('input', { type: 'checkbox', id: id('log') });
    const logField = h('span', { class: 'field check', 'data-control': 'log' }, ui.log, h('label', { for: id('log'), text: 'log-scale loss' }));
    ui.bar = h('div', { class: 'bar' }, h('div', { class: 'transport' }, ui.play, ui.step, ui.epoch, ui.reset, ui.seed), lrField, speedField, optField, batchField, logField);

    ui.pill = h('span', { class: 'pill', text: 'Loading' });
    ui.statusText = h('span', { class: 'status-text', text: 'Starting the engine…' });
    ui.status = h('div', { class: 'status', 'data-state': 'loading' }, ui.pill, ui.statusText);
    ui.announce = h('div', { class: 'sr-only', 'aria-live': 'polite' });
    ui.notice = h('div', { class: 'notice', role: 'status' });
    ui.notice.hidden = true;
    ui.errors = h('div', { class: 'errors', role: 'alert' });
    ui.errors.hidden = true;
    ui.healthText = h('span', { class: 'health-text' });
    ui.restart = h('button', { type: 'button', class: 'primary' });
    ui.restart.addEventListener('click', () => this.#restartEngine());
    ui.health = h('div', { class: 'health', role: 'status' }, ui.healthText, ui.restart);
    ui.health.hidden = true;

    ui.canvas = h('canvas', { class: 'data-plot', tabindex: 0, role: 'img', 'aria-label': 'Loading the data' });
    ui.legend = h('ul', { class: 'legend', 'aria-label': 'Legend' });
    ui.addLabel = h('span', { id: id('add-label'), text: 'Click or tap the plot to add a point of class:' });
    ui.addClass = h('div', { class: 'segmented', role: 'radiogroup', 'aria-labelledby': id('add-label') });
    ui.add = h('div', { class: 'add-points', 'data-control': 'points' }, ui.addLabel, ui.addClass);
    ui.add.hidden = true;
    ui.lossChart = h('div', { class: 'chart', role: 'img', 'aria-label': 'Training and validation loss by step' });
    ui.gradChart = h('div', { class: 'chart', role: 'img', 'aria-label': 'Gradient norm by step' });
    ui.lrChart = h('div', { class: 'chart', role: 'img', 'aria-label': 'Learning rate by step' });
    ui.metrics = h('div', { class: 'metrics' });
    ui.caption = h('div', { class: 'panel lesson-caption', 'data-panel': 'caption' });
    ui.dataCaption = h('figcaption', { text: 'What the model sees' });
    ui.lossCaption = h('figcaption', { text: 'Loss' });
    ui.fnCanvas = h('canvas', { class: 'surface-plot', role: 'img', 'aria-label': 'The loss surface' });
    ui.fnLegend = h('ul', { class: 'legend', 'aria-label': 'Legend' });
    ui.fnCanvas.hidden = true;
    ui.fnLegend.hidden = true;
    ui.chartsEmpty = h('p', { class: 'muted empty', text: 'The loss curve appears once training starts.' });
    ui.panels = h('div', { class: 'panels' },
      ui.caption,
      h('figure', { class: 'panel', 'data-panel': 'data' }, ui.dataCaption, ui.add, ui.canvas, ui.legend, ui.fnCanvas, ui.fnLegend),
      h('figure', { class: 'panel', 'data-panel': 'loss' }, ui.lossCaption, ui.chartsEmpty, ui.lossChart),
      h('figure', { class: 'panel', 'data-panel': 'grad' }, h('figcaption', { text: 'Gradient norm ‖g‖' }), ui.gradChart),
      h('figure', { class: 'panel', 'data-panel': 'lr' }, h('figcaption', { text: 'Learning rate' }), ui.lrChart),
      h('section', { class: 'panel', 'data-panel': 'metrics', 'aria-label': 'Metrics' }, h('h3', { class: 'caption', text: 'Metrics' }), ui.metrics),
    );
    ui.link = h('a', { class: 'open', target: '_blank', rel: 'noopener', href: PLAYGROUND.href, 'data-control': 'link', text: 'Open in the full playground' });
    ui.frame = h('div', { class: 'frame', role: 'region', 'aria-label': 'Gradient descent playground' }, ui.bar, ui.status, ui.health, ui.notice, ui.errors, ui.panels, h('p', { class: 'foot', 'data-control': 'link' }, ui.link), ui.announce);
    this.#root.append(ui.frame);

    this.#plot = new DataPlot(ui.canvas, ui.legend, { onAdd: (p) => this.#addPoint(p) });
    this.#fnView = new FunctionView(ui.fnCanvas, ui.fnLegend);
    this.#metrics = new MetricsPanel(ui.metrics);
    this.#metrics.clear();
    this.#charts.loss = new LineChart(ui.lossChart, {
      yLabel: 'loss', log: false, height: 200,
      series: [
        { label: 'train (per step)', stroke: SERIES.trainRaw, width: 1 },
        { label: 'train (smoothed)', stroke: SERIES.train, width: 2 },
        { label: 'validation', stroke: SERIES.validation, width: 2, points: true, spanGaps: true, dash: [6, 4] },
      ],
    });
    this.#charts.grad = new LineChart(ui.gradChart, { yLabel: '‖g‖', log: true, height: 150, series: [{ label: '‖g‖', stroke: SERIES.gradRaw, width: 1 }, { label: 'smoothed', stroke: SERIES.grad, width: 2 }] });
    this.#charts.lr = new LineChart(ui.lrChart, { yLabel: 'lr', log: false, height: 150, series: [{ label: 'lr', stroke: SERIES.lr, width: 2 }] });

    ui.play.addEventListener('click', () => (this.#running ? this.#pause() : this.#play()));
    ui.step.addEventListener('click', () => { this.#running = false; this.#send('step', { steps: 1 }); });
    ui.epoch.addEventListener('click', () => { this.#running = false; this.#send('epoch'); });
    ui.reset.addEventListener('click', () => this.#reset());
    ui.seed.addEventListener('click', () => this.#change((s) => { s.seed = newSeed(); }));
    ui.speed.addEventListener('change', () => this.#send('setSpeed', { stepsPerFrame: Number(ui.speed.value) }));
    ui.log.addEventListener('change', () => this.#charts.loss.setLog(ui.log.checked));
    ui.lrSlider.addEventListener('input', () => {
      const [lo, hi] = this.#lrRange();
      const v = Number((10 ** (lo + (Number(ui.lrSlider.value) / 1000) * (hi - lo))).toPrecision(2));
      ui.lr.value = String(v);
      this.#setLr(v);
    });
    ui.lr.addEventListener('change', () => { const v = Number(ui.lr.value); if (Number.isFinite(v) && v > 0) this.#setLr(v); });
    ui.optimizer.addEventListener('change', () => this.#change((s) => { s.optimizer = { kind: ui.optimizer.value, lr: s.optimizer.lr }; }));
    ui.batch.addEventListener('change', () => this.#change((s) => { s.training = { ...s.training, batch_size: ui.batch.value }; }));
  }

  #label() {
    return this.getAttribute('label') || (this.#lesson ? `Descent lesson: ${this.#lesson.title}` : 'Gradient descent playground');
  }

  #applySize() {
    const w = size(this.getAttribute('width'));
    const hgt = size(this.getAttribute('height'));
    if (w) this.style.width = w;
    if (hgt) this.style.height = hgt;
  }

  #controls() { return names(this.getAttribute('controls') ?? this.#lesson?.controls ?? DEFAULT_CONTROLS, CONTROLS); }
  #panels() { return names(this.getAttribute('panels') ?? this.#lesson?.panels ?? (this.#lesson ? LESSON_PANELS : DEFAULT_PANELS), PANELS); }
  /** Steps per frame: the speed attribute when given (and then shown in the select), else the select's. */
  #speed() {
    const v = this.hasAttribute('speed') ? Number(this.getAttribute('speed')) : NaN;
    if (!(Number.isFinite(v) && v >= 0)) return Number(this.#ui.speed.value);
    const n = Math.floor(v);
    if (![...this.#ui.speed.options].some((o) => Number(o.value) === n)) this.#ui.speed.append(h('option', { value: n, text: `${n} steps / frame` }));
    this.#ui.speed.value = String(n);
    return n;
  }

  #applyVisibility() {
    const controls = new Set(this.#controls());
    for (const e of this.#root.querySelectorAll('[data-control]')) {
      const c = e.dataset.control;
      e.hidden = c === 'points' ? !controls.has('points') || this.#functionMode || !this.#plot?.addable : !controls.has(c);
    }
    this.#ui.bar.hidden = ![...controls].some((c) => !['points', 'link'].includes(c));
    const panels = new Set(this.#panels());
    for (const e of this.#root.querySelectorAll('[data-panel]')) e.hidden = !panels.has(e.dataset.panel);
    if (this.#opened && !this.#functionMode) this.#send('setView', { view: panels.has('data') ? this.#plot.viewRequest() : null });
    this.#requestRender();
  }

  // ---- the spec ---------------------------------------------------------------------------------
  /** Reads lesson/spec attributes into a normalized spec, then opens it. */
  async #resolve() {
    const ticket = ++this.#resolving;
    const issues = [];
    let source = null;
    this.#lesson = null;
    const lessonId = this.getAttribute('lesson');
    if (lessonId) {
      const l = await findLesson(lessonId);
      if (ticket !== this.#resolving) return;
      if (l) { this.#lesson = l; source = l.spec; } else issues.push({ path: 'lesson', message: `lesson "${lessonId.slice(0, 40)}" is not available here; ${this.hasAttribute('spec') ? 'using the spec attribute' : 'using the default setup'}` });
    }
    if (source === null) source = this.getAttribute('spec');
    this.#params = null;
    let r;
    if (source && typeof source === 'object') r = this.#fromObject(source);
    else {
      const text = String(source ?? '').trim();
      if (text.startsWith('{')) {
        let obj;
        try { obj = JSON.parse(text); } catch (e) { issues.push({ path: 'spec', message: `spec: not valid JSON (${e.message}); using the default setup` }); }
        r = this.#fromObject(obj);
      } else {
        const hash = text.includes('#') ? text.slice(text.indexOf('#')) : text;
        r = hashToSpec(hash, this.#registry);
      }
    }
    this.#ui.frame.setAttribute('aria-label', this.#label());
    this.#renderCaption();
    this.#notice([...issues, ...r.issues]);
    this.#spec = r.spec;
    this.#firstOpen = true;
    this.#wantPlay = false;
    this.#syncControls();
    this.#applyVisibility();
    this.#open();
  }

  #fromObject(obj) {
    if (obj && typeof obj === 'object' && obj.model && Array.isArray(obj.model.params)) {
      this.#params = obj.model.params.slice();
      obj = { ...obj, model: { ...obj.model } };
      delete obj.model.params;
    }
    return normalizeSpec(obj, this.#registry);
  }

  #engineSpec() {
    return this.#params ? { ...this.#spec, model: { ...this.#spec.model, params: this.#params } } : this.#spec;
  }

  /** Applies an edit to a copy of the spec, normalizes it and starts over. */
  #change(edit) {
    if (!this.#spec) return;
    const next = structuredClone(this.#spec);
    edit(next);
    const { spec, issues } = normalizeSpec(next, this.#registry);
    this.#notice(issues);
    if (!sameSpec(spec.model, this.#spec.model) || !sameSpec(spec.data, this.#spec.data)) this.#params = null;
    this.#wantPlay = this.#running;
    this.#spec = spec;
    this.#syncControls();
    this.#open();
  }

  #lrRange() {
    const p = this.#registry?.optimizers.find((o) => o.id === this.#spec?.optimizer.kind)?.params.find((q) => q.name === 'lr');
    if (!p) return [-4, 0];
    return [Math.log10(p.uiMin ?? p.min), Math.log10(p.uiMax ?? p.max)];
  }

  #setLr(v) {
    const p = this.#progress;
    if (this.#opened && p && p.steps > 0 && p.status === 'running') {
      const { spec } = normalizeSpec({ ...this.#spec, optimizer: { ...this.#spec.optimizer, lr: v } }, this.#registry);
      this.#spec = spec;
      this.#send('setLr', { lr: spec.optimizer.lr });
      this.#syncControls();
      return;
    }
    this.#change((s) => { s.optimizer = { ...s.optimizer, lr: v }; });
  }

  #syncControls() {
    const ui = this.#ui;
    const s = this.#spec;
    if (!s || !this.#registry) return;
    const [lo, hi] = this.#lrRange();
    const v = s.optimizer.lr;
    const active = this.#root.activeElement;
    if (active !== ui.lr) ui.lr.value = String(v);
    if (active !== ui.lrSlider) ui.lrSlider.value = String(((Math.log10(v) - lo) / (hi - lo)) * 1000);
    ui.lrSlider.setAttribute('aria-valuetext', short(v));
    if (ui.optimizer.options.length !== this.#registry.optimizers.length) {
      ui.optimizer.replaceChildren(...this.#registry.optimizers.map((o) => h('option', { value: o.id, text: o.label ?? o.id })));
    }
    ui.optimizer.value = s.optimizer.kind;
    if (active !== ui.batch) ui.batch.value = String(s.training.batch_size);
    ui.link.href = `${PLAYGROUND.href}${specToHash(s)}`;
  }

  // ---- sessions ---------------------------------------------------------------------------------
  #open() {
    this.#token++;
    this.#opened = false;
    this.#running = false;
    this.#send('open', { token: this.#token, spec: this.#engineSpec(), view: null });
    this.#setState('loading', 'Preparing the data and the model…');
    this.#updateButtons();
  }

  #play() {
    if (!this.#opened) { this.#wantPlay = true; return; }
    const st = this.#progress?.status;
    if (st && st !== 'running') {
      this.#wantPlay = true;
      this.#token++;
      this.#send('reset', { token: this.#token });
      return;
    }
    this.#running = true;
    this.#send('play');
    this.#updateButtons();
  }

  #pause() {
    this.#wantPlay = false;
    this.#running = false;
    this.#send('pause');
    this.#updateButtons();
  }

  #reset() {
    this.#wantPlay = false;
    if (!this.#opened) { if (this.#spec) this.#open(); return; }
    this.#token++;
    this.#running = false;
    this.#send('reset', { token: this.#token });
  }

  #onMessage = {
    ready: (m) => {
      this.#registry = m.registry;
      this.#send('setSpeed', { stepsPerFrame: this.#speed() });
      // After a restart the element keeps the setup it had (a changed learning rate included).
      if (this.#restarting) { this.#restarting = false; this.#open(); return; }
      this.#resolve().catch((e) => this.#error(`could not start: ${e.message}`));
    },
    opened: (m) => {
      if (m.token !== this.#token) return;
      this.#opened = true;
      this.#problem = m.problem;
      this.#data = m.data;
      this.#history.clear();
      this.#pendingMetrics = null;
      this.#showErrors([]);
      const pr = m.problem;
      this.#setFunctionMode(!!pr.functionMode);
      if (pr.functionMode) {
        // The surface (a landscape job, a few rows per message) and the path (watched trajectory).
        this.#fnView.setProblem(pr, this.#registry.functions?.find((f) => f.id === pr.function));
        this.#send('setView', { view: null });
        this.#send('watch', { trajectory: true, vectors: false, explain: -1 });
        this.#send('landscape', { id: ++this.#job, axes: 'params', resolution: 64, box: this.#fnView.box });
      } else {
        const view = this.#plot.setScene({
          inputs: pr.inputs, task: pr.task, classes: pr.classes, classNames: pr.classNames, output: pr.output,
          featureNames: pr.featureNames, targetName: pr.targetNames[0],
          train: { x: m.data.trainX, y: m.data.trainY }, validation: { x: m.data.validationX, y: m.data.validationY },
          addable: this.#spec.data.source !== 'csv',
        });
        this.#send('watch', { trajectory: false, vectors: false, explain: -1 });
        this.#send('setView', { view: this.#panels().includes('data') ? view : null });
      }
      this.#renderAddPoints();
      this.#applyProgress(m.progress);
      const steps = Number(this.getAttribute('steps'));
      if (this.#firstOpen && Number.isInteger(steps) && steps > 0) {
        this.#firstOpen = false;
        this.#send('step', { steps });
      } else if (this.#wantPlay || (this.#firstOpen && this.hasAttribute('autoplay'))) {
        this.#firstOpen = false;
        this.#wantPlay = false;
        this.#play();
      }
      this.#firstOpen = false;
      this.dispatchEvent(new CustomEvent('descent-opened', { detail: { problem: pr } }));
    },
    invalid: (m) => {
      if (m.token !== this.#token) return;
      this.#opened = false;
      this.#running = false;
      this.#progress = null;
      this.#history.clear();
      this.#showErrors(m.errors);
      this.#plot.clear('This setup cannot train.');
      this.#metrics.clear('No metrics: the setup cannot train.');
      this.#drawCharts();
      this.#setState('invalid', m.errors.map((e) => e.message).join('; '));
      this.#updateButtons();
    },
    progress: (m) => {
      if (m.token !== this.#token) return;
      if (this.#functionMode && m.watched?.trajectory) this.#fnView.addPath(m.watched.trajectory);
      this.#applyProgress(m);
    },
    landscape: (m) => { if (m.id === this.#job && m.ok && this.#functionMode) this.#fnView.addRows(m); },
    view: (m) => { if (m.token === this.#token) this.#plot.setPrediction(m.kind, m.result); },
    error: (m) => { this.#error(m.message); this.#running = false; this.#updateButtons(); },
  };

  #applyProgress(p) {
    this.#history.append(p.history);
    this.#history.appendEpochs(p.epochLog);
    this.#progress = p;
    this.#running = p.running;
    if (p.metrics) this.#pendingMetrics = p.metrics;
    this.#requestRender();
  }

  // ---- drawing ----------------------------------------------------------------------------------
  #requestRender() {
    if (this.#frame || this.#timer) return;
    const wait = this.#running ? RENDER_EVERY_MS - (performance.now() - this.#lastRender) : 0;
    const go = () => { this.#timer = 0; this.#frame = requestAnimationFrame(() => this.#render()); };
    if (wait > 0) this.#timer = setTimeout(go, wait); else go();
  }

  #render() {
    this.#frame = 0;
    this.#lastRender = performance.now();
    const p = this.#progress;
    if (!p) return;
    if (this.#pendingMetrics && this.#problem && this.#panels().includes('metrics')) {
      this.#metrics.render(this.#pendingMetrics, this.#problem.task, this.#problem.classNames);
      this.#pendingMetrics = null;
    }
    this.#updateStatus();
    this.#updateButtons();
    this.#drawCharts();
    const loss = this.#history.length ? this.#history.loss[this.#history.length - 1] : NaN;
    this.dispatchEvent(new CustomEvent('descent-progress', { detail: { steps: p.steps, epochs: p.epochs, status: p.status, running: this.#running, loss } }));
  }

  #drawCharts() {
    const hist = this.#history;
    const panels = new Set(this.#panels());
    const empty = !hist.length;
    // The loss chart stays while empty (a hint over it): uPlot is built when the element opens,
    // not in the first frame of training (as on the page, main.js drawCharts).
    this.#ui.chartsEmpty.hidden = !empty;
    this.#ui.lossChart.classList.toggle('is-empty', empty);
    if (empty) {
      this.#charts.loss.setData([], [[], [], []]);
      this.#charts.grad.setData([], [[], []]);
      this.#charts.lr.setData([], [[]]);
      return;
    }
    if (panels.has('loss')) {
      const idx = thin(hist.loss, 1600);
      const x = idx.map((i) => hist.stepAt(i));
      const sm = hist.smoothed('loss', 0.9);
      const e = hist.epochs;
      // Without validation rows the engine reports validation losses of 0: leave them out.
      const validation = !this.#functionMode && (this.#problem?.rows?.validation ?? 0) > 0;
      this.#charts.loss.setData(x, [idx.map((i) => hist.loss[i]), idx.map((i) => sm[i]), validation ? alignTo(x, e.step, e.valLoss) : x.map(() => null)]);
      const last = hist.loss[hist.length - 1];
      this.#ui.lossChart.setAttribute('aria-label', `Loss by step: ${fmt(last)} at step ${hist.stepAt(hist.length - 1)}`);
    }
    if (panels.has('grad')) {
      const gi = thin(hist.gradNorm, 1200);
      const gs = hist.smoothed('gradNorm', 0.9);
      this.#charts.grad.setData(gi.map((i) => hist.stepAt(i)), [gi.map((i) => hist.gradNorm[i]), gi.map((i) => gs[i])]);
    }
    if (panels.has('lr')) {
      const li = thin(hist.lr, 1200);
      this.#charts.lr.setData(li.map((i) => hist.stepAt(i)), [li.map((i) => hist.lr[i])]);
    }
  }

  #setState(state, text) {
    const s = this.#ui.status;
    const previous = s.dataset.state;
    s.dataset.state = state;
    this.#ui.pill.textContent = STATE_LABEL[state] ?? state;
    if (text !== undefined) this.#ui.statusText.textContent = text;
    if (previous !== state && state !== 'running' && state !== 'loading') this.#ui.announce.textContent = `${STATE_LABEL[state] ?? state}. ${this.#ui.statusText.textContent}`;
  }

  #updateStatus() {
    const p = this.#progress;
    const parts = this.#functionMode ? [`step ${int(p.steps)} / ${int(p.totalSteps)}`] : [`epoch ${int(p.epochs)} / ${int(this.#spec.training.epochs)}`, `step ${int(p.steps)} / ${int(p.totalSteps)}`];
    const hist = this.#history;
    const last = hist.length ? hist.loss[hist.length - 1] : NaN;
    if (Number.isFinite(last)) parts.push(`${this.#functionMode ? 'f' : 'loss'} ${fmt(last)}`);
    let state;
    if (p.status === 'running') state = p.running ? 'running' : p.steps === 0 ? 'ready' : 'paused';
    else state = ['done', 'diverged'].includes(p.status) ? p.status : 'stopped';
    let text = parts.join(' · ');
    if (p.status !== 'running' && p.message) text += ` — ${p.message.split(/(?<=\.)\s(?=[A-Z])/)[0].replace(/\.$/, '')}`;
    this.#setState(state, text);
    const d = this.#ui.status.dataset;
    d.status = p.status;
    d.step = String(p.steps);
    d.epoch = String(p.epochs);
    d.lr = String(p.lr);
    d.loss = hist.length ? String(last) : '';
    const e = hist.epochs;
    d.epochLoss = e.trainLoss.length ? String(e.trainLoss[e.trainLoss.length - 1]) : '';
  }

  #updateButtons() {
    const ui = this.#ui;
    const ready = !!this.#registry && this.#opened;
    const st = this.#progress?.status;
    ui.play.disabled = !ready;
    ui.play.setAttribute('aria-pressed', String(this.#running));
    ui.play.querySelector('.label').textContent = this.#running ? 'Pause' : st && st !== 'running' ? 'Restart' : 'Play';
    ui.play.classList.toggle('playing', this.#running);
    ui.step.disabled = !ready || st !== 'running';
    ui.epoch.disabled = !ready || st !== 'running';
    ui.reset.disabled = !this.#spec;
    ui.seed.disabled = !this.#spec;
    for (const c of [ui.lr, ui.lrSlider, ui.optimizer, ui.batch]) c.disabled = !this.#spec;
  }

  #notice(issues) {
    const box = this.#ui.notice;
    box.hidden = !issues.length;
    if (!issues.length) { box.replaceChildren(); return; }
    const ul = h('ul');
    ul.append(...issues.map((i) => h('li', { text: i.message })));
    box.replaceChildren(h('strong', { text: 'Adjusted to fit:' }), ul);
  }

  #showErrors(errors) {
    const box = this.#ui.errors;
    box.hidden = !errors.length;
    if (!errors.length) { box.replaceChildren(); return; }
    const ul = h('ul');
    ul.append(...errors.map((e) => h('li', { text: e.message })));
    box.replaceChildren(h('strong', { text: 'This setup cannot train:' }), ul);
  }

  #error(text) {
    this.#showErrors([{ path: '', message: text }]);
  }

  /** Function mode draws the surface and the path instead of data points. */
  #setFunctionMode(on) {
    const ui = this.#ui;
    this.#functionMode = on;
    ui.canvas.hidden = on;
    ui.legend.hidden = on;
    ui.fnCanvas.hidden = !on;
    ui.fnLegend.hidden = !on;
    ui.dataCaption.textContent = on ? 'The loss surface and the path' : 'What the model sees';
    ui.lossCaption.textContent = on ? 'f(x, y) along the path' : 'Loss';
    if (on) ui.add.hidden = true;
  }

  #renderCaption() {
    const l = this.#lesson;
    const box = this.#ui.caption;
    if (!l) { box.replaceChildren(); return; }
    const race = l.runs > 0 ? [h('p', { class: 'muted', text: `This embed shows run A only; the lesson in the full playground races it against the other ${l.runs === 1 ? 'run' : `${l.runs} runs`}.` })] : [];
    box.replaceChildren(h('p', { class: 'lesson-title', text: l.title }), ...(l.caption ? [h('p', { text: l.caption })] : []), ...race);
  }

  // ---- drawn points -----------------------------------------------------------------------------
  #renderAddPoints() {
    const ui = this.#ui;
    const allowed = this.#controls().includes('points') && !this.#functionMode && this.#plot.addable;
    ui.add.hidden = !allowed;
    if (!allowed) return;
    const pr = this.#problem;
    if (pr.task === 'regression') {
      ui.addLabel.textContent = 'Click or tap the plot (or focus it and press Enter) to add a point';
      ui.addClass.replaceChildren();
      return;
    }
    ui.addLabel.textContent = 'Click or tap the plot to add a point of class:';
    const n = Math.min(LIMITS.inlineClasses, pr.classes);
    this.#addClass = Math.min(this.#addClass, n - 1);
    const items = [];
    for (let k = 0; k < n; k++) {
      const id = `d${this.#uid}-add-${k}`;
      const input = h('input', { type: 'radio', name: `d${this.#uid}-add`, id });
      input.checked = k === this.#addClass;
      input.addEventListener('change', () => { this.#addClass = k; this.#plot.addClass = k; });
      const label = h('label', { for: id }, markerSwatch(k, 12), h('span', { text: pr.classNames[k] ?? String(k) }));
      items.push(input, label);
    }
    ui.addClass.replaceChildren(...items);
    this.#plot.addClass = this.#addClass;
  }

  #addPoint(point) {
    const pr = this.#problem;
    if (!pr || !this.#data || !this.#controls().includes('points')) return;
    const round = (v) => Number(v.toPrecision(5));
    const d = this.#spec.data;
    let x = [];
    let y = [];
    if (d.source === 'inline') {
      x = d.x.map((r) => [...r]);
      y = [...d.y];
    } else {
      const k = pr.inputs;
      for (const [X, Y] of [[this.#data.trainX, this.#data.trainY], [this.#data.validationX, this.#data.validationY]]) {
        for (let i = 0; i < Y.length; i++) {
          x.push(Array.from(X.subarray(i * k, (i + 1) * k), round));
          y.push(pr.task === 'regression' ? round(Y[i]) : Y[i]);
        }
      }
    }
    if (x.length >= LIMITS.inlineRows) return;
    x.push(point.x.map(round));
    y.push(pr.task === 'regression' ? round(point.y) : point.y);
    this.#change((s) => { s.data = { source: 'inline', seed: d.seed ?? START.seed, task: pr.task === 'regression' ? 'regression' : 'classification', x, y }; });
  }
}

if (!customElements.get('descent-playground')) customElements.define('descent-playground', DescentPlayground);
