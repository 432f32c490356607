// The playground page as an iframe embed: "index.html?embed&panels=data,loss&controls=play,reset,lr#spec".
// Removes the page's chrome (header, footer, settings) and shows only the requested panels and
// toolbar controls, laid out to fill the frame. Marks elements with classes; embed-mode.css does
// the rest. Not here: the custom element (element.js), which needs no iframe.
import './mode.css';

const query = new URLSearchParams(location.search);

/** Whether the page runs as an embed (then main.js keeps the URL and storage to itself). */
export const EMBED = query.has('embed');

/** Panel name -> the page's element(s) for it. Unknown names fall back to an element id. */
const PANELS = {
  data: ['.plot-card'],
  loss: ['#loss-chart'],
  charts: ['#loss-chart'],
  metrics: ['#metrics'],
  settings: ['section[aria-labelledby=data-title]', 'section[aria-labelledby=model-title]', 'section[aria-labelledby=loss-title]', 'section[aria-labelledby=optimizer-title]', 'section[aria-labelledby=training-title]'],
  dataset: ['section[aria-labelledby=data-title]'],
  model: ['section[aria-labelledby=model-title]'],
  'loss-function': ['section[aria-labelledby=loss-title]'],
  optimizer: ['section[aria-labelledby=optimizer-title]'],
  training: ['section[aria-labelledby=training-title]'],
  help: ['#help'],
  export: ['#export'],
};

/** Control name -> the toolbar element for it. */
const CONTROLS = {
  play: '#play', step: '#step', epoch: '#epoch', reset: '#reset', seed: '#new-seed',
  speed: '.tool-field:has(#speed)', lr: '.lr-field',
};
// "points" (clicking the plot adds data) is not a toolbar item: see apply().

export const DEFAULT_PANELS = ['data', 'loss'];
export const DEFAULT_CONTROLS = ['play', 'step', 'reset', 'lr'];

/** "a, b,c" -> ['a', 'b', 'c'] (lower case, only [a-z0-9-]); null when absent. */
export function listParam(value) {
  if (value === null || value === undefined) return null;
  return String(value).split(',').map((s) => s.trim().toLowerCase()).filter((s) => /^[a-z0-9-]{1,40}$/.test(s));
}

function cardsFor(name) {
  const sels = PANELS[name] ?? [`#${CSS.escape(name)}`, `[data-panel="${CSS.escape(name)}"]`];
  const out = [];
  for (const sel of sels) {
    for (const e of document.querySelectorAll(sel)) out.push(e.closest('.card') ?? e);
  }
  return out;
}

function apply(panels, controls) {
  const root = document.documentElement;
  root.classList.add('embed-mode');
  const mark = () => {
    for (const e of document.querySelectorAll('.embed-show')) e.classList.remove('embed-show');
    for (const p of panels) for (const e of cardsFor(p)) e.classList.add('embed-show');
  };
  mark();
  // Cards that modules add later (export, new views) are marked as they arrive.
  const observer = new MutationObserver(mark);
  for (const col of document.querySelectorAll('.layout > .col')) observer.observe(col, { childList: true });

  const toolbar = document.querySelector('.toolbar');
  if (toolbar) {
    const keep = new Set(controls.map((c) => CONTROLS[c]).filter(Boolean).flatMap((sel) => [...toolbar.querySelectorAll(sel)]));
    for (const b of toolbar.querySelectorAll('.transport > *')) b.classList.toggle('embed-hide', !keep.has(b));
    for (const child of toolbar.children) {
      if (child.id === 'status' || child.classList.contains('transport')) continue;
      child.classList.toggle('embed-hide', !keep.has(child));
    }
    // A way out to the full playground, with the current setup.
    const open = document.createElement('a');
    open.className = 'embed-open';
    open.target = '_blank';
    open.rel = 'noopener';
    open.textContent = 'Open in Descent';
    const sync = () => { open.href = `${location.pathname}${location.hash}`; };
    sync();
    open.addEventListener('focus', sync);
    open.addEventListener('pointerdown', sync);
    window.addEventListener('hashchange', sync);
    toolbar.append(open);
  }
  // A teacher can lock the data: without "points", clicks and Enter on the plot add nothing.
  if (!controls.includes('points')) {
    const card = document.querySelector('.plot-card');
    const stop = (e) => { if (e.target.id === 'data-plot' && (e.type === 'click' || e.key === 'Enter' || e.key === ' ')) e.stopPropagation(); };
    card?.addEventListener('click', stop, { capture: true });
    card?.addEventListener('keydown', stop, { capture: true });
    document.getElementById('add-points')?.classList.add('embed-hide');
  }
  // The page's h1 goes with the header; keep one for screen readers.
  if (!document.querySelector('h1.embed-title')) {
    const h1 = document.createElement('h1');
    h1.className = 'sr-only embed-title';
    h1.textContent = 'Descent: gradient descent playground';
    (document.querySelector('main') ?? document.body).prepend(h1);
  }
}

if (EMBED) {
  apply(listParam(query.get('panels')) ?? DEFAULT_PANELS, listParam(query.get('controls')) ?? DEFAULT_CONTROLS);
}
