// The wasm engine in Node 20: loads (despite Node's fetch quirk), reports the wasm SIMD arch, and
// computes the same bits as the native build.
import test from 'node:test';
import assert from 'node:assert/strict';
import { loadDescent } from '../../bindings/index.js';
import { native } from '../helpers/native.mjs';

test('the wasm module loads in Node and reports the wasm SIMD architecture', async () => {
  const d = await loadDescent();
  assert.equal(d.arch, 'wasm');
  assert.match(d.version, /^\d+\.\d+\.\d+$/);
});

test('the kernel probe is bit-identical to the native portable build', async () => {
  const d = await loadDescent();
  const wasmHash = d.kernelProbe();
  const nativeHash = native(['probe']).trim();
  assert.match(wasmHash, /^[0-9a-f]{16}$/);
  assert.equal(wasmHash, nativeHash);
});
