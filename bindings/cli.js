#!/usr/bin/env node
// `npx descent`: run, validate, export or plot an experiment spec with the WebAssembly engine (the
// default), or run and validate it with the native build of a repository checkout
// (`--engine native`, cli/main.cpp, the same flags, messages and exit codes). docs/cli.md is the
// manual. Not here: training (core, through bindings/index.js), the exports (bindings/export.js)
// or the chart drawing (web/export-chart.js, web/charts/svg-scatter.js, shared with the page).
import { readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

/** Exit codes (the same in cli/main.cpp and docs/cli.md). */
const EXIT = { ok: 0, invalid: 1, usage: 2, internal: 3 };

const EXPORT_KINDS = ['torch', 'keras', 'csv', 'json', 'history'];

const USAGE = `usage: descent <command> [options]

commands:
  run <spec.json|->             train the spec; print the result JSON (a progress bar on stderr)
  validate <spec.json|->        check the spec and its data; print {"ok": ..., "errors": [...]}
  export <kind> <spec.json|->   print an export of the run; kind is one of
                                  torch    a PyTorch script that replays the run step by step
                                  keras    a Keras snippet (for reading; not verified)
                                  csv      the dataset (training rows, then validation)
                                  json     the trained parameters, with the spec
                                  history  the loss per recorded step (CSV)
  plot <spec.json|->            train the spec and draw the loss curve as SVG, with the data and
                                the model's decision regions or fit below it (1 or 2 inputs)
  registry                      models, losses, optimizers, schedules ... with their parameters (JSON)
  version                       the version and the engine's SIMD architecture
  help                          this text

options:
  --csv FILE                    the CSV data (instead of the spec's data.path or data.text)
  -o, --out FILE                write the output to FILE instead of stdout (the SVG, for plot)
  --plot FILE                   run: also draw the run as SVG into FILE (as plot does)
  --engine wasm|native          run, validate, version: the WebAssembly engine (default) or
                                descent-native (a repository build: bash scripts/build.sh native)
  --distributed                 export torch: a script for torchrun with DistributedDataParallel
  -q, --quiet                   no progress bar or status line on stderr
  -h, --help                    this text
  -V, --version                 the version
  --name=VALUE works as well as --name VALUE; "-" reads the spec from stdin; "--" ends the options.

exit codes:
  0  done: the command did what was asked (a run that diverged or stopped early is a result)
  1  invalid input: the spec, its data or a file (the reasons are on stderr)
  2  usage: an unknown command or option, a missing argument
  3  internal error: the engine failed (a bug; please report it with the spec)

examples:
  descent run spec.json --quiet | jq .metrics
  descent run spec.json --csv data.csv -o result.json --plot run.svg
  descent export torch spec.json > replay.py && python3 replay.py
  descent plot spec.json -o loss.svg`;

const OPTIONS = {
  csv: { type: 'string' },
  out: { type: 'string', short: 'o' },
  plot: { type: 'string' },
  engine: { type: 'string', default: 'wasm' },
  distributed: { type: 'boolean', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', short: 'V', default: false },
};

/** An error the CLI reports as one line and an exit code (usage errors add a pointer to --help). */
class CliError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}
const usageError = (message) => new CliError(message, EXIT.usage);
const inputError = (message) => new CliError(message, EXIT.invalid);

/**
 * Text for a message: control characters (C0, DEL, C1) as \u00XX, so a NUL or an escape sequence in
 * a file name or a spec string never reaches the terminal raw (cli/main.cpp does the same).
 */
const esc = (s) => String(s).replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const quoted = (name) => `"${esc(name)}"`;
const say = (text) => process.stderr.write(`descent: ${text}\n`);

// ---- arguments ---------------------------------------------------------------------------------

/** argv -> { values, positionals }, or a usage error worded like descent-native's. */
function parseCli(argv) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    const name = /'(-[^' ,]+)(?:, (--[^' ]+))?/.exec(e.message);
    const option = name ? esc(name[2] ?? name[1]) : '';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw usageError(`unknown option ${option}`);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      if (/does not take an argument/.test(e.message)) throw usageError(`option ${option} takes no value`);
      if (/argument missing/.test(e.message)) throw usageError(`option ${option} needs a value`);
      if (/ambiguous/.test(e.message)) {
        const i = argv.findIndex((a) => a === name?.[1] || a === name?.[2]);
        throw usageError(`option ${option} needs a value, not ${esc(argv[i + 1] ?? '')} (write ${option}=VALUE for a value that starts with -)`);
      }
    }
    throw usageError(esc(e.message));
  }
}

