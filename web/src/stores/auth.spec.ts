import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const pair = {
  tokenType: 'Bearer',
  accessToken: 'access-1',
  accessTokenExpiresAt: '2026-12-07T10:15:00.000Z',
  expiresIn: 900,
  refreshToken: 'refresh-1',
  refreshTokenExpiresAt: '2026-12-07T22:00:00.000Z',
  idleTimeoutSeconds: 600,
  mustChangePassword: false,
  staff: { id: 's1', staffNo: 'XF002', name: '陈志远' },
};
const me = {
  id: 's1',
  staffNo: 'XF002',
  name: '陈志远',
  roles: [{ id: 'r1', role: 'secretary', unit: { id: 'u1', code: 'B', name: '示范市信访局' } }],
  mustChangePassword: false,
  idleTimeoutSeconds: 600,
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

describe('auth store', () => {
  const calls: string[] = [];

  beforeEach(() => {
    localStorage.clear();
    calls.length = 0;
    // the app's client captures fetch when its module loads: stub first, import after
    vi.resetModules();
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: Request) => {
        const path = new URL(input.url).pathname;
        calls.push(`${input.method} ${path} ${input.headers.get('Authorization') ?? '-'}`);
        if (path === '/auth/login') {
          const body = (await input.json()) as { password: string };
          return body.password === 'right'
            ? json(200, pair)
            : json(401, {
                statusCode: 401,
                code: 'AUTH.INVALID_CREDENTIALS',
                message: '工号或密码错误',
                requestId: 'r-1',
              });
        }
        if (path === '/me') return json(200, me);
        return new Response(null, { status: 204 });
      }),
    );
    setActivePinia(createPinia());
  });

  it('signs in, keeps the pair in localStorage, loads /me and answers role questions', async () => {
    const { useAuthStore } = await import('./auth');
    const auth = useAuthStore();
    await auth.login('XF002', 'right');
    expect(calls).toEqual(['POST /auth/login -', 'GET /me Bearer access-1']);
    expect(JSON.parse(localStorage.getItem('xuefa.session') ?? '{}')).toMatchObject({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
    });
    expect(auth.displayName).toBe('陈志远');
    expect(auth.idleTimeoutSeconds).toBe(600);
    expect(auth.hasAnyRole(['secretary', 'admin'])).toBe(true);
    expect(auth.hasAnyRole(['admin'])).toBe(false);
    expect(auth.hasAnyRole(undefined)).toBe(true);
  });

  it('throws the server message on a wrong password and stays signed out', async () => {
    const { useAuthStore } = await import('./auth');
    const auth = useAuthStore();
    await expect(auth.login('XF002', 'wrong')).rejects.toMatchObject({
      code: 'AUTH.INVALID_CREDENTIALS',
      message: '工号或密码错误',
    });
    expect(auth.signedIn).toBe(false);
    expect(localStorage.getItem('xuefa.session')).toBeNull();
  });

  it('follows a sign-out in another tab', async () => {
    const { useAuthStore } = await import('./auth');
    const auth = useAuthStore();
    await auth.login('XF002', 'right');
    localStorage.removeItem('xuefa.session');
    window.dispatchEvent(new StorageEvent('storage', { key: 'xuefa.session', newValue: null }));
    expect(auth.signedIn).toBe(false);
    expect(auth.me).toBeNull();
  });

  it('logs out on the server and forgets every per-user key', async () => {
    const { useAuthStore } = await import('./auth');
    const auth = useAuthStore();
    await auth.login('XF002', 'right');
    localStorage.setItem('xuefa.exam-queue.a1', '[]');
    localStorage.setItem('other-app', 'kept');
    await auth.logout();
    expect(calls.at(-1)).toBe('POST /auth/logout Bearer access-1');
    expect(Object.keys(localStorage).sort()).toEqual(['other-app']);
  });
});
