// Every panel a host can mount, by name, and the names a host's `panels` / `controls` lists use.
// The page and <descent-playground> read this one table: they differ in which panels they mount
// and where, never in how a panel behaves. Adding a panel: its folder here (build(ctx), see
// app/controller.js) and one row below.
// Not here: where a host puts a panel (hosts/), or what a panel draws (its folder).
import * as transport from './transport/panel.js';
import * as notices from './notices/panel.js';
import * as caption from './lessons/caption.js';
import * as lessons from './lessons/menu.js';
import * as data from './data/panel.js';
import * as landscape from './landscape/panel.js';
import * as metrics from './metrics/panel.js';
import * as charts from './charts/panel.js';
import * as race from './race/panel.js';
import * as explain from './explain/panel.js';
import * as network from './network/panel.js';
import * as lrfinder from './lrfinder/panel.js';
import * as exporter from './export/panel.js';
import * as settings from './settings/panel.js';
import * as help from './help/panel.js';

/** name -> panel module, in the order the element lays them out (the page has its own columns). */
export const PANELS = Object.freeze({
  transport, notices, caption, lessons, settings, help, data, landscape, charts, metrics, race, explain, network, lrfinder, export: exporter,
});

/**
 * The names a `panels` list may hold (the element's attribute, the iframe's query) -> the panel
 * and what of it to show: charts: which charts ("loss" is the whole loss curves card: the loss,
 * the gradient norm, the learning rate when it changes); slots: which of the settings cards.
 */
export const PANEL_NAMES = Object.freeze({
  caption: { panel: 'caption' },
  lessons: { panel: 'lessons' },
  data: { panel: 'data' },
  landscape: { panel: 'landscape' },
  metrics: { panel: 'metrics' },
  loss: { panel: 'charts', charts: ['loss', 'grad', 'lr'] },
  charts: { panel: 'charts', charts: ['loss', 'grad', 'lr'] },
  grad: { panel: 'charts', charts: ['grad'] },
  lr: { panel: 'charts', charts: ['lr'] },
  race: { panel: 'race' },
  explain: { panel: 'explain' },
  network: { panel: 'network' },
  lrfinder: { panel: 'lrfinder' },
  export: { panel: 'export' },
  help: { panel: 'help' },
  settings: { panel: 'settings', slots: ['dataset', 'model', 'loss-function', 'optimizer', 'training'] },
  dataset: { panel: 'settings', slots: ['dataset'] },
  model: { panel: 'settings', slots: ['model'] },
  'loss-function': { panel: 'settings', slots: ['loss-function'] },
  optimizer: { panel: 'settings', slots: ['optimizer'] },
  training: { panel: 'settings', slots: ['training'] },
});

/** The names a `controls` list may hold: the transport's, plus "points" (add data by clicking), "log", "smoothing" (the loss chart's tools) and "link" (the way out to the full playground). */
export const CONTROL_NAMES = Object.freeze([...transport.CONTROLS, 'points', 'log', 'smoothing', 'link']);

/** "a, b,c" -> ['a', 'b', 'c'] restricted to `known` (lower case); null when the list is absent. */
export function nameList(value, known) {
  if (value === null || value === undefined) return null;
  return String(value).split(',').map((s) => s.trim().toLowerCase()).filter((s) => known.includes(s));
}

/**
 * What a list of panel names mounts: { panels: Set of panel names, charts: Set, slots: Set }.
 * "data" also shows the landscape in function mode (a test function has no data to plot).
 */
export function resolvePanels(names, { functionMode = false } = {}) {
  const panels = new Set();
  const chartSet = new Set();
  const slots = new Set();
  for (const n of names) {
    const p = PANEL_NAMES[n];
    if (!p) continue;
    panels.add(p.panel);
    for (const c of p.charts ?? []) chartSet.add(c);
    for (const s of p.slots ?? []) slots.add(s);
  }
  if (functionMode && panels.has('data')) panels.add('landscape');
  return { panels, charts: chartSet, slots };
}

/** The panels an embed shows when its author does not say: a lesson shows its caption and every run. */
export function defaultPanels(lesson) {
  if (!lesson) return ['data', 'loss'];
  const fn = lesson.spec?.data?.source === 'function';
  const list = ['caption'];
  if (!fn) list.push('data');
  if (fn || lesson.focus === 'landscape') list.push('landscape');
  if (lesson.runs?.length) list.push('race');
  list.push('loss');
  return list;
}
