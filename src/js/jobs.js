// The jobs this entry's WebAssembly module is built for, as bits (scores 1,
// trends 2, policy 4, results 8, company 16): `clg-metrics` has all of them.
// scripts/build.mjs writes each other entry's own; init() compares them with
// the module's custom section `clg-metrics-jobs` (src/wasm/mod.rs).
export const JOBS = 31;
