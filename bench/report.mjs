// From one benchmark run's results (bench/run.mjs) to ratios against the strongest peer (per host,
// figure and workload), targets met or missed, and the Markdown tables printed to the console and
// written into docs/performance.md. Not here: measuring anything.
import { WORKLOADS } from './data.mjs';
import { ENGINES, DESCENT, PEERS, FIGURES } from './engines/registry.mjs';

/** Descent wasm ÷ the strongest peer, per workload (issue 25), in Node and in Chromium, both figures. */
export const RATIO_TARGET = { W1: 20, W2: 25, W3: 15, W4: 10 };
const HOSTS = { node: 'Node', chromium: 'Chromium' };
const FIGURE_TEXT = { training: 'training only', defaults: 'user defaults' };
const KEY = { training: 'workloads', defaults: 'defaults' };

/** The targets, with how each is measured; unit says how the value prints. */
export const TARGETS = [
  ...WORKLOADS.flatMap((w) => Object.keys(HOSTS).flatMap((h) => FIGURES.map((f) => ({
    id: `ratio-${w.id}-${h}-${f}`, unit: 'x', min: RATIO_TARGET[w.id],
    text: `${w.id} ${w.name}: Descent wasm >= ${RATIO_TARGET[w.id]}x the strongest peer, ${HOSTS[h]}, ${FIGURE_TEXT[f]}`,
  })))),
  { id: 'dense-fraction', unit: '%', min: 0.8, text: 'dense-layer kernels >= 80% of the measured wasm SIMD peak (W3 sizes)' },
  ...WORKLOADS.map((w) => ({ id: `wasm-native-${w.id}`, unit: 'x', min: 0.95, text: `${w.id}: wasm (Node) >= 0.95x native portable (training only)` })),
  ...WORKLOADS.map((w) => ({ id: `fast-portable-${w.id}`, unit: 'x', min: 1, text: `${w.id}: native fast (-march=native) >= native portable (training only)` })),
  { id: 'csv-parse-node', unit: 'MB/s', min: 100, text: 'CSV parse in wasm >= 100 MB/s, Node (bytes from disk; session open)' },
  { id: 'csv-parse-chromium', unit: 'MB/s', min: 100, text: 'CSV parse in wasm >= 100 MB/s, Chromium (bytes; session open)' },
  { id: 'csv-papaparse', unit: 'x', min: 3, text: 'CSV parse >= 3x PapaParse on the same file, Chromium' },
  { id: 'csv-first-step', unit: 's', max: 2, text: 'a 60 MB CSV reaches its first training step in < 2 s, Node (engine load + read + parse + step)' },
  { id: 'csv-memory', unit: 'x size', max: 3, text: 'peak memory for a 60 MB CSV <= 3x its size, Node (process peak RSS growth)' },
  { id: 'download', unit: 'KB', max: 300 * 1024, text: 'engine download (wasm + facade JS, gzip -9) <= 300 KB' },
  { id: 'ready', unit: 'ms', max: 100, text: 'module ready in < 100 ms in Node (fresh process)' },
];

const sps = (e, figure, id) => e?.[KEY[figure]]?.[id]?.samplesPerSec;
const hostEngines = (r, h) => (h === 'node' ? r.engines : r.browser?.engines) ?? {};

