// The loss curves card: training loss per step (exact, with markers while short; smoothed in front
// of the faint raw curve only when it is noisy mini-batch loss), validation loss per epoch (when
// there are validation rows), and the gradient norm and learning rate by step. ctx.options.charts
// (a Set of "loss", "grad", "lr") says which charts show; the learning rate shows only when it
// changes (a schedule, a live change). The tools: log scale ("log" control) and the smoothing
// weight ("smoothing" control). The charts are built when a session opens, so nothing moves when
// the first curves arrive, and draw on the controller's "charts" event (after status and metrics);
// while training, the gradient and learning-rate charts draw one frame after the loss chart, so no
// single frame pays for all three (issue 21: no main-thread task over 50 ms).
// Not here: the history (charts/series.js) or uPlot itself (charts/linechart.js).
import { el } from '../../dom.js';
import { LineChart } from '../../charts/linechart.js';
import { thin, alignTo, CHART_POINTS, noisyLoss } from '../../charts/series.js';
import { fmt } from '../../charts/format.js';
import { SERIES_VARS as SERIES } from '../../palette.js';

/** The loss chart's label before it has numbers (then it reads the last losses). */
const LOSS_LABEL = 'Training and validation loss by step';

export const CHARTS = Object.freeze(['loss', 'grad', 'lr']);

