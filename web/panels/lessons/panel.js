// The lessons on the page: a menu in the header (each lesson a #lesson=<id> link, grouped by
// topic) and, while one is open, a banner with its title, its two-sentence caption and a way to
// start it over or leave it. Lesson text is ours (lessons.js), but goes in as textContent anyway.
// Not here: what a lesson contains (lessons.js) or how its link expands (features.js).
import { LESSONS } from './lessons.js';

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  return e;
}

export class LessonsPanel {
  #menu;
  #banner;
  #els = {};
  #ctx;

  /** ctx: { open(id) (load a lesson), restart(), leave() }; header: where the menu goes; notices: where the banner goes. */
  constructor(header, notices, ctx) {
    this.#ctx = ctx;
    const menu = el('details', null, { class: 'lessons-menu', id: 'lessons' });
    const summary = el('summary', 'Lessons');
    menu.append(summary);
    const list = el('nav', null, { class: 'lessons-list', 'aria-label': 'Lessons' });
    const topics = [];
    for (const l of LESSONS) if (!topics.includes(l.topic)) topics.push(l.topic);
    for (const t of topics) {
      list.append(el('h3', t));
      const ul = el('ul');
      for (const l of LESSONS.filter((x) => x.topic === t)) {
        const li = el('li');
        const a = el('a', l.title, { href: `#lesson=${l.id}`, 'data-lesson': l.id });
        a.addEventListener('click', (e) => {
          e.preventDefault();
          menu.open = false;
          this.#ctx.open(l.id);
        });
        li.append(a);
        ul.append(li);
      }
      list.append(ul);
    }
    menu.append(list);
    menu.addEventListener('keydown', (e) => { if (e.key === 'Escape' && menu.open) { menu.open = false; summary.focus(); } });
    document.addEventListener('click', (e) => { if (menu.open && !menu.contains(e.target)) menu.open = false; });
    header.prepend(menu);
    this.#menu = menu;

    const banner = el('section', null, { class: 'lesson-banner', id: 'lesson-banner', 'aria-labelledby': 'lesson-title' });
    banner.hidden = true;
    const text = el('div');
    this.#els.title = el('h2', '', { id: 'lesson-title' });
    this.#els.caption = el('p', '', { id: 'lesson-caption' });
    this.#els.hint = el('p', '', { class: 'hint' });
    text.append(this.#els.title, this.#els.caption, this.#els.hint);
    const actions = el('div', null, { class: 'lesson-actions' });
    const restart = el('button', 'Start over', { type: 'button', id: 'lesson-restart', class: 'primary' });
    restart.addEventListener('click', () => this.#ctx.restart());
    const leave = el('button', 'Leave the lesson', { type: 'button', id: 'lesson-leave' });
    leave.addEventListener('click', () => this.#ctx.leave());
    actions.append(restart, leave);
    banner.append(text, actions);
    notices.prepend(banner);
    this.#banner = banner;
  }

  /** Shows a lesson's banner (null hides it); changed: the setup no longer is the lesson's. */
  show(lesson, { changed = false } = {}) {
    this.#banner.hidden = !lesson;
    if (!lesson) { delete this.#banner.dataset.lesson; return; }
    this.#banner.dataset.lesson = lesson.id;
    this.#els.title.textContent = `Lesson: ${lesson.title}`;
    this.#els.caption.textContent = lesson.caption;
    const runs = (lesson.runs ?? []).length;
    this.#els.hint.textContent = changed
      ? 'You have changed the setup since the lesson started: "Start over" brings the lesson\'s back.'
      : `Press Play${runs ? `: all ${runs + 1} runs train side by side` : ''}. The link in the address bar opens this lesson.`;
  }
}
