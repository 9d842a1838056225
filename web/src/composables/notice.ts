import { ref } from 'vue';
import type { ApiError } from '../api/errors';

/** The message the login page shows after a sign-out it did not ask for (idle, revoked…). */
const signInNotice = ref<string | null>(null);

export function setSignInNotice(message: string | null): void {
  signInNotice.value = message;
}

/** Reads and clears the notice (shown once). */
export function takeSignInNotice(): string | null {
  const m = signInNotice.value;
  signInNotice.value = null;
  return m;
}

/**
 * Set when the sign-in ended on a page with `meta.signInInPlace` (the exam): the page shows a
 * sign-in dialog over itself and clears this after signing in again.
 */
export const signInNeeded = ref<ApiError | null>(null);
