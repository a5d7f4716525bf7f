// Builds the npm package into dist/: one WebAssembly module per job from the
// same Rust sources (cargo features), each with its wasm-bindgen glue, its
// panic entry points snipped (scripts/wasm-snip.mjs), `wasm-opt -Oz` and the
// JS wrappers of its exports, all JS minified with source maps; then prints the size of
// every shipped file and of what a browser downloads per entry point, and
// fails when an entry is over its budget (scripts/size-budget.json).
//
// Run through `npm run build` (scripts/build.sh), which installs what is
// missing first and puts the pinned wasm-bindgen on PATH.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync, transformSync } from 'esbuild';
import { PANIC_ROOTS, snip } from './wasm-snip.mjs';
import { budgetProblems, entrySizes, measure, printTable, shippedFiles, staticImports } from './sizes.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const unminified = join(root, 'target/dist-unminified');
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

/** The cargo features in the order of their bits in a module's `clg-metrics-jobs` section (src/wasm/mod.rs). */
const JOBS = ['scores', 'trends', 'policy', 'results', 'company'];

/**
 * The modules: the folder of dist/ each goes to, its cargo features and the
 * wrapper files of src/js that wrap its exports (README: Architecture). The
 * first, every feature, is the compatibility entry `clg-metrics`, whose
 * files are src/js as it is (its api.js lists every wrapper). A `bundled`
 * module's entry files are each one file (see bundle()): no other entry
 * imports its JS.
 *
 * @type {{ dir: string, features: string[], wrappers?: string[], bundled?: boolean }[]}
 */
const MODULES = [
  { dir: '', features: ['scores', 'trends', 'policy', 'results', 'company'] },
  { dir: 'scores', features: ['scores'], wrappers: ['scores'], bundled: true },
  { dir: 'trends', features: ['trends'], wrappers: ['trends'], bundled: true },
  // The SDK's module: scores, the survey policy with its campaigns, results
  // (the SDK imports its input layer and policy state: not bundled).
  { dir: 'in-app', features: ['scores', 'policy', 'results'], wrappers: ['scores', 'policy', 'campaigns', 'results'] },
  { dir: 'results', features: ['results'], wrappers: ['results'], bundled: true },
  // The scorecard widget imports its index.js, when it first draws.
  { dir: 'company', features: ['company'], wrappers: ['company'], bundled: true },
];

rmSync(dist, { recursive: true, force: true });
for (const module of MODULES) buildWasm(module);
cpSync(join(root, 'src/js'), dist, { recursive: true });
for (const module of MODULES.filter((m) => m.wrappers)) copyWrappers(module);
// The files as written, for the type check (tsconfig.json's rootDirs): src/js imports the glue and the in-app copies.
rmSync(unminified, { recursive: true, force: true });
cpSync(dist, unminified, { recursive: true });
const bundled = new Set(MODULES.filter((m) => m.bundled).flatMap(bundle));
for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (file.endsWith('.js') && !bundled.has(file)) minify(join(dist, file));
}

const sizes = shippedFiles(root).map((file) => measure(root, file));
printTable(sizes);

const entries = entrySizes(root, sizes);
console.log('\nloaded by a browser, per entry point (static imports; gzip -9 and brotli per file, summed):');
printTable(entries, false);

