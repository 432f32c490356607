// The three browser engines of the test suite behind one small driver: Debian's Chromium
// (playwright-core), Firefox ESR (puppeteer-core over WebDriver BiDi) and WebKitGTK's MiniBrowser
// (WebKitWebDriver + selenium-webdriver, under an Xvfb display this module starts), plus an http
// server that puts an error probe into every HTML page (WebKitWebDriver has no console-log API).
// Every step has a deadline and fails with a message that says which engine and what it waited for;
// every process started here is stopped by close() (and on exit). Never downloads a browser.
// Not here: what the tests check (tests/engines/), or the Chromium helpers of tests/e2e (browser.mjs).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { launch as launchChromium, startServer } from './browser.mjs';

export const ENGINES = Object.freeze(['chromium', 'firefox', 'webkit']);

export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB = '/usr/bin/Xvfb';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// WebKitGTK takes navigator.language from LANG; "C" (from C.UTF-8, CI's usual value) is not a
// BCP 47 tag and Intl.NumberFormat(navigator.language) throws. en_US.UTF-8 gives "en-US" even
// where that glibc locale is not generated (GTK then only warns on stderr).
const BROWSER_LANG = 'en_US.UTF-8';

/** Rejects after ms with "<what> did not finish within <ms> ms". */
export function deadline(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms); });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

/**
 * As deadline(), and when it fails, dispose(value) once the promise settles after all (a browser
 * nobody holds; value null when it failed too). dispose never throws.
 */
function deadlineOrDispose(promise, ms, what, dispose) {
  return deadline(promise, ms, what).catch((e) => {
    promise.then((v) => dispose(v), () => dispose(null)).catch(() => {});
    throw e;
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Child processes started here, killed (with their process group) on exit if close() never ran;
// temporary directories (Firefox profiles) still there on exit are removed then.
const children = new Set();
const tempDirs = new Set();
process.on('exit', () => {
  for (const c of children) killGroup(c);
  for (const dir of tempDirs) removeDir(dir);
});

/** Removes dir, retrying while a browser that is exiting still writes into it (again on exit). */
function removeDir(dir) {
  try { rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }); } catch { /* retried on exit */ }
}

function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try { process.kill(-child.pid, 'SIGKILL'); } catch { try { child.kill('SIGKILL'); } catch { /* gone */ } }
}

function spawnTracked(cmd, args, options) {
  // detached: its own process group, so killGroup also stops what it started (MiniBrowser and
  // WebKit's web/network processes under WebKitWebDriver).
  const child = spawn(cmd, args, { ...options, detached: true });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.tail = '';
  for (const s of [child.stdout, child.stderr]) s?.on('data', (d) => { child.tail = (child.tail + d).slice(-4000); });
  return child;
}

async function stopChild(child, ms = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
  await Promise.race([gone, sleep(ms)]);
  killGroup(child);
}

function needFile(file, what) {
  if (!existsSync(file)) throw new Error(`${what} is not installed (${file} is missing): run scripts/setup.sh test, which installs it`);
}

