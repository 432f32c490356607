// The data card, "What the model sees": the rows and what the model predicts over them
// (charts/dataplot.js), its legend, the engine's notes on the data, and adding points by clicking
// or tapping the plot (only with the "points" control in ctx.options.controls). Hidden in function
// mode, where the landscape panel draws the function instead.
// Not here: the drawing itself (charts/dataplot.js) or what a new point does to the spec (the controller).
import { el } from '../../dom.js';
import { DataPlot } from '../../charts/dataplot.js';
import { markerSwatch } from '../../palette.js';
import { LIMITS } from '../../state.js';

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
  card.append(head, canvas, legend, notes);
  ctx.place(card);

  const points = () => ctx.options.controls?.has('points') ?? true;
  const plot = new DataPlot(canvas, legend, { onAdd: (p) => { if (points()) intent('addPoint', p); } });
  let chosen = 0;

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
    if (pr.functionMode) { intent('view', null); return; }
    const view = plot.setScene({
      inputs: pr.inputs, task: pr.task, classes: pr.classes, classNames: pr.classNames, output: pr.output,
      featureNames: pr.featureNames, targetName: pr.targetNames[0],
      train: { x: s.data.trainX, y: s.data.trainY }, validation: { x: s.data.validationX, y: s.data.validationY },
      addable: s.spec.data.source !== 'csv',
    });
    intent('view', view);
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
          plot.clear('This setup cannot train; see the message above.');
          add.hidden = true;
          break;
        case 'csv':
          if (event.waiting) plot.clear('Upload the CSV file to train');
          break;
        case 'view':
          if (event.message) plot.setPrediction(event.message.kind, event.message.result);
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
