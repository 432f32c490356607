// Typeset maths, the one way every panel shows a formula: renderMath(tex, { display, plain }) turns
// a registry row's TeX (or an explain line filled with live numbers) into MathML with Temml, which
// browsers lay out natively (no fonts to load). Temml builds the nodes with the DOM and sets its few
// styles through CSSOM (element.style), which a strict CSP (style-src 'self') allows; no markup
// string is ever parsed. The plain-text form rides along as the tooltip and the MathML's alttext,
// and stands in (as <code>) when the TeX cannot be typeset. Temml is loaded on the first formula
// (a chunk of its own, about 40% of the page's code: not in the way of the page's start); until it
// arrives a box shows the plain form, then the typeset one. Styles: web/math.css (both hosts).
// Not here: any formula (the engine's registry holds them) or filling numbers in (views/explain-lines.js).
import { el } from './dom.js';

let temml = null;        // the module, once loaded
let loading = null;      // its import()
let failed = false;      // it could not be loaded: every formula shows its plain form
const waiting = [];      // [box, tex, options] rendered before it arrived

/**
 * A display formula's statements, one per row: the registry separates them with "\quad" at the top
 * level (after ";" or ","); each becomes a left-aligned row of an array, so a long update rule
 * stacks instead of running off a narrow card. A single statement is returned as it is.
 */
export function stackStatements(tex) {
  const parts = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < tex.length; i++) {
    const c = tex[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '\\') {
      const word = /^\\([a-zA-Z]+)/.exec(tex.slice(i))?.[1] ?? '';
      if (word === 'begin' || word === 'left') depth++;
      else if (word === 'end' || word === 'right') depth--;
      else if (word === 'quad' && depth === 0) {
        parts.push(tex.slice(from, i).trim());
        from = i + 5;
      }
      i += Math.max(word.length, 1);
    }
  }
  parts.push(tex.slice(from).trim());
  const rows = parts.filter(Boolean);
  return rows.length > 1 ? `\\begin{array}{l} ${rows.join(' \\\\ ')} \\end{array}` : tex;
}

// Display boxes whose formula is wider than the box scroll sideways: then (only then) they take
// the keyboard focus, so the hidden part can be reached without a pointer.
const overflow = typeof ResizeObserver === 'function' ? new ResizeObserver((entries) => {
  for (const { target: box } of entries) {
    if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0; else box.removeAttribute('tabindex');
  }
}) : null;

/**
 * A <span class="math"> holding the typeset TeX. options: display (a block equation, its
 * statements stacked, scrolling sideways when still wider than its box; default inline), plain
 * (the formula in plain text: title, alttext, and the fallback).
 */
export function renderMath(tex, { display = false, plain = '' } = {}) {
  const box = el('span', null, { class: display ? 'math math-display' : 'math math-inline' });
  if (plain) box.title = plain;
  if (temml) typeset(box, tex, display, plain);
  else if (failed) {
    box.classList.add('math-fallback');
    box.replaceChildren(el('code', plain || String(tex)));
  } else {
    // The plain form until Temml has loaded (then typeset in place); if it cannot load, it stays.
    box.replaceChildren(el('code', plain || String(tex)));
    box.dataset.typesetting = '';
    waiting.push([box, tex, display, plain]);
    loading ??= import('temml').then((m) => {
      temml = m.default;
      for (const [b, t, d, p] of waiting.splice(0)) { delete b.dataset.typesetting; typeset(b, t, d, p); }
    }, () => {
      failed = true;
      for (const [b] of waiting.splice(0)) { delete b.dataset.typesetting; b.classList.add('math-fallback'); }
    });
  }
  return box;
}

function typeset(box, tex, display, plain) {
  try {
    // Temml's own parse errors and anything else it throws: the plain form instead.
    temml.render(display ? stackStatements(String(tex)) : String(tex), box, { displayMode: display, throwOnError: true, wrap: display ? 'none' : 'tex' });
    const math = box.querySelector('math');
    if (!math) throw new Error('no MathML');
    if (plain) math.setAttribute('alttext', plain);
  } catch {
    box.classList.add('math-fallback');
    box.replaceChildren(el('code', plain || String(tex)));
  }
  if (display) overflow?.observe(box);
}
