import { defineConfig, loadEnv } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig(({ mode }) => {
  // The dev server proxies /api to the Fastify server (MANDATE_API_URL to point elsewhere).
  const target = loadEnv(mode, '.', 'MANDATE_').MANDATE_API_URL ?? 'http://localhost:3000';
  const api = { '/api': { target, changeOrigin: false } };
  return {
    plugins: [react()],
    server: { port: 5173, proxy: api },
    preview: { port: 4173, proxy: api },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      rollupOptions: {
        output: {
          // Long-lived vendor chunks: they change far less often than the app.
          manualChunks: {
            react: ['react', 'react-dom', 'react-dom/client', 'react-router'],
            mantine: ['@mantine/core', '@mantine/hooks'],
            data: ['@tanstack/react-query', '@tanstack/react-table', '@casl/ability', '@casl/react'],
          },
        },
      },
    },
  };
});
