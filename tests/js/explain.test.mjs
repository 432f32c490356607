// "Explain this step" against the engine: for every optimizer (and the variants its lines depend
// on) the lines of its registry row, filled from session.explain(), show the engine's numbers,
// their checks (the formulas' arithmetic, e.g. m_hat = m / (1 - beta1^t)) hold with those numbers,
// the parameter they say the step started from is the one the engine had before the step, and
// their TeX renders with Temml. Also: the line-search lines, and the renderers' number formats.
import test, { before } from 'node:test';
import assert from 'node:assert/strict';
import temml from 'temml';
import { loadDescent } from '../../bindings/index.js';
import { equations, evaluate } from '../../bindings/forms.js';
import { explainLines, explainValues, fillPlain, fillTex, formatNumber, texNumber } from '../../web/views/explain-lines.js';

let d;
let reg;
before(async () => {
  d = await loadDescent();
  reg = d.registry();
});

const close = (a, b, rel) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-30;
const renders = (tex) => { temml.renderToString(tex, { throwOnError: true }); return true; };

/** Settings worth explaining separately: the defaults, every choice, flipped booleans, a positive value for each 0 default. */
function variants(o) {
  const base = { kind: o.id, lr: o.params.find((p) => p.name === 'lr').default > 0.01 ? undefined : 0.001 };
  const out = [base];
  for (const p of o.params) {
    if (p.name === 'lr') continue;
    if (p.type === 'choice') for (const c of p.choices) if (c !== p.default) out.push({ ...base, [p.name]: c });
    if (p.type === 'boolean') out.push({ ...base, [p.name]: !p.default });
    if (p.type === 'number' && p.default === 0 && (p.max ?? Infinity) > 0) out.push({ ...base, [p.name]: Math.min(0.5, p.max ?? 0.5) });
    if (p.type === 'number' && p.default > 0 && p.min === 0 && !p.minExclusive) out.push({ ...base, [p.name]: 0 });
  }
  return out.map((v) => Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined)));
}

/** Runs 3 steps and explains the third for both parameters; checks everything a line claims. */
function checkRun(spec, entry) {
  const s = d.session(spec);
  try {
    s.run(2);
    const prev = s.params();
    assert.equal(s.run(1), 'running');
    const after = s.params();
    const settings = d.validate(spec).spec.optimizer;
    for (const i of [0, 1]) {
      const e = s.explain(i);
      const where = `${JSON.stringify(spec.optimizer)}${spec.schedule ? ` ${JSON.stringify(spec.schedule)}` : ''}, parameter ${i}`;
      assert.equal(e.w, after[i], `${where}: explain's w is the parameter after the step`);
      const values = explainValues(entry, e, settings);
      // The step started from the parameter the engine had: w_before (derived from w and the step
      // by the row's let lines) is the parameter before the step, up to float32 rounding.
      assert.ok(close(values.w_before, prev[i], 2e-7) || Math.abs(values.w_before - prev[i]) < 1e-6 * (Math.abs(e.step) + Math.abs(e.w)), `${where}: w_before ${values.w_before} vs ${prev[i]}`);
      const lines = explainLines(entry, e, settings);
      assert.ok(lines.length >= 2, where);
      assert.match(lines[lines.length - 1].eq, /^w ← /, where);
      assert.ok(lines[lines.length - 1].eq.endsWith(`= ${formatNumber(e.w)}`), `${where}: ${lines[lines.length - 1].eq}`);
      let checked = 0;
      for (const l of lines) {
        const text = `${l.eq} | ${l.note} | ${l.tex}`;
        assert.doesNotMatch(text, /undefined|NaN|–|\$/, `${where}:\n${text}`);
        // Every number the line shows is one the engine reported (or a row's let derived from them).
        for (const n of l.slots.filter((x) => !x.startsWith('@'))) {
          assert.equal(typeof values[n], 'number', `${where}: "${n}" in "${l.eq}" is not a number of the step`);
          assert.ok(l.eq.includes(formatNumber(values[n])), `${where}: "${l.eq}" does not show ${n} = ${values[n]}`);
        }
        for (const { name, expr } of equations(l.check)) {
          const left = values[name];
          const right = evaluate(expr, values);
          assert.ok(close(left, right, 2e-6), `${where}: ${name} = ${left} but ${expr} = ${right} (${l.eq})`);
          checked++;
        }
        assert.ok(renders(l.tex));
      }
      assert.ok(checked >= 1, `${where}: no check`);
    }
  } finally {
    s.dispose();
  }
}

