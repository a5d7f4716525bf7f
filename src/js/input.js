// The input layer: every argument is read here, once, before WebAssembly
// runs. A JS value can run code when it is read (a getter, a Proxy trap,
// `valueOf`), and an exception thrown while wasm frames are on the stack
// leaks wasm stack and poisons the object in use. So each argument becomes
// plain data first: primitives, fresh arrays and Object-prototype objects
// with data properties only, and genuine typed arrays whose length cannot
// lie. What cannot be read becomes a coded error naming the field.
//
// Trusted: the built-ins (Array, Object.prototype, the typed-array
// constructors) as they were when this module loaded.
import { codedError } from './error.js';
import { LIMITS } from './limits.js';

const isArray = Array.isArray;
const keysOf = Object.keys;
const isPrototypeOf = Object.prototype.isPrototypeOf;
const objectTag = Object.prototype.toString;
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
const intrinsic = (name) => Object.getOwnPropertyDescriptor(TypedArray, name).get;
// The typed-array internals, read past any own property, subclass or Proxy:
// `tag` is the type's name for a genuine typed array and undefined for
// anything else (it never throws).
export const tag = intrinsic(Symbol.toStringTag);
const lengthOf = intrinsic('length');
const bufferOf = intrinsic('buffer');
const offsetOf = intrinsic('byteOffset');
const VIEWS = Object.fromEntries(
  ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
    'Float16Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']
    .filter((name) => typeof globalThis[name] === 'function')
    .map((name) => [name, globalThis[name]]),
);

/**
 * `value` as plain data (see the top of this file). `perPath` caps the
 * length of the arrays at given paths below `field`, written with `[]` for
 * any index: `{ 'roles[].metrics': 1000 }`. With `bare`, what is below
 * `field` is named from its root, as the core names the fields of a
 * model, records or input object (`roles[1].id`, not `model.roles[1].id`).
 *
 * @example
 * plain({ level: 0.9 }, 'options'); // a fresh { level: 0.9 }
 * plain(new Proxy({}, { ownKeys() { throw new Error('no'); } }), 'options'); // throws UNREADABLE
 */
export function plain(value, field, perPath, bare = false) {
  // Primitives (the common case for most arguments) need no reader state.
  if (typeof value !== 'object' || value === null) return primitive(value, undefined, field);
  const reader = new Reader(field, perPath, bare);
  const copy = reader.copy(value, 0);
  if (reader.views.length > 0) viewsIn.set(copy, reader.views);
  return copy;
}

/**
 * The views of the caller's memory that a value read here holds (the value
 * itself when it is one): value -> [view, its length, its field, ...].
 */
const viewsIn = new WeakMap();

/**
 * The arguments of one call into the glue, read (plain, scores, numbers,
 * number), checked once the last of them was read and returned as they
 * are: reading a later argument runs the caller's code (a getter, a Proxy
 * trap), which may detach or shrink the buffer of a typed array taken from
 * an earlier one. The glue would then throw uncoded from inside wasm. The
 * glue runs no caller code after this.
 *
 * @example
 * return core.compare(...settled(plain(kind, 'kind'), scores(first, 'first'), scores(second, 'second'), plain(options, 'options')));
 * @template {unknown[]} T
 * @param {T} args
 * @returns {T}
 */
export function settled(...args) {
  for (const arg of args) {
    const views = typeof arg === 'object' && arg !== null ? viewsIn.get(arg) : undefined;
    if (views === undefined) continue;
    for (let i = 0; i < views.length; i += 3) {
      if (!intact(views[i], views[i + 1])) {
        throw unreadable(views[i + 2], undefined, 'could not be read: its ArrayBuffer was detached or shrunk while the other arguments were read');
      }
    }
  }
  return args;
}

/** Whether `view` still shows its `length` elements (a detached or shrunk buffer shows none). */
function intact(view, length) {
  if (lengthOf.call(view) !== length) return false;
  if (length > 0) return true;
  try {
    new Uint8Array(bufferOf.call(view), 0, 0); // throws for a detached buffer, which an empty view cannot tell
    return true;
  } catch {
    return false;
  }
}

/**
 * Survey scores: an Array becomes one typed array (a Uint8Array when every
 * element is a whole number 0..255, as answers are, else a Float64Array),
 * which crosses into WebAssembly in one copy instead of one crossing per
 * element (~200 ns each); an Array with other elements is copied as it is
 * and the core names the bad element. Typed arrays pass as fresh views.
 *
 * @example
 * scores([10, 9, 3], 'scores'); // Uint8Array [10, 9, 3]
 * scores([1.5, 2], 'scores');   // Float64Array [1.5, 2]
 */
export function scores(value, field) {
  const length = arrayLength(value, field, LIMITS.values);
  if (length < 0) return plain(value, field);
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const x = item(value, i, field);
    // True only for a number in 0..255 with no fraction.
    if (typeof x === 'number' && (x & 255) === x) bytes[i] = x;
    else return floats(value, field, length, bytes, i);
  }
  return bytes;
}

