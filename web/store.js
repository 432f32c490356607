// The last session in this browser: the spec and the uploaded CSV (name + text) in IndexedDB,
// so a reload (or a link without a hash) comes back to where the user was, and the colour theme
// chosen in the header (localStorage: read as the page starts). CSV text never goes into the
// URL. Every call fails soft (private windows, blocked storage): the page works without.
const DB = 'descent-playground';
const STORE = 'state';

function openDb() {
  return new Promise((resolve, reject) => {
    if (!globalThis.indexedDB) { reject(new Error('no IndexedDB')); return; }
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, fn) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const result = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(result?.result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

/** { spec?, csv?: { name, text } } from the last visit; {} when there is none or storage fails. */
export async function load() {
  try {
    const [spec, csv] = await Promise.all([tx('readonly', (s) => s.get('spec')), tx('readonly', (s) => s.get('csv'))]);
    return { spec: spec ?? undefined, csv: csv && typeof csv.text === 'string' ? csv : undefined };
  } catch {
    return {};
  }
}

export async function saveSpec(spec) {
  try { await tx('readwrite', (s) => s.put(structuredClone(spec), 'spec')); } catch { /* storage is optional */ }
}

export async function saveCsv(csv) {
  try { await tx('readwrite', (s) => (csv ? s.put({ name: csv.name, text: csv.text }, 'csv') : s.delete('csv'))); } catch { /* optional */ }
}

const THEME_KEY = 'descent-playground:theme';

/** The theme chosen in the header: 'light' | 'dark' | 'system' (nothing stored, or storage blocked). */
export function loadTheme() {
  try {
    const v = globalThis.localStorage?.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Keeps the header's choice ('system' forgets it). */
export function saveTheme(choice) {
  try {
    if (choice === 'light' || choice === 'dark') globalThis.localStorage?.setItem(THEME_KEY, choice);
    else globalThis.localStorage?.removeItem(THEME_KEY);
  } catch { /* storage is optional */ }
}
