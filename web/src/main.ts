// Element Plus's variables and reset only; each component's CSS comes with its import
// (unplugin-element-plus in vite.config.mts). theme.css overrides the variables, so it follows.
import 'element-plus/theme-chalk/base.css';
import './styles/theme.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { ApiError } from './api/errors';
import { showError } from './composables/errors';
import { createAppRouter } from './router';
import { isChunkLoadError } from './router/chunk-reload';

const app = createApp(App);
app.use(createPinia());
const router = createAppRouter();
app.use(router);
app.config.errorHandler = (error) => showError(error);
// A lazy route chunk gone after a deploy: the router reloads once into the page asked for
// (router/index.ts). Its rejection also surfaces here, earlier than the router's onError, so
// chunk errors are left to the router (a page importing a chunk itself handles its failure).
window.addEventListener('unhandledrejection', (event) => {
  if (isChunkLoadError(event.reason)) {
    event.preventDefault();
  } else if (event.reason instanceof ApiError) {
    event.preventDefault();
    showError(event.reason);
  }
});
app.mount('#app');
