// A lesson's caption: its title, its two sentences, what to do ("Press Play: all 3 runs train
// side by side"), and "Start over" / "Leave the lesson". Shown while a lesson is open; says so
// when the setup no longer is the lesson's. ctx.options.linkHint: a last sentence about the link
// (the page: its address bar opens the lesson). Lesson text goes in as text only.
// Not here: the lessons menu (menu.js) or what a lesson contains (lessons/lessons.js).
import { el } from '../../dom.js';

export function build(ctx) {
  const banner = el('section', null, { class: 'lesson-banner lesson-caption', id: 'lesson-banner', 'aria-labelledby': 'lesson-title' });
  banner.hidden = true;
  const title = el('h2', '', { id: 'lesson-title', class: 'lesson-title' });
  const caption = el('p', '', { id: 'lesson-caption' });
  const hint = el('p', '', 'hint');
  const text = el('div');
  text.append(title, caption, hint);
  const restart = el('button', 'Start over', { type: 'button', id: 'lesson-restart', class: 'primary' });
  restart.addEventListener('click', () => ctx.intent('restartLesson'));
  const leave = el('button', 'Leave the lesson', { type: 'button', id: 'lesson-leave' });
  leave.addEventListener('click', () => ctx.intent('leaveLesson'));
  const actions = el('div', null, 'lesson-actions');
  actions.append(restart, leave);
  banner.append(text, actions);
  ctx.place(banner);

  function show(s, opened) {
    const l = s.lesson;
    banner.hidden = !l;
    if (!l) { delete banner.dataset.lesson; return; }
    banner.dataset.lesson = l.id;
    title.textContent = `Lesson: ${l.title}`;
    caption.textContent = l.caption;
    const runs = (l.runs ?? []).length;
    hint.textContent = s.lessonChanged
      ? 'You have changed the setup since the lesson started: "Start over" brings the lesson\'s back.'
      : `Press Play${runs ? `: all ${runs + 1} runs train side by side` : ''}.${ctx.options.linkHint ? ` ${ctx.options.linkHint}` : ''}`;
    if (opened) banner.scrollIntoView?.({ block: 'nearest' });
  }

  return {
    update(s, event) {
      if (event.type === 'lesson') show(s, event.opened);
    },
    dispose() { banner.remove(); },
  };
}
