// The README's one error-code table against the code: every code of the
// Rust core (the `ErrorCode` enum of src/error.rs, its strings in `as_str`
// and its JS classes in `kind`) is in the table with the same class, every
// `core` row is a code of the enum, and every code the JS throws is listed.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path) => readFileSync(join(root, path), 'utf8');
const CLASSES = { Type: 'TypeError', Range: 'RangeError', Other: 'Error' };

/** Rust source without comments (doc comments hold words like `ErrorCode::X` too). */
const stripComments = (rust) => rust.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

/** The text between the braces that follow the first match of `head`. */
function block(source, head, what) {
  const at = source.search(head);
  assert.ok(at >= 0, `src/error.rs: ${what} not found`);
  const open = source.indexOf('{', at);
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === '{') depth++;
    else if (source[i] === '}' && --depth === 0) return source.slice(open + 1, i);
  }
  throw new Error(`src/error.rs: ${what} has no closing brace`);
}

/** Map code string -> JS class name, from src/error.rs. */
function rustCodes(source) {
  const rust = stripComments(source);
  const variants = block(rust, /pub\s+enum\s+ErrorCode\b/, 'enum ErrorCode')
    .replace(/#\[[^\]]*\]/g, '')
    .split(',')
    .map((v) => v.trim().split(/[\s=({]/)[0])
    .filter(Boolean);
  assert.ok(variants.length > 0, 'src/error.rs: enum ErrorCode has no variants');

  const strings = new Map();
  for (const [, variant, code] of block(rust, /fn\s+as_str\b/, 'ErrorCode::as_str').matchAll(/ErrorCode::(\w+)\s*=>\s*"([^"]+)"/g)) {
    strings.set(variant, code);
  }
  const kinds = new Map();
  let rest;
  for (const [, arm, kind] of block(rust, /fn\s+kind\b/, 'ErrorCode::kind').matchAll(/([\w:|\s]+?)=>\s*ErrorKind::(\w+)/g)) {
    const names = [...arm.matchAll(/ErrorCode::(\w+)/g)].map((m) => m[1]);
    if (names.length === 0 && /(^|\s)_\s*$/.test(arm)) rest = kind; // a `_ =>` arm
    for (const name of names) kinds.set(name, kind);
  }

  const codes = new Map();
  for (const variant of variants) {
    const code = strings.get(variant);
    const kind = kinds.get(variant) ?? rest;
    assert.ok(code, `src/error.rs: ErrorCode::${variant} has no string in as_str`);
    assert.ok(kind in CLASSES, `src/error.rs: ErrorCode::${variant} has no ErrorKind in kind()`);
    codes.set(code, CLASSES[kind]);
  }
  return codes;
}

/**
 * A row of an error-code table: its cells by header, the codes in its first cell, its line.
 * @typedef {{ code: string, class: string, from: string, meaning: string, codes: string[], line: number }} Row
 */

/**
 * The README's error-code tables: every table whose header starts with `| code |`.
 * @returns {{ header: string[], rows: Row[] }[]}
 */
function readmeTables(readme) {
  const tables = [];
  const lines = readme.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\|\s*code\s*\|/i.test(lines[i])) continue;
    const header = cells(lines[i]).map((c) => c.toLowerCase());
    const rows = [];
    for (i += 2; i < lines.length && lines[i].startsWith('|'); i++) {
      /** @type {Record<string, string>} */
      const row = Object.fromEntries(cells(lines[i]).map((c, k) => [header[k], c]));
      const codes = [...row.code.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]);
      rows.push(/** @type {Row} */ ({ ...row, codes, line: i + 1 }));
    }
    tables.push({ header, rows });
  }
  return tables;
}

const cells = (line) => line.replace(/^\|/, '').replace(/\|\s*$/, '').split('|').map((c) => c.trim());

/** Codes the JS of the package throws or reports: `code: 'X'`, `code = 'X'`, `sdkError('X'`. */
function jsCodes() {
  const files = (dir) =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(`${dir}/${e.name}`) : e.name.endsWith('.js') ? [`${dir}/${e.name}`] : [],
    );
  const found = new Map();
  for (const file of files('src/js')) {
    for (const [, code] of read(file).matchAll(/(?:\bcode\s*[:=]\s*|sdkError\(\s*)'([A-Z][A-Z0-9_]+)'/g)) found.set(code, file);
  }
  return found;
}

const core = rustCodes(read('src/error.rs'));
const tables = readmeTables(read('README.md'));

