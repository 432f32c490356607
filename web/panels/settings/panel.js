// The settings cards, built from the engine's registry: Data (source tabs, generators with
// thumbnails and parameters, the CSV upload, drawn points, function mode, preprocessing), Model,
// Loss, Optimizer (with the schedule) and Training. Slots: "dataset", "model", "loss-function",
// "optimizer", "training" (one card each). Edits go out as change(path, value) intents; help text
// for whatever is hovered or focused goes out as help intents (the help panel shows it).
// Not here: the controls themselves (controls.js), the CSV panel (csv.js), function mode's
// controls (function.js), or the spec's rules (state.js).
import { el } from '../../dom.js';
import { csvFields } from '../../state.js';
import { previewTask } from '../../engine/csv-shape.js';
import { Controls } from './controls.js';
import { CsvPanel } from './csv.js';
import { FunctionPanel } from './function.js';

/** The cards of this panel (its slots), in order. */
export const SLOTS = Object.freeze(['dataset', 'model', 'loss-function', 'optimizer', 'training']);

export function build(ctx) {
  const { intent } = ctx;
  const card = (slot, id, title) => {
    const c = el('section', null, { class: 'card', 'aria-labelledby': id, 'data-slot': slot });
    c.append(el('h2', title, { id }));
    return c;
  };
  const fields = (id) => el('div', null, { id, class: 'fields' });

  const data = card('dataset', 'data-title', 'Data');
  const source = el('div', null, { id: 'source' });
  const synthetic = el('div', null, { id: 'synthetic-panel' });
  const generators = el('div', null, { id: 'generators' });
  const generatorParams = fields('generator-params');
  synthetic.append(generators, generatorParams);
  const csvBox = el('div', null, { id: 'csv-panel' });
  const inline = el('div', null, { id: 'inline-panel' });
  const inlineSummary = el('p', '', { id: 'inline-summary' });
  inline.append(inlineSummary, el('p', 'Click the plot to add points; the drawn points are part of the link.', 'hint'));
  const preTitle = el('h3', 'Preprocessing');
  const preprocess = fields('preprocess');
  csvBox.hidden = true;
  inline.hidden = true;
  data.append(source, synthetic, csvBox, inline, preTitle, preprocess);

  const model = card('model', 'model-title', 'Model');
  const modelFields = fields('model');
  model.append(modelFields);
  const loss = card('loss-function', 'loss-title', 'Loss');
  const lossFields = fields('loss');
  loss.append(lossFields);
  const optimizer = card('optimizer', 'optimizer-title', 'Optimizer');
  const optimizerFields = fields('optimizer');
  const schedule = fields('schedule');
  optimizer.append(optimizerFields, el('h3', 'Schedule'), schedule);
  const training = card('training', 'training-title', 'Training');
  const trainingFields = fields('training');
  training.append(trainingFields);
  const cards = { dataset: data, model, 'loss-function': loss, optimizer, training };
  for (const slot of SLOTS) ctx.place(cards[slot], slot);

  let controls = null;
  let csv = null;
  let fn = null;

  function ready(s) {
    controls = new Controls(s.registry, {
      source, generators, generatorParams, preprocess, model: modelFields, loss: lossFields, optimizer: optimizerFields, schedule, training: trainingFields,
    }, { onChange: (path, value) => intent('change', path, value), onHelp: (info) => intent('help', info), doc: ctx.root });
    csv = new CsvPanel(csvBox, {
      fields: csvFields(s.registry),
      onFile: (file) => intent('csvFile', file),
      onOptions: (options) => intent('csvOptions', options),
    });
    csv.empty('');
    fn = new FunctionPanel(inline, { registry: () => ctx.state.registry, spec: () => ctx.state.spec, apply: (spec) => intent('apply', spec), doc: ctx.root });
    if (s.previews.length) controls.setPreviews(s.previews);
    else intent('previews');
  }

  function render(s) {
    if (!controls || !s.spec) return;
    const task = s.spec.data.source === 'csv' ? s.problem?.task ?? previewTask(s.csv.result) : null;
    controls.render(s.spec, { tab: s.tab, task, problem: s.problem });
    synthetic.hidden = s.tab !== 'synthetic';
    csvBox.hidden = s.tab !== 'csv';
    inline.hidden = s.tab !== 'inline';
    if (s.spec.data.source === 'inline') {
      const d = s.spec.data;
      inlineSummary.textContent = `${d.x.length} drawn ${d.task === 'regression' ? 'points' : `points in ${new Set(d.y).size} classes`}.`;
    }
    fn.render(s.tab === 'function' ? s.spec : null);
    // Function mode has no data, model, loss or epochs: only the optimizer and the function's own settings.
    const f = s.spec.data.source === 'function';
    for (const c of [model, loss, training]) c.hidden = f;
    preTitle.hidden = f;
    preprocess.hidden = f;
  }

  function showCsv(s, event) {
    if (!csv) return;
    if (event.busy) { csv.busy(event.busy); return; }
    if (event.waiting) {
      const d = s.spec.data;
      const cols = [d.target, ...(d.features ?? [])].filter(Boolean);
      csv.empty(`This setup trains on a CSV file${cols.length ? ` (columns ${cols.join(', ')})` : ''}. Links do not carry the file: choose it again.`);
      return;
    }
    if (s.csv.result) csv.render(s.csv.result, s.csv.options, s.csv.file?.note);
  }

  return {
    update(s, event) {
      switch (event.type) {
        case 'ready':
          ready(s);
          break;
        case 'spec':
          render(s);
          break;
        case 'opened':
          render(s);
          csv?.showProblem(s.spec.data.source === 'csv' ? s.problem : null);
          break;
        case 'invalid':
          csv?.showProblem(null);
          break;
        case 'previews': case 'theme':
          controls?.setPreviews(s.previews);
          break;
        case 'csv':
          showCsv(s, event);
          if (event.message) render(s);
          break;
        default:
      }
    },
    dispose() { for (const c of Object.values(cards)) c.remove(); },
  };
}
