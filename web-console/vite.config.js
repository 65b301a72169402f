import { defineConfig } from 'vite';

// Static files for the gateway to serve at /; the API is on the same origin (/auth/, /api/).
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps in what the gateway serves; the dev server (npm run dev) maps sources itself.
    sourcemap: false,
  },
  server: {
    proxy: {
      '/auth': 'http://127.0.0.1:8080',
      '/api': 'http://127.0.0.1:8080',
    },
  },
});
