// Typeset maths, the one way every panel shows a formula: renderMath(tex, { display, plain }) turns
// a registry row's TeX (or an explain line filled with live numbers) into MathML with Temml, which
// browsers lay out natively (no fonts to load). Temml builds the nodes with the DOM and sets its few
// styles through CSSOM (element.style), which a strict CSP (style-src 'self') allows; no markup
// string is ever parsed. The plain-text form rides along as the tooltip and the MathML's alttext,
// and stands in (as <code>) when the TeX cannot be typeset. Styles: web/math.css (both hosts).
// Not here: any formula (the engine's registry holds them) or filling numbers in (views/explain-lines.js).
import temml from 'temml';
import { el } from './dom.js';

/**
 * A <span class="math"> holding the typeset TeX. options: display (a block equation, centred,
 * scrolling sideways when wider than its box; default inline), plain (the formula in plain text:
 * title, alttext, and the fallback).
 */
export function renderMath(tex, { display = false, plain = '' } = {}) {
  const box = el('span', null, { class: display ? 'math math-display' : 'math math-inline' });
  if (plain) box.title = plain;
  try {
    // Temml's own parse errors and anything else it throws: the plain form instead.
    temml.render(String(tex), box, { displayMode: display, throwOnError: true, wrap: display ? 'none' : 'tex' });
    const math = box.querySelector('math');
    if (!math) throw new Error('no MathML');
    if (plain) math.setAttribute('alttext', plain);
  } catch {
    box.classList.add('math-fallback');
    box.replaceChildren(el('code', plain || String(tex)));
  }
  return box;
}
