// Memory: 10,000 sessions created, run and disposed leave the wasm heap within a small bound
// (wasm memory never shrinks, so a leak shows as growth across rounds).
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';

test('10,000 create / run / dispose cycles keep the wasm heap bounded', async () => {
  const d = await loadDescent();
  const spec = JSON.stringify({ seed: 1, data: { source: 'synthetic', generator: 'moons', samples: 40 }, model: { kind: 'mlp', hidden: [8] }, optimizer: { kind: 'adam', lr: 0.01 }, training: { batch_size: 8, epochs: 2 } });
  const cycle = (n) => {
    for (let i = 0; i < n; i++) {
      const s = d.session(spec);
      s.run(5);
      s.history();
      s.dispose();
    }
  };
  cycle(500);  // warm up: allocator pools, thread-local kernel buffers
  const warm = d.heapBytes;
  cycle(9500);
  const after = d.heapBytes;
  assert.equal(d.openSessions, 0);
  // 9,500 leaked sessions of ~20 KB each would add ~190 MB; allow one growth step (16 MB).
  assert.ok(after - warm <= 16 * 1024 * 1024, `heap grew from ${warm} to ${after} bytes`);
});
