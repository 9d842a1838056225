import 'vue-router';
import type { RoleName } from '../api/types';

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title; the document title becomes "{title} - 学法考法平台". */
    title?: string;
    /** Reachable without signing in (login, public pages). */
    public?: boolean;
    /** Any one of these roles is needed (checked on the client; the API checks again). */
    roles?: RoleName[];
    /** No idle-logout warning on this page (the exam page: its heartbeats keep the sign-in). */
    noIdleWarning?: boolean;
    /**
     * When the sign-in ends on this page, stay and let the page offer a sign-in dialog
     * (`signInNeeded` in composables/notice.ts) instead of going to /login: the exam page.
     */
    signInInPlace?: boolean;
    /** Reachable while a password change is due (the password page itself). */
    allowPendingPassword?: boolean;
  }
}

export {};
