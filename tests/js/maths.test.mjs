// Typesetting in Node: every TeX the registry holds (optimizers, losses, schedules, line searches,
// activations, test functions, and every optimizer's explain lines filled with numbers) parses in
// Temml, stacked as web/math.js stacks display formulas; stackStatements() splits by hand-read cases.
// Not here: the browser's rendering and the CSP (tests/e2e/maths.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import temml from 'temml';
import { loadDescent } from '../../bindings/index.js';
import { stackStatements } from '../../web/math.js';
import { fillTex } from '../../web/views/explain-lines.js';

const d = await loadDescent();

test('stackStatements: top-level \\quad splits, braces, environments and \\left..\\right do not', () => {
  assert.equal(stackStatements('a = 1;\\quad b = 2'), '\\begin{array}{l} a = 1; \\\\ b = 2 \\end{array}');
  assert.equal(stackStatements('x^{a \\quad b}'), 'x^{a \\quad b}');
  assert.equal(stackStatements('\\begin{cases} a \\quad b \\end{cases}'), '\\begin{cases} a \\quad b \\end{cases}');
  assert.equal(stackStatements('\\left( a \\quad b \\right)'), '\\left( a \\quad b \\right)');
  // \quadx is not \quad; \qquad is not split either
  assert.equal(stackStatements('a \\qquad b'), 'a \\qquad b');
  assert.equal(stackStatements('a,\\quad b,\\quad c'), '\\begin{array}{l} a, \\\\ b, \\\\ c \\end{array}');
});

test('every formula in the registry typesets (as a display formula and inline)', () => {
  const r = d.registry();
  let n = 0;
  for (const k of ['optimizers', 'losses', 'schedules', 'lineSearches', 'activations', 'functions']) {
    for (const e of r[k]) {
      assert.ok(e.tex, `${k} ${e.id} has no tex`);
      for (const [tex, displayMode] of [[stackStatements(e.tex), true], [e.tex, false]]) {
        const out = temml.renderToString(tex, { displayMode, throwOnError: true });
        assert.match(out, /^<math/, `${k} ${e.id}`);
        n++;
      }
    }
  }
  // Explain lines with numbers in their slots (negative, tiny, huge).
  for (const o of r.optimizers) {
    for (const l of o.explain ?? []) {
      if (!l.tex) continue;
      const values = new Proxy({}, { get: (_, name) => (String(name).startsWith('@') ? 0.9 : -1.5e-7) });
      const tex = fillTex(l.tex, values);
      assert.match(temml.renderToString(stackStatements(tex), { displayMode: true, throwOnError: true }), /^<math/, `${o.id}: ${tex}`);
      n++;
    }
  }
  assert.ok(n > 100, `${n} formulas`);
});
