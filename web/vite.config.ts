import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

export default defineConfig(({ mode }) => {
  // The dev server proxies /api to the Fastify server (MANDATE_API_URL to point elsewhere).
  const target = loadEnv(mode, '.', 'MANDATE_').MANDATE_API_URL ?? 'http://localhost:3000';
  const api = { '/api': { target, changeOrigin: false } };
  return {
    // Brotli and gzip copies of every script, style and document, made once at build time: the server
    // sends the one the browser accepts (@fastify/static preCompressed) without compressing per request.
    plugins: [react(), compression({ algorithms: ['brotliCompress', 'gzip'], threshold: 1024 })],
    server: { port: 5173, proxy: api },
    preview: { port: 4173, proxy: api },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      // Lists each entry and chunk with its static imports: the bundle-size test reads it.
      manifest: true,
      rollupOptions: {
        output: {
          // React changes far less often than the app: its own long-lived chunk. Everything else is
          // split by Rollup along the lazy routes, so a page loads only the components it uses.
          manualChunks: (id) => (/[\\/]node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/.test(id) ? 'react' : undefined),
        },
      },
    },
  };
});
