// The page's comparison and insight features, wired to main.js through a few hooks: the race
// (race/), the loss landscape and function mode (landscape/, function/), "explain this step"
// and the learning-rate finder (views/), and the lessons (lessons/). Also the page's own part of
// the link: "run=" (one per added run) and "lesson=<id>" next to the spec's fields; a link that is
// only "#lesson=<id>" opens that lesson. Not here: the spec's rules (state.js) or training.
import './race/race.css';
import { hashToSpec, specToHash, normalizeSpec, sameSpec } from './state.js';
import { Race } from './race/race.js';
import { RacePanel } from './race/panel.js';
import { readRuns, patchToText, runSpec, settle } from './race/runs.js';
import { LandscapePanel } from './landscape/panel.js';
import { FunctionPanel, functionSpec, leaveFunction } from './function/panel.js';
import { ExplainPanel } from './views/explain.js';
import { LrFinderPanel } from './views/lrfinder.js';
import { LessonsPanel } from './lessons/panel.js';
import { lesson as findLesson } from './lessons/lessons.js';
import { splitHash } from './linkextras.js';

/** The link's state beyond the spec, as last read or set: { runs: [patch], lesson: id | null }. */
const link = { runs: [], lesson: null };
let instance = null;

/**
 * A link -> { spec, issues } like hashToSpec, also reading the race (run=) and the lesson
 * (lesson=). "#lesson=<id>" alone expands to the lesson's spec and runs.
 */
export function readLink(hash, registry, options = {}) {
  const { specHash, extras } = splitHash(hash);
  let id = null;
  try { id = extras.lesson.length ? decodeURIComponent(extras.lesson[extras.lesson.length - 1]) : null; } catch { id = null; }
  const lesson = id ? findLesson(id) : null;
  const issues = [];
  if (id && !lesson) issues.push({ path: 'lesson', message: `there is no lesson "${id.slice(0, 40)}"; the rest of the link is used` });
  let r;
  let runs;
  if (lesson && !specHash) {
    r = normalizeSpec(lesson.spec, registry, options);
    runs = (lesson.runs ?? []).map((p) => settle(p, runSpec(r.spec, p, registry).spec));
  } else {
    r = hashToSpec(specHash, registry, options);
    const rr = readRuns(extras.run, r.spec, registry);
    runs = rr.runs;
    issues.push(...rr.issues);
  }
  link.runs = runs;
  link.lesson = lesson ? lesson.id : null;
  instance?.linkRead();
  return { spec: r.spec, issues: [...issues, ...r.issues] };
}

/** The link of a spec with the page's extras (the race's runs, the lesson). */
export function writeLink(spec) {
  const runs = instance ? instance.patches() : link.runs;
  const parts = [specToHash(spec)];
  for (const p of runs) parts.push(`run=${patchToText(p)}`);
  if (link.lesson) parts.push(`lesson=${encodeURIComponent(link.lesson)}`);
  return parts.join('&');
}

/**
 * Builds the cards and returns the hooks main.js calls.
 * ctx: { app (main.js's state), registry, send(type, fields), commit(spec, options), apply(spec)
 *        (normalize + notice + commit), change(path, value), reset(), showNotice(title, issues), embed }
 */
