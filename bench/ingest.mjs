#!/usr/bin/env node
// The ingestion benchmark in Node: a W3-shaped CSV of about --mb megabytes (bench/build/, made once)
// goes to Descent's wasm engine as the bytes read from disk. Measured:
//   first step: in a fresh process, from loading the engine and reading the file to the end of
//     the first training step (median of --runs processes; wall and CPU time: the process's user +
//     system time, which a loaded machine inflates far less), with the peak memory of that process
//     (maxRSS over the RSS before the file was read, and the wasm heap: facade heapBytes);
//   parse: opening a session on the same CSV, as bytes and as a JS string, best of 3 (MB/s).
// The Chromium half (Descent vs PapaParse on the same file) is window.runIngest in bench/browser.mjs.
//   node bench/ingest.mjs [--mb 60] [--runs 3]       prints the JSON
//   node bench/ingest.mjs --child FILE ROWS          (internal) one fresh process, prints JSON
// Nothing here asserts a timing; bench/report.mjs compares with the targets.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, csv } from './data.mjs';
import { ingestWorkload, ingestSpec, rowsFor, timeDescent, timeJsParse } from './ingest-core.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = path.join(root, 'bench', 'build');

/** The CSV file for about `mb` MB (written once into bench/build/): { file, rows, bytes }. */
export function ingestFile(mb, log = () => {}) {
  const rows = rowsFor(mb);
  const file = path.join(dir, `ingest-${rows}.csv`);
  if (!existsSync(file)) {
    log(`writing a ${mb} MB CSV (${rows} rows of W3's shape) to ${path.relative(root, file)}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.tmp`, csv(generate(ingestWorkload(rows))));
    renameSync(`${file}.tmp`, file);
  }
  return { file, rows, bytes: statSync(file).size };
}

/** One fresh process: engine load + file read + session + first step, and its memory. */
async function child(file, rows) {
  const rssBefore = process.memoryUsage().rss;
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
  const c0 = cpu();
  const t0 = performance.now();
  const { loadDescent } = await import('../bindings/index.js');
  const d = await loadDescent();
  const t1 = performance.now();
  const rssEngine = process.memoryUsage().rss;
  const bytes = readFileSync(file);
  const t2 = performance.now();
  const s = d.session(ingestSpec(rows), { csv: bytes });
  const t3 = performance.now();
  s.run(1);
  const t4 = performance.now();
  const cpuSeconds = cpu() - c0;
  if (s.steps !== 1 || !Number.isFinite(s.history().loss[0])) throw new Error(`first step: ${s.status} ${s.message}`);
  const peak = process.resourceUsage().maxRSS * 1024;
  return {
    seconds: (t4 - t0) / 1000, cpuSeconds, loadSeconds: (t1 - t0) / 1000, readSeconds: (t2 - t1) / 1000, openSeconds: (t3 - t2) / 1000, stepSeconds: (t4 - t3) / 1000,
    bytes: bytes.length, rows: s.problem().rows.train, loss: s.history().loss[0],
    rssBefore, rssEngine, peakRss: peak, peakGrowth: peak - rssEngine, heapBytes: d.heapBytes,
  };
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[(s.length - 1) >> 1]; };

/** The Node figures for a CSV of about `mb` MB. */
export async function measureIngest({ mb = 60, runs = 3, log = () => {} } = {}) {
  const { file, rows, bytes } = ingestFile(mb, log);
  log(`ingestion: ${(bytes / 1e6).toFixed(1)} MB CSV, ${rows} rows; first step in ${runs} fresh processes`);
  const firsts = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file, String(rows)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`ingestion child failed: ${r.stderr}`);
    firsts.push(JSON.parse(r.stdout));
  }
  const pick = (k) => median(firsts.map((f) => f[k]));
  const first = Object.fromEntries(['seconds', 'cpuSeconds', 'loadSeconds', 'readSeconds', 'openSeconds', 'stepSeconds', 'peakGrowth', 'peakRss', 'heapBytes', 'rssEngine'].map((k) => [k, pick(k)]));
  log('ingestion: parse throughput (bytes and string), best of 3');
  const { loadDescent } = await import('../bindings/index.js');
  const d = await loadDescent();
  const buf = readFileSync(file);
  const text = buf.toString('utf8');
  const parse = { bytes: timeDescent(d, rows, new Uint8Array(buf.buffer, buf.byteOffset, buf.length)), string: timeDescent(d, rows, text), js: timeJsParse(text, rows) };
  return { file: path.relative(root, file), mb, bytes, rows, runs: firsts, first, parse, loss: firsts[0].loss };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const a = process.argv.slice(2);
  if (a[0] === '--child') {
    child(a[1], Number(a[2])).then((r) => process.stdout.write(`${JSON.stringify(r)}\n`), (e) => { process.stderr.write(`${e.stack || e}\n`); process.exit(1); });
  } else {
    const mb = a.includes('--mb') ? Number(a[a.indexOf('--mb') + 1]) : 60;
    const runs = a.includes('--runs') ? Number(a[a.indexOf('--runs') + 1]) : 3;
    measureIngest({ mb, runs, log: (m) => process.stderr.write(`[bench] ${m}\n`) })
      .then((r) => process.stdout.write(`${JSON.stringify(r, null, 1)}\n`), (e) => { process.stderr.write(`${e.stack || e}\n`); process.exit(1); });
  }
}
