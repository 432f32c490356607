#!/usr/bin/env bash
# Builds Descent. Targets (any number, default "all"):
#   native  core + doctest suite + descent-native       (build/native, portable floating point)
#   wasm    bindings/wasm/descent.mjs + descent.wasm    (build/wasm, emcmake)
#   site    wasm + the static playground in dist/        (Vite, relative URLs)
#   fast    native -march=native build for benchmarks     (build/fast; not bit-identical)
#   fuzz    libFuzzer + ASan/UBSan targets (clang)        (build/fuzz)
# Incremental: CMake and Vite only redo what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}
JOBS=${JOBS:-$(nproc)}
say() { printf '[build] %s\n' "$*" >&2; }
# cmake --build without the per-file progress lines; fails when the build fails (pipefail).
quiet_build() { cmake --build "$1" -j"$JOBS" -- --no-print-directory 2>&1 | { grep -vE '^\[ *[0-9]+%\] (Building|Linking|Built)' || true; }; }

native() {
  say "native (portable)"
  cmake -S . -B build/native >/dev/null
  quiet_build build/native
  test -x build/native/descent-native
}
fast() {
  say "native (fast, -march=native)"
  cmake -S . -B build/fast -DDESCENT_FAST=ON -DDESCENT_TESTS=OFF >/dev/null
  quiet_build build/fast
  test -x build/fast/descent-native
}
wasm() {
  say "wasm"
  emcmake cmake -S . -B build/wasm >/dev/null
  quiet_build build/wasm
  test -f bindings/wasm/descent.wasm
}
site() {
  wasm
  say "site (dist/)"
  npx --no-install vite build --config web/vite.config.js
}
fuzz() {
  say "fuzz targets (clang, libFuzzer, ASan+UBSan)"
  CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDESCENT_FUZZ=ON \
    -DDESCENT_SANITIZE=ON -DDESCENT_TESTS=OFF -DDESCENT_CLI=OFF >/dev/null
  quiet_build build/fuzz
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(native site)
for t in "${targets[@]}"; do
  case "$t" in
    native|wasm|site|fast|fuzz) "$t" ;;
    all) native; site ;;
    *) echo "build.sh: unknown target '$t' (native, wasm, site, fast, fuzz, all)" >&2; exit 2 ;;
  esac
done
