// <descent-playground>: the playground as a custom element for any static page, from one
// <script type="module" src=".../embed.js">; its own shadow DOM and engine worker per element, the
// same controller and panels as the page. docs/embedding.md is the author's guide; in short:
//   attributes  spec (JSON, or a playground link's hash), lesson (an id of lessons/lessons.js; spec
//               is the fallback), panels (PANEL_NAMES), controls (CONTROL_NAMES), width, height,
//               label (the accessible name), speed (steps per frame), autoplay (not under
//               prefers-reduced-motion), steps (run N at once), theme (light, dark; none: the system's)
//   properties  spec (get: the normalized spec; set: an object or link text), progress, link
//   methods     play(), pause(), reset()
//   events      descent-ready, descent-opened, descent-progress, descent-done, descent-invalid,
//               descent-error, descent-spec (bubbling; detail as documented)
// Not here: any panel's behaviour (panels/), training (engine/), the spec's rules (state.js).
import baseCss from '../styles/base.css?inline';
import elementCss from './element.css?inline';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import mathCss from '../math.css?inline';
import { el } from '../dom.js';
import { Controller } from '../app/controller.js';
import { splitHash } from '../app/link.js';
import { lesson as findLesson } from '../lessons/lessons.js';
import { PANELS, PANEL_NAMES, CONTROL_NAMES, nameList, resolvePanels, defaultPanels } from '../panels/index.js';
import { show } from '../state.js';
import { normalizeSpeed } from '../engine/pace.js';
import { THEMES, paletteSheet, reducedMotion, watchTheme } from '../charts/theme.js';

const panelCss = import.meta.glob('../panels/*/*.css', { query: '?inline', import: 'default', eager: true });
const DEFAULT_CONTROLS = 'play,step,reset,lr,speed,link';
/** The events the element dispatches (as descent-<name>); docs/embedding.md lists their details. */
export const EVENTS = Object.freeze(['ready', 'opened', 'progress', 'done', 'invalid', 'error', 'spec']);
/** The full playground beside embed.js (dist/index.html), for the "Open in the full playground" link. */
const PLAYGROUND = new URL(import.meta.env?.DEV ? '../index.html' : './index.html', import.meta.url);

let sheets = null;
function styleSheets() {
  // Constructable sheets: shared by every instance, and not inline <style> (strict CSPs allow them).
  if (!sheets) {
    sheets = [uplotCss, baseCss, mathCss, ...Object.values(panelCss), elementCss].map((text) => { const s = new CSSStyleSheet(); s.replaceSync(text); return s; });
    sheets.push(paletteSheet());
  }
  return sheets;
}

function size(v) {
  if (v === null || v === '') return '';
  return /^\d+(\.\d+)?$/.test(v.trim()) ? `${v.trim()}px` : v.trim();
}


export class DescentPlayground extends HTMLElement {
  static observedAttributes = ['spec', 'lesson', 'controls', 'panels', 'width', 'height', 'label', 'speed', 'theme'];

  #root;
  #frame;
  #slots = {};           // the frame's places: bar, status, notices, health, panels, announce
  #wrappers = new Map(); // panel name -> its wrapper in the panel grid
  #controller = null;
  #controls = new Set();
  #shown = null;         // resolvePanels() of the panels attribute (or the default)
  #specObject = null;    // a spec set as a property (wins over the attribute until the attribute changes)
  #link;
  #unwatchTheme = null;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#root.adoptedStyleSheets = styleSheets();
    const frame = el('div', null, { class: 'frame', role: 'region' });
    const s = this.#slots;
    s.bar = el('div', null, 'bar-slot');
    s.status = el('div', null, 'status-slot');
    s.notices = el('div', null, 'notices');
    s.health = el('div', null, 'health-slot');
    s.panels = el('div', null, 'panels');
    s.announce = el('div', null, 'announce-slot');
    this.#link = el('a', 'Open in the full playground', { class: 'open', target: '_blank', rel: 'noopener', href: PLAYGROUND.href });
    const foot = el('p', null, { class: 'foot', 'data-control': 'link' });
    foot.append(this.#link);
    frame.append(s.bar, s.status, s.health, s.notices, s.panels, foot, s.announce);
    this.#frame = frame;
    this.#root.append(frame);
  }

