#!/usr/bin/env bash
# npm start: install what is missing, build the engine and the site, serve it, print the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh start
bash scripts/build.sh site
exec node scripts/serve.mjs --root dist "$@"
