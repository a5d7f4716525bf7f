# Sourced by the other scripts: where the pinned tools live.
# Tools are cached outside the clone (CLG_CACHE, default ~/.cache/clg-metrics)
# so a fresh clone reuses them.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLG_CACHE=${CLG_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clg-metrics}
# The wasm-bindgen CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock")
WASM_BINDGEN_ROOT="$CLG_CACHE/wasm-bindgen-cli-$WASM_BINDGEN_VERSION"
PATH="$WASM_BINDGEN_ROOT/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export ROOT CLG_CACHE WASM_BINDGEN_VERSION WASM_BINDGEN_ROOT PATH CHROMIUM CHROMEDRIVER

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