// ---- files -------------------------------------------------------------------------------------

// Why a file operation failed, in words (cli/main.cpp has the same table).
const REASONS = { ENOENT: 'no such file or folder', EISDIR: 'a directory', EACCES: 'permission denied', ENOTDIR: 'a part of the path is not a folder' };
const reason = (e) => REASONS[e.code] ?? e.code ?? e.message;
function fileProblem(e) {
  if (e.code === 'ENOENT') return 'does not exist';
  if (e.code === 'EISDIR') return 'is a directory, not a file';
  return `cannot be read (${reason(e)})`;
}

/** The bytes of a file ("-" is stdin); throws an input error naming it ("the spec file "x" ..."). */
function readBytes(file, what) {
  try {
    if (file !== '-' && statSync(file).isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    return readFileSync(file === '-' ? 0 : file);
  } catch (e) {
    throw inputError(`${what} ${fileProblem(e)}`);
  }
}

/**
 * The spec file's text: UTF-8, or UTF-16 with a byte-order mark (Windows PowerShell 5 writes
 * that) decoded. Refuses an empty file, UTF-16 without a byte-order mark and invalid UTF-8 (the
 * engine takes text: replacing bad bytes would change the spec silently).
 */
function specText(file) {
  const what = file === '-' ? 'the spec on stdin' : `the spec file ${quoted(file)}`;
  const b = readBytes(file, what);
  if (b.length === 0) throw inputError(`${what} is empty`);
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) {
    if (b.length % 2) throw inputError(`${what} is UTF-16 with an odd number of bytes`);
    const le = b[0] === 0xff;
    for (let i = 2; i < b.length; i += 2) {   // the first unpaired surrogate, as cli/main.cpp reports it
      const u = (k) => (le ? b[k] | (b[k + 1] << 8) : (b[k] << 8) | b[k + 1]);
      const c = u(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 3 < b.length && u(i + 2) >= 0xdc00 && u(i + 2) <= 0xdfff) i += 2;
      else if (c >= 0xd800 && c <= 0xdfff) throw inputError(`${what} is UTF-16 with an unpaired surrogate at byte ${i + 1}; save it as UTF-8`);
    }
    return new TextDecoder(le ? 'utf-16le' : 'utf-16be', { ignoreBOM: true }).decode(b.subarray(2));
  }
  if (b.length >= 2 && ((b[0] !== 0 && b[1] === 0) || (b[0] === 0 && b[1] !== 0))) {
    throw inputError(`${what} looks like UTF-16 without a byte-order mark; save it as UTF-8`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
  } catch {
    throw inputError(`${what} is not valid UTF-8; save it as UTF-8`);
  }
}

/**
 * The CSV file named by --csv or by the spec's data.path (relative to the spec file):
 * { file, from: '--csv' | 'data.path', bytes }, or undefined when there is none. An empty file is
 * refused here when the spec has a data.path (the engine would only see a spec without
 * data.text); otherwise the engine says "the file is empty", naming the file.
 */
function readCsv(values, text, specFile) {
  let specPath;
  try {
    const d = JSON.parse(text.replace(/^\uFEFF/, ''))?.data;   // (a UTF-8 byte-order mark is fine)
    if (d && typeof d.path === 'string' && d.text === undefined && d.path !== '') specPath = d.path;
  } catch { /* the engine reports the syntax error */ }
  let file = values.csv;
  let from = '--csv';
  if (!file && specPath !== undefined) {
    // Relative to the spec's folder, joined as descent-native joins it (so messages match).
    file = !specPath.startsWith('/') && specFile !== '-' ? specFile.slice(0, specFile.lastIndexOf('/') + 1) + specPath : specPath;
    from = 'data.path';
  }
  if (!file) return undefined;
  const what = `the CSV file ${quoted(file)} (${from})`;
  const bytes = new Uint8Array(readBytes(file, what));
  if (bytes.length === 0 && specPath !== undefined) throw inputError(`${what} is empty`);
  return { file, from, bytes };
}

function writeOut(file, text) {
  if (!file || file === '-') { process.stdout.write(text); return; }
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw inputError(`cannot write ${quoted(file)} (${reason(e)})`);
  }
}

