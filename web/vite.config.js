// Vite builds the static site into dist/ with relative URLs, so the folder works copied to any
// sub-path of any static host, and needs no special server headers. Two entries: the playground
// page (index.html, with boot.js copied beside it as a classic script) and the embeddable element
// (dist/embed.js, a stable name for one <script type="module"> tag; its worker and wasm load from
// beside it, from any origin). The example pages in examples/ are copied as they are into
// dist/examples/: they use the built embed.js exactly as a third-party page would.
// dist/sw.js is offline/sw.js with the list of every built file and a hash of their bytes
// (offlineCache): the page registers it, so a page once opened works without a network.
// uPlot is given a locale Intl accepts (charts/format.js safeLocale): it builds an
// Intl.NumberFormat from navigator.language when it loads, which throws for WebKit's "C" locale.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';

const root = fileURLToPath(new URL('.', import.meta.url));
const examples = fileURLToPath(new URL('../examples/', import.meta.url));

/** Copies examples/*.{html,css,js} into dist/examples/ (build only). */
function copyExamples() {
  return {
    name: 'descent-copy-examples',
    apply: 'build',
    generateBundle() {
      let files = [];
      try { files = readdirSync(examples); } catch { return; }
      for (const f of files.filter((n) => /\.(html|css|js)$/.test(n))) {
        this.emitFile({ type: 'asset', fileName: `examples/${f}`, source: readFileSync(`${examples}${f}`) });
      }
    },
  };
}

/** Copies web/boot.js beside index.html unchanged: a classic script, outside the bundle. */
function copyBoot() {
  return {
    name: 'descent-copy-boot',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'boot.js', source: readFileSync(`${root}boot.js`) });
    },
  };
}

/**
 * Writes dist/sw.js once the site is on disk: offline/sw.js with FILES = every built file (the
 * worker and its wasm included, which the main bundle does not list) and VERSION = a hash of
 * their names and bytes, so any change to the site is a new worker (and a new cache).
 */
function offlineCache() {
  const template = fileURLToPath(new URL('./offline/sw.js', import.meta.url));
  let outDir;
  return {
    name: 'descent-offline-cache',
    apply: 'build',
    configResolved(config) { outDir = config.build.outDir; },
    closeBundle() {
      const files = [];
      const walk = (dir) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) walk(full);
          else files.push(path.relative(outDir, full).split(path.sep).join('/'));
        }
      };
      walk(outDir);
      const list = files.filter((f) => f !== 'sw.js' && !f.endsWith('.map')).sort();
      const hash = createHash('sha256');
      for (const f of list) hash.update(f).update('\0').update(readFileSync(path.join(outDir, f))).update('\0');
      const code = readFileSync(template, 'utf8');
      if (!code.includes("'__DESCENT_OFFLINE_VERSION__'") || !code.includes('__DESCENT_OFFLINE_FILES__;')) {
        this.error('web/offline/sw.js lost its __DESCENT_OFFLINE_VERSION__ / __DESCENT_OFFLINE_FILES__ placeholders');
      }
      writeFileSync(path.join(outDir, 'sw.js'), code
        .replace("'__DESCENT_OFFLINE_VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16)))
        .replace('__DESCENT_OFFLINE_FILES__;', `${JSON.stringify(list.map((f) => `./${f}`), null, 1)};`));
    },
  };
}

/** uPlot's number formatter gets charts/format.js's safe locale instead of navigator.language. */
function uplotLocale() {
  const format = fileURLToPath(new URL('./charts/format.js', import.meta.url));
  const from = "new Intl.NumberFormat(domEnv ? nav.language : 'en-US')";
  return {
    name: 'descent-uplot-locale',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]uplot[\\/]dist[\\/]uPlot\.esm\.js$/.test(id.split('?')[0])) return null;
      // A newer uPlot that builds its formatter differently must be looked at, not silently skipped.
      if (!code.includes(from)) this.error(`uPlot no longer has ${from}: update the locale patch in web/vite.config.js`);
      const to = "new Intl.NumberFormat(domEnv ? __descentSafeLocale(nav.language) : 'en-US')";
      return { code: `import { safeLocale as __descentSafeLocale } from ${JSON.stringify(format)};\n${code.replace(from, to)}`, map: null };
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  plugins: [uplotLocale(), copyBoot(), copyExamples(), offlineCache()],
  optimizeDeps: { exclude: ['uplot'] },
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        embed: fileURLToPath(new URL('./hosts/element.js', import.meta.url)),
      },
      // The element keeps a fixed name (pages link to it); everything else is content-hashed.
      output: { entryFileNames: (chunk) => (chunk.name === 'embed' ? 'embed.js' : 'assets/[name]-[hash].js') },
      // Keep the element's exports (customElements registration is a side effect anyway).
      preserveEntrySignatures: 'exports-only',
    },
  },
  worker: { format: 'es' },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
  logLevel: 'warn',
});
