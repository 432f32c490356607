// The landscape card. Three cases, from run A's problem: a test function (function mode: the
// function over its view, the start point to drag, minima, gradient and momentum arrows and the
// line search's trials); a 2-parameter model (the exact loss over weight and bias, the view
// following the runs' paths); and any bigger model (a 2-D slice through the current parameters
// along random or PCA directions, computed on demand and cancellable). Surfaces come from the
// engine a few rows at a time (protocol landscape, through the controller); paths from every run
// of the race. The panel module (build, at the end) wires it to the controller.
// Not here: drawing (charts/contour.js) or training.
import { el } from '../../dom.js';
import { ContourPlot, prefersLog } from '../../charts/contour.js';
import { fmt, int } from '../../charts/format.js';
import { boundedPoints, boxAround, valueAt, contains } from './geometry.js';
import { cssVar } from '../../palette.js';
import { polylineLength } from '../../lessons/claims.js';

const RES = { function: 80, exact: 64, slice: 41 };
const ARROW = { g: cssVar('arrow-g'), v: cssVar('arrow-v') };

/** Paths ordered longest first (drawn first, so the shorter ones stay visible on top). */
function byLength(paths) {
  const length = (p) => { const l = polylineLength(p.points); return Number.isFinite(l) ? l : Infinity; };
  return paths.map((p) => ({ p, l: length(p) })).sort((a, b) => (b.l > a.l) - (b.l < a.l)).map((x) => x.p);
}

export class LandscapePanel {
  #ctx;
  #root;
  #plot;
  #els = {};
  #mode = null;          // 'function' | 'exact' | 'slice' | null
  #problem = null;
  #job = null;           // { id, resolution, values, rows, box, axes }
  #surface = null;       // the last complete surface, with its lowest and highest values
  #fallback = '';        // why a slice uses other directions than asked for
  #recheck = 0;          // a timer to look at the view again after a throttled check
  #surfaceKey = '';
  #logChosen = false;
  #vectors = null;
  #slicePath = null;     // the engine's projected path of a slice
  #lastBoxAt = 0;
  #frame = 0;
  #dragging = null;