// One error per line; an error in the CSV (reported at data.text, where the engine received it)
// starts with the file it came from, as in descent-native.
const errorLine = (e, csv) => `  ${esc(`${e.path === 'data.text' && csv ? `${csv.file}: ` : ''}${e.message}`)}`;
const invalidLines = (errors, csv) => `descent: the spec is invalid:\n${errors.map((e) => `${errorLine(e, csv)}\n`).join('')}`;

// ---- progress ----------------------------------------------------------------------------------

/** v as C's printf("%.6g") writes it (the native bar's loss), so both bars read the same. */
function g6(v) {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, exp] = v.toExponential(5).split('e');
  const x = Number(exp);
  const strip = (s) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (x < -4 || x >= 6) return `${strip(mant)}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  return strip(v.toFixed(5 - x));
}

/**
 * The progress bar. On a terminal it is redrawn in place (at most every 100 ms and at the end);
 * otherwise (a log, a pipe) one line per 25% and one at the end, as descent-native does.
 * bar(p) draws p = { steps, totalSteps, samplesSeen, loss, status } when due(p) says it is time.
 */
function progressBar(stream = process.stderr) {
  const t0 = performance.now();
  const tty = !!stream.isTTY;
  let lastPct = -100;
  let lastDraw = 0;
  const percent = (p) => Math.floor((100 * p.steps) / Math.max(1, p.totalSteps));
  const bar = (p) => {
    const now = performance.now();
    const pct = percent(p);
    lastPct = pct;
    lastDraw = now;
    const secs = (now - t0) / 1000;
    const rate = secs > 0 ? p.samplesSeen / secs : 0;
    const filled = Math.floor((pct * 30) / 100);
    stream.write(`${tty ? '\r' : ''}[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${String(pct).padStart(3)}%  step ${p.steps}/${p.totalSteps}  loss ${g6(p.loss)}  ${rate.toFixed(0)} samples/s${tty ? '   ' : '\n'}`);
  };
  bar.due = (p) => p.status !== 'running' || (tty ? lastPct < 0 || performance.now() - lastDraw >= 100 : percent(p) >= lastPct + 25);
  bar.end = (status, message) => stream.write(`${tty ? '\n' : ''}${status}: ${esc(message)}\n`);
  return bar;
}

// ---- engines -----------------------------------------------------------------------------------

const here = path.dirname(fileURLToPath(import.meta.url));

async function engine() {
  const { loadDescent } = await import('./index.js');
  return loadDescent();
}

/** descent-native from a repository build, or a usage error saying why there is none. */
function nativeExe() {
  const exe = process.env.DESCENT_NATIVE || path.join(here, '..', 'build', 'native', 'descent-native');
  if (existsSync(exe)) return exe;
  if (existsSync(path.join(here, '..', 'cli', 'main.cpp'))) {
    throw usageError(`the native engine is not built yet (${quoted(exe)}); build it with bash scripts/build.sh native, or leave out --engine native`);
  }
  throw usageError('--engine native is only available in a repository build (git clone the repository, then bash scripts/build.sh native); this installed package has the WebAssembly engine, the default');
}

/** Runs descent-native with the same arguments; its exit code becomes ours. */
function runNative(command, file, values) {
  const argv = [command];
  if (values.csv !== undefined) argv.push(`--csv=${values.csv}`);
  if (values.out !== undefined) argv.push(`--out=${values.out}`);
  if (values.quiet) argv.push('--quiet');
  if (file !== undefined) argv.push('--', file);
  const r = spawnSync(nativeExe(), argv, { stdio: 'inherit' });
  if (r.error) throw new CliError(`cannot start the native engine: ${esc(r.error.message)}`, EXIT.internal);
  if (r.signal) throw new CliError(`the native engine was stopped by ${r.signal}`, EXIT.internal);
  return r.status;
}

/**
 * Trains text to the end: { resultText, session? } or, for an invalid spec, { invalid: resultText,
 * errors }. With keep (plots need the trained model), in a session the caller disposes; otherwise
 * through runJSON, which parses the spec once.
 */
function train(d, text, csv, bar, keep) {
  const options = csv ? { csv: csv.bytes } : {};
  const chunk = 500;   // the chunk descent-native uses, so both bars draw at the same steps
  if (!keep) {
    const resultText = d.runJSON(text, { ...options, chunk, onProgress: bar ? (p) => { if (bar.due(p)) bar(p); } : undefined });
    const result = JSON.parse(resultText);
    return result.status === 'invalid' ? { invalid: resultText, errors: result.errors } : { resultText };
  }
  let s;
  try {
    s = d.session(text, options);
  } catch (e) {
    if (!e.errors?.length) throw e;
    const invalid = d.runJSON(text, options);   // the engine's invalid result, as run prints it
    return { invalid, errors: JSON.parse(invalid).errors };
  }
  while (s.status === 'running') {
    s.run(chunk);
    const p = { steps: s.steps, totalSteps: s.totalSteps, samplesSeen: s.samplesSeen, status: s.status };
    if (bar?.due(p)) {
      const { loss } = s.history(0, s.epochs);   // a copy of the series, but the bar is drawn rarely
      bar({ ...p, loss: loss.length ? loss[loss.length - 1] : NaN });
    }
  }
  return { session: s, resultText: s.resultJSON() };
}

// ---- pictures ----------------------------------------------------------------------------------

/** Pictures of a finished session as SVG documents stacked into one (loss chart on top). */
function stackSvg(docs) {
  let height = 0;
  let width = 0;
  const parts = [];
  for (const doc of docs) {
    const [, w, h] = /^<svg [^>]*?width="(\d+)" height="(\d+)"/.exec(doc);
    parts.push(doc.replace(/^<svg /, `<svg x="0" y="${height}" `).trimEnd());
    height += Number(h);
    width = Math.max(width, Number(w));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${parts.join('\n')}\n</svg>\n`;
}

