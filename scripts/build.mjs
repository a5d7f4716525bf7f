// Builds the npm package into dist/: the Rust core to WebAssembly, the
// wasm-bindgen glue, `wasm-opt -Oz`, the JS wrapper from src/js; then prints
// the size of every shipped file raw, gzip -9 and brotli, and the total.
//
// Run through `npm run build` (scripts/build.sh), which installs what is
// missing first and puts the pinned wasm-bindgen on PATH.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
  wasm, '-o', wasm,
]);
rmSync(join(dist, 'wasm/clg_metrics_bg.wasm.d.ts'), { force: true });

cpSync(join(root, 'src/js'), dist, { recursive: true });

printSizes(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).files.filter((f) => f.startsWith('dist/')));

function printSizes(files) {
  const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(9);
  const rows = files.map((file) => {
    const bytes = readFileSync(join(root, file));
    return [
      file,
      bytes.length,
      gzipSync(bytes, { level: 9 }).length,
      brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    ];
  });
  rows.push(rows.reduce((t, r) => ['total', t[1] + r[1], t[2] + r[2], t[3] + r[3]], ['total', 0, 0, 0]));
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\n${'file'.padEnd(width)}   raw KiB  gzip -9   brotli`);
  for (const [file, raw, gz, br] of rows) console.log(`${file.padEnd(width)} ${kib(raw)}${kib(gz)}${kib(br)}`);
}