/** An X display of our own: Xvfb picks a free display number and tells us through -displayfd. */
async function startXvfb(ms) {
  needFile(XVFB, 'Xvfb (package xvfb)');
  const child = spawnTracked(XVFB, ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const display = await deadline(new Promise((resolve, reject) => {
    let buf = '';
    child.stdio[3].on('data', (d) => { buf += d; const m = buf.match(/^(\d+)\n/); if (m) resolve(`:${m[1]}`); });
    child.once('exit', (code) => reject(new Error(`Xvfb exited with ${code} before it had a display: ${child.tail}`)));
  }), ms, 'starting Xvfb').catch(async (e) => { await stopChild(child); throw e; });
  return { display, child };
}

/** A free TCP port on 127.0.0.1 (the OS picks it; a race with another process is retried by the caller). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = http.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function httpOk(url) {
  try { const r = await fetch(url, { signal: AbortSignal.timeout(1000) }); return r.ok; } catch { return false; }
}

async function startWebKitDriver(display, ms) {
  needFile(WEBKIT_DRIVER, 'WebKitWebDriver (package webkit2gtk-driver)');
  needFile(MINIBROWSER, 'MiniBrowser (package webkit2gtk-driver)');
  const end = Date.now() + ms;
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const child = spawnTracked(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: display, LANG: BROWSER_LANG, LC_ALL: '', LANGUAGE: '' },
    });
    while (Date.now() < end && child.exitCode === null) {
      if (await httpOk(`http://127.0.0.1:${port}/status`)) return { port, child };
      await sleep(100);
    }
    const why = child.exitCode !== null ? `exited with ${child.exitCode}: ${child.tail.trim()}` : 'did not answer /status';
    await stopChild(child);
    if (Date.now() >= end || attempt >= 3) throw new Error(`WebKitWebDriver on port ${port} ${why} (within ${ms} ms)`);
  }
}

// ---- the error probe ---------------------------------------------------------------------------
const PROBE_PATH = '/__engines_probe.js';
// A classic script, first in <head>: it runs before the page's modules and records what would have
// gone to the console as an error. Served from the page's own origin, so a strict CSP allows it.
const PROBE = `(() => {
  const out = window.__problems = [];
  const text = (v) => (v && v.stack ? String(v.message || v) : String(v));
  addEventListener('error', (e) => {
    if (e.target && e.target !== window && (e.target.src || e.target.href)) out.push('failed to load ' + (e.target.src || e.target.href));
    else out.push('error: ' + (e.message || text(e.error)));
  }, true);
  addEventListener('unhandledrejection', (e) => out.push('unhandled rejection: ' + text(e.reason)));
  addEventListener('securitypolicyviolation', (e) => out.push('CSP blocked ' + e.blockedURI + ' (' + e.violatedDirective + ')'));
  const ce = console.error.bind(console);
  console.error = (...a) => { out.push('console.error: ' + a.map(text).join(' ')); ce(...a); };
})();
`;

/**
 * The repository root over http (scripts/serve.mjs through tests/helpers/browser.mjs) behind a
 * proxy that adds the error probe to every HTML page: { url, close() }. The playground is at
 * `${url}dist/`, the facade at `${url}bindings/index.js`.
 */
export async function startProbedServer() {
  const upstream = await startServer({ root: '.' });
  const up = new URL(upstream.url);
  const server = http.createServer((req, res) => {
    if (req.url === PROBE_PATH) {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }).end(PROBE);
      return;
    }
    const fwd = http.request({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: { ...req.headers, host: up.host } }, (r) => {
      const type = String(r.headers['content-type'] || '');
      if (!type.startsWith('text/html')) { res.writeHead(r.statusCode, r.headers); r.pipe(res); return; }
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => {
        let html = Buffer.concat(chunks).toString('utf8');
        const tag = `<script src="${PROBE_PATH}"></script>`;
        html = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => `${m}${tag}`) : tag + html;
        const headers = { ...r.headers };
        delete headers['content-length'];
        res.writeHead(r.statusCode, headers).end(html);
      });
    });
    fwd.on('error', (e) => { res.writeHead(502).end(`proxy: ${e.message}`); });
    req.pipe(fwd);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => { server.closeAllConnections?.(); server.close(); upstream.close(); },
  };
}

// ---- one driver over three automation protocols ------------------------------------------------
/**
 * Starts an engine: { name, version, goto(url), evaluate(fn, arg), waitFor(fn, arg, what, ms),
 * click(selector), screenshot(file), problems(), close() }. evaluate runs fn(arg) in the page
 * (fn may be async; arg and the result are JSON values). Every call has a deadline (options.ms).
 */
export async function openEngine(name, { ms = 60000 } = {}) {
  if (name === 'chromium') return openChromium(ms);
  if (name === 'firefox') return openFirefox(ms);
  if (name === 'webkit') return openWebKit(ms);
  throw new Error(`unknown engine ${name} (known: ${ENGINES.join(', ')})`);
}