/** The loss chart: the page's "Loss (SVG)" export (the same series, thinning and drawing). */
async function lossSvg(s, spec) {
  const { lineChartSvg } = await import('../web/export-chart.js');
  const { TrainingHistory, thin } = await import('../web/charts/series.js');
  const { SERIES } = await import('../web/palette.js');
  const raw = s.history();
  const h = new TrainingHistory();
  h.append({ replace: true, start: 0, stride: raw.stride, loss: raw.loss, gradNorm: raw.gradNorm, lr: raw.lr });
  h.appendEpochs({ from: 0, ...raw.epochs });
  const idx = thin(h.loss, 2000);
  const x = idx.map((i) => h.stepAt(i));
  const sm = h.smoothed('loss', 0.9);   // the page's default smoothing
  const fn = spec.data.source === 'function';
  const validation = !fn && spec.preprocess.validation_split > 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of h.loss) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  try {
    return lineChartSvg({
      title: `${fn ? 'f' : 'Loss'} by step (${spec.optimizer.kind}, lr ${spec.optimizer.lr})`, yLabel: fn ? 'f' : 'loss', log: lo > 0 && hi / lo > 1000,
      series: [
        { label: 'train (per step)', color: '#9cc3e0', width: 1, x, y: idx.map((i) => h.loss[i]) },
        { label: 'train (smoothed)', color: SERIES.train, width: 2, x, y: idx.map((i) => sm[i]) },
        ...(validation ? [{ label: 'validation (per epoch)', color: SERIES.validation, width: 2, dash: [6, 4], x: [...h.epochs.step], y: h.epochs.valLoss.map((v) => (Number.isFinite(v) ? v : null)) }] : []),
      ],
    });
  } catch {
    throw inputError(`nothing to plot: the run recorded no finite loss (${s.steps} steps, ${s.status})`);
  }
}

/**
 * The data plot: 2 inputs -> the rows over the model's decision regions (classification) or its
 * predicted values (regression); 1 input -> the rows and the fitted curve. { svg } or { note }.
 */
