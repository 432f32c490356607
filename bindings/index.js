// The JavaScript facade of Descent: the only code that touches the raw WebAssembly module.
// Works in browsers, workers and Node 20. Small values cross as JSON strings, arrays as copies of
// typed arrays (views into wasm memory die when the heap grows, so nothing leaves unsliced).
import createDescentModule from './wasm/descent.mjs';

const isNode = typeof process === 'object' && !!process.versions?.node && typeof window === 'undefined'
  && typeof self === 'undefined';

async function nodeWasmBytes() {
  const fsName = 'node:fs/promises';
  const { readFile } = await import(/* @vite-ignore */ fsName);
  return readFile(new URL('./wasm/descent.wasm', import.meta.url));
}

/**
 * Loads the engine. options.wasmBinary (bytes) or options.wasmUrl override where the .wasm
 * comes from; by default it sits beside this file (Node reads it from disk: Node's fetch
 * cannot load file paths).
 */
export async function loadDescent(options = {}) {
  const args = {};
  if (options.wasmBinary) args.wasmBinary = options.wasmBinary;
  else if (options.wasmUrl) args.locateFile = () => String(options.wasmUrl);
  else if (isNode) args.wasmBinary = await nodeWasmBytes();
  else args.locateFile = () => new URL('./wasm/descent.wasm', import.meta.url).href;
  const raw = await createDescentModule(args);
  return new Descent(raw);
}

class Descent {
  #raw;
  constructor(raw) {
    this.#raw = raw;
    this.version = raw.version();
    this.arch = raw.arch();
  }
  /** Hash of a fixed computation through every kernel: equal in every engine. */
  kernelProbe() { return this.#raw.kernelProbe(); }
}
