// From one benchmark run's results (bench/run.mjs) to ratios, targets met or missed, and the
// Markdown tables printed to the console and written into docs/performance.md.
// Not here: measuring anything.
import { WORKLOADS } from './data.mjs';

export const DESCENT = ['descent-wasm', 'descent-native', 'descent-fast'];
export const PEERS = ['plainjs', 'tfjs-wasm', 'tfjs-cpu', 'convnetjs', 'brainjs'];
const RATIO_TARGET = { W1: 10, W2: 10, W3: 5, W4: 10 };

/** The targets of the issue, with how each is measured. */
export const TARGETS = [
  ...WORKLOADS.map((w) => ({ id: `${w.id}-ratio`, text: `${w.id} ${w.name}: Descent wasm >= ${RATIO_TARGET[w.id]}x the best peer`, min: RATIO_TARGET[w.id] })),
  { id: 'W2-wasm-native', text: 'W2: wasm >= 0.85x native portable', min: 0.85 },
  { id: 'W3-wasm-native', text: 'W3: wasm >= 0.85x native portable', min: 0.85 },
  { id: 'dense-fraction', text: 'dense-layer kernels >= 60% of the measured wasm SIMD peak (W3 sizes)', min: 0.6 },
  { id: 'download', text: 'engine download (wasm + facade JS, gzip -9) <= 300 KB', max: 300 * 1024 },
  { id: 'ready', text: 'module ready in < 100 ms in Node (fresh process)', max: 100 },
];

const sps = (e, id) => e?.workloads?.[id]?.samplesPerSec;

export function summarize(r) {
  const workloads = {};
  for (const w of WORKLOADS) {
    let best = null;
    for (const p of PEERS) {
      const v = sps(r.engines[p], w.id);
      if (v && (!best || v > best.samplesPerSec)) best = { engine: p, label: r.engines[p].label, samplesPerSec: v };
    }
    const ratios = {};
    for (const d of DESCENT) {
      const v = sps(r.engines[d], w.id);
      if (v && best) ratios[d] = v / best.samplesPerSec;
    }
    const wasm = sps(r.engines['descent-wasm'], w.id), native = sps(r.engines['descent-native'], w.id);
    workloads[w.id] = { best, ratios, wasmOverNative: wasm && native ? wasm / native : null };
    const b = r.browser?.workloads?.[w.id]?.samplesPerSec;
    if (b && wasm) workloads[w.id].browserOverNode = b / wasm;
  }
  const value = {
    ...Object.fromEntries(WORKLOADS.map((w) => [`${w.id}-ratio`, workloads[w.id].ratios['descent-wasm']])),
    'W2-wasm-native': workloads.W2.wasmOverNative,
    'W3-wasm-native': workloads.W3.wasmOverNative,
    'dense-fraction': r.kernel?.wasm?.fraction,
    download: r.size?.gzip,
    ready: r.ready?.medianMs,
  };
  const targets = TARGETS.map((t) => {
    const v = value[t.id];
    const known = typeof v === 'number' && Number.isFinite(v);
    return { ...t, value: known ? v : null, met: known ? (t.min !== undefined ? v >= t.min : v <= t.max) : null };
  });
  return { workloads, targets };
}

// ---- formatting -------------------------------------------------------------------------------
const compact = (v) => {
  if (v === undefined || v === null || !Number.isFinite(v)) return '–';
  if (v >= 1e6) return `${(v / 1e6).toFixed(v >= 1e7 ? 1 : 2)}M`;
  if (v >= 1e3) return `${(v / 1e3).toFixed(v >= 1e5 ? 0 : v >= 1e4 ? 1 : 2)}k`;
  return v.toFixed(v >= 100 ? 0 : 1);
};
const x = (v) => (v === undefined || v === null || !Number.isFinite(v) ? '–' : `${v >= 10 ? v.toFixed(1) : v.toFixed(2)}x`);
const loss = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 0.01 ? v.toFixed(4) : v.toExponential(2)) : '–');
const row = (cells) => `| ${cells.join(' | ')} |`;

function fmtTarget(t) {
  if (t.value === null) return '–';
  if (t.id === 'download') return `${(t.value / 1024).toFixed(1)} KB`;
  if (t.id === 'ready') return `${t.value.toFixed(1)} ms`;
  if (t.id === 'dense-fraction') return `${(100 * t.value).toFixed(0)}%`;
  return x(t.value);
}

