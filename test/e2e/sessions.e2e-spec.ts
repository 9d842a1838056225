import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { SessionJobsService } from '../../src/modules/sessions/scheduling/session-jobs.service';
import {
  milestoneJobId,
  reminderJobId,
} from '../../src/modules/sessions/scheduling/session-scheduler.service';
import { QueueName } from '../../src/queue/jobs';
import { seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import { fixtureDocx } from '../factories/law-fixtures';
import { docxBomb, lyingZip } from '../factories/upload-fixtures';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';
import { waitFor } from '../utils/wait';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

interface Notice {
  kind: string;
  title: string;
  body: string;
  data: { sessionId?: string };
}

/**
 * Scheduling study sessions: validation, numbering, invitees that follow the roster until the
 * start, overlap warnings, series, reschedule and cancel notices, reminder jobs (promoted, one
 * real-time, and the sweeper when Redis lost them), materials, minutes and the calendar feed.
 */
describe('study sessions (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let bank: Awaited<ReturnType<typeof seedBank>>;
  let nonParty: TestStaff;
  const s = {} as Record<'sec' | 'a1' | 'a2' | 'np' | 'b', Session>;
  const uploadDir = mkdtempSync(join(tmpdir(), 'xuefa-sessions-'));
  let queue: Queue;

  const signInAll = async () => {
    s.sec = await login(t, org.people.secA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
    s.np = await login(t, nonParty);
    s.b = await login(t, org.people.staffB);
  };
  const inbox = async (who: Session) =>
    (await signedIn(t, who).get('/me/notifications?pageSize=100').expect(200)).body
      .items as Notice[];

  const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
  const body = (over: Record<string, unknown> = {}) => ({
    unitId: org.units.bureauA.id,
    type: 'theory_group',
    topic: '学习《示范市信访工作办法》',
    startsAt: at(3 * DAY),
    endsAt: at(3 * DAY + 2 * HOUR),
    place: '局三楼会议室',
    organiser: '局党组书记 张三',
    creditedHours: 2,
    invite: { unitIds: [org.units.deptA1.id, org.units.deptA2.id] },
    laws: [{ lawId: bank.lawId, articles: [2] }],
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp({ workers: true, env: { UPLOAD_DIR: uploadDir } });
    org = await buildOrg(t);
    nonParty = await org.f.staff({ unit: org.units.deptA1, partyMember: false, name: '群众职工' });
    bank = await seedBank(t, { single_choice: 3, true_false: 2 });
    await signInAll();
    queue = t.get<Queue>(getQueueToken(QueueName.Sessions) as never);
  });
  afterAll(async () => {
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  describe('scheduling', () => {
    it('refuses impossible times, no place, foreign invitees, unknown articles and plain staff', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ endsAt: at(3 * DAY - HOUR) }, 'SESSIONS.TIME_INVALID'],
        [{ creditedHours: 3 }, 'SESSIONS.TIME_INVALID'],
        [{ place: undefined }, 'SESSIONS.PLACE_REQUIRED'],
        [{ invite: { unitIds: [org.units.bureauB.id] } }, 'SESSIONS.INVITE_INVALID'],
        [{ invite: { staffIds: [org.people.staffB.id] } }, 'SESSIONS.INVITE_INVALID'],
        [{ invite: {} }, 'SESSIONS.INVITE_INVALID'],
        [{ laws: [{ lawId: bank.lawId, articles: [99] }] }, 'SESSIONS.LAW_INVALID'],
      ];
      for (const [over, code] of cases) {
        const res = await signedIn(t, s.sec).post('/sessions', body(over));
        expect([res.status, res.body.code]).toEqual([422, code]);
        expect(res.body.message).toMatch(/[\u4e00-\u9fa5]/);
      }
      await signedIn(t, s.sec)
        .post('/sessions', body({ type: 'tea_party' }))
        .expect(400);
      await signedIn(t, s.sec)
        .post('/sessions', body({ unitId: org.units.bureauB.id }))
        .expect(404);
      await signedIn(t, s.a1).post('/sessions', body()).expect(403);
      const [{ n }] = await t.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM study_session',
      );
      expect(n).toBe('0');
    });

    it('numbers sessions per unit, year and type, invites party members only when asked, and warns about overlaps', async () => {
      const first = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({
            startsAt: at(2 * DAY),
            endsAt: at(2 * DAY + 2 * HOUR),
            invite: { unitIds: [org.units.bureauA.id], partyMembersOnly: true },
          }),
        )
        .expect(201);
      const second = await signedIn(t, s.sec).post('/sessions', body()).expect(201);
      const year = new Date(Date.now() + 2 * DAY + 8 * HOUR).getUTCFullYear();
      expect(first.body).toMatchObject({
        ordinal: 1,
        label: `${year}年第1次党组理论学习中心组集体学习`,
        laws: [{ lawId: bank.lawId, articles: [2] }],
      });
      expect(second.body.ordinal).toBe(2);
      // bureau A party members: adminA, hrA, secA, staffA1, staffA2 (not the non-party one)
      expect(first.body.inviteeCount).toBe(5);
      expect(second.body.inviteeCount).toBe(6);
      const overlap = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({
            type: 'law_study',
            startsAt: at(3 * DAY + HOUR),
            endsAt: at(3 * DAY + 3 * HOUR),
            invite: { staffIds: [org.people.staffA1.id] },
          }),
        )
        .expect(201);
      expect(overlap.body.ordinal).toBe(1);
      expect(overlap.body.warnings).toEqual([
        expect.objectContaining({
          sessionId: second.body.id,
          names: [org.people.staffA1.name],
          count: 1,
        }),
      ]);
      // the staff view of the first session: the non-party member is not invited
      await signedIn(t, s.a1).get(`/sessions/${first.body.id}`).expect(200);
      await signedIn(t, s.np).get(`/sessions/${first.body.id}`).expect(404);
      await signedIn(t, s.b).get(`/sessions/${second.body.id}`).expect(404);
      const mine = await signedIn(t, s.np).get('/me/sessions').expect(200);
      expect(mine.body.map((m: { id: string }) => m.id).sort()).toEqual([second.body.id].sort());
      // cancelling the first renumbers the second
      await signedIn(t, s.sec)
        .post(`/sessions/${first.body.id}/cancel`, { reason: '另行安排' })
        .expect(200);
      const again = await signedIn(t, s.sec).get(`/sessions/${second.body.id}`).expect(200);
      expect(again.body.ordinal).toBe(1);
      const list = await signedIn(t, s.sec).get('/sessions?type=theory_group').expect(200);
      expect(list.body.total).toBe(2);
    });

    it('expands a weekly series into single sessions that change one by one', async () => {
      // Numbering restarts each year: a series inside one June of a later year numbers 1, 2, 3
      // whatever the date the suite runs on.
      const june = Date.UTC(new Date().getUTCFullYear() + 1, 5, 1, 2) - Date.now();
      const res = await signedIn(t, s.sec)
        .post(
          '/sessions/series',
          body({
            type: 'party_group',
            startsAt: at(june),
            endsAt: at(june + HOUR),
            creditedHours: 1,
            repeat: { frequency: 'weekly', count: 3 },
          }),
        )
        .expect(201);
      const starts = (res.body.sessions as { startsAt: string }[]).map((x) =>
        Date.parse(x.startsAt),
      );
      expect(starts).toEqual([0, 7, 14].map((d) => starts[0] + d * DAY));
      expect(res.body.sessions.map((x: { ordinal: number }) => x.ordinal)).toEqual([1, 2, 3]);
      const middle = res.body.sessions[1].id as string;
      await signedIn(t, s.sec)
        .patch(`/sessions/${middle}`, { topic: '专题：信访事项受理' })
        .expect(200);
      const others = await Promise.all(
        [0, 2].map((i) =>
          signedIn(t, s.sec).get(`/sessions/${res.body.sessions[i].id}`).expect(200),
        ),
      );
      expect(others.map((o) => o.body.topic as string)).toEqual([
        '学习《示范市信访工作办法》',
        '学习《示范市信访工作办法》',
      ]);
      await signedIn(t, s.sec)
        .post('/sessions/series', body({ repeat: { frequency: 'daily', count: 3 } }))
        .expect(400);
    });

    it('follows the roster until the start, then keeps the invitees fixed', async () => {
      const created = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({ startsAt: at(HOUR), endsAt: at(2 * HOUR), creditedHours: 1, type: 'lecture' }),
        )
        .expect(201);
      const id = created.body.id as string;
      expect(created.body.inviteeCount).toBe(6);
      const newcomer = await org.f.staff({ unit: org.units.deptA2, name: '新同事' });
      expect((await signedIn(t, s.sec).get(`/sessions/${id}`).expect(200)).body.inviteeCount).toBe(
        7,
      );
      t.clock.advance(HOUR + 60_000);
      await signInAll();
      await t.get(SessionJobsService).start(id);
      await org.f.staff({ unit: org.units.deptA2, name: '更晚的同事' });
      expect((await signedIn(t, s.sec).get(`/sessions/${id}`).expect(200)).body.inviteeCount).toBe(
        7,
      );
      const fixed = await t.dataSource.query<{ staff_id: string }[]>(
        'SELECT staff_id FROM study_session_invitee WHERE session_id = $1',
        [id],
      );
      expect(fixed.map((f) => f.staff_id)).toContain(newcomer.id);
      // after the start only topic, organiser and place may change
      const moved = await signedIn(t, s.sec)
        .patch(`/sessions/${id}`, { startsAt: at(3 * HOUR), endsAt: at(4 * HOUR) })
        .expect(409);
      expect(moved.body.code).toBe('SESSIONS.STARTED');
      await signedIn(t, s.sec).patch(`/sessions/${id}`, { place: '局一楼报告厅' }).expect(200);
      await signedIn(t, s.sec).post(`/sessions/${id}/cancel`, { reason: '太晚了' }).expect(409);
      t.clock.reset();
      await signInAll();
    });
  });

  describe('reminders and notices', () => {
    it('plans 24 h and 1 h reminder jobs; a promoted reminder reaches every invitee once', async () => {
      const created = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({
            startsAt: at(2 * DAY),
            endsAt: at(2 * DAY + HOUR),
            creditedHours: 1,
            invite: { staffIds: [org.people.staffA1.id, org.people.staffA2.id] },
          }),
        )
        .expect(201);
      const id = created.body.id as string;
      const startsAt = new Date(created.body.startsAt as string);
      const day = await queue.getJob(reminderJobId(id, 1440, startsAt));
      const hour = await queue.getJob(reminderJobId(id, 60, startsAt));
      expect(await day?.isDelayed()).toBe(true);
      expect(await hour?.isDelayed()).toBe(true);
      expect(await (await queue.getJob(milestoneJobId(id, 'start', startsAt)))?.isDelayed()).toBe(
        true,
      );
      await day?.promote();
      const reminded = await waitFor(
        async () => {
          const mine = (await inbox(s.a2)).filter(
            (n) => n.kind === 'session_reminder' && n.data.sessionId === id,
          );
          return mine.length ? mine : undefined;
        },
        'the session reminder in the inbox',
        20_000,
      );
      expect(reminded).toHaveLength(1);
      expect(reminded[0].body).toContain('局三楼会议室');
      // a second delivery of the same reminder changes nothing
      expect(await t.get(SessionJobsService).remind(id, 1440, startsAt.getTime())).toBe(false);
      expect(
        (await inbox(s.a2)).filter((n) => n.kind === 'session_reminder' && n.data.sessionId === id),
      ).toHaveLength(1);
      expect((await inbox(s.np)).filter((n) => n.data.sessionId === id)).toEqual([]);
    });

    it('delivers a reminder in real time when its moment comes', async () => {
      const created = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({
            startsAt: at(5 * 60_000 + 2_000),
            endsAt: at(HOUR),
            creditedHours: 0.5,
            reminderOffsetsMinutes: [5],
            invite: { staffIds: [org.people.staffA2.id] },
          }),
        )
        .expect(201);
      const notice = await waitFor(
        async () =>
          (await inbox(s.a2)).find(
            (n) => n.kind === 'session_reminder' && n.data.sessionId === created.body.id,
          ),
        'the real-time session reminder',
        20_000,
      );
      expect(notice.title).toBe('学习活动提醒');
    });

    it('moves the reminders and tells the invitees when a session is rescheduled or cancelled', async () => {
      const created = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({
            startsAt: at(4 * DAY),
            endsAt: at(4 * DAY + HOUR),
            creditedHours: 1,
            invite: { staffIds: [org.people.staffA1.id] },
          }),
        )
        .expect(201);
      const id = created.body.id as string;
      const oldStart = new Date(created.body.startsAt as string);
      const moved = await signedIn(t, s.sec)
        .patch(`/sessions/${id}`, { startsAt: at(5 * DAY), endsAt: at(5 * DAY + HOUR) })
        .expect(200);
      const newStart = new Date(moved.body.startsAt as string);
      expect(await queue.getJob(reminderJobId(id, 1440, oldStart))).toBeUndefined();
      expect(await (await queue.getJob(reminderJobId(id, 1440, newStart)))?.isDelayed()).toBe(true);
      const notices = await inbox(s.a1);
      expect(
        notices.find((n) => n.kind === 'session_rescheduled' && n.data.sessionId === id),
      ).toBeDefined();
      await signedIn(t, s.sec).post(`/sessions/${id}/cancel`, { reason: '与全会冲突' }).expect(200);
      expect(await queue.getJob(reminderJobId(id, 60, newStart))).toBeUndefined();
      const cancelled = (await inbox(s.a1)).find(
        (n) => n.kind === 'session_cancelled' && n.data.sessionId === id,
      );
      expect(cancelled?.body).toContain('与全会冲突');
      await signedIn(t, s.sec).patch(`/sessions/${id}`, { topic: '改不了' }).expect(409);
    });

    it('the sweeper sends a reminder whose job Redis lost', async () => {
      const created = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({
            startsAt: at(6 * DAY),
            endsAt: at(6 * DAY + HOUR),
            creditedHours: 1,
            invite: { staffIds: [org.people.staffA2.id] },
          }),
        )
        .expect(201);
      const id = created.body.id as string;
      const startsAt = new Date(created.body.startsAt as string);
      await (await queue.getJob(reminderJobId(id, 60, startsAt)))?.remove();
      t.clock.set(new Date(startsAt.getTime() - 30 * 60_000));
      await t.get(SessionJobsService).sweep();
      t.clock.reset();
      await signInAll();
      const notices = (await inbox(s.a2)).filter(
        (n) => n.kind === 'session_reminder' && n.data.sessionId === id,
      );
      // the 24 h one was due as well (its job is still waiting): both went out, once each
      expect(notices).toHaveLength(2);
      await t.get(SessionJobsService).sweep();
      expect(
        (await inbox(s.a2)).filter((n) => n.kind === 'session_reminder' && n.data.sessionId === id),
      ).toHaveLength(2);
    });
  });

  describe('materials, minutes and the calendar', () => {
    let id: string;
    beforeAll(async () => {
      const created = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({
            startsAt: at(8 * DAY),
            endsAt: at(8 * DAY + HOUR),
            creditedHours: 1,
            invite: { staffIds: [org.people.staffA1.id] },
          }),
        )
        .expect(201);
      id = created.body.id as string;
    });

    it('stores PDF, Word and image materials by content hash for the invitees, and refuses anything else', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
      const up = await signedIn(t, s.sec)
        .post(`/sessions/${id}/materials`)
        .attach('file', pdf, { filename: '学习材料.pdf', contentType: 'application/pdf' })
        .expect(201);
      expect(up.body).toMatchObject({ fileName: '学习材料.pdf', mimeType: 'application/pdf' });
      expect(up.body.sha256).toMatch(/^[0-9a-f]{64}$/);
      const fake = await signedIn(t, s.sec)
        .post(`/sessions/${id}/materials`)
        .attach('file', Buffer.from('just text'), {
          filename: '伪装.pdf',
          contentType: 'application/pdf',
        })
        .expect(422);
      expect(fake.body.code).toBe('SESSIONS.MATERIAL_TYPE');
      const word = await signedIn(t, s.sec)
        .post(`/sessions/${id}/materials`)
        .attach('file', await fixtureDocx(), { filename: '讲稿.docx' })
        .expect(201);
      expect(word.body.mimeType).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      // a Word zip bomb is refused from its zip directory, one that understates its size while
      // inflating; neither is kept (the list below has three files)
      const bomb = await signedIn(t, s.sec)
        .post(`/sessions/${id}/materials`)
        .attach('file', await docxBomb(70_000_000), { filename: '炸弹.docx' })
        .expect(413);
      expect(bomb.body.code).toBe('COMMON.FILE_UNCOMPRESSED_TOO_LARGE');
      const liar = await lyingZip(await docxBomb(8_000_000), 'word/document.xml', 5000);
      const lying = await signedIn(t, s.sec)
        .post(`/sessions/${id}/materials`)
        .attach('file', liar, { filename: '说谎.docx' })
        .expect(422);
      expect(lying.body.code).toBe('SESSIONS.MATERIAL_TYPE');
      const png = Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        Buffer.alloc(32, 1),
      ]);
      await signedIn(t, s.sec)
        .post(`/sessions/${id}/materials`)
        .attach('file', png, { filename: '现场照片.png' })
        .expect(201);
      const listed = await signedIn(t, s.a1).get(`/sessions/${id}/materials`).expect(200);
      expect(listed.body.map((m: { fileName: string }) => m.fileName)).toEqual([
        '学习材料.pdf',
        '讲稿.docx',
        '现场照片.png',
      ]);
      const got = await signedIn(t, s.a1)
        .get(`/sessions/${id}/materials/${up.body.id}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(got.body as Buffer, pdf)).toBe(0);
      await signedIn(t, s.a2).get(`/sessions/${id}/materials`).expect(404);
      await signedIn(t, s.a2).get(`/sessions/${id}/materials/${up.body.id}`).expect(404);
      await signedIn(t, s.a1).delete(`/sessions/${id}/materials/${up.body.id}`).expect(403);
    });

    it('shows the minutes to the invitees', async () => {
      await signedIn(t, s.sec)
        .put(`/sessions/${id}/minutes`, { text: '会议传达了办法第二条的要求。' })
        .expect(200);
      const seen = await signedIn(t, s.a1).get(`/sessions/${id}`).expect(200);
      expect(seen.body.minutes).toBe('会议传达了办法第二条的要求。');
      await signedIn(t, s.a1).put(`/sessions/${id}/minutes`, { text: '改写' }).expect(403);
    });

    it('serves a personal iCalendar feed behind a secret link that can be replaced and revoked', async () => {
      const dropped = await signedIn(t, s.sec)
        .post(
          '/sessions',
          body({
            startsAt: at(9 * DAY),
            endsAt: at(9 * DAY + HOUR),
            creditedHours: 1,
            invite: { staffIds: [org.people.staffA1.id] },
          }),
        )
        .expect(201);
      await signedIn(t, s.sec)
        .post(`/sessions/${dropped.body.id}/cancel`, { reason: '另行通知' })
        .expect(200);
      const link = await signedIn(t, s.a1).post('/me/calendar').expect(200);
      const path = new URL(link.body.url as string).pathname;
      const feed = await request(t.http).get(path).expect(200);
      expect(feed.headers['content-type']).toContain('text/calendar');
      const text = feed.text.replace(/\r\n[ \t]/g, '');
      expect(text).toContain('BEGIN:VCALENDAR');
      expect(text).toContain(`UID:${id}@xuefa`);
      expect(text).toMatch(
        /SUMMARY:\d{4}年第\d+次党组理论学习中心组集体学习：学习《示范市信访工作办法》/,
      );
      const cancelledEvent = text.slice(text.indexOf(`UID:${dropped.body.id}@xuefa`));
      expect(cancelledEvent.slice(0, cancelledEvent.indexOf('END:VEVENT'))).toContain(
        'STATUS:CANCELLED',
      );
      expect(text).toContain('BEGIN:VALARM');
      const renewed = await signedIn(t, s.a1).post('/me/calendar').expect(200);
      await request(t.http).get(path).expect(404);
      const newPath = new URL(renewed.body.url as string).pathname;
      await request(t.http).get(newPath).expect(200);
      await signedIn(t, s.a1).delete('/me/calendar').expect(204);
      const gone = await request(t.http).get(newPath).expect(404);
      expect(gone.body.code).toBe('SESSIONS.CALENDAR_NOT_FOUND');
      await request(t.http).get('/calendar/nonsense').expect(404);
    });
  });
});
