// Builds the npm package into dist/: the Rust core to WebAssembly, the
// wasm-bindgen glue, `wasm-opt -Oz`, the JS wrapper from src/js; then prints
// the size of every shipped file raw, gzip -9 and brotli, and the total.
//
// Run through `npm run build` (scripts/build.sh), which installs what is
// missing first and puts the pinned wasm-bindgen on PATH.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib']);

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'wasm'), { recursive: true });
run('wasm-bindgen', [
  '--target', 'web',
  '--out-dir', join(dist, 'wasm'),
  join(root, 'target/wasm32-unknown-unknown/release/clg_metrics.wasm'),
]);

const wasm = join(dist, 'wasm/clg_metrics_bg.wasm');
run(join(root, 'node_modules/binaryen/bin/wasm-opt'), [
  '-Oz', '--strip-debug', '--strip-producers',
  // The features rustc enables by default for wasm32-unknown-unknown;
  // every current browser and Node >= 18 has them.
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', '--enable-simd',
  wasm, '-o', wasm,
]);
rmSync(join(dist, 'wasm/clg_metrics_bg.wasm.d.ts'), { force: true });

cpSync(join(root, 'src/js'), dist, { recursive: true });

const shipped = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  .files.filter((f) => f.startsWith('dist/'))
  .flatMap((f) => expand(join(root, f)))
  .map((f) => relative(root, f));
const sizes = shipped.map(measure);
printTable(sizes);

// What a browser downloads for each entry point (the JS and wasm it loads;
// not types, not the Node entries). The SDK loads the core as well; the
// widgets do not (they are given a store or a client).
const loaded = (s) => !s.file.endsWith('.d.ts') && !s.file.endsWith('/node.js');
const under = (folder) => (s) => s.file.startsWith(`dist/${folder}/`);
const core = (s) => !under('sdk')(s) && !under('widgets')(s);
console.log('\nloaded by a browser, per entry point:');
printTable([
  total("'clg-metrics'", sizes.filter((s) => loaded(s) && core(s))),
  total("'clg-metrics/sdk' (plus the core)", sizes.filter((s) => loaded(s) && under('sdk')(s))),
  total("'clg-metrics/widgets'", sizes.filter((s) => loaded(s) && under('widgets')(s))),
], false);

/** A file, or every file below a folder. */
function expand(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => expand(join(path, name)));
}

function measure(file) {
  const bytes = readFileSync(join(root, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

function total(file, rows) {
  return rows.reduce((t, r) => ({ file, raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { file, raw: 0, gzip: 0, brotli: 0 });
}

function printTable(rows, withTotal = true) {
  if (withTotal) rows = [...rows, total('total', rows)];
  const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(9);
  const width = Math.max(...rows.map((r) => r.file.length));
  console.log(`\n${'file'.padEnd(width)}   raw KiB  gzip -9   brotli`);
  for (const r of rows) console.log(`${r.file.padEnd(width)} ${kib(r.raw)}${kib(r.gzip)}${kib(r.brotli)}`);
}
