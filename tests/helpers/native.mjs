// Runs the native engine (build/native/descent-native) from tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const nativeExe = fileURLToPath(new URL('../../build/native/descent-native', import.meta.url));

export function haveNative() { return existsSync(nativeExe); }

export function native(args, input) {
  return execFileSync(nativeExe, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
}

export function nativeRaw(args, input) {
  return spawnSync(nativeExe, args, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
}
