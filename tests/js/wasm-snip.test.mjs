// The build's snipper (scripts/wasm-snip.mjs) on modules written by hand
// here: the named body becomes `unreachable` and nothing else changes, the
// module still validates and runs, and what called the snipped function
// now traps as a panic does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PANIC_ROOTS, plainName, snip } from '../../scripts/wasm-snip.mjs';

/** Unsigned LEB128. */
function leb(n) {
  const out = [];
  do {
    out.push((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
    n = Math.floor(n / 0x80);
  } while (n > 0);
  return out;
}
const vec = (items) => [...leb(items.length), ...items.flat()];
const name = (text) => vec([...new TextEncoder().encode(text)]);
const section = (id, bytes) => [id, ...leb(bytes.length), ...bytes];

const I32 = 0x7f;
/** `body` of a function without locals: `code ... end`. */
const fn = (...code) => [0x00, ...code, 0x0b];
const TRAP = fn(0x00);

/**
 * A module that imports a function, a memory and a global (so that defined
 * functions start at index 1), then defines `bodies` named `names`, all of
 * type `() -> i32`, and exports them by their index: `f1`, `f2`...; last,
 * the name section, unless `nameSection` is false.
 */
function module(names, bodies, { nameSection = true } = {}) {
  const type = [0x60, 0, 1, I32];
  const imports = [
    [...name('env'), ...name('tick'), 0x00, 0x00],
    [...name('env'), ...name('memory'), 0x02, 0x01, 1, 2],
    [...name('env'), ...name('base'), 0x03, I32, 0x00],
  ];
  const exports = bodies.map((_, i) => [...name(`f${i + 1}`), 0x00, ...leb(i + 1)]);
  const code = bodies.map((body) => [...leb(body.length), ...body]);
  const functionNames = vec([[0, ...name('env::tick')], ...names.map((n, i) => [...leb(i + 1), ...name(n)])]);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec([type])),
    ...section(2, vec(imports)),
    ...section(3, vec(bodies.map(() => [0x00]))),
    ...section(7, vec(exports)),
    ...section(10, vec(code)),
    ...(nameSection ? section(0, [...name('name'), ...section(1, functionNames)]) : []),
  ]);
}

const i32 = (n) => [0x41, ...leb(n)]; // i32.const n, for 0 <= n < 64
const call = (index) => [0x10, ...leb(index)];
const NAMES = [
  'core[c5930c85a12de822]::panicking::panic_fmt',
  'clg_metrics::fails::h0123456789abcdef',
  'clg_metrics::answer::hfedcba9876543210',
];
// f1 "panics" by returning 7, f2 calls it, f3 is 200 bytes long (its size
// and the code section's take two LEB128 bytes) and returns 42.
const BODIES = [fn(...i32(7)), fn(...call(1)), fn(...Array(195).fill(0x01), ...i32(42))];

function instantiate(wasm) {
  const imports = { env: { tick: () => 0, memory: new WebAssembly.Memory({ initial: 1, maximum: 2 }), base: 0 } };
  return new WebAssembly.Instance(new WebAssembly.Module(wasm), imports).exports;
}

test('the hand-written module is valid and runs before it is snipped', () => {
  const { f1, f2, f3 } = instantiate(module(NAMES, BODIES));
  assert.deepEqual([f1(), f2(), f3()], [7, 7, 42]);
});

test('a snipped body is `unreachable` and every other byte of the module is kept', () => {
  const snipped = snip(module(NAMES, BODIES), ['core::panicking::panic_fmt']);
  assert.deepEqual(snipped, module(NAMES, [TRAP, BODIES[1], BODIES[2]]));
  assert.ok(WebAssembly.validate(snipped));
});

test('a caller of a snipped function traps, as a panic does; the rest runs', () => {
  const { f1, f2, f3 } = instantiate(snip(module(NAMES, BODIES), ['core::panicking::panic_fmt']));
  assert.throws(f1, (e) => e instanceof WebAssembly.RuntimeError && /unreachable/.test(e.message));
  assert.throws(f2, WebAssembly.RuntimeError);
  assert.equal(f3(), 42);
});

test('functions are found by their name without crate disambiguators and hashes', () => {
  const snipped = snip(module(NAMES, BODIES), ['clg_metrics::answer', 'clg_metrics::fails']);
  assert.deepEqual(snipped, module(NAMES, [BODIES[0], TRAP, TRAP]));
  assert.equal(plainName('core[c5930c85a12de822]::panicking::panic_fmt'), 'core::panicking::panic_fmt');
  assert.equal(plainName('<std[a5]::X as core[c5]::panic::PanicPayload>::get'), '<std::X as core::panic::PanicPayload>::get');
  assert.equal(plainName('clg_metrics::answer::hfedcba9876543210'), 'clg_metrics::answer');
});

test('a name that is not in the module fails the snip, as does an import or a module without names', () => {
  const wasm = module(NAMES, BODIES);
  assert.throws(() => snip(wasm, PANIC_ROOTS), /no function named __rustc::rust_begin_unwind, std::alloc::rust_oom/);
  assert.throws(() => snip(wasm, ['env::tick']), /env::tick is imported/);
  const unnamed = module(NAMES, BODIES, { nameSection: false });
  assert.throws(() => snip(unnamed, ['clg_metrics::answer']), /no name section/);
  assert.throws(() => snip(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0), []), /not a WebAssembly 1.0 binary/);
});

