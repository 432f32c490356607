// The registry is the one home of every row's written forms: each loss, optimizer, schedule, line
// search, activation and test function has its formula in plain text and TeX (the TeX renders with
// Temml), and its torch and Keras forms (or a reason why there is none); every template parses and
// reads only names it can have; every torch form runs in Debian's python3-torch with the defaults
// torch itself has; the Keras export never writes "undefined". The numbers of the torch forms are
// checked end to end in export_torch.test.mjs, the explain lines in explain.test.mjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import temml from 'temml';
import { loadDescent } from '../../bindings/index.js';
import { exportForm, exportKeras, runFacts } from '../../bindings/export.js';
import { equations, names, parse } from '../../bindings/forms.js';

const PYTHON = '/usr/bin/python3';  // Debian's, where python3-torch lives
const d = await loadDescent();
const reg = d.registry();
// The run's facts a form may read (run.lr, ...), for a run of 100 steps with validation rows.
const RUN_VALUES = runFacts({ optimizer: { lr: 0.01 } }, { totalSteps: 100, rows: { validation: 1 } });
const RUN = Object.keys(RUN_VALUES);

// Which collections carry which forms.
const KINDS = {
  losses: { forms: true }, optimizers: { forms: true, explain: true }, schedules: { forms: true },
  lineSearches: { forms: true }, activations: { forms: true }, functions: { forms: false }, inits: { forms: false },
};

const tex = (s, where) => {
  try {
    temml.renderToString(s, { throwOnError: true });
  } catch (e) {
    assert.fail(`${where}: the TeX does not render: ${e.message}\n${s}`);
  }
};

/** The values of a row's params: defaults, and the variants a form's conditions depend on. */
function variants(entry) {
  const base = Object.fromEntries(entry.params.map((p) => [p.name, p.default]));
  const out = [base];
  for (const p of entry.params) {
    if (p.type === 'choice') for (const c of p.choices) if (c !== p.default) out.push({ ...base, [p.name]: c });
    if (p.type === 'boolean') out.push({ ...base, [p.name]: !p.default });
    if ((p.type === 'number' || p.type === 'integer') && p.default === 0 && (p.max ?? Infinity) > 0) out.push({ ...base, [p.name]: p.type === 'integer' ? 1 : Math.min(0.5, p.max ?? 0.5) });
  }
  return out;
}

test('every row has its formula in plain text and in TeX, and the TeX renders', () => {
  for (const [kind] of Object.entries(KINDS)) {
    assert.ok(reg[kind].length > 0, kind);
    for (const e of reg[kind]) {
      const where = `${kind}.${e.id}`;
      assert.ok(typeof e.formula === 'string' && e.formula.length > 0, `${where}: no plain formula`);
      assert.ok(typeof e.tex === 'string' && e.tex.length > 0, `${where}: no TeX formula`);
      tex(e.tex, where);
    }
  }
});

test('every parameter of every row, and every spec field, has a label and help for the help panel', () => {
  for (const [kind, rows] of Object.entries(reg)) {
    for (const e of rows) for (const p of e.params ?? (kind === 'spec' ? [e] : [])) assert.ok(p.label && p.help, `${kind}.${e.id ?? e.name}.${p.name}`);
  }
});

test('every loss, optimizer, schedule, line search and activation has a torch and a Keras form (or says why not)', () => {
  for (const [kind, what] of Object.entries(KINDS)) {
    if (!what.forms) continue;
    for (const e of reg[kind]) {
      for (const fw of ['torch', 'keras']) {
        const f = e[fw];
        const where = `${kind}.${e.id}.${fw}`;
        assert.ok(f && typeof f === 'object', `${where}: missing`);
        assert.ok((typeof f.code === 'string' && f.code.length > 0) !== (typeof f.none === 'string'), `${where}: needs code or a reason, not both`);
        if (f.none !== undefined) assert.ok(f.none.length > 20, `${where}: the reason is too short: ${f.none}`);
        const allowed = new Set([...(e.params ?? []).map((p) => p.name), ...RUN]);
        for (const t of [f.code, f.support].filter(Boolean)) {
          parse(t);
          for (const n of names(t)) assert.ok(allowed.has(n), `${where}: the template reads "${n}", which is neither a parameter nor a run fact`);
          // Filled with every variant of the parameters, nothing is left undefined.
          for (const v of variants({ params: e.params ?? [] })) {
            const filled = exportForm(e, fw, { ...v, ...RUN_VALUES });
            assert.doesNotMatch(`${filled.code}\n${filled.support}`, /undefined|NaN|\$/, where);
          }
        }
      }
    }
  }
  for (const s of reg.schedules) assert.ok(['', 'step', 'epoch', 'metric'].includes(s.torchStep), `schedules.${s.id}.torchStep = ${s.torchStep}`);
  // A form is a template or a reason: a missing one is an error that names the row.
  assert.throws(() => exportForm({ id: 'x' }, 'torch', {}), /registry row "x" has no torch form/);
  assert.throws(() => exportForm({ id: 'x', torch: { code: 'f($a)' } }, 'torch', {}), /needs "a"/);
});

