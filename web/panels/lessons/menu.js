// The lessons menu: every lesson as a #lesson=<id> link, grouped by topic, in a disclosure. Picking
// one asks the controller to open it. Lesson text is ours (lessons/lessons.js), but goes in as text.
// Not here: what a lesson contains (lessons/lessons.js) or its caption (caption.js).
import { el } from '../../dom.js';
import { LESSONS } from '../../lessons/lessons.js';

export function build(ctx) {
  const menu = el('details', null, { class: 'lessons-menu', id: 'lessons' });
  const summary = el('summary', 'Lessons');
  const list = el('nav', null, { class: 'lessons-list', 'aria-label': 'Lessons' });
  const topics = [];
  for (const l of LESSONS) if (!topics.includes(l.topic)) topics.push(l.topic);
  for (const t of topics) {
    const ul = el('ul');
    for (const l of LESSONS.filter((x) => x.topic === t)) {
      const a = el('a', l.title, { href: `#lesson=${l.id}`, 'data-lesson': l.id });
      a.addEventListener('click', (e) => {
        e.preventDefault();
        menu.open = false;
        ctx.intent('openLesson', l.id);
      });
      const li = el('li');
      li.append(a);
      ul.append(li);
    }
    list.append(el('h3', t), ul);
  }
  menu.append(summary, list);
  menu.addEventListener('keydown', (e) => { if (e.key === 'Escape' && menu.open) { menu.open = false; summary.focus(); } });
  const close = (e) => { if (menu.open && !e.composedPath().includes(menu)) menu.open = false; };
  document.addEventListener('click', close);
  ctx.place(menu);
  return {
    update() {},
    dispose() { document.removeEventListener('click', close); menu.remove(); },
  };
}
