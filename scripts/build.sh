#!/usr/bin/env bash
# `npm run build`: set up if needed, then build the package into dist/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
bash "$ROOT/scripts/setup.sh"
node "$ROOT/scripts/build.mjs"
