// A lesson's runs trained through the engine's facade (bindings/index.js) in one thread, and their
// records for the claims (claims.js recordOf): the numbers the page's race keeps for the same runs
// (history, epochs, path, metrics, predictions), read from a session. The test suite and the docs
// use it in Node; it needs only a `descent` object (loadDescent()).
// Not here: the page's own records (app/race.js builds them from its workers' messages).
import { lessonSetup } from '../app/link.js';
import { runSpec, RUN_NAMES } from '../app/runs.js';
import { recordOf } from './claims.js';

/** The normalized spec of each run of a lesson: [{ name, spec }] (A is the lesson's spec). */
export function lessonRuns(lesson, registry) {
  const { spec, runs } = lessonSetup(lesson, registry);
  return [{ name: 'A', spec }, ...runs.map((p, i) => ({ name: RUN_NAMES[i + 1], spec: runSpec(spec, p, registry).spec }))];
}

/** Gradient norm of each layer's weight matrix (PyTorch layout: per layer W (out x in) then b). */
export function layerGradNorms(gradient, sizes) {
  const out = [];
  let k = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const n = sizes[l] * sizes[l + 1];
    let s = 0;
    for (let i = 0; i < n; i++) s += gradient[k + i] ** 2;
    out.push(Math.sqrt(s));
    k += n + sizes[l + 1];
  }
  return out;
}

/** A session's record (its run's name, the spec it was opened with). */
export function recordFromSession(name, session, spec) {
  const h = session.history(0, 0);
  const problem = session.problem();
  const fn = !!problem.functionMode;
  let path = null;
  if (session.numParams === 2) {
    const t = session.trajectory();
    path = { stride: t.stride, points: Array.from(t.points), values: fn ? Array.from(t.values) : [] };
  }
  let curve = null;
  if (problem.task === 'regression' && problem.inputs === 1 && problem.outputs === 1) {
    const x = session.data().trainX;
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of x) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const xs = Float32Array.from({ length: 41 }, (_, i) => lo + ((hi - lo) * i) / 40);
    curve = { x: Array.from(xs), y: Array.from(session.predict(xs)) };
  }
  const weights = !fn && session.numParams <= 64 ? Array.from(session.params()) : null;
  let outputs = null;
  if (problem.task === 'binary' && problem.outputs === 1) {
    const d = session.data();
    outputs = { y: Array.from(d.trainY), p: Array.from(session.predict(d.trainX)), kind: problem.output };
  }
  let layerGrad = null;
  if (!fn && spec.model.kind === 'mlp' && session.steps > 0) layerGrad = layerGradNorms(session.gradient(), [problem.inputs, ...spec.model.hidden, problem.outputs]);
  return recordOf({
    name, functionMode: fn, status: session.status, steps: session.steps,
    stride: h.stride, loss: Array.from(h.loss), gradNorm: Array.from(h.gradNorm), lr: Array.from(h.lr),
    epochs: h.epochs, stepsPerEpoch: session.stepsPerEpoch, path, metrics: session.metrics(), curve, layerGrad, weights, outputs,
    restored: session.status === 'early_stopped' && spec.training.early_stopping?.restore_best !== false,
    chain: !fn && spec.model.kind === 'mlp' && weights ? session.chainRule(0, 0) : null,
  });
}

/**
 * Trains every run of a lesson to its end (the spec's epochs or steps, or until it stops) and
 * returns their records. runs: [{ name, spec }] to train instead (a test's mutation).
 */
export function trainLesson(descent, lesson, { runs = lessonRuns(lesson, descent.registry()), chunk = 500 } = {}) {
  return runs.map(({ name, spec }) => {
    const s = descent.session(spec);
    try {
      while (s.status === 'running') s.run(chunk);
      return recordFromSession(name, s, spec);
    } finally {
      s.dispose();
    }
  });
}
