// The transport: Play/Pause, Step, Epoch, Reset and New seed, the speed, the live learning rate
// (a log slider over the optimizer's range from the registry, and an exact box), the quick
// optimizer and batch-size pickers, and the status line (a pill and the counters; every number is
// also a data-* attribute of #status for tests and tools). ctx.options.controls says which items
// show. Slots: "controls" (the bar), "status", "announce" (a polite live region).
// Not here: what the buttons do (the controller), the spec's rules (state.js).
import { el } from '../../dom.js';
import { short } from '../../charts/format.js';
import { speedLabel } from '../../engine/pace.js';

/** Every control of the bar, in order (ctx.options.controls picks among them). */
export const CONTROLS = Object.freeze(['play', 'step', 'epoch', 'reset', 'seed', 'speed', 'lr', 'optimizer', 'batch']);
const SPEEDS = [1, 3, 10, 30, 100, 0];

export function build(ctx) {
  const { intent } = ctx;
  const shown = () => ctx.options.controls ?? new Set(CONTROLS);

  // ---- the bar --------------------------------------------------------------------------------
  const button = (id, name, text, title) => el('button', text, { type: 'button', id, title, disabled: true, 'data-control': name });
  const play = el('button', null, { type: 'button', id: 'play', class: 'primary play', 'aria-pressed': 'false', disabled: true, 'data-control': 'play' });
  play.append(el('span', null, { class: 'icon-play', 'aria-hidden': 'true' }), el('span', 'Play', 'label'));
  const step = button('step', 'step', 'Step', 'Run one optimizer step');
  const epoch = button('epoch', 'epoch', 'Epoch', 'Run to the end of this epoch');
  const reset = button('reset', 'reset', 'Reset', 'Start over with the same seed');
  const seed = button('new-seed', 'seed', 'New seed', 'Start over with new initial weights (a new seed)');
  const transport = el('div', null, 'transport');
  transport.append(play, step, epoch, reset, seed);

  const speed = el('select', null, { id: 'speed' });
  for (const v of SPEEDS) speed.append(el('option', speedLabel(v), { value: v }));
  speed.value = String(ctx.state.speed);
  const speedField = el('div', null, { class: 'tool-field', 'data-control': 'speed' });
  speedField.append(el('label', 'Speed', { for: 'speed' }), speed);

  const lrSlider = el('input', null, { type: 'range', id: 'live-lr-slider', min: 0, max: 1000, step: 1, 'aria-label': 'Learning rate (log scale)', disabled: true });
  const lr = el('input', null, { type: 'number', id: 'live-lr', step: 'any', disabled: true });
  const lrField = el('div', null, { class: 'tool-field lr-field', 'data-control': 'lr' });
  lrField.append(el('label', 'Learning rate', { for: 'live-lr' }), lrSlider, lr);

  const optimizer = el('select', null, { id: 'quick-optimizer', disabled: true });
  const optField = el('div', null, { class: 'tool-field', 'data-control': 'optimizer' });
  optField.append(el('label', 'Optimizer', { for: 'quick-optimizer' }), optimizer);
  const batch = el('input', null, { type: 'number', id: 'quick-batch', min: 0, max: 1000000, step: 1, disabled: true });
  const batchField = el('div', null, { class: 'tool-field', 'data-control': 'batch' });
  batchField.append(el('label', 'Batch size', { for: 'quick-batch' }), batch);

  const bar = el('div', null, 'bar');
  bar.append(transport, speedField, lrField, optField, batchField);

  // ---- the status line --------------------------------------------------------------------------
  const pill = el('span', ctx.state.status.label, { class: 'pill', id: 'status-state' });
  const text = el('span', ctx.state.status.text, { class: 'status-text', id: 'status-text' });
  const status = el('div', null, { id: 'status', class: 'status', 'data-state': ctx.state.status.state });
  status.append(pill, text);
  const announce = el('div', null, { id: 'announce', class: 'sr-only', 'aria-live': 'polite' });

  ctx.place(bar, 'controls');
  ctx.place(status, 'status');
  ctx.place(announce, 'announce');

  // ---- wiring -----------------------------------------------------------------------------------
  play.addEventListener('click', () => (ctx.state.running ? intent('pause') : intent('play')));
  step.addEventListener('click', () => intent('step', 1));
  epoch.addEventListener('click', () => intent('epoch'));
  reset.addEventListener('click', () => intent('reset'));
  seed.addEventListener('click', () => intent('change', 'seed', 'new'));
  speed.addEventListener('change', () => intent('setSpeed', Number(speed.value)));
  const lrRange = () => {
    const s = ctx.state;
    const p = s.registry?.optimizers.find((o) => o.id === s.spec?.optimizer.kind)?.params.find((q) => q.name === 'lr');
    return p ? [Math.log10(p.uiMin ?? p.min), Math.log10(p.uiMax ?? p.max), p] : [-4, 0, null];
  };
  lrSlider.addEventListener('input', () => {
    const [lo, hi] = lrRange();
    const v = Number((10 ** (lo + (Number(lrSlider.value) / 1000) * (hi - lo))).toPrecision(2));
    lr.value = String(v);
    intent('setLr', v);
  });
  lr.addEventListener('change', () => {
    const v = Number(lr.value);
    if (Number.isFinite(v) && v > 0) intent('setLr', v);
  });
  optimizer.addEventListener('change', () => intent('change', 'optimizer.kind', optimizer.value));
  batch.addEventListener('change', () => {
    const v = Number(batch.value);
    if (batch.value.trim() !== '' && Number.isFinite(v)) intent('change', 'training.batch_size', v);
  });

  // ---- drawing ----------------------------------------------------------------------------------
  const focused = () => ctx.root.activeElement;

  function showControls() {
    const on = shown();
    for (const e of bar.querySelectorAll('[data-control]')) e.hidden = !on.has(e.dataset.control);
    transport.hidden = ![...transport.children].some((b) => !b.hidden);
    bar.hidden = ![...on].some((c) => CONTROLS.includes(c));
  }

  function syncSpec(s) {
    if (!s.spec || !s.registry) return;
    const [lo, hi, p] = lrRange();
    const v = s.spec.optimizer.lr;
    if (focused() !== lr) lr.value = String(v);
    if (focused() !== lrSlider) lrSlider.value = String(((Math.log10(v) - lo) / (hi - lo)) * 1000);
    lrSlider.setAttribute('aria-valuetext', short(v));
    if (p) { lr.min = String(p.min); lr.max = String(p.max); }
    if (optimizer.options.length !== s.registry.optimizers.length) {
      optimizer.replaceChildren(...s.registry.optimizers.map((o) => el('option', o.label ?? o.id, { value: o.id })));
    }
    if (focused() !== optimizer) optimizer.value = s.spec.optimizer.kind;
    if (focused() !== batch) batch.value = String(s.spec.training.batch_size);
  }

  function buttons(s) {
    const ready = !!s.registry && s.opened;
    const st = s.progress?.status;
    play.disabled = !ready;
    // Disabled: the status line beside it says why, and is its accessible description.
    if (ready) play.removeAttribute('aria-describedby'); else play.setAttribute('aria-describedby', 'status-text');
    play.setAttribute('aria-pressed', String(s.running));
    play.querySelector('.label').textContent = s.running ? 'Pause' : st && st !== 'running' ? 'Restart' : 'Play';
    play.classList.toggle('playing', s.running);
    step.disabled = !ready || st !== 'running';
    epoch.disabled = !ready || st !== 'running';
    reset.disabled = !s.spec;
    seed.disabled = !s.spec;
    for (const c of [lr, lrSlider, optimizer, batch]) c.disabled = !s.spec;
  }

  let previous = status.dataset.state;
  function showStatus(s) {
    const st = s.status;
    status.dataset.state = st.state;
    pill.textContent = st.label;
    text.textContent = st.text;
    text.title = st.title ?? '';
    if (previous !== st.state && st.state !== 'running' && st.state !== 'loading') announce.textContent = `${st.label}. ${st.text}`;
    previous = st.state;
    const p = s.progress;
    // No run (it cannot train, or its data is being replaced): no counters of an earlier one stay.
    if (!p) { for (const k of Object.keys(status.dataset)) if (k !== 'state') delete status.dataset[k]; return; }
    const h = s.history;
    const e = h.epochs;
    const last = (a) => (a.length ? a[a.length - 1] : NaN);
    Object.assign(status.dataset, {
      status: p.status, step: String(p.steps), epoch: String(p.epochs), stepsPerEpoch: String(p.stepsPerEpoch),
      totalSteps: String(p.totalSteps), samples: String(p.samplesSeen), samplesPerSecond: String(Math.round(p.samplesPerSecond)),
      lr: String(p.lr), message: p.message ?? '', loss: h.length ? String(last(h.loss)) : '', historyStride: String(h.stride),
      epochLoss: e.trainLoss.length ? String(last(e.trainLoss)) : '',
      valLoss: e.valLoss.length && Number.isFinite(last(e.valLoss)) ? String(last(e.valLoss)) : '',
    });
  }

  showControls();
  return {
    update(s, event) {
      switch (event.type) {
        case 'ready': case 'spec':
          syncSpec(s);
          buttons(s);
          break;
        case 'options':
          showControls();
          break;
        case 'status': case 'frame': case 'opened': case 'invalid': case 'health':
          showStatus(s);
          buttons(s);
          break;
        case 'speed':
          // A host may ask for a speed that is not in the list (the element's speed attribute).
          if (![...speed.options].some((o) => Number(o.value) === s.speed)) speed.append(el('option', speedLabel(s.speed), { value: s.speed }));
          speed.value = String(s.speed);
          break;
        default:
      }
    },
    dispose() { bar.remove(); status.remove(); announce.remove(); },
  };
}
