// What the package ships and what a browser downloads per entry point, and
// the size budget check (scripts/size-budget.json). Used by the build
// (scripts/build.mjs) and the packaging test.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, normalize, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Every file under `dist/` that package.json's `files` ships, relative to `root`. */
export function shippedFiles(root) {
  return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    .files.filter((f) => f.startsWith('dist/'))
    .flatMap((f) => expand(join(root, f)))
    .map((f) => relative(root, f));
}

/**
 * A file, every file below a folder, or the files a `*` in the last part
 * of the path matches (`dist/*.js.map`).
 */
function expand(path) {
  const name = basename(path);
  if (name.includes('*')) {
    const pattern = new RegExp(`^${name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
    return readdirSync(dirname(path)).sort().filter((f) => pattern.test(f)).map((f) => join(dirname(path), f));
  }
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((entry) => expand(join(path, entry)));
}

/** `file` (relative to `root`): its size raw, gzip -9 and brotli 11, in bytes. */
export function measure(root, file) {
  const bytes = readFileSync(join(root, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * The specifiers of a module's static imports and re-exports (not dynamic
 * `import()`: what that loads is paid only when it runs), in the sources
 * and in the minified files the build writes (statements one after
 * another on one line).
 *
 * @example
 * staticImports("import { a } from './a.js';\nexport * from '../b.js';"); // ['./a.js', '../b.js']
 * staticImports('import{a}from"./a.js";export*from"../b.js";import("./c.js");'); // ['./a.js', '../b.js']
 */
export function staticImports(source) {
  return [...source.matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[^;'"()]*?\bfrom\s*)?['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

/**
 * What a browser downloads for each entry point of package.json's `exports`
 * (its `default` file): every file its static imports reach, and the
 * `.wasm` of each wasm-bindgen glue among them. `sizes` are measure()'s rows.
 *
 * @returns {{ file: string, raw: number, gzip: number, brotli: number, files: string[] }[]}
 */
export function entrySizes(root, sizes) {
  const exports = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exports;
  const bySize = new Map(sizes.map((s) => [s.file, s]));
  return Object.entries(exports)
    .filter(([, target]) => typeof target === 'object' && target.default)
    .map(([path, target]) => {
      const files = loadedFiles(root, normalize(target.default));
      const row = total(path === '.' ? 'clg-metrics' : `clg-metrics/${path.slice(2)}`, files.map((f) => bySize.get(f) ?? measure(root, f)));
      return { ...row, files };
    });
}

/** `entry` and every file it loads statically (paths relative to `root`). */
function loadedFiles(root, entry) {
  const files = new Set([entry]);
  for (const file of files) {
    if (!file.endsWith('.js')) continue;
    if (file.endsWith('/wasm/clg_metrics.js')) files.add(file.replace(/\.js$/, '_bg.wasm'));
    for (const specifier of staticImports(readFileSync(join(root, file), 'utf8'))) {
      if (specifier.startsWith('.')) files.add(normalize(join(dirname(file), specifier)));
    }
  }
  return [...files];
}

/** The sum of `rows`, named `file`. */
export function total(file, rows) {
  return rows.reduce((t, r) => ({ file, raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { file, raw: 0, gzip: 0, brotli: 0 });
}

/** Prints `rows` in KiB, with their total unless `withTotal` is false. */
export function printTable(rows, withTotal = true) {
  if (withTotal) rows = [...rows, total('total', rows)];
  const kib = (bytes) => (bytes / 1024).toFixed(1).padStart(9);
  const width = Math.max(...rows.map((r) => r.file.length));
  console.log(`\n${'file'.padEnd(width)}   raw KiB  gzip -9   brotli`);
  for (const r of rows) console.log(`${r.file.padEnd(width)} ${kib(r.raw)}${kib(r.gzip)}${kib(r.brotli)}`);
}

/**
 * The rows over their budget (`budget`: name -> KiB of gzip -9), and the
 * rows that have none, as lines to print; empty when every row is within.
 */
export function budgetProblems(rows, budget) {
  return rows.flatMap((r) => {
    const kib = r.gzip / 1024;
    if (!(r.file in budget)) return [`${r.file}: ${kib.toFixed(1)} KiB gzip has no budget`];
    return kib > budget[r.file] ? [`${r.file}: ${kib.toFixed(1)} KiB gzip, budget ${budget[r.file]} KiB`] : [];
  });
}
