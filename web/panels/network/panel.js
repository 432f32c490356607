// The network view: the model's neurons and links (graph.js: links by the sign and size of their
// weight, each neuron a heatmap of its output over the data's box for 2-D inputs) and the gradient
// flow, one line per layer of ||dL/dW_layer|| by step on a log scale (the history's layerGradNorm),
// so vanishing and exploding gradients show where they happen. Pointer or keyboard (arrows move
// between neurons, [ and ] walk a neuron's incoming links) picks a neuron or a link; the read-out
// gives its value and gradient. The latest per-layer norms are data-* attributes on the card.
// Off screen (views/onscreen.js) the card keeps its data-* attributes current but draws nothing:
// the diagram and the flow chart catch up when it comes back.
// Not here: any number (the engine computes them: watch.network, history), the drawing (graph.js).
import { el } from '../../dom.js';
import { LineChart } from '../../charts/linechart.js';
import { thin } from '../../charts/series.js';
import { fmt, int } from '../../charts/format.js';
import { viridis } from '../../palette.js';
import { dataBox } from '../../charts/dataplot.js';
import { NetworkGraph } from './graph.js';
import { modelSizes, layerOffsets } from '../../views/explain-lines.js';
import { Onscreen } from '../../views/onscreen.js';

/** Grid points per side of each neuron's heatmap (the engine evaluates units x RESOLUTION^2 values). */
export const RESOLUTION = 16;
/** The least time between two redraws of the gradient-flow chart while training. */
export const FLOW_MS = 300;
/** Points per layer the gradient-flow chart draws at most (its min/max pairs: a few per pixel of a card-wide chart). */
export const FLOW_POINTS = 800;
/** Parameters sent to the page for the links at most (bigger models: plain links). */
export const MAX_PARAMS = 20000;

/** The model's layer widths [inputs, ...hidden, outputs] from the spec and problem, or null (no network: function mode, or sizes that do not add up to numParams). */
export function networkSizes(spec, problem) {
  if (!problem || problem.functionMode || !spec?.model) return null;
  const sizes = modelSizes(problem, spec);
  const offsets = layerOffsets(sizes);
  const n = offsets.length ? offsets.at(-1).b + sizes.at(-1) : 0;
  return n === problem.numParams ? sizes : null;
}

const color = (l, layers) => {
  const c = viridis(layers > 1 ? (l / (layers - 1)) * 0.9 : 0);
  return `rgb(${c[0] | 0}, ${c[1] | 0}, ${c[2] | 0})`;
};

