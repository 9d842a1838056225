import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { cellLabel, cellWords, groupByType, isAnswered, splitBlanks } from './card';
import { classifyExamError } from './classify';
import { EventQueue } from './event-queue';
import { formatAnswer, reviewState } from './review';
import type { PendingSave, SaveAck, Scheduler } from './save-queue';
import { SaveQueue, backoffMs } from './save-queue';
import { announcementFor, formatRemaining, ServerCountdown, timerLevel } from './timer';

class MemoryStore {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

class ManualScheduler implements Scheduler {
  jobs: { fn: () => void; ms: number }[] = [];
  set(fn: () => void, ms: number) {
    const job = { fn, ms };
    this.jobs.push(job);
    return job;
  }
  clear(h: unknown) {
    this.jobs = this.jobs.filter((j) => j !== h);
  }
  runAll() {
    const jobs = this.jobs;
    this.jobs = [];
    for (const j of jobs) j.fn();
  }
}

interface Call {
  save: PendingSave;
  resolve(ack: SaveAck): void;
  reject(e: unknown): void;
}

function harness(store = new MemoryStore()) {
  const calls: Call[] = [];
  const scheduler = new ManualScheduler();
  const events: string[] = [];
  const queue = new SaveQueue({
    attemptId: 'a1',
    store,
    scheduler,
    send: (save) =>
      new Promise<SaveAck>((resolve, reject) => calls.push({ save, resolve, reject })),
    classify: classifyExamError,
    onClosed: () => events.push('closed'),
    onPaused: () => events.push('paused'),
  });
  return { queue, calls, scheduler, store, events };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const ack = (seq: number, applied = true): SaveAck => ({
  applied,
  seq,
  savedAt: '2026-12-07T08:00:00.000Z',
});
const network = () => new ApiError({ status: 0, code: 'NETWORK', message: '网络连接失败' });

describe('SaveQueue', () => {
  it('numbers changes after the server seq and keeps one request in flight per position', async () => {
    const h = harness();
    h.queue.load([{ position: 1, seq: 4 }]);
    h.queue.change(1, ['A']);
    h.queue.change(1, ['B']);
    h.queue.change(1, ['C']);
    expect(h.calls.map((c) => c.save.seq)).toEqual([5]);
    h.calls[0].resolve(ack(5));
    await tick();
    // only the latest change follows, never a lower seq after a higher one
    expect(h.calls.map((c) => [c.save.seq, c.save.response[0]])).toEqual([
      [5, 'A'],
      [7, 'C'],
    ]);
    expect(h.queue.status(1)?.state).toBe('saving');
    h.calls[1].resolve(ack(7));
    await tick();
    expect(h.queue.status(1)).toEqual({ state: 'saved', savedAt: '2026-12-07T08:00:00.000Z' });
    expect(h.queue.hasUnsynced).toBe(false);
  });

  it('treats applied:false as success', async () => {
    const h = harness();
    h.queue.load([]);
    h.queue.change(2, ['A']);
    h.calls[0].resolve(ack(3, false));
    await tick();
    expect(h.queue.hasUnsynced).toBe(false);
    // the next change goes above what the server holds
    h.queue.change(2, ['B']);
    expect(h.calls[1].save.seq).toBe(4);
  });

  it('keeps failed saves in storage, retries with backoff, and sends them after a reload', async () => {
    const h = harness();
    h.queue.load([]);
    h.queue.change(1, ['A']);
    h.calls[0].reject(network());
    await tick();
    expect(h.queue.status(1)?.state).toBe('retrying');
    expect(h.queue.retrying).toBe(true);
    expect(h.scheduler.jobs.map((j) => j.ms)).toEqual([1000]);
    h.scheduler.runAll();
    h.calls[1].reject(network());
    await tick();
    expect(h.scheduler.jobs.map((j) => j.ms)).toEqual([2000]);
    expect(JSON.parse(h.store.getItem('xuefa.exam.a1.queue') ?? '[]')).toEqual([
      { position: 1, seq: 1, response: ['A'] },
    ]);

    // a reload: the server has no answer, the local one is restored and re-sent
    const again = harness(h.store);
    const restored = again.queue.load([{ position: 1, seq: null }]);
    expect(restored).toEqual([{ position: 1, seq: 1, response: ['A'] }]);
    again.queue.retryNow();
    expect(again.calls.map((c) => c.save.seq)).toEqual([1]);
    again.calls[0].resolve(ack(1));
    await tick();
    expect(again.store.getItem('xuefa.exam.a1.queue')).toBe('[]');
  });

  it('drops local entries the server already has', () => {
    const store = new MemoryStore();
    store.setItem(
      'xuefa.exam.a1.queue',
      JSON.stringify([{ position: 1, seq: 2, response: ['A'] }]),
    );
    const h = harness(store);
    expect(h.queue.load([{ position: 1, seq: 2 }])).toEqual([]);
    expect(h.queue.hasUnsynced).toBe(false);
  });

  it("two tabs of one attempt keep each other's unsent answers in storage", async () => {
    const store = new MemoryStore();
    const tab1 = harness(store);
    const tab2 = harness(store);
    tab1.queue.load([]);
    tab2.queue.load([]);
    tab1.queue.change(1, ['A']); // tab 1 offline: never acknowledged
    tab2.queue.change(3, ['B']);
    await tick();
    tab2.calls[0].resolve(ack(1));
    await tick();
    // tab 2's answer is stored and leaves the queue; tab 1's is still there for a reload
    expect(JSON.parse(store.getItem('xuefa.exam.a1.queue') ?? '[]')).toEqual([
      { position: 1, seq: 1, response: ['A'] },
    ]);
    // and once tab 1's is stored too, nothing is left
    tab1.calls[0].resolve(ack(1));
    await tick();
    expect(JSON.parse(store.getItem('xuefa.exam.a1.queue') ?? '[]')).toEqual([]);
  });

  it('backs off 1, 2, 4, 8, 15, 15 seconds', () => {
    expect([1, 2, 3, 4, 5, 6].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 15000, 15000]);
  });

  it('stops on 409 ATTEMPT_CLOSED and pauses while signed out', async () => {
    const h = harness();
    h.queue.load([]);
    h.queue.change(1, ['A']);
    h.calls[0].reject(new ApiError({ status: 401, code: 'AUTH.SESSION_REVOKED', message: 'x' }));
    await tick();
    expect(h.events).toEqual(['paused']);
    h.queue.change(2, ['B']);
    expect(h.calls).toHaveLength(1);
    h.queue.resume();
    expect(h.calls.map((c) => c.save.position)).toEqual([1, 1, 2]);
    h.calls[2].reject(
      new ApiError({ status: 409, code: 'EXAMS.ATTEMPT_CLOSED', message: '答题时间已结束' }),
    );
    await tick();
    expect(h.events).toEqual(['paused', 'closed']);
    expect(h.queue.close().map((p) => p.position)).toEqual([1, 2]);
  });

  it('flush waits until everything is stored', async () => {
    const h = harness();
    h.queue.load([]);
    h.queue.change(1, ['A']);
    let done = false;
    void h.queue.flush().then(() => (done = true));
    await tick();
    expect(done).toBe(false);
    h.calls[0].resolve(ack(1));
    await tick();
    await tick();
    expect(done).toBe(true);
  });
});

describe('EventQueue', () => {
  it('sends in order, keeps events offline, and drops them once the attempt is closed', async () => {
    const store = new MemoryStore();
    const sent: string[] = [];
    let offline = true;
    const scheduler = new ManualScheduler();
    const q = new EventQueue({
      attemptId: 'a1',
      store,
      scheduler,
      send: async (e) => {
        if (offline) throw network();
        sent.push(e.kind);
      },
      classify: classifyExamError,
    });
    q.push('page_hidden', 't1');
    q.push('page_visible', 't2');
    await tick();
    expect(q.length).toBe(2);
    expect(JSON.parse(store.getItem('xuefa.exam.a1.events') ?? '[]')).toHaveLength(2);
    offline = false;
    q.retryNow();
    await tick();
    await tick();
    expect(sent).toEqual(['page_hidden', 'page_visible']);
    expect(q.length).toBe(0);
  });
});

describe('countdown', () => {
  it('derives the time left from the server answer, not from a counter', () => {
    const c = new ServerCountdown();
    expect(c.remaining(0)).toBeNull();
    c.sync(600, 1000);
    expect(c.remaining(1000)).toBe(600);
    expect(c.remaining(1001)).toBe(600);
    expect(c.remaining(61_000)).toBe(540);
    // a tab frozen for 20 minutes shows 0, not what a counter would say
    expect(c.remaining(1000 + 20 * 60_000)).toBe(0);
    // a heartbeat with extra time re-syncs
    c.sync(900, 61_000);
    expect(c.remaining(61_000)).toBe(900);
  });

  it('formats, warns at 5 and 1 minute and announces thresholds once', () => {
    expect(formatRemaining(3723)).toBe('1:02:03');
    expect(formatRemaining(59)).toBe('00:59');
    expect([301, 300, 61, 60].map(timerLevel)).toEqual(['normal', 'warning', 'warning', 'danger']);
    expect(announcementFor(null, 300)).toBeNull();
    expect(announcementFor(301, 300)).toBe('剩余 5 分钟');
    expect(announcementFor(300, 299)).toBeNull();
    expect(announcementFor(700, 55)).toBe('剩余 1 分钟');
    expect(announcementFor(31, 30)).toBe('剩余 30 秒');
  });
});

describe('answer card', () => {
  it('puts the state in text and in the accessible name', () => {
    const cell = { position: 3, answered: true, flagged: true, current: false, unsynced: false };
    expect(cellLabel(cell)).toBe('第3题，已作答，已标记');
    expect(cellWords(cell)).toEqual(['已答', '已标记']);
    expect(
      cellLabel({ position: 1, answered: false, flagged: false, current: true, unsynced: true }),
    ).toBe('第1题，未作答，当前题，未同步');
  });

  it('groups by type in the usual order with total points', () => {
    const groups = groupByType([
      { position: 1, type: 'true_false', points: 2 },
      { position: 2, type: 'single_choice', points: 5 },
      { position: 3, type: 'single_choice', points: 5 },
    ]);
    expect(groups.map((g) => [g.label, g.points, g.questions.length])).toEqual([
      ['单选题', 10, 2],
      ['判断题', 2, 1],
    ]);
  });

  it('counts answers and splits fill-in stems at the blanks', () => {
    expect(isAnswered(null)).toBe(false);
    expect(isAnswered(['', ' '])).toBe(false);
    expect(isAnswered(['', '书面'])).toBe(true);
    expect(splitBlanks('应当____告知____。', 2)).toEqual(['应当', '告知', '。']);
    expect(splitBlanks('没有横线', 1)).toEqual(['没有横线', '']);
  });
});

describe('review visibility', () => {
  const q = [{}];
  it('shows only what the server allowed', () => {
    expect(reviewState({ status: 'in_progress', questions: q })).toEqual({ kind: 'in_progress' });
    expect(
      reviewState({
        status: 'finished',
        result: { visible: false, visibleFrom: '2026-12-08T01:00:00Z' },
        questions: q,
      }),
    ).toEqual({ kind: 'hidden', visibleFrom: '2026-12-08T01:00:00Z' });
    const scoreOnly = reviewState({
      status: 'finished',
      result: {
        visible: true,
        visibleFrom: null,
        score: 60,
        maxScore: 100,
        percentage: 60,
        passed: true,
      },
      questions: q,
    });
    expect(scoreOnly).toMatchObject({
      kind: 'visible',
      score: 60,
      passed: true,
      withAnswers: false,
    });
    const withAnswers = reviewState({
      status: 'finished',
      result: { visible: true, visibleFrom: null, score: 40, gradingPending: true },
      questions: [{ correctAnswer: ['A'], explanation: '依据' }],
    });
    expect(withAnswers).toMatchObject({ withAnswers: true, gradingPending: true });
    expect(formatAnswer(['A', 'C'])).toBe('A、C');
    expect(formatAnswer([['书面', '书面形式']])).toBe('书面 / 书面形式');
    expect(formatAnswer(null)).toBe('（未作答）');
  });
});
