import 'element-plus/dist/index.css';
import './styles/theme.css';
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { ApiError } from './api/errors';
import { showError } from './composables/errors';
import { createAppRouter } from './router';
import { reloadOnce } from './router/chunk-reload';

// A lazy chunk (or its CSS) is gone after a deploy: reload once for the new index.html.
window.addEventListener('vite:preloadError', (event) => {
  if (reloadOnce()) event.preventDefault();
});

const app = createApp(App);
app.use(createPinia());
const router = createAppRouter();
app.use(router);
app.config.errorHandler = (error) => showError(error);
window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof ApiError) {
    event.preventDefault();
    showError(event.reason);
  }
});
app.mount('#app');
