import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const GET = vi.fn();
vi.mock('../api/client', () => ({
  api: { GET: (...args: unknown[]) => GET(...args) as unknown },
  ok: async (call: Promise<{ data: unknown }>) => (await call).data,
}));

describe('the unread badge refresh', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-07T08:00:00Z') });
    vi.resetModules();
    GET.mockReset();
    GET.mockResolvedValue({ data: { unreadCount: 3 } });
  });
  afterEach(() => vi.useRealTimers());

  it('reads at most once a minute, and only after recent input', async () => {
    const m = await import('./unread');
    await m.refreshUnread();
    expect(GET).toHaveBeenCalledTimes(1);
    expect(m.unreadCount.value).toBe(3);
    // a navigation 30 s later: still within the minute
    vi.advanceTimersByTime(30_000);
    await m.refreshUnread();
    expect(GET).toHaveBeenCalledTimes(1);
    // a minute later, but nobody touched the page for 5 minutes: no request (idle sign-out holds)
    vi.advanceTimersByTime(5 * 60_000);
    await m.refreshUnread();
    expect(GET).toHaveBeenCalledTimes(1);
    // input, then the tab becomes visible: one request
    m.noteInput();
    await m.refreshUnread();
    await m.refreshUnread();
    expect(GET).toHaveBeenCalledTimes(2);
    expect(GET).toHaveBeenLastCalledWith('/me/notifications', {
      params: { query: { unread: true, pageSize: 1 } },
    });
  });

  it('force skips the limits (after marking read), and failures keep the old count', async () => {
    const m = await import('./unread');
    await m.refreshUnread();
    GET.mockRejectedValueOnce(new Error('offline'));
    await m.refreshUnread(true);
    expect(m.unreadCount.value).toBe(3);
    GET.mockResolvedValueOnce({ data: { unreadCount: 0 } });
    await m.refreshUnread(true);
    expect(GET).toHaveBeenCalledTimes(3);
    expect(m.unreadCount.value).toBe(0);
  });
});
