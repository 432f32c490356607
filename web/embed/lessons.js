// Lesson presets for embeds, from web/lessons/lessons.js when that module exists (the lessons are
// written elsewhere). import.meta.glob turns a missing module into an empty map, so the element
// builds and works without lessons. A lesson is read loosely: { id, title?, caption?, spec (object
// or URL hash) | hash, controls?, panels? } from an array or an id-keyed object exported as LESSONS,
// lessons or default, or from a lesson(id)/getLesson(id)/findLesson(id) function.
// Not here: showing a lesson's text (the host page does that around the element).

const modules = import.meta.glob('../lessons/lessons.js');

function pick(list, id) {
  if (Array.isArray(list)) return list.find((l) => l && l.id === id) ?? null;
  if (list && typeof list === 'object' && Object.prototype.hasOwnProperty.call(list, id)) return { id, ...list[id] };
  return null;
}

/** The lesson with this id: { id, title, caption, runs (how many challengers), spec, controls, panels } or null. */
export async function findLesson(id) {
  const load = Object.values(modules)[0];
  if (!load || typeof id !== 'string' || !id) return null;
  let mod;
  try {
    mod = await load();
  } catch {
    return null;
  }
  let l = null;
  for (const f of ['lesson', 'getLesson', 'findLesson']) {
    if (!l && typeof mod[f] === 'function') l = await mod[f](id);
  }
  for (const k of ['LESSONS', 'lessons', 'default']) if (!l) l = pick(mod[k], id);
  if (!l || typeof l !== 'object') return null;
  const list = (v) => (Array.isArray(v) ? v.join(',') : typeof v === 'string' ? v : null);
  return {
    id,
    title: typeof l.title === 'string' ? l.title : id,
    caption: typeof l.caption === 'string' ? l.caption : '',
    runs: Array.isArray(l.runs) ? l.runs.length : 0,
    spec: l.spec ?? l.hash ?? null,
    controls: list(l.controls),
    panels: list(l.panels),
  };
}

/** Whether a lessons module is part of this build. */
export const hasLessons = Object.keys(modules).length > 0;
