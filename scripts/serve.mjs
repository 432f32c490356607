#!/usr/bin/env node
// A small static file server for dist/ (or any folder), optionally under a sub-path, with the
// right MIME types for .wasm/.mjs; what `npm start` and the browser tests use. Serves files under
// its root only (by resolved path), answers a malformed URL with 400 and never lists folders.
// Not a production server: no caching headers beyond no-cache, no compression, no range requests.
// No special headers are needed: Descent does not use SharedArrayBuffer.
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const USAGE = `usage: node scripts/serve.mjs [--root DIR] [--base /sub/path/] [--port N] [--quiet]
  --root DIR    the folder to serve (default dist)
  --base PATH   the URL path it appears under (default /)
  --port N      the first port to try (default $PORT or 5173; 0 picks a free one); when it is
                taken, the next 20 are tried
  --quiet       print only the URL
  -h, --help    print this and exit
Serves on 127.0.0.1 until Ctrl+C.`;

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

/** "/sub/path/" from "sub/path", "/sub/path" ... */
function normalBase(base) {
  let b = base.startsWith('/') ? base : `/${base}`;
  if (!b.endsWith('/')) b += '/';
  return b;
}

/**
 * The file under root that a request path names, or { status } when there is none:
 * 400 for a path that does not decode, 404 outside base, 403 outside root.
 */
export function resolveRequest(urlPath, { root, base = '/' }) {
  const top = path.resolve(root);
  const b = normalBase(base);
  let p;
  try {
    p = decodeURIComponent(new URL(urlPath, 'http://localhost').pathname);
  } catch {
    return { status: 400 };
  }
  if (p.includes('\0')) return { status: 400 };
  if (!p.startsWith(b)) return { status: 404 };
  const file = path.resolve(top, p.slice(b.length) || 'index.html');
  // Inside root means root itself or below root + separator ("dist-private" is not in "dist").
  if (file !== top && !file.startsWith(top + path.sep)) return { status: 403 };
  return { file };
}

/** An http.Server for root under base (not listening yet). */
export function createServer({ root = 'dist', base = '/' } = {}) {
  return http.createServer((req, res) => {
    const fail = (status, text) => res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
    if (req.method !== 'GET' && req.method !== 'HEAD') { fail(405, 'method not allowed'); return; }
    const r = resolveRequest(req.url, { root, base });
    if (r.status === 400) { fail(400, 'bad request: the path is not valid percent-encoded UTF-8'); return; }
    if (r.status) { fail(r.status, r.status === 403 ? 'forbidden' : 'not found'); return; }
    let target = r.file;
    try {
      if (statSync(target).isDirectory()) target = path.join(target, 'index.html');
      if (!statSync(target).isFile()) throw new Error('not a file');
    } catch {
      fail(404, 'not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(target)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(target).on('error', () => res.destroy()).pipe(res);
  });
}

function main(argv) {
  let opts;
  try {
    opts = parseArgs({
      args: argv,
      options: {
        root: { type: 'string', default: 'dist' },
        base: { type: 'string', default: '/' },
        port: { type: 'string', default: process.env.PORT || '5173' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (e) {
    process.stderr.write(`serve: ${e.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (opts.help) { process.stdout.write(`${USAGE}\n`); return; }
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`serve: --port must be an integer in [0, 65535], got ${JSON.stringify(opts.port)}\n`);
    process.exitCode = 2;
    return;
  }
  const root = path.resolve(opts.root);
  const base = normalBase(opts.base);
  const server = createServer({ root, base });
  const tryListen = (p, attempts) => {
    server.once('error', (e) => {
      if (e.code === 'EADDRINUSE' && attempts > 0) tryListen(p + 1, attempts - 1);
      else { process.stderr.write(`serve: ${e.message}\n`); process.exitCode = 1; }
    });
    server.listen(p, '127.0.0.1', () => {
      const url = `http://localhost:${server.address().port}${base}`;
      if (!opts.quiet) console.log(`\nDescent is running at ${url}\n(serving ${path.relative(process.cwd(), root) || '.'}; Ctrl+C stops)\n`);
      else console.log(url);
    });
  };
  tryListen(port, port === 0 ? 0 : 20);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main(process.argv.slice(2));
