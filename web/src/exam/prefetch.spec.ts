import { beforeEach, describe, expect, it, vi } from 'vitest';

const GET = vi.fn();
vi.mock('../api/client', () => ({
  api: { GET: (...args: unknown[]) => GET(...args) as unknown },
}));

const ID = '0b6f1a52-4c1e-4d7a-9d61-2f7f0f6b8c11';
const OTHER = '5d1b0c9e-8a3f-4e27-b1c4-6a2e9f0d7b33';
const fromClient = { data: { id: ID, source: 'client' }, response: new Response() };

describe('the exam page attempt prefetch', () => {
  beforeEach(() => {
    vi.resetModules();
    GET.mockReset();
    GET.mockResolvedValue(fromClient);
    delete window.__xuefaAttempt;
  });

  it("uses index.html's 200 once, without a second request", async () => {
    const m = await import('./prefetch');
    window.__xuefaAttempt = {
      id: ID,
      response: Promise.resolve(Response.json({ id: ID, source: 'page' })),
    };
    m.prefetchAttempt(ID);
    expect(window.__xuefaAttempt).toBeUndefined();
    await expect(m.takeAttempt(ID)).resolves.toMatchObject({ data: { source: 'page' } });
    expect(GET).not.toHaveBeenCalled();
    // taken once: the next load asks the server again
    await expect(m.takeAttempt(ID)).resolves.toBe(fromClient);
    expect(GET).toHaveBeenCalledWith('/exam-attempts/{id}', { params: { path: { id: ID } } });
  });

  it('asks through the client when the early answer is not a 200 or failed', async () => {
    const m = await import('./prefetch');
    window.__xuefaAttempt = {
      id: ID,
      response: Promise.resolve(Response.json({ code: 'AUTH.TOKEN_EXPIRED' }, { status: 401 })),
    };
    m.prefetchAttempt(ID);
    await expect(m.takeAttempt(ID)).resolves.toBe(fromClient);
    expect(GET).toHaveBeenCalledTimes(1);

    window.__xuefaAttempt = { id: ID, response: Promise.reject(new TypeError('offline')) };
    m.prefetchAttempt(ID);
    await expect(m.takeAttempt(ID)).resolves.toBe(fromClient);
    expect(GET).toHaveBeenCalledTimes(2);
  });

  it('ignores an early request or a prefetch for another attempt', async () => {
    const m = await import('./prefetch');
    window.__xuefaAttempt = { id: OTHER, response: Promise.resolve(Response.json({})) };
    m.prefetchAttempt(ID);
    expect(GET).toHaveBeenCalledTimes(1);
    await m.takeAttempt(OTHER);
    expect(GET).toHaveBeenCalledTimes(2);
    expect(GET).toHaveBeenLastCalledWith('/exam-attempts/{id}', {
      params: { path: { id: OTHER } },
    });
  });
});
