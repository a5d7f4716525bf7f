// The public functions and classes of the whole core (the compatibility
// entry `clg-metrics`, built with every cargo feature), one wrapper file per
// job. Each per-job module (dist/scores/, dist/in-app/, ...) gets the
// wrappers of its own exports and an api.js of its own, written by
// scripts/build.mjs from the same list (README: Architecture).
export * from './scores.js';
export * from './trends.js';
export * from './policy.js';
export * from './campaigns.js';
export * from './results.js';
export * from './company.js';
