import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { visiblePoller } from './visible-poller';

describe('the export progress poller', () => {
  let state: 'visible' | 'hidden' = 'visible';
  const show = (s: 'visible' | 'hidden') => {
    state = s;
    document.dispatchEvent(new Event('visibilitychange'));
  };

  beforeEach(() => {
    vi.useFakeTimers();
    state = 'visible';
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => state,
    });
  });
  afterEach(() => vi.useRealTimers());

  it('asks every 2 s while visible, nothing while hidden, and carries on when visible again', async () => {
    const tick = vi.fn(async () => true);
    const poller = visiblePoller(tick, 2000);
    poller.wake();
    await vi.advanceTimersByTimeAsync(1999);
    expect(tick).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(tick).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(4000);
    expect(tick).toHaveBeenCalledTimes(3);
    show('hidden');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(tick).toHaveBeenCalledTimes(3);
    // waking a hidden page does not start it either
    poller.wake();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tick).toHaveBeenCalledTimes(3);
    show('visible');
    await vi.advanceTimersByTimeAsync(2000);
    expect(tick).toHaveBeenCalledTimes(4);
    poller.dispose();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tick).toHaveBeenCalledTimes(4);
  });

  it('stops when nothing is left to follow, until woken', async () => {
    let left = 2;
    const tick = vi.fn(async () => --left > 0);
    const poller = visiblePoller(tick, 2000);
    poller.wake();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(tick).toHaveBeenCalledTimes(2);
    left = 1;
    poller.wake();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(tick).toHaveBeenCalledTimes(3);
    poller.dispose();
  });

  it('keeps going after a failed round', async () => {
    const tick = vi.fn().mockRejectedValueOnce(new Error('网络错误')).mockResolvedValue(false);
    const poller = visiblePoller(tick, 2000);
    poller.wake();
    await vi.advanceTimersByTimeAsync(4000);
    expect(tick).toHaveBeenCalledTimes(2);
    poller.dispose();
  });
});
