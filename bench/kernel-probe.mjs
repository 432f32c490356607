// Runs the kernel probe (bench/kernel_probe.cpp) in WebAssembly (Node) and natively, and returns
// peak SIMD multiply-add GFLOP/s and Descent's dense-layer GFLOP/s on W3-sized matrices, with the
// kernels' fraction of the peak. build() compiles what is missing or older than its sources.
//   node bench/kernel-probe.mjs [--quick]   prints the JSON
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = path.join(root, 'bench', 'build');
const sources = ['bench/kernel_probe.cpp', 'core/simd/kernels.cpp', 'core/simd/kernels_impl.hpp', 'core/simd/kernels.hpp', 'core/simd/lanes.hpp', 'core/simd/arch.hpp'].map((s) => path.join(root, s));
const common = ['-std=c++17', '-O3', '-DNDEBUG', '-ffp-contract=off', '-fno-fast-math', `-I${root}`, '-isystem', path.join(root, '.deps/xsimd/usr/include'),
  path.join(root, 'bench/kernel_probe.cpp'), path.join(root, 'core/simd/kernels.cpp')];
const TARGETS = {
  wasm: { file: 'kernel_probe.wasm', cmd: 'em++', args: ['-msimd128', '-sMODULARIZE=1', '-sEXPORT_ES6=1', '-sENVIRONMENT=web', '-sEXPORT_NAME=createKernelProbe',
    '-sALLOW_MEMORY_GROWTH=1', '-sFILESYSTEM=0', '-sEXPORTED_FUNCTIONS=_probe_peak,_probe_layer,_probe_arch,_malloc,_free',
    '-sEXPORTED_RUNTIME_METHODS=UTF8ToString', '-o', path.join(out, 'kernel_probe.mjs')] },
  native: { file: 'kernel_probe_native', cmd: 'g++', args: ['-msse2', '-mno-sse3', '-mno-avx', '-mno-fma', '-o', path.join(out, 'kernel_probe_native')] },
};

const stale = (file) => !existsSync(file) || sources.some((s) => statSync(s).mtimeMs > statSync(file).mtimeMs);

export function build(log = () => {}) {
  mkdirSync(out, { recursive: true });
  for (const [name, t] of Object.entries(TARGETS)) {
    if (!stale(path.join(out, t.file))) continue;
    log(`compiling the kernel probe (${name})`);
    execFileSync(t.cmd, [...common, ...t.args], { stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, NODE_PATH: ['/usr/share/nodejs', process.env.NODE_PATH].filter(Boolean).join(':') } });
  }
}

const SHAPES = [[64, 784, 128, 0], [64, 128, 64, 1], [64, 64, 10, 1]];

function summarize(r) {
  const peak = Math.max(...Object.values(r.peak));
  let flops = 0, secs = 0;
  for (const l of r.layers) { flops += l.fwd_flops + l.bwd_flops; secs += l.fwd_s + l.bwd_s; }
  const dense = flops / secs * 1e-9;
  const big = r.layers[0];
  return { ...r, peakGflops: peak, denseGflops: dense, fraction: dense / peak,
    layer1: { fwd: big.fwd_gflops / peak, bwd: big.bwd_gflops / peak } };
}

/** Rounds interleave the peak and the layers; each figure is the best of the rounds. */
export async function probeWasm({ minSeconds = 0.3, iters = 2e8, rounds = 3 } = {}) {
  const { default: create } = await import(path.join(out, 'kernel_probe.mjs'));
  const m = await create({ wasmBinary: readFileSync(path.join(out, 'kernel_probe.wasm')) });
  const peak = { 4: 0, 8: 0, 12: 0, 16: 0 };
  m._probe_peak(12, iters / 10);  // warm-up: tier-up to optimized code
  const buf = m._malloc(6 * 8);
  const layers = SHAPES.map(([n, inn, o, dx]) => ({ n, in: inn, out: o, dx: !!dx, fwd_s: Infinity, bwd_s: Infinity }));
  for (let round = 0; round < rounds; round++) {
    for (const c of [4, 8, 12, 16]) peak[c] = Math.max(peak[c], m._probe_peak(c, iters));
    SHAPES.forEach(([n, inn, o, dx], i) => {
      m._probe_layer(n, inn, o, dx, minSeconds, buf);
      const v = new Float64Array(m.HEAPU8.buffer, buf, 6);
      const l = layers[i];
      if (v[2] < l.fwd_s) { l.fwd_s = v[2]; l.fwd_gflops = v[0]; }
      if (v[3] < l.bwd_s) { l.bwd_s = v[3]; l.bwd_gflops = v[1]; }
      l.fwd_flops = v[4];
      l.bwd_flops = v[5];
    });
  }
  m._free(buf);
  return summarize({ arch: m.UTF8ToString(m._probe_arch()), rounds, peak, layers });
}

export function probeNative({ minSeconds = 0.3, iters = 2e8, rounds = 3 } = {}) {
  const text = execFileSync(path.join(out, 'kernel_probe_native'), [String(minSeconds), String(iters), String(rounds)], { encoding: 'utf8' });
  return summarize(JSON.parse(text));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const opts = quick ? { minSeconds: 0.02, iters: 1e7, rounds: 1 } : {};
  build((m) => process.stderr.write(`[bench] ${m}\n`));
  const wasm = await probeWasm(opts);
  const native = probeNative(opts);
  process.stdout.write(`${JSON.stringify({ wasm, native })}\n`);
}
