#!/usr/bin/env bash
# `npm run bench [filter]`: build, then run the benchmark in Node and Chromium.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/setup.sh" --browser
node "$ROOT/scripts/build.mjs" >/dev/null
node "$ROOT/benches/run.mjs" "$@"
