// The last session in this browser: the spec and the uploaded CSV in IndexedDB, so a reload (or a
// link without a hash) comes back to where the user was, and the colour theme chosen in the header
// (localStorage: read as the page starts). The CSV is kept as the file's bytes (a Blob: IndexedDB
// keeps it by reference, so a big file costs the main thread no copy; the engine decodes the
// bytes, in the worker), never as text a browser decoder made, and never goes into the URL. Every
// call fails soft (private windows, blocked storage): the page works without.
// Not here: reading or parsing the file (engine/worker.js).
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

/** What the stored upload note says for a file an older version kept as decoded text. */
export const MIGRATED_NOTE = 'kept by an older version of the playground as text the browser had decoded: if the file is not UTF-8, its accented letters may have been lost; choose the file again to read its bytes';

/**
 * The stored upload as the page uses it: { name, blob, note? }, or undefined. Today's records are
 * { name, blob: Blob, note? }; an older version's { name, text } becomes the text's UTF-8 bytes,
 * with a note (its original bytes are gone); anything else is dropped.
 */
export function readCsvRecord(r) {
  if (!r || typeof r !== 'object' || typeof r.name !== 'string') return undefined;
  if (r.blob instanceof Blob) return { name: r.name, blob: r.blob, ...(typeof r.note === 'string' ? { note: r.note } : {}) };
  if (typeof r.text === 'string') return { name: r.name, blob: new Blob([r.text]), note: MIGRATED_NOTE };
  return undefined;
}

/** { spec?, csv?: { name, blob, note? } } from the last visit; {} when there is none or storage fails. */
export async function load() {
  try {
    const [spec, csv] = await Promise.all([tx('readonly', (s) => s.get('spec')), tx('readonly', (s) => s.get('csv'))]);
    return { spec: spec ?? undefined, csv: readCsvRecord(csv) };
  } catch {
    return {};
  }
}

export async function saveSpec(spec) {
  try { await tx('readwrite', (s) => s.put(structuredClone(spec), 'spec')); } catch { /* storage is optional */ }
}

/** Keeps an upload ({ name, blob, note? }: its bytes), or forgets it (null). */
export async function saveCsv(csv) {
  try {
    // The Blob itself (a File is one), not its bytes: structured-cloning a 10 MB ArrayBuffer into
    // IndexedDB held the main thread for half a second and more.
    const record = csv ? { name: csv.name, blob: csv.blob, ...(csv.note ? { note: csv.note } : {}) } : null;
    await tx('readwrite', (s) => (record ? s.put(record, 'csv') : s.delete('csv')));
  } catch { /* optional */ }
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