  /**
   * ctx: { request(job) -> id (a landscape job), cancel(id), race (app/race.js), spec(), registry(),
   *        setStart([x, y]), progress(): run A's last progress, onWatch() (the watch changed) }
   */
  constructor(ctx) {
    this.#ctx = ctx;
    const card = el('section', null, { class: 'card landscape-card', id: 'landscape', 'aria-labelledby': 'landscape-title' });
    const head = el('div', null, { class: 'card-head' });
    this.#els.title = el('h2', 'Loss landscape', { id: 'landscape-title' });
    const tools = el('div', null, { class: 'landscape-tools' });
    const axesLabel = el('label', 'directions', { for: 'landscape-axes' });
    const axes = el('select', null, { id: 'landscape-axes' });
    for (const [v, t] of [['pca', 'top-2 PCA of the path'], ['random', 'random (filter-normalized)']]) { const o = el('option', t); o.value = v; axes.append(o); }
    const compute = el('button', 'Compute slice', { type: 'button', id: 'landscape-compute', class: 'secondary' });
    compute.addEventListener('click', () => this.#requestSlice());
    const cancel = el('button', 'Cancel', { type: 'button', id: 'landscape-cancel' });
    cancel.addEventListener('click', () => this.#cancel());
    const progress = el('progress', null, { class: 'landscape-progress', max: '1', value: '0', 'aria-label': 'Rows computed' });
    const logBox = el('span', null, { class: 'check' });
    const log = el('input', null, { type: 'checkbox', id: 'landscape-log' });
    log.addEventListener('change', () => { this.#logChosen = true; this.#plot.setLog(log.checked); this.#describe(); });
    logBox.append(log, el('label', 'log colour scale', { for: 'landscape-log' }));
    const sliceTools = el('span', null, { class: 'landscape-tools' });
    sliceTools.append(axesLabel, axes, compute, cancel);
    tools.append(sliceTools, progress, logBox);
    head.append(this.#els.title, tools);
    card.append(head);
    this.#els.lead = el('p', '', { class: 'hint' });
    card.append(this.#els.lead);
    const canvas = el('canvas', null, { class: 'landscape-canvas', id: 'landscape-canvas', tabindex: '0', role: 'img', 'aria-label': 'Loss landscape' });
    card.append(canvas);
    this.#els.hover = el('p', '', { class: 'landscape-hover', 'aria-hidden': 'true' });
    this.#els.readout = el('p', '', { class: 'landscape-readout', id: 'landscape-readout', 'aria-live': 'off' });
    this.#els.legend = el('ul', null, { class: 'landscape-legend', 'aria-label': 'Legend of the landscape' });
    this.#els.note = el('p', '', { class: 'hint', id: 'landscape-note' });
    card.append(this.#els.hover, this.#els.readout, this.#els.legend, this.#els.note);
    Object.assign(this.#els, { axes, compute, cancel, progress, log, sliceTools, canvas });
    this.#plot = new ContourPlot(canvas, {
      onStart: (p, o) => this.#onStart(p, o),
      onHover: (h) => { this.#els.hover.textContent = h ? `at (${fmt(h.x)}, ${fmt(h.y)}): ${this.#valueName()} ${fmt(h.value)}` : ''; },
    });
    this.#root = card;
    card.hidden = true;
  }

  get root() { return this.#root; }
  get mode() { return this.#mode; }
  /** What the page's worker should send with progress for this card. */
  get watch() { return { trajectory: this.#mode === 'function' || this.#mode === 'exact', vectors: this.#mode === 'function' || this.#mode === 'exact' }; }

  /** A new session on the page: choose the case and ask for its surface. */
  opened(problem) {
    this.#cancel(true);
    this.#problem = problem;
    this.#vectors = null;
    this.#slicePath = null;
    const mode = !problem ? null : problem.functionMode ? 'function' : problem.numParams === 2 ? 'exact' : 'slice';
    const changedMode = mode !== this.#mode;
    this.#mode = mode;
    this.#root.hidden = !mode;
    this.#root.dataset.mode = mode ?? '';
    delete this.#root.dataset.ready;
    if (changedMode) this.#ctx.onWatch();
    if (!mode) return;
    this.#els.canvas.hidden = false;
    const spec = this.#ctx.spec();
    this.#els.sliceTools.hidden = mode !== 'slice';
    this.#els.canvas.classList.toggle('draggable', mode === 'function');
    this.#els.canvas.setAttribute('aria-roledescription', mode === 'function' ? 'contour plot; arrow keys move the start point' : 'contour plot');
    if (mode === 'function') {
      const f = this.#ctx.registry().functions.find((x) => x.id === problem.function);
      this.#els.title.textContent = `The function: ${f?.label ?? problem.function}`;
      this.#els.lead.textContent = `f(x, y) = ${f?.formula ?? ''}. Drag the white start point (or focus the plot and use the arrow keys); the paths are the optimizers' steps.`;
      this.#plot.setLabels({ x: 'x', y: 'y', value: 'f' });
      const key = JSON.stringify(spec.data);
      const box = this.#functionBox(problem, spec);
      if (key !== this.#surfaceKey || !this.#plot.hasSurface) this.#request({ axes: 'params', resolution: RES.function, box });
      this.#surfaceKey = key;
    } else if (mode === 'exact') {
      const names = problem.featureNames ?? [];
      this.#els.title.textContent = 'Loss landscape';
      this.#els.lead.textContent = 'The exact training loss for every value of the model\'s two parameters; the paths are the runs\' steps (the view follows them).';
      this.#plot.setLabels({ x: names.length === 1 ? `weight w (of ${names[0]})` : 'weight w', y: 'bias b', value: 'loss' });
      this.#surfaceKey = '';
      this.#surface = null;
      this.#plot.clear();
      // The first surface comes with the first path point (the initial parameters).
    } else {
      this.#els.title.textContent = 'Loss landscape (a 2-D slice)';
      this.#els.lead.textContent = `This model has ${int(problem.numParams)} parameters, so the picture is a slice through the current parameters. Compute one at any time (training pauses while it is computed).`;
      this.#plot.setLabels({ x: 'direction 1', y: 'direction 2', value: 'loss' });
      this.#plot.clear();
      this.#surface = null;
      this.#els.canvas.hidden = true;
      this.#surfaceKey = '';
      this.#els.note.textContent = '';
    }
    this.#legend();
    this.update();
  }

  /** The session is gone (invalid spec, another kind of data on the way). */
  closed() {
    this.#cancel(true);
    this.#root.hidden = true;
    this.#mode = null;
  }

  #functionBox(problem, spec) {
    const v = problem.view ?? [-2, 2, -2, 2];
    const pts = [spec.data.start ?? [], ...(problem.minima ?? [])].filter((p) => p.length === 2);
    let [x0, x1, y0, y1] = v;
    for (const [x, y] of pts) {
      const mx = (x1 - x0) * 0.05;
      const my = (y1 - y0) * 0.05;
      if (x < x0 + mx) x0 = x - mx; if (x > x1 - mx) x1 = x + mx;
      if (y < y0 + my) y0 = y - my; if (y > y1 - my) y1 = y + my;
    }
    return [x0, x1, y0, y1];
  }

  // ---- surfaces -----------------------------------------------------------------------------------
  #request({ axes, resolution, box, hold = false }) {
    this.#els.canvas.hidden = false;
    if (this.#job) this.#ctx.cancel(this.#job.id);
    if (this.#mode !== 'exact') this.#surface = null;
    const id = this.#ctx.request({ axes, resolution, ...(box ? { box } : {}), hold });
    this.#job = { id, resolution, values: new Float32Array(resolution * resolution).fill(NaN), rows: 0, box, axes };
    this.#lastBoxAt = performance.now();
    this.#els.progress.hidden = false;
    this.#els.progress.value = 0;
    this.#els.cancel.disabled = false;
    this.#els.compute.disabled = true;
    delete this.#root.dataset.ready;
  }

  #requestSlice() {
    if (this.#mode !== 'slice') return;
    this.#fallback = '';
    this.#slicePath = null;
    this.#request({ axes: this.#els.axes.value, resolution: RES.slice, hold: true });
  }

  #cancel(quiet = false) {
    if (this.#job) this.#ctx.cancel(this.#job.id);
    this.#job = null;
    this.#els.progress.hidden = true;
    this.#els.cancel.disabled = true;
    this.#els.compute.disabled = false;
    if (!quiet && this.#mode === 'slice') this.#els.note.textContent = 'Cancelled.';
  }

  /** A landscape message from the page's worker. */
  onLandscape(m) {
    const j = this.#job;
    if (!j || m.id !== j.id) return;
    if (!m.ok) {
      this.#job = null;
      this.#els.progress.hidden = true;
      this.#els.compute.disabled = false;
      this.#els.note.textContent = `The landscape could not be computed: ${m.error}`;
      return;
    }
    // Workaround: the engine's PCA breaks once it has thinned its parameter snapshots (a
    // self-move in Session::record_snapshot empties the first one): fall back to random directions.
    if (m.axes === 'pca' && /NaN/.test(m.note ?? '')) {
      this.#request({ axes: 'random', resolution: j.resolution, hold: true });
      this.#fallback = 'The PCA directions could not be computed for this trajectory, so the slice uses random directions instead.';
      return;
    }
    j.values.set(m.values, m.rowBegin * j.resolution);
    j.rows = m.rowEnd;
    j.x = m.x;
    j.y = m.y;
    this.#els.progress.value = j.rows / j.resolution;
    const surface = { values: j.values, resolution: j.resolution, x: m.x, y: m.y, rows: j.rows };
    if (m.done) {
      this.#job = null;
      this.#els.progress.hidden = true;
      this.#els.cancel.disabled = true;
      this.#els.compute.disabled = false;
      if (!this.#logChosen) {
        const log = prefersLog(j.values);
        this.#els.log.checked = log;
        this.#plot.setLog(log);
      }
      this.#markMinimum(surface);
      this.#surface = { ...surface, lo: Number(this.#root.dataset.minValue), hi: Math.max(...j.values.filter(Number.isFinite)) };
      this.#root.dataset.ready = 'true';
      this.#root.dataset.box = JSON.stringify([m.x[0], m.x[1], m.y[0], m.y[1]]);
      if (this.#mode === 'slice') {
        this.#slicePath = m.path;
        this.#els.note.textContent = `${this.#fallback ? `${this.#fallback} ` : ''}${m.note ? `The engine's note: ${m.note}.` : ''} Computed at step ${int(m.steps)}; the line is the path so far, projected onto the slice.`;
      } else if (m.note) {
        this.#els.note.textContent = `The engine's note: ${m.note}${/[.!?]$/.test(m.note) ? '' : '.'}`;
      }
    }
    this.#plot.setSurface(surface);
    this.#draw();
  }

  #markMinimum(s) {
    let best = Infinity;
    let bi = 0;
    for (let k = 0; k < s.values.length; k++) if (s.values[k] < best) { best = s.values[k]; bi = k; }
    const n = s.resolution;
    const i = bi % n;
    const j = Math.floor(bi / n);
    this.#root.dataset.minX = String(s.x[0] + (i * (s.x[1] - s.x[0])) / (n - 1));
    this.#root.dataset.minY = String(s.y[0] + (j * (s.y[1] - s.y[0])) / (n - 1));
    this.#root.dataset.minValue = String(best);
    this.#root.dataset.cell = String(Math.max((s.x[1] - s.x[0]) / (n - 1), (s.y[1] - s.y[0]) / (n - 1)));
  }

  // ---- live: paths, arrows, readout ---------------------------------------------------------------
  /** The engine sent vectors with run A's progress (params, gradient, velocity, trials, metrics). */
  setVectors(v) { this.#vectors = v; }

  /** The theme changed: the plot draws again in its colours. */
  restyle() { this.#plot.restyle(); }

  /** Something moved: redraw at the next frame. */
  update() {
    if (this.#frame || !this.#mode) return;
    this.#frame = requestAnimationFrame(() => { this.#frame = 0; this.#draw(); });
  }

  #runs() { return this.#ctx.race.runs; }

  #draw() {
    if (!this.#mode) return;
    const runs = this.#runs();
    const spec = this.#ctx.spec();
    if (this.#mode === 'slice') {
      this.#plot.setPaths(this.#slicePath ? [{ points: this.#slicePath, color: runs[0].color, dash: [], width: 2 }] : []);
      this.#plot.setMarks({ start: this.#slicePath ? [this.#slicePath[0], this.#slicePath[1]] : null, draggable: false, minima: [], trials: [], arrows: [] });
      this.#describe();
      return;
    }
    // Paths of every run whose model has two parameters too (function mode: every run).
    const paths = runs.filter((r) => r.path.points.length >= 2).map((r) => ({ points: r.path.points, color: r.color, dash: r.dash, width: r.index === 0 ? 2.4 : 2 }));
    const a = runs[0];
    // The view follows the runs that have not diverged (a diverged run just leaves the picture).
    const steady = runs.filter((r) => r.path.points.length >= 2 && r.status !== 'diverged').map((r) => r.path.points);
    if (this.#mode === 'exact') this.#followPaths(steady);
    else this.#widenView(steady);
    // Longest path first, shortest on top: wide swings (a too-large learning rate) would otherwise
    // hide a short, careful path beneath them.
    this.#plot.setPaths(this.#plot.hasSurface ? byLength(paths) : []);
    const pts = a.path.points;
    if (pts.length >= 2) {
      this.#root.dataset.pathPoints = String(pts.length / 2);
      this.#root.dataset.pathEndX = String(pts[pts.length - 2]);
      this.#root.dataset.pathEndY = String(pts[pts.length - 1]);
      this.#root.dataset.pathStartX = String(pts[0]);
      this.#root.dataset.pathStartY = String(pts[1]);
    }
    for (const r of runs) this.#root.dataset[`path${r.name}`] = r.path.points.length >= 2 ? JSON.stringify([r.path.points[r.path.points.length - 2], r.path.points[r.path.points.length - 1]]) : '';
    const marks = { arrows: [], trials: [], minima: [], draggable: this.#mode === 'function' };
    marks.start = this.#dragging ?? (this.#mode === 'function' ? spec.data.start : pts.length >= 2 ? [pts[0], pts[1]] : null);
    if (this.#mode === 'function') marks.minima = this.#minima();
    Object.assign(marks, this.#arrows(a));
    this.#root.dataset.trials = String(marks.trials.length);
    this.#root.dataset.arrows = marks.arrows.map((x) => x.label).join(' ');
    this.#plot.setMarks(marks);
    this.#readout(a);
    this.#describe();
  }

  /** Exact surfaces: the view follows the runs (a new surface when a path leaves it or settles small). */
  #followPaths(paths) {
    const pts = boundedPoints(paths);
    if (pts.length < 2) return;
    const want = boxAround(pts, 0.5);
    const cur = this.#job?.box ?? (this.#plot.box ? [...this.#plot.box.x, ...this.#plot.box.y] : null);
    const now = performance.now();
    if (!cur) { this.#request({ axes: 'params', resolution: RES.exact, box: want }); return; }
    if (this.#throttled(now)) return;
    const outside = !contains(cur, pts);
    const w = want[1] - want[0];
    // Zoom in when the paths have settled into a small part of the view (not too eagerly).
    const tooBig = (cur[1] - cur[0]) > 4 * w;
    const settled = now - this.#lastBoxAt > 1500;
    if (outside || (tooBig && settled)) this.#request({ axes: 'params', resolution: RES.exact, box: want });
    else if (tooBig && !this.#recheck) this.#recheck = setTimeout(() => { this.#recheck = 0; this.update(); }, 1520 - (now - this.#lastBoxAt));
  }

  /** At most one new view every 400 ms; a throttled check comes back by itself (the run may have stopped). */
  #throttled(now) {
    const wait = 400 - (now - this.#lastBoxAt);
    if (wait <= 0) return false;
    if (!this.#recheck) this.#recheck = setTimeout(() => { this.#recheck = 0; this.update(); }, wait + 20);
    return true;
  }

  /** Function mode: the registry's view, widened when a path leaves it (never narrower). */
  #widenView(paths) {
    if (this.#job || !this.#plot.box || this.#throttled(performance.now())) return;
    const b = this.#plot.box;
    const pts = boundedPoints(paths, 2 * Math.hypot(b.x[1] - b.x[0], b.y[1] - b.y[0]));
    const cur = [b.x[0], b.x[1], b.y[0], b.y[1]];
    if (pts.length < 2 || contains(cur, pts, 0)) return;
    const want = boxAround(pts, 0.5);
    // At most five times the function's own view in each direction.
    const v = this.#problem?.view ?? cur;
    const cx = (v[0] + v[1]) / 2;
    const cy = (v[2] + v[3]) / 2;
    const hx = 2.5 * (v[1] - v[0]);
    const hy = 2.5 * (v[3] - v[2]);
    const box = [Math.max(cx - hx, Math.min(cur[0], want[0])), Math.min(cx + hx, Math.max(cur[1], want[1])), Math.max(cy - hy, Math.min(cur[2], want[2])), Math.min(cy + hy, Math.max(cur[3], want[3]))];
    if (box.every((x, i) => Math.abs(x - cur[i]) < 1e-9 * (1 + Math.abs(x)))) return;
    this.#request({ axes: 'params', resolution: RES.function, box });
  }

  #minima() {
    const list = this.#problem?.minima ?? [];
    const s = this.#surface;
    if (!s) return [];
    // A listed point the surface goes well below is a stationary point (a saddle), not a minimum.
    return list.map(([x, y]) => {
      const f = valueAt(s, x, y);
      const stationary = Number.isFinite(f) && s.lo < f - 0.02 * (s.hi - s.lo);
      return { x, y, stationary, label: stationary ? 'saddle point' : list.length > 1 ? '' : 'minimum' };
    });
  }

  /** −g and momentum arrows at the last step's start, and the line search's trial points. */
  #arrows(a) {
    const v = this.#vectors;
    const pts = a.path.points;
    if (!v || !v.steps || pts.length < 4 || a.path.stride !== 1 || !this.#plot.box) return { arrows: [], trials: [] };
    const n = pts.length / 2;
    if (n - 1 !== v.steps) return { arrows: [], trials: [] };
    const from = [pts[2 * n - 4], pts[2 * n - 3]];
    const g = v.gradient;
    const vel = v.velocity?.length === 2 ? v.velocity : null;
    const b = this.#plot.box;
    const diag = Math.hypot(b.x[1] - b.x[0], b.y[1] - b.y[0]);
    const gn = Math.hypot(g[0], g[1]);
    const vn = vel ? Math.hypot(vel[0], vel[1]) : 0;
    // Drawn to scale: the first step's |g| (run A) is 16% of the view's diagonal, so the arrow
    // shrinks as the gradient does (a vanishing gradient is a vanishing arrow; the readout has |g|).
    const ref = Math.max(a.history.gradNorm[0] || 0, gn, vn, 1e-30);
    const k = (0.16 * diag) / ref;
    const arrows = [];
    this.#root.dataset.arrowScale = String(gn / ref);   // the −g arrow's length as a share of the longest (tests)
    if (gn > 0) arrows.push({ from, to: [from[0] - k * g[0], from[1] - k * g[1]], color: ARROW.g, label: '−g', side: vel ? -1 : 0 });
    const spec = this.#ctx.spec();
    const vName = ['adam', 'adamw', 'amsgrad', 'adamax', 'nadam'].includes(spec.optimizer.kind) ? '−m' : '−v';
    if (vel && vn > 0) arrows.push({ from, to: [from[0] - k * vel[0], from[1] - k * vel[1]], color: ARROW.v, label: vName, side: 1 });
    const trials = (v.trials ?? []).map((t, i, all) => ({ x: from[0] - t.a * g[0], y: from[1] - t.a * g[1], accepted: i === all.length - 1 }));
    return { arrows, trials };
  }

  #valueName() { return this.#mode === 'function' ? 'f' : 'loss'; }

  #readout(a) {
    const v = this.#vectors;
    const pr = this.#ctx.progress();
    const parts = [`step ${int(a.steps)}`];
    const pts = a.path.points;
    if (this.#dragging) {
      parts.push(`start (${fmt(this.#dragging[0])}, ${fmt(this.#dragging[1])}): release to start there`);
    } else {
      if (this.#mode === 'function' && v?.metrics && Number.isFinite(v.metrics.value)) {
        parts.push(`f = ${fmt(v.metrics.value)}`, `‖g‖ = ${fmt(v.metrics.grad_norm)}`);
        this.#root.dataset.f = String(v.metrics.value);
      } else if (a.history.length) {
        parts.push(`${this.#valueName()} = ${fmt(a.history.loss[a.history.length - 1])}`, `‖g‖ = ${fmt(a.history.gradNorm[a.history.length - 1])}`);
      }
      const trials = v?.trials ?? [];
      if (trials.length) parts.push(`step length ${fmt(trials[trials.length - 1].a)} (${trials.length} trial${trials.length > 1 ? 's' : ''})`);
      else if (pr && Number.isFinite(pr.lr)) parts.push(`lr = ${fmt(pr.lr)}`);
      if (pts.length >= 2) parts.push(`${this.#mode === 'function' ? '(x, y)' : '(w, b)'} = (${fmt(pts[pts.length - 2])}, ${fmt(pts[pts.length - 1])})`);
    }
    this.#els.readout.textContent = parts.join(' · ');
  }

  #legend() {
    const items = [];
    const add = (mark, cls, text) => { const li = el('li'); li.append(el('span', mark, { class: `legend-mark ${cls}`, 'aria-hidden': 'true' }), el('span', text)); items.push(li); };
    if (this.#mode === 'function') {
      add('○', 'start', 'start (drag it)');
      add('×', 'min', 'minimum');
      add('+', 'stationary', 'stationary point that is not a minimum');
    }
    if (this.#mode === 'function' || this.#mode === 'exact') {
      const spec = this.#ctx.spec();
      const kind = spec.optimizer.kind;
      add('→', 'arrow-g', '−g: downhill, at the start of the last step (run A); its length is to scale, |g| at the first step being the longest');
      if (['momentum', 'nesterov'].includes(kind)) add('→', 'arrow-v', '−v: the velocity, the direction momentum moves in');
      if (['adam', 'adamw', 'amsgrad', 'adamax', 'nadam'].includes(kind)) add('→', 'arrow-v', '−m: the first moment (the averaged gradient)');
      if (spec.training.line_search) add('', 'trial', 'the line search\'s trial points of the last step (filled: accepted)');
    }
    this.#els.legend.replaceChildren(...items);
  }

  #describe() {
    const runs = this.#runs();
    const b = this.#plot.box;
    if (!b) { this.#els.canvas.setAttribute('aria-label', 'Loss landscape: computing'); return; }
    const a = runs[0];
    const pts = a.path.points;
    const at = pts.length >= 2 ? `; run A is at (${fmt(pts[pts.length - 2])}, ${fmt(pts[pts.length - 1])})` : '';
    this.#els.canvas.setAttribute('aria-label', `${this.#els.title.textContent}: contours over x from ${fmt(b.x[0])} to ${fmt(b.x[1])} and y from ${fmt(b.y[0])} to ${fmt(b.y[1])}${this.#plot.log ? ', log colour scale' : ''}; lowest value ${fmt(Number(this.#root.dataset.minValue))} near (${fmt(Number(this.#root.dataset.minX))}, ${fmt(Number(this.#root.dataset.minY))})${at}`);
  }

  #onStart(p, { final }) {
    if (this.#mode !== 'function') return;
    const round = (v) => Number(v.toPrecision(4));
    if (!final) { this.#dragging = p; this.#draw(); return; }
    this.#dragging = null;
    this.#ctx.setStart([round(p[0]), round(p[1])]);
  }
}

/** The landscape card as a panel. */
export function build(ctx) {
  const { intent } = ctx;
  const panel = new LandscapePanel({
    request: (job) => intent('landscape', job), cancel: (id) => intent('cancelLandscape', id),
    race: ctx.state.race, spec: () => ctx.state.spec, registry: () => ctx.state.registry, progress: () => ctx.state.progress,
    setStart: (p) => { const next = structuredClone(ctx.state.spec); next.data.start = p; intent('apply', next); },
    onWatch: () => intent('watch', 'landscape', panel.watch),
  });
  ctx.place(panel.root);
  return {
    update(s, event) {
      switch (event.type) {
        case 'opened':
          panel.opened(s.problem);
          intent('watch', 'landscape', panel.watch);
          if (s.watched?.vectors) panel.setVectors(s.watched.vectors);
          break;
        case 'invalid':
          panel.closed();
          break;
        case 'progress':
          if (event.message?.watched?.vectors) panel.setVectors(event.message.watched.vectors);
          panel.update();
          break;
        case 'race':
          panel.update();
          break;
        case 'landscape':
          panel.onLandscape(event.message);
          break;
        case 'theme':
          panel.restyle();
          break;
        default:
      }
    },
    dispose() { panel.closed(); panel.root.remove(); intent('watch', 'landscape', null); },
  };
}
