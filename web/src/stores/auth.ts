import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api, ok } from '../api/client';
import { clearSession, readSession, saveSession, SESSION_KEY } from '../api/session';
import type { StoredSession } from '../api/session';
import type { Me, RoleName } from '../api/types';

/** Default when nothing says otherwise: the backend's IDLE_TIMEOUT_MINUTES default. */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 15 * 60;

/**
 * The sign-in: tokens live in localStorage (src/api/session.ts) so tabs and reloads share them;
 * this store mirrors them for the UI, holds `GET /me`, and follows other tabs' sign-in/out.
 */
export const useAuthStore = defineStore('auth', () => {
  const session = ref<StoredSession | null>(readSession());
  const me = ref<Me | null>(null);

  const signedIn = computed(() => session.value !== null);
  const mustChangePassword = computed(
    () => me.value?.mustChangePassword ?? session.value?.mustChangePassword ?? false,
  );
  const idleTimeoutSeconds = computed(
    () =>
      me.value?.idleTimeoutSeconds ??
      session.value?.idleTimeoutSeconds ??
      DEFAULT_IDLE_TIMEOUT_SECONDS,
  );
  const displayName = computed(() => me.value?.name ?? session.value?.staff.name ?? '');
  const roles = computed(() => new Set((me.value?.roles ?? []).map((r) => r.role as string)));

  /** True when the person holds any of the roles (somewhere); no roles asked = everyone. */
  function hasAnyRole(wanted: readonly RoleName[] | undefined): boolean {
    if (!wanted || wanted.length === 0) return true;
    return wanted.some((r) => roles.value.has(r));
  }

  async function login(staffNo: string, password: string): Promise<void> {
    // exam state stays for its owner (saveSession drops another person's)
    clearSession({ keepExamState: true });
    session.value = null;
    me.value = null;
    const pair = await ok(api.POST('/auth/login', { body: { staffNo, password } }));
    session.value = saveSession(pair);
    await loadMe();
  }

  /** GET /me (also counts as activity, which is what 继续使用 relies on). */
  async function loadMe(): Promise<Me> {
    const data = await ok(api.GET('/me'));
    me.value = data;
    session.value = readSession();
    return data;
  }

  /** Loads /me once per page load when signed in; null when signed out. */
  async function ensureMe(): Promise<Me | null> {
    if (!readSession()) {
      session.value = null;
      me.value = null;
      return null;
    }
    return me.value ?? loadMe();
  }

  async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const pair = await ok(api.POST('/auth/password', { body: { currentPassword, newPassword } }));
    session.value = saveSession(pair);
    await loadMe();
  }

  /** Ends the sign-in on the server (best effort) and forgets it here. */
  async function logout(): Promise<void> {
    if (readSession()) {
      try {
        await api.POST('/auth/logout');
      } catch {
        // signed out locally either way
      }
    }
    clearSession();
    session.value = null;
    me.value = null;
  }

  /**
   * Local sign-out only (idle timeout, or the server already ended the sign-in): exam answers
   * not yet saved stay for this person's next sign-in.
   */
  function forget(): void {
    clearSession({ keepExamState: true });
    session.value = null;
    me.value = null;
  }

  /** Another tab signed in, refreshed or signed out. */
  function syncFromStorage(): void {
    const next = readSession();
    if (!next) {
      session.value = null;
      me.value = null;
    } else {
      if (session.value && next.staff.id !== session.value.staff.id) me.value = null;
      session.value = next;
    }
  }

  if (typeof window !== 'undefined') {
    window.addEventListener('storage', (e) => {
      if (e.key === SESSION_KEY || e.key === null) syncFromStorage();
    });
  }

  return {
    session,
    me,
    signedIn,
    mustChangePassword,
    idleTimeoutSeconds,
    displayName,
    roles,
    hasAnyRole,
    login,
    loadMe,
    ensureMe,
    changePassword,
    logout,
    forget,
  };
});