export function setupFeatures(ctx) {
  const $ = (id) => document.getElementById(id);
  const app = ctx.app;
  const registry = () => ctx.registry;
  const output = $('output');
  const plotCard = output.querySelector('.plot-card');
  const chartsCard = output.querySelector('.charts');

  const race = new Race(ctx.registry, { onUpdate: (_, what) => { racePanel?.update(what); landscape?.update(); } });
  const racePanel = new RacePanel(output, race, {
    registry, spec: () => app.spec, problem: () => app.problem, data: () => app.data,
    setPatches: (patches) => setPatches(patches),
    fitsBox,
  }, { before: chartsCard?.nextElementSibling ?? null });
  const landscape = new LandscapePanel(output, {
    send: ctx.send, race, spec: () => app.spec, registry, progress: () => app.progress,
    setStart: (p) => { const next = structuredClone(app.spec); next.data.start = p; ctx.apply(next); },
    onWatch: () => syncWatch(),
  }, { after: plotCard });
  const explain = new ExplainPanel(output, { registry, spec: () => app.spec, problem: () => app.problem, onWatch: () => syncWatch() }, { after: racePanel.root });
  const lrFinder = new LrFinderPanel(output, {
    send: ctx.send, spec: () => app.spec, ready: () => app.opened,
    applyLr: (lr) => ctx.change('optimizer.lr', lr),
  }, { after: explain.root });
  const fnPanel = new FunctionPanel($('inline-panel'), { registry, spec: () => app.spec, apply: (s) => ctx.apply(s) });
  const lessons = ctx.embed ? null : new LessonsPanel(document.querySelector('.top-actions') ?? document.querySelector('.top'), document.querySelector('.notices'), {
    open: (id) => openLesson(id), restart: () => link.lesson && openLesson(link.lesson), leave: () => leaveLesson(),
  });
  explain.root.hidden = true;

  // ---- what the page's worker sends with progress -----------------------------------------------
  let watchKey = '';
  function syncWatch() {
    const w = { ...landscape.watch, explain: explain.root.hidden ? -1 : explain.index };
    const key = JSON.stringify(w);
    if (key !== watchKey) { watchKey = key; ctx.send('watch', w); }
    race.setWatch({ trajectory: w.trajectory, views: racePanel.wantsFits });
  }

  // ---- the race -----------------------------------------------------------------------------------
  function syncUrl(push) {
    if (!app.spec) return;
    const hash = writeLink(app.spec);
    if (location.hash !== hash) window.history[push && !ctx.embed ? 'pushState' : 'replaceState'](null, '', hash);
  }

  /**
   * New challengers (the card, a lesson, the link): restart every run so they race from the same
   * start. url: 'push' | 'replace' | false (the link itself was just read: leave it alone).
   */
  function setPatches(patches, { url = 'push', restart = true } = {}) {
    if (!race.setPatches(patches)) return;
    link.runs = race.patches;
    if (url) syncUrl(url === 'push');
    syncWatch();
    if (restart && app.opened) {
      race.restartChallengers();
      ctx.reset();
    }
    lessonChanged();
  }

  /** The box of the fits picture: the page's data view for curves, the prediction grid for boundaries. */
  function fitsBox(kind, data, pred) {
    const pad = (lo, hi, f) => { const d = (hi - lo) * f || 1; return [lo - d, hi + d]; };
    const range = (a, step = 1, off = 0) => { let lo = Infinity; let hi = -Infinity; for (let i = off; i < a.length; i += step) { lo = Math.min(lo, a[i]); hi = Math.max(hi, a[i]); } return [lo, hi]; };
    if (!data?.trainY?.length) return null;
    if (kind === 'curve') {
      const x = pred?.kind === 'curve' ? [pred.result.x[0], pred.result.x[pred.result.x.length - 1]] : pad(...range(data.trainX), 0.05);
      return { x, y: pad(...range(data.trainY), 0.12) };
    }
    if (pred?.kind === 'grid') return { x: pred.result.xRange, y: pred.result.yRange };
    return { x: pad(...range(data.trainX, 2, 0), 0.08), y: pad(...range(data.trainX, 2, 1), 0.08) };
  }

  // ---- lessons ------------------------------------------------------------------------------------
  function openLesson(id) {
    const l = findLesson(id);
    if (!l) return;
    const { spec, issues } = normalizeSpec(l.spec, ctx.registry);
    if (issues.length) ctx.showNotice('The lesson had to be adjusted:', issues);
    link.lesson = l.id;
    race.setPatches((l.runs ?? []).map((p) => settle(p, runSpec(spec, p, ctx.registry).spec)));
    link.runs = race.patches;
    racePanel.setSeries(l.series ?? 'loss');
    seriesFor = l.id;
    app.wantPlay = false;
    app.tab = spec.data.source;
    const same = sameSpec(spec, app.spec);
    ctx.commit(spec, { autoplay: false });
    if (same && app.opened) { race.restartChallengers(); ctx.reset(); }
    syncUrl(true);
    syncWatch();
    lessons?.show(l);
    document.getElementById('lesson-banner')?.scrollIntoView?.({ block: 'nearest' });
  }

  /** A lesson read from the link shows its chosen series in the race chart (once per lesson). */
  let seriesFor = null;
  function showLessonSeries() {
    if (!link.lesson || link.lesson === seriesFor) return;
    seriesFor = link.lesson;
    racePanel.setSeries(findLesson(link.lesson)?.series ?? 'loss');
  }

  function leaveLesson() {
    link.lesson = null;
    lessons?.show(null);
    syncUrl(false);
  }

  function lessonChanged() {
    if (!lessons) return;
    const l = link.lesson ? findLesson(link.lesson) : null;
    if (!l) { lessons.show(null); return; }
    const { spec } = normalizeSpec(l.spec, ctx.registry);
    const runs = (l.runs ?? []).map((p) => settle(p, runSpec(spec, p, ctx.registry).spec));
    const changed = !sameSpec(spec, app.spec) || JSON.stringify(runs) !== JSON.stringify(race.patches);
    lessons.show(l, { changed });
  }

  // ---- hooks for main.js --------------------------------------------------------------------------
  const hooks = {
    patches: () => race.patches,

    /** The link was read again (start, back/forward): take its runs and lesson. */
    linkRead() {
      setPatches(link.runs, { url: false, restart: true });
      showLessonSeries();
      lessonChanged();
    },

    /** Every message main.js sends its worker. */
    mirror(m) { race.mirror(m); },

    /** Test hook (?test-hooks=1): a fault in race run `index`'s worker. */
    raceFault(index, kind) { race.testFault(index, kind); },

    /** Every message from the page's worker, after main.js has handled it. */
    observe(m) {
      if (m.token !== undefined && m.token !== app.token && m.type !== 'csv') return;
      race.observe(m);
      if (m.type === 'opened') {
        landscape.opened(m.problem);
        explain.opened();
        lrFinder.opened();
        syncWatch();
        const w = m.progress.watched;
        if (w) { landscape.setVectors(w.vectors ?? null); explain.show(w.explain ?? null); }
        racePanel.update('opened');
      } else if (m.type === 'progress') {
        const w = m.watched;
        if (w?.vectors) landscape.setVectors(w.vectors);
        if (w && 'explain' in w) explain.show(w.explain);
        landscape.update();
      } else if (m.type === 'invalid') {
        landscape.closed();
        explain.root.hidden = true;
      }
    },

    /** landscape / lrFinder replies (main.js's onMessage hands them over). */
    onMessage(m) {
      if (m.type === 'landscape') landscape.onLandscape(m);
      else if (m.type === 'lrFinder') lrFinder.onResult(m);
    },

    /** After main.js rendered its controls: function mode's panel and which cards show. */
    render(spec, tab) {
      if (!spec) return;
      race.setBase(spec);
      racePanel.update('runs');
      fnPanel.render(tab === 'function' ? spec : null);
      const fn = spec.data.source === 'function';
      const hide = (e, h) => { if (e) e.hidden = h; };
      hide(plotCard, fn);
      hide(output.querySelector('section[aria-labelledby=metrics-title]'), fn);
      for (const id of ['model-title', 'loss-title', 'training-title']) hide(document.querySelector(`section[aria-labelledby=${id}]`), fn);
      const pre = $('preprocess');
      hide(pre, fn);
      hide(pre?.previousElementSibling?.tagName === 'H3' ? pre.previousElementSibling : null, fn);
      lessonChanged();
    },

    /** A data-source tab was chosen; true when handled here (function mode in or out). */
    switchSource(tab) {
      const inFn = app.spec?.data.source === 'function';
      if (tab === 'function') {
        app.tab = 'function';
        if (!inFn) ctx.apply(functionSpec(app.spec, ctx.registry));
        else ctx.render();
        return true;
      }
      // Leaving function mode: the next data starts without function-only training fields.
      if (inFn) app.spec = leaveFunction(app.spec);
      return false;
    },
  };
  instance = hooks;
  // The link read before the cards existed (start()): apply its runs now.
  race.setPatches(link.runs);
  syncWatch();
  showLessonSeries();
  if (link.lesson) lessonChanged();
  return hooks;
}
