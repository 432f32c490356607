// Browser-test helpers: serve dist/ (optionally under a sub-path) on a free port and launch
// Debian's Chromium through playwright-core (never a downloaded browser); hostTest() runs one test
// body against both hosts of the playground (the page and the <descent-playground> element).
import test, { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
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

/** Records a page's console errors, page errors (page.problems) and dialogs (page.dialogs, dismissed). */
function watch(page) {
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  // A wait that times out says what the page was doing: its errors so far and the status pill.
  const waitForFunction = page.waitForFunction.bind(page);
  page.waitForFunction = async (...args) => {
    try {
      return await waitForFunction(...args);
    } catch (e) {
      const status = await page.evaluate(() => {
        const root = document.getElementById('host')?.shadowRoot ?? document;
        return JSON.stringify({ status: { ...root.getElementById('status')?.dataset }, hash: location.hash.slice(0, 120) });
      }).catch((err) => `(page not readable: ${err.message})`);
      e.message += `\n  page problems: ${JSON.stringify(page.problems)}\n  page state: ${status}`;
      throw e;
    }
  };
  return page;
}

/**
 * Runs click() (an action that should save a file) and returns the Download it starts. A download
 * that has not come 15 s after the click is reported on stderr with what the export card said
 * (status(): its text), and the click is made once more: a click lost on a loaded machine (the
 * card moved under the pointer as a card above it grew) must not fail the suite, a button that
 * never saves still does, with both reports in the message.
 */
export async function downloadOf(page, click, status = () => page.locator('#export-status').textContent()) {
  const said = async () => JSON.stringify(await status().catch(() => '(unreadable)'));
  let first = '';
  for (let attempt = 1; ; attempt++) {
    try {
      const [dl] = await Promise.all([page.waitForEvent('download', { timeout: attempt === 1 ? 15000 : 30000 }), click()]);
      return dl;
    } catch (e) {
      if (attempt === 2 || !/Timeout/.test(e.message)) {
        e.message += `\n  the export card said ${first ? `${first} after the first click and ` : ''}${await said()}; page problems: ${JSON.stringify(page.problems ?? [])}`;
        throw e;
      }
      first = await said();
      process.stderr.write(`downloadOf: no download 15 s after the click (the export card said ${first}); clicking once more\n`);
    }
  }
}

/** A page that records console errors, page errors and dialogs, for assertions. */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport });
  const page = watch(await context.newPage());
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

// ---- one test body, two hosts ---------------------------------------------------------------------
// The playground has two hosts, the page (index.html) and the <descent-playground> element, with
// the same controller and panels. hostTest() runs one test body against both, served from the
// repository root (useBrowser(..., { root: '.' })): the page as dist/index.html with the link, the
// element on a plain page written into test-artifacts/fixtures/ with the same link as its spec.

const attrText = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Before the app's scripts: __host() is the playground's root (the element's shadow root, or the document). */
function hostRoot() {
  window.__host = () => document.getElementById('host')?.shadowRoot ?? document;
}

/**
 * Opens one host. opts: { hash (a playground link, "#..."), steps (run N steps at the first open),
 * panels, controls (the element's attributes; the page shows everything), viewport, name }.
 * Returns { kind, page, $(css): a Locator inside the playground, waitFor(fn, arg, timeout):
 * page.waitForFunction(fn, arg) where fn may call __host() }.
 */
export async function openHost(kind, browser, server, { hash = '', steps = 0, panels, controls, viewport = { width: 1280, height: 1000 }, name = 'host' } = {}) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(hostRoot);
  const page = watch(await context.newPage());
  let url;
  if (kind === 'page') {
    url = `${server.url}dist/index.html${steps ? `?steps=${steps}` : ''}${hash}`;
  } else {
    const attrs = [`id="host"`, `spec="${attrText(hash)}"`];
    if (steps) attrs.push(`steps="${steps}"`);
    if (panels) attrs.push(`panels="${attrText(panels)}"`);
    if (controls) attrs.push(`controls="${attrText(controls)}"`);
    const file = `host-${name.replace(/[^a-z0-9-]+/gi, '-').toLowerCase()}.html`;
    mkdirSync(`${artifacts}fixtures`, { recursive: true });
    writeFileSync(`${artifacts}fixtures/${file}`, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'">
<link rel="icon" href="data:,"><title>${attrText(name)}</title>
<script type="module" src="../../dist/embed.js"></script></head>
<body><main><h1>${attrText(name)}</h1>
<descent-playground ${attrs.join(' ')}></descent-playground>
</main></body></html>
`);
    url = `${server.url}test-artifacts/fixtures/${file}`;
  }
  await page.goto(url);
  const scope = kind === 'page' ? page.locator('body') : page.locator('#host');
  return {
    kind,
    page,
    $: (css) => scope.locator(css),
    waitFor: (fn, arg, timeout = 40000) => page.waitForFunction(fn, arg, { timeout }),
  };
}

/** The same test, once per host: body(host) gets openHost()'s handle; the context closes after. */
export function hostTest(name, options, body, register = test) {
  for (const kind of ['page', 'element']) {
    register(`${name} [${kind}]`, async () => {
      const h = await openHost(kind, hostBrowser(), hostServer(), { ...options, name: `${name}-${kind}` });
      try {
        await body(h);
      } finally {
        await h.page.context().close();
      }
    });
  }
}

let shared = { server: null, browser: null };
const hostServer = () => shared.server;
const hostBrowser = () => shared.browser;

/** useBrowser() for files of hostTest()s: the repository root served, one Chromium. */
export function useHosts(use = () => {}) {
  useBrowser((s, b) => { shared = { server: s, browser: b }; use(s, b); }, { root: '.' });
}
