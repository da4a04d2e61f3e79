// The dashboard's bundle: plain TypeScript, ECharts from its tree-shakable core, imported
// dynamically (web/src/charts/echarts.ts) so it is its own chunk and the figures paint first.
// A second page, docs/index.html, is the API reference served at /docs (Swagger UI, its own chunk).
import path from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // ECharts' core with bar charts is about 0.5 MB minified (~170 kB gzip), in its own lazy chunk;
    // Swagger UI (the /docs page only, never loaded by the dashboard) about 1.6 MB (~480 kB gzip).
    chunkSizeWarningLimit: 1700,
    rollupOptions: {
      input: { dashboard: path.join(import.meta.dirname, 'index.html'), docs: path.join(import.meta.dirname, 'docs/index.html') },
    },
  },
});
