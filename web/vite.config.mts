import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The API the dev server forwards to (`npm run web:dev`): everything outside /app/. */
const api = process.env.XUEFA_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/app/',
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Explicit: Vite 8's default baseline (Safari/iOS 16.4, Chrome 111); older browsers get the
    // message from index.html's classic script instead of a white page.
    target: ['chrome111', 'edge111', 'firefox114', 'safari16.4', 'ios16.4'],
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: {
      // Vite serves its own files under the base (/app/@vite/client, /app/src/…)
      '^/(?!app(/|$)).*': { target: api, changeOrigin: false },
    },
  },
});
