#!/usr/bin/env node
// One engine, one process: runs the workloads on it and prints one JSON object on stdout (progress
// on stderr). bench/run.mjs starts one of these per engine, sequentially.
//   node bench/engine.mjs --engine <id> [--only W1,W3] [--figures training,defaults] [--smoke]
//                         [--repeats 7] [--budget 15] [--cap 30] [--warm 1.5]
// Per workload and figure (training only; the defaults a user gets): warm-up runs (same shapes,
// fewer steps, for --warm seconds), then timed runs on fresh models; samples/s is the median. A
// run estimated over --cap seconds is timed on a prefix of its steps (marked partial); repeats
// stop when the next would pass --budget seconds.
// The measuring loop is harness.mjs. No timing assertion anywhere: this reports, it does not judge.
import { runWorkloads } from './harness.mjs';
import { ENGINES, FIGURES } from './engines/registry.mjs';

export { ENGINES };

function args(argv) {
  const o = { repeats: 7, budget: 15, cap: 30, warm: 1.5, smoke: false, only: null, engine: null, figures: FIGURES };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--smoke') o.smoke = true;
    else if (a === '--engine') o.engine = argv[++i];
    else if (a === '--only') o.only = argv[++i].split(',');
    else if (a === '--figures') o.figures = argv[++i].split(',');
    else if (a === '--repeats') o.repeats = Number(argv[++i]);
    else if (a === '--budget') o.budget = Number(argv[++i]);
    else if (a === '--cap') o.cap = Number(argv[++i]);
    else if (a === '--warm') o.warm = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!ENGINES[o.engine]) throw new Error(`--engine must be one of ${Object.keys(ENGINES).join(', ')}`);
  for (const f of o.figures) if (!FIGURES.includes(f)) throw new Error(`--figures: ${f} is not one of ${FIGURES.join(', ')}`);
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
