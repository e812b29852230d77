import { defineConfig } from 'vite';

// The renderer bundle: served from app:// in Electron and by the loopback bridge in browser mode.
// No inline scripts and no eval, so the strict Content-Security-Policy holds.
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  oxc: { jsx: { runtime: 'automatic' } },
});
