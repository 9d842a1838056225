import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HeartbeatResult } from './reading-credit';
import { ReadingCredit } from './reading-credit';

function setup(answers: Partial<HeartbeatResult>[] = []) {
  let visible = true;
  const sent: { at: number; article: number }[] = [];
  const results: HeartbeatResult[] = [];
  const start = Date.now();
  const credit = new ReadingCredit({
    send: (article) => {
      sent.push({ at: (Date.now() - start) / 1000, article });
      const i = sent.length - 1;
      return Promise.resolve({
        creditedMinutes: i,
        capMinutes: 120,
        capReached: false,
        nextHeartbeatSeconds: 30,
        ...answers[i],
      });
    },
    onResult: (r) => results.push(r),
    isVisible: () => visible,
  });
  return {
    credit,
    sent,
    results,
    setVisible(v: boolean) {
      visible = v;
      credit.visibilityChanged();
    },
    at: (seconds: number) => vi.advanceTimersByTimeAsync(seconds * 1000),
  };
}

describe('reading credit heartbeats', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends one heartbeat per interval for the article in view, the first after one interval', async () => {
    const s = setup();
    s.credit.setArticle(3);
    await s.at(29);
    expect(s.sent).toEqual([]);
    await s.at(1);
    s.credit.noteInput();
    await s.at(30);
    s.credit.setArticle(4);
    await s.at(30);
    expect(s.sent).toEqual([
      { at: 30, article: 3 },
      { at: 60, article: 3 },
      { at: 90, article: 4 },
    ]);
    expect(s.results.map((r) => r.creditedMinutes)).toEqual([0, 1, 2]);
  });

  it('waits the interval the server asks for', async () => {
    const s = setup([{ nextHeartbeatSeconds: 45 }, { nextHeartbeatSeconds: 10 }]);
    s.credit.setArticle(1);
    await s.at(30);
    await s.at(44);
    expect(s.sent).toHaveLength(1);
    await s.at(1);
    expect(s.sent).toHaveLength(2);
    await s.at(10);
    expect(s.sent.map((b) => b.at)).toEqual([30, 75, 85]);
  });

  it('sends nothing while hidden and starts a new interval when visible again', async () => {
    const s = setup();
    s.credit.setArticle(1);
    await s.at(30);
    s.setVisible(false);
    await s.at(100);
    expect(s.sent).toHaveLength(1);
    s.credit.noteInput();
    expect(s.sent).toHaveLength(1);
    s.setVisible(true);
    await s.at(29);
    expect(s.sent).toHaveLength(1);
    await s.at(1);
    expect(s.sent.map((b) => b.at)).toEqual([30, 160]);
  });

  it('stops two minutes after the last input and resumes with the next one', async () => {
    const s = setup();
    s.credit.setArticle(1);
    await s.at(300);
    // beats at 30, 60, 90; at 120 the last input is two minutes old
    expect(s.sent.map((b) => b.at)).toEqual([30, 60, 90]);
    s.credit.noteInput();
    await s.at(30);
    expect(s.sent.map((b) => b.at)).toEqual([30, 60, 90, 330]);
  });

  it('stops for good once the cap is reached', async () => {
    const s = setup([{}, { capReached: true, creditedMinutes: 120 }]);
    s.credit.setArticle(1);
    await s.at(60);
    expect(s.credit.capReached).toBe(true);
    s.credit.noteInput();
    s.setVisible(true);
    await s.at(300);
    expect(s.sent).toHaveLength(2);
  });

  it('sends nothing without an article in view, or after stop()', async () => {
    const s = setup();
    await s.at(100);
    expect(s.sent).toEqual([]);
    s.credit.setArticle(2);
    s.credit.stop();
    await s.at(100);
    expect(s.sent).toEqual([]);
  });
});
