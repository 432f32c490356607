// The data card, "What the model sees": the rows and what the model predicts over them
// (charts/dataplot.js), its legend, the engine's notes on the data, and adding points by clicking
// or tapping the plot (only with the "points" control in ctx.options.controls), and with more than
// two features the choice of the two plotted ones (the others held at their training means, which
// the note lists). Hidden in function mode, where the landscape panel draws the function instead.
// Not here: the drawing itself (charts/dataplot.js) or what a new point does to the spec (the controller).
import { el } from '../../dom.js';
import { DataPlot } from '../../charts/dataplot.js';
import { markerSwatch } from '../../palette.js';
import { LIMITS } from '../../state.js';
import { short } from '../../charts/format.js';

/** Features offered in the axis menus (a wide file's others are reachable through a spec's data.features). */
const AXIS_CHOICES = 200;
/** Held features the note names one by one. */
const HELD_LISTED = 8;

export function build(ctx) {
  const { intent } = ctx;
  const card = el('section', null, { class: 'card plot-card', 'aria-labelledby': 'plot-title' });
  const head = el('div', null, 'card-head');
  const addLabel = el('span', 'Click to add:', { id: 'add-points-label' });
  const addClass = el('div', null, { id: 'add-class', class: 'segmented small', role: 'radiogroup', 'aria-labelledby': 'add-points-label' });
  const add = el('div', null, { id: 'add-points', class: 'add-points', 'data-control': 'points' });
  add.append(addLabel, addClass);
  add.hidden = true;
  head.append(el('h2', 'What the model sees', { id: 'plot-title' }), add);
  const canvas = el('canvas', null, { id: 'data-plot', class: 'data-plot', tabindex: 0, role: 'img', 'aria-label': 'Loading the data' });
  const legend = el('ul', null, { id: 'data-legend', class: 'legend', 'aria-label': 'Legend' });
  const notes = el('p', '', { id: 'problem-notes', class: 'hint' });
  const axesBox = el('div', null, { id: 'plot-axes', class: 'plot-axes' });
  const axisX = el('select', null, { id: 'plot-x' });
  const axisY = el('select', null, { id: 'plot-y' });
  const held = el('p', '', { id: 'plot-held', class: 'hint' });
  axesBox.append(el('label', 'Across:', { for: 'plot-x' }), axisX, el('label', 'Up:', { for: 'plot-y' }), axisY, held);
  axesBox.hidden = true;
  card.append(head, canvas, axesBox, legend, notes);
  ctx.place(card);

  const points = () => ctx.options.controls?.has('points') ?? true;
  const plot = new DataPlot(canvas, legend, { onAdd: (p) => { if (points()) intent('addPoint', p); } });
  let chosen = 0;
  let names = [];

  /** Two features of a wide problem to plot: menus when the picture is a slice (plot.axes). */
  function renderAxes() {
    const axes = plot.axes;
    axesBox.hidden = !axes;
    held.textContent = '';
    if (!axes) return;
    for (const [select, pick] of [[axisX, axes[0]], [axisY, axes[1]]]) {
      const n = Math.min(names.length, AXIS_CHOICES);
      select.replaceChildren(...names.slice(0, n).map((name, k) => el('option', name, { value: String(k) })));
      if (pick >= n) select.append(el('option', names[pick], { value: String(pick) }));
      select.value = String(pick);
    }
  }

  function chooseAxes(changed) {
    let a = Number(axisX.value);
    let b = Number(axisY.value);
    // The same feature twice: the other menu takes the feature the changed one left.
    if (a === b) { const was = plot.axes; if (changed === axisX) b = was[0]; else a = was[1]; }
    intent('view', plot.setAxes([a, b]));
    renderAxes();
  }
  axisX.addEventListener('change', () => chooseAxes(axisX));
  axisY.addEventListener('change', () => chooseAxes(axisY));

  /** The note under a slice: what the other features are held at (the worker's training means). */
  function renderHeld(result) {
    const axes = plot.axes;
    if (!axes || !Array.isArray(result.held) || result.axes?.[0] !== axes[0] || result.axes?.[1] !== axes[1]) return;
    const others = result.held.map((v, k) => [k, v]).filter(([k]) => k !== axes[0] && k !== axes[1]);
    const listed = others.slice(0, HELD_LISTED).map(([k, v]) => `${names[k] ?? `x${k + 1}`} = ${short(v)}`).join(', ');
    const more = others.length > HELD_LISTED ? ` and ${others.length - HELD_LISTED} more` : '';
    held.textContent = `The regions are a slice: the other features are held at their training means (${listed}${more}); the rows are drawn at their own values.`;
  }

  function renderAddPoints(s) {
    const allowed = points() && plot.addable && !!s.problem;
    add.hidden = !allowed;
    if (!allowed) return;
    const pr = s.problem;
    if (pr.task === 'regression') {
      addLabel.textContent = 'Click or tap the plot (or focus it and press Enter) to add a point';
      addClass.replaceChildren();
      return;
    }
    addLabel.textContent = 'Click or tap the plot to add a point of class:';
    const n = Math.min(LIMITS.inlineClasses, pr.classes);
    chosen = Math.min(chosen, n - 1);
    const items = [];
    for (let k = 0; k < n; k++) {
      const id = `add-class-${k}`;
      const input = el('input', null, { type: 'radio', name: 'add-class', id });
      input.checked = k === chosen;
      input.addEventListener('change', () => { chosen = k; plot.addClass = k; });
      const label = el('label', null, { for: id });
      label.append(markerSwatch(k, 12), el('span', pr.classNames[k] ?? String(k)));
      items.push(input, label);
    }
    addClass.replaceChildren(...items);
    plot.addClass = chosen;
  }

  function opened(s) {
    const pr = s.problem;
    card.hidden = !!pr.functionMode;
    notes.textContent = pr.notes.join(' ');
    if (pr.functionMode) { axesBox.hidden = true; intent('view', null); return; }
    // The same features stay plotted while the features are the same (a new seed, a reset).
    const keep = names.length === pr.featureNames.length && names.every((n, k) => n === pr.featureNames[k]) ? plot.axes : null;
    names = pr.featureNames;
    const view = plot.setScene({
      inputs: pr.inputs, task: pr.task, classes: pr.classes, classNames: pr.classNames, output: pr.output,
      featureNames: pr.featureNames, targetName: pr.targetNames[0],
      train: { x: s.data.trainX, y: s.data.trainY }, validation: { x: s.data.validationX, y: s.data.validationY },
      addable: s.spec.data.source !== 'csv', axes: keep,
    });
    intent('view', view);
    renderAxes();
    renderAddPoints(s);
  }

  return {
    update(s, event) {
      switch (event.type) {
        case 'spec':
          card.hidden = s.spec.data.source === 'function';
          break;
        case 'opened':
          opened(s);
          break;
        case 'invalid':
          // No session: nothing of the earlier data stays (its rows, predictions, notes).
          plot.clear(event.message?.reading ? `Reading ${event.message.reading}…` : 'This setup cannot train; see the message above.');
          notes.textContent = '';
          add.hidden = true;
          axesBox.hidden = true;
          break;
        case 'csv':
          if (event.waiting) plot.clear('Upload the CSV file to train');
          break;
        case 'view':
          if (event.message) {
            plot.setPrediction(event.message.kind, event.message.result);
            if (event.message.kind === 'slice') renderHeld(event.message.result);
          }
          break;
        case 'options':
          if (s.problem) renderAddPoints(s);
          break;
        case 'theme':
          plot.restyle();
          break;
        default:
      }
    },
    /** The plot's canvas (the export card's PNG). */
    get canvas() { return canvas; },
    dispose() { card.remove(); intent('view', null); },
  };
}
