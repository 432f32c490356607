#!/usr/bin/env node
// Measures CSV ingestion in the WebAssembly engine (issue 25's targets): a generated numeric CSV
// (default 60 MB: 12 features and a 0/1 label per row, deterministic) is read by validate (parse,
// sniff, infer, convert, normalize: the whole open without training), then a session is opened
// and takes its first step. Prints MB/s, seconds and memory (process RSS and the wasm heap).
// A measurement, not a test: timings here are noisy and nothing asserts on them.
// Usage: node tests/data/bench_csv.mjs [MB=60]
import { loadDescent } from '../../bindings/index.js';

const mb = Number(process.argv[2] ?? 60);
const target = mb * 1e6;

function makeCsv() {
  // An LCG: the same file every time, numbers written as a spreadsheet would (1 to 4 decimals).
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
  const parts = ['f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11,f12,label\n'];
  let bytes = parts[0].length;
  while (bytes < target) {
    const row = [];
    let sum = 0;
    for (let j = 0; j < 12; ++j) {
      const v = (rnd() * 200 - 100);
      sum += v * (j % 2 ? 1 : -0.5);
      row.push(v.toFixed(1 + (j % 4)));
    }
    row.push(sum + rnd() * 20 > 0 ? '1' : '0');
    const line = row.join(',') + '\n';
    parts.push(line);
    bytes += line.length;
  }
  return new TextEncoder().encode(parts.join(''));
}

const mib = (b) => (b / 1048576).toFixed(0);
const csv = makeCsv();
const d = await loadDescent();
global.gc?.();
const rss0 = process.memoryUsage().rss;
const heap0 = d.heapBytes;
const spec = { data: { source: 'csv' }, training: { epochs: 1 } };

// Wall time, and this process's CPU time (user + system), which a loaded machine inflates less.
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let t = performance.now();
let c = cpu();
const v = d.validate(spec, { csv });
const tValidate = (performance.now() - t) / 1000;
const cValidate = cpu() - c;
if (!v.ok) throw new Error(JSON.stringify(v.errors));

t = performance.now();
c = cpu();
const s = d.session(spec, { csv });
const tOpen = (performance.now() - t) / 1000;
s.run(1);
const tFirst = (performance.now() - t) / 1000;
const cFirst = cpu() - c;
const rss1 = process.memoryUsage().rss;
const p = s.problem();
s.dispose();

const size = csv.length / 1e6;
console.log(`file: ${size.toFixed(1)} MB, ${p.rows.total} rows, ${p.inputs} features (${p.data.summary})`);
console.log(`validate (parse + infer + convert + normalize): ${tValidate.toFixed(2)} s = ${(size / tValidate).toFixed(0)} MB/s (CPU ${cValidate.toFixed(2)} s = ${(size / cValidate).toFixed(0)} MB/s)`);
console.log(`session open: ${tOpen.toFixed(2)} s; open + first step: ${tFirst.toFixed(2)} s (CPU ${cFirst.toFixed(2)} s)`);
console.log(`memory: RSS ${mib(rss0)} -> ${mib(rss1)} MiB (+${mib(rss1 - rss0)} MiB = ${((rss1 - rss0) / csv.length).toFixed(2)}x the file); wasm heap ${mib(heap0)} -> ${mib(d.heapBytes)} MiB (${(d.heapBytes / csv.length).toFixed(2)}x the file)`);
