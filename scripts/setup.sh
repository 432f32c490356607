#!/usr/bin/env bash
# Installs what Descent needs to build and test, and nothing when it is all present.
#   scripts/setup.sh start   -> toolchain for building and serving (emscripten, doctest, xsimd, npm deps)
#   scripts/setup.sh test    -> the above plus what the tests use (chromium, firefox-esr, WebKitGTK's
#                               driver under Xvfb, python3-torch, python3-sklearn, clang fuzzers)
# Not a system configurator: the apt sources are never changed; xsimd 13 (Debian trixie, header-only)
# is unpacked into .deps/ inside the project.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODE=${1:-start}

XSIMD_VERSION=13.2.0-1
XSIMD_SHA256=60878acfc02bfca76e8c31d53a1b9fdff490c319e53f620f4327c9786eaf631f
DEPS=$ROOT/.deps

say() { printf '[setup] %s\n' "$*" >&2; }

# ---- Debian packages ---------------------------------------------------------------------------
need_pkgs=(emscripten doctest-dev cmake make g++ binaryen)
if [ "$MODE" = test ]; then
  need_pkgs+=(chromium firefox-esr webkit2gtk-driver xvfb clang libclang-rt-14-dev python3-torch python3-numpy
              python3-sklearn fonts-dejavu-core)
fi
missing=()
for p in "${need_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "missing Debian packages: ${missing[*]}"
    say "install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
  say "installing ${missing[*]} (apt-get)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

# ---- xsimd 13 headers from Debian trixie, into .deps/xsimd ---------------------------------------
xsimd_ok() {
  local h=$DEPS/xsimd/usr/include/xsimd/config/xsimd_config.hpp
  [ -f "$h" ] && grep -q '#define XSIMD_VERSION_MAJOR 13' "$h" && [ -f "$DEPS/xsimd/.version" ]
}
if ! xsimd_ok; then
  say "fetching xsimd $XSIMD_VERSION headers from Debian trixie into .deps/xsimd"
  # The mirror is the one this machine already uses; read it from the system's apt sources.
  uri=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
        | grep -v -- '-security' | sed -E 's/^URIs:[[:space:]]*//; s/^deb[[:space:]]+(\[[^]]*\][[:space:]]+)?//' \
        | awk '{print $1}' | grep -E '/debian/?$' | head -n1 || true)
  [ -n "$uri" ] || { say "could not find a Debian mirror in /etc/apt/sources.list*"; exit 1; }
  work=$DEPS/apt
  rm -rf "$work"; mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
  echo "deb $uri trixie main" > "$work/sources.list"
  aptopts=(-o Dir::Etc::SourceList="$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
           -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache" -o APT::Sandbox::User=root)
  apt-get "${aptopts[@]}" update -qq >/dev/null
  ( cd "$work" && { apt-get "${aptopts[@]}" download "libxsimd-dev=$XSIMD_VERSION" >/dev/null 2>&1 || {
      say "libxsimd-dev $XSIMD_VERSION is no longer on the mirror; taking trixie's current 13.x and checking it";
      apt-get "${aptopts[@]}" download libxsimd-dev >/dev/null 2>&1; }; } )
  deb=$(ls "$work"/libxsimd-dev_*.deb | head -n1)
  case "$(basename "$deb")" in
    "libxsimd-dev_${XSIMD_VERSION}_"*)
      echo "$XSIMD_SHA256  $deb" | sha256sum -c --quiet - || { say "checksum mismatch for $deb"; exit 1; } ;;
  esac
  rm -rf "$DEPS/xsimd"; dpkg -x "$deb" "$DEPS/xsimd"
  grep -q '#define XSIMD_VERSION_MAJOR 13' "$DEPS/xsimd/usr/include/xsimd/config/xsimd_config.hpp" \
    || { say "unpacked xsimd is not version 13"; exit 1; }
  basename "$deb" > "$DEPS/xsimd/.version"
  rm -rf "$work"
fi

# ---- npm dependencies ---------------------------------------------------------------------------
stamp=node_modules/.descent-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  mkdir -p node_modules && cp package-lock.json "$stamp"
fi
