import { ref } from 'vue';
import { api, ok } from '../api/client';

/** At most one badge refresh per this interval. */
export const UNREAD_REFRESH_MS = 60_000;
/** Refresh only if the person used the page within this time (no background polling). */
export const UNREAD_ACTIVE_MS = 5 * 60_000;

/** Unread notifications for the staff shell's badge; null until first read. */
export const unreadCount = ref<number | null>(null);

let lastInputAt = Date.now();
let lastFetchAt = 0;
let inFlight: Promise<void> | null = null;

/** Records user input (the shell listens for pointer, keys and touch). */
export function noteInput(): void {
  lastInputAt = Date.now();
}

/**
 * Re-reads the unread count on navigation and when the tab becomes visible again: at most once a
 * minute and only after recent input, so an open, unattended tab makes no requests and the idle
 * sign-out still happens (web.md §4.2). `force` (after marking read) skips both limits.
 */
export function refreshUnread(force = false): Promise<void> {
  const now = Date.now();
  if (!force) {
    if (now - lastFetchAt < UNREAD_REFRESH_MS) return Promise.resolve();
    if (now - lastInputAt > UNREAD_ACTIVE_MS) return Promise.resolve();
  }
  if (inFlight) return inFlight;
  lastFetchAt = now;
  inFlight = ok(api.GET('/me/notifications', { params: { query: { unread: true, pageSize: 1 } } }))
    .then((page) => {
      unreadCount.value = page.unreadCount;
    })
    .catch(() => undefined)
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** Sets the count from a page that already read it (the notifications page). */
export function setUnread(count: number): void {
  unreadCount.value = count;
}
