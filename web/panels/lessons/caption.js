// A lesson's caption: its title, its two sentences, what to do ("Press Play: all 3 runs train
// side by side"), "Start over" / "Leave the lesson", the lesson's exercise (predict, then the runs
// answer), and, once every run has stopped, the exercise's answer and the lesson's claims checked
// against the runs' own numbers (lessons/claims.js, the evaluator the tests use), each behind a
// summary line (the answer and the verdict; whether the claims hold), open on a wide screen and
// closed on a phone, where the caption must leave most of the screen to the picture below it.
// Shown while a lesson is open; says so when the setup no longer is the lesson's. Options:
// linkHint (a last sentence about the link); focus (the page: on opening, the caption moves just
// above the lesson's focus card and the page scrolls there, so the picture is next to the words).
// Lesson text goes in as text only. Not here: the lessons menu (menu.js) or what a lesson contains.
import { el } from '../../dom.js';
import { checkLesson, answerExercise } from '../../lessons/claims.js';
import { recordOfRun } from '../../app/race.js';

/** The card each lesson focus names (lessons.js FOCUS). */
const FOCUS_CARD = Object.freeze({ landscape: '#landscape', race: '#race', fits: '#race-fits', charts: '#loss-chart-title', explain: '#explain' });

/** Where the caption goes compact (claims and the answer's numbers closed): lessons.css's phone breakpoint. */
const COMPACT = '(max-width: 760px)';
const wide = () => !globalThis.matchMedia?.(COMPACT).matches;

/** Statuses after which a run takes no more steps. */
const STOPPED = new Set(['done', 'diverged', 'early_stopped', 'converged', 'stopped', 'invalid']);