test('explain lines: every optimizer and variant, in function mode and on a model, against the engine', () => {
  for (const o of reg.optimizers) {
    for (const v of variants(o)) {
      checkRun({ seed: 1, data: { source: 'function', function: 'rosenbrock' }, optimizer: v, training: { steps: 10 } }, o);
      checkRun({ seed: 2, data: { source: 'synthetic', generator: 'line', samples: 40, noise: 0.1 }, model: { kind: 'linear' }, optimizer: v, training: { batch_size: 8, epochs: 3 } }, o);
    }
  }
});

test('explain lines: a schedule that cycles the momentum shows the value of this step', () => {
  let cycled = 0;
  for (const o of reg.optimizers) {
    const spec = { seed: 3, data: { source: 'synthetic', generator: 'line', samples: 40 }, model: { kind: 'linear' }, optimizer: { kind: o.id, lr: 0.01 }, schedule: { kind: 'one_cycle', max_lr: 0.05, cycle_momentum: true }, training: { batch_size: 8, epochs: 3 } };
    if (!d.validate(spec).ok) continue;  // an optimizer without a momentum or beta1
    checkRun(spec, o);
    const s = d.session(spec);
    s.run(3);
    const notes = explainLines(o, s.explain(0), d.validate(spec).spec.optimizer).map((l) => l.note).join(' | ');
    s.dispose();
    assert.match(notes, /0\.\d+ \(this step's; the schedule cycles it\)/, `${o.id}: ${notes}`);
    cycled++;
  }
  assert.ok(cycled >= 5, `${cycled} optimizers cycle a momentum`);
});

test('explain lines: a line search shows the accepted step length instead of the learning rate', () => {
  const sgd = reg.optimizers.find((o) => o.id === 'sgd');
  const spec = { seed: 1, data: { source: 'function', function: 'rosenbrock' }, optimizer: { kind: 'sgd', lr: 0.001 }, training: { steps: 10, line_search: 'armijo' } };
  checkRun(spec, sgd);
  const s = d.session(spec);
  s.run(1);
  const e = s.explain(0);
  const trials = s.lastTrials();
  const path = s.trajectory().points;
  s.dispose();
  // The engine's step length is the last (accepted) trial's, and it moved x by -a g.
  const a = trials[trials.length - 1].a;
  assert.equal(e.step_length, a);
  assert.ok(Math.abs(path[2] - (path[0] - a * e.g)) < 1e-5);
  const lines = explainLines(sgd, e, { kind: 'sgd', lr: 0.001 });
  assert.equal(lines[1].eq, `a = ${formatNumber(a)}`);
  assert.match(lines[2].eq, /^w ← w − a·g = -1\.5 − /);
  // An older engine without step_length: the caller passes the step size.
  const { step_length: _, ...old } = e;
  assert.equal(explainLines(sgd, { ...old, step: undefined }, {}, { stepSize: a })[1].eq, `a = ${formatNumber(a)}`);
});

test('explain lines: the renderers write numbers, settings, operands and cycled values', () => {
  assert.equal(formatNumber(0.000012345), '1.23e-5');
  assert.equal(formatNumber(-0.5), '-0.5');
  assert.equal(formatNumber(123456), '1.23e+5');
  assert.equal(formatNumber(undefined), '–');
  assert.equal(texNumber(0.000012345), '1.23 \\times 10^{-5}');
  assert.equal(texNumber(123456), '1.23 \\times 10^{5}');
  const v = { g: -0.5, lr: 0.01, beta1: 0.85, '@beta1': 0.9, '@eps': 1e-8, t: 1 };
  assert.equal(fillPlain('w − $lr·${g|op}', v), 'w − 0.01·(-0.5)');
  assert.equal(fillTex('$lr \\cdot ${g|op}', v), '0.01 \\cdot \\left(-0.5\\right)');
  assert.equal(fillPlain('β₁ = ${beta1|used}, ε = $@eps${if t=1}, first step${end}', v), "β₁ = 0.85 (this step's; the schedule cycles it), ε = 1e-8, first step");
  assert.equal(fillPlain('β₁ = ${beta1|used}', { beta1: 0.9, '@beta1': 0.9 }), 'β₁ = 0.9');
  assert.ok(renders(fillTex('\\beta_1 = ${beta1|used}', v)));
  // An id finds its row through options.registry; without it, the numbers one per line.
  const e = { t: 1, lr: 0.1, g: 2, w: 0.8, step: -0.2 };
  assert.equal(explainLines('sgd', e, {}, { registry: reg }).at(-1).eq, 'w ← w − lr·g = 1 − 0.1·2 = 0.8');
  assert.deepEqual(explainLines('sgd', e, {}).map((l) => l.eq), ['t = 1', 'lr = 0.1', 'g = 2', 'w = 0.8', 'step = -0.2']);
});
