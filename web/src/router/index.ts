import { nextTick } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import type { Router } from 'vue-router';
import { setAuthEvents } from '../api/client';
import { showError } from '../composables/errors';
import { setSignInNotice, signInNeeded } from '../composables/notice';
import { useAuthStore } from '../stores/auth';
import { clearReloadMarker, isChunkLoadError, reloadOnce } from './chunk-reload';
import './meta';
import { routes } from './routes';

export const APP_TITLE = '学法考法平台';

/** Only same-app paths are followed after sign-in (no open redirect). */
export function safeRedirect(value: unknown): string {
  const v: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') ? v : '/';
}

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory('/app/'),
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  });

  router.beforeEach(async (to) => {
    const auth = useAuthStore();
    if (to.meta.public) return true;
    // A page that signs in again in place (the exam page) opens from the stored sign-in without
    // waiting for GET /me: its own requests meet a lapsed sign-in, and /me follows in parallel.
    if (to.meta.signInInPlace && auth.session && !auth.mustChangePassword) {
      auth.ensureMe().catch(() => undefined);
      return true;
    }
    let me;
    try {
      me = await auth.ensureMe();
    } catch {
      // a signed-out answer already cleared the sign-in (the auth events below navigate)
      me = null;
    }
    if (!me) {
      return { name: 'login', query: { redirect: to.fullPath } };
    }
    if (auth.mustChangePassword && !to.meta.allowPendingPassword) {
      return { name: 'password', query: { redirect: to.fullPath } };
    }
    // Missing roles: the page is not loaded; App.vue shows 无权访问 at this URL.
    return true;
  });

  router.afterEach((to, from, failure) => {
    if (failure) return;
    clearReloadMarker();
    document.title = to.meta.title ? `${to.meta.title} - ${APP_TITLE}` : APP_TITLE;
    // after an in-app navigation, move focus to the new page's heading (screen readers, keyboard)
    if (from.matched.length) {
      void nextTick(() => document.querySelector<HTMLElement>('main h1, h1')?.focus());
    }
  });

  router.onError((error, to) => {
    if (isChunkLoadError(error)) {
      if (reloadOnce(router.resolve(to).href)) return;
      showError(new Error('页面加载失败，请检查网络后刷新页面'));
      return;
    }
    showError(error);
  });

  setAuthEvents({
    signedOut(error) {
      const auth = useAuthStore();
      auth.forget();
      const current = router.currentRoute.value;
      // The exam page keeps its state and offers to sign in again in place.
      if (current.meta.signInInPlace) {
        signInNeeded.value = error;
        return;
      }
      setSignInNotice(error.message);
      if (current.name !== 'login') {
        void router.replace({ name: 'login', query: { redirect: current.fullPath } });
      }
    },
    passwordChangeRequired() {
      const current = router.currentRoute.value;
      if (current.name !== 'password') {
        void router.replace({ name: 'password', query: { redirect: current.fullPath } });
      }
    },
  });

  return router;
}
