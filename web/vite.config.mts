import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import ElementPlus from 'unplugin-element-plus/vite';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The API the dev server forwards to (`npm run web:dev`): everything outside /app/. */
const api = process.env.XUEFA_API ?? 'http://127.0.0.1:3000';
/** Element Plus's shared code and the components nearly every page (and the exam page) uses. */
const COMMON_UI = new RegExp(
  [
    String.raw`node_modules[\\/](@vueuse|lodash-es|lodash-unified|@ctrl[\\/]tinycolor|@element-plus[\\/]icons-vue)[\\/]`,
    String.raw`node_modules[\\/]element-plus[\\/]es[\\/](hooks|utils|constants|locale|directives|index\.mjs|version\.mjs|make-installer\.mjs|defaults\.mjs|plugin\.mjs|component\.mjs)`,
    String.raw`node_modules[\\/]element-plus[\\/](theme-chalk[\\/](base|el-(button|dialog|drawer|input|message|overlay|watermark|badge|icon|config-provider))\.css|es[\\/]components[\\/](base|button|dialog|drawer|input|message|overlay|focus-trap|watermark|badge|icon|config-provider|teleport|form)[\\/])`,
  ].join('|'),
);

export default defineConfig({
  root,
  base: '/app/',
  // Element Plus styles per component: `import { ElButton } from 'element-plus'` also imports
  // element-plus/es/components/button/style/css, so each page's CSS carries only the components
  // it uses (main.ts loads just the base variables, not the whole 367 KB sheet).
  plugins: [vue(), ElementPlus({})],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Explicit: Vite 8's default baseline (Safari/iOS 16.4, Chrome 111); older browsers get the
    // message from index.html's classic script instead of a white page.
    target: ['chrome111', 'edge111', 'firefox114', 'safari16.4', 'ios16.4'],
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Left to itself the bundler cuts the Element Plus parts every page shares (button,
        // dialog, drawer, input, message, their hooks, VueUse, lodash) into ~30 small chunks: the
        // exam page waited for 31 files, six at a time over HTTP/1.1, 150 ms each on a slow
        // phone network. Two groups instead: Vue with its router and store, and those common
        // components (what the exam page uses); other components stay with their pages.
        codeSplitting: {
          groups: [
            {
              name: 'vue',
              test: /node_modules[\\/](@vue|vue|vue-router|pinia|openapi-fetch)[\\/]/,
              priority: 2,
            },
            { name: 'ui', test: COMMON_UI, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      // Vite serves its own files under the base (/app/@vite/client, /app/src/…)
      '^/(?!app(/|$)).*': { target: api, changeOrigin: false },
    },
  },
});
