// Handles: the instances of the wasm classes. The glue keeps each one's
// Rust pointer in `__wbg_ptr` (wasm-bindgen 0.2.130) and trusts it; a freed
// handle (pointer 0), an object of another class, or a forged one would
// reach Rust as "null pointer passed to rust" or as the wrong type. Each
// class here keeps the pointer of every handle it made, and every method
// checks its handles against that record before the glue runs.
import { codedError } from './error.js';
import { settled } from './input.js';

const POINTER = '__wbg_ptr';

/**
 * The record of one class's live handles (`name` is the class's public name).
 *
 * @example
 * const stores = new Handles('ResultsStore');
 * stores.adopt(handle);           // after the glue made it
 * stores.check(other, 'other');   // before the glue reads it
 * if (stores.release(handle, 'this')) super.free(); // in free()
 */
export class Handles {
  constructor(name) {
    this.name = name;
    this.pointers = new WeakMap(); // handle -> its pointer; 0 once freed
  }

  /** Records a handle the glue just made; returns it. */
  adopt(handle) {
    this.pointers.set(handle, handle[POINTER]);
    return handle;
  }

  /** Throws unless `handle` is a live handle of this class (`field` names the argument). */
  check(handle, field) {
    const pointer = this.pointers.get(handle);
    if (pointer === undefined) {
      throw codedError(TypeError, 'WRONG_TYPE', field, `must be a ${this.name} (made by clg-metrics), got ${describe(handle)}`);
    }
    // The pointer also changes when the glue gives the handle up.
    if (pointer === 0 || handle[POINTER] !== pointer) {
      throw codedError(Error, 'HANDLE_FREED', field, `this ${this.name} was freed (free() was called) and cannot be used`);
    }
  }

  /**
   * The arguments of a call on `handle`, read and settled (input.js), with
   * `handle` checked again: reading them may have run code that freed it.
   *
   * @example
   * return super.track(...stores.args(this, plain(eventName, 'eventName'), plain(props, 'props')));
   * @template {unknown[]} T
   * @param {object} handle
   * @param {T} args
   * @returns {T}
   */
  args(handle, ...args) {
    const read = settled(...args);
    this.check(handle, 'this');
    return read;
  }

  /**
   * Records `handle` as freed; whether its memory is to be released now
   * (false when it already was: freeing twice, as `free()` then `using`
   * does, changes nothing). Another object is WRONG_TYPE.
   */
  release(handle, field) {
    const pointer = this.pointers.get(handle);
    if (pointer === 0 || (pointer !== undefined && handle[POINTER] !== pointer)) return false;
    this.check(handle, field);
    this.pointers.set(handle, 0);
    return true;
  }
}

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'another object';
  return `a ${typeof value}`;
}

/** `using` frees through the checked `free()` (the glue's own dispose would skip the check). */
export function disposable(Class) {
  if (Symbol.dispose) Class.prototype[Symbol.dispose] = Class.prototype.free;
}
