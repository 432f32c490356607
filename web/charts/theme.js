// The user's display preferences, for every host: the colour theme (light, dark, or the system's
// prefers-color-scheme), the colours a canvas or uPlot paints, read back from the CSS custom
// properties where the chart sits (the page, or an element's shadow root), reduced motion, and
// whether the pointer can hover. Lookups are cached per root and theme: call them per draw.
// Not here: the colour values (palette.js COLORS for what charts paint, styles/base.css for the
// parts), or redrawing (hosts watch, the controller sends every panel a "theme" event).
import { COLORS, LIGHT } from '../palette.js';

/** The choices a toggle or attribute offers ("system": follow prefers-color-scheme). */
export const THEMES = Object.freeze(['system', 'light', 'dark']);

const queries = new Map();
function media(query) {
  if (!queries.has(query)) queries.set(query, globalThis.matchMedia?.(query) ?? null);
  return queries.get(query);
}

/** prefers-reduced-motion: reduce. Then nothing plays by itself and nothing animates (Play still plays). */
export function reducedMotion() {
  return !!media('(prefers-reduced-motion: reduce)')?.matches;
}

/** Whether the main pointer can hover (false on touch screens: say "tap or focus", never "hover"). */
export function canHover() {
  return !media('(hover: none)')?.matches;
}

/**
 * Where node's theme is set: { root (Document or ShadowRoot), host (the element holding the
 * choice), attr }. The page: <html data-theme>; the element: its theme attribute. A node not in a
 * document yet counts as the page's.
 */
function themeHost(node) {
  const top = node?.getRootNode?.();
  if (top?.host) return { root: top, host: top.host, attr: 'theme' };
  const doc = top?.nodeType === 9 ? top : globalThis.document;
  return { root: doc ?? null, host: doc?.documentElement ?? null, attr: 'data-theme' };
}

/** The choice held where node is: 'light' | 'dark' | 'system'. */
export function themeChoice(node) {
  const { host, attr } = themeHost(node);
  const v = host?.getAttribute(attr);
  return v === 'light' || v === 'dark' ? v : 'system';
}

/** The theme node shows: 'light' | 'dark'. */
export function schemeOf(node) {
  const choice = themeChoice(node);
  if (choice !== 'system') return choice;
  return media('(prefers-color-scheme: dark)')?.matches ? 'dark' : 'light';
}

/**
 * Sets the theme choice on a host element (the page's <html>, a <descent-playground>): 'light' or
 * 'dark' as the attribute, 'system' (or anything else) removes it.
 */
export function applyTheme(host, choice, attr = 'data-theme') {
  if (choice === 'light' || choice === 'dark') host.setAttribute(attr, choice);
  else host.removeAttribute(attr);
}

/**
 * Calls fn(scheme) whenever the theme node shows changes: its host's attribute, or the system's
 * preference while the choice is "system". Returns a function that stops watching.
 */
export function watchTheme(node, fn) {
  const { host, attr } = themeHost(node);
  let last = schemeOf(node);
  const check = () => {
    const now = schemeOf(node);
    if (now !== last) { last = now; fn(now); }
  };
  const m = media('(prefers-color-scheme: dark)');
  m?.addEventListener?.('change', check);
  const observer = host && globalThis.MutationObserver ? new MutationObserver(check) : null;
  observer?.observe(host, { attributes: true, attributeFilter: [attr] });
  return () => { m?.removeEventListener?.('change', check); observer?.disconnect(); };
}

// ---- the palette as custom properties --------------------------------------------------------
/** COLORS as CSS: `--name: light-dark(light, dark)` on the page's root and every shadow host. */
export function paletteCss() {
  const lines = Object.entries(COLORS).map(([name, [l, d]]) => `  --${name}: light-dark(${l}, ${d});`);
  return `:root, :host {\n${lines.join('\n')}\n}\n`;
}

