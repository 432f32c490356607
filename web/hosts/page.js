// The playground page (index.html): mounts the panels into the page's columns, keeps the setup in
// the URL hash (a history entry per change, back/forward) and in this browser (store.js), shows
// the engine's version in the footer, and is the iframe embed too: with ?embed it mounts only the
// panels and controls the query names (?embed&panels=data,loss&controls=play,reset,lr#<link>) and
// tells its parent page its height ({ type: 'descent:height', height } by postMessage). The colour
// theme: the header's toggle (kept by store.js) or the frame's ?theme=; <html data-theme>.
// Loaded by hosts/page-start.js (the entry, which starts the engine worker and imports the styles).
// Not here: training or panels' behaviour (app/controller.js, panels/), the spec's rules (state.js).
import { el } from '../dom.js';
import { Controller } from '../app/controller.js';
import { unescapeAmp, splitHash } from '../app/link.js';
import { show } from '../state.js';
import { lesson as findLesson } from '../lessons/lessons.js';
import { PANELS, CONTROL_NAMES, PANEL_NAMES, nameList, resolvePanels, defaultPanels } from '../panels/index.js';
import * as store from '../store.js';
import { registerOffline } from '../offline/register.js';
import { THEMES, applyTheme, themeChoice, watchTheme, paletteSheet } from '../charts/theme.js';
import { takeWorker } from '../engine/client.js';

const $ = (id) => document.getElementById(id);
// "&amp;" in a pasted iframe link (an editor escaped it twice) reads as "&".
const query = new URLSearchParams(unescapeAmp(location.search));
const EMBED = query.has('embed');
const PAGE_CONTROLS = ['play', 'step', 'epoch', 'reset', 'seed', 'speed', 'lr', 'points', 'log', 'smoothing'];
const EMBED_CONTROLS = ['play', 'step', 'reset', 'lr'];
const steps = Number(query.get('steps'));

// The theme first, before anything draws: the frame's ?theme=, else this browser's choice.
const themeAsked = EMBED ? query.get('theme') : store.loadTheme();
applyTheme(document.documentElement, themeAsked);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, paletteSheet()];

const controller = new Controller({
  startWorker: takeWorker,   // the worker page-start.js started (for the first run), then new ones
  options: { steps: Number.isInteger(steps) && steps > 0 ? steps : 0 },
  emit: (type, detail) => on[type]?.(detail),
});