export function renderTables(r) {
  const s = r.summary, m = r.machine, L = [];
  const ids = WORKLOADS.map((w) => w.id);
  const engines = [...DESCENT, ...PEERS].filter((e) => r.engines[e]);
  L.push(`Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.smoke ? ' (SMOKE: tiny sizes, not a measurement)' : ''}: ${m.cpu}, ${m.cores} cores` +
    `${m.simd.length ? ` (${m.simd.join(', ')})` : ''}, ${m.os}, Node ${m.node}` +
    `${r.browser?.chromium ? `, Chromium ${r.browser.chromium}` : ''}${m.emcc ? `, Emscripten ${(m.emcc.match(/\d+\.\d+\.\d+/) || ['?'])[0]}` : ''}` +
    `${m.commit ? `, commit ${m.commit}${m.dirty ? ' + local changes' : ''}` : ''}; load average at start ${m.loadavg.join(' ')}.`);
  L.push('');
  L.push('**Training throughput**, samples/s (median of the timed runs after warm-up; higher is better).');
  L.push('');
  L.push(row(['Engine', ...WORKLOADS.map((w) => `${w.id} ${w.name}`)]));
  L.push(row(['---', ...ids.map(() => '---:')]));
  for (const e of engines) {
    const en = r.engines[e];
    if (en.skipped || en.error) { L.push(row([en.label, ...ids.map(() => en.skipped ? 'skipped' : 'error')])); continue; }
    L.push(row([en.label, ...ids.map((id) => {
      const wl = en.workloads[id];
      if (!wl) return '–';
      return `${compact(wl.samplesPerSec)}${wl.partial ? ' †' : ''}${wl.repeats > 1 ? '' : ' ¹'}`;
    })]));
  }
  if (r.browser?.workloads) L.push(row([r.browser.label, ...ids.map((id) => compact(r.browser.workloads[id]?.samplesPerSec))]));
  L.push(row(['best peer', ...ids.map((id) => (s.workloads[id].best ? r.engines[s.workloads[id].best.engine].label : '–'))]));
  for (const d of DESCENT) {
    if (!r.engines[d]?.workloads) continue;
    L.push(row([`**${r.engines[d].label} ÷ best peer**`, ...ids.map((id) => `**${x(s.workloads[id].ratios[d])}**`)]));
  }
  L.push(row(['Descent wasm ÷ native portable', ...ids.map((id) => x(s.workloads[id].wasmOverNative))]));
  L.push('');
  L.push('† timed on a prefix of the workload (a full run would take minutes; its per-sample cost is constant). ' +
    '¹ a single timed run (slow engine; runs are cut to fit the time budget).');
  L.push('');
  L.push('**Loss** on the whole training set, the same formula for every engine (bench/data.mjs `evaluateLoss`), ' +
    'before → after training: it shows each engine trained.');
  L.push('');
  L.push(row(['Engine', ...ids]));
  L.push(row(['---', ...ids.map(() => '---')]));
  for (const e of engines) {
    const en = r.engines[e];
    if (!en.workloads) continue;
    L.push(row([en.label, ...ids.map((id) => (en.workloads[id] ? `${loss(en.workloads[id].lossStart)} → ${loss(en.workloads[id].lossEnd)}` : '–'))]));
  }
  if (r.browser?.workloads) L.push(row([r.browser.label, ...ids.map((id) => (r.browser.workloads[id] ? `${loss(r.browser.workloads[id].lossStart)} → ${loss(r.browser.workloads[id].lossEnd)}` : '–'))]));
  L.push('');
  L.push('**Targets** (ratios from this one run).');
  L.push('');
  L.push(row(['Target', 'Measured', 'Met']));
  L.push(row(['---', '---:', '---']));
  for (const t of s.targets) L.push(row([t.text, fmtTarget(t), t.met === null ? 'not measured' : t.met ? 'yes' : '**MISSED**']));
  L.push('');
  if (r.browser?.workloads) {
    L.push('**Node and the browser** (Descent wasm, same harness and data).');
    L.push('');
    L.push(row(['Workload', 'Node', 'Chromium', 'Chromium ÷ Node', 'loss after (Node / Chromium)']));
    L.push(row(['---', '---:', '---:', '---:', '---']));
    for (const id of Object.keys(r.browser.workloads)) {
      const n = r.engines['descent-wasm']?.workloads?.[id], b = r.browser.workloads[id];
      L.push(row([id, compact(n?.samplesPerSec), compact(b.samplesPerSec), x(s.workloads[id].browserOverNode), `${loss(n?.lossEnd)} / ${loss(b.lossEnd)}`]));
    }
    L.push('');
  } else if (r.browser) {
    L.push(`Browser run: ${r.browser.skipped || r.browser.error}`);
    L.push('');
  }
  if (r.kernel?.wasm) {
    const k = r.kernel;
    L.push('**Kernel probe** (bench/kernel_probe.cpp): peak = independent 4-lane mul + add chains (best of 4/8/12/16 chains, no FMA), ' +
      'each figure the best of interleaved rounds (interference only slows a measurement); ' +
      'dense = Descent\'s `dense_forward` / `dense_backward` on the W3 layers, batch 64 (GFLOP/s, 2 flops per multiply-add).');
    L.push('');
    L.push(row(['', 'WebAssembly SIMD (Node)', 'native portable (SSE2)']));
    L.push(row(['---', '---:', '---:']));
    L.push(row(['peak mul+add GFLOP/s', k.wasm.peakGflops.toFixed(1), k.native.peakGflops.toFixed(1)]));
    for (let i = 0; i < k.wasm.layers.length; i++) {
      const a = k.wasm.layers[i], b = k.native.layers[i];
      L.push(row([`${a.in}→${a.out} forward / backward${a.dx ? ' (with dx)' : ' (no dx)'}`, `${a.fwd_gflops.toFixed(1)} / ${a.bwd_gflops.toFixed(1)}`, `${b.fwd_gflops.toFixed(1)} / ${b.bwd_gflops.toFixed(1)}`]));
    }
    L.push(row(['all W3 layers, GFLOP/s', k.wasm.denseGflops.toFixed(1), k.native.denseGflops.toFixed(1)]));
    L.push(row(['**fraction of peak**', `**${(100 * k.wasm.fraction).toFixed(0)}%**`, `${(100 * k.native.fraction).toFixed(0)}%`]));
    L.push('');
  }
  const ex = r.engines['descent-wasm']?.workloads;
  if (ex && Object.values(ex).some((w) => w.extra)) {
    L.push('**What `d.runJSON` costs beyond training** (Descent wasm, one run each, seconds).');
    L.push('');
    L.push(row(['Workload', 'training (timed above)', 'open session (spec + CSV parse)', 'result JSON', 'runJSON end to end', 'result bytes']));
    L.push(row(['---', '---:', '---:', '---:', '---:', '---:']));
    for (const id of ids) {
      const w = ex[id];
      if (!w?.extra) continue;
      const train = w.samples / w.samplesPerSec;
      L.push(row([id, train.toFixed(3), w.extra.openSeconds.toFixed(3), w.extra.resultJsonSeconds.toFixed(3), w.extra.runJsonSeconds.toFixed(3), w.extra.resultBytes.toLocaleString('en-US')]));
    }
    L.push('');
  }
  L.push(`Engine download: ${r.size.files.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KB`).join(', ')} (gzip -9; ${(r.size.bytes / 1024).toFixed(0)} KB raw). ` +
    `Module ready (import + compile + instantiate, fresh Node process): median ${r.ready.medianMs.toFixed(1)} ms of ${r.ready.runs.length}.`);
  L.push('');
  L.push('How each peer runs the workloads:');
  L.push('');
  for (const p of PEERS.filter((e) => r.engines[e]?.workloads)) {
    const en = r.engines[p];
    const notes = Object.entries(en.workloads).map(([id, w]) => [id, w.notes]);
    const same = notes.every(([, n]) => n === notes[0][1]);
    const setup = en.setup?.wasmFile ? ` (loaded ${en.setup.wasmFile}; SIMD ${en.setup.simd ? 'on' : 'off'}, threads ${en.setup.threads ? 'on' : 'off'})` : '';
    L.push(`- ${en.label}${setup}: ${same ? notes[0][1] : notes.map(([id, n]) => `${id} ${n}`).join('; ')}.`);
  }
  if (r.errors.length) { L.push(''); L.push(`Errors: ${r.errors.join('; ')}`); }
  return L.join('\n');
}
