// Browser-test helpers: serve dist/ (optionally under a sub-path) on a free port and launch
// Debian's Chromium through playwright-core (never a downloaded browser).
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import http from 'node:http';
import { spawn } from 'node:child_process';

export const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
mkdirSync(artifacts, { recursive: true });

export async function startServer({ root = 'dist', base = '/' } = {}) {
  const serve = fileURLToPath(new URL('../../scripts/serve.mjs', import.meta.url));
  const cwd = fileURLToPath(new URL('../../', import.meta.url));
  const child = spawn(process.execPath, [serve, '--root', root, '--base', base, '--port', '0', '--quiet'], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => { buf += d; const m = buf.match(/http:\/\/\S+/); if (m) resolve(m[0]); });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, close: () => child.kill() };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A page that records console errors, page errors and dialogs, for assertions. */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(url);
  return page;
}

export { http };

/**
 * The before/after pair of an e2e test file: a static server (startServer's options) and one
 * Chromium, handed to use(server, browser) before the first test and closed after the last.
 */
export function useBrowser(use, serverOptions) {
  let server;
  let browser;
  before(async () => {
    server = await startServer(serverOptions);
    browser = await launch();
    use(server, browser);
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
}
