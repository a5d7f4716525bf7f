// A small static file server for the demo, the browser tests and the
// benchmark: 127.0.0.1 only, a strict Content-Security-Policy on every
// response (the package must work under it), and no dependencies. With a
// collector (scripts/collector.mjs) it also answers POST /collect on the
// same origin, which the CSP's connect-src 'self' allows.
//
//   node scripts/serve.mjs            serves the demo (www/ and dist/) and the collector
//                                     (data in DATA_DIR, default ./.data/) on PORT (default 8080)
//   import { serve } from './serve.mjs'   for tests: serve({ port: 0, mounts, collector })
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCollector } from './collector.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The demo's mounts: URL prefix -> folder. */
export const DEMO_MOUNTS = { '/dist/': join(root, 'dist'), '/': join(root, 'www') };

/**
 * Starts serving `mounts` (URL prefix -> folder; the longest prefix wins)
 * on 127.0.0.1:`port` (0 picks a free port). Resolves to the server; its
 * URL is `http://127.0.0.1:${server.address().port}/`. URLs under an
 * `immutable` prefix (e.g. Vite's `/assets/`) are served as cacheable for good.
 * @param {{ port?: number, mounts?: Record<string, string>, collector?: object | null, immutable?: string[] }} [options]
 */
export function serve({ port = 8080, mounts = DEMO_MOUNTS, collector = null, immutable = [] } = {}) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('bad request');
      return;
    }
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (collector && path === '/collect') {
      collector.handle(req, res);
      return;
    }
    const prefix = prefixes.find((p) => path.startsWith(p));
    const { file, stat } = (prefix && resolveFile(mounts[prefix], path.slice(prefix.length))) || {};
    if (!file || !stat || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(file ? 405 : 404, { 'Content-Type': 'text/plain' }).end(file ? 'method not allowed' : 'not found');
      return;
    }
    // Revalidated on every use (no-cache) with an ETag, so a reload gets a
    // 304 and the browser keeps its cached copy (and the compiled code it
    // caches with a .wasm); files under an `immutable` prefix (a bundler's
    // content-hashed assets) are cached for good, as production serves them.
    const { size, mtimeMs } = stat;
    const etag = `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}"`;
    const cache = immutable.some((p) => path.startsWith(p)) ? 'public, max-age=31536000, immutable' : 'no-cache';
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { ETag: etag, 'Cache-Control': cache }).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': cache,
      ETag: etag,
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** The file under `folder` that `rest` names (index.html for folders) with its stat, or null. */
function resolveFile(folder, rest) {
  const file = normalize(join(folder, rest));
  if (file !== folder && !file.startsWith(folder + sep)) return null; // ../ escapes
  try {
    const stat = statSync(file);
    if (stat.isFile()) return { file, stat };
    if (stat.isDirectory()) return resolveFile(file, 'index.html');
  } catch {
    // missing file: 404
  }
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  const dataDir = process.env.DATA_DIR ?? join(root, '.data');
  try {
    const server = await serve({ port, collector: createCollector({ dataDir }) });
    const url = `http://127.0.0.1:${server.address().port}/`;
    console.log(`clg-metrics demo: ${url}  collector: POST ${url}collect -> ${dataDir}  (Ctrl+C to stop)`);
  } catch (e) {
    console.error(e.code === 'EADDRINUSE' ? `Port ${port} is in use: run with PORT=<another port> npm start` : e.message);
    process.exit(1);
  }
}
