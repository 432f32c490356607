#!/usr/bin/env bash
# npm run bench: Descent (wasm in Node and Chromium, native portable, native fast) against
# TensorFlow.js (core ops and layers, wasm SIMD and cpu backends), ConvNetJS, brain.js and a
# plain-JS MLP on four workloads (training only, and the defaults a user gets), in Node and in
# Chromium; CSV ingestion and memory; the kernel probe; then the playground page's ready time,
# frame rate and long tasks (bench/page.mjs). Writes bench/results/latest.json,
# bench/results/page.json and the tables in docs/performance.md.
# Arguments go to bench/run.mjs (e.g. --smoke, --engines descent-wasm,plainjs, --only W1,W3).
# Builds only what is missing (the fast build is incremental and bench-only); warns when the wasm
# or native build is older than the core sources, since it would measure old code.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
say() { printf '[bench] %s\n' "$*" >&2; }

[ -d node_modules/@tensorflow/tfjs-core ] || { say "peer libraries missing: run npm run setup (or npm install)"; exit 1; }
[ -f bindings/wasm/descent.wasm ] || bash scripts/build.sh wasm
[ -x build/native/descent-native ] || bash scripts/build.sh native
if [[ " $* " != *" --smoke "* ]]; then
  bash scripts/build.sh fast 2>&1 | grep -E '^\[build\]|error' >&2 || true
fi
newest=$(find core bindings/embind.cpp -newer bindings/wasm/descent.wasm -name '*.[ch]pp' 2>/dev/null | head -1)
[ -z "$newest" ] || say "warning: $newest is newer than bindings/wasm/descent.wasm (bash scripts/build.sh wasm)"
newest=$(find core cli -newer build/native/descent-native -name '*.[ch]pp' 2>/dev/null | head -1)
[ -z "$newest" ] || say "warning: $newest is newer than build/native/descent-native (bash scripts/build.sh native)"
node bench/run.mjs "$@"
# The playground page in Chromium (bench/page.mjs): part of a full run only, on a fresh site build.
case " $* " in
  *" --smoke "*|*" --only "*|*" --engines "*|*" --no-browser "*|*" --no-doc "*) ;;
  *) bash scripts/build.sh site >&2 && node bench/page.mjs ;;
esac
