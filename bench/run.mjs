#!/usr/bin/env node
// `npm run bench`: every engine on the same four workloads (bench/data.mjs), in two figures
// (training only; the defaults a user gets), one process per engine, one after another; then the
// same engines in headless Chromium (a fresh page each), the ingestion benchmark (Node and
// Chromium), the kernel probe, download size and start-up time. Writes bench/results/latest.json
// and the generated tables of docs/performance.md (between its bench markers), and prints them.
//   node bench/run.mjs [--smoke] [--engines a,b] [--only W1,W3] [--figures training,defaults]
//                      [--no-browser] [--no-probe] [--no-ingest] [--ingest-mb N] [--repeats N]
//                      [--out file] [--no-doc]
// --smoke: tiny sizes, one run each, a 1 MB CSV, writes bench/results/smoke.json, never the doc.
// Speed is reported as ratios from this one run; nothing here asserts a timing.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WORKLOADS, smoke as smokeOf } from './data.mjs';
import { ENGINES, FIGURES } from './engines/registry.mjs';
import { summarize, renderTables } from './report.mjs';
import { ingestFile, measureIngest } from './ingest.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const rel = (p) => path.relative(root, p);
const log = (m) => process.stderr.write(`[bench] ${m}\n`);

function parseArgs(argv) {
  const o = { smoke: false, engines: Object.keys(ENGINES), only: null, figures: FIGURES, browser: true, probe: true, ingest: true, ingestMb: null, repeats: null, out: null, doc: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--engines') o.engines = argv[++i].split(',');
    else if (a === '--only') o.only = argv[++i].split(',');
    else if (a === '--figures') o.figures = argv[++i].split(',');
    else if (a === '--no-ingest') o.ingest = false;
    else if (a === '--ingest-mb') o.ingestMb = Number(argv[++i]);
    else if (a === '--no-browser') o.browser = false;
    else if (a === '--no-probe') o.probe = false;
    else if (a === '--repeats') o.repeats = Number(argv[++i]);
    else if (a === '--out') o.out = path.resolve(argv[++i]);
    else if (a === '--no-doc') o.doc = false;
    else throw new Error(`unknown argument ${a} (see the header of bench/run.mjs)`);
  }
  for (const e of o.engines) if (!ENGINES[e]) throw new Error(`unknown engine ${e}; engines: ${Object.keys(ENGINES).join(', ')}`);
  for (const f of o.figures) if (!FIGURES.includes(f)) throw new Error(`--figures: ${f} is not one of ${FIGURES.join(', ')}`);
  if (o.smoke) o.doc = false;
  o.ingestMb ??= o.smoke ? 1 : 60;
  o.out ??= path.join(root, 'bench', 'results', o.smoke ? 'smoke.json' : 'latest.json');
  return o;
}

/** Runs a command, collecting stdout; stderr passes through (progress). */
function run(cmd, args, { input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('close', (code) => resolve({ code, out }));
  });
}

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const field = (k) => (cpuinfo.match(new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm')) || [])[1]?.trim();
  const flags = (field('flags') || '').split(/\s+/);
  let emcc = null, commit = null, dirty = false;
  try { emcc = execFileSync('em++', ['--version'], { encoding: 'utf8' }).split('\n')[0]; } catch { /* not installed */ }
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
  } catch { /* not a checkout */ }
  return {
    cpu: field('model name') || os.cpus()[0]?.model || 'unknown', cores: os.cpus().length,
    mhz: Number(field('cpu MHz')) || null, simd: ['sse2', 'avx2', 'fma', 'avx512f'].filter((f) => flags.includes(f)),
    os: `${os.type()} ${os.release()}`, node: process.version, emcc, commit, dirty, loadavg: os.loadavg().map((x) => +x.toFixed(2)),
  };
}

function downloadSize() {
  const files = ['bindings/wasm/descent.wasm', 'bindings/wasm/descent.mjs', 'bindings/index.js'];
  const rows = files.map((f) => {
    const b = readFileSync(path.join(root, f));
    return { file: f, bytes: b.length, gzip: gzipSync(b, { level: 9 }).length };
  });
  return { files: rows, bytes: rows.reduce((s, r) => s + r.bytes, 0), gzip: rows.reduce((s, r) => s + r.gzip, 0), level: 9 };
}

async function readyTimes(n) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const r = await run(process.execPath, [path.join(root, 'bench', 'ready.mjs')]);
    if (r.code === 0) ms.push(Number(r.out.trim()));
  }
  const s = [...ms].sort((a, b) => a - b);
  return { runs: ms, medianMs: s.length ? s[s.length >> 1] : NaN };
}

