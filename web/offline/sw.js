// The playground's service worker (dist/sw.js): keeps a page once opened working without a network
// (a classroom with flaky Wi-Fi, a train). The build (web/vite.config.js, offlineCache) replaces
// the two placeholders below with the site's files and a hash of their bytes, so a new build is a
// new worker: the browser installs it on the next visit and drops the old cache.
// Not here: anything for the <descent-playground> element on other sites (their pages are not ours
// to control), runtime caching of other origins, background sync. Files the build does not know
// (a user's CSV) are never stored: uploads live in IndexedDB (store.js).
/* global self, caches */
const VERSION = '__DESCENT_OFFLINE_VERSION__';
const FILES = __DESCENT_OFFLINE_FILES__;
const CACHE = `descent-${VERSION}`;

self.addEventListener('install', (event) => {
  // All or nothing: a half-filled cache would make an offline page fail at its first missing file.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((keys) =>
    Promise.all(keys.filter((k) => k.startsWith('descent-') && k !== CACHE).map((k) => caches.delete(k)))));
});

/** Pages: the network first (a new version shows at once when online), the cached copy offline. */
async function page(request) {
  try {
    return await fetch(request);
  } catch (err) {
    const cache = await caches.open(CACHE);
    const url = new URL(request.url);
    const hit = await cache.match(request, { ignoreSearch: true })
      ?? (url.pathname.endsWith('/') ? await cache.match(new URL('index.html', url), { ignoreSearch: true }) : undefined);
    if (hit) return hit;
    throw err;
  }
}

/** The site's files are content-hashed (or small and versioned by this worker): the cache first. */
async function file(request) {
  const hit = await caches.match(request, { cacheName: CACHE });
  return hit ?? fetch(request);
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === 'navigate' ? page(request) : file(request));
});
