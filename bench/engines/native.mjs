// Descent's native engines (build/native portable, build/fast -march=native) driven through the
// CLI, `descent-native run spec.json --csv data.csv`: training time is the CLI's own measurement
// (samples / second from the end of loading to the end of training, printed on stderr), so process
// start and CSV parsing stay outside the clock, as for every other engine. Defaults figure: the
// CLI end to end (process wall time) on a spec file with the data inline (W3: --csv file) and the
// default metrics. Predictions for the common loss come from the result's parameters through the
// plain-JS forward pass.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csv } from '../data.mjs';
import { descentSpec } from './descent-core.mjs';
import { predictFromParams } from './plainjs.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
let binary, info, dir;

export async function setup(build) {
  binary = path.join(root, 'build', build, 'descent-native');
  if (!existsSync(binary)) throw new Error(`${binary} is missing (bash scripts/build.sh ${build === 'fast' ? 'fast' : 'native'})`);
  const probe = spawnSync(binary, ['version'], { encoding: 'utf8' });
  dir = mkdtempSync(path.join(tmpdir(), 'descent-bench-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  info = { engine: `Descent ${probe.stdout.trim()} (native ${build === 'fast' ? 'fast, -march=native' : 'portable, SSE2'})`, binary: path.relative(root, binary) };
  return info;
}

function run(spec, csvPath, specPath = path.join(dir, 'spec.json')) {
  if (spec) writeFileSync(specPath, JSON.stringify(spec));
  const r = spawnSync(binary, ['run', specPath, ...(csvPath ? ['--csv', csvPath] : [])], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`descent-native failed (${r.status}): ${r.stderr}`);
  const rates = [...r.stderr.matchAll(/([\d.]+) samples\/s/g)];
  const result = JSON.parse(r.stdout);
  if (result.status !== 'done') throw new Error(`descent-native: ${result.status}: ${result.message}`);
  return { result, rate: rates.length ? Number(rates[rates.length - 1][1]) : NaN };
}

export function create(w, data, { user } = {}) {
  const csvPath = path.join(dir, `${w.id}.csv`);
  if (!existsSync(csvPath)) writeFileSync(csvPath, csv(data));
  let params = null, epochs = [];
  const predictWith = (p) => predictFromParams(w, data, p);
  if (user) {
    const inline = user.csv === undefined;
    const files = new Map();  // the user's spec files, one per step count, written before the clock
    const specFile = (maxSteps) => {
      if (!files.has(maxSteps)) {
        const f = path.join(dir, `${w.id}-user-${maxSteps}.json`);
        writeFileSync(f, JSON.stringify(descentSpec(w, { maxSteps, user })));
        files.set(maxSteps, f);
      }
      return files.get(maxSteps);
    };
    specFile(0);
    return {
      info: { ...info, notes: 'CLI run end to end (process wall time): spec file with inline data (W3: --csv file), default metrics' },
      async train({ maxSteps = 0 } = {}) {
        const f = specFile(maxSteps);
        const { result } = run(null, inline ? null : csvPath, f);
        params = result.params;
        epochs = result.history.epoch_train_loss ?? [];
        return result.samples_seen;  // the harness's wall clock: process start to parsed result
      },
      predict() { return params ? predictWith(params) : create(w, data).predict(); },
      get epochs() { return epochs; },
    };
  }
  return {
    info: { ...info, notes: 'CLI run; time = its samples/s after loading' },
    async train({ maxSteps = 0 } = {}) {
      const { result, rate } = run(descentSpec(w, { maxSteps }), csvPath);
      params = result.params;
      return { samples: result.samples_seen, seconds: result.samples_seen / rate, firstBatchLoss: result.history.loss[0] };
    },
    predict() {
      if (!params) {  // the initial parameters: one step with a learning rate too small to move them
        const spec = descentSpec(w, { maxSteps: 1, lr: 1e-30 });
        spec.optimizer = { kind: 'sgd', lr: 1e-30 };
        return predictWith(run(spec, csvPath).result.params);
      }
      return predictWith(params);
    },
  };
}