async function dataSvg(s) {
  const P = s.problem();
  if (P.functionMode) return { note: 'no data plot in function mode' };
  const classification = P.task === 'binary' || P.task === 'multiclass';
  if (P.inputs > 2 || (P.inputs === 1 && P.task === 'multiclass')) return { note: `no data plot: it draws data with 2 inputs, or 1 input with a regression or binary target (this data has ${P.inputs} inputs, task ${P.task})` };
  const { scatterSvg, decisionRegions, levelSegments, binaryP } = await import('../web/charts/svg-scatter.js');
  const D = s.data();
  const k = P.inputs;
  const col = (a, j) => Array.from({ length: a.length / k }, (_, i) => a[i * k + j]);
  const x = [...col(D.trainX, 0), ...col(D.validationX, 0)];
  const target = [...D.trainY, ...D.validationY];
  const hollow = x.map((_, i) => i >= D.trainX.length / k);
  const span = (a) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of a) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    return hi >= lo ? [lo, hi] : [-1, 1];
  };
  const range = (a) => {   // padded by 8%, as the page's data plot
    const [lo, hi] = span(a);
    const pad = (hi - lo || 2) * 0.08;
    return [lo - pad, hi + pad];
  };
  const names = { x: P.featureNames?.[0] ?? 'x1', y: P.featureNames?.[1] ?? 'x2', target: P.targetNames?.[0] ?? 'y' };
  if (k === 1) {
    const xr = range(x);
    const grid = Array.from({ length: 200 }, (_, i) => xr[0] + ((xr[1] - xr[0]) * i) / 199);
    const pred = s.predict(grid);
    const curve = { x: grid, y: Array.from(pred, (v) => (classification ? binaryP(v, P.output) : v)), label: classification ? `P(${names.target} = ${P.classNames?.[1] ?? 1})` : 'model' };
    return { svg: scatterSvg({ title: classification ? 'The data and P(class 1)' : 'The data and the fit', xLabel: names.x, yLabel: names.target, points: { x, y: target, cls: classification ? target : undefined, value: classification ? undefined : target, hollow }, classes: P.classNames, curve, valueRange: span(target) }) };
  }
  const y = [...col(D.trainX, 1), ...col(D.validationX, 1)];
  const res = 100;
  const g = s.grid(range(x), range(y), res);
  const [x0, x1] = g.xRange;
  const [y0, y1] = g.yRange;
  const toData = ([c0, r0, c1, r1]) => [x0 + (c0 * (x1 - x0)) / (res - 1), y0 + (r0 * (y1 - y0)) / (res - 1), x0 + (c1 * (x1 - x0)) / (res - 1), y0 + (r1 * (y1 - y0)) / (res - 1)];
  if (classification) {
    const regions = decisionRegions({ values: g.values, outputs: g.outputs, output: P.output, resolution: res });
    const lines = regions.fields.flatMap(([f, level]) => levelSegments(f, res, level)).map(toData);
    return { svg: scatterSvg({ title: 'The data and the decision regions', xLabel: names.x, yLabel: names.y, points: { x, y, cls: target, hollow }, classes: P.classNames, cells: { xRange: g.xRange, yRange: g.yRange, resolution: res, colors: regions.colors }, lines }) };
  }
  const { viridis } = await import('../web/palette.js');
  const [lo, hi] = span([...target, ...g.values]);
  const hex = (t) => `#${viridis(t).map((v) => Math.round(255 + (v - 255) * 0.55).toString(16).padStart(2, '0')).join('')}`;
  const colors = Array.from(g.values, (v) => (Number.isFinite(v) ? hex((v - lo) / (hi - lo)) : '#ffffff'));
  return { svg: scatterSvg({ title: `The data and the predicted ${names.target}`, xLabel: names.x, yLabel: names.y, points: { x, y, value: target, hollow }, cells: { xRange: g.xRange, yRange: g.yRange, resolution: res, colors }, valueRange: [lo, hi] }) };
}

/** The run as one SVG: the loss chart, and the data plot below it when the data can be drawn. */
async function plotSvg(d, s, text) {
  const spec = d.validate(text).spec;
  const loss = await lossSvg(s, spec);
  const data = await dataSvg(s);
  return data.svg ? { svg: stackSvg([loss, data.svg]) } : { svg: loss, note: data.note };
}

// ---- commands ----------------------------------------------------------------------------------

async function run(command, file, values) {
  if (command === 'plot' && values.plot !== undefined) throw usageError('plot writes its picture to --out (or stdout); --plot is for run');
  const text = specText(file);
  const csv = readCsv(values, text, file);
  const d = await engine();
  const bar = values.quiet ? null : progressBar();
  const pictureFile = command === 'plot' ? values.out : values.plot;
  const picture = command === 'plot' || pictureFile !== undefined;
  const r = train(d, text, csv, bar, picture);
  if (r.invalid) {
    process.stderr.write(invalidLines(r.errors, csv));
    if (command === 'run') writeOut(values.out, `${r.invalid}\n`);
    return EXIT.invalid;
  }
  try {
    if (bar) {
      const { status, message } = JSON.parse(r.resultText);
      bar.end(status, message);
    }
    if (picture) {
      const svg = await plotSvg(d, r.session, text);
      if (svg.note && !values.quiet) say(esc(svg.note));
      writeOut(pictureFile, svg.svg);
    }
    if (command === 'run') writeOut(values.out, `${r.resultText}\n`);
    return EXIT.ok;
  } finally {
    r.session?.dispose();
  }
}

