// Handles: the public classes (ResultsStore, SurveyAggregate, CompanyData)
// wrap the wasm-bindgen classes instead of extending them. The glue's
// methods read their arguments from inside wasm and trust its pointer, so a
// glue object must never be reachable from the caller's side: not as the
// public object, and not through its prototype chain. Each public object
// maps, in a WeakMap here, to the glue object it owns; every method looks
// its glue object up here, which makes a freed, foreign or forged handle a
// coded error before the glue runs.
//
// A method looks its handle up twice: before its arguments are read, so a
// freed handle is reported first, and after (input.js `settled`), because
// reading them runs the caller's code, which may free it.
import { codedError } from './error.js';

/**
 * The glue objects behind one public class's handles (`name` is the class's
 * public name).
 *
 * @example
 * const stores = new Handles('ResultsStore');
 * stores.adopt(this, new core.ResultsStore());  // in the constructor
 * stores.live(this);                              // in a method
 * const args = settled(number(at, 'at', true));
 * return stores.live(this).kpis(...args);
 * stores.release(this, 'this')?.free();           // in free()
 * @template T the glue class
 */
export class Handles {
  constructor(name) {
    this.name = name;
    /** @type {WeakMap<object, T | null>} handle -> its glue object; null once freed */
    this.inner = new WeakMap();
  }

  /**
   * Makes `handle` own `glue`; returns `handle`.
   *
   * @template {object} H
   * @param {H} handle
   * @param {T} glue
   * @returns {H}
   */
  adopt(handle, glue) {
    this.inner.set(handle, glue);
    return handle;
  }

  /**
   * The glue object of a live handle of this class (`field` names the
   * argument); throws WRONG_TYPE for anything else, HANDLE_FREED once freed.
   *
   * @param {unknown} handle
   * @returns {T}
   */
  live(handle, field = 'this') {
    const glue = typeof handle === 'object' && handle !== null ? this.inner.get(handle) : undefined;
    if (glue === undefined) {
      throw codedError(TypeError, 'WRONG_TYPE', field, `must be a ${this.name} made by this entry's module (one of another entry is not), got ${describe(handle)}`);
    }
    if (glue === null) {
      throw codedError(Error, 'HANDLE_FREED', field, `this ${this.name} was freed (free() was called) and cannot be used`);
    }
    return glue;
  }

  /**
   * Marks `handle` freed and returns its glue object, whose memory is to be
   * released now; null when it already was (freeing twice, as `free()` then
   * `using` does, changes nothing). Another object is WRONG_TYPE.
   *
   * @param {unknown} handle
   * @returns {T | null}
   */
  release(handle, field) {
    if (typeof handle === 'object' && handle !== null && this.inner.get(handle) === null) return null;
    const glue = this.live(handle, field);
    this.inner.set(/** @type {object} */ (handle), null);
    return glue;
  }
}

function describe(value) {
  if (value == null) return 'nothing';
  if (typeof value === 'object') return 'another object';
  return `a ${typeof value}`;
}

/**
 * Makes `Class` one of the package's classes: `using` frees through its
 * checked `free()`, and it is called `name` (`ResultsStore.name`, what
 * `console.log` shows) even where a minifier renamed it (the bundled
 * entries, scripts/build.mjs).
 *
 * @example
 * publicClass(ResultsStore, 'ResultsStore');
 */
export function publicClass(Class, name) {
  if (Symbol.dispose) Class.prototype[Symbol.dispose] = Class.prototype.free;
  Object.defineProperty(Class, 'name', { value: name });
}