const budget = JSON.parse(readFileSync(join(root, 'scripts/size-budget.json'), 'utf8'));
const problems = budgetProblems(entries, budget.entries);
if (problems.length > 0) {
  console.error(`\nover the size budget (scripts/size-budget.json):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('\nevery entry is within its size budget (scripts/size-budget.json)');

/** Compiles one module with its features and puts its glue and optimised wasm in dist/<dir>/wasm/. */
function buildWasm({ dir, features }) {
  run('cargo', [
    'build', '--release', '--target', 'wasm32-unknown-unknown', '--lib',
    '--no-default-features', '--features', features.join(','),
  ]);
  const out = join(dist, dir, 'wasm');
  run('wasm-bindgen', ['--target', 'web', '--out-dir', out, join(root, 'target/wasm32-unknown-unknown/release/clg_metrics.wasm')]);
  const wasm = join(out, 'clg_metrics_bg.wasm');
  // A panic traps either way (panic = "abort"); snipped, it does not format
  // a message nobody can read first, and wasm-opt drops core::fmt where
  // only the panics used it. wasm-opt validates what it reads.
  writeFileSync(wasm, snip(readFileSync(wasm), PANIC_ROOTS));
  run(join(root, 'node_modules/binaryen/bin/wasm-opt'), [
    '-Oz', '--converge', '--one-caller-inline-max-function-size=0', '--strip-debug', '--strip-producers',
    // The features rustc enables by default for wasm32-unknown-unknown;
    // every current browser and Node >= 18 has them.
    '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
    '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue', '--enable-simd',
    wasm, '-o', wasm,
  ]);
  const glue = join(out, 'clg_metrics.js');
  writeFileSync(glue, withOwnLoader(readFileSync(glue, 'utf8')));
  rmSync(join(out, 'clg_metrics_bg.wasm.d.ts'), { force: true });
  const types = join(out, 'clg_metrics.d.ts');
  writeFileSync(types, withoutDomTypes(withOwnLoaderTypes(readFileSync(types, 'utf8'))));
}

/**
 * The glue with a loader of the two calls the package makes in place of
 * wasm-bindgen's (which also fetches URLs and Responses, with warnings for
 * servers and deprecated arguments: ~0.5 KiB gzip in every entry):
 * `default({ module_or_path })` instantiates a compiled module (index.js
 * compiles and checks it first), `initSync({ module })` the bytes Node
 * reads, and `initSync()` gives the loaded module's exports (the tests).
 * Throws when the glue does not end as this wasm-bindgen version's does.
 */
function withOwnLoader(glue) {
  const start = glue.indexOf('async function __wbg_load(');
  const end = 'export { initSync, __wbg_init as default };\n';
  if (start < 0 || !glue.endsWith(end)) throw new Error("wasm-bindgen's loader is not where scripts/build.mjs expects it: update withOwnLoader");
  return `${glue.slice(0, start)}function initSync({ module } = {}) {
    if (wasm !== undefined) return wasm;
    if (!(module instanceof WebAssembly.Module)) module = new WebAssembly.Module(module);
    return __wbg_finalize_init(new WebAssembly.Instance(module, __wbg_get_imports()), module);
}

async function __wbg_init({ module_or_path: module }) {
    if (wasm !== undefined) return wasm;
    const instance = await WebAssembly.instantiate(module, __wbg_get_imports());
    return wasm ?? __wbg_finalize_init(instance, module);
}

${end}`;
}

/**
 * The glue's types with withOwnLoader's two calls in place of
 * wasm-bindgen's loader declarations (`InitInput`, and from `export type
 * SyncInitInput` to the end). Throws when they are not where this
 * wasm-bindgen version writes them.
 */
function withOwnLoaderTypes(types) {
  const start = types.indexOf('export type SyncInitInput');
  if (start < 0 || !types.trimEnd().endsWith('Promise<InitOutput>;')) throw new Error("wasm-bindgen's loader types are not where scripts/build.mjs expects them: update withOwnLoaderTypes");
  const kept = types.slice(0, start).replace(/^export type InitInput = .*;\n/m, '');
  return `${kept}export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates \`module\` (bytes, or a compiled module) once; without an
 * argument, the loaded module's exports.
 */
export function initSync(module?: { module: SyncInitInput }): InitOutput;

/** Instantiates a module \`init()\` compiled and checked, once. */
export default function __wbg_init(module_or_path: { module_or_path: WebAssembly.Module }): Promise<InitOutput>;
`;
}

/**
 * The glue's types with no name that only the DOM lib declares, so a Node
 * project that type-checks its libraries (`skipLibCheck: false`, no DOM
 * lib) compiles against the package. wasm-bindgen's loader types name
 * `RequestInfo`, `BufferSource` and the `WebAssembly` namespace; these
 * become what they stand for, and a `WebAssembly` type is the real one
 * wherever the `WebAssembly` global is declared (`object` elsewhere).
 *
 * @example
 * withoutDomTypes('type I = RequestInfo | BufferSource;'); // 'type I = Request | string | ArrayBuffer | ArrayBufferView;'
 */
function withoutDomTypes(text) {
  const wasmTypes = new Set();
  const body = text
    .replaceAll(/\bRequestInfo\b/g, 'Request | string')
    .replaceAll(/\bBufferSource\b/g, 'ArrayBuffer | ArrayBufferView')
    .replaceAll(/\bWebAssembly\.([A-Z]\w*)/g, (_, name) => {
      wasmTypes.add(name);
      return `Wasm${name}`;
    });
  const declared = [...wasmTypes].map((name) =>
    `type Wasm${name} = typeof globalThis extends { WebAssembly: { ${name}: { prototype: infer T } } } ? T : object;\n`);
  return `${body}\n/** \`WebAssembly\` types where the global is declared (the DOM lib), \`object\` elsewhere. */\n${declared.join('')}`;
}

/**
 * Minifies the JS file `file` in place and writes its source map beside
 * it, holding the commented source for DevTools. Without an output format
 * esbuild keeps the names of exports (so `ResultsStore.name` and
 * `console.log(store)` read as written) and of methods, and shortens the
 * others.
 * The package's files then cost in a browser about what a bundler's build
 * does (README: Size).
 */
function minify(file) {
  const { code, map } = transformSync(readFileSync(file, 'utf8'), {
    minify: true, legalComments: 'none', target: 'esnext', sourcemap: 'external', sourcefile: basename(file),
  });
  writeFileSync(file, `${code}//# sourceMappingURL=${basename(file)}.map\n`);
  writeFileSync(`${file}.map`, map);
}

/**
 * A bundled module's `index.js` and `node.js` in dist/<dir>/, each one file
 * of every module it imports but the glue in wasm/, which stays a file of
 * its own, with its source map; the files they were made of are removed. A
 * browser loading the package's files without a bundler then fetches the
 * entry's JS as two files instead of eleven, in two rounds of imports
 * instead of four or five, and downloads 1.7-1.9 KiB gzip less (the files'
 * imports and exports, a gzip header and dictionary each). The browser's
 * file is minified as a bundle: every name is shortened (the classes keep
 * theirs, see publicClass in handles.js; the source map has the others);
 * esbuild's `keepNames` would keep them all, but its calls keep every
 * function alive in an app's bundle (+0.3-2 KiB in a Vite app). Node's
 * file keeps every name. Returns the two files' paths in dist/ (already
 * minified).
 *
 * @param {{ dir: string }} module
 * @returns {string[]}
 */
function bundle({ dir }) {
  const from = join(unminified, dir);
  const to = join(dist, dir);
  for (const file of readdirSync(to)) {
    if (file.endsWith('.js') || file.endsWith('.js.map')) rmSync(join(to, file));
  }
  return ['index.js', 'node.js'].map((entry) => {
    const { outputFiles } = buildSync({
      entryPoints: [join(from, entry)], outfile: join(to, entry), write: false,
      bundle: true, format: 'esm', platform: 'neutral', external: ['./wasm/*', 'node:*'],
      minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: entry === 'index.js',
      legalComments: 'none', target: 'esnext', sourcemap: 'linked',
    });
    for (const { path, text } of outputFiles) {
      if (entry === 'node.js' && path.endsWith('.js')) assertNamesKept(text, join(dir, entry));
      writeFileSync(path, path.endsWith('.map') ? withSourcesIn(from, to, text) : text);
    }
    return join(dir, entry);
  });
}

/**
 * Throws when esbuild renamed an export of the bundle `text` (`compare2 as
 * compare`: a declaration sharing its name with a member of the glue's
 * namespace that the bundle reads; import that member under another name)
 * or gave a class an inner name (`class _Name`, read in stack frames).
 */
function assertNamesKept(text, file) {
  const code = text.replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
  const clause = /export\{([^}]*)\};?\s*$/.exec(code)?.[1];
  if (clause === undefined) throw new Error(`${file}: no export clause at its end, where assertNamesKept looks (scripts/build.mjs)`);
  const renamed = clause.split(',').map((s) => s.trim().split(' as ')).filter(([local, name]) => name !== undefined && local !== name);
  const inner = [...code.matchAll(/class (_\w+)/g)].map((m) => m[1]);
  if (renamed.length + inner.length > 0) {
    throw new Error(`${file}: names not kept (README: Node's files keep every name): ${[...renamed.map(([l, n]) => `${n} as ${l}`), ...inner].join(', ')}`);
  }
}