/**
 * The Array `value` of `length` as a Float64Array, its first `i` elements
 * taken from `head`; a copied Array when an element is not a number.
 */
export function floats(value, field, length, head, i) {
  const out = new Float64Array(length);
  out.set(head.subarray(0, i));
  for (let k = i; k < length; k++) {
    const x = item(value, k, field);
    if (typeof x === 'number') out[k] = x;
    // Beyond the core's limit for other arrays, and for what a copy refuses
    // as not JSON-like (a BigInt...), the element is what is wrong.
    else if (length > LIMITS.items || typeof x === 'bigint' || typeof x === 'symbol' || typeof x === 'function') {
      throw codedError(TypeError, 'WRONG_TYPE', `${field}[${k}]`, `must be a number, got ${kind(x)}`);
    }
    else return new Reader(field).array(value, length, 0);
  }
  return out;
}

/**
 * Saved state given as JSON text, as it is: at most `LIMITS.json`
 * characters (not the limit of a string inside an argument).
 *
 * @example
 * core.SurveyAggregate.fromJSON(jsonText(text, 'json'));
 */
export function jsonText(value, field) {
  if (value.length > LIMITS.json) throw tooLarge(field, `must be at most ${LIMITS.json} characters of JSON, got ${value.length}`);
  return value;
}

/** The length of `value` when it is an Array (read once, within `limit`), else -1. */
export function arrayLength(value, field, limit) {
  let length;
  try {
    if (!isArray(value)) return -1;
    length = value.length;
  } catch (error) {
    throw unreadable(field, error);
  }
  if (length > limit) throw tooLarge(field, `must hold at most ${limit} elements, got ${length}`);
  return length;
}

export function item(value, i, field) {
  try {
    return value[i];
  } catch (error) {
    throw unreadable(`${field}[${i}]`, error);
  }
}

/** A primitive as it is; `reader.where()` or else `field` names it (made only for an error). */
function primitive(value, reader, field) {
  switch (typeof value) {
    case 'string':
      if (value.length > LIMITS.text) throw tooLarge(reader?.where() ?? field, `must be at most ${LIMITS.text} characters, got ${value.length}`);
      reader?.spendChars(value.length);
      return value;
    case 'bigint':
    case 'symbol':
    case 'function':
      throw codedError(TypeError, 'WRONG_TYPE', reader?.where() ?? field, `must be JSON-like data, got a ${typeof value}`);
    default:
      return value; // number, boolean, undefined, null
  }
}

/**
 * A fresh view of the same type over the same memory as the genuine typed
 * array `value`, after its length is checked against `limit`; the caller
 * knows `tag.call(value)` is defined. Recorded in `views` (a reader's), or
 * else as its own, for settled().
 */
export function view(value, field, limit, views) {
  const length = lengthOf.call(value);
  if (length > limit) throw tooLarge(field, `must hold at most ${limit} elements, got ${length}`);
  let fresh;
  try {
    fresh = new VIEWS[tag.call(value)](bufferOf.call(value), offsetOf.call(value), length);
  } catch (error) {
    // The only way a genuine view's own buffer cannot be viewed again.
    throw unreadable(field, error, 'could not be read: its ArrayBuffer is detached');
  }
  // For settled(): the reader's list, or the view's own.
  if (views) views.push(fresh, length, field);
  else viewsIn.set(fresh, [fresh, length, field]);
  return fresh;
}

/** Copies one argument, tracking the path (for errors) and the budget. */
class Reader {
  constructor(field, perPath, bare = false) {
    this.field = field;
    this.bare = bare;
    this.perPath = perPath;
    this.path = []; // keys and indices below `field`
    this.left = LIMITS.total;
    /** Characters its strings may still hold: one string used many times crosses many times. */
    this.chars = LIMITS.chars;
    /** Bytes its typed arrays may still hold. */
    this.bytes = LIMITS.bytes;
    /** The views of the caller's memory taken (see viewsIn). */
    this.views = [];
  }

  /** The field at the current path, e.g. `options.level`, or bare `accounts[3].mrr`. */
  where() {
    const below = this.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
    if (!this.bare || below === '') return this.field + below;
    return below[0] === '.' ? below.slice(1) : below;
  }

