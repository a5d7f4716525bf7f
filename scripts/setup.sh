#!/usr/bin/env bash
# Installs what building (and, with --browser, testing) needs, if missing.
# Idempotent: every step checks first, so a second run takes a second.
set -euo pipefail
source "$(dirname "$0")/env.sh"

if ! command -v cargo >/dev/null; then
  echo "setup: cargo not found; install Rust with rustup (https://rustup.rs) first" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION into $WASM_BINDGEN_ROOT (once, ~2 min)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$WASM_BINDGEN_ROOT"
fi

# npm install when node_modules is missing or older than the manifest or
# lock file. (Not `npm ci`: with this registry's lock files it refuses the
# other platforms' optional packages of rollup and esbuild. The dev
# dependencies are pinned to exact versions in package.json.)
marker="$ROOT/node_modules/.package-lock.json"
if [ ! -f "$marker" ] || [ "$ROOT/package.json" -nt "$marker" ] || [ "$ROOT/package-lock.json" -nt "$marker" ]; then
  step "npm install (dev dependencies)"
  (cd "$ROOT" && npm install --no-audit --no-fund)
fi

if [ "${1:-}" = "--browser" ] && { [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; }; then
  step "installing Chromium and ChromeDriver (Debian packages)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root, or install the Debian packages chromium and chromium-driver yourself" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