/**
 * Source map `map` (JSON text) of a file in `to`, its sources named as
 * they sit in `from` (`scores.js`, not `../../target/dist-unminified/scores/scores.js`).
 */
function withSourcesIn(from, to, map) {
  const parsed = JSON.parse(map);
  return JSON.stringify({ ...parsed, sources: parsed.sources.map((source) => relative(from, join(to, source))) });
}

/**
 * A per-job module's JS in dist/<dir>/: the same entry, loader and input
 * layer files as the compatibility entry (src/js), the wrappers of its
 * exports, an api.js that lists those wrappers, and a jobs.js with the
 * bits of its features. Its index.d.ts comes from src/js/<dir>/.
 *
 * @param {{ dir: string, features: string[], wrappers?: string[] }} module
 */
function copyWrappers({ dir, features, wrappers }) {
  const api = `// Written by scripts/build.mjs: the wrappers of this module's exports.\n${wrappers.map((w) => `export * from './${w}.js';\n`).join('')}`;
  writeFileSync(join(dist, dir, 'api.js'), api);
  const wanted = new Set(['index.js', 'node.js']);
  for (const file of wanted) {
    const source = file === 'api.js' ? api : readFileSync(join(root, 'src/js', file), 'utf8');
    for (const imported of staticImports(source)) {
      if (imported.startsWith('./') && !imported.startsWith('./wasm/')) wanted.add(imported.slice(2));
    }
    if (file !== 'api.js') copyFileSync(join(root, 'src/js', file), join(dist, dir, file));
  }
  // The jobs of this module as src/wasm/mod.rs writes them into its custom section (init() compares them).
  const jobs = features.reduce((bits, f) => bits | (1 << JOBS.indexOf(f)), 0);
  writeFileSync(join(dist, dir, 'jobs.js'), `// Written by scripts/build.mjs: the jobs of this module (see src/js/jobs.js).\nexport const JOBS = ${jobs};\n`);
}
