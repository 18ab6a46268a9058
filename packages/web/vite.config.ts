import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run dev -w packages/web` proxies the server paths to a Signpost on :8000, so the app runs same-origin
// (the session cookie and CSRF header work as in production).
const server = 'http://127.0.0.1:8000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // The chart chunk (tree-shaken ECharts, ~190 KB gzipped) is over Vite's default warning size by design; it loads
  // only when a chart is first drawn.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    chunkSizeWarningLimit: 700,
  },
  server: { proxy: { '/api': server, '/_auth': server, '/flags': server, '/decide': server } },
});