// ---- what the page shows, and where --------------------------------------------------------------
const controls = new Set(EMBED ? nameList(query.get('controls'), CONTROL_NAMES) ?? EMBED_CONTROLS : PAGE_CONTROLS);
let shown;
if (EMBED) {
  const lessonId = splitHash(location.hash).extras.lesson.at(-1);
  const names = nameList(query.get('panels'), Object.keys(PANEL_NAMES)) ?? defaultPanels(lessonId ? findLesson(decodeURIComponent(lessonId)) : null);
  shown = resolvePanels(names, { functionMode: /(^|[#&])data\.source=function(&|$)/.test(unescapeAmp(location.hash)) });
  shown.panels.add('transport').add('notices');
  document.documentElement.classList.add('embed-mode');
} else {
  shown = { panels: new Set(Object.keys(PANELS)), charts: new Set(['loss', 'grad', 'lr']), slots: new Set(['dataset', 'model', 'loss-function', 'optimizer', 'training']) };
}

// ---- phones: the settings cards fold (the picture, the loss curve and the transport come first) ----
// Each settings card sits in a <details> whose summary is its title: open on wide screens (the
// summary hidden, page.css), closed on a phone until tapped; turning the phone does not close one
// the user opened.
const PHONE = window.matchMedia('(max-width: 760px)');
const folds = [];
function fold(card) {
  const title = card.querySelector('h2')?.textContent ?? '';
  const details = el('details', null, { class: 'fold' });
  details.append(el('summary', title, { class: 'fold-title' }), card);
  details.open = !PHONE.matches;
  folds.push(details);
  return details;
}
PHONE.addEventListener('change', () => { if (!PHONE.matches) for (const d of folds) d.open = true; });

const toolbar = $('toolbar');
const notices = $('notices');
const output = $('output');
/** Where each panel's nodes go: panel name -> slot -> (node) => void. */
const PLACES = {
  transport: { controls: (n) => toolbar.append(n), status: (n) => toolbar.append(n), announce: (n) => document.body.append(n) },
  notices: { notices: (n) => notices.append(n), health: (n) => document.body.append(n) },
  caption: { main: (n) => notices.prepend(n) },
  lessons: { main: (n) => $('top-actions').prepend(n) },
  settings: Object.fromEntries(['dataset', 'model', 'loss-function', 'optimizer', 'training'].map((slot) => [slot, (n) => { if (shown.slots.has(slot)) (slot === 'dataset' ? $('col-data') : $('col-model')).append(fold(n)); }])),
  help: { main: (n) => $('col-data').append(n) },
  export: { main: (n) => output.append(n), overlay: (n) => document.body.append(n) },
};
const OPTIONS = {
  transport: { controls },
  data: { controls },
  // The loss card's tools (log scale, smoothing) are always there on the page and in its frame.
  charts: { controls: new Set(['log', 'smoothing']), charts: shown.charts },
  caption: { linkHint: EMBED ? '' : 'The link in the address bar opens this lesson.', focus: !EMBED },
  export: { dropAnywhere: !EMBED },
};
// The page's order: each column's cards top to bottom (the output column: the picture, then the numbers).
const ORDER = ['transport', 'notices', 'caption', 'lessons', 'settings', 'help', 'data', 'landscape', 'metrics', 'charts', 'race', 'explain', 'lrfinder', 'export'];
for (const name of Object.keys(PANELS)) if (!ORDER.includes(name)) ORDER.push(name);   // a new panel: at the end of the output column
const mounted = {};   // name -> the panel (for the test hooks)
for (const name of ORDER) {
  if (!shown.panels.has(name) || (EMBED && name === 'lessons')) continue;
  mounted[name] = controller.mount(name, PANELS[name], {
    place: (node, slot = 'main') => (PLACES[name]?.[slot] ?? ((n) => output.append(n)))(node),
    root: document,
    options: OPTIONS[name] ?? {},
  });
}

// The sticky toolbar's height, for what scrolls itself to the top of the page: a lesson's caption
// stops below the toolbar, which is one row on a desktop and three on a phone (lessons.css).
new ResizeObserver(([e]) => document.documentElement.style.setProperty('--toolbar-h', `${Math.ceil(e.borderBoxSize?.[0]?.blockSize ?? toolbar.offsetHeight)}px`)).observe(toolbar);

if (EMBED) {
  // A way out to the full playground, with the current setup (always there in a frame).
  const open = el('a', 'Open in Descent', { class: 'embed-open', target: '_blank', rel: 'noopener', 'data-control': 'link' });
  const sync = () => { open.href = `${location.pathname}${location.hash}`; };
  sync();
  window.addEventListener('hashchange', sync);
  open.addEventListener('focus', sync);
  open.addEventListener('pointerdown', sync);
  toolbar.append(open);
  // The page's h1 goes with the header; keep one for screen readers.
  document.querySelector('main').prepend(el('h1', 'Descent: gradient descent playground', 'sr-only'));
  // The frame's height for its parent page (docs/embedding.md has the two lines that resize it).
  if (window.parent !== window) {
    let last = 0;
    new ResizeObserver(() => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height !== last) { last = height; window.parent.postMessage({ type: 'descent:height', height }, '*'); }
    }).observe(document.body);
  }
}

// ---- the controller's news -----------------------------------------------------------------------
let saveTimer = 0;
let linkIdle = 0;         // the idle callback that writes pendingLink
let pendingLink = null;   // a replaced link waiting to be written (see link below)
const idle = (fn) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 500 }) : setTimeout(fn, 100));
const cancelIdle = (id) => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(id) : clearTimeout(id));
function writeLink() {
  cancelIdle(linkIdle);
  linkIdle = 0;
  const hash = pendingLink;
  pendingLink = null;
  if (hash !== null && location.hash !== hash) window.history.replaceState(null, '', hash);
}
const on = {
  ready(e) {
    const status = $('engine-status');
    status.textContent = `Engine ${e.version} loaded: ${e.arch === 'wasm' ? 'WebAssembly SIMD' : e.arch} (xsimd arch "${e.arch}"), kernel probe ${e.probe}`;
    Object.assign(status.dataset, { arch: e.arch, probe: e.probe, ready: 'true', generation: String(e.generation) });
  },
  spec({ spec }) {
    if (EMBED) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => store.saveSpec(spec), 500);
  },
  link({ hash, push }) {
    // An embed (iframe) must not add entries to the host page's history. A replacement (the link
    // written as the page starts) waits for an idle moment: the first history change of a page
    // held the main thread ~150 ms on a loaded machine, in the way of the first step.
    if (!push) {
      pendingLink = hash;
      if (!linkIdle) linkIdle = idle(writeLink);
      return;
    }
    writeLink();   // a replacement still waiting belongs to the entry being left: written first
    if (location.hash !== hash) window.history[EMBED ? 'replaceState' : 'pushState'](null, '', hash);
  },
  csv({ file }) {
    if (!EMBED) store.saveCsv(file);
  },
};

