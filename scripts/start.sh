#!/usr/bin/env bash
# `npm start`: set up, build, and serve the demo in www/ on 127.0.0.1.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/build.sh"
exec node "$ROOT/scripts/serve.mjs"
