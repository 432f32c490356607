// The "Export and import" card: download buttons (spec, trained parameters, loss history,
// dataset, charts as PNG/SVG, a PyTorch script, the Keras snippet shown for reading) and import of
// a spec or parameters file (picked, or dropped on the card; anywhere on the page when
// ctx.options.dropAnywhere). The engine computes every export from its session
// (engine/export-worker.js); charts are drawn here from run A's history, as the charts panel draws
// them. Files leave through a Blob URL and <a download>. Names and messages are set as text only.
// Not here: the spec rules (state.js), the training, or what importing does (the controller).
import { el } from '../../dom.js';
import { normalizeSpec } from '../../state.js';
import { SERIES } from '../../palette.js';
import { thin, CHART_POINTS } from '../../charts/series.js';
import { FILES, fileName, readImport } from './files.js';
import { lineChartSvg } from '../../export-chart.js';
import { canvasPng } from './png.js';
import { paintNow } from '../../charts/canvas.js';

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** Saves data (text or Blob) as a file through a temporary object URL. */
export function download(name, data, mime) {
  const blob = data instanceof Blob ? data : new Blob([data], { type: mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** The card as a panel (see app/controller.js for the contract). */
export function build(ctx) {
  const { intent } = ctx;
  const st = () => ctx.state;
  const pending = new Map();   // id -> what to do with the reply

  // ---- the card ---------------------------------------------------------------------------------
  const card = el('section', null, { class: 'card export-card', id: 'export', 'aria-labelledby': 'export-title' });
  card.append(el('h2', 'Export and import', { id: 'export-title' }));
  const groups = el('div', null, { class: 'export-groups' });
  const button = (id, text, title, onClick) => {
    const b = el('button', text, { type: 'button', id, title });
    b.addEventListener('click', onClick);
    return b;
  };
  const group = (id, title, buttons) => {
    const g = el('div', null, { class: 'export-group', role: 'group', 'aria-labelledby': id });
    g.append(el('h3', title, { id }), el('div', null, { class: 'export-buttons' }));
    g.lastChild.append(...buttons);
    return g;
  };
  const kerasToggle = button('export-keras', 'Keras snippet (not verified)', 'Show a Keras version of this model, loss and optimizer for reading', () => toggleKeras());
  kerasToggle.setAttribute('aria-expanded', 'false');
  kerasToggle.setAttribute('aria-controls', 'keras-box');
  groups.append(
    group('export-run-title', 'Download this run', [
      button('export-spec', 'Spec (JSON)', 'The whole setup as an experiment spec: open it here again, or run it with the descent CLI', () => fromWorker('spec')),
      button('export-params', 'Parameters (JSON)', 'The trained parameters now (PyTorch layout: per layer W then b), with the spec', () => fromWorker('params')),
      button('export-history', 'Loss history (CSV)', 'One row per recorded step: step, loss, gradient norm, update norm, learning rate', () => fromWorker('history')),
      button('export-epochs', 'Epochs (CSV)', 'One row per epoch: training and validation loss and metric', () => fromWorker('epochs')),
      button('export-dataset', 'Dataset (CSV)', 'The rows the model trains on (training, then validation), before normalization', () => fromWorker('dataset')),
    ]),
    group('export-charts-title', 'Charts', [
      button('export-loss-png', 'Loss (PNG)', 'The loss chart as drawn', () => chartPng('loss-png')),
      button('export-loss-svg', 'Loss (SVG)', 'The loss curves as a vector picture', () => chartSvg('loss-svg')),
      button('export-grad-svg', 'Gradient norm (SVG)', 'The gradient norm by step as a vector picture', () => chartSvg('grad-svg')),
      button('export-plot-png', 'Data plot (PNG)', 'The data and what the model predicts, as drawn', () => chartPng('plot-png')),
    ]),
    group('export-code-title', 'Code', [
      button('export-torch', 'PyTorch script (.py)', 'A self-contained script that replays this run in PyTorch: same data, initial weights, batches, loss and optimizer', () => fromWorker('torch')),
      kerasToggle,
    ]),
  );
  card.append(groups);

  const kerasBox = el('div', null, { id: 'keras-box', class: 'keras-box' });
  kerasBox.hidden = true;
  const kerasTitle = el('h3', 'Keras (TensorFlow 2) — not verified', { id: 'keras-title' });
  const kerasNote = el('p', 'For reading only: Descent checks its PyTorch export against PyTorch, not this one. Keras optimizers differ in details, so its curves will differ.', { class: 'hint' });
  const kerasCode = el('code', '', { id: 'keras-code' });
  const kerasPre = el('pre', null, { class: 'code', tabindex: '0', 'aria-labelledby': 'keras-title' });
  kerasPre.append(kerasCode);
  const kerasCopy = button('keras-copy', 'Copy', 'Copy the Keras snippet', async () => {
    try { await navigator.clipboard.writeText(kerasCode.textContent); say('Keras snippet copied.'); } catch { say('Select the text to copy it.'); }
  });
  const kerasSave = button('keras-save', 'Download (.py)', 'Save the Keras snippet', () => download(fileName('keras', st().spec), kerasCode.textContent, FILES.keras.mime));
  const kerasTools = el('div', null, { class: 'export-buttons' });
  kerasTools.append(kerasCopy, kerasSave);
  kerasBox.append(kerasTitle, kerasNote, kerasPre, kerasTools);
  card.append(kerasBox);

  const importBox = el('div', null, { class: 'import-box' });
  const importTitle = el('h3', 'Import', { id: 'import-title' });
  const fileLabel = el('label', 'Open a spec or parameters file (.json)', { for: 'import-file' });
  const fileInput = el('input', null, { type: 'file', id: 'import-file', accept: '.json,application/json' });
  fileInput.addEventListener('change', () => { const f = fileInput.files?.[0]; fileInput.value = ''; if (f) importFile(f); });
  const importHint = el('p', `Or drop the file ${ctx.options.dropAnywhere ? 'anywhere on the page' : 'on this card'}. A parameters file also sets the starting weights.`, { class: 'hint' });
  importBox.append(importTitle, fileLabel, fileInput, importHint);
  card.append(importBox);

  const paramsNote = el('p', null, { id: 'import-params', class: 'note' });
  paramsNote.hidden = true;
  const paramsText = el('span', '');
  const forget = button('import-params-forget', 'Start from fresh weights', 'Forget the imported parameters and start from the seed\'s initial weights', () => {
    intent('forgetParams');
    say('The imported parameters are forgotten; the next run starts from the seed\'s weights.');
  });
  paramsNote.append(paramsText, ' ', forget);
  card.append(paramsNote);

  const status = el('p', '', { id: 'export-status', class: 'export-status', role: 'status' });
  const errors = el('ul', null, { id: 'import-errors', class: 'errors', role: 'alert' });
  card.append(status, errors);
  ctx.place(card);

  const overlay = el('div', 'Drop a spec or parameters file (.json) to open it', { class: 'drop-overlay', 'aria-hidden': 'true' });
  overlay.hidden = true;
  ctx.place(overlay, 'overlay');

  // ---- messages ---------------------------------------------------------------------------------
  function say(text) { status.textContent = text; }
  function showErrors(title, list) {
    const items = list.map((e) => {
      const li = el('li');
      const msg = String(e.message ?? '');
      // Engine messages usually start with their path; add it when they do not.
      if (e.path && !msg.startsWith(e.path)) li.append(el('code', e.path), `: ${msg}`);
      else li.textContent = msg;
      return li;
    });
    errors.replaceChildren(...items);
    if (items.length) {
      say(title);
      card.scrollIntoView?.({ block: 'nearest' });
    }
  }

  // ---- exports ----------------------------------------------------------------------------------
  const steps = () => st().progress?.steps;

  function fromWorker(kind) {
    errors.replaceChildren();
    if (!st().spec) { say('Nothing to export yet: the engine is still loading.'); return; }
    say(`Preparing the ${FILES[kind].what}…`);
    const spec = st().spec;
    const at = steps();
    pending.set(intent('exportText', kind), (m) => {
      if (!m.ok) { say(`No ${FILES[kind].what}: ${m.error}`); return; }
      const name = fileName(kind, spec, at);
      download(name, m.text, FILES[kind].mime);
      const notes = m.notes?.length ? ` Note: ${m.notes.join('; ')}.` : '';
      say(`Saved ${name}.${notes}`);
    });
  }

  function toggleKeras() {
    const open = kerasBox.hidden;
    kerasBox.hidden = !open;
    kerasToggle.setAttribute('aria-expanded', String(open));
    if (!open) return;
    kerasCode.textContent = 'Writing the snippet…';
    pending.set(intent('exportText', 'keras'), (m) => {
      kerasCode.textContent = m.ok ? m.text : `No Keras snippet: ${m.error}`;
      kerasSave.disabled = !m.ok;
    });
  }

  const smoothing = () => st().chart.smoothing;
  const logLoss = () => st().chart.log;

  function lossSeries() {
    const h = st().history;
    const idx = thin(h.loss, CHART_POINTS);
    const x = idx.map((i) => h.stepAt(i));
    const sm = h.smoothed('loss', smoothing());
    const e = h.epochs;
    // Without validation rows the engine reports validation losses of 0: leave them out.
    const spec = st().spec;
    const validation = spec?.data?.source !== 'function' && (st().problem?.rows?.validation ?? 0) > 0;
    return [
      { label: 'train (per step)', color: '#9cc3e0', width: 1, x, y: idx.map((i) => h.loss[i]) },
      { label: 'train (smoothed)', color: SERIES.train, width: 2, x, y: idx.map((i) => sm[i]) },
      ...(validation ? [{ label: 'validation (per epoch)', color: SERIES.validation, width: 2, dash: [6, 4], x: [...e.step], y: e.valLoss.map((v) => (Number.isFinite(v) ? v : null)) }] : []),
    ];
  }

  function chartSvg(kind) {
    errors.replaceChildren();
    const h = st().history;
    if (!h.length) { say('No curves yet: train first (press Play, Step or Epoch).'); return; }
    const spec = st().spec;
    let text;
    try {
      if (kind === 'loss-svg') {
        text = lineChartSvg({ title: `Loss by step (${spec.optimizer.kind}, lr ${spec.optimizer.lr})`, yLabel: 'loss', log: logLoss(), series: lossSeries() });
      } else {
        const idx = thin(h.gradNorm, CHART_POINTS);
        const x = idx.map((i) => h.stepAt(i));
        const sm = h.smoothed('gradNorm', smoothing());
        text = lineChartSvg({ title: 'Gradient norm by step', yLabel: '‖g‖', log: true, series: [
          { label: '‖g‖ (per step)', color: '#e2bcd3', width: 1, x, y: idx.map((i) => h.gradNorm[i]) },
          { label: 'smoothed', color: SERIES.grad, width: 2, x, y: idx.map((i) => sm[i]) },
        ] });
      }
    } catch (e) {
      say(`No ${FILES[kind].what}: ${e.message}`);
      return;
    }
    const name = fileName(kind, spec, steps());
    download(name, text, FILES[kind].mime);
    say(`Saved ${name}.`);
  }

  async function chartPng(kind) {
    errors.replaceChildren();
    const spec = st().spec;
    // The pictures as the other panels drew them, in this host (a page or an element's shadow root).
    const source = ctx.root.querySelector(kind === 'loss-png' ? '#loss-chart canvas' : '#data-plot');
    if (!source || !source.width || (kind === 'loss-png' && !st().history.length)) { say('No loss chart yet: train first (press Play, Step or Epoch).'); return; }
    paintNow(source);   // a plot off screen draws only when asked (charts/canvas.js)
    const legend = kind === 'loss-png' ? lossSeries().map((s) => ({ label: s.label, color: s.color, dash: s.dash })) : [];
    const title = kind === 'loss-png' ? `Loss by step${logLoss() ? ' (log scale)' : ''}` : 'What the model sees';
    try {
      const blob = await canvasPng(source, { title, legend });
      const name = fileName(kind, spec, steps());
      download(name, blob, FILES[kind].mime);
      say(`Saved ${name}.`);
    } catch (e) {
      say(`No ${FILES[kind].what}: ${e.message}`);
    }
  }

  // ---- import -----------------------------------------------------------------------------------
  function renderInitial() {
    const initial = st().initialParams;
    paramsNote.hidden = !initial;
    if (initial) paramsText.textContent = `Training starts from the imported parameters (${initial.params.length} values).`;
  }

  async function importFile(file) {
    errors.replaceChildren();
    if (/\.csv$/i.test(file.name)) { showErrors('This is a CSV file:', [{ path: '', message: `${file.name}: to train on a CSV file, choose "CSV" in the Data panel and drop it there` }]); return; }
    if (file.size > MAX_IMPORT_BYTES) { showErrors('The file is too large:', [{ path: '', message: `${file.name} is larger than 64 MB` }]); return; }
    say(`Reading ${file.name}…`);
    let obj;
    try {
      obj = JSON.parse(await file.text());
    } catch (e) {
      showErrors(`${file.name} could not be opened:`, [{ path: '', message: `${file.name} is not JSON: ${e.message}` }]);
      return;
    }
    const r = readImport(obj);
    if (r.errors) { showErrors(`${file.name} could not be opened:`, r.errors); return; }
    pending.set(intent('validate', r.engineSpec), (m) => {
      if (!m.ok) { showErrors(`${file.name} cannot train; the engine says:`, m.errors); return; }
      const { spec, issues } = normalizeSpec(r.pageSpec, st().registry);
      let params = r.params;
      if (params && issues.some((i) => /^(model|data|preprocess)\b/.test(i.path))) {
        issues.push({ path: 'model.params', message: 'the imported parameters were not used: the playground had to change the model or the data' });
        params = null;
      }
      errors.replaceChildren();
      say(`Opened ${file.name}${r.kind === 'params' ? ` (${r.params.length} parameters)` : ''}.`);
      intent('importRun', spec, issues, { csv: r.csv === null ? null : { name: `${file.name} (data.text)`, text: r.csv }, params });
    });
  }

  // Drop anywhere (the page) or on the card (an element in someone else's page): JSON files open a
  // run; drops that a drop zone already took (CSV) are left alone.
  let overlayTimer = 0;
  const carriesFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  const target = ctx.options.dropAnywhere ? document : card;
  const onDragOver = (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (!e.composedPath().some((n) => n.classList?.contains('dropzone'))) overlay.hidden = false;
    clearTimeout(overlayTimer);
    overlayTimer = setTimeout(() => { overlay.hidden = true; }, 200);
  };
  const onDrop = (e) => {
    overlay.hidden = true;
    if (e.defaultPrevented || !carriesFiles(e)) return;
    e.preventDefault();
    const f = e.dataTransfer.files?.[0];
    if (f) importFile(f);
  };
  target.addEventListener('dragover', onDragOver);
  target.addEventListener('drop', onDrop);

  const reply = (m) => { const then = pending.get(m.id); pending.delete(m.id); then?.(m); };
  return {
    update(s, event) {
      switch (event.type) {
        case 'exported': case 'validated':
          reply(event.message);
          break;
        case 'params':
          renderInitial();
          if (event.setAside) say('The imported parameters were set aside: the model or the data changed.');
          break;
        default:
      }
    },
    /** Opens a file as if it were picked (tests and other modules). */
    importFile,
    dispose() {
      target.removeEventListener('dragover', onDragOver);
      target.removeEventListener('drop', onDrop);
      card.remove();
      overlay.remove();
    },
  };
}
