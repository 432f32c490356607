// The help card: the title, text, range, formula (typeset from its TeX, math.js) and source of
// whatever control was last hovered or focused (the settings send them as help intents). Text and
// MathML nodes only, never HTML.
// Not here: the help texts themselves (the engine's registry).
import { el } from '../../dom.js';
import { renderMath } from '../../math.js';
import { canHover } from '../../charts/theme.js';

export function build(ctx) {
  const card = el('aside', null, { id: 'help', class: 'card help', 'aria-labelledby': 'help-title' });
  const body = el('div', null, { id: 'help-body', 'aria-live': 'polite' });
  body.append(el('p', `${canHover() ? 'Hover over or focus' : 'Tap or focus'} a control to see what it does, its range and its formula.`, 'muted'));
  card.append(el('h2', 'Help', { id: 'help-title' }), body);
  ctx.place(card);

  function show({ title, text, formula, tex, source, range }) {
    const parts = [el('h3', title)];
    if (text) parts.push(el('p', text));
    if (range) parts.push(el('p', `Range: ${range}`, 'muted'));
    if (tex) { const box = el('div', null, 'formula-block'); box.append(renderMath(tex, { display: true, plain: formula ?? '' })); parts.push(box); }
    else if (formula) parts.push(el('code', formula, 'formula-block'));
    if (source) parts.push(el('p', `Source: ${source}`, 'muted'));
    body.replaceChildren(...parts);
  }

  return {
    update(s, event) {
      if (event.type === 'help' && s.help) show(s.help);
    },
    dispose() { card.remove(); },
  };
}
