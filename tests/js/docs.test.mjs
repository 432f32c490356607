// docs/spec.md is generated from the engine's registry; it must not go stale.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { generate } from '../../scripts/gen-spec-doc.mjs';

test('docs/spec.md matches the registry (regenerate with node scripts/gen-spec-doc.mjs)', async () => {
  const cur = readFileSync(new URL('../../docs/spec.md', import.meta.url), 'utf8');
  assert.equal(cur, await generate());
});