export function build(ctx) {
  const banner = el('section', null, { class: 'lesson-banner lesson-caption', id: 'lesson-banner', 'aria-labelledby': 'lesson-title' });
  banner.hidden = true;
  const title = el('h2', '', { id: 'lesson-title', class: 'lesson-title' });
  const caption = el('p', '', { id: 'lesson-caption' });
  const hint = el('p', '', 'hint');
  // The checked claims sit in a disclosure whose summary says whether they all hold: open on a wide
  // screen, closed on a narrow one (COMPACT), where the caption must leave room for the picture.
  const claims = el('ul', null, { id: 'lesson-claims', class: 'lesson-claims' });
  const checkedHead = el('summary', '', 'claim-head');
  const checkedBox = el('details', null, { id: 'lesson-checked', class: 'lesson-checked', 'aria-live': 'polite' });
  checkedBox.append(checkedHead, claims);
  checkedBox.hidden = true;
  // The exercise: a radio group (keyboard: arrow keys) to predict with before Play, and the answer
  // from the runs' own numbers once they finish (announced politely): its summary line is the
  // answer and the verdict, the numbers and the why below it (closed on a narrow screen).
  const quiz = el('fieldset', null, { class: 'lesson-exercise', id: 'lesson-exercise' });
  quiz.hidden = true;
  const answerHead = el('summary', '');
  const answerWhy = el('p', '');
  const answer = el('details', null, { id: 'lesson-answer', class: 'lesson-answer', 'aria-live': 'polite' });
  answer.append(answerHead, answerWhy);
  answer.hidden = true;
  const text = el('div');
  text.append(title, caption, hint, quiz, answer, checkedBox);
  const restart = el('button', 'Start over', { type: 'button', id: 'lesson-restart', class: 'primary' });
  restart.addEventListener('click', () => ctx.intent('restartLesson'));
  const leave = el('button', 'Leave the lesson', { type: 'button', id: 'lesson-leave' });
  leave.addEventListener('click', () => ctx.intent('leaveLesson'));
  const actions = el('div', null, 'lesson-actions');
  actions.append(restart, leave);
  banner.append(text, actions);
  ctx.place(banner);
  const home = { parent: banner.parentNode, next: banner.nextSibling };
  let scrollPending = false;

  /** The focus card of a lesson, when the host shows it. */
  function focusCard(l) {
    const n = ctx.root.querySelector?.(FOCUS_CARD[l.focus] ?? '');
    // The fits picture is a figure inside the race card: the caption goes right above it.
    const card = n?.closest('section, figure') ?? null;
    return card && card.getClientRects().length ? card : null;
  }

  /** Puts the caption above the focus card and scrolls there (the page), or back home (no lesson). */
  function place(l) {
    if (!ctx.options.focus) return false;
    const card = l ? focusCard(l) : null;
    if (!card) {
      if (!l && banner.parentNode !== home.parent && home.parent?.isConnected) home.parent.insertBefore(banner, home.next?.parentNode === home.parent ? home.next : null);
      return false;
    }
    if (card.previousSibling !== banner) card.before(banner);
    banner.classList.add('lesson-at-focus');
    banner.scrollIntoView?.({ block: 'start' });
    return true;
  }

  let shownId = null;
  const group = `lesson-exercise-${Math.random().toString(36).slice(2, 8)}`;

  /** The lesson's question and choices, nothing picked yet. */
  function ask(l) {
    const ex = l.exercise;
    quiz.hidden = !ex;
    unreveal();
    delete claims.dataset.key;
    if (!ex) { quiz.replaceChildren(); return; }
    const items = ex.choices.map((c) => {
      const label = el('label', null, 'lesson-choice');
      const input = el('input', null, { type: 'radio', name: group, value: c.run });
      label.append(input, ` ${c.text}`);
      return label;
    });
    // (Once answered, the legend keeps only the question.)
    const legend = el('legend');
    legend.append(el('span', 'Predict before you press Play: ', 'lesson-predict'), ex.question);
    quiz.replaceChildren(legend, ...items);
  }

  /** No answer shown (the runs have not finished, or the setup is not the lesson's). */
  function unreveal() {
    answer.hidden = true;
    quiz.classList.remove('answered');
    answerHead.textContent = '';
    answerWhy.textContent = '';
    delete answer.dataset.run;
  }

  /** The exercise's answer from the runs' records, against the learner's prediction. */
  function reveal(l, records) {
    const ex = l.exercise;
    if (!ex) return;
    const a = answerExercise(ex, records);
    if (!a.run) { unreveal(); return; }
    const picked = quiz.querySelector('input:checked')?.value ?? null;
    const said = (run) => ex.choices.find((c) => c.run === run)?.text ?? run;
    const verdict = picked === null ? '' : picked === a.run ? ' Your prediction was right.' : ` You predicted ${said(picked)}.`;
    answerHead.textContent = `Answer: ${said(a.run)}.${verdict}`;
    answerWhy.textContent = `${a.text[0].toUpperCase()}${a.text.slice(1)}. Why: ${ex.why}`;
    answer.dataset.run = a.run;
    answer.open = wide();
    answer.hidden = false;
    // (On a phone the answered question keeps only its legend: lessons.css.)
    quiz.classList.add('answered');
  }

  function show(s, opened) {
    const l = s.lesson;
    banner.hidden = !l;
    // A lesson opened from a link comes without "opened": a new lesson id is an opening too.
    if (l && l.id !== shownId) opened = true;
    shownId = l?.id ?? null;
    if (!l) { delete banner.dataset.lesson; place(null); return; }
    banner.dataset.lesson = l.id;
    banner.dataset.focus = l.focus;
    title.textContent = `Lesson: ${l.title}`;
    caption.textContent = l.caption;
    const runs = (l.runs ?? []).length;
    hint.textContent = s.lessonChanged
      ? 'You have changed the setup since the lesson started: "Start over" brings the lesson\'s back.'
      : `Press Play${runs ? `: all ${runs + 1} runs train side by side` : ''}.${ctx.options.linkHint ? ` ${ctx.options.linkHint}` : ''}`;
    if (opened) {
      ask(l);
      if (!place(l) && !ctx.options.focus) banner.scrollIntoView?.({ block: 'nearest' });
      scrollPending = !!ctx.options.focus;
    }
    checked(s);
  }

  /** Once every run has stopped (and the setup is the lesson's), the claims against their numbers. */
  function checked(s) {
    const l = s.lesson;
    const runs = s.race?.runs ?? [];
    const done = l && !s.lessonChanged && runs.length === 1 + (l.runs ?? []).length && runs.every((r) => r.steps > 0 && STOPPED.has(r.status));
    if (!done) {
      if (!checkedBox.hidden) { checkedBox.hidden = true; claims.replaceChildren(); delete banner.dataset.claims; }
      if (!answer.hidden) unreveal();
      delete claims.dataset.key;
      return;
    }
    // (A run's last metrics and fitted curve may arrive after its last step: they count too.)
    const key = runs.map((r) => `${r.name}${r.steps}${r.status}${r.metrics?.steps}${r.prediction?.steps}`).join();
    if (claims.dataset.key === key) return;
    claims.dataset.key = key;
    const records = runs.map(recordOfRun);
    reveal(l, records);
    const results = checkLesson(l, records).filter((r) => r.ok !== null);
    claims.replaceChildren(...results.map((r) => el('li', `${r.ok ? '✓' : '✗'} ${r.text}`, { class: r.ok ? 'claim-ok' : 'claim-failed', 'data-ok': String(r.ok) })));
    const failed = results.filter((r) => !r.ok).length;
    checkedHead.textContent = failed
      ? `\u2717 ${failed} of ${results.length} claims fail${failed === 1 ? 's' : ''} for these runs`
      : `\u2713 ${results.length === 1 ? 'The claim holds' : `All ${results.length} claims hold`} for these runs`;
    // A failed claim is never hidden.
    checkedBox.open = wide() || failed > 0;
    checkedBox.hidden = !results.length;
    banner.dataset.claims = results.map((r) => r.ok).join(' ');
  }

  return {
    update(s, event) {
      if (event.type === 'lesson') show(s, event.opened);
      else if (event.type === 'opened' && s.lesson && scrollPending) {
        // The cards take their size once the session is open: place and scroll after that layout.
        scrollPending = false;
        const l = s.lesson;
        const raf = globalThis.requestAnimationFrame ?? ((f) => setTimeout(f, 16));
        // (The fits figure shows once the data has arrived: try for a few frames.)
        let tries = 30;
        const again = () => { if (ctx.state.lesson === l && !place(l) && --tries > 0) raf(again); };
        raf(() => raf(again));
      }
      else if (event.type === 'race' || event.type === 'status' || event.type === 'frame') { if (s.lesson) checked(s); }
    },
    dispose() { banner.remove(); },
  };
}
