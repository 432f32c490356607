// The controller's link to its engine worker: starts it (from any origin), sends messages, notices
// when the worker is blocked or gone (a long synchronous job; or dead: out of memory, an abort
// inside the engine, a crash) and starts a fresh one on request. Liveness: a ping about once a second; the worker answers between its
// ~12 ms training chunks, so an answer missing for STALL_MS means it is stuck in one job or dead.
// Requests that expect a reply are tracked: the health report says what the engine is busy with,
// and a restart answers each of them with a "cancelled" reply so no panel waits forever.
// Not here: what the messages mean (protocol.js, app/controller.js), restoring the setup (the controller).
import workerUrl from './worker.js?worker&url';
import { toWorker, toPage, TO_PAGE, known, transferables } from './protocol.js';

/**
 * A new engine worker (worker.js, a module worker). Workers must come from the page's origin: from
 * another origin (a CDN, a course site's asset host) the worker is a same-origin blob module that
 * imports the real one, so the wasm still loads from beside it.
 */
export function startWorker() {
  const url = new URL(workerUrl, import.meta.url);
  if (url.origin === location.origin) return new Worker(url, { type: 'module' });
  const blob = new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' });
  return new Worker(URL.createObjectURL(blob), { type: 'module' });
}

let early = null;   // { worker, held, hold }: the worker startEarly() made, until takeWorker() takes it

/**
 * Starts the engine worker now, before the code that will use it has loaded (the page's entry
 * does this, so the worker's module and the wasm compile run beside the page's big module instead
 * of after it). Its messages are held until takeWorker() hands it over.
 */
export function startEarly() {
  if (early) return;
  let worker;
  try { worker = startWorker(); } catch { return; }   // takeWorker() starts one and the controller reports why
  const held = [];
  const hold = (e) => held.push(e);
  worker.addEventListener('message', hold);
  worker.addEventListener('error', hold);
  early = { worker, held, hold };
}

/**
 * A worker for an Engine (its create()): the early one, once, else a new one. The early worker's
 * held events go to the handlers the Engine sets right after (in a microtask: no event can come
 * in between, events are tasks).
 */
export function takeWorker() {
  const e = early;
  if (!e) return startWorker();
  early = null;
  queueMicrotask(() => {
    e.worker.removeEventListener('message', e.hold);
    e.worker.removeEventListener('error', e.hold);
    for (const ev of e.held) (ev.type === 'message' ? e.worker.onmessage : e.worker.onerror)?.call(e.worker, ev);
  });
  return e.worker;
}

/** Whether the page or this code was opened from file://, where browsers refuse workers and wasm. */
export function openedFromFile() {
  return globalThis.location?.protocol === 'file:' || import.meta.url.startsWith('file:');
}

/** What to tell an author who opened the playground from file:// (boot.js says the same for the page). */
export const FILE_MESSAGE = 'Descent cannot start from a file:// address: browsers do not run its engine (a Web Worker with WebAssembly) from local files. Serve the folder with any static web server, for example "python3 -m http.server" or "npx serve" in the folder that holds it, and open the http://localhost address it prints.';

const PING_MS = 1000;
const STALL_MS = 2500;
const CHECK_MS = 500;

/**
 * Requests that expect a reply: what the health report calls them, which replies end them (reply
 * type -> the field that matches the request's id), and the reply a restart sends in their place
 * (null: none needed, the restart reopens the session anyway).
 */
const REQUESTS = {
  open: { what: 'preparing the data and the model', id: 'token', ends: { opened: 'token', invalid: 'token' }, cancel: null },
  reset: { what: 'starting the run over', id: 'token', ends: { opened: 'token', invalid: 'token' }, cancel: null },
  step: { what: 'training', id: null, ends: { progress: null }, cancel: null },
  epoch: { what: 'training one epoch', id: null, ends: { progress: null }, cancel: null },
  previews: { what: 'drawing the data previews', id: null, ends: { previews: null }, cancel: null },
  csv: {
    what: 'reading the CSV file', id: 'token', ends: { csv: 'token' },
    cancel: (m, why) => toPage('csv', { token: m.token, name: m.name, bytes: m.file?.size ?? 0, parsed: false, cancelled: true, errors: [{ path: 'data.text', message: `reading ${m.name} was ${why}` }] }),
  },
  export: { what: 'preparing the download', id: 'id', ends: { exported: 'id' }, cancel: (m, why) => toPage('exported', { id: m.id, kind: m.kind, ok: false, error: `it was ${why}` }) },
  validate: { what: 'checking the imported file', id: 'id', ends: { validated: 'id' }, cancel: (m, why) => toPage('validated', { id: m.id, ok: false, errors: [{ path: '', message: `the check was ${why}` }] }) },
  lrFinder: { what: 'running the learning-rate range test', id: 'id', ends: { lrFinder: 'id' }, cancel: (m, why) => toPage('lrFinder', { id: m.id, ok: false, error: `it was ${why}` }) },
  landscape: { what: 'computing the loss landscape', id: 'id', ends: { landscape: 'id' }, cancel: (m, why) => toPage('landscape', { id: m.id, ok: false, done: true, error: `it was ${why}` }) },
};