test('the README has exactly one error-code table, one code per row, no code twice', () => {
  assert.equal(tables.length, 1, `error-code tables in README.md: ${tables.length} (headers: ${tables.map((t) => t.header.join('|')).join('; ')})`);
  assert.deepEqual(tables[0].header, ['code', 'class', 'from', 'meaning']);
  const seen = new Set();
  for (const row of tables[0].rows) {
    assert.equal(row.codes.length, 1, `README.md:${row.line}: one code per row, got "${row.code}"`);
    assert.ok(!seen.has(row.codes[0]), `README.md:${row.line}: ${row.codes[0]} is listed twice`);
    seen.add(row.codes[0]);
    assert.ok(['TypeError', 'RangeError', 'Error'].includes(row.class), `README.md:${row.line}: class "${row.class}"`);
    assert.ok(row.meaning.length > 10, `README.md:${row.line}: ${row.codes[0]} has no meaning`);
  }
});

test('every code of src/error.rs is in the table as `core` with its class, and every `core` row is in src/error.rs', () => {
  const rows = new Map(tables[0].rows.map((r) => [r.codes[0], r]));
  const missing = [...core.keys()].filter((code) => !rows.has(code));
  assert.deepEqual(missing, [], `codes of src/error.rs missing from the README table: ${missing.join(', ')}`);
  const wrong = [...core]
    .filter(([code, cls]) => rows.get(code).class !== cls || rows.get(code).from !== 'core')
    .map(([code, cls]) => `${code}: README says ${rows.get(code).class} from ${rows.get(code).from}, src/error.rs says ${cls} from core`);
  assert.deepEqual(wrong, []);
  const extra = tables[0].rows.filter((r) => r.from === 'core' && !core.has(r.codes[0])).map((r) => r.codes[0]);
  assert.deepEqual(extra, [], `README rows marked core that src/error.rs does not have: ${extra.join(', ')}`);
});

test('every code the JS throws or reports is in the table, and every JS row is thrown somewhere', () => {
  const thrown = jsCodes();
  const rows = new Map(tables[0].rows.map((r) => [r.codes[0], r]));
  const missing = [...thrown].filter(([code]) => !rows.has(code)).map(([code, file]) => `${code} (${file})`);
  assert.deepEqual(missing, [], `codes in src/js missing from the README table: ${missing.join(', ')}`);
  const sources = readdirSync(join(root, 'src/js'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => read(`src/js/${f}`))
    .join('\n');
  const unused = tables[0].rows.filter((r) => r.from !== 'core' && !sources.includes(`'${r.codes[0]}'`)).map((r) => r.codes[0]);
  assert.deepEqual(unused, [], `README rows no JS file uses: ${unused.join(', ')}`);
});

test('the ClgErrorCode type (src/wasm/error.rs) lists exactly the codes of the table: src/error.rs and the JS', () => {
  const section = read('src/wasm/error.rs').match(/export type ClgErrorCode =([^;]*);/);
  assert.ok(section, 'src/wasm/error.rs: no `export type ClgErrorCode = ...;`');
  const union = [...section[1].matchAll(/"([A-Z][A-Z0-9_]*)"/g)].map((m) => m[1]);
  assert.equal(new Set(union).size, union.length, 'ClgErrorCode lists a code twice');
  const listed = new Set(union);
  const table = tables[0].rows.map((r) => r.codes[0]);
  const expected = new Set([...core.keys(), ...jsCodes().keys(), ...table]);
  assert.deepEqual([...expected].filter((c) => !listed.has(c)).sort(), [], 'codes missing from ClgErrorCode');
  assert.deepEqual(union.filter((c) => !expected.has(c)).sort(), [], 'ClgErrorCode codes that neither src/error.rs, the JS nor the README table has');
});

test('the parser reads classes, `_` arms and comments the way rustc does', () => {
  const codes = rustCodes(`
    /// Doc mentioning ErrorCode::Ghost => "GHOST".
    pub enum ErrorCode {
        /// a
        Alpha,
        #[doc = "b"]
        Beta,
        // Gamma in a comment
        Gamma,
    }
    impl ErrorCode {
        pub const fn as_str(self) -> &'static str {
            match self { ErrorCode::Alpha => "ALPHA", ErrorCode::Beta => "BETA", ErrorCode::Gamma => "GAMMA" }
        }
        pub const fn kind(self) -> ErrorKind {
            match self {
                ErrorCode::Alpha => ErrorKind::Type,
                // ErrorCode::Gamma => ErrorKind::Type,
                ErrorCode::Beta
                | ErrorCode::Gamma => ErrorKind::Range,
                _ => ErrorKind::Other,
            }
        }
    }`);
  assert.deepEqual([...codes], [['ALPHA', 'TypeError'], ['BETA', 'RangeError'], ['GAMMA', 'RangeError']]);
  const [table] = readmeTables('x\n| code | class | from | meaning |\n| --- | --- | --- | --- |\n| `A_B` | Error | core | m |\n\ntext');
  assert.deepEqual(table.rows.map((r) => [r.codes, r.class, r.from]), [[['A_B'], 'Error', 'core']]);
});
