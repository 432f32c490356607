// The page's own part of the link, next to the spec's fields: "run=<patch>" once per added run of a
// race (race/runs.js) and "lesson=<id>". Pure functions, no DOM: Node tests use them as they are.
// Not here: the spec's fields (state.js) or what the page does with the extras (features.js).

export const EXTRA_KEYS = Object.freeze(['run', 'lesson']);

/** Splits a hash into the spec's part ("#..." or "") and the extras ({ run: [...], lesson: [...] }, raw text). */
export function splitHash(hash) {
  const text = String(hash ?? '').replace(/^#/, '');
  const keep = [];
  const extras = { run: [], lesson: [] };
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    if (EXTRA_KEYS.includes(key)) extras[key].push(eq < 0 ? '' : pair.slice(eq + 1));
    else keep.push(pair);
  }
  return { specHash: keep.length ? `#${keep.join('&')}` : '', extras };
}