async function validate(file, values) {
  const text = specText(file);
  const csv = readCsv(values, text, file);
  const d = await engine();
  const report = d.validate(text, csv ? { csv: csv.bytes } : {});
  writeOut(values.out, `${JSON.stringify(report)}\n`);
  if (report.ok) return EXIT.ok;
  for (const e of report.errors) process.stderr.write(`${errorLine(e, csv)}\n`);
  return EXIT.invalid;
}

async function exportRun(kind, file, values) {
  if (!EXPORT_KINDS.includes(kind)) throw usageError(`export kind must be ${EXPORT_KINDS.join(', ')}; got ${esc(kind)}`);
  if (values.distributed && kind !== 'torch') throw usageError('--distributed is for export torch');
  const text = specText(file);
  const csv = readCsv(values, text, file);
  const d = await engine();
  const { runExport, exportTorch } = await import('./export.js');
  // --distributed is an option of the torch export (exportTorch's options.distributed).
  const r = values.distributed ? exportTorch(d, text, { csv: csv?.bytes, distributed: true }) : runExport(d, kind, text, csv?.bytes);
  if (!r.ok) {
    if (r.errors) process.stderr.write(invalidLines(r.errors, csv));
    else say(esc(r.error));
    return r.usage ? EXIT.usage : EXIT.invalid;
  }
  writeOut(values.out, r.text);
  return EXIT.ok;
}

async function main(argv) {
  const { values, positionals } = parseCli(argv);
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') { process.stdout.write(`${USAGE}\n`); return EXIT.ok; }
  if (!['wasm', 'native'].includes(values.engine)) throw usageError(`--engine must be wasm or native, got ${esc(values.engine)}`);
  const native = values.engine === 'native';
  if (values.version || command === 'version') {
    if (native) return runNative('version', undefined, values);
    const d = await engine();
    process.stdout.write(`descent ${d.version} (${d.arch})\n`);
    return EXIT.ok;
  }
  if (!command) throw usageError('which command? (run, validate, export, plot, registry, version, help)');
  const expected = { run: 1, validate: 1, plot: 1, export: 2, registry: 0 }[command];
  if (expected === undefined) throw usageError(`unknown command ${esc(command)}`);
  if (rest.length < expected) throw usageError(command === 'export' ? `export needs a kind (${EXPORT_KINDS.join(', ')}) and a spec file` : `${command} needs a spec file (or - for stdin)`);
  if (rest.length > expected) throw usageError(`unexpected argument ${esc(rest[expected])}`);
  if (values.plot !== undefined && command !== 'run') throw usageError('--plot is for run (plot writes to --out)');
  if (values.distributed && command !== 'export') throw usageError('--distributed is for export torch');
  if (native && !['run', 'validate'].includes(command)) throw usageError(`${command} has no native engine; leave out --engine native`);
  if (native && values.plot !== undefined) throw usageError('--plot needs the WebAssembly engine; leave out --engine native');
  if (native) return runNative(command, rest[0], values);
  if (command === 'registry') {
    const d = await engine();
    writeOut(values.out, `${JSON.stringify(d.registry(), null, 2)}\n`);
    return EXIT.ok;
  }
  if (command === 'validate') return validate(rest[0], values);
  if (command === 'export') return exportRun(rest[0], rest[1], values);
  return run(command, rest[0], values);
}

// Never process.exit(): stdout may be a pipe that has not drained yet (a 1 MB result would be cut
// at 64 KB). Set the exit code and let Node finish writing.
main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
  if (e instanceof CliError) {
    say(e.message);
    if (e.code === EXIT.usage) process.stderr.write(`run descent --help for the commands and options\n`);
    process.exitCode = e.code;
  } else {
    say(`internal error: ${esc(e?.stack ?? e)}`);
    process.exitCode = EXIT.internal;
  }
});
