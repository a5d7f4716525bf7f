// Replaces the body of named functions of a WebAssembly module with
// `unreachable`, so that `wasm-opt` then drops the code only they reached.
//
// The build (scripts/build.mjs) snips the panic entry points of std before
// `wasm-opt`: on wasm32-unknown-unknown a panic's message is formatted for
// a stderr that writes nowhere, then `panic = "abort"` traps. Snipped, a
// panic traps at once (the same `unreachable`, the same RuntimeError in
// JS), and wasm-opt drops `core::fmt` from the modules where only the
// panic path used it. Functions are found by the `name` custom section, which rustc and
// wasm-bindgen keep (wasm-opt's --strip-debug removes it afterwards).
//
// Binary format: https://webassembly.github.io/spec/core/binary/modules.html

/** A function body of no locals that traps: `unreachable end`. */
const TRAP = Uint8Array.of(0x00, 0x00, 0x0b);

const CUSTOM = 0;
const IMPORT = 2;
const CODE = 10;
const FUNCTION_NAMES = 1;

/**
 * The panic entry points, by path without crate disambiguators or hashes
 * (see `plainName`). Everything they call (the panic hook, the payloads,
 * `core::fmt::write`, `Display` impls, `pad_integral`...) is left to
 * wasm-opt: what nothing else calls goes.
 */
export const PANIC_ROOTS = [
  // every panic with a message: panic!, expect, bounds and overflow checks
  'core::panicking::panic_fmt',
  // #[panic_handler] of std, which panic_fmt calls
  '__rustc::rust_begin_unwind',
  // allocation failure (handle_alloc_error -> the default alloc error hook)
  'std::alloc::rust_oom',
  // The payloads the panic runtime formats the message into. They are
  // called through a vtable, so wasm-opt keeps them (and the formatting
  // they do) unless they are snipped too.
  '<std::panicking::panic_handler::FormatStringPayload as core::panic::PanicPayload>::take_box',
  '<std::panicking::panic_handler::FormatStringPayload as core::panic::PanicPayload>::get',
  '<std::panicking::panic_handler::StaticStrPayload as core::panic::PanicPayload>::take_box',
  '<std::panicking::panic_handler::StaticStrPayload as core::panic::PanicPayload>::get',
];

/**
 * A function's name as the `name` section has it, without the crate
 * disambiguators (`core[c5930c85a12de822]::`) of v0 symbols and the
 * trailing hash (`::h0123456789abcdef`) of legacy ones.
 *
 * @example
 * plainName('core[c5930c85a12de822]::panicking::panic_fmt'); // 'core::panicking::panic_fmt'
 * plainName('clg_metrics::error::element::h5e58defdb9a8b392'); // 'clg_metrics::error::element'
 */