  // ---- public API -------------------------------------------------------------------------------
  /** The normalized spec the element trains (a copy), or null before the engine is ready. */
  get spec() {
    const s = this.#controller?.state.spec;
    return s ? structuredClone(s) : null;
  }

  /** A new setup: a spec object (model.params sets the starting weights) or link text ("#..."). */
  set spec(value) {
    this.#specObject = value ?? null;
    this.#load();
  }

  /** run A's last progress: { steps, epochs, status, running, loss } or null. */
  get progress() { return this.#controller?.progressSummary() ?? null; }

  /** The full playground's link with this element's setup (its runs and lesson too). */
  get link() { return this.#controller?.state.spec ? `${PLAYGROUND.href}${this.#controller.link()}` : PLAYGROUND.href; }

  play() { this.#controller?.play(); }
  pause() { this.#controller?.pause(); }
  reset() { this.#controller?.reset(); }

  // ---- lifecycle --------------------------------------------------------------------------------
  connectedCallback() {
    this.#applySize();
    if (!this.#controller) this.#start();
  }

  disconnectedCallback() {
    // Moving the element (remove + insert in one task) keeps its worker.
    queueMicrotask(() => {
      if (this.isConnected || !this.#controller) return;
      this.#controller.dispose();
      this.#controller = null;
      this.#unwatchTheme?.();
      this.#unwatchTheme = null;
      for (const w of this.#wrappers.values()) w.remove();
      this.#wrappers.clear();
    });
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    if (name === 'width' || name === 'height') this.#applySize();
    else if (name === 'label') this.#label();
    else if (name === 'theme') this.#checkTheme();
    else if (name === 'speed') { if (this.#controller && this.#speed() !== null) this.#controller.setSpeed(this.#speed()); }
    else if (name === 'controls' || name === 'panels') this.#applyPanels();
    else if (name === 'spec' || name === 'lesson') { this.#specObject = null; this.#load(); }
  }

  #start() {
    const query = new URLSearchParams(location.search);
    this.#controller = new Controller({
      options: { speed: this.#speed() ?? undefined },   // no speed attribute: 10 steps / frame, or a lesson's own pace
      emit: (type, detail) => this.#on(type, detail),
    });
    // Tests only (?test-hooks=1 on the host page): break the worker the way real faults do.
    if (query.get('test-hooks') === '1') this.descentTestFault = (kind, ms) => this.#controller.testFault(kind, ms);
    // The theme (its attribute, or the system's while there is none): charts redraw in its colours.
    this.#unwatchTheme = watchTheme(this.#root, () => this.#controller?.themeChanged());
    this.#applyPanels();
    this.#load();
    this.#checkTheme();
  }

  /** A theme attribute that is not light, dark or system: say so (the system's theme applies). */
  #checkTheme() {
    const v = this.getAttribute('theme');
    if (v !== null && !THEMES.includes(v)) this.#controller?.notice('Adjusted to fit:', [{ path: 'theme', message: `theme: ${show(v)} is not light, dark or system; following the system's setting` }]);
  }

  #speed() {
    // engine/pace.js's rule, as the page's: 0, n steps a frame, or 1/k (0.25: a step every 4 frames).
    return this.hasAttribute('speed') ? normalizeSpeed(this.getAttribute('speed')) : null;
  }

  #applySize() {
    const w = size(this.getAttribute('width'));
    const h = size(this.getAttribute('height'));
    if (w) this.style.width = w;
    if (h) this.style.height = h;
  }

  #label() {
    const l = this.#controller?.state.lesson;
    this.#frame.setAttribute('aria-label', this.getAttribute('label') || (l ? `Descent lesson: ${l.title}` : 'Gradient descent playground'));
  }

  /** What the attributes ask to train: a source for controller.load(). */
  #source() {
    const issues = [];
    // Reduced motion: nothing starts by itself (Play still plays).
    const source = { issues, title: 'Adjusted to fit:', steps: Number(this.getAttribute('steps')) || 0, autoplay: this.hasAttribute('autoplay') && !reducedMotion() };
    const lesson = this.getAttribute('lesson');
    if (lesson) source.lesson = lesson;
    const given = this.#specObject ?? this.getAttribute('spec');
    if (given && typeof given === 'object') source.spec = given;
    else {
      const text = String(given ?? '').trim();
      if (text.startsWith('{')) {
        try { source.spec = JSON.parse(text); } catch (e) { issues.push({ path: 'spec', message: `spec: not valid JSON (${e.message}); using the default setup` }); }
      } else if (text) {
        source.hash = text.includes('#') ? text.slice(text.indexOf('#')) : text;
      }
    }
    return source;
  }

  #load() {
    if (!this.#controller) return;
    this.#applyPanels();
    this.#controller.load(this.#source());
  }

  /** The panels and controls the attributes ask for (or the defaults), mounted into the grid. */
  #applyPanels() {
    const c = this.#controller;
    if (!c) return;
    const source = this.#source();
    const lesson = source.lesson ? findLesson(source.lesson) : null;
    const fnMode = (lesson ?? null)?.spec?.data?.source === 'function' || source.spec?.data?.source === 'function'
      || (source.hash !== undefined && /(^|[#&])data\.source=function(&|$)/.test(splitHash(source.hash).specHash));
    const names = nameList(this.getAttribute('panels'), Object.keys(PANEL_NAMES)) ?? defaultPanels(lesson);
    const shown = resolvePanels(names, { functionMode: fnMode });
    this.#shown = shown;
    const controls = nameList(this.getAttribute('controls') ?? DEFAULT_CONTROLS, CONTROL_NAMES);
    this.#controls.clear();
    for (const x of controls) this.#controls.add(x);
    const options = {
      transport: { controls: this.#controls },
      data: { controls: this.#controls },
      charts: { controls: this.#controls, charts: shown.charts },
      caption: { linkHint: '' },
      export: { dropAnywhere: false },
    };
    for (const name of ['transport', 'notices', ...Object.keys(PANELS)]) {
      const want = name === 'transport' || name === 'notices' || shown.panels.has(name);
      const mounted = c.panels.includes(name);
      if (want && !mounted) this.#mount(name, options[name] ?? {});
      else if (!want && mounted) { c.unmount(name); this.#wrappers.get(name)?.remove(); this.#wrappers.delete(name); }
      else if (want) c.refresh(name);
    }
    // The chart set is the mounted panel's own object: keep it current.
    const charts = this.#wrappers.get('charts')?.options;
    if (charts) { charts.charts = shown.charts; c.refresh('charts'); }
    for (const e of this.#frame.querySelectorAll('.foot[data-control=link]')) e.hidden = !this.#controls.has('link');
  }

  #mount(name, options) {
    const s = this.#slots;
    let wrapper = null;
    if (!['transport', 'notices'].includes(name)) {
      wrapper = el('div', null, { class: 'panel-slot', 'data-panel': name });
      wrapper.options = options;
      // Keep the grid in the order of PANELS.
      const order = Object.keys(PANELS);
      const next = [...this.#wrappers.entries()].filter(([n]) => order.indexOf(n) > order.indexOf(name)).sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]))[0]?.[1] ?? null;
      s.panels.insertBefore(wrapper, next);
      this.#wrappers.set(name, wrapper);
    }
    const places = {
      controls: (n) => s.bar.append(n), status: (n) => s.status.append(n), announce: (n) => s.announce.append(n),
      notices: (n) => s.notices.append(n), health: (n) => s.health.append(n),
    };
    this.#controller.mount(name, PANELS[name], {
      place: (node, slot = 'main') => {
        if (name === 'settings' && !this.#shown.slots.has(slot)) return;
        if (name === 'export' && slot === 'overlay') { wrapper.append(node); return; }
        (places[slot] ?? ((n) => wrapper.append(n)))(node);
      },
      root: this.#root,
      options,
    });
  }

  #on(type, detail) {
    if (type === 'spec' || type === 'link') {
      this.#link.href = this.link;
      this.#label();
    }
    if (EVENTS.includes(type)) this.dispatchEvent(new CustomEvent(`descent-${type}`, { detail, bubbles: true }));
  }
}

if (!customElements.get('descent-playground')) customElements.define('descent-playground', DescentPlayground);
