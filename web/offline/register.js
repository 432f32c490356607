// Registers the offline service worker (offline/sw.js, built to dist/sw.js) for the playground
// page, in built sites only, after the page has loaded (the first visit's downloads come first).
// Not here: the element (it runs on other people's pages), the cache policy (sw.js).
export function registerOffline() {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const go = () => navigator.serviceWorker.register('./sw.js').catch((err) => {
    // Offline use is a bonus: a browser that refuses it (private mode, a policy) keeps working online.
    console.warn(`offline copy not available: ${err?.message ?? err}`);
  });
  if (document.readyState === 'complete') go(); else window.addEventListener('load', go, { once: true });
}
