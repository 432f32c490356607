// Vite builds the static site into dist/ with relative URLs, so it works from any sub-path and
// needs no special server headers. Two entries: the playground page (index.html) and the
// embeddable element (dist/embed.js, a stable name for one <script type="module"> tag). The
// example pages in examples/ are copied as they are into dist/examples/: they use the built
// embed.js exactly as a third-party page would.
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';

const root = fileURLToPath(new URL('.', import.meta.url));
const examples = fileURLToPath(new URL('../examples/', import.meta.url));

/** Copies examples/*.{html,css} into dist/examples/ (build only). */
function copyExamples() {
  return {
    name: 'descent-copy-examples',
    apply: 'build',
    generateBundle() {
      let files = [];
      try { files = readdirSync(examples); } catch { return; }
      for (const f of files.filter((n) => /\.(html|css)$/.test(n))) {
        this.emitFile({ type: 'asset', fileName: `examples/${f}`, source: readFileSync(`${examples}${f}`) });
      }
    },
  };
}

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  plugins: [copyExamples()],
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        embed: fileURLToPath(new URL('./embed/element.js', import.meta.url)),
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
