// The ingestion benchmark's shared half (Node and the browser page): the workload (W3's model and
// data generator on more rows, so the CSV is ~60 MB), its spec as a user writes it (CSV, default
// metrics), and timings of parsing the same CSV with Descent (opening a session: spec + parse +
// model init), with PapaParse (when installed) and with the split-and-Number() parse the JS peers
// use. Each parse figure is the best of `runs` (interference only slows a run down).
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

const best = (f, runs) => {
  let s = Infinity, out;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    out = f();
    s = Math.min(s, (performance.now() - t0) / 1000);
  }
  return { seconds: s, out };
};

/** Descent: open a session on the CSV (string or bytes) `runs` times; { seconds, rows, MBps }. */
export function timeDescent(d, rows, csv, runs = 3) {
  const bytes = typeof csv === 'string' ? csv.length : csv.byteLength;
  const { seconds, out } = best(() => {
    const s = d.session(ingestSpec(rows), { csv });
    const n = s.problem().rows?.train;
    s.dispose();
    return n;
  }, runs);
  if (out !== rows) throw new Error(`descent read ${out} rows of ${rows}`);
  return { seconds, rows: out, MBps: bytes / 1e6 / seconds };
}

/** PapaParse on the text with typed values, as its docs recommend for numbers; { seconds, rows, MBps }. */
export function timePapa(Papa, text, rows, runs = 3) {
  const { seconds, out } = best(() => Papa.parse(text, { dynamicTyping: true, skipEmptyLines: true }), runs);
  if (out.errors.length || out.data.length !== rows) throw new Error(`papaparse: ${out.data.length} rows of ${rows}, ${out.errors.length} errors`);
  return { seconds, rows: out.data.length, MBps: text.length / 1e6 / seconds };
}

/** The JS peers' parse (data.mjs parseCsv: split, Number()); { seconds, rows, MBps }. */
export function timeJsParse(text, rows, runs = 3) {
  const { seconds, out } = best(() => parseCsv(text, W3.layers[0]), runs);
  if (out.n !== rows) throw new Error(`js parse: ${out.n} rows of ${rows}`);
  return { seconds, rows: out.n, MBps: text.length / 1e6 / seconds };
}
