#!/usr/bin/env bash
# npm test: installs what is missing, builds native + wasm + site, then runs every layer:
#   1. native doctest suite (ctest)   2. Node tests of the wasm facade and CLI (node --test)
#   3. browser tests in headless Debian Chromium (playwright-core)
#   4. engines: the facade's result bytes and a playground smoke test in Chromium, Firefox ESR
#      (puppeteer-core, WebDriver BiDi) and WebKitGTK (WebKitWebDriver under Xvfb)
#   5. fuzzing: each libFuzzer target (ASan + UBSan) for FUZZ_SECONDS (default 60) seconds
# Runs all layers even when one fails, prints a summary, exits non-zero if any failed.
# DESCENT_TEST_LAYERS="native node" limits the layers (for development).
set -uo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
start=$(date +%s)
bash scripts/setup.sh test || { echo "[test] setup failed" >&2; exit 1; }
bash scripts/build.sh native site || { echo "[test] build failed" >&2; exit 1; }
mkdir -p test-artifacts

layers=${DESCENT_TEST_LAYERS:-"native node browser engines fuzz"}
failed=()
passed=()
run() {
  local name=$1; shift
  printf '\n=== %s\n' "$name"
  local t0=$(date +%s)
  if "$@"; then passed+=("$name ($(( $(date +%s) - t0 ))s)"); else failed+=("$name"); fi
}
for layer in $layers; do
  case "$layer" in
    native)  run "native: doctest (ctest)" ctest --test-dir build/native --output-on-failure -j"$(nproc)" --timeout 600 ;;
    node)    run "node: wasm facade + CLI" node --test --test-concurrency=2 tests/js/*.test.mjs ;;
    browser) run "browser: headless Chromium" node --test --test-concurrency=1 tests/e2e/*.test.mjs ;;
    engines) run "engines: Chromium, Firefox ESR, WebKitGTK" node --test --test-concurrency=1 tests/engines/*.test.mjs ;;
    fuzz)    run "fuzz: libFuzzer + ASan/UBSan, ${FUZZ_SECONDS:-60}s per target" bash scripts/fuzz.sh "${FUZZ_SECONDS:-60}" ;;
    *) echo "[test] unknown layer $layer" >&2; failed+=("$layer") ;;
  esac
done

printf '\n=== summary (%ss)\n' "$(( $(date +%s) - start ))"
for p in "${passed[@]}"; do echo "  ok      $p"; done
for f in "${failed[@]}"; do echo "  FAILED  $f"; done
echo "  artifacts: test-artifacts/"
[ ${#failed[@]} -eq 0 ]
