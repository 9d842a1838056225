import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import ElementPlus from 'unplugin-element-plus/vite';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** The API the dev server forwards to (`npm run web:dev`): everything outside /app/. */
const api = process.env.XUEFA_API ?? 'http://127.0.0.1:3000';
/** Element Plus's shared code and the components nearly every page (and the exam page) uses. */
const COMMON_UI = new RegExp(
  [
    String.raw`node_modules[\\/](@vueuse|lodash-es|lodash-unified|@ctrl[\\/]tinycolor|@element-plus[\\/]icons-vue)[\\/]`,
    String.raw`node_modules[\\/]element-plus[\\/]es[\\/](hooks|utils|constants|locale|directives)[\\/]`,
    String.raw`node_modules[\\/]element-plus[\\/](theme-chalk[\\/](base|el-(button|dialog|drawer|input|message|overlay|watermark|badge|icon|config-provider))\.css|es[\\/]components[\\/](base|button|dialog|drawer|input|message|overlay|focus-trap|watermark|badge|icon|config-provider|teleport)[\\/])`,
  ].join('|'),
);

/**
 * The exam page opened directly (a reload, a link): a small script in index.html, run before
 * the entry downloads, starts the exam page's own files (modulepreload, CSS preload) and
 * GET /exam-attempts/:id with the stored access token, so they arrive while Vue and Element Plus
 * download instead of after. exam/prefetch.ts takes the response if it is a 200 and asks again
 * through the client otherwise (an expired token is refreshed there: the clocks of browser and
 * server need not agree, so the script does not guess). Other paths: the script does nothing.
 * The script's plain fetch is the one request outside the typed client (web/src/api/client.ts):
 * it runs before any module, so the client is not there yet.
 */
function examPreload(): Plugin {
  const page = fileURLToPath(new URL('./src/pages/staff/exams/AttemptPage.vue', import.meta.url));
  return {
    name: 'xuefa-exam-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        const chunk = Object.values(bundle).find(
          (c) => c.type === 'chunk' && c.facadeModuleId === page,
        );
        if (!chunk || chunk.type !== 'chunk') throw new Error('exam page chunk not found');
        const js = new Set<string>();
        const css = new Set<string>();
        const visit = (file: string) => {
          const c = bundle[file];
          if (!c || c.type !== 'chunk' || js.has(file)) return;
          js.add(file);
          c.imports.forEach(visit);
          c.viteMetadata?.importedCss.forEach((f) => css.add(f));
        };
        visit(chunk.fileName);
        const base = '/app/';
        const files = [...js, ...css].filter((f) => !html.includes(`${base}${f}`));
        const script = `(function () {
  var m = /^\\/app\\/attempts\\/([0-9a-f-]{36})\\/?$/.exec(location.pathname);
  if (!m) return;
  ${JSON.stringify(files.map((f) => base + f))}.forEach(function (href) {
    var l = document.createElement('link');
    l.rel = /\\.css$/.test(href) ? 'preload' : 'modulepreload';
    if (l.rel === 'preload') l.as = 'style';
    l.crossOrigin = '';
    l.href = href;
    document.head.appendChild(l);
  });
  try {
    var s = JSON.parse(localStorage.getItem('xuefa.session') || 'null');
    if (!s || !s.accessToken) return;
    window.__xuefaAttempt = {
      id: m[1],
      response: fetch('/exam-attempts/' + m[1], {
        headers: { Authorization: 'Bearer ' + s.accessToken },
      }),
    };
    window.__xuefaAttempt.response.catch(function () {});
  } catch (e) {}
})();`;
        // before the entry's tags: a classic script after a stylesheet link waits for it
        const at = html.indexOf('<script type="module"');
        if (at < 0) throw new Error('entry script not found in index.html');
        return `${html.slice(0, at)}<script>${script}</script>\n    ${html.slice(at)}`;
      },
    },
  };
}

export default defineConfig({
  root,
  base: '/app/',
  // Element Plus styles per component: `import { ElButton } from 'element-plus'` also imports
  // element-plus/es/components/button/style/css, so each page's CSS carries only the components
  // it uses (main.ts loads just the base variables, not the whole 367 KB sheet).
  plugins: [vue(), ElementPlus({}), examPreload()],
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
