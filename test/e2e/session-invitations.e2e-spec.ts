import type { Server } from 'node:http';
import { createServer } from 'node:http';
import { seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { waitFor } from '../utils/wait';
import { freePort } from '../utils/spawn-app';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface Notice {
  kind: string;
  title: string;
  body: string;
  data: { sessionId?: string; seriesId?: string };
}

/**
 * Scheduling invites at once: the invitees hear of a session (or a whole series) when it is
 * saved, in the inbox and through the group robot, not only at the first reminder. And a
 * session can be checked before saving: the same errors and the overlap warnings, nothing saved.
 */
describe('study sessions: invitations and the check before saving (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let bank: Awaited<ReturnType<typeof seedBank>>;
  let robot: Server;
  const posts: string[] = [];
  const s = {} as Record<'sec' | 'a1' | 'a2' | 'b', Session>;
  const inbox = async (who: Session) =>
    (await signedIn(t, who).get('/me/notifications?pageSize=100').expect(200)).body
      .items as Notice[];
  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
  const body = (over: Record<string, unknown> = {}) => ({
    unitId: org.units.bureauA.id,
    type: 'law_study',
    topic: '学习《示范市信访工作办法》',
    startsAt: at(3 * DAY),
    endsAt: at(3 * DAY + 2 * HOUR),
    place: '局三楼会议室',
    organiser: '局党组书记 张三',
    creditedHours: 2,
    invite: { staffIds: [org.people.staffA1.id] },
    laws: [{ lawId: bank.lawId, articles: [2] }],
    ...over,
  });
  const count = async () =>
    Number(
      (await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM study_session'))[0].n,
    );

  beforeAll(async () => {
    const port = await freePort();
    robot = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          text?: { content?: string };
        };
        posts.push(parsed.text?.content ?? '');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
      });
    });
    await new Promise<void>((resolve) => robot.listen(port, '127.0.0.1', resolve));
    t = await createTestApp({
      workers: true,
      env: {
        NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=k`,
        NOTIFY_WEBHOOK_FORMAT: 'wecom',
      },
    });
    org = await buildOrg(t);
    bank = await seedBank(t, { single_choice: 1 });
    s.sec = await login(t, org.people.secA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
    s.b = await login(t, org.people.staffB);
  });
  afterAll(async () => {
    await t.close();
    robot.closeAllConnections();
    await new Promise((resolve) => robot.close(resolve));
  });

  it('invites the invitees the moment a session is scheduled, in the inbox and through the robot', async () => {
    const created = await signedIn(t, s.sec)
      .post('/sessions', body({ invite: { unitIds: [org.units.deptA1.id] } }))
      .expect(201);
    const id = created.body.id as string;
    const notice = (await inbox(s.a1)).find((n) => n.data.sessionId === id);
    expect(notice).toMatchObject({ kind: 'session_invited', title: '学习活动通知' });
    expect(notice?.body).toContain(created.body.label as string);
    expect(notice?.body).toContain('学习《示范市信访工作办法》');
    expect(notice?.body).toContain('局三楼会议室');
    // staffA2 sits in deptA2 and staffB in bureau B: not invited, not told
    expect((await inbox(s.a2)).filter((n) => n.data.sessionId === id)).toEqual([]);
    expect((await inbox(s.b)).filter((n) => n.data.sessionId === id)).toEqual([]);
    const posted = await waitFor(
      async () =>
        posts.find((p) => p.startsWith('【学习活动通知】') && p.includes(created.body.label)),
      'the invitation on the group robot',
    );
    expect(posted).toContain('局三楼会议室');
  });

  it('invites to a session whose reminders are already past (starting within the hour)', async () => {
    const created = await signedIn(t, s.sec)
      .post(
        '/sessions',
        body({ startsAt: at(30 * 60_000), endsAt: at(90 * 60_000), creditedHours: 1 }),
      )
      .expect(201);
    const mine = (await inbox(s.a1)).filter((n) => n.data.sessionId === created.body.id);
    expect(mine.map((n) => n.kind)).toEqual(['session_invited']);
  });

  it('invites nobody to a session recorded after it was held', async () => {
    const created = await signedIn(t, s.sec)
      .post('/sessions', body({ startsAt: at(-DAY), endsAt: at(-DAY + HOUR), creditedHours: 1 }))
      .expect(201);
    expect((await inbox(s.a1)).filter((n) => n.data.sessionId === created.body.id)).toEqual([]);
  });

  it('sends one invitation for a whole series, listing its dates', async () => {
    const res = await signedIn(t, s.sec)
      .post(
        '/sessions/series',
        body({
          startsAt: at(20 * DAY),
          endsAt: at(20 * DAY + HOUR),
          creditedHours: 1,
          invite: { staffIds: [org.people.staffA1.id, org.people.staffA2.id] },
          repeat: { frequency: 'weekly', count: 3 },
        }),
      )
      .expect(201);
    const seriesId = res.body.seriesId as string;
    for (const who of [s.a1, s.a2]) {
      const notices = (await inbox(who)).filter((n) => n.data.seriesId === seriesId);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({
        kind: 'session_invited',
        title: '学习活动安排',
        data: { sessionId: res.body.sessions[0].id },
      });
      expect(notices[0].body).toContain('共安排 3 次');
      expect(notices[0].body.match(/\d{4}\D\d{2}\D\d{2} \d{2}:\d{2}/g)).toHaveLength(3);
    }
    await waitFor(
      async () => posts.find((p) => p.startsWith('【学习活动安排】') && p.includes('共安排 3 次')),
      'the series invitation on the group robot',
    );
  });

  describe('POST /sessions/check', () => {
    it('shows the overlap warnings of a session and of each session of a series, saving nothing', async () => {
      const existing = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({
            startsAt: at(40 * DAY),
            endsAt: at(40 * DAY + 2 * HOUR),
            invite: { staffIds: [org.people.staffA2.id] },
          }),
        )
        .expect(201);
      const before = await count();
      const single = await signedIn(t, s.sec)
        .post(
          '/sessions/check',
          body({
            startsAt: at(40 * DAY + HOUR),
            endsAt: at(40 * DAY + 3 * HOUR),
            invite: { unitIds: [org.units.deptA2.id] },
          }),
        )
        .expect(200);
      expect(single.body.sessions).toHaveLength(1);
      expect(single.body.sessions[0].inviteeCount).toBeGreaterThan(0);
      expect(single.body.sessions[0].warnings).toEqual([
        expect.objectContaining({
          sessionId: existing.body.id,
          names: [org.people.staffA2.name],
          count: 1,
        }),
      ]);
      // a weekly series one week earlier: only its second session overlaps
      const series = await signedIn(t, s.sec)
        .post(
          '/sessions/check',
          body({
            startsAt: at(33 * DAY + HOUR),
            endsAt: at(33 * DAY + 3 * HOUR),
            invite: { staffIds: [org.people.staffA2.id] },
            repeat: { frequency: 'weekly', count: 3 },
          }),
        )
        .expect(200);
      expect(series.body.sessions.map((x: { warnings: unknown[] }) => x.warnings.length)).toEqual([
        0, 1, 0,
      ]);
      expect(Date.parse(series.body.sessions[2].startsAt)).toBe(
        Date.parse(series.body.sessions[0].startsAt) + 14 * DAY,
      );
      expect(await count()).toBe(before);
      expect((await inbox(s.a2)).filter((n) => n.title === '学习活动通知')).toHaveLength(1);
    });

    it('refuses what saving would refuse, with the same codes, and plain staff', async () => {
      const cases: [Record<string, unknown>, number, string][] = [
        [{ endsAt: at(3 * DAY - HOUR) }, 422, 'SESSIONS.TIME_INVALID'],
        [{ place: undefined }, 422, 'SESSIONS.PLACE_REQUIRED'],
        [{ invite: { unitIds: [org.units.bureauB.id] } }, 422, 'SESSIONS.INVITE_INVALID'],
        [{ unitId: org.units.bureauB.id }, 404, 'SESSIONS.UNIT_NOT_FOUND'],
      ];
      for (const [over, status, code] of cases) {
        const res = await signedIn(t, s.sec).post('/sessions/check', body(over));
        expect([res.status, res.body.code]).toEqual([status, code]);
        expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
      }
      await signedIn(t, s.sec)
        .post('/sessions/check', body({ repeat: { frequency: 'daily', count: 3 } }))
        .expect(400);
      await signedIn(t, s.a1).post('/sessions/check', body()).expect(403);
    });
  });
});
