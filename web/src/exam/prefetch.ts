import { api } from '../api/client';

/**
 * The exam page's attempt, asked for as soon as possible so the request runs while the page's
 * code downloads instead of after it (round trips before the first question on a slow phone
 * network): when the page is opened directly, index.html's script (vite.config.mts,
 * examPreload) already sent it with the stored access token; otherwise the router sends it on
 * entering the route (routes.ts), in parallel with the page chunk. The page takes it once;
 * anything else fetches anew.
 */
type AttemptRequest = ReturnType<typeof fetchAttempt>;
type AttemptResult = Awaited<AttemptRequest>;

declare global {
  interface Window {
    /** Set by index.html's script on /app/attempts/:id. */
    __xuefaAttempt?: { id: string; response: Promise<Response> };
  }
}

function fetchAttempt(id: string) {
  return api.GET('/exam-attempts/{id}', { params: { path: { id } } });
}

/** index.html's response when it is a 200; anything else asks through the client (refresh…). */
async function fromPage(early: Promise<Response>, id: string): Promise<AttemptResult> {
  try {
    const response = await early;
    if (response.ok) {
      const data = (await response.json()) as NonNullable<AttemptResult['data']>;
      return { data, response };
    }
  } catch {
    // network trouble: the client's request below reports it
  }
  return fetchAttempt(id);
}

let pending: { id: string; request: AttemptRequest } | null = null;

export function prefetchAttempt(id: string): void {
  const early = window.__xuefaAttempt;
  delete window.__xuefaAttempt;
  const request = early?.id === id ? fromPage(early.response, id) : fetchAttempt(id);
  // a network failure surfaces when the page takes the request, not as an unhandled rejection
  request.catch(() => undefined);
  pending = { id, request };
}

/** The prefetched request for this attempt if there is one (used once), else a new request. */
export function takeAttempt(id: string): AttemptRequest {
  const mine = pending?.id === id ? pending.request : null;
  pending = null;
  return mine ?? fetchAttempt(id);
}