test('every optimizer has explain lines: plain and TeX, ending in the update of w; their names are known', () => {
  for (const o of reg.optimizers) {
    assert.ok(Array.isArray(o.explain) && o.explain.length >= 2, `${o.id}: no explain lines`);
    const settings = new Set(o.params.map((p) => `@${p.name}`));
    const shown = o.explain.filter((l) => !l.let);
    assert.ok(shown.every((l) => l.plain && l.tex), `${o.id}: every shown line has a plain and a TeX form`);
    assert.ok(shown.some((l) => /^w ← /.test(l.plain) && l.check), `${o.id}: a line updates w and checks its arithmetic`);
    for (const l of o.explain) {
      for (const t of [l.plain, l.tex, l.note].filter(Boolean)) {
        parse(t);
        for (const n of names(t)) if (n.startsWith('@')) assert.ok(settings.has(n), `${o.id}: "${n}" is not a setting of ${o.id}`);
      }
      if (l.when) names(`\${if ${l.when}}\${end}`);
      for (const eq of [l.check, l.let].filter(Boolean)) assert.ok(equations(eq).length > 0, `${o.id}: ${eq}`);
    }
  }
});

test('every torch form runs in python3-torch, with the defaults torch has', () => {
  // One Python program: each case constructs the row's object from its form and uses it once.
  const cases = [];
  const expect = [];
  const lossInput = { value: 'torch.randn(4, 1)', logit: 'torch.randn(4, 1)', score: 'torch.randn(4, 1)', probability: 'torch.rand(4, 1) * 0.9 + 0.05' };
  const lossTarget = {
    values: 'torch.randn(4, 1)', binary: 'torch.tensor([[0.], [1.], [1.], [0.]])', signed_label: 'torch.tensor([[-1.], [1.], [1.], [-1.]])',
    one_hot: 'F.one_hot(torch.tensor([0, 2, 1, 0]), 3).float()', label: 'torch.tensor([0, 2, 1, 0])',
  };
  for (const o of reg.optimizers) {
    for (const v of variants(o)) {
      const f = exportForm(o, 'torch', { ...v, ...RUN_VALUES });
      cases.push({ name: `optimizer ${o.id} ${JSON.stringify(v)}`, code: `${f.support}\nmodel = nn.Sequential(nn.Linear(2, 1))\nopt = ${f.code}\nmodel(torch.randn(4, 2)).pow(2).mean().backward()\nopt.step()` });
    }
    // torch's own defaults for the parameters a form passes through: name=$param (or a tuple).
    const f = o.torch;
    const cls = f.code.match(/^([\w.]+)\(model\.parameters\(\)/)?.[1];
    for (const m of f.code.matchAll(/(\w+)=(\$\w+|\(\$\w+, \$\w+\))/g)) {
      const slots = [...m[2].matchAll(/\$(\w+)/g)].map((x) => x[1]);
      const ps = slots.map((n) => o.params.find((p) => p.name === n));
      if (!cls || ps.some((p) => !p || p.required)) continue;
      expect.push({ row: o.id, cls, support: f.support ?? '', kw: m[1], want: ps.length > 1 ? ps.map((p) => p.default) : ps[0].default });
    }
  }
  for (const l of reg.losses) {
    const multi = l.target === 'one_hot' || l.target === 'label';
    const out = multi ? 'torch.randn(4, 3)' : lossInput[l.input];
    const f = exportForm(l, 'torch', Object.fromEntries(l.params.map((p) => [p.name, p.default])));
    cases.push({ name: `loss ${l.id}`, code: `${f.support}\ncriterion = ${f.code}\nv = criterion(${out}, ${lossTarget[l.target]})\nassert v.dim() == 0 and math.isfinite(v.item())` });
  }
  for (const s of reg.schedules) {
    for (const v of variants(s)) {
      const f = exportForm(s, 'torch', { ...v, ...RUN_VALUES });
      const call = { step: 'sched.step()', epoch: 'sched.step()', metric: 'sched.step(1.0)', '': 'pass' }[s.torchStep];
      cases.push({ name: `schedule ${s.id} ${JSON.stringify(v)}`, code: `${f.support}\nmodel = nn.Sequential(nn.Linear(2, 1))\nopt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)\nsched = ${f.code}\nopt.step()\n${call}` });
    }
  }
  for (const a of reg.activations) {
    const f = exportForm(a, 'torch', {});
    cases.push({ name: `activation ${a.id}`, code: `${f.support}\nassert (${f.code})(torch.randn(3, 2)).shape == (3, 2)` });
  }
  const program = `
import inspect, json, math, sys, traceback
import torch
import torch.nn as nn
import torch.nn.functional as F
cases, expect = json.loads(sys.stdin.read())
bad = []
for c in cases:
    try:
        exec(c["code"], {"torch": torch, "nn": nn, "F": F, "math": math})
    except Exception:
        bad.append(c["name"] + ": " + traceback.format_exc(limit=1))
for e in expect:
    env = {"torch": torch, "nn": nn, "F": F, "math": math}
    exec(e["support"], env)
    default = inspect.signature(eval(e["cls"], env)).parameters[e["kw"]].default
    got = list(default) if isinstance(default, tuple) else default
    want = e["want"] if not isinstance(e["want"], bool) else e["want"]
    if got != want:
        bad.append("%s: %s(%s=...) defaults to %r in torch, the registry says %r" % (e["row"], e["cls"], e["kw"], got, want))
print(json.dumps({"cases": len(cases), "defaults": len(expect), "bad": bad}))
`;
  const r = spawnSync(PYTHON, ['-c', program], { input: JSON.stringify([cases, expect]), encoding: 'utf8', timeout: 300000 });
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout);
  // Descent's momentum and nesterov rows default to momentum 0.9 where torch.optim.SGD has 0.
  const intended = /^(momentum|nesterov): torch\.optim\.SGD\(momentum=\.\.\.\) defaults to 0 in torch, the registry says 0\.9$/;
  assert.deepEqual(res.bad.filter((b) => !intended.test(b)), []);
  assert.ok(res.cases >= reg.optimizers.length + reg.losses.length + reg.schedules.length, JSON.stringify(res));
  assert.ok(res.defaults >= 20, `only ${res.defaults} defaults compared`);
});