export function build(ctx) {
  const { intent } = ctx;
  const wanted = () => ctx.options.charts ?? new Set(CHARTS);
  const controls = () => ctx.options.controls ?? new Set(['log', 'smoothing']);

  const card = el('section', null, { class: 'card charts', 'aria-labelledby': 'loss-chart-title' });
  const head = el('div', null, 'card-head');
  const tools = el('div', null, 'chart-tools');
  const logBox = el('span', null, { class: 'check', 'data-control': 'log' });
  const log = el('input', null, { type: 'checkbox', id: 'loss-log' });
  log.checked = ctx.state.chart.log;
  logBox.append(log, el('label', 'log scale', { for: 'loss-log' }));
  const smoothBox = el('span', null, { class: 'check', 'data-control': 'smoothing' });
  const smoothing = el('input', null, { type: 'range', id: 'smoothing', min: 0, max: 0.99, step: 0.01, value: ctx.state.chart.smoothing });
  const smoothingValue = el('output', String(ctx.state.chart.smoothing), { id: 'smoothing-value', for: 'smoothing' });
  smoothBox.append(el('label', 'smoothing', { for: 'smoothing' }), smoothing, smoothingValue);
  tools.append(logBox, smoothBox);
  const title = el('h2', 'Loss curves', { id: 'loss-chart-title' });
  head.append(title, tools);
  const body = el('div', null, { id: 'charts-body', class: 'empty' });
  const empty = el('p', 'The curves appear here once training starts: press Play, Step or Epoch.', { id: 'charts-empty', class: 'chart-empty' });
  const lossBox = el('div', null, { id: 'loss-chart', class: 'chart', role: 'img', 'aria-label': LOSS_LABEL, 'data-panel': 'loss' });
  const gradBox = el('div', null, { id: 'grad-chart', class: 'chart', role: 'img', 'aria-label': 'Gradient norm by step' });
  const lrBox = el('div', null, { id: 'lr-chart', class: 'chart', role: 'img', 'aria-label': 'Learning rate by step' });
  const gradFigure = el('figure', null, { class: 'small-chart', 'data-panel': 'grad' });
  gradFigure.append(el('figcaption', 'Gradient norm ‖g‖'), gradBox);
  const lrFigure = el('figure', null, { class: 'small-chart', id: 'lr-figure', 'data-panel': 'lr' });
  lrFigure.append(el('figcaption', 'Learning rate'), lrBox);
  const row = el('div', null, 'chart-row');
  row.append(gradFigure, lrFigure);
  body.append(empty, lossBox, row);
  card.append(head, body);
  ctx.place(card);

  // Noisy mini-batch loss: the raw curve faint, the smoothed one in front. Exact loss: the curve itself.
  // (The smoothed series is left out, not hidden, for an exact loss: the legend lists what is drawn.)
  const lossSeries = (noisy) => [
    ...(noisy ? [{ label: 'train (per step)', stroke: SERIES.trainRaw, width: 1 }, { label: 'train (smoothed)', stroke: SERIES.train, width: 2 }]
      : [{ label: 'train (per step)', stroke: SERIES.train, width: 2, points: 'short' }]),
    { label: 'validation (per epoch)', stroke: SERIES.validation, width: 2, points: true, spanGaps: true, dash: [6, 4] },
  ];
  const gradSeries = (noisy) => (noisy ? [{ label: '‖g‖', stroke: SERIES.gradRaw, width: 1 }, { label: 'smoothed', stroke: SERIES.grad, width: 2 }]
    : [{ label: '‖g‖', stroke: SERIES.grad, width: 2, points: 'short' }]);
  const loss = new LineChart(lossBox, { yLabel: 'loss', log: log.checked, height: 240, series: lossSeries(false) });
  const grad = new LineChart(gradBox, { yLabel: '‖g‖', log: true, height: 160, series: gradSeries(false) });
  const lr = new LineChart(lrBox, { yLabel: 'lr', log: false, height: 160, series: [{ label: 'lr', stroke: SERIES.lr, width: 2 }] });

  log.addEventListener('change', () => intent('chartOptions', { log: log.checked }));
  smoothing.addEventListener('input', () => intent('chartOptions', { smoothing: Number(smoothing.value) }));

  // Each draw lays the card out again: only what changed is written (a write, even of the same
  // text, made the browser lay the page out again at every redraw).
  const set = (node, key, value) => { if (node[key] !== value) node[key] = value; };

  function layout(s) {
    const w = wanted();
    const c = controls();
    set(lossBox, 'hidden', !w.has('loss'));
    set(gradFigure, 'hidden', !w.has('grad'));
    const showLr = w.has('lr') && !!s.spec && (s.spec.schedule.kind !== 'constant' || s.history.lrVaries());
    set(lrFigure, 'hidden', !showLr);
    set(row, 'hidden', gradFigure.hidden && lrFigure.hidden);
    set(logBox, 'hidden', !c.has('log') || lossBox.hidden);
    set(smoothBox, 'hidden', !c.has('smoothing'));
    set(tools, 'hidden', logBox.hidden && smoothBox.hidden);
    const fn = s.spec?.data.source === 'function';
    set(title, 'textContent', fn ? 'f(x, y) along the path' : 'Loss curves');
  }

  let later = 0;   // the small charts' frame while training

  function draw(s) {
    const h = s.history;
    // The charts stay while empty (a hint over them): uPlot is built when a session opens, not in
    // the first frame of training.
    const isEmpty = !h.length;
    set(empty, 'hidden', !isEmpty);
    if (body.classList.contains('empty') !== isEmpty) body.classList.toggle('empty', isEmpty);
    layout(s);
    const noisy = noisyLoss(s.spec, s.problem?.rows?.train);
    const w = noisy ? s.chart.smoothing : 0;
    set(smoothing, 'disabled', !noisy);
    set(smoothBox, 'title', noisy ? '' : 'This loss is exact (full batch or a test function): it is drawn without smoothing.');
    loss.setSeries(lossSeries(noisy));
    grad.setSeries(gradSeries(noisy));
    if (isEmpty) {
      cancelAnimationFrame(later);
      later = 0;
      loss.setData([], lossSeries(noisy).map(() => []));
      grad.setData([], gradSeries(noisy).map(() => []));
      lr.setData([], [[]]);
      if (lossBox.getAttribute('aria-label') !== LOSS_LABEL) lossBox.setAttribute('aria-label', LOSS_LABEL);   // no numbers of a run that is gone
      return;
    }
    const e = h.epochs;
    if (!lossBox.hidden) {
      const idx = thin(h.loss, CHART_POINTS);
      const x = idx.map((i) => h.stepAt(i));
      // Without validation rows the engine reports validation losses of 0: leave them out.
      const validation = s.spec.data.source !== 'function' && (s.problem?.rows?.validation ?? 0) > 0;
      const smv = noisy ? h.smoothed('loss', w) : null;
      const sm = noisy ? [idx.map((i) => smv[i])] : [];
      loss.setData(x, [idx.map((i) => h.loss[i]), ...sm, validation ? alignTo(x, e.step, e.valLoss) : x.map(() => null)]);
      const last = h.loss[h.length - 1];
      const val = validation && e.valLoss.length ? e.valLoss[e.valLoss.length - 1] : NaN;
      lossBox.setAttribute('aria-label', `Loss by step: training ${fmt(last)} at step ${h.stepAt(h.length - 1)}${Number.isFinite(val) ? `, validation ${fmt(val)} after epoch ${e.step.length}` : ''}`);
    }
    cancelAnimationFrame(later);
    later = 0;
    if (s.running) later = requestAnimationFrame(() => { later = 0; drawSmall(ctx.state); });
    else drawSmall(s);
  }

  // The gradient norm and the learning rate (see draw).
  function drawSmall(s) {
    const h = s.history;
    if (!h.length) return;
    const noisy = noisyLoss(s.spec, s.problem?.rows?.train);
    const w = noisy ? s.chart.smoothing : 0;
    if (!gradFigure.hidden) {
      const gi = thin(h.gradNorm, CHART_POINTS);
      const gsv = noisy ? h.smoothed('gradNorm', w) : null;
      const gs = noisy ? [gi.map((i) => gsv[i])] : [];
      grad.setData(gi.map((i) => h.stepAt(i)), [gi.map((i) => h.gradNorm[i]), ...gs]);
    }
    if (!lrFigure.hidden) {
      const li = thin(h.lr, CHART_POINTS);
      lr.setData(li.map((i) => h.stepAt(i)), [li.map((i) => h.lr[i])]);
    }
  }

  return {
    update(s, event) {
      switch (event.type) {
        case 'spec': case 'options':
          layout(s);
          break;
        case 'opened': case 'charts':
          draw(s);
          break;
        case 'invalid':
          draw(s);
          break;
        case 'theme':
          for (const c of [loss, grad, lr]) c.restyle();
          break;
        case 'chart':
          log.checked = s.chart.log;
          smoothing.value = String(s.chart.smoothing);
          smoothingValue.textContent = String(s.chart.smoothing);
          loss.setLog(s.chart.log);
          draw(s);
          break;
        default:
      }
    },
    dispose() { cancelAnimationFrame(later); card.remove(); },
  };
}
