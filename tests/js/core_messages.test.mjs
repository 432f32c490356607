// Core messages in both engines: user text with control characters comes out escaped (\u0000,
// never a raw NUL that cuts a C string or a terminal escape), and a run that diverges before its
// first update blames the data or the initial parameters, not the learning rate. The wasm facade
// and the native CLI give the same bytes.
import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDescent } from '../../bindings/index.js';
import { native, nativeRaw, haveNative } from '../helpers/native.mjs';

const d = await loadDescent();
const dir = mkdtempSync(path.join(tmpdir(), 'descent-msg-'));
const noControls = (s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s);

function nativeJson(command, spec, csv) {
  const file = path.join(dir, 'spec.json');
  writeFileSync(file, typeof spec === 'string' ? spec : JSON.stringify(spec));
  const args = [command, file];
  if (csv !== undefined) {
    writeFileSync(path.join(dir, 'data.csv'), csv);
    args.push('--csv', path.join(dir, 'data.csv'));
  }
  return nativeRaw([...args, '--quiet']);
}

const cases = [
  { name: 'an unknown optimizer kind with a NUL', spec: { optimizer: { kind: 'a\u0000b' } }, path: 'optimizer.kind', message: 'optimizer.kind "a\\u0000b" is not a known optimizer' },
  { name: 'an unknown field name with an escape character', spec: { seed: 1, 'seeed\u001b[31m': 2 }, path: 'seeed\u001b[31m', message: 'seeed\\u001b[31m is not a known field' },
  { name: 'a choice with a DEL and a C1 control', spec: { optimizer: { kind: 'momentum', form: 'ema\u007f\u0085' } }, path: 'optimizer.form', message: 'optimizer.form must be one of "torch", "ema", got "ema\\u007f\\u0085"' },
  { name: 'a duplicate key with a NUL (JSON text)', spec: '{"seed":1,"a\\u0000":1,"a\\u0000":2}', path: '', message: 'duplicate key "a\\u0000"' },
  { name: 'a CSV column name with a control character', spec: { data: { source: 'csv', target: 'y' } }, csv: 'x\u0001,y\n1,2\nabc,3\n', path: 'data.text', message: 'row 3, column "x\\u0001": "abc" is not a number' },
];

for (const c of cases) {
  test(`control characters escaped in messages: ${c.name}`, () => {
    const text = typeof c.spec === 'string' ? c.spec : JSON.stringify(c.spec);
    const v = d.validate(text, c.csv === undefined ? {} : { csv: c.csv });
    assert.equal(v.ok, false);
    const e = v.errors.find((x) => x.path === c.path);
    assert.ok(e, JSON.stringify(v.errors));
    assert.ok(e.message.includes(c.message), e.message);
    assert.ok(noControls(e.message), JSON.stringify(e.message));
    const r = d.run(text, c.csv === undefined ? {} : { csv: c.csv });
    assert.ok(noControls(r.message), JSON.stringify(r.message));
    if (!haveNative()) return;
    // The native engine: the same validate report, byte for byte, and a whole message on stderr.
    const nv = nativeJson('validate', text, c.csv);
    assert.equal(nv.status, 1);
    assert.deepEqual(JSON.parse(nv.stdout), v);
    assert.ok(nv.stderr.includes(c.message), nv.stderr);
    assert.ok(!nv.stderr.includes('\u0000'));
  });
}

const diverging = [
  { name: 'data near the float maximum', spec: { data: { source: 'inline', x: [1, 3e38], y: [0, 1] }, model: { kind: 'linear', params: [1, 0] }, optimizer: { kind: 'sgd', lr: 1e-9 }, training: { batch_size: 0, epochs: 5 } },
    want: /^diverged at step 1: the loss became infinite\. This happened at the initial parameters, before any update, so the learning rate is not the cause: the training data has values as large as 3e\+38 in magnitude \(in the inputs\); rescale them\. The parameters from before this step are kept\.$/ },
  { name: 'targets near the float maximum', spec: { data: { source: 'inline', x: [1, 2], y: [0, -3e38] }, model: { kind: 'linear' }, optimizer: { kind: 'adam', lr: 1e-9 }, training: { batch_size: 0, epochs: 5 } },
    want: /before any update, so the learning rate is not the cause: the training data has values as large as 3e\+38 in magnitude \(in the targets\)/ },
  { name: 'initial parameters near the float maximum', spec: { data: { source: 'inline', x: [1, 2], y: [0, 1] }, model: { kind: 'linear', params: [3e38, 0] }, optimizer: { kind: 'adam', lr: 1e-9 }, training: { batch_size: 0, epochs: 5 } },
    want: /before any update, so the learning rate is not the cause: the initial parameters have values as large as 3e\+38 \(model\.params\); start from smaller ones\./ },
  // rosenbrock at (1e6, 1e6): 100 (1e6 - 1e12)^2 ~ 1e26, past the 1e20 that counts as divergence
  { name: 'a start point where f explodes', spec: { data: { source: 'function', function: 'rosenbrock', start: [1e6, 1e6] }, optimizer: { kind: 'sgd', lr: 1e-9 }, training: { steps: 5 } },
    want: /^diverged at step 1: f became 9\.9\d*e\+25\. This happened at the start point \(1000000, 1000000\), before any update, so the learning rate is not the cause: choose another data\.start\./ },
];

for (const c of diverging) {
  test(`divergence before the first update does not blame the learning rate: ${c.name}`, () => {
    const wasm = `${d.runJSON(c.spec)}\n`;
    const r = JSON.parse(wasm);
    assert.equal(r.status, 'diverged');
    assert.equal(r.steps, 0);
    assert.match(r.message, c.want);
    assert.doesNotMatch(r.message, /learning rate \S+ is probably too large/);
    if (haveNative()) {
      const file = path.join(dir, 'diverge.json');
      writeFileSync(file, JSON.stringify(c.spec));
      assert.equal(native(['run', file, '--quiet']), wasm);
    }
  });
}

test('divergence after updates still names the learning rate', () => {
  const r = d.run({ data: { source: 'function', function: 'quadratic', start: [1, 1] }, optimizer: { kind: 'sgd', lr: 10 }, training: { steps: 200 } });
  assert.equal(r.status, 'diverged');
  assert.ok(r.steps > 0);
  assert.match(r.message, /The learning rate 10 is probably too large for this problem; try 1\./);
});