test('the Keras export never writes undefined: every optimizer, loss, schedule and activation', () => {
  const base = { seed: 1, data: { source: 'synthetic', generator: 'blobs', samples: 40, classes: 2 }, preprocess: { validation_split: 0.25 }, model: { kind: 'mlp', hidden: [4], dropout: 0.1 }, loss: { kind: 'bce_logits' }, training: { batch_size: 8, epochs: 2 } };
  const specs = [];
  for (const o of reg.optimizers) for (const v of variants(o)) specs.push({ ...base, optimizer: { kind: o.id, ...v } });
  for (const s of reg.schedules) specs.push({ ...base, optimizer: { kind: 'adam' }, schedule: { kind: s.id } });
  for (const a of reg.activations) specs.push({ ...base, optimizer: { kind: 'adam' }, model: { ...base.model, activation: a.id } });
  for (const l of reg.losses) {
    const fit = l.fits[0];
    const model = fit.models.includes('mlp') ? 'mlp' : fit.models[0];
    const data = fit.task === 'regression' ? { source: 'synthetic', generator: 'line', samples: 40 } : { source: 'synthetic', generator: 'blobs', samples: 40, classes: fit.task === 'binary' ? 2 : 3 };
    specs.push({ ...base, data, model: { kind: model, ...(model === 'mlp' ? { hidden: [4] } : {}) }, loss: { kind: l.id }, optimizer: { kind: 'adam' } });
  }
  specs.push({ ...base, optimizer: { kind: 'sgd', lr: 0.1 }, training: { ...base.training, line_search: 'armijo' } });
  for (const spec of specs) {
    const k = exportKeras(d, spec);
    assert.ok(k.ok, `${JSON.stringify(spec)}: ${k.error}`);
    assert.doesNotMatch(k.text, /undefined|NaN|\[object|\$/, JSON.stringify(spec));
    assert.match(k.text, /^optimizer = /m);
    assert.match(k.text, /^model\.compile\(optimizer=optimizer, loss=loss\)$/m);
  }
  // A row without a Keras equivalent says why, in the snippet.
  const none = reg.schedules.find((s) => s.keras.none);
  assert.ok(none, 'a schedule without a Keras form');
  const k = exportKeras(d, { ...base, optimizer: { kind: 'adam' }, schedule: { kind: none.id } });
  assert.ok(k.text.includes(`lr_callback = None  # no Keras equivalent: ${none.keras.none}`), k.text);
});

// A test function's two forms say the same thing: its right-hand side (the hosts write
// "f(x, y) = " before either; a TeX form with its own "f(x, y) =" showed it twice in the settings).
test('a test function\'s plain and TeX formulas are both the right-hand side of f(x, y) =', () => {
  for (const f of reg.functions) {
    assert.doesNotMatch(f.formula, /^\s*f\s*\(\s*x\s*,\s*y\s*\)\s*=/, `functions.${f.id}: plain`);
    assert.doesNotMatch(f.tex, /^\s*f\s*\(\s*x\s*,\s*y\s*\)\s*=/, `functions.${f.id}: TeX`);
  }
});