/**
 * What to tell the user about a health report, and the label of the way out ('' = nothing to show
 * or do).
 */
export function healthMessage(h) {
  if (h.state === 'starting' && h.seconds) return { text: `Loading the engine… (${h.seconds} s)`, action: '' };
  if (h.state === 'busy') return { text: `The engine is busy ${h.what} (${h.seconds} s).`, action: 'Cancel' };
  if (h.state === 'silent') return { text: `The engine has not answered for ${h.seconds} s; it may have stopped.`, action: 'Restart the engine' };
  if (h.state === 'failed' && h.message === FILE_MESSAGE) return { text: FILE_MESSAGE, action: '' };
  if (h.state === 'failed') return { text: `The engine stopped: ${h.message}. Your setup, data and settings are kept.`, action: 'Restart with the last setup' };
  return { text: '', action: '' };
}

/** Settings the worker keeps between messages: a fresh worker gets the last of each again. */
const STICKY = ['setSpeed', 'watch'];

const keyOf = (type, value) => `${type}:${value ?? ''}`;

export class Engine {
  #create;
  #onMessage;
  #onHealth;
  #onSend;
  #worker = null;
  #pending = new Map();   // key -> { m, at }
  #sticky = new Map();    // type -> the last message of that type
  #ping = null;           // { id, at } of the unanswered ping
  #pingId = 0;
  #lastPong = 0;
  #lastCheck = 0;
  #timer = 0;
  /** { state: 'starting' | 'ok' | 'busy' | 'silent' | 'failed', what?, seconds?, message? } */
  health = { state: 'starting' };
  /** How many workers this client has started (1 + restarts). */
  generation = 0;

  /**
   * create(): a new Worker (startWorker above); onMessage(m): a checked worker -> page message (also the replies a
   * restart makes up); onHealth(health): whenever health changes (and about once a second while
   * the engine is stuck, for the elapsed time); onSend(m): each message just before it is posted.
   */
  constructor(create, { onMessage, onHealth, onSend = () => {} }) {
    this.#create = create;
    this.#onMessage = onMessage;
    this.#onHealth = onHealth;
    this.#onSend = onSend;
    this.#start();
  }