let sheet = null;
/** paletteCss() as one constructable sheet (adopted by the page and by every element: no inline <style>). */
export function paletteSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(paletteCss());
  }
  return sheet;
}

// ---- reading colours back ------------------------------------------------------------------------
const VAR = /^var\(\s*(--[A-Za-z0-9_-]+)/;
/** root -> { probe, byScheme: { light: Map, dark: Map } } */
const cache = new WeakMap();

function slot(root) {
  let c = cache.get(root);
  if (!c) {
    c = { probe: null, byScheme: { light: new Map(), dark: new Map() }, full: { light: null, dark: null } };
    cache.set(root, c);
  }
  return c;
}

/** The computed colour of var(name) where root is ('' when it cannot be read). */
function read(root, c, name) {
  if (!c.probe || !c.probe.isConnected) {
    const doc = root.nodeType === 9 ? root : root.ownerDocument;
    c.probe = doc.createElement('span');
    c.probe.hidden = true;
    c.probe.setAttribute('aria-hidden', 'true');
    c.probe.className = 'theme-probe';
    (root.nodeType === 9 ? root.body ?? root.documentElement : root).append(c.probe);
  }
  const fallback = COLORS[name.slice(2)]?.[0] ?? 'transparent';
  c.probe.style.color = `var(${name}, ${fallback})`;
  return getComputedStyle(c.probe).color;
}

/**
 * A colour as a canvas takes it, resolved where node is: value is a custom property ("--name"), a
 * reference to one ("var(--name)", "var(--name, fallback)") or any CSS colour (returned as it is).
 * Outside a document (Node, a detached canvas): the light value.
 */
export function cssColor(value, node) {
  if (typeof value !== 'string') return value;
  const name = value.startsWith('--') ? value : VAR.exec(value)?.[1];
  if (!name) return value;
  const { root } = themeHost(node);
  const light = COLORS[name.slice(2)]?.[0];
  if (!root || typeof getComputedStyle !== 'function') return light ?? value;
  const c = slot(root);
  const map = c.byScheme[schemeOf(node)];
  let v = map.get(name);
  if (v === undefined) {
    v = read(root, c, name) || light || value;
    map.set(name, v);
  }
  return v;
}

/** 'rgb(r, g, b)' / 'rgba(r, g, b, a)' / '#rrggbb' -> [r, g, b] (0 to 255). */
export function rgbOf(color) {
  const m = /^rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)/.exec(color);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  const h = /^#([0-9a-f]{6})$/i.exec(color);
  if (h) { const n = parseInt(h[1], 16); return [(n >> 16) & 255, (n >> 8) & 255, n & 255]; }
  return [0, 0, 0];
}

/**
 * Every palette colour resolved where node is: { 'chart-bg': 'rgb(…)', …, classes: [class 0 …],
 * rgb: { 'class-0': [r, g, b], … }, scheme }, the shape of palette.js's LIGHT. One object per root
 * and theme (cached): a draw calls it once.
 */
export function chartColors(node) {
  const { root } = themeHost(node);
  if (!root || typeof getComputedStyle !== 'function') return { ...LIGHT, rgb: rgbTable(LIGHT), scheme: 'light' };
  const scheme = schemeOf(node);
  const c = slot(root);
  if (!c.full[scheme]) {
    const out = { scheme };
    for (const name of Object.keys(COLORS)) out[name] = cssColor(`--${name}`, node);
    out.classes = LIGHT.classes.map((_, k) => out[`class-${k}`]);
    out.rgb = rgbTable(out);
    c.full[scheme] = Object.freeze(out);
  }
  return c.full[scheme];
}

function rgbTable(colors) {
  return Object.fromEntries(Object.keys(COLORS).map((n) => [n, rgbOf(colors[n])]));
}

/** Forgets what was read for root (a page author changed the custom properties at run time). */
export function forgetColors(node) {
  const { root } = themeHost(node);
  if (root) cache.delete(root);
}