/** The browser-capable engines in headless Chromium, a fresh context (page) each; then ingestion. */
async function browserRun(o, ingest) {
  const exe = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(exe)) return { skipped: `no Chromium at ${exe}` };
  const { launch, startServer } = await import('../tests/helpers/browser.mjs');
  const server = await startServer({ root: '.' });
  const browser = await launch();
  const out = { chromium: browser.version(), engines: {}, problems: [] };
  const open = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on('pageerror', (e) => out.problems.push(e.message));
    await page.goto(`${server.url}bench/browser.html`);
    await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60_000 });
    return { page, context };
  };
  try {
    for (const id of o.engines.filter((e) => ENGINES[e].browser)) {
      log(`browser: ${id} in headless Chromium`);
      const { page, context } = await open();
      try {
        const r = await page.evaluate((args) => window.runBench(args), { engine: id, only: o.only, smoke: o.smoke, figures: o.figures, ...(o.repeats ? { repeats: o.repeats } : {}) });
        for (const l of r.log) log(`browser ${l}`);
        delete r.log;
        out.engines[id] = r;
      } catch (e) {
        out.engines[id] = { engine: id, label: ENGINES[id].label, error: String(e.message || e) };
        out.problems.push(`${id}: ${e.message || e}`);
      } finally {
        await context.close();
      }
    }
    if (ingest) {
      log(`browser: parsing the ${(ingest.bytes / 1e6).toFixed(1)} MB CSV (Descent, PapaParse, split + Number)`);
      const { page, context } = await open();
      try {
        out.ingest = await page.evaluate((a) => window.runIngest(a), { url: `${server.url}${rel(ingest.file)}`, rows: ingest.rows, runs: o.smoke ? 1 : 3 });
      } catch (e) {
        out.ingest = { error: String(e.message || e) };
        out.problems.push(`ingestion: ${e.message || e}`);
      } finally {
        await context.close();
      }
    }
    return out;
  } finally {
    await browser.close();
    server.close();
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const result = { date: new Date().toISOString(), smoke: o.smoke, machine: machine(), workloads: {}, engines: {}, errors: [] };
  for (const w of WORKLOADS) {
    const x = o.smoke ? smokeOf(w) : w;
    result.workloads[w.id] = { name: w.name, model: w.model, data: w.data, training: w.training, rows: x.rows, epochs: x.epochs };
  }
  log(`${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}${o.smoke ? ' (smoke: tiny sizes)' : ''}`);

  result.size = downloadSize();
  result.ready = await readyTimes(o.smoke ? 1 : 7);
  log(`engine download ${(result.size.gzip / 1024).toFixed(1)} KB gzip; module ready in ${result.ready.medianMs.toFixed(1)} ms (median of ${result.ready.runs.length} fresh processes)`);

  for (const id of o.engines) {
    if (id === 'descent-fast' && !existsSync(path.join(root, 'build/fast/descent-native'))) {
      result.engines[id] = { engine: id, label: ENGINES[id].label, skipped: 'build/fast/descent-native is missing (bash scripts/build.sh fast)' };
      log(`${id}: skipped (${result.engines[id].skipped})`);
      continue;
    }
    const args = [path.join(root, 'bench', 'engine.mjs'), '--engine', id, '--figures', o.figures.join(',')];
    if (o.smoke) args.push('--smoke');
    if (o.only) args.push('--only', o.only.join(','));
    if (o.repeats) args.push('--repeats', String(o.repeats));
    const r = await run(process.execPath, args);
    const line = r.out.trim().split('\n').pop();
    if (r.code !== 0 || !line) {
      result.engines[id] = { engine: id, label: ENGINES[id].label, error: `exit code ${r.code}` };
      result.errors.push(`${id}: exit code ${r.code}`);
      continue;
    }
    result.engines[id] = JSON.parse(line);
  }

  let ingest = null;
  if (o.ingest) {
    try {
      ingest = ingestFile(o.ingestMb, log);
      result.ingest = { node: await measureIngest({ mb: o.ingestMb, runs: o.smoke ? 1 : 3, log }) };
    } catch (e) {
      result.ingest = { error: String(e.message || e) };
      result.errors.push(`ingestion: ${e.message || e}`);
    }
  }

  if (o.browser) {
    try {
      result.browser = await browserRun(o, ingest);
      if (result.ingest && result.browser.ingest) result.ingest.chromium = result.browser.ingest;
      delete result.browser.ingest;
      if (result.browser.problems?.length) result.errors.push(`browser: ${result.browser.problems.join('; ')}`);
    } catch (e) {
      result.browser = { error: String(e.message || e) };
      result.errors.push(`browser: ${e.message || e}`);
    }
  }

  if (o.probe) {
    log('kernel probe: WebAssembly SIMD peak and dense-layer GFLOP/s');
    try {
      const kp = await import('./kernel-probe.mjs');
      kp.build(log);
      const opts = o.smoke ? { minSeconds: 0.02, iters: 1e7, rounds: 1 } : { minSeconds: 0.25, iters: 1.5e8, rounds: 5 };
      result.kernel = { wasm: await kp.probeWasm(opts), native: kp.probeNative(opts) };
    } catch (e) {
      result.kernel = { error: String(e.message || e) };
      result.errors.push(`kernel probe: ${e.message || e}`);
    }
  }

  result.summary = summarize(result);
  result.seconds = (Date.now() - t0) / 1000;
  mkdirSync(path.dirname(o.out), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify(result, null, 1)}\n`);
  const tables = renderTables(result);
  process.stdout.write(`\n${tables}\n`);
  log(`wrote ${rel(o.out)} (${result.seconds.toFixed(0)} s)`);
  if (o.doc) {
    const doc = path.join(root, 'docs', 'performance.md');
    const begin = '<!-- bench:begin (generated by npm run bench; edits here are overwritten) -->';
    const end = '<!-- bench:end -->';
    const text = readFileSync(doc, 'utf8');
    const i = text.indexOf(begin), j = text.indexOf(end);
    if (i < 0 || j < i) throw new Error('docs/performance.md has no bench markers');
    writeFileSync(doc, `${text.slice(0, i + begin.length)}\n${tables}\n${text.slice(j)}`);
    log('updated docs/performance.md');
  }
  if (result.errors.length) {
    log(`errors: ${result.errors.join(' | ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => { process.stderr.write(`[bench] ${e.stack || e}\n`); process.exit(1); });
