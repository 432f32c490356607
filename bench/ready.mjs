// Time from nothing to a usable engine in a fresh Node process: importing the facade, reading and
// compiling the .wasm, instantiating it. Prints milliseconds. Run by bench/run.mjs several times.
const t0 = performance.now();
const { loadDescent } = await import('../bindings/index.js');
const d = await loadDescent();
const ms = performance.now() - t0;
if (!d.version) throw new Error('no engine');
process.stdout.write(`${ms}\n`);
