// The loader of the WebAssembly module, init()'s work for index.js and
// node.js: fetches or takes the module, checks that it is this entry's,
// instantiates it once, and reports every failure as WASM_LOAD_FAILED.
import load from './wasm/clg_metrics.js';
import { JOBS } from './jobs.js';
import { markReady } from './ready.js';

let loading;

/**
 * Loads the WebAssembly module once; see index.d.ts's `init`. A response
 * that is not WebAssembly (an HTML page, a 404) fails with a
 * `WASM_LOAD_FAILED` error naming the URL instead of the engine's
 * "expected magic word". `name` names bytes in errors (and as their
 * `url`) in place of "the given bytes": node.js passes the path it read.
 *
 * @example
 * await loadModule(new URL('./wasm/clg_metrics_bg.wasm', import.meta.url));
 * await loadModule(readFileSync(path), path);
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<Response>} [source]
 * @param {string} [name]
 * @returns {Promise<void>}
 */
export function loadModule(source, name) {
  loading ??= wasmSource(source, name)
    .catch((cause) => {
      // Reading the source threw (a revoked Proxy, a detached buffer...): coded all the same.
      throw cause?.code === 'WASM_LOAD_FAILED' ? cause : loadError('the given source', `it could not be read (${cause?.message ?? cause})`, true, { cause });
    })
    .then(({ module, url }) => load({ module_or_path: module }).catch((cause) => {
      // A module of another version of the package, its imports not this glue's, fails to link.
      if (!(cause instanceof WebAssembly.LinkError)) throw cause;
      throw loadError(url, "its imports are not this entry's: is it another version's .wasm? (README: Quickstart)", true, { cause });
    }))
    .then(
      () => markReady(),
      (error) => {
        loading = undefined; // a failed load (e.g. offline) may be retried
        throw error;
      },
    );
  return loading;
}

/** The first four bytes of every WebAssembly module: "\0asm". */
const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];

/**
 * The module to instantiate (`{ module, url }`), compiled from a checked
 * `Response` (as it downloads when it says `application/wasm`), from
 * checked bytes, or the caller's `WebAssembly.Module`; refused when it is
 * not this entry's. `null` is no source, as `undefined` is; `name` names
 * bytes in errors.
 */
async function wasmSource(source, name = 'the given bytes') {
  const given = source !== undefined && source !== null;
  source ??= new URL('./wasm/clg_metrics_bg.wasm', import.meta.url);
  const fetched = typeof source === 'string' || source instanceof URL || (typeof Request === 'function' && source instanceof Request);
  let url = fetched ? String(source.url ?? source) : 'the given source'; // a Request has .url
  try {
    source = await (fetched ? fetch(source) : source); // a Promise<Response> is awaited too
  } catch (cause) {
    throw loadError(url, `the request failed (${cause?.message ?? cause})`, given, { cause });
  }
  let status;
  if (typeof Response === 'function' && source instanceof Response) {
    url = source.url || 'the given Response';
    status = source.status;
    source = await checkedResponse(source, given);
  } else if (source instanceof ArrayBuffer) checkMagic(head(source, 0, source.byteLength), name, '', given);
  else if (ArrayBuffer.isView(source)) {
    // WebAssembly.compile takes a typed array but not a DataView: the same bytes as one.
    source = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    checkMagic(head(source.buffer, source.byteOffset, source.byteLength), name, '', given);
  } else if (!(source instanceof WebAssembly.Module)) {
    throw loadError('the given source', `it is of type ${typeof source}, not a URL, a Response, bytes or a WebAssembly.Module`, given);
  }
  if (url === 'the given source' && !(source instanceof WebAssembly.Module)) url = name;
  return { module: await ownModule(source, url, given, status), url };
}

/**
 * `source` compiled, checked to be this entry's module by the jobs it was
 * built for (the custom section `clg-metrics-jobs`, see src/wasm/mod.rs):
 * a smaller entry's module links into a larger entry's glue, and would
 * leave some functions missing; a module without the section (any other
 * module, even an empty one) would link and leave the glue broken for good.
 */
async function ownModule(source, url, given, status) {
  let module;
  try {
    module = source instanceof WebAssembly.Module ? source
      : typeof Response === 'function' && source instanceof Response ? await WebAssembly.compileStreaming(source)
      : await WebAssembly.compile(source);
  } catch (cause) {
    throw loadError(url, `it does not compile (${cause?.message ?? cause})`, given, { cause, status });
  }
  const [jobs] = WebAssembly.Module.customSections(module, 'clg-metrics-jobs');
  if (jobs === undefined) {
    throw loadError(url, 'it is not a clg-metrics module (it has no clg-metrics-jobs section)', given, { status });
  }
  if (new Uint8Array(jobs)[0] !== JOBS) {
    throw loadError(url, "it is another entry's module: each entry takes its own .wasm (README: Quickstart)", given, { status });
  }
  return module;
}

/** The response if it can be WebAssembly (streamed when it says so), else its checked bytes. */
async function checkedResponse(response, given) {
  const url = response.url || 'the given Response';
  if (!response.ok) {
    throw loadError(url, `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, given, {
      status: response.status,
    });
  }
  const type = response.headers.get('content-type') ?? '';
  if (/^application\/wasm\b/i.test(type)) return response; // streaming compilation
  const bytes = await response.arrayBuffer();
  checkMagic(head(bytes, 0, bytes.byteLength), url, type, given, response.status);
  return bytes;
}

/** Up to the first four bytes of `length` bytes at `offset` of `buffer`. */
function head(buffer, offset, length) {
  return new Uint8Array(buffer, offset, Math.min(4, length));
}

/**
 * Throws unless `first` (the first bytes) is the start of a WebAssembly
 * module; `type` is the response's content type, `status` its HTTP status
 * (undefined for bytes).
 */
function checkMagic(first, url, type, given, status) {
  if (first.length === 4 && WASM_MAGIC.every((b, i) => first[i] === b)) return;
  const text = String.fromCharCode(...first).replace(/[^\x20-\x7e]/g, '?');
  throw loadError(url, `it is not WebAssembly but ${type ? `${type.split(';')[0]} ` : ''}content starting with "${text}"`, given, { status });
}

/**
 * The coded error of a failed load of `where` (a URL, or "the given
 * bytes" / "the given Response" for a source without one: `url` is then
 * null). Without a `source` the likely cause is a dev server that serves an
 * HTML page in place of the `.wasm` (Vite's dependency pre-bundling): the
 * message points at the README's fix.
 */
function loadError(where, reason, given, extra = {}) {
  const hint = given
    ? 'check the source given to init()'
    : "with Vite's dev server add optimizeDeps: { exclude: ['clg-metrics'] } to vite.config.js, or pass the .wasm URL to init(url) (README: Quickstart)";
  const field = given ? 'source' : 'init';
  const error = new Error(`${field}: the WebAssembly module at ${where} did not load: ${reason}; ${hint}`, 'cause' in extra ? { cause: extra.cause } : undefined);
  const url = where.startsWith('the given ') ? null : where;
  return Object.assign(error, { code: 'WASM_LOAD_FAILED', field, url }, extra.status === undefined ? {} : { status: extra.status });
}
