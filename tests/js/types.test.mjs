// bindings/index.d.ts follows the registry: its registry block is what scripts/gen-types.mjs writes
// from registry() (regenerate with `node scripts/gen-types.mjs`), and its id unions list exactly
// the registry's ids.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadDescent } from '../../bindings/index.js';
import { BEGIN, END, generateBlock, withBlock } from '../../scripts/gen-types.mjs';

const dts = readFileSync(new URL('../../bindings/index.d.ts', import.meta.url), 'utf8');

test('index.d.ts: the registry block is up to date (regenerate with node scripts/gen-types.mjs)', async () => {
  assert.equal(dts, withBlock(dts, await generateBlock()));
  assert.equal(dts.split(BEGIN).length, 2, 'one registry block');
  assert.throws(() => withBlock('export type X = 1;', 'x'), /lacks the markers/);
});

test('index.d.ts id unions list exactly the registry ids', async () => {
  const reg = (await loadDescent()).registry();
  const union = (name) => {
    const m = dts.match(new RegExp(`export type ${name} =([^;]+);`));
    assert.ok(m, name);
    return [...m[1].matchAll(/'([a-z0-9_]+)'/g)].map((x) => x[1]).sort();
  };
  const ids = (list) => list.map((e) => e.id).sort();
  assert.deepEqual(union('ModelId'), ids(reg.models));
  assert.deepEqual(union('LossId'), ids(reg.losses));
  assert.deepEqual(union('OptimizerId'), ids(reg.optimizers));
  assert.deepEqual(union('ScheduleId'), ids(reg.schedules));
  assert.deepEqual(union('GeneratorId'), ids(reg.generators));
  assert.deepEqual(union('FunctionId'), ids(reg.functions));
  assert.deepEqual(union('ActivationId'), ids(reg.activations));
  assert.deepEqual(union('InitId'), ids(reg.inits));
  assert.deepEqual(union('LineSearchId'), ids(reg.lineSearches));
  // Every member the interfaces declare for a row is one registry() has, and the reverse.
  const block = dts.slice(dts.indexOf(BEGIN), dts.indexOf(END));
  for (const key of Object.keys(reg)) assert.match(block, new RegExp(`\\n  ${key}: `), `Registry.${key}`);
  for (const k of Object.keys(reg.optimizers[0])) assert.ok(block.includes(` ${k}: `) || block.includes(` ${k}?: `), `optimizer key ${k}`);
});
