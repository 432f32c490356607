// scripts/serve.mjs: serves its root under a base path and nothing else (a sibling folder whose
// name starts with the root's, "..", encoded slashes), answers undecodable paths with 400 and stays
// up, and `--help` prints the usage and exits instead of serving. Not here: the browser tests that
// use it (tests/e2e).
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../helpers/native.mjs';
import { createServer } from '../../scripts/serve.mjs';

const serveJs = path.join(repoRoot, 'scripts/serve.mjs');
const top = mkdtempSync(path.join(tmpdir(), 'descent-serve-'));
mkdirSync(path.join(top, 'dist', 'sub'), { recursive: true });
mkdirSync(path.join(top, 'dist-private'));
writeFileSync(path.join(top, 'dist', 'index.html'), '<p>home</p>');
writeFileSync(path.join(top, 'dist', 'sub', 'a.js'), 'export {};');
writeFileSync(path.join(top, 'dist-private', 'secret.txt'), 'SECRET-7f3a');
writeFileSync(path.join(top, 'secret.txt'), 'SECRET-7f3a');

// A raw request (no URL normalization by a client): { status, body }.
function get(port, rawPath) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function withServer(options, fn) {
  const server = createServer(options);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try { await fn(server.address().port); } finally { server.close(); }
}

test('serve: files under the root, index.html for folders, 404 for missing files', async () => {
  await withServer({ root: path.join(top, 'dist') }, async (port) => {
    assert.deepEqual(await get(port, '/'), { status: 200, type: 'text/html; charset=utf-8', body: '<p>home</p>' });
    assert.equal((await get(port, '/sub/a.js')).type, 'text/javascript; charset=utf-8');
    assert.equal((await get(port, '/sub/%61.js')).body, 'export {};');
    assert.equal((await get(port, '/nope.js')).status, 404);
  });
});

test('serve: a sibling folder that starts with the root name, and "..", stay out of reach', async () => {
  for (const base of ['/', '/course/']) {
    await withServer({ root: path.join(top, 'dist'), base }, async (port) => {
      for (const attack of ['..%2fdist-private%2fsecret.txt', '..%2Fsecret.txt', '%2e%2e%2fsecret.txt', '..%5c..%5csecret.txt', 'sub%2f..%2f..%2fdist-private/secret.txt']) {
        const r = await get(port, `${base}${attack}`);
        assert.ok(r.status === 403 || r.status === 404, `${base}${attack}: ${r.status}`);
        assert.doesNotMatch(r.body, /SECRET/, attack);
      }
      // Encoded ".." that stays inside the root is fine.
      assert.equal((await get(port, `${base}sub%2f..%2findex.html`)).body, '<p>home</p>');
    });
  }
});

test('serve: a path that does not decode is a 400, and the server keeps serving', async () => {
  await withServer({ root: path.join(top, 'dist') }, async (port) => {
    for (const bad of ['/%E0%A4%A', '/%', '/%zz', '/a%00b']) {
      const r = await get(port, bad);
      assert.equal(r.status, 400, bad);
    }
    assert.equal((await get(port, '/')).status, 200);
  });
});

test('serve --help / -h prints the usage and exits 0; a bad flag exits 2', () => {
  for (const flag of ['--help', '-h']) {
    const r = spawnSync(process.execPath, [serveJs, flag, '--port', '0'], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.signal, null, `${flag} started a server`);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: node scripts\/serve\.mjs/);
    assert.match(r.stdout, /--base PATH/);
  }
  const bad = spawnSync(process.execPath, [serveJs, '--frobnicate'], { encoding: 'utf8', timeout: 20000 });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /frobnicate/);
  const port = spawnSync(process.execPath, [serveJs, '--port', 'eighty'], { encoding: 'utf8', timeout: 20000 });
  assert.equal(port.status, 2);
  assert.match(port.stderr, /--port must be an integer/);
});