window.addEventListener('popstate', () => {
  cancelIdle(linkIdle);   // a link still waiting to be written belongs to the entry just left
  linkIdle = 0;
  pendingLink = null;
  controller.followLink(location.hash);
});

// ---- the theme toggle (light / dark / system) -----------------------------------------------------
const themeSelect = $('theme');
themeSelect.value = themeChoice(document.documentElement);
themeSelect.addEventListener('change', () => {
  applyTheme(document.documentElement, themeSelect.value);
  store.saveTheme(themeSelect.value);
});
watchTheme(document.documentElement, () => controller.themeChanged());
if (themeAsked !== null && !THEMES.includes(themeAsked)) {
  controller.notice('The link had values that could not be used; they were changed:', [{ path: 'theme', message: `theme: ${show(themeAsked)} is not light, dark or system; following the system's setting` }]);
}

$('copy-link').addEventListener('click', async () => {
  if (!controller.state.spec) return;
  const u = new URL(location.href);
  u.searchParams.delete('steps');
  u.hash = controller.link();
  const feedback = $('copy-feedback');
  try {
    await navigator.clipboard.writeText(u.href);
    feedback.textContent = 'Link copied';
  } catch {
    feedback.textContent = 'Copy the address bar: it holds the whole setup';
  }
  setTimeout(() => { feedback.textContent = ''; }, 2500);
});

if (query.get('test-hooks') === '1') {
  // For tests/e2e/faults.test.mjs: break the worker the way real faults do.
  window.descentTestHooks = {
    fault: (kind, ms) => controller.testFault(kind, ms),
    health: () => controller.engineHealth,
    generation: () => controller.engineGeneration,
    raceFault: (index, kind) => controller.state.race.testFault(index, kind),
    // A panel's update throws once, on the next event of this type (a bug in one card).
    panelFault: (name, type) => {
      const panel = mounted[name];
      const update = panel.update;
      panel.update = (s, e) => {
        if (e.type !== type) return update.call(panel, s, e);
        panel.update = update;
        throw new Error(`test fault in ${name}`);
      };
    },
  };
}

// ---- the setup: the link, else what this browser kept, else the start ---------------------------
async function start() {
  const stored = EMBED ? {} : await store.load();
  if (location.hash.length > 1) controller.load({ hash: location.hash, csv: stored.csv, title: 'The link had values that could not be used; they were changed:' });
  else if (stored.spec) controller.load({ spec: stored.spec, csv: stored.csv, title: 'The saved settings had values that could not be used; they were changed:' });
  else controller.load({ csv: stored.csv });
}
start().catch((e) => controller.notice('The page failed to start:', [{ message: e.message }]));

// Started: boot.js (outside the bundle) stops reporting start-up errors; the app reports its own.
document.documentElement.setAttribute('data-started', '');
registerOffline();
$('boot').hidden = true;
