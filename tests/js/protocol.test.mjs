// web/engine/protocol.js: messages are built only from the listed types and fields, both sides
// handle every type the other sends (the worker; the controller, its client and the panels it
// hands replies to), and typed arrays are found for transfer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TO_WORKER, TO_PAGE, toWorker, toPage, transferables, known } from '../../web/engine/protocol.js';

const source = (f) => readFileSync(new URL(`../../web/${f}`, import.meta.url), 'utf8');
const main = source('app/controller.js');
const worker = source('engine/worker.js');
const engine = source('engine/client.js');

/** Keys of the object literal that follows `marker` (one level deep: "name(" or "name:"). */
function handlerKeys(text, marker) {
  const start = text.indexOf(marker);
  assert.ok(start >= 0, `no ${marker}`);
  let depth = 0;
  let i = text.indexOf('{', start);
  const begin = i;
  for (; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) break;
  }
  const body = text.slice(begin + 1, i);
  const keys = [];
  let d = 0;
  for (const line of body.split('\n')) {
    if (d === 0) { const m = line.match(/^\s{2}(\w+)\s*(\(|:)/); if (m) keys.push(m[1]); }
    for (const c of line) { if (c === '{') d++; else if (c === '}') d--; }
  }
  return keys;
}

test('messages are built from the listed types and fields only', () => {
  assert.deepEqual(toWorker('step', { steps: 3 }), { type: 'step', steps: 3 });
  assert.deepEqual(toWorker('pause'), { type: 'pause' });
  assert.throws(() => toWorker('stepp', {}), /unknown message type "stepp"/);
  assert.throws(() => toWorker('step', {}), /"step" needs field "steps"/);
  assert.throws(() => toWorker('step', { steps: 1, speed: 2 }), /"step" has no field "speed"/);
  assert.throws(() => toPage('opened', { token: 1 }), /needs field "problem"/);
  // Optional fields may be left out or given.
  assert.doesNotThrow(() => toPage('csv', { token: 1, name: 'a.csv', bytes: 3, parsed: false, errors: [] }));
  assert.doesNotThrow(() => toPage('csv', { token: 1, name: 'a.csv', bytes: 3, parsed: true, errors: [], columns: [], rows: [], totalRows: 0, data: {} }));
  assert.throws(() => toPage('csv', { token: 1, name: 'a.csv', bytes: 3, parsed: true, errors: [], problem: {} }), /"csv" has no field "problem"/);
  assert.equal(known(TO_WORKER, { type: 'open' }), true);
  assert.equal(known(TO_WORKER, { type: 'toString' }), false);
  assert.equal(known(TO_WORKER, null), false);
});

test('every message the page sends is handled by the worker, and the other way round', () => {
  const workerHandles = handlerKeys(worker, 'const handlers =');
  // client.js answers the liveness pings itself; the controller handles everything else, and hands
  // the replies to panel requests (REPLIES) to the panels.
  const body = main.slice(main.indexOf('  #onMessage(m) {'), main.indexOf('  #onCsv(m) {'));
  const replies = main.match(/const REPLIES = Object\.freeze\(\[([^\]]*)\]\)/)[1].match(/'(\w+)'/g).map((q) => q.slice(1, -1));
  const pageHandles = [...[...body.matchAll(/case '(\w+)':/g)].map((m) => m[1]), ...replies, ...[...engine.matchAll(/if \(m\.type === '(\w+)'\) \{/g)].map((m) => m[1])];
  assert.deepEqual([...workerHandles].sort(), Object.keys(TO_WORKER).sort());
  assert.deepEqual([...pageHandles].sort(), Object.keys(TO_PAGE).sort());
  // Each reply reaches a panel that reads it.
  const panels = ['landscape/panel.js', 'lrfinder/panel.js', 'export/panel.js'].map((f) => source(`panels/${f}`)).join('\n');
  for (const r of replies) assert.match(panels, new RegExp(`'${r}'`), `no panel reads the "${r}" reply`);
  const sent = [...main.matchAll(/#send\('(\w+)'/g)].map((m) => m[1]);
  const posted = [...worker.matchAll(/post\('(\w+)'/g), ...engine.matchAll(/toPage\('(\w+)'/g)].map((m) => m[1]);
  assert.ok(sent.length >= 8 && posted.length >= 8);
  for (const t of sent) assert.ok(t in TO_WORKER, `the controller sends unknown "${t}"`);
  for (const t of posted) assert.ok(t in TO_PAGE, `worker.js posts unknown "${t}"`);
  // Both sides go through the protocol's builders (no hand-made { type } objects).
  assert.match(engine, /toWorker\(type, fields\)/);
  assert.match(main, /this\.#engine\.send\(type, fields\)/);
  assert.match(worker, /toPage\(type, fields\)/);
  assert.doesNotMatch(main + worker + engine, /postMessage\(\{\s*type/);
});

test('transferables finds each typed array buffer once and skips shared or non-array values', () => {
  const a = new Float32Array(4);
  const b = new Float32Array(2);
  const big = new Float32Array(10);
  const view = big.subarray(2, 4);   // does not own its buffer: copying it is the safe choice
  const msg = toPage('progress', {
    token: 1, running: true, status: 'running', message: '', steps: 1, epochs: 0, samplesSeen: 1, totalSteps: 2, stepsPerEpoch: 2,
    lr: 0.1, samplesPerSecond: 0, history: { start: 0, stride: 1, replace: false, loss: a, gradNorm: b, lr: a }, epochLog: { from: 0 },
    metrics: { view },
  });
  const t = transferables(msg);
  assert.equal(t.length, 2);
  assert.ok(t.includes(a.buffer) && t.includes(b.buffer));
  assert.deepEqual(transferables({ type: 'pause' }), []);
});
