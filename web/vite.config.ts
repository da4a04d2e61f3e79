// The dashboard's bundle: plain TypeScript, ECharts from its tree-shakable core, imported
// dynamically (web/src/charts/echarts.ts) so it is its own chunk and the figures paint first.
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // ECharts' core with bar charts is about 0.5 MB minified (~170 kB gzip), in its own lazy chunk.
    chunkSizeWarningLimit: 600,
  },
});
