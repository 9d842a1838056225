import { createStore, del, get, set } from 'idb-keyval';
import type { components } from './schema';
import { ApiError, NETWORK_ERROR_MESSAGE, toApiError } from './errors';

export type TokenPair = components['schemas']['TokenPairResponseDto'];

/** What the browser keeps of a sign-in (localStorage: a reload resumes an exam, tabs share it). */
export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  refreshTokenExpiresAt: string;
  idleTimeoutSeconds: number;
  mustChangePassword: boolean;
  staff: { id: string; staffNo: string; name: string };
}

export const SESSION_KEY = 'xuefa.session';
const LOCK_NAME = 'xuefa-refresh';
const LOCK_KEY = 'xuefa.refresh-lock';
/** Keys starting with this prefix are per-user data, cleared on sign-out. */
export const USER_STORAGE_PREFIX = 'xuefa.';

export function readSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(SESSION_KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export function saveSession(pair: TokenPair): StoredSession {
  const session: StoredSession = {
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    accessTokenExpiresAt: pair.accessTokenExpiresAt,
    refreshTokenExpiresAt: pair.refreshTokenExpiresAt,
    idleTimeoutSeconds: pair.idleTimeoutSeconds,
    mustChangePassword: pair.mustChangePassword,
    staff: pair.staff,
  };
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  if (localStorage.getItem(EXAM_OWNER_KEY) !== session.staff.id) {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(EXAM_PREFIX)) localStorage.removeItem(key);
    }
    localStorage.setItem(EXAM_OWNER_KEY, session.staff.id);
  }
  return session;
}

/**
 * The pair the last refresh stored, also kept in IndexedDB. localStorage is cached per renderer
 * process and another tab's write reaches it a moment later, so a tab granted the refresh lock
 * right after another tab released it may still read the old pair and present a used refresh
 * token. An IndexedDB read inside the lock sees every transaction committed before it.
 */
const ROTATED_KEY = 'rotated-pair';
let rotatedStore: ReturnType<typeof createStore> | null | undefined;

function rotatedPairStore(): ReturnType<typeof createStore> | null {
  if (rotatedStore === undefined) {
    try {
      rotatedStore = typeof indexedDB === 'undefined' ? null : createStore('xuefa', 'session');
    } catch {
      rotatedStore = null;
    }
  }
  return rotatedStore;
}

async function readRotatedPair(): Promise<StoredSession | null> {
  const store = rotatedPairStore();
  if (!store) return null;
  try {
    return (await get<StoredSession>(ROTATED_KEY, store)) ?? null;
  } catch {
    return null;
  }
}

async function writeRotatedPair(session: StoredSession | null): Promise<void> {
  const store = rotatedPairStore();
  if (!store) return;
  try {
    await (session ? set(ROTATED_KEY, session, store) : del(ROTATED_KEY, store));
  } catch {
    // private browsing without IndexedDB: localStorage alone (the rare race remains)
  }
}

/** The newer of two pairs of the same person (a later access token expiry is a later pair). */
function newerPair(local: StoredSession, rotated: StoredSession | null): StoredSession {
  if (!rotated || rotated.staff.id !== local.staff.id) return local;
  return rotated.accessTokenExpiresAt > local.accessTokenExpiresAt ? rotated : local;
}

/** Per-attempt exam state (offline answers, flags…: exam/storage.ts) and whose it is. */
const EXAM_PREFIX = 'xuefa.exam.';
const EXAM_OWNER_KEY = 'xuefa.exam-owner';

/**
 * Forgets the sign-in and every per-user key (exam queues, flags…) in this browser. A sign-out
 * the person did not choose (idle, refused token, disabled) keeps the exam state with its owner,
 * so answers not yet on the server survive until that person signs in again (`saveSession`
 * drops them when someone else does); signing out drops everything.
 */
export function clearSession(options: { keepExamState?: boolean } = {}): void {
  void writeRotatedPair(null);
  for (const key of Object.keys(localStorage)) {
    if (!key.startsWith(USER_STORAGE_PREFIX)) continue;
    if (options.keepExamState && (key.startsWith(EXAM_PREFIX) || key === EXAM_OWNER_KEY)) continue;
    localStorage.removeItem(key);
  }
  for (const key of Object.keys(sessionStorage)) {
    if (key.startsWith(USER_STORAGE_PREFIX) && key !== RELOAD_MARKER)
      sessionStorage.removeItem(key);
  }
}

/** sessionStorage marker of the one reload after a missing lazy chunk (see main.ts). */
export const RELOAD_MARKER = 'xuefa.chunk-reload';

let inflight: Promise<StoredSession> | null = null;

/**
 * Rotates the refresh token once for everyone: within the tab one promise is shared, across tabs
 * a lock (Web Locks, or a localStorage mutex on plain-HTTP intranets) serialises the calls and the
 * storage (localStorage and the rotated pair in IndexedDB) is re-read inside it, so a tab that
 * finds the pair already rotated uses it instead of presenting a used refresh token (which would
 * revoke the sign-in: AUTH.REFRESH_REUSED).
 *
 * `staleAccessToken` is the token the failed request carried. Rejects with the server's ApiError
 * (the caller signs out) or a network ApiError (status 0; the sign-in is kept).
 */
export function refreshSession(
  staleAccessToken: string | null,
  fetchImpl: typeof fetch = (...a) => fetch(...a),
): Promise<StoredSession> {
  inflight ??= withRefreshLock(async () => {
    const local = readSession();
    if (!local) {
      throw new ApiError({ status: 401, code: 'AUTH.TOKEN_MISSING', message: '请先登录' });
    }
    const current = newerPair(local, await readRotatedPair());
    if (current !== local) localStorage.setItem(SESSION_KEY, JSON.stringify(current));
    if (staleAccessToken !== null && current.accessToken !== staleAccessToken) return current;
    let response: Response;
    try {
      // Plain fetch on purpose, not the typed client: its middleware answers a 401 by calling
      // this function again (a refused refresh would recurse) and adds the stale Bearer token.
      response = await fetchImpl(new URL('/auth/refresh', location.origin).toString(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
    } catch {
      throw new ApiError({ status: 0, code: 'NETWORK', message: NETWORK_ERROR_MESSAGE });
    }
    if (!response.ok) throw await toApiError(response);
    const fresh = saveSession((await response.json()) as TokenPair);
    await writeRotatedPair(fresh);
    return fresh;
  }).finally(() => {
    inflight = null;
  });
  return inflight;
}

async function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (locks && typeof locks.request === 'function') {
    return locks.request(LOCK_NAME, fn);
  }
  return withStorageLock(fn);
}

/** Fallback mutex without Web Locks (needs a secure context): a lease in localStorage. */
async function withStorageLock<T>(fn: () => Promise<T>): Promise<T> {
  const me = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const leaseMs = 10_000;
  for (let waited = 0; waited < leaseMs * 2; waited += 50) {
    const held = JSON.parse(localStorage.getItem(LOCK_KEY) ?? 'null') as {
      owner: string;
      until: number;
    } | null;
    if (!held || held.until < Date.now()) {
      localStorage.setItem(LOCK_KEY, JSON.stringify({ owner: me, until: Date.now() + leaseMs }));
      await new Promise((r) => setTimeout(r, 20));
      const now = JSON.parse(localStorage.getItem(LOCK_KEY) ?? 'null') as { owner: string } | null;
      if (now?.owner === me) {
        try {
          return await fn();
        } finally {
          localStorage.removeItem(LOCK_KEY);
        }
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return fn();
}
