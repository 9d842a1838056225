// happy-dom has no IndexedDB: the client keeps the rotated pair there (see session.ts)
import 'fake-indexeddb/auto';
import { createStore, del, set } from 'idb-keyval';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient, ok, setAuthEvents } from './client';
import { ApiError } from './errors';
import { readSession, SESSION_KEY } from './session';
import type { StoredSession } from './session';

const session = (n: number): StoredSession => ({
  accessToken: `access-${n}`,
  refreshToken: `refresh-${n}`,
  // a later pair expires later
  accessTokenExpiresAt: `2026-12-07T${String(10 + n).padStart(2, '0')}:00:00.000Z`,
  refreshTokenExpiresAt: '2026-12-07T22:00:00.000Z',
  idleTimeoutSeconds: 900,
  mustChangePassword: false,
  staff: { id: 's1', staffNo: 'XF001', name: '张三' },
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req-1' },
  });

const envelope = (status: number, code: string, message: string) =>
  json(status, { statusCode: status, code, message, requestId: 'req-1' });

/** A tiny fake API: /me wants the current access token; /auth/refresh rotates (single use). */
function fakeServer(opts: { refuseRefresh?: boolean } = {}) {
  let current = 1;
  const calls: string[] = [];
  const fetchImpl = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const path = new URL(request.url).pathname;
    calls.push(`${request.method} ${path}`);
    await new Promise((r) => setTimeout(r, 5));
    if (path === '/auth/refresh') {
      const body = (await request.json()) as { refreshToken: string };
      if (opts.refuseRefresh) {
        return envelope(
          401,
          'AUTH.REFRESH_REUSED',
          '刷新凭证被重复使用，为安全起见已注销此次登录，请重新登录',
        );
      }
      if (body.refreshToken !== `refresh-${current}`) {
        return envelope(401, 'AUTH.REFRESH_REUSED', '刷新凭证被重复使用');
      }
      current += 1;
      const { staff, ...rest } = session(current);
      return json(200, { tokenType: 'Bearer', expiresIn: 900, ...rest, staff });
    }
    if (request.headers.get('Authorization') !== `Bearer access-${current}`) {
      return envelope(401, 'AUTH.TOKEN_EXPIRED', '登录凭证已过期，请刷新凭证或重新登录');
    }
    if (path === '/me/notifications/read-all') return json(200, { updated: 0 });
    return json(200, { id: 's1', name: '张三' });
  });
  return { fetchImpl, calls, bump: () => (current += 1) };
}

describe('API client: tokens and errors', () => {
  const signedOut = vi.fn();
  const passwordChangeRequired = vi.fn();

  beforeEach(async () => {
    await del('rotated-pair', createStore('xuefa', 'session'));
    localStorage.clear();
    localStorage.setItem(SESSION_KEY, JSON.stringify(session(1)));
    signedOut.mockReset();
    setAuthEvents({ signedOut, passwordChangeRequired });
  });

  it('refreshes once for concurrent expired calls and replays each with the new token', async () => {
    const server = fakeServer();
    server.bump(); // the server moved on: access-1 is expired
    // the stored refresh token must match the server's current one for the rotation
    localStorage.setItem(SESSION_KEY, JSON.stringify({ ...session(1), refreshToken: 'refresh-2' }));
    const api = createApiClient(server.fetchImpl);
    const [a, b, c] = await Promise.all([
      ok(api.GET('/me')),
      ok(api.GET('/me')),
      ok(api.POST('/me/notifications/read-all')),
    ]);
    expect(a).toMatchObject({ name: '张三' });
    expect(b).toMatchObject({ name: '张三' });
    expect(c).toEqual({ updated: 0 });
    expect(server.calls.filter((x) => x === 'POST /auth/refresh')).toHaveLength(1);
    expect(readSession()?.accessToken).toBe('access-3');
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('uses a pair another tab already rotated instead of presenting a used refresh token', async () => {
    const server = fakeServer();
    server.bump(); // server at 2; this tab still holds access-1
    let otherTabRotated = false;
    const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await server.fetchImpl(input, init);
      if (response.status === 401 && !otherTabRotated) {
        // while this request was in flight, another tab refreshed and stored the new pair
        otherTabRotated = true;
        localStorage.setItem(SESSION_KEY, JSON.stringify(session(2)));
      }
      return response;
    };
    const api = createApiClient(fetchImpl);
    await expect(ok(api.GET('/me'))).resolves.toMatchObject({ name: '张三' });
    expect(otherTabRotated).toBe(true);
    expect(server.calls).toEqual(['GET /me', 'GET /me']);
  });

  it('uses the pair another tab rotated even while this tab still reads the old one from localStorage', async () => {
    const server = fakeServer();
    server.bump(); // server at 2; this tab's localStorage (a renderer's cached copy) still at 1
    // the other tab stored its rotated pair in IndexedDB before releasing the refresh lock
    await set('rotated-pair', session(2), createStore('xuefa', 'session'));
    const api = createApiClient(server.fetchImpl);
    await expect(ok(api.GET('/me'))).resolves.toMatchObject({ name: '张三' });
    // no refresh with the used token (it would have revoked the sign-in), the request replayed
    expect(server.calls).toEqual(['GET /me', 'GET /me']);
    expect(readSession()?.accessToken).toBe('access-2');
  });

  it('signs out with the server message when the refresh is refused', async () => {
    const server = fakeServer({ refuseRefresh: true });
    server.bump();
    const api = createApiClient(server.fetchImpl);
    const error = await ok(api.GET('/me')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'AUTH.REFRESH_REUSED', requestId: 'req-1' });
    expect(signedOut).toHaveBeenCalledTimes(1);
    expect(readSession()).toBeNull();
  });

  it('throws the error envelope as ApiError with message and request id', async () => {
    const fetchImpl = vi.fn(async () => envelope(500, 'COMMON.INTERNAL', '服务器内部错误'));
    const api = createApiClient(fetchImpl);
    const error = (await ok(api.GET('/me')).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('服务器内部错误');
    expect(error.requestId).toBe('req-1');
    expect(error.showRequestId).toBe(true);
  });

  it('maps a network failure to a Chinese message', async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    const api = createApiClient(fetchImpl);
    await expect(ok(api.GET('/me'))).rejects.toMatchObject({
      status: 0,
      message: '网络连接失败，请检查网络后重试',
    });
  });
});
