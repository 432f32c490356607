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
