#!/usr/bin/env bash
# `npm test`: set up what is missing, then run every test layer. A failing
# layer does not stop the others; the exit code is non-zero if any failed.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

bash scripts/setup.sh --browser || exit 1

passed=0
failed=()
layer() {
  local name=$1
  shift
  step "$name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed+=("$name")
  fi
}

wasm_tests() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown --test 'wasm*' "$@"
}

layer "lint: rustfmt, clippy (native and wasm32) and rustdoc" bash -c "cargo fmt --check && cargo clippy --all-targets --quiet -- -D warnings && cargo clippy --target wasm32-unknown-unknown --lib --test 'wasm*' --quiet -- -D warnings && RUSTDOCFLAGS='-D warnings' cargo doc --no-deps --quiet"
layer "native: cargo test (core maths, reference values, property tests)" cargo test --quiet
layer "wasm boundary in Node: wasm-bindgen-test" wasm_tests
layer "wasm boundary in headless Chromium: wasm-bindgen-test" env WASM_BINDGEN_USE_BROWSER=1 \
  WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json" bash -c "$(declare -f wasm_tests); wasm_tests"
layer "build: npm package into dist/" node scripts/build.mjs
layer "js: the built package and the SDK in Node (node --test)" node --test tests/js/*.test.mjs
layer "lint: eslint and tsc --checkJs (JS of src/js, scripts, benches, the demo's data)" bash -c "eslint . && tsc -p ."
layer "types: tsc --strict on a sample consumer" bash -c "tsc -p tests/types && tsc -p tests/types/one-widget"
layer "fuzz: every export and method with hostile input" node --test tests/fuzz/*.test.mjs
layer "browser: the package, the SDK with the reference collector, and the demo in headless Chromium" node --test --test-concurrency=1 tests/browser/*.test.mjs
layer "packaging: npm pack, install, use from Node and a Vite build in Chromium" node --test tests/packaging/*.test.mjs

step "summary"
for name in "${failed[@]}"; do echo "FAILED: $name"; done
echo "layers: $passed passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