export function plainName(name) {
  return name.replace(/\[[0-9a-f]+\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
}

/**
 * `wasm` with the bodies of the functions named in `names` (plain names,
 * see `plainName`) replaced by `unreachable`. Throws when a name is not
 * found, so that a toolchain that renames a root fails the build instead
 * of silently shipping the code again.
 *
 * @param {Uint8Array} wasm
 * @param {string[]} names
 * @returns {Uint8Array}
 */
export function snip(wasm, names) {
  const sections = readSections(wasm);
  const wanted = functionIndices(sections, new Set(names));
  const imported = importedFunctions(sections);
  for (const [index, name] of wanted) {
    if (index < imported) throw new Error(`wasm-snip: ${name} is imported, it has no body to snip`);
  }
  const out = [wasm.subarray(0, 8)];
  for (const section of sections) {
    if (section.id !== CODE) {
      out.push(wasm.subarray(section.start, section.end));
      continue;
    }
    const bodies = readCode(section.payload).map((body, i) => (wanted.has(imported + i) ? TRAP : body));
    out.push(encodeSection(CODE, [leb(bodies.length), ...bodies.flatMap((body) => [leb(body.length), body])]));
  }
  return concat(out);
}

/** The module's sections: id, payload, and where each starts and ends in `wasm`. */
function readSections(wasm) {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (wasm.length < 8 || magic.some((byte, i) => wasm[i] !== byte)) throw new Error('wasm-snip: not a WebAssembly 1.0 binary');
  const sections = [];
  const reader = new Reader(wasm, 8);
  while (!reader.done()) {
    const start = reader.at;
    const id = reader.byte();
    const payload = reader.bytes(reader.u32());
    sections.push({ id, payload, start, end: reader.at });
  }
  return sections;
}

/**
 * The functions named in `names` (plain names; a generic function may have
 * several copies), as a Map from index to name. Throws if a name is missing.
 */
function functionIndices(sections, names) {
  const found = new Map(functionNames(sections).filter(([, name]) => names.has(plainName(name))));
  const seen = new Set([...found.values()].map(plainName));
  const missing = [...names].filter((name) => !seen.has(name));
  if (missing.length > 0) throw new Error(`wasm-snip: no function named ${missing.join(', ')} in the name section`);
  return found;
}

/**
 * The function names of the `name` custom section.
 *
 * @returns {[number, string][]} [index, name] pairs
 */
function functionNames(sections) {
  const nameSection = sections.find((s) => s.id === CUSTOM && new Reader(s.payload).name() === 'name');
  if (!nameSection) throw new Error('wasm-snip: the module has no name section');
  const reader = new Reader(nameSection.payload);
  reader.name();
  while (!reader.done()) {
    const id = reader.byte();
    const sub = new Reader(reader.bytes(reader.u32()));
    if (id !== FUNCTION_NAMES) continue;
    return Array.from({ length: sub.u32() }, () => /** @type {[number, string]} */ ([sub.u32(), sub.name()]));
  }
  return [];
}

/** How many functions the module imports: they come first in the function index space. */
function importedFunctions(sections) {
  const imports = sections.find((s) => s.id === IMPORT);
  if (!imports) return 0;
  const reader = new Reader(imports.payload);
  let functions = 0;
  for (let n = reader.u32(); n > 0; n--) {
    reader.name();
    reader.name();
    const kind = reader.byte();
    if (kind === 0x00) {
      functions++;
      reader.u32(); // type index
    } else if (kind === 0x01) {
      reader.byte(); // reference type
      reader.limits();
    } else if (kind === 0x02) {
      reader.limits();
    } else if (kind === 0x03) {
      reader.byte(); // value type (numeric and reference types are one byte)
      reader.byte(); // mutability
    } else if (kind === 0x04) {
      reader.byte(); // tag attribute
      reader.u32(); // type index
    } else {
      throw new Error(`wasm-snip: unknown import kind ${kind}`);
    }
  }
  return functions;
}

/** The bodies (locals and code, without their size) of a code section. */
function readCode(payload) {
  const reader = new Reader(payload);
  return Array.from({ length: reader.u32() }, () => reader.bytes(reader.u32()));
}

/** A section: its id, its size and its parts. */
function encodeSection(id, parts) {
  const payload = concat(parts);
  return concat([Uint8Array.of(id), leb(payload.length), payload]);
}

/** Unsigned LEB128. */
function leb(value) {
  const bytes = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return Uint8Array.from(bytes);
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Reads bytes, unsigned LEB128 and names from `bytes`, from `at` on. */
class Reader {
  constructor(bytes, at = 0) {
    this.buffer = bytes;
    this.at = at;
  }

  done() {
    return this.at >= this.buffer.length;
  }

  byte() {
    if (this.done()) throw new Error('wasm-snip: unexpected end of the module');
    return this.buffer[this.at++];
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32() {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.byte();
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) {
        if (value > 0xffffffff) break;
        return value;
      }
    }
    throw new Error('wasm-snip: malformed LEB128 number');
  }

  bytes(length) {
    if (this.at + length > this.buffer.length) throw new Error('wasm-snip: a size runs past the end of the module');
    this.at += length;
    return this.buffer.subarray(this.at - length, this.at);
  }

  /** A UTF-8 name: its length, then its bytes. */
  name() {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes(this.u32()));
  }

  /** Table or memory limits: a flag byte, the minimum and, if flagged, the maximum. */
  limits() {
    const flags = this.byte();
    this.u32();
    if (flags & 0x01) this.u32();
  }
}