export function build(ctx) {
  const card = el('section', null, { class: 'card network-card', id: 'network', 'aria-labelledby': 'network-title' });
  card.append(el('h2', 'Network', { id: 'network-title' }));
  const hint = el('p', 'Each square is a neuron (for two inputs: what it outputs over the data’s box); links are coloured by the sign of their weight (dashed: negative) and as wide as its size. Arrow keys move between neurons, [ and ] walk a neuron’s incoming links.', { class: 'muted network-hint', id: 'network-hint' });
  const canvas = el('canvas', null, {
    class: 'network-canvas', tabindex: '0', role: 'img',
    'aria-label': 'Network diagram: neurons and weighted links', 'aria-describedby': 'network-hint network-readout',
  });
  const readout = el('p', 'Point at or focus a neuron or a link for its value and gradient.', { class: 'network-readout', id: 'network-readout', 'aria-live': 'polite' });
  const flowBox = el('div', null, { class: 'chart', id: 'network-flow', role: 'img', 'aria-label': 'Gradient norm of each layer by step' });
  const flowFigure = el('figure', null, { class: 'small-chart network-flow' });
  flowFigure.append(el('figcaption', 'Gradient flow: ‖∂L/∂W‖ of each layer (log scale)'), flowBox);
  card.append(hint, canvas, readout, flowFigure);
  card.hidden = true;
  ctx.place(card);

  const graph = new NetworkGraph(canvas);
  let flow = null;
  let sizes = null;
  let params = null;
  let gradient = null;
  let flowVersion = -1;
  let flowDrawn = -1;   // the history version the flow chart shows
  let flowAt = -Infinity;
  let flowTimer = 0;   // a chart redraw waiting for its task
  const onscreen = new Onscreen(flowBox, () => drawFlow(ctx.state));

  const want = (s) => {
    if (!sizes) return null;
    const box = sizes[0] === 2 && s.data ? dataBox([s.data.trainX, s.data.validationX ?? []], 2) : null;
    return {
      network: {
        params: (s.problem?.numParams ?? 0) <= MAX_PARAMS,
        units: box ? { xRange: box.x, yRange: box.y, resolution: RESOLUTION } : undefined,
      },
    };
  };

  function opened(s) {
    sizes = networkSizes(s.spec, s.problem);
    card.hidden = !sizes;
    params = null;
    gradient = null;
    flowVersion = -1;
    flowDrawn = -1;
    for (const k of Object.keys(card.dataset)) delete card.dataset[k];
    if (!sizes) { ctx.intent('watch', 'network', null); return; }
    card.dataset.layers = String(sizes.length - 1);
    graph.setNetwork({ sizes, names: s.problem.featureNames ?? [] });
    flow?.clear();
    flowBox.replaceChildren();
    flow = new LineChart(flowBox, {
      yLabel: '‖∂L/∂W‖', log: true, height: 170,
      series: sizes.slice(1).map((_, l) => ({ label: l === sizes.length - 2 ? `output layer` : `layer ${l + 1}`, stroke: color(l, sizes.length - 1), width: 1.5 })),
    });
    ctx.intent('watch', 'network', want(s));
    readout.textContent = 'Point at or focus a neuron or a link for its value and gradient.';
    drawFlow(s);
  }

  function network(x) {
    if (!x || !sizes) return;
    if (x.params) { params = x.params; gradient = x.gradient; graph.setParams(params); }
    if (x.units && !x.units.error) graph.setUnits(x.units);
    card.dataset.netStep = String(x.steps);
    describe();
  }

  // The card's numbers at once; the chart on screen only (it catches up when the card comes back),
  // at most every FLOW_MS while training, in a task of its own (the loss charts draw in the
  // animation frame that calls this).
  function drawFlow(s) {
    const h = s.history;
    if (!flow || !sizes) return;
    const layers = h.layerGradNorm;
    const usable = h.length && layers.length === sizes.length - 1;
    if (onscreen.visible && !flowTimer && h.version !== flowDrawn && (!s.running || performance.now() - flowAt >= FLOW_MS)) {
      flowTimer = setTimeout(() => { flowTimer = 0; paintFlow(ctx.state); }, 0);
    }
    if (!usable || h.version === flowVersion) return;
    flowVersion = h.version;
    const last = h.length - 1;
    const now = layers.map((a) => a[last]);
    card.dataset.gradStep = String(h.stepAt(last));
    card.dataset.layerGrad = now.join(',');
    card.dataset.gradFirst = String(now[0]);
    card.dataset.gradLast = String(now.at(-1));
  }

  function paintFlow(s) {
    const h = s.history;
    if (!flow || !sizes || h.version === flowDrawn) return;
    flowDrawn = h.version;
    flowAt = performance.now();
    const layers = h.layerGradNorm;
    if (!h.length || layers.length !== sizes.length - 1) { flow.setData([], sizes.slice(1).map(() => [])); return; }
    const idx = thin(layers[0], FLOW_POINTS);
    flow.setData(idx.map((i) => h.stepAt(i)), layers.map((a) => idx.map((i) => a[i])));
    const last = h.length - 1;
    flowBox.setAttribute('aria-label', `Gradient norm of each layer at step ${int(h.stepAt(last))}: ${layers.map((a, l) => `layer ${l + 1} ${fmt(a[last])}`).join(', ')}`);
  }

  // The read-out for the picked neuron or link: its parameter's value and gradient.
  function describe() {
    const f = graph.focus;
    if (!f || !sizes) return;
    const o = layerOffsets(sizes);
    const names = graph.network?.names ?? [];
    const unitName = (l, j) => (l === 0 ? names[j] ?? `input ${j + 1}` : `${l === sizes.length - 1 ? 'output' : `layer ${l}`} unit ${j + 1}`);
    const num = (a, k) => (a && Number.isFinite(a[k]) ? fmt(a[k]) : '–');
    let text;
    if (f.kind === 'node') {
      if (f.layer === 0) text = `${unitName(0, f.unit)}: an input (normalized as training reads it).`;
      else {
        const k = o[f.layer - 1].b + f.unit;
        text = `${unitName(f.layer, f.unit)}: bias ${num(params, k)}, gradient ${num(gradient, k)}.`;
      }
    } else {
      const L = o[f.layer - 1];
      const k = L.w + f.to * L.in + f.from;
      text = `${unitName(f.layer - 1, f.from)} → ${unitName(f.layer, f.to)}: weight ${num(params, k)}, gradient ${num(gradient, k)}.`;
    }
    if (readout.textContent !== text) readout.textContent = text;
  }

  const pick = (item) => { if (!item) return; graph.focus = item; describe(); };
  canvas.addEventListener('pointermove', (e) => {
    const r = canvas.getBoundingClientRect();
    const item = graph.hit(e.clientX - r.left, e.clientY - r.top);
    if (item) pick(item);
  });
  canvas.addEventListener('focus', () => { if (!graph.focus) pick(graph.move('')); });
  canvas.addEventListener('keydown', (e) => {
    let item = null;
    if (e.key.startsWith('Arrow')) item = graph.move(e.key);
    else if (e.key === ']') item = graph.cycleLink(1);
    else if (e.key === '[') item = graph.cycleLink(-1);
    else return;
    e.preventDefault();
    pick(item);
  });

  return {
    update(s, event) {
      switch (event.type) {
        case 'opened':
          opened(s);
          network(s.watched?.network);
          break;
        case 'progress':
          if (event.message?.watched?.network) network(event.message.watched.network);
          break;
        case 'charts':
          drawFlow(s);
          break;
        case 'theme':
          graph.restyle();
          flow?.restyle();
          break;
        case 'invalid':
          card.hidden = true;
          sizes = null;
          ctx.intent('watch', 'network', null);
          break;
        default:
      }
    },
    dispose() { onscreen.disconnect(); card.remove(); ctx.intent('watch', 'network', null); },
  };
}
