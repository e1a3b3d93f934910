import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built to static files loaded by Electron (file://) or served by the bridge, hence the relative base.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
