// The measuring loop shared by the Node engine processes (engine.mjs) and the browser page
// (browser.mjs): per workload and figure, warm-up runs, timed runs on fresh models, the median
// samples/s and the common loss before and after. Two figures: "training" (data already in the
// engine's own form, no metrics) and "defaults" (the data as a user hands it over, converted
// inside the clock, with the engine's per-epoch evaluation). Runs in Node and in the browser.
// Not here: engines, output.
import { WORKLOADS, smoke, steps, generate, evaluateLoss, userData } from './data.mjs';

const median = (a) => { const s = [...a].sort((x, y) => x - y); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

async function timed(model, maxSteps) {
  const t0 = performance.now();
  const r = await model.train({ maxSteps });
  const wall = (performance.now() - t0) / 1000;
  // An engine may report its own training time (the native CLI); otherwise the wall clock here.
  return typeof r === 'number' ? { samples: r, seconds: wall } : { samples: r.samples, seconds: r.seconds ?? wall, firstBatchLoss: r.firstBatchLoss };
}

/**
 * One workload, one figure: warm-up, then timed runs on fresh models. make() -> a fresh model
 * ({ train, predict, dispose?, info?, epochs? }); perSampleRate: samples/s of the training figure.
 */
async function measure(make, w, data, o, perSampleRate) {
  const { total, batch } = steps(w);
  // Warm-up: runs of the same shapes with 2, 4, 8 ... steps (at most ~10% of the workload) on
  // fresh models until --warm seconds have passed: JITs and WebAssembly tier-up (V8 compiles
  // wasm with Liftoff first, TurboFan once a function is hot) reach their steady state.
  const warmMax = Math.min(total, Math.max(20, Math.ceil(total / 10)));
  let m, warmRuns = 0, warmSteps = 0, rate0 = 0;
  for (const t0 = performance.now(); ; warmRuns++) {
    warmSteps = Math.min(warmMax, 2 << Math.min(warmRuns, 20));
    m = await make();
    const warm = await timed(m, warmSteps);
    rate0 = Math.max(rate0, warm.samples / warm.seconds);
    m.dispose?.();
    if ((performance.now() - t0) / 1000 >= o.warm || o.smoke) break;
  }
  const fullSamples = total * batch > w.rows * w.epochs ? w.rows * w.epochs : total * batch;
  // Too slow to run whole: time a prefix (the same work per sample). The per-sample speed comes
  // from the training figure when it ran (perSampleRate): a defaults run has a fixed cost (the
  // data conversion) that short warm-up runs would mistake for a slow engine.
  const rate = perSampleRate ?? rate0;
  let maxSteps = 0;
  if (!o.smoke && fullSamples / rate > o.cap) maxSteps = Math.max(1, Math.floor((o.cap * rate) / batch));
  // Timed runs on fresh models, while they fit in --budget seconds (at least one, at most
  // --repeats). The common loss: before the first run (every engine's init is seeded, so each
  // run starts there) and after the last.
  const runs = [];
  let lossStart = NaN, lossEnd = NaN, firstBatchLoss, info = m.info, spent = 0, epochsReported;
  for (let r = 0; ; r++) {
    m = await make();
    info = m.info;
    if (r === 0) lossStart = evaluateLoss(w, data, await m.predict());
    const t0 = performance.now();
    const t = await timed(m, maxSteps);
    const wall = (performance.now() - t0) / 1000;
    spent += wall;
    runs.push(t);
    firstBatchLoss = t.firstBatchLoss;
    const more = !o.smoke && r + 1 < o.repeats && spent + wall <= o.budget;
    if (!more) {
      lossEnd = evaluateLoss(w, data, await m.predict());
      epochsReported = m.epochs?.length;
    }
    m.dispose?.();
    if (!more) break;
  }
  const rates = runs.map((t) => t.samples / t.seconds);
  return {
    samplesPerSec: median(rates), rates, seconds: runs.map((t) => t.seconds), samples: runs[0].samples,
    fullSamples, partial: maxSteps > 0, repeats: runs.length, warmup: { runs: warmRuns + 1, lastSteps: warmSteps },
    lossStart, lossEnd, ...(firstBatchLoss !== undefined ? { firstBatchLoss } : {}),
    ...(epochsReported !== undefined ? { epochsReported } : {}), notes: info?.notes ?? '',
  };
}

const describe = (id, w, figure, res) => `${id} ${w.id} ${figure}: ${Math.round(res.samplesPerSec).toLocaleString('en-US')} samples/s ` +
  `(${res.repeats} run${res.repeats > 1 ? 's' : ''}${res.partial ? `, first ${res.samples} of ${res.fullSamples} samples` : ''}), loss ${res.lossStart.toFixed(4)} -> ${res.lossEnd.toFixed(4)}`;

/**
 * Runs the workloads on one engine module ({ setup?, create(w, data, { user }) -> { train,
 * predict, dispose? }, extra? }). o: { engine, only, smoke, repeats, budget, cap, warm, figures };
 * log(line) for progress. Returns { workloads: { W1: ... } (training figure), defaults: { W1: ... } }.
 */
export async function runWorkloads(mod, o, log = () => {}) {
  const figures = o.figures ?? ['training', 'defaults'];
  const out = { workloads: {}, defaults: {} };
  for (const base of WORKLOADS) {
    if (o.only && !o.only.includes(base.id)) continue;
    const w = o.smoke ? smoke(base) : base;
    const data = generate(w);
    if (figures.includes('training')) {
      const res = await measure(() => mod.create(w, data), w, data, o);
      if (mod.extra && !o.smoke) res.extra = await mod.extra(w, data);
      out.workloads[w.id] = res;
      log(describe(o.engine, w, 'training', res));
    }
    if (figures.includes('defaults')) {
      const user = userData(w, data);
      const res = await measure(() => mod.create(w, data, { user }), w, data, o, out.workloads[w.id]?.samplesPerSec);
      out.defaults[w.id] = res;
      log(describe(o.engine, w, 'defaults', res));
    }
  }
  return out;
}