function common(name, version, ms, impl) {
  const label = `${name} ${version}`;
  const api = {
    name,
    version,
    label,
    /** Opens url; problems() then reports this page's problems only. */
    goto: (url) => { impl.events.length = 0; return deadline(impl.goto(url), ms, `${label}: loading ${url}`); },
    evaluate: (fn, arg = null) => deadline(impl.evaluate(fn, arg), ms, `${label}: running ${fn.name || 'a script'} in the page`),
    click: (selector) => deadline(impl.click(selector), ms, `${label}: clicking ${selector}`),
    screenshot: async (file) => writeFileSync(file, await deadline(impl.screenshot(), ms, `${label}: screenshot`)),
    /** What the probe and the engine's own events saw go wrong in the page. */
    problems: async () => [...impl.events, ...(await api.evaluate(() => window.__problems ?? ['the error probe is missing from this page']))],
    /** Polls fn(arg) until it returns a truthy value; fails after waitMs naming what it waited for and the last value. */
    async waitFor(fn, arg, what, waitMs = ms) {
      const end = Date.now() + waitMs;
      let last;
      for (;;) {
        last = await api.evaluate(fn, arg);
        if (last) return last;
        if (Date.now() > end) throw new Error(`${label}: timed out after ${waitMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
        await sleep(200);
      }
    },
    close: () => impl.close(),
  };
  return api;
}

async function openChromium(ms) {
  needFile(CHROMIUM, 'Chromium (package chromium)');
  const browser = await deadlineOrDispose(launchChromium(), ms, 'launching Chromium', (b) => b?.close());
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const events = [];
    page.on('pageerror', (e) => events.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') events.push(`console: ${m.text()}`); });
    return common('chromium', browser.version(), ms, {
      events,
      goto: (url) => page.goto(url),
      evaluate: (fn, arg) => page.evaluate(fn, arg),
      click: (sel) => page.click(sel),
      screenshot: () => page.screenshot({ fullPage: true }),
      close: () => browser.close(),
    });
  } catch (e) { await browser.close(); throw e; }
}

async function openFirefox(ms) {
  needFile(FIREFOX, 'Firefox ESR (package firefox-esr)');
  const { default: puppeteer } = await import('puppeteer-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'descent-firefox-'));
  tempDirs.add(profile);
  // A launch that failed can leave Firefox writing into the profile (even recreating it) for a few
  // seconds: remove it now, once more later, and on exit (tempDirs).
  const removeProfile = () => { removeDir(profile); setTimeout(() => removeDir(profile), 10000).unref(); };
  let browser;
  try {
    browser = await deadlineOrDispose(puppeteer.launch({
      browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile,
      protocolTimeout: ms,
      // No network beyond the test server: no proxy lookups, updates, telemetry or pings.
      extraPrefsFirefox: {
        'network.proxy.type': 0, 'app.update.enabled': false, 'app.update.auto': false,
        'toolkit.telemetry.enabled': false, 'datareporting.policy.dataSubmissionEnabled': false,
        'datareporting.healthreport.uploadEnabled': false, 'browser.ping-centre.telemetry': false,
        'network.captive-portal-service.enabled': false, 'network.connectivity-service.enabled': false,
        'browser.safebrowsing.malware.enabled': false, 'browser.safebrowsing.phishing.enabled': false,
        'extensions.update.enabled': false, 'browser.search.update': false,
        'intl.accept_languages': 'en-US', 'intl.locale.requested': 'en-US',
      },
    }), ms, `launching Firefox ESR (${FIREFOX})`, async (b) => { await b?.close().catch(() => b.process()?.kill('SIGKILL')); removeProfile(); });
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const events = [];
    page.on('pageerror', (e) => events.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') events.push(`console: ${m.text()}`); });
    return common('firefox', await browser.version(), ms, {
      events,
      goto: (url) => page.goto(url),
      evaluate: (fn, arg) => page.evaluate(fn, arg),
      click: (sel) => page.click(sel),
      screenshot: () => page.screenshot({ fullPage: true }),
      close: async () => {
        await deadline(browser.close(), 15000, 'closing Firefox').catch(() => browser.process()?.kill('SIGKILL'));
        removeProfile();
      },
    });
  } catch (e) {
    // Not launched (in time): the launch's dispose above closes it and removes the profile.
    if (browser) {
      await browser.close().catch(() => browser.process()?.kill('SIGKILL'));
      removeProfile();
    }
    throw e;
  }
}

async function openWebKit(ms) {
  const { Builder, By } = await import('selenium-webdriver');
  const xvfb = await startXvfb(ms);
  let driverProc;
  let driver;
  const stopAll = async () => {
    if (driver) await deadline(driver.quit(), 15000, 'closing MiniBrowser').catch(() => {});
    await stopChild(driverProc?.child);
    await stopChild(xvfb.child);
  };
  try {
    driverProc = await startWebKitDriver(xvfb.display, ms);
    driver = await deadlineOrDispose(new Builder().usingServer(`http://127.0.0.1:${driverProc.port}`).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build(), ms, `starting MiniBrowser through WebKitWebDriver (display ${xvfb.display})`, (dr) => dr?.quit());
    await driver.manage().setTimeouts({ script: ms, pageLoad: ms });
    await driver.manage().window().setRect({ width: 1280, height: 900 }).catch(() => {});
    const caps = await driver.getCapabilities();
    // fn(arg) in the page; a thrown error comes back as { error } so it keeps its message.
    const evaluate = async (fn, arg) => {
      const r = await driver.executeAsyncScript(`const done = arguments[arguments.length - 1];
        Promise.resolve().then(() => (${fn})(arguments[0])).then((value) => done({ value: value === undefined ? null : value }),
          (e) => done({ error: String(e && e.stack ? e.message + '\\n' + e.stack : e) }));`, arg);
      if (r && 'error' in r) throw new Error(r.error);
      return r?.value;
    };
    return common('webkit', `MiniBrowser ${caps.get('browserVersion')}`, ms, {
      events: [],
      goto: (url) => driver.get(url),
      evaluate,
      click: async (sel) => (await driver.findElement(By.css(sel))).click(),
      screenshot: async () => Buffer.from(await driver.takeScreenshot(), 'base64'),
      close: stopAll,
    });
  } catch (e) {
    const tail = driverProc?.child.tail.trim();
    await stopAll();
    if (tail) e.message += `\nWebKitWebDriver said: ${tail.slice(-1500)}`;
    throw e;
  }
}