  copy(value, depth) {
    if (typeof value !== 'object' || value === null) return primitive(value, this);
    if (depth >= LIMITS.depth) {
      throw tooLarge(this.where(), `nests deeper than ${LIMITS.depth} levels (is it cyclic?)`);
    }
    if (tag.call(value) !== undefined) {
      const fresh = view(value, this.where(), LIMITS.values, this.views);
      // Its bytes cross into wasm memory each time it is used: at most LIMITS.bytes in all.
      if ((this.bytes -= fresh.byteLength) < 0) throw tooLarge(this.field, `must hold at most ${LIMITS.bytes} bytes of typed arrays in all`);
      return fresh;
    }
    // As `arrayLength`, with the field named only for an error (this runs per object).
    let length = -1;
    try {
      if (isArray(value)) length = value.length;
    } catch (error) {
      throw unreadable(this.where(), error);
    }
    if (length < 0) return this.object(value, depth);
    const limit = this.limit();
    if (length > limit) throw tooLarge(this.where(), `must hold at most ${limit} elements, got ${length}`);
    return this.array(value, length, depth);
  }

  /** The element limit of an array at the current path. */
  limit() {
    if (this.perPath === undefined) return LIMITS.items;
    const limit = this.perPath[this.path.map((k) => (typeof k === 'number' ? '[]' : `.${k}`)).join('').slice(1)];
    return limit ?? LIMITS.items;
  }

  spend(count) {
    this.left -= count;
    if (this.left < 0) {
      throw tooLarge(this.field, `must hold at most ${LIMITS.total} values (elements and properties) in all`);
    }
  }

  spendChars(count) {
    this.chars -= count;
    if (this.chars < 0) throw tooLarge(this.field, `must hold at most ${LIMITS.chars} characters of text in all`);
  }

  array(value, length, depth) {
    this.spend(length);
    const out = new Array(length);
    const path = this.path;
    const at = path.push(0) - 1; // popped below: cheaper than setting `length`
    for (let i = 0; i < length; i++) {
      path[at] = i;
      let x;
      try {
        x = value[i];
      } catch (error) {
        throw unreadable(this.where(), error);
      }
      out[i] = typeof x === 'number' ? x : this.copy(x, depth + 1);
    }
    path.pop();
    return out;
  }

  object(value, depth) {
    let keys;
    let builtIn;
    try {
      // Its keys would be its millions of indices: refused before they are listed.
      keys = imitatesView(value) ? undefined : keysOf(value);
      // A Map, Date, Set... keeps its contents in internal slots, not own keys: as plain data it would be {}.
      builtIn = keys?.length === 0 ? opaqueTag(value) : undefined;
    } catch (error) {
      throw unreadable(this.where(), error);
    }
    if (keys === undefined) {
      throw codedError(TypeError, 'WRONG_TYPE', this.where(), 'must be plain data or a typed array itself, got an object that imitates a typed array (a Proxy around one, or one as a prototype)');
    }
    if (builtIn !== undefined) {
      throw codedError(TypeError, 'WRONG_TYPE', this.where(), `must be plain data, got an instance of ${builtIn} (its contents are not own keys)`);
    }
    this.spend(keys.length);
    const out = {};
    const path = this.path;
    const at = path.push('') - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      path[at] = key;
      let x;
      try {
        x = value[key];
      } catch (error) {
        throw unreadable(this.where(), error);
      }
      // A data property even for "__proto__": the copy is plain data.
      if (key === '__proto__') Object.defineProperty(out, key, { value: this.copy(x, depth + 1), enumerable: true, writable: true, configurable: true });
      else out[key] = typeof x === 'number' ? x : this.copy(x, depth + 1);
    }
    path.pop();
    return out;
  }
}

/**
 * The name of the built-in `value` is, when it is one that keeps its
 * contents out of its own keys (a Map, a Date, a Set...: read as plain
 * data, one with no own keys would be `{}`), else undefined. Reading its
 * tag may run a Proxy trap, and throw.
 *
 * @example
 * opaqueTag(new Map()); // 'Map'
 */
export function opaqueTag(value) {
  const name = objectTag.call(value).slice(8, -1);
  return name === 'Object' || name === 'Array' ? undefined : name;
}

/**
 * Whether the object `value` has a typed array's prototype without being
 * one (a Proxy around a typed array, an object made from one): listing its
 * keys would list every index. Reading its prototype may run a Proxy trap,
 * and throw.
 */
export function imitatesView(value) {
  if (tag.call(value) !== undefined) return false;
  const proto = Object.getPrototypeOf(value);
  // `TypedArray` is %TypedArray%.prototype, every typed array's prototype's prototype.
  return proto !== null && proto !== Object.prototype && (proto === TypedArray || isPrototypeOf.call(TypedArray, proto));
}

/** A description of `value` for messages that never runs its code. */
export function kind(value) {
  if (value == null) return 'nothing'; // null is absent, as undefined is
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function tooLarge(field, rule) {
  return codedError(RangeError, 'TOO_LARGE', field, rule);
}

/** Reading `field` threw `cause` (kept as the error's cause, never read: it may be hostile too). */
export function unreadable(field, cause, rule = 'could not be read: reading it threw (see `cause`)') {
  return codedError(TypeError, 'UNREADABLE', field, rule, cause);
}
