import { createHmac, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { TransactionHost } from '../../src/database/transaction-host';
import {
  NotificationsService,
  webhookJobId,
} from '../../src/modules/notifications/notifications.service';
import type { NotifyInput } from '../../src/modules/notifications/notifications.service';
import { QueueName } from '../../src/queue/jobs';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { waitFor } from '../utils/wait';
import { ScratchRedis } from '../utils/redis-server';
import { freePort } from '../utils/spawn-app';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

interface RobotRequest {
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: unknown;
  content: string | undefined;
  /** what the robot answered */
  status: number;
  errcode: unknown;
}

type Reply = { status: number; body: unknown } | (() => Promise<{ status: number; body: unknown }>);

const OK = { status: 200, body: { errcode: 0, errmsg: 'ok' } };

/** A group robot on a local port: records every post and answers as scripted per message text. */
class Robot {
  readonly requests: RobotRequest[] = [];
  private readonly scripts = new Map<string, Reply[]>();
  private server?: Server;
  private port = 0;

  async start(): Promise<void> {
    this.port = await freePort();
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Answers posts of `content` with these replies in turn, then with success. */
  script(content: string, replies: Reply[]): void {
    this.scripts.set(content, [...replies]);
  }

  posts(content: string): RobotRequest[] {
    return this.requests.filter((r) => r.content === content);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const content = (body as { text?: { content?: string } } | null)?.text?.content;
    const next = (content !== undefined && this.scripts.get(content)?.shift()) || OK;
    const reply = typeof next === 'function' ? await next() : next;
    const url = new URL(req.url ?? '/', 'http://robot');
    this.requests.push({
      path: url.pathname,
      query: url.searchParams,
      contentType: req.headers['content-type'],
      body,
      content,
      status: reply.status,
      errcode: (reply.body as { errcode?: unknown }).errcode,
    });
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  }
}

const DINGTALK_SECRET = 'SEC-test-0123456789abcdef';

describe('notifications: in-app inbox and group-robot webhook (e2e, workers in process)', () => {
  const robot = new Robot();
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let a1: Session;
  let a2: Session;
  let b: Session;
  let service: NotificationsService;
  let queue: Queue;

  beforeAll(async () => {
    await robot.start();
    t = await createTestApp({
      workers: true,
      env: {
        NOTIFY_WEBHOOK_URL: robot.url('/cgi-bin/webhook/send?key=test-key'),
        NOTIFY_WEBHOOK_FORMAT: 'wecom',
        NOTIFY_WEBHOOK_BACKOFF_MS: '50',
      },
    });
    org = await buildOrg(t);
    a1 = await login(t, org.people.staffA1);
    a2 = await login(t, org.people.staffA2);
    b = await login(t, org.people.staffB);
    service = t.get(NotificationsService);
    queue = t.get<Queue>(getQueueToken(QueueName.Notifications) as never);
  });
  afterAll(async () => {
    await t.close();
    await robot.stop();
  });
  afterEach(() => t.clock.reset());

  const inbox = (who: Session, query: Record<string, string | number> = {}) =>
    signedIn(t, who).get('/me/notifications').query(query);
  const markRead = (who: Session, id: string) =>
    signedIn(t, who).post(`/me/notifications/${id}/read`);
  const readAll = (who: Session) => signedIn(t, who).post('/me/notifications/read-all');
  const rowsWithKey = async (dedupKey: string) =>
    (
      await t.dataSource.query<{ staff_id: string }[]>(
        'SELECT staff_id FROM notification WHERE dedup_key = $1 ORDER BY staff_id',
        [dedupKey],
      )
    ).map((r) => r.staff_id);
  const reminder = (over: Partial<NotifyInput> = {}): NotifyInput => ({
    staffIds: [org.people.staffA1.id],
    kind: 'session_reminder',
    title: '学习提醒：明天 09:00 中心组集体学习',
    body: '请于 2026年12月01日 09:00 到三楼会议室参加局党组理论学习中心组集体学习。',
    data: { sessionId: randomUUID() },
    ...over,
  });
  const jobState = async (dedupKey: string) => {
    const job = await queue.getJob(webhookJobId(dedupKey));
    return job ? job.getState() : 'missing';
  };
  /** A person of their own, with an empty inbox. */
  const freshPerson = async (): Promise<{ staff: TestStaff; session: Session }> => {
    const staff = await org.f.staff({ unit: org.units.deptA1 });
    return { staff, session: await login(t, staff) };
  };

  describe('inbox', () => {
    it('delivers one notification per person and shows it in their own inbox only, with the unread count', async () => {
      const input = reminder({
        staffIds: [org.people.staffA1.id, org.people.staffA2.id, org.people.staffA1.id],
      });
      await expect(service.notify(input)).resolves.toBe(2);

      for (const who of [a1, a2]) {
        const res = await inbox(who).expect(200);
        const mine = (res.body.items as { data: { sessionId?: string } }[]).filter(
          (n) => n.data.sessionId === input.data!.sessionId,
        );
        expect(mine).toEqual([
          {
            id: expect.any(String),
            kind: 'session_reminder',
            title: input.title,
            body: input.body,
            data: input.data,
            createdAt: expect.any(String),
            readAt: null,
          },
        ]);
        expect(res.body).toMatchObject({ page: 1, pageSize: 20 });
        expect(res.body.unreadCount).toBeGreaterThanOrEqual(1);
      }
      const other = await inbox(b).expect(200);
      expect(other.body).toEqual({ items: [], total: 0, page: 1, pageSize: 20, unreadCount: 0 });
      await request(t.http).get('/me/notifications').expect(401);
    });

    it('marks one read (a second time keeps the first time), filters unread, and marks all read', async () => {
      const { staff, session } = await freshPerson();
      for (const title of ['一', '二', '三']) {
        await service.notify(reminder({ staffIds: [staff.id], title }));
      }
      const all = await inbox(session).expect(200);
      expect(all.body).toMatchObject({ total: 3, unreadCount: 3 });
      const first = all.body.items[0] as { id: string };

      const read = await markRead(session, first.id).expect(200);
      expect(read.body).toMatchObject({ id: first.id, readAt: expect.any(String) });
      t.clock.advance(60_000);
      const again = await markRead(session, first.id).expect(200);
      expect(again.body.readAt).toBe(read.body.readAt);

      const unread = await inbox(session, { unread: 'true' }).expect(200);
      expect(unread.body).toMatchObject({ total: 2, unreadCount: 2 });
      expect((unread.body.items as { id: string }[]).map((n) => n.id)).not.toContain(first.id);
      expect((await inbox(session, { unread: 'false' }).expect(200)).body).toMatchObject({
        total: 3,
        unreadCount: 2,
      });

      await expect(readAll(session).expect(200)).resolves.toMatchObject({ body: { marked: 2 } });
      expect((await inbox(session).expect(200)).body).toMatchObject({ total: 3, unreadCount: 0 });
      expect((await inbox(session, { unread: 'true' }).expect(200)).body).toMatchObject({
        items: [],
        total: 0,
      });
      await expect(readAll(session).expect(200)).resolves.toMatchObject({ body: { marked: 0 } });
      // the first one kept its own reading time
      const after = await inbox(session).expect(200);
      expect(
        (after.body.items as { id: string; readAt: string }[]).find((n) => n.id === first.id)
          ?.readAt,
      ).toBe(read.body.readAt);
    });

    it('answers 404 for someone else’s notification and leaves it unread; read-all touches only mine', async () => {
      const { staff, session } = await freshPerson();
      await service.notify(reminder({ staffIds: [staff.id], title: '他人的通知' }));
      const theirs = (await inbox(session).expect(200)).body.items[0] as { id: string };

      const res = await markRead(a2, theirs.id).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOTIFICATIONS.NOT_FOUND' });
      expect(res.body.message).toBe('通知不存在');
      await expect(markRead(a2, randomUUID()).expect(404)).resolves.toMatchObject({
        body: { code: 'NOTIFICATIONS.NOT_FOUND' },
      });
      await expect(markRead(a2, 'not-a-uuid').expect(400)).resolves.toMatchObject({
        body: { code: 'COMMON.VALIDATION_FAILED' },
      });
      await readAll(a2).expect(200);
      expect((await inbox(session).expect(200)).body).toMatchObject({
        items: [{ id: theirs.id, readAt: null }],
        unreadCount: 1,
      });
    });

    it('pages newest first and refuses bad paging and filters', async () => {
      const { staff, session } = await freshPerson();
      for (const [i, title] of ['最早', '其次', '最新'].entries()) {
        t.clock.set(new Date(Date.UTC(2026, 10, 1 + i, 1)));
        await service.notify(reminder({ staffIds: [staff.id], title }));
      }
      t.clock.reset(); // the sign-in is checked against the clock
      const p1 = await inbox(session, { pageSize: 2 }).expect(200);
      expect(p1.body).toMatchObject({ total: 3, page: 1, pageSize: 2, unreadCount: 3 });
      expect((p1.body.items as { title: string }[]).map((n) => n.title)).toEqual(['最新', '其次']);
      // the test clock keeps ticking after set(), so the stamp is the set instant plus a few ms
      const stampedAfterSet = Date.parse(p1.body.items[0].createdAt) - Date.UTC(2026, 10, 3, 1);
      expect(stampedAfterSet).toBeGreaterThanOrEqual(0);
      expect(stampedAfterSet).toBeLessThan(1000);
      const p2 = await inbox(session, { pageSize: 2, page: 2 }).expect(200);
      expect((p2.body.items as { title: string }[]).map((n) => n.title)).toEqual(['最早']);

      const badQueries: Record<string, string | number>[] = [
        { unread: 'yes' },
        { pageSize: 0 },
        { pageSize: 101 },
        { other: 1 },
      ];
      for (const query of badQueries) {
        const bad = await inbox(session, query);
        expect({ query, status: bad.status, code: bad.body.code }).toEqual({
          query,
          status: 400,
          code: 'COMMON.VALIDATION_FAILED',
        });
      }
    });

    it('gives a person a notification with the same dedupKey once (retried jobs, double clicks)', async () => {
      const key = `session-reminder-${randomUUID()}-1440`;
      const input = reminder({ dedupKey: key });
      await expect(service.notify(input)).resolves.toBe(1);
      await expect(service.notify(input)).resolves.toBe(0);
      await expect(
        service.notify({
          ...input,
          staffIds: [org.people.staffA1.id, org.people.staffA2.id],
        }),
      ).resolves.toBe(1);
      await expect(
        t.get(TransactionHost).run(async () => {
          const n = await service.notify({ ...input, staffIds: [org.people.staffA2.id] });
          return n + (await service.notify({ ...input, staffIds: [org.people.staffA2.id] }));
        }),
      ).resolves.toBe(0);
      expect(await rowsWithKey(key)).toEqual([org.people.staffA1.id, org.people.staffA2.id].sort());
      // no webhook text, no job
      expect(await jobState(key)).toBe('missing');
    });

    it('writes inside the caller’s transaction: a rollback leaves no notification and queues no webhook post', async () => {
      const key = `session-cancelled-${randomUUID()}`;
      const input = reminder({ kind: 'session_cancelled', dedupKey: key, webhookText: key });
      await expect(
        t.get(TransactionHost).run(async () => {
          await expect(service.notify(input)).resolves.toBe(1);
          throw new Error('the caller fails after notifying');
        }),
      ).rejects.toThrow('the caller fails after notifying');
      expect(await rowsWithKey(key)).toEqual([]);
      expect(await jobState(key)).toBe('missing');

      // the same, committed: the post is queued after the commit and delivered
      await t.get(TransactionHost).run(() => service.notify(input));
      expect(await rowsWithKey(key)).toEqual([org.people.staffA1.id]);
      await waitFor(
        async () => ((await jobState(key)) === 'completed' ? true : undefined),
        'the webhook post after the commit',
      );
      expect(robot.posts(key)).toHaveLength(1);
    });
  });

  describe('WeCom group robot', () => {
    it('posts the exact WeCom text message once, however often the same dedupKey is notified', async () => {
      const key = `session-reminder-${randomUUID()}-60`;
      const text = `【学习提醒】1小时后：中心组集体学习（三楼会议室）${key}`;
      await service.notify(reminder({ dedupKey: key, webhookText: text }));
      await service.notify(reminder({ dedupKey: key, webhookText: text }));
      await waitFor(
        async () => ((await jobState(key)) === 'completed' ? true : undefined),
        'the webhook job to complete',
      );
      await service.notify(reminder({ dedupKey: key, webhookText: text }));
      const posts = robot.posts(text);
      expect(posts).toHaveLength(1);
      expect(posts[0]).toMatchObject({
        path: '/cgi-bin/webhook/send',
        contentType: 'application/json; charset=utf-8',
        status: 200,
      });
      expect([...posts[0].query.entries()]).toEqual([['key', 'test-key']]);
      expect(posts[0].body).toEqual({ msgtype: 'text', text: { content: text } });
      const jobs = await queue.getJobs(['completed', 'waiting', 'delayed', 'active', 'failed']);
      expect(jobs.filter((j) => (j.data as { text: string }).text === text)).toHaveLength(1);
    });

    it('retries a failing robot with backoff (HTTP 500, then errcode ≠ 0) and delivers once; the in-app notification is there all along', async () => {
      const key = `session-rescheduled-${randomUUID()}`;
      const text = `【时间变更】中心组集体学习改至 12月02日 15:00 ${key}`;
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      robot.script(text, [
        { status: 500, body: { message: 'internal error' } },
        { status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } },
        async () => {
          await released;
          return OK;
        },
      ]);
      const { staff, session } = await freshPerson();
      await expect(
        service.notify(
          reminder({
            staffIds: [staff.id],
            kind: 'session_rescheduled',
            dedupKey: key,
            webhookText: text,
          }),
        ),
      ).resolves.toBe(1);

      // the third try is being held by the robot: two failed, nothing delivered yet
      await waitFor(
        async () => (robot.posts(text).length === 2 ? true : undefined),
        'the first two (failing) tries',
      );
      expect(robot.posts(text).map((p) => [p.status, p.errcode])).toEqual([
        [500, undefined],
        [200, 45009],
      ]);
      const meanwhile = await inbox(session).expect(200);
      expect(meanwhile.body).toMatchObject({
        total: 1,
        unreadCount: 1,
        items: [{ kind: 'session_rescheduled', readAt: null }],
      });
      expect(['active', 'delayed', 'waiting']).toContain(await jobState(key));

      release();
      await waitFor(
        async () => ((await jobState(key)) === 'completed' ? true : undefined),
        'the webhook job to complete after retries',
      );
      const posts = robot.posts(text);
      expect(posts.map((p) => [p.status, p.errcode])).toEqual([
        [500, undefined],
        [200, 45009],
        [200, 0],
      ]);
      expect(new Set(posts.map((p) => JSON.stringify(p.body))).size).toBe(1);
      const job = await queue.getJob(webhookJobId(key));
      expect(job?.opts).toMatchObject({
        attempts: 8,
        backoff: { type: 'exponential', delay: 50 },
      });
    });

    it('does not queue anything without webhookText', async () => {
      const key = `leave-decided-${randomUUID()}`;
      await service.notify(reminder({ kind: 'leave_decided', dedupKey: key }));
      expect(await jobState(key)).toBe('missing');
    });
  });

  describe('DingTalk group robot (signed)', () => {
    let d: TestApp;

    beforeAll(async () => {
      d = await createTestApp({
        workers: true,
        db: t.db,
        env: {
          NOTIFY_WEBHOOK_URL: robot.url('/robot/send?access_token=ding-token'),
          NOTIFY_WEBHOOK_FORMAT: 'dingtalk',
          NOTIFY_WEBHOOK_SECRET: DINGTALK_SECRET,
          NOTIFY_WEBHOOK_ATTEMPTS: '3',
          NOTIFY_WEBHOOK_BACKOFF_MS: '50',
        },
      });
    });
    afterAll(() => d.close());

    const dingQueue = () => d.get<Queue>(getQueueToken(QueueName.Notifications) as never);
    const dingState = async (key: string) => {
      const job = await dingQueue().getJob(webhookJobId(key));
      return job ? job.getState() : 'missing';
    };

    it('posts the exact DingTalk text message with timestamp and HMAC-SHA256 sign', async () => {
      const key = `makeup-task-${randomUUID()}`;
      const text = `【补学任务】请在 12月10日 前完成《信访工作条例》补学 ${key}`;
      const before = Date.now();
      await d
        .get(NotificationsService)
        .notify(reminder({ kind: 'makeup_task', dedupKey: key, webhookText: text }));
      await waitFor(
        async () => ((await dingState(key)) === 'completed' ? true : undefined),
        'the DingTalk post',
      );
      const [post] = robot.posts(text);
      expect(robot.posts(text)).toHaveLength(1);
      expect(post.path).toBe('/robot/send');
      expect(post.contentType).toBe('application/json; charset=utf-8');
      expect(post.body).toEqual({ msgtype: 'text', text: { content: text } });
      expect([...post.query.keys()]).toEqual(['access_token', 'timestamp', 'sign']);
      expect(post.query.get('access_token')).toBe('ding-token');
      const timestamp = post.query.get('timestamp')!;
      expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
      expect(Number(timestamp)).toBeLessThanOrEqual(Date.now());
      const expected = createHmac('sha256', DINGTALK_SECRET)
        .update(`${timestamp}\n${DINGTALK_SECRET}`)
        .digest('base64');
      expect(post.query.get('sign')).toBe(expected);
      // the in-app notification went to the same inbox (same database)
      const res = await inbox(a1, { unread: 'true' }).expect(200);
      expect((res.body.items as { kind: string }[]).map((n) => n.kind)).toContain('makeup_task');
    });

    it('gives up after NOTIFY_WEBHOOK_ATTEMPTS tries and keeps the in-app notification', async () => {
      const key = `record-decided-${randomUUID()}`;
      const text = `【学时审核】${key}`;
      const down = { status: 502, body: { message: 'bad gateway' } };
      robot.script(text, [down, down, down, down]);
      await d
        .get(NotificationsService)
        .notify(reminder({ kind: 'record_decided', dedupKey: key, webhookText: text }));
      await waitFor(
        async () => ((await dingState(key)) === 'failed' ? true : undefined),
        'the webhook job to be given up',
      );
      expect(robot.posts(text).map((p) => p.status)).toEqual([502, 502, 502]);
      const job = await dingQueue().getJob(webhookJobId(key));
      expect(job?.attemptsMade).toBe(3);
      expect(job?.failedReason).toMatch(/HTTP 502/);
      expect(job?.failedReason).not.toContain('ding-token');
      expect(await rowsWithKey(key)).toEqual([org.people.staffA1.id]);
    });
  });
});

describe('notifications when Redis cannot be reached (e2e)', () => {
  let redis: ScratchRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = new ScratchRedis(await freePort());
    await redis.start();
    t = await createTestApp({
      env: { REDIS_URL: redis.url, NOTIFY_WEBHOOK_URL: 'http://127.0.0.1:9/robot/send?key=k' },
    });
  });
  afterAll(async () => {
    await redis.start();
    await t.close();
    await redis.stop();
  });

  it('still writes the in-app notifications, with or without a transaction, and only drops the group message', async () => {
    const org = await buildOrg(t);
    const session = await login(t, org.people.staffA1);
    await redis.stop();

    const service = t.get(NotificationsService);
    const base: NotifyInput = {
      staffIds: [org.people.staffA1.id, org.people.staffA2.id],
      kind: 'session_reminder',
      title: '学习提醒',
      body: '明天 09:00 中心组集体学习',
      webhookText: '【学习提醒】明天 09:00 中心组集体学习',
    };
    await expect(service.notify({ ...base, dedupKey: 'redis-down-1' })).resolves.toBe(2);
    await expect(
      t.get(TransactionHost).run(() => service.notify({ ...base, dedupKey: 'redis-down-2' })),
    ).resolves.toBe(2);

    const rows = await t.dataSource.query<{ dedup_key: string; n: number }[]>(
      `SELECT dedup_key, count(*)::int AS n FROM notification GROUP BY dedup_key ORDER BY dedup_key`,
    );
    expect(rows).toEqual([
      { dedup_key: 'redis-down-1', n: 2 },
      { dedup_key: 'redis-down-2', n: 2 },
    ]);
    const res = await signedIn(t, session).get('/me/notifications').expect(200);
    expect(res.body).toMatchObject({ total: 2, unreadCount: 2 });
  });
});