/** Ratios and target values from a run's results. */
export function summarize(r) {
  const ratios = {};
  for (const h of Object.keys(HOSTS)) {
    const engines = hostEngines(r, h);
    ratios[h] = {};
    for (const f of FIGURES) {
      ratios[h][f] = {};
      for (const w of WORKLOADS) {
        let best = null;
        for (const p of PEERS) {
          const v = sps(engines[p], f, w.id);
          if (v && (!best || v > best.samplesPerSec)) best = { engine: p, label: ENGINES[p].label, samplesPerSec: v };
        }
        const descent = {};
        for (const d of DESCENT) {
          const v = sps(engines[d], f, w.id);
          if (v && best) descent[d] = v / best.samplesPerSec;
        }
        ratios[h][f][w.id] = { best, descent };
      }
    }
  }
  const over = (a, b, id, f = 'training') => { const x = sps(r.engines[a], f, id), y = sps(r.engines[b], f, id); return x && y ? x / y : null; };
  const browserOverNode = {};
  for (const f of FIGURES) {
    browserOverNode[f] = {};
    for (const w of WORKLOADS) {
      const b = sps(r.browser?.engines?.['descent-wasm'], f, w.id), n = sps(r.engines['descent-wasm'], f, w.id);
      browserOverNode[f][w.id] = b && n ? b / n : null;
    }
  }
  const ing = r.ingest, papa = ing?.chromium?.papaparse;
  const value = {
    ...Object.fromEntries(Object.keys(HOSTS).flatMap((h) => FIGURES.flatMap((f) => WORKLOADS.map((w) => [`ratio-${w.id}-${h}-${f}`, ratios[h][f][w.id].descent['descent-wasm']])))),
    'dense-fraction': r.kernel?.wasm?.fraction,
    ...Object.fromEntries(WORKLOADS.map((w) => [`wasm-native-${w.id}`, over('descent-wasm', 'descent-native', w.id)])),
    ...Object.fromEntries(WORKLOADS.map((w) => [`fast-portable-${w.id}`, over('descent-fast', 'descent-native', w.id)])),
    'csv-parse-node': ing?.node?.parse?.bytes?.MBps,
    'csv-parse-chromium': ing?.chromium?.descent?.bytes?.MBps,
    'csv-papaparse': papa && typeof papa === 'object' ? papa.seconds / ing.chromium.descent.bytes.seconds : null,
    'csv-first-step': ing?.node?.first?.seconds,
    'csv-memory': ing?.node ? ing.node.first.peakGrowth / ing.node.bytes : null,
    download: r.size?.gzip,
    ready: r.ready?.medianMs,
  };
  const why = { 'csv-papaparse': papa === 'missing' ? 'papaparse missing' : null };
  const targets = TARGETS.map((t) => {
    const v = value[t.id];
    const known = typeof v === 'number' && Number.isFinite(v);
    return { ...t, value: known ? v : null, met: known ? (t.min !== undefined ? v >= t.min : v <= t.max) : null, ...(why[t.id] ? { why: why[t.id] } : {}) };
  });
  return { ratios, browserOverNode, targets };
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
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
const row = (cells) => `| ${cells.join(' | ')} |`;

function fmtTarget(t) {
  if (t.value === null) return '–';
  switch (t.unit) {
    case 'KB': return `${(t.value / 1024).toFixed(1)} KB`;
    case 'ms': return `${t.value.toFixed(1)} ms`;
    case '%': return `${(100 * t.value).toFixed(0)}%`;
    case 'MB/s': return `${t.value.toFixed(0)} MB/s`;
    case 's': return `${t.value.toFixed(2)} s`;
    case 'x size': return `${t.value.toFixed(2)}x`;
    default: return x(t.value);
  }
}

const cell = (wl) => (wl ? `${compact(wl.samplesPerSec)}${wl.partial ? ' †' : ''}${wl.repeats > 1 ? '' : ' ¹'}` : '–');

/** One host's throughput table: engines x (workload, figure), then the strongest peer and the ratios. */
function throughput(r, s, h, L) {
  const engines = hostEngines(r, h);
  const ids = Object.keys(engines);
  if (!ids.length) return;
  const cols = WORKLOADS.flatMap((w) => FIGURES.map((f) => [w.id, f]));
  L.push(`**Throughput in ${HOSTS[h]}**, samples/s (median of the timed runs after warm-up; higher is better). ` +
    '*training*: data already in each engine\'s own form, no metrics; *defaults*: the data as a user hands it over (inline arrays; W3 CSV text), converted inside the clock, with the per-epoch evaluation on.');
  L.push('');
  L.push(row(['Engine', ...cols.map(([id, f]) => `${id} ${f}`)]));
  L.push(row(['---', ...cols.map(() => '---:')]));
  for (const e of [...DESCENT, ...PEERS].filter((id) => engines[id])) {
    const en = engines[e];
    if (en.skipped || en.error) { L.push(row([ENGINES[e].label, ...cols.map(() => (en.skipped ? 'skipped' : 'error'))])); continue; }
    L.push(row([ENGINES[e].label, ...cols.map(([id, f]) => cell(en[KEY[f]]?.[id]))]));
  }
  L.push(row(['strongest peer', ...cols.map(([id, f]) => s.ratios[h][f][id].best?.label ?? '–')]));
  for (const d of DESCENT.filter((id) => engines[id]?.workloads)) {
    L.push(row([`**${ENGINES[d].label} ÷ strongest peer**`, ...cols.map(([id, f]) => `**${x(s.ratios[h][f][id].descent[d])}**`)]));
  }
  L.push('');
}

export function renderTables(r) {
  const s = r.summary, m = r.machine, L = [];
  const ids = WORKLOADS.map((w) => w.id);
  L.push(`Run of ${r.date.slice(0, 16).replace('T', ' ')} UTC${r.smoke ? ' (SMOKE: tiny sizes, not a measurement)' : ''}: ${m.cpu}, ${m.cores} cores` +
    `${m.simd.length ? ` (${m.simd.join(', ')})` : ''}, ${m.os}, Node ${m.node}` +
    `${r.browser?.chromium ? `, Chromium ${r.browser.chromium}` : ''}${m.emcc ? `, Emscripten ${(m.emcc.match(/\d+\.\d+\.\d+/) || ['?'])[0]}` : ''}` +
    `${m.commit ? `, commit ${m.commit}${m.dirty ? ' + local changes' : ''}` : ''}; load average at start ${m.loadavg.join(' ')}.`);
  L.push('');
  L.push('**Descent wasm ÷ the strongest peer** (the peer named; target in the first column).');
  L.push('');
  const hostFigs = Object.keys(HOSTS).flatMap((h) => FIGURES.map((f) => [h, f]));
  L.push(row(['Workload', 'target', ...hostFigs.map(([h, f]) => `${HOSTS[h]}, ${FIGURE_TEXT[f]}`)]));
  L.push(row(['---', '---:', ...hostFigs.map(() => '---')]));
  for (const w of WORKLOADS) {
    L.push(row([`${w.id} ${w.name}`, `${RATIO_TARGET[w.id]}x`, ...hostFigs.map(([h, f]) => {
      const q = s.ratios[h][f][w.id];
      return q.best && q.descent['descent-wasm'] ? `**${x(q.descent['descent-wasm'])}** (${q.best.label})` : '–';
    })]));
  }
  L.push('');
  throughput(r, s, 'node', L);
  throughput(r, s, 'chromium', L);
  L.push('† timed on a prefix of the workload (a full run would take minutes; its per-sample cost is constant). ' +
    '¹ a single timed run (slow engine; runs are cut to fit the time budget).');
  L.push('');
  L.push('**Loss** on the whole training set (Node, training figure), the same formula for every engine (bench/data.mjs `evaluateLoss`), ' +
    'before → after training: it shows each engine trained. The defaults runs and the Chromium runs end on the same losses (bench/results/latest.json).');
  L.push('');
  L.push(row(['Engine', ...ids]));
  L.push(row(['---', ...ids.map(() => '---')]));
  for (const e of [...DESCENT, ...PEERS]) {
    const en = r.engines[e];
    if (!en?.workloads) continue;
    L.push(row([ENGINES[e].label, ...ids.map((id) => (en.workloads[id] ? `${loss(en.workloads[id].lossStart)} → ${loss(en.workloads[id].lossEnd)}` : '–'))]));
  }
  L.push('');
  L.push('**Targets** (from this one run).');
  L.push('');
  L.push(row(['Target', 'Measured', 'Met']));
  L.push(row(['---', '---:', '---']));
  for (const t of s.targets) L.push(row([t.text, fmtTarget(t), t.met === null ? (t.why ?? 'not measured') : t.met ? 'yes' : '**MISSED**']));
  L.push('');
  const bw = r.browser?.engines?.['descent-wasm'];
  if (bw?.workloads) {
    L.push('**Node and the browser** (Descent wasm, same harness and data; training / defaults).');
    L.push('');
    L.push(row(['Workload', 'Node', 'Chromium', 'Chromium ÷ Node', 'loss after (Node / Chromium)']));
    L.push(row(['---', '---:', '---:', '---:', '---']));
    for (const id of ids) {
      const n = r.engines['descent-wasm'], both = (e) => FIGURES.map((f) => compact(sps(e, f, id))).join(' / ');
      L.push(row([id, both(n), both(bw), FIGURES.map((f) => x(s.browserOverNode[f][id])).join(' / '), `${loss(n?.workloads?.[id]?.lossEnd)} / ${loss(bw.workloads[id]?.lossEnd)}`]));
    }
    L.push('');
  } else if (r.browser) {
    L.push(`Browser run: ${r.browser.skipped || r.browser.error || 'Descent wasm did not run'}`);
    L.push('');
  }
  const ing = r.ingest;
  if (ing?.node) {
    const n = ing.node, f = n.first, c = ing.chromium;
    L.push(`**Ingestion** (bench/ingest.mjs): a ${mb(n.bytes)} CSV of W3's shape (${n.rows.toLocaleString('en-US')} rows x 785 columns), ` +
      'given to Descent wasm as the bytes read from disk with W3\'s spec (bench/ingest-core.mjs). First step: a fresh Node process each, median of ' +
      `${n.runs.length}; parse: opening a session (spec + parse + model init), best of 3, MB/s = file size / time.`);
    L.push('');
    L.push(row(['', 'Node', 'Chromium']));
    L.push(row(['---', '---:', '---:']));
    L.push(row(['engine load + read + open + first step', `${f.seconds.toFixed(2)} s (${f.loadSeconds.toFixed(2)} + ${f.readSeconds.toFixed(2)} + ${f.openSeconds.toFixed(2)} + ${f.stepSeconds.toFixed(2)})`, '–']));
    L.push(row(['peak RSS growth over the loaded engine / wasm heap', `${mb(f.peakGrowth)} (${(f.peakGrowth / n.bytes).toFixed(2)}x) / ${mb(f.heapBytes)} (${(f.heapBytes / n.bytes).toFixed(2)}x)`, c?.heapBytes ? `– / ${mb(c.heapBytes)}` : '–']));
    const speed = (p) => (p && typeof p === 'object' ? `${p.MBps.toFixed(0)} MB/s (${p.seconds.toFixed(2)} s)` : (p ?? '–'));
    L.push(row(['Descent, CSV as bytes', speed(n.parse.bytes), speed(c?.descent?.bytes)]));
    L.push(row(['Descent, CSV as a JS string', speed(n.parse.string), speed(c?.descent?.string)]));
    L.push(row(['PapaParse (`dynamicTyping`)', '–', c ? speed(c.papaparse === 'missing' ? 'papaparse missing' : c.papaparse) : '–']));
    L.push(row(['split + Number() (what the JS peers do)', speed(n.parse.js), speed(c?.js)]));
    L.push('');
  } else if (ing?.error) {
    L.push(`Ingestion: ${ing.error}`);
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
    L.push('**What `d.runJSON` costs beyond training** (Descent wasm, one run each, seconds; CSV text, metrics off).');
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
  L.push('How each engine runs the workloads (training figure; then the defaults figure where it differs):');
  L.push('');
  for (const p of [...DESCENT, ...PEERS].filter((e) => r.engines[e]?.workloads)) {
    const en = r.engines[p];
    const notes = (k) => {
      const n = Object.entries(en[k] ?? {}).map(([id, w]) => [id, w.notes]);
      if (!n.length) return '';
      return n.every(([, t]) => t === n[0][1]) ? n[0][1] : n.map(([id, t]) => `${id} ${t}`).join('; ');
    };
    const setup = en.setup?.wasmFile ? ` (loaded ${en.setup.wasmFile}; SIMD ${en.setup.simd ? 'on' : 'off'}, threads ${en.setup.threads ? 'on' : 'off'})` : '';
    const t = notes('workloads'), d = notes('defaults');
    L.push(`- ${ENGINES[p].label}${setup}: ${t}${d && d !== t ? `; defaults: ${d}` : ''}.`);
  }
  if (r.errors.length) { L.push(''); L.push(`Errors: ${r.errors.join('; ')}`); }
  return L.join('\n');
}
