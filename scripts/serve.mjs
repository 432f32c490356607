#!/usr/bin/env node
// A small static file server for dist/ (or any folder), optionally under a sub-path, with the
// right MIME types for .wasm/.mjs. No special headers needed: Descent does not use
// SharedArrayBuffer. Usage: node scripts/serve.mjs [--root dist] [--base /sub/path/] [--port 5173]
import http from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const root = path.resolve(opt('root', 'dist'));
let base = opt('base', '/');
if (!base.startsWith('/')) base = `/${base}`;
if (!base.endsWith('/')) base += '/';
const port = Number(opt('port', process.env.PORT || 5173));
const quiet = args.includes('--quiet');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
};

export function createServer() {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let p = decodeURIComponent(url.pathname);
    if (!p.startsWith(base)) { res.writeHead(404).end('not found'); return; }
    p = p.slice(base.length);
    const file = path.resolve(root, p || 'index.html');
    if (!file.startsWith(root)) { res.writeHead(403).end('forbidden'); return; }
    let target = file;
    try {
      if (statSync(target).isDirectory()) target = path.join(target, 'index.html');
      statSync(target);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(target)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
    createReadStream(target).pipe(res);
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = createServer();
  const tryListen = (p, attempts) => {
    server.once('error', (e) => {
      if (e.code === 'EADDRINUSE' && attempts > 0) tryListen(p + 1, attempts - 1);
      else { console.error(`serve: ${e.message}`); process.exit(1); }
    });
    server.listen(p, '127.0.0.1', () => {
      const url = `http://localhost:${server.address().port}${base}`;
      if (!quiet) console.log(`\nDescent is running at ${url}\n(serving ${path.relative(process.cwd(), root) || '.'}; Ctrl+C stops)\n`);
      else console.log(url);
    });
  };
  tryListen(port, 20);
}
