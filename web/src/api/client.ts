import createClient from 'openapi-fetch';
import { ref } from 'vue';
import type { Middleware } from 'openapi-fetch';
import {
  ApiError,
  NETWORK_ERROR_MESSAGE,
  REFRESHABLE_CODES,
  SIGNED_OUT_CODES,
  toApiError,
} from './errors';
import type { paths } from './schema';
import { clearSession, readSession, refreshSession } from './session';

/** What the app does when the sign-in ends or a password change is due (set by the router). */
export interface AuthEvents {
  /** The sign-in is gone (idle, revoked, refresh refused…): tokens are already cleared. */
  signedOut(error: ApiError): void;
  /** 403 AUTH.PASSWORD_CHANGE_REQUIRED. */
  passwordChangeRequired(error: ApiError): void;
}

let events: AuthEvents = { signedOut: () => undefined, passwordChangeRequired: () => undefined };

export function setAuthEvents(handlers: AuthEvents): void {
  events = handlers;
}

/**
 * When this tab last sent an authenticated request: the server counts each as activity, so the
 * idle sign-out is due `idleTimeoutSeconds` after it (composables/idle.ts).
 */
export const lastRequestAt = ref(Date.now());
/** The same moment shared with the other tabs of this browser (they share the sign-in). */
const ACTIVITY_KEY = 'xuefa.last-request';

function markActivity(): void {
  lastRequestAt.value = Date.now();
  try {
    localStorage.setItem(ACTIVITY_KEY, String(lastRequestAt.value));
  } catch {
    // storage full or disabled: this tab's own clock still works
  }
}

/** Catches up with requests other tabs sent (called by the idle timer). */
export function syncActivity(): number {
  const shared = Number(localStorage.getItem(ACTIVITY_KEY)) || 0;
  if (shared > lastRequestAt.value) lastRequestAt.value = shared;
  return lastRequestAt.value;
}

/** Copies of request bodies for replay after a refresh (a sent body cannot be read again). */
const replays = new WeakMap<Request, Request>();
let counter = 0;

function requestId(): string {
  counter = (counter + 1) % 1_000_000;
  return `web-${Date.now().toString(36)}-${counter.toString(36)}`;
}

/**
 * Order: request id + Bearer header (onRequest), then 401 handling and error mapping
 * (onResponse): a refreshable 401 rotates the tokens once and replays the request; any other
 * error response is thrown as an ApiError carrying the server's message and request id.
 */
export const authMiddleware: Middleware = {
  onRequest({ request }) {
    if (!request.headers.has('X-Request-Id')) request.headers.set('X-Request-Id', requestId());
    const session = readSession();
    if (session && !request.headers.has('Authorization')) {
      request.headers.set('Authorization', `Bearer ${session.accessToken}`);
      markActivity();
    }
    replays.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response, options }) {
    let res = response;
    if (res.status === 401) {
      const error = await toApiError(res);
      if (REFRESHABLE_CODES.has(error.code)) {
        const sent = request.headers.get('Authorization')?.replace(/^Bearer /, '') ?? null;
        let fresh;
        try {
          fresh = await refreshSession(sent, options.fetch);
        } catch (e) {
          throw signOutOn(e);
        }
        const retry = replays.get(request) ?? request;
        retry.headers.set('Authorization', `Bearer ${fresh.accessToken}`);
        res = await options.fetch(retry);
      }
    }
    if (res.ok) return res;
    throw signOutOn(await toApiError(res));
  },
  onError({ error }) {
    if (error instanceof ApiError) return error;
    return new ApiError({ status: 0, code: 'NETWORK', message: NETWORK_ERROR_MESSAGE });
  },
};

function signOutOn(e: unknown): unknown {
  if (!(e instanceof ApiError)) return e;
  if (e.status === 401 && SIGNED_OUT_CODES.has(e.code)) {
    clearSession({ keepExamState: true });
    events.signedOut(e);
  } else if (e.status === 403 && e.code === 'AUTH.ACCOUNT_DISABLED') {
    clearSession({ keepExamState: true });
    events.signedOut(e);
  } else if (e.status === 403 && e.code === 'AUTH.PASSWORD_CHANGE_REQUIRED') {
    events.passwordChangeRequired(e);
  }
  return e;
}

/** Creates a typed client for the API's paths (same origin). Tests pass their own fetch. */
export function createApiClient(fetchImpl?: typeof fetch) {
  const client = createClient<paths>({
    baseUrl: location.origin,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
  client.use(authMiddleware);
  return client;
}

/** The app's client: `await ok(api.GET('/me'))`. Error responses throw ApiError. */
export const api = createApiClient();

/** The data of a successful call (errors already threw in the middleware). */
export async function ok<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data } = await call;
  return data as T;
}