  /** Sends a page -> worker message (checked against protocol.js; typed arrays transferred). */
  send(type, fields = {}) {
    const m = toWorker(type, fields);
    const r = REQUESTS[type];
    // A new landscape job replaces the old one in the worker, as a cancel does.
    if (type === 'landscape' || type === 'cancelLandscape') for (const key of this.#pending.keys()) if (key.startsWith('landscape:')) this.#pending.delete(key);
    if (r) this.#pending.set(keyOf(type, r.id ? m[r.id] : null), { m, at: performance.now() });
    if (STICKY.includes(type)) this.#sticky.set(type, m);
    this.#onSend(m);
    this.#post(m);
    return m;
  }

  /**
   * Stops the worker (whatever it is doing) and starts a new one with the sticky settings. Every
   * request still waiting gets its cancel reply; why: 'cancelled' or 'stopped by a restart'.
   */
  restart(why = 'cancelled') {
    const waiting = [...this.#pending.values()].map((p) => p.m);
    this.#stop();
    this.#start();
    for (const m of this.#sticky.values()) this.#post(m);
    for (const m of waiting) {
      const reply = REQUESTS[m.type].cancel?.(m, why);
      if (reply) this.#onMessage(reply);
    }
  }

  /** Stops the worker for good (its page or element goes away). Idempotent. */
  dispose() {
    this.#stop();
    this.#sticky.clear();
  }

  /** The requests the worker has not answered yet, oldest first: [{ type, what, seconds }]. */
  waiting() {
    const now = performance.now();
    return [...this.#pending.values()].sort((a, b) => a.at - b.at)
      .map(({ m, at }) => ({ type: m.type, what: REQUESTS[m.type].what, seconds: (now - at) / 1000 }));
  }

  #start() {
    this.generation++;
    let w;
    try {
      w = this.#create();
    } catch (err) {
      // file:// pages and strict CSPs refuse workers: say why instead of "loading" forever.
      this.#worker = null;
      this.#fail(openedFromFile() ? FILE_MESSAGE : `the engine worker could not start: ${err.message}`);
      return;
    }
    this.#worker = w;
    this.#ping = null;
    this.#lastPong = performance.now();
    w.onmessage = (e) => { if (w === this.#worker) this.#receive(e.data); };
    // An uncaught error in the worker (or a module that failed to load): the engine may be
    // half-done with anything, so it is treated as dead.
    w.onerror = (e) => {
      if (w !== this.#worker) return;
      e.preventDefault?.();
      this.#fail(openedFromFile() ? FILE_MESSAGE : `the engine worker failed: ${e.message || 'unknown error (the worker may have run out of memory)'}`);
    };
    w.onmessageerror = () => { if (w === this.#worker) this.#fail('a message from the engine worker could not be read'); };
    this.#setHealth({ state: 'starting' });
    this.#timer = setInterval(() => this.#check(), CHECK_MS);
  }

  #stop() {
    clearInterval(this.#timer);
    this.#timer = 0;
    this.#worker?.terminate();
    this.#worker = null;
    this.#pending.clear();
  }

  #post(m) {
    this.#worker?.postMessage(m, transferables(m));
  }

  #receive(m) {
    if (!known(TO_PAGE, m)) return;
    this.#lastPong = performance.now();
    if (m.type === 'pong') {
      if (this.#ping?.id === m.id) this.#ping = null;
      if (this.health.state === 'busy' || this.health.state === 'silent') this.#setHealth({ state: 'ok' });
      else if (this.health.state === 'starting' && this.health.seconds) this.#setHealth({ state: 'starting' });
      return;
    }
    if (m.type === 'ready' && this.health.state === 'starting') this.#setHealth({ state: 'ok' });
    this.#settle(m);
    if (m.type === 'error' && m.fatal) this.#fail(m.message);
    this.#onMessage(m);
  }

  /** Drops the request a reply answers. */
  #settle(m) {
    if (m.type === 'landscape' && !m.done) return;
    for (const [type, r] of Object.entries(REQUESTS)) {
      if (!(m.type in r.ends)) continue;
      const field = r.ends[m.type];
      if (field) this.#pending.delete(keyOf(type, m[field]));
      else this.#pending.delete(keyOf(type, null));
    }
    // A session opened (or refused) makes older opens and resets moot.
    if (m.type === 'opened' || m.type === 'invalid') {
      for (const [key, p] of this.#pending) if ((p.m.type === 'open' || p.m.type === 'reset') && p.m.token <= m.token) this.#pending.delete(key);
    }
  }

  #check() {
    if (!this.#worker || this.health.state === 'failed') return;
    const now = performance.now();
    // This check itself ran late: the page's own thread was busy (a long paint, say), and the
    // worker's answer may be queued behind it. Start the wait again rather than blame the worker.
    const late = this.#lastCheck && now - this.#lastCheck > 3 * CHECK_MS;
    this.#lastCheck = now;
    if (late && this.#ping) { this.#ping.at = now; return; }
    if (!this.#ping) {
      if (now - this.#lastPong >= PING_MS - CHECK_MS) {
        this.#ping = { id: ++this.#pingId, at: now };
        this.#post(toWorker('ping', { id: this.#ping.id }));
      }
      return;
    }
    const silent = now - Math.max(this.#ping.at, this.#lastPong);
    if (silent < STALL_MS) return;
    const seconds = Math.round(silent / 1000);
    const first = this.waiting()[0];
    // Still loading the module counts as busy (a slow network), not as a dead worker.
    if (this.health.state === 'starting') this.#setHealth({ state: 'starting', what: 'loading the engine', seconds });
    else if (first) this.#setHealth({ state: 'busy', what: first.what, seconds });
    else this.#setHealth({ state: 'silent', seconds });
  }

  #fail(message) {
    clearInterval(this.#timer);
    this.#timer = 0;
    // A failed engine may be half-done with anything: it gets nothing more and is heard no more.
    this.#worker?.terminate();
    this.#worker = null;
    this.#setHealth({ state: 'failed', message });
  }

  #setHealth(h) {
    const same = h.state === this.health.state && h.seconds === this.health.seconds && h.what === this.health.what && h.message === this.health.message;
    this.health = h;
    if (!same) this.#onHealth(h);
  }
}
