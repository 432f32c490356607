#!/usr/bin/env node
// One engine, one process: runs the workloads on it and prints one JSON object on stdout (progress
// on stderr). bench/run.mjs starts one of these per engine, sequentially.
//   node bench/engine.mjs --engine <id> [--only W1,W3] [--smoke] [--repeats 7] [--budget 15] [--cap 30] [--warm 1.5]
// Per workload: warm-up runs (same shapes, fewer steps, for --warm seconds), then timed runs on
// fresh models; samples/s is the median. A run estimated over --cap seconds is timed on a prefix
// of its steps (marked partial); repeats stop when the next would pass --budget seconds.
// The measuring loop is harness.mjs. No timing assertion anywhere: this reports, it does not judge.
import { runWorkloads } from './harness.mjs';

export const ENGINES = {
  'descent-wasm': { module: './engines/descent-wasm.mjs', label: 'Descent wasm (Node)', descent: true },
  'descent-native': { module: './engines/native.mjs', arg: 'native', label: 'Descent native portable', descent: true },
  'descent-fast': { module: './engines/native.mjs', arg: 'fast', label: 'Descent native fast', descent: true },
  'tfjs-wasm': { module: './engines/tfjs.mjs', arg: 'wasm', label: 'TF.js wasm (SIMD)' },
  'tfjs-cpu': { module: './engines/tfjs.mjs', arg: 'cpu', label: 'TF.js cpu' },
  convnetjs: { module: './engines/convnetjs.mjs', label: 'ConvNetJS' },
  brainjs: { module: './engines/brainjs.mjs', label: 'brain.js' },
  plainjs: { module: './engines/plainjs.mjs', label: 'plain JS' },
};

function args(argv) {
  const o = { repeats: 7, budget: 15, cap: 30, warm: 1.5, smoke: false, only: null, engine: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--engine') o.engine = argv[++i];
    else if (a === '--only') o.only = argv[++i].split(',');
    else if (a === '--repeats') o.repeats = Number(argv[++i]);
    else if (a === '--budget') o.budget = Number(argv[++i]);
    else if (a === '--cap') o.cap = Number(argv[++i]);
    else if (a === '--warm') o.warm = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!ENGINES[o.engine]) throw new Error(`--engine must be one of ${Object.keys(ENGINES).join(', ')}`);
  return o;
}

const log = (...m) => process.stderr.write(`[bench] ${m.join(' ')}\n`);

export async function runEngine(o) {
  const e = ENGINES[o.engine];
  const mod = await import(e.module);
  const setup = mod.setup ? await mod.setup(e.arg) : {};
  const r = await runWorkloads(mod, o, log);
  return { engine: o.engine, label: e.label, setup, ...r };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const o = args(process.argv.slice(2));
  runEngine(o).then((r) => {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    process.exit(0);  // tfjs may keep handles open
  }, (err) => {
    process.stderr.write(`[bench] ${o.engine} failed: ${err.stack || err}\n`);
    process.exit(1);
  });
}
