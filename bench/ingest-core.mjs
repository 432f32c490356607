// The ingestion benchmark's shared half (Node and the browser page): the workload (W3's model and
// data generator on more rows, so the CSV is ~60 MB), its spec as a user writes it (CSV, default
// metrics), and timings of parsing the same CSV with Descent (opening a session: spec + parse +
// model init), with PapaParse (when installed) and with the split-and-Number() parse the JS peers
// use. Each parse figure is the best of `runs` (interference only slows a run down); in Node also
// in CPU time (cpuSeconds, cpuMBps: the process's user + system time, which a loaded machine
// inflates far less than the wall clock, as the parse runs on one thread).
// Not here: files, child processes, Chromium (bench/ingest.mjs, bench/browser.mjs, bench/run.mjs).
import { WORKLOADS, parseCsv } from './data.mjs';
import { descentSpec } from './engines/descent-core.mjs';

const W3 = WORKLOADS.find((w) => w.id === 'W3');
/** Bytes per W3 row in CSV (784 values with up to 3 decimals, and a label): about 4.6 KB. */
export const ROW_BYTES = 4600;

/** W3 with `rows` rows (the ingestion workload). */
export const ingestWorkload = (rows) => ({ ...W3, id: 'W3', rows });

/** The spec a user writes for it: CSV data, W3's model and optimizer, default metrics. */
export const ingestSpec = (rows) => descentSpec(ingestWorkload(rows), { user: { csv: '' } });

/** Rows for a CSV of about `mb` megabytes (10^6 bytes). */
export const rowsFor = (mb) => Math.max(16, Math.round((mb * 1e6) / ROW_BYTES));

const cpu = () => { const u = globalThis.process?.cpuUsage?.(); return u ? (u.user + u.system) / 1e6 : NaN; };
const best = (f, runs) => {
  let s = Infinity, c = Infinity, out;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now(), c0 = cpu();
    out = f();
    s = Math.min(s, (performance.now() - t0) / 1000);
    c = Math.min(c, cpu() - c0);
  }
  return { seconds: s, cpuSeconds: c, out };
};
/** The figures of one parse: seconds, MB/s, and in Node the same in CPU time. */
const figures = ({ seconds, cpuSeconds }, bytes, rows) => ({
  seconds, rows, MBps: bytes / 1e6 / seconds,
  ...(Number.isFinite(cpuSeconds) ? { cpuSeconds, cpuMBps: bytes / 1e6 / cpuSeconds } : {}),
});

/** Descent: open a session on the CSV (string or bytes) `runs` times; { seconds, rows, MBps }. */
export function timeDescent(d, rows, csv, runs = 3) {
  const bytes = typeof csv === 'string' ? csv.length : csv.byteLength;
  const b = best(() => {
    const s = d.session(ingestSpec(rows), { csv });
    const n = s.problem().rows?.train;
    s.dispose();
    return n;
  }, runs);
  if (b.out !== rows) throw new Error(`descent read ${b.out} rows of ${rows}`);
  return figures(b, bytes, b.out);
}

/** PapaParse on the text with typed values, as its docs recommend for numbers; { seconds, rows, MBps }. */
export function timePapa(Papa, text, rows, runs = 3) {
  const b = best(() => Papa.parse(text, { dynamicTyping: true, skipEmptyLines: true }), runs);
  if (b.out.errors.length || b.out.data.length !== rows) throw new Error(`papaparse: ${b.out.data.length} rows of ${rows}, ${b.out.errors.length} errors`);
  return figures(b, text.length, b.out.data.length);
}

/** The JS peers' parse (data.mjs parseCsv: split, Number()); { seconds, rows, MBps }. */
export function timeJsParse(text, rows, runs = 3) {
  const b = best(() => parseCsv(text, W3.layers[0]), runs);
  if (b.out.n !== rows) throw new Error(`js parse: ${b.out.n} rows of ${rows}`);
  return figures(b, text.length, b.out.n);
}
