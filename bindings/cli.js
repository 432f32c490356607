#!/usr/bin/env node
// `npx descent`: run or validate an experiment spec with the WebAssembly engine (in Node, the
// default) or the native portable build. Both print byte-identical result JSON.
// Exit codes: 0 ok (incl. diverged / early_stopped, which are outcomes), 1 invalid spec or data, 2 usage.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const USAGE = `usage:
  descent run <spec.json|-> [--csv data.csv] [--out result.json] [--engine wasm|native] [--quiet]
  descent validate <spec.json|-> [--csv data.csv] [--engine wasm|native]
  descent export torch|csv|json <spec.json> [--csv data.csv] [--out file]
  descent registry
  descent --version`;

function usage(why) {
  if (why) process.stderr.write(`descent: ${why}\n`);
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const a = { positional: [], engine: 'wasm', quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    const value = () => { if (i + 1 >= argv.length) usage(`${x} needs a value`); return argv[++i]; };
    if (x === '--csv') a.csv = value();
    else if (x === '--out' || x === '-o') a.out = value();
    else if (x === '--engine') a.engine = value();
    else if (x === '--quiet' || x === '-q') a.quiet = true;
    else if (x === '--help' || x === '-h') { process.stdout.write(`${USAGE}\n`); process.exit(0); }
    else if (x === '--version') a.version = true;
    else if (x.startsWith('-') && x !== '-') usage(`unknown option ${x}`);
    else a.positional.push(x);
  }
  if (!['wasm', 'native'].includes(a.engine)) usage(`--engine must be wasm or native, got ${a.engine}`);
  return a;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const nativeExe = process.env.DESCENT_NATIVE || path.join(here, '..', 'build', 'native', 'descent-native');

function readSpec(file) {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    process.stderr.write(`descent: cannot read the spec file ${file}: ${e.code || e.message}\n`);
    process.exit(1);
  }
}

// The CSV file named by --csv or by the spec's data.path (relative to the spec file), or undefined.
function csvFile(args, specTextValue, specFile) {
  if (args.csv) return args.csv;
  try {
    const spec = JSON.parse(specTextValue);
    if (spec && spec.data && typeof spec.data.path === 'string' && spec.data.text === undefined) {
      const file = spec.data.path;
      return !path.isAbsolute(file) && specFile !== '-' ? path.join(path.dirname(specFile), file) : file;
    }
  } catch { /* the engine reports the syntax error */ }
  return undefined;
}

// That file as raw bytes (the engines see exactly what the native one reads from disk).
function readCsv(file) {
  if (!file) return undefined;
  try {
    return new Uint8Array(readFileSync(file));
  } catch (e) {
    process.stderr.write(`descent: cannot read the CSV file ${file}: ${e.code || e.message}\n`);
    process.exit(1);
  }
}

// One error per line; an error in the CSV (reported at data.text, where the engine received it)
// starts with the file it came from, as in descent-native.
const errorLine = (e, file) => `  ${e.path === 'data.text' && file ? `${file}: ` : ''}${e.message}`;

function writeOut(args, text) {
  if (args.out) {
    try { writeFileSync(args.out, text); } catch (e) {
      process.stderr.write(`descent: cannot write ${args.out}: ${e.message}\n`);
      process.exit(1);
    }
  } else {
    process.stdout.write(text);
  }
}

function runNative(args, command) {
  if (!existsSync(nativeExe)) {
    process.stderr.write(`descent: the native engine is not built (${nativeExe}); run npm test or scripts/build.sh native\n`);
    process.exit(1);
  }
  const argv = [command, args.positional[1]];
  if (args.csv) argv.push('--csv', args.csv);
  if (args.out) argv.push('--out', args.out);
  if (args.quiet) argv.push('--quiet');
  const r = spawnSync(nativeExe, argv, { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

function progressBar(p, t0) {
  const pct = Math.floor((100 * p.steps) / Math.max(1, p.totalSteps));
  const filled = Math.floor((pct * 30) / 100);
  const secs = (performance.now() - t0) / 1000;
  const rate = secs > 0 ? p.samplesSeen / secs : 0;
  const bar = '#'.repeat(filled) + '.'.repeat(30 - filled);
  const tty = process.stderr.isTTY;
  process.stderr.write(`${tty ? '\r' : ''}[${bar}] ${String(pct).padStart(3)}%  step ${p.steps}/${p.totalSteps}  loss ${Number(p.loss).toPrecision(6)}  ${rate.toFixed(0)} samples/s${tty ? '   ' : '\n'}`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const [command, file] = args.positional;
  if (args.version || command === 'version') {
    const { loadDescent } = await import('./index.js');
    const d = await loadDescent();
    process.stdout.write(`descent ${d.version} (${d.arch})\n`);
    return;
  }
  if (!command) usage('');
  if (command === 'registry') {
    const { loadDescent } = await import('./index.js');
    const d = await loadDescent();
    writeOut(args, `${JSON.stringify(d.registry(), null, 2)}\n`);
    return;
  }
  if (command === 'export') {
    const { runExport } = await import('./export.js');
    const [, kind, specFile] = args.positional;
    if (!kind || !specFile) usage('export needs a kind (torch, csv, json) and a spec file');
    const text = readSpec(specFile);
    const csvPath = csvFile(args, text, specFile);
    const csv = readCsv(csvPath);
    const { loadDescent } = await import('./index.js');
    const d = await loadDescent();
    const r = runExport(d, kind, text, csv);
    if (!r.ok) {
      if (r.errors) process.stderr.write(`descent: the spec is invalid:\n${r.errors.map((e) => errorLine(e, csvPath)).join('\n')}\n`);
      else process.stderr.write(`descent: ${r.error}\n`);
      process.exit(r.usage ? 2 : 1);
    }
    writeOut(args, r.text);
    return;
  }
  if (command !== 'run' && command !== 'validate') usage(`unknown command ${command}`);
  if (!file) usage(`${command} needs a spec file (or - for stdin)`);
  if (args.engine === 'native') runNative(args, command);

  const text = readSpec(file);
  const csvPath = csvFile(args, text, file);
  const csv = readCsv(csvPath);
  const { loadDescent } = await import('./index.js');
  const d = await loadDescent();
  if (command === 'validate') {
    const report = d.validate(text, { csv });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    if (!report.ok) for (const e of report.errors) process.stderr.write(`${errorLine(e, csvPath)}\n`);
    process.exit(report.ok ? 0 : 1);
  }
  const t0 = performance.now();
  let last = 0;
  const out = d.runJSON(text, {
    csv,
    chunk: 500,
    onProgress: args.quiet ? undefined : (p) => {
      const now = performance.now();
      if (last === 0 || now - last > 100 || p.status !== 'running') { last = now; progressBar(p, t0); }
    },
  });
  const result = JSON.parse(out);
  if (result.status === 'invalid') {
    process.stderr.write(`descent: the spec is invalid:\n${result.errors.map((e) => errorLine(e, csvPath)).join('\n')}\n`);
  } else if (!args.quiet) {
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}${result.status}: ${result.message}\n`);
  }
  writeOut(args, `${out}\n`);
  process.exit(result.status === 'invalid' ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`descent: ${e.stack || e.message}\n`);
  process.exit(1);
});
