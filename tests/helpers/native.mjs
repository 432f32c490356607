// Runs the command-line engines from tests: build/native/descent-native directly, and the
// `descent` CLI (bindings/cli.js) with the native engine pointed at that build.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const nativeExe = fileURLToPath(new URL('../../build/native/descent-native', import.meta.url));
export const cliJs = fileURLToPath(new URL('../../bindings/cli.js', import.meta.url));

export function haveNative() { return existsSync(nativeExe); }

export function native(args, input) {
  return execFileSync(nativeExe, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
}

export function nativeRaw(args, input) {
  return spawnSync(nativeExe, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
}

/**
 * `node bindings/cli.js ...args`: { status, signal, stdout, stderr } (strings, or Buffers with
 * encoding 'buffer'). options: input (stdin), env (added), cwd, encoding.
 */
export function descent(args, { input, env = {}, cwd, encoding = 'utf8' } = {}) {
  return spawnSync(process.execPath, [cliJs, ...args], {
    input, cwd, encoding, maxBuffer: 1 << 30, timeout: 120_000, killSignal: 'SIGKILL',
    env: { ...process.env, DESCENT_NATIVE: nativeExe, ...env },
  });
}
