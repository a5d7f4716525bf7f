// Hostile input for the fuzz layer: values that lie about their length,
// throw when read, were detached, revoked or freed, or are just the wrong
// type, and a seeded mutator that plants one of them somewhere in a valid
// argument list. Shared by tests/fuzz/boundary.test.mjs (the core) and
// tests/fuzz/sdk.test.mjs (the in-app client).
import { prng } from '../../benches/harness.mjs';

const OVERSIZED = new Uint8Array(10_000_001); // one over the typed-array limit, made once
class Liar extends Uint8Array {
  get length() {
    return 2 ** 31;
  }
}

/** A `Type` array whose buffer was transferred away. */
export function detached(Type) {
  const array = new Type(8);
  structuredClone(array.buffer, { transfer: [array.buffer] });
  return array;
}
function revoked(target) {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
}
const boom = () => {
  throw new Error('hostile');
};
const throwingTraps = (target) => new Proxy(target, { get: boom, ownKeys: boom, has: boom, getPrototypeOf: boom, getOwnPropertyDescriptor: boom });
function growing(target) {
  let reads = 0;
  return new Proxy(target, { get: (t, k) => (k === 'length' ? (reads++ ? 2 ** 31 : t.length) : t[k]) });
}

/** Makers of hostile values, each given the valid value it replaces. */
const HOSTILE = [
  () => undefined, () => null, () => NaN, () => Infinity, () => -1, () => 2 ** 31, () => 2 ** 53, () => -0,
  () => '', () => 'x', () => '1767225600000', () => 'x'.repeat(1_000_001), () => true,
  () => 10n, () => Symbol('s'), () => boom, () => ({}), () => [], () => new Date(0), () => new Map(), () => /x/,
  () => revoked({}), () => revoked([]), (v) => throwingTraps(Array.isArray(v) ? v : {}), (v) => growing(Array.isArray(v) ? v : [1, 2]),
  () => new Proxy(new Uint8Array([1, 2]), { get: (t, k) => (k === 'length' ? 2 ** 31 : t[k]) }),
  () => ({ get account() { return boom(); }, get id() { return boom(); } }),
  () => ({ valueOf: boom, toString: boom }),
  () => detached(Uint8Array), () => detached(Float64Array), () => detached(Uint32Array),
  () => OVERSIZED, () => new Liar([9, 10]), () => Object.defineProperty(new Float64Array(2), 'length', { value: 2 ** 31 }),
  () => new Array(2e8), () => new Array(1e7), () => new Array(1001),
  () => { const o = {}; o.self = o; return o; },
  () => ({ __wbg_ptr: 8 }),
  (v) => (typeof v === 'number' ? v + 1 : v), (v) => (typeof v === 'number' ? v * 1e9 : v), (v) => (typeof v === 'number' ? String(v) : v),
  (v) => (typeof v === 'string' ? `${v}x` : v), (v) => (Array.isArray(v) ? [...v, ...v] : v), (v) => (Array.isArray(v) ? v.slice(1) : v),
  (v) => (v && typeof v === 'object' && !ArrayBuffer.isView(v) ? { ...v, unknownKey: 1 } : v),
];

/**
 * A seeded source of hostile input. `more` adds makers of hostile values
 * of the caller's own (a freed handle, another class's object).
 *
 * @example
 * const { pick, mutate } = hostileInput(seed, [() => freedStore()]);
 * call(...mutate([validArg, { level: 0.9 }]));
 */
export function hostileInput(seed, more = []) {
  const random = prng(seed);
  const makers = [...HOSTILE, ...more];
  const pick = (list) => list[Math.floor(random() * list.length)];
  // Hostile objects already planted: a second mutation does not walk into them.
  const planted = new WeakSet();
  const plant = (value) => {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') planted.add(value);
    return value;
  };

  /** Every (path to a value) in `args`: [] is the argument list itself. */
  function paths(value, path = [], out = []) {
    out.push(path);
    if (value && typeof value === 'object' && !planted.has(value) && !ArrayBuffer.isView(value) && path.length < 6) {
      for (const key of Object.keys(value)) paths(value[key], [...path, key], out);
    }
    return out;
  }

  /** `args` with the value at one random path (below the list) replaced by a hostile one. */
  function mutate(args) {
    const all = paths(args).slice(1);
    if (all.length === 0) return [plant(pick(makers)(undefined))];
    const path = pick(all);
    let parent = args;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const key = path.at(-1);
    const old = parent[key];
    parent[key] = plant(pick(makers)(planted.has(old) ? undefined : old));
    if (random() < 0.2) args.push(plant(pick(makers)(undefined))); // an extra argument
    return args;
  }

  return { random, pick, mutate };
}

/** Whether `error` is an Error with a non-empty string `code`. */
export function isCodedError(error) {
  return error instanceof Error && typeof error.code === 'string' && error.code.length > 0;
}
