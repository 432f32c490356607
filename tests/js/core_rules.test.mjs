// House rules that keep numbers bit-identical everywhere, checked over core/: no libm
// transcendentals outside the scalar reference (glibc and Emscripten's libc differ), no fused
// multiply-add, no std:: random distributions, and no Emscripten in the core.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/native.mjs';

function files(dir) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (/\.(cpp|hpp|h)$/.test(f)) out.push(p);
  }
  return out;
}

const core = files(path.join(repoRoot, 'core'));
const strip = (src) => src.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
const transcendental = /(?<![\w:.>])(?:std::)?(exp|expm1|exp2|log|log1p|log2|log10|pow|tanh|sinh|cosh|sin|cos|tan|atan|atan2|asin|acos|cbrt|erf|lgamma|tgamma)f?\s*\(/;

test('core/ calls no libm transcendental outside the scalar reference', () => {
  const bad = [];
  for (const f of core) {
    if (/simd[\/\\](reference|num)\.(cpp|hpp)$/.test(f)) continue;  // the truth, and the portable versions
    strip(readFileSync(f, 'utf8')).split('\n').forEach((line, i) => {
      const m = line.match(transcendental);
      if (m) bad.push(`${path.relative(repoRoot, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(bad, []);
});

test('the check itself catches a libm call (it can fail)', () => {
  assert.ok(transcendental.test('  double y = std::exp(x);'));
  assert.ok(transcendental.test('y = tanh(x) + 1;'));
  assert.ok(!transcendental.test('y = num::exp(x);'));
  assert.ok(!transcendental.test('y = xsimd::tanh(b);'));
  assert.ok(!transcendental.test('y = s.log(3);'));
});

test('core/ has no fma, no std:: distributions, no rand(), no Emscripten', () => {
  const bad = [];
  for (const f of core) {
    const src = strip(readFileSync(f, 'utf8'));
    if (/\bstd::fmaf?\s*\(|(?<![\w:])fmaf?\s*\(/.test(src)) bad.push(`${f}: fma`);
    if (/std::(uniform_(int|real)|normal|bernoulli)_distribution|std::(mt19937|default_random_engine|random_device)/.test(src)) bad.push(`${f}: std random`);
    if (/(?<![\w:.])s?rand\s*\(/.test(src)) bad.push(`${f}: rand()`);
    if (/#include\s*<emscripten/.test(readFileSync(f, 'utf8'))) bad.push(`${f}: emscripten include`);
  }
  assert.deepEqual(bad, []);
});

// bindings/embind.cpp is a table of names over core functions (house style: Embind has no logic).
const embind = strip(readFileSync(path.join(repoRoot, 'bindings', 'embind.cpp'), 'utf8'));

test('bindings/embind.cpp maps names only: no JSON, no branches, no loops, no numbers', () => {
  const bad = [];
  embind.split('\n').forEach((line, i) => {
    if (/Json|parse_json|JsonWriter|to_json/.test(line)) bad.push(`${i + 1}: JSON: ${line.trim()}`);
    if (/\b(if|for|while|switch)\s*\(|\?.*:/.test(line)) bad.push(`${i + 1}: a branch or loop: ${line.trim()}`);
    if (/(?<![\w.])\d+(\.\d*)?(e\d+)?(?![\w.])/.test(line.replace(/#include.*/, ''))) bad.push(`${i + 1}: a number: ${line.trim()}`);
  });
  assert.deepEqual(bad, []);
});

test('the embind check itself can fail', () => {
  const probe = (src) => /\b(if|for|while|switch)\s*\(|\?.*:/.test(src) || /(?<![\w.])\d+(\.\d*)?(e\d+)?(?![\w.])/.test(src);
  assert.ok(probe('  return s_->run(long(k < 0 ? 0 : k > 1e9 ? 1e9 : k));'));
  assert.ok(probe('    if (name == "loss") return f32(h.loss);'));
  assert.ok(!probe('      .function("run", &SessionHandle::run)'));
});

// One range check per argument, in the core: the facade checks types only and keeps no bounds.
test('bindings/index.js compares no argument with a numeric bound (the core checks ranges)', () => {
  const src = strip(readFileSync(path.join(repoRoot, 'bindings', 'index.js'), 'utf8'));
  const bounds = [];
  src.split('\n').forEach((line, i) => {
    // JSON-only walks (nonFinite's depth and breadth caps) are not argument ranges.
    if (/depth > 64|value.length <= 100000/.test(line)) return;
    for (const m of line.matchAll(/(?:[<>]=?|min:|max:)\s*(-?[\d_.]+(?:e\d+)?)/g)) {
      if (!['0', '1'].includes(m[1])) bounds.push(`${i + 1}: ${line.trim()}`);
    }
    if (/10_000_000|1_000_000|1e6|1e3|MAX_STEPS/.test(line)) bounds.push(`${i + 1}: ${line.trim()}`);
  });
  assert.deepEqual(bounds, []);
});

// CMake's doctest discovery reads test names as a list: a ';' in a TEST_CASE name splits it into
// two names that match no test, so ctest "passes" them without running anything (27 cases did).
test('no native TEST_CASE name holds a semicolon (ctest would run nothing under it)', () => {
  const dir = path.join(repoRoot, 'tests', 'native');
  const bad = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.cpp'))) {
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/TEST_CASE\("((?:[^"\\]|\\.)*)"/g)) {
      if (m[1].includes(';')) bad.push(`${f}: ${m[1]}`);
    }
  }
  assert.deepEqual(bad, []);
});
