import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkinCode,
  CODE_PERIOD_MS,
} from '../../src/modules/sessions/attendance/attendance.service';
import { SessionJobsService } from '../../src/modules/sessions/scheduling/session-jobs.service';
import { seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import type { TestStaff } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

const MIN = 60_000;
const HOUR = 60 * MIN;
const LETTERS = 'ABCDEFGH';

/**
 * Attendance at one session, in the order a real afternoon goes: leave before the start,
 * check-in with rotating codes (on time, late, wrong, expired, twice), the secretary's marks and
 * corrections, closing after the end, and make-up study for whoever missed it. Time is the
 * controllable clock; the tests share one session and run in order.
 */
describe('session attendance and make-up study (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let p4: TestStaff;
  let p5: TestStaff;
  const s = {} as Record<'sec' | 'a1' | 'a2' | 'p4' | 'p5' | 'b', Session>;
  const uploadDir = mkdtempSync(join(tmpdir(), 'xuefa-attendance-'));
  let id: string;
  let startsAt: number;
  let endsAt: number;

  const signInAll = async () => {
    s.sec = await login(t, org.people.secA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
    s.p4 = await login(t, p4);
    s.p5 = await login(t, p5);
    s.b = await login(t, org.people.staffB);
  };
  /** Moves the app's clock to `instant` and signs everyone in again (sessions idle out). */
  const goTo = async (instant: number) => {
    t.clock.set(new Date(instant));
    await signInAll();
  };
  const currentCode = async () =>
    (await signedIn(t, s.sec).get(`/sessions/${id}/checkin`).expect(200)).body.code as string;
  const records = (staffId: string) =>
    t.dataSource.query<{ kind: string; status: string; hours: string; source_key: string }[]>(
      'SELECT kind, status, hours, source_key FROM study_record WHERE staff_id = $1 ORDER BY kind',
      [staffId],
    );

  beforeAll(async () => {
    t = await createTestApp({ env: { UPLOAD_DIR: uploadDir } });
    org = await buildOrg(t);
    p4 = await org.f.staff({ unit: org.units.deptA1, name: '第四人' });
    p5 = await org.f.staff({ unit: org.units.deptA2, name: '第五人' });
    const bank = await seedBank(t, { single_choice: 3, true_false: 2 });
    await signInAll();
    startsAt = Math.ceil((Date.now() + 2 * HOUR) / MIN) * MIN;
    endsAt = startsAt + 2 * HOUR;
    const created = await signedIn(t, s.sec)
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'law_study',
        topic: '集中学法：信访事项的受理与告知',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        place: '局三楼会议室',
        organiser: '办公室主任 李四',
        creditedHours: 2,
        invite: {
          staffIds: [org.people.staffA1.id, org.people.staffA2.id, p4.id, p5.id],
        },
        laws: [{ lawId: bank.lawId, articles: [2] }],
      })
      .expect(201);
    id = created.body.id as string;
    const pdf = Buffer.from('%PDF-1.4\n% 会议材料\ntrailer <<>>\n%%EOF\n');
    await signedIn(t, s.sec)
      .post(`/sessions/${id}/materials`)
      .attach('file', pdf, { filename: '受理告知要点.pdf' })
      .expect(201);
  });
  afterAll(async () => {
    t.clock.reset();
    await t.close();
    rmSync(uploadDir, { recursive: true, force: true });
  });

  it('takes a leave request before the start, once, from invitees only; approval marks excused', async () => {
    const asked = await signedIn(t, s.a2)
      .post(`/sessions/${id}/leave`, { reason: '参加市里培训' })
      .expect(201);
    expect(asked.body.status).toBe('pending');
    const twice = await signedIn(t, s.a2)
      .post(`/sessions/${id}/leave`, { reason: '再请一次' })
      .expect(409);
    expect(twice.body.code).toBe('SESSIONS.LEAVE_EXISTS');
    await signedIn(t, s.b).post(`/sessions/${id}/leave`, { reason: '我也请假' }).expect(404);
    await signedIn(t, s.a1)
      .post(`/sessions/${id}/leaves/${asked.body.id}/decision`, { approve: true })
      .expect(403);
    const decided = await signedIn(t, s.sec)
      .post(`/sessions/${id}/leaves/${asked.body.id}/decision`, { approve: true, note: '同意' })
      .expect(200);
    expect(decided.body.status).toBe('approved');
    await signedIn(t, s.sec)
      .post(`/sessions/${id}/leaves/${asked.body.id}/decision`, { approve: false })
      .expect(409);
    const notices = await signedIn(t, s.a2).get('/me/notifications').expect(200);
    expect(notices.body.items[0]).toMatchObject({ kind: 'leave_decided', title: '请假已批准' });
  });

  it('check-in: closed until opened, then only in its window, with the current code', async () => {
    await signedIn(t, s.sec).get(`/sessions/${id}/checkin`).expect(409);
    const closed = await signedIn(t, s.a1)
      .post(`/sessions/${id}/checkin`, { code: '123456' })
      .expect(409);
    expect(closed.body.code).toBe('SESSIONS.CHECKIN_NOT_OPEN');
    const opened = await signedIn(t, s.sec).post(`/sessions/${id}/checkin/open`).expect(200);
    expect(opened.body.code).toMatch(/^\d{6}$/);
    expect(opened.body.checkinUrl).toContain(`session=${id}`);
    const early = await signedIn(t, s.a1)
      .post(`/sessions/${id}/checkin`, { code: opened.body.code })
      .expect(409);
    expect(early.body.code).toBe('SESSIONS.CHECKIN_WINDOW');
    await signedIn(t, s.a1).post(`/sessions/${id}/checkin`, { code: '12ab56' }).expect(400);
  });

  it('marks present on time, late after 10 minutes; wrong, expired and twice change nothing', async () => {
    await goTo(startsAt - 10 * MIN);
    const code = await currentCode();
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const bad = await signedIn(t, s.a1)
      .post(`/sessions/${id}/checkin`, { code: wrong })
      .expect(422);
    expect(bad.body.code).toBe('SESSIONS.CHECKIN_CODE_INVALID');
    const [{ checkin_secret: secret }] = await t.dataSource.query<{ checkin_secret: string }[]>(
      'SELECT checkin_secret FROM study_session WHERE id = $1',
      [id],
    );
    const stale = checkinCode(secret, Math.floor((startsAt - 10 * MIN) / CODE_PERIOD_MS) - 3);
    if (stale !== code) {
      await signedIn(t, s.a1).post(`/sessions/${id}/checkin`, { code: stale }).expect(422);
    }
    const ok = await signedIn(t, s.a1).post(`/sessions/${id}/checkin`, { code }).expect(200);
    expect(ok.body).toMatchObject({ status: 'present', changed: true });
    const again = await signedIn(t, s.a1).post(`/sessions/${id}/checkin`, { code }).expect(200);
    expect(again.body).toMatchObject({ status: 'present', changed: false });
    await signedIn(t, s.b).post(`/sessions/${id}/checkin`, { code }).expect(404);
    expect(await records(org.people.staffA1.id)).toEqual([
      { kind: 'session', status: 'credited', hours: '2.00', source_key: id },
    ]);
    await goTo(startsAt + 11 * MIN);
    const late = await signedIn(t, s.p4).post(`/sessions/${id}/checkin`, {
      code: await currentCode(),
    });
    expect(late.body).toMatchObject({ status: 'late', changed: true });
    const tooLate = await signedIn(t, s.p5)
      .post(`/sessions/${id}/leave`, { reason: '临时有事' })
      .expect(409);
    expect(tooLate.body.code).toBe('SESSIONS.LEAVE_TOO_LATE');
  });

  it('the secretary corrects a mark (audited); absent takes the hours back, present gives them', async () => {
    await signedIn(t, s.a1)
      .put(`/sessions/${id}/attendance/${p4.id}`, { status: 'present' })
      .expect(403);
    await signedIn(t, s.sec)
      .put(`/sessions/${id}/attendance/${org.people.staffB.id}`, { status: 'present' })
      .expect(422);
    const absent = await signedIn(t, s.sec)
      .put(`/sessions/${id}/attendance/${p4.id}`, { status: 'absent', note: '签到后离开' })
      .expect(200);
    expect(absent.body).toMatchObject({ status: 'absent', source: 'secretary' });
    expect((await records(p4.id))[0]).toMatchObject({ kind: 'session', status: 'revoked' });
    await signedIn(t, s.sec)
      .put(`/sessions/${id}/attendance/${p4.id}`, { status: 'late', note: '核实后改为迟到' })
      .expect(200);
    expect((await records(p4.id))[0]).toMatchObject({ kind: 'session', status: 'credited' });
    const audit = await t.dataSource.query<{ details: { from: string; to: string } }[]>(
      `SELECT details FROM audit_log WHERE action = 'session.attendance' ORDER BY id`,
    );
    expect(audit.map((a) => [a.details.from, a.details.to])).toEqual([
      ['late', 'absent'],
      ['absent', 'late'],
    ]);
    const list = await signedIn(t, s.sec).get(`/sessions/${id}/attendance`).expect(200);
    expect(list.body).toMatchObject({
      invited: 4,
      present: 1,
      late: 1,
      excused: 1,
      absent: 0,
      unmarked: 1,
      closed: false,
    });
  });

  it('after the end the unmarked become absent, and absentees and the excused get make-up study', async () => {
    await goTo(endsAt + 16 * MIN);
    await t.get(SessionJobsService).sweep();
    const list = await signedIn(t, s.sec).get(`/sessions/${id}/attendance`).expect(200);
    expect(list.body).toMatchObject({ absent: 1, unmarked: 0, closed: true });
    expect(list.body.rows.find((r: { staffId: string }) => r.staffId === p5.id)).toMatchObject({
      status: 'absent',
      source: 'auto',
    });
    const tasks = await t.dataSource.query<{ staff_id: string }[]>(
      'SELECT staff_id FROM study_session_makeup WHERE session_id = $1 ORDER BY staff_id',
      [id],
    );
    expect(tasks.map((x) => x.staff_id).sort()).toEqual([org.people.staffA2.id, p5.id].sort());
    const inbox = await signedIn(t, s.p5).get('/me/notifications').expect(200);
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain('makeup_task');
    // closing again changes nothing
    expect(await t.get(SessionJobsService).end(id)).toBe(false);
    const mine = await signedIn(t, s.a1).get('/me/sessions').expect(200);
    expect(mine.body.find((m: { id: string }) => m.id === id)).toMatchObject({
      attendance: 'present',
    });
  });

  it('make-up study: read first, a failed quiz is replaced, a pass credits the hours once', async () => {
    const list = await signedIn(t, s.p5).get('/me/makeups').expect(200);
    expect(list.body).toEqual([
      expect.objectContaining({ sessionId: id, status: 'open', creditedHours: 2 }),
    ]);
    const detail = await signedIn(t, s.p5).get(`/me/makeups/${id}`).expect(200);
    expect(detail.body.materials.map((m: { fileName: string }) => m.fileName)).toEqual([
      '受理告知要点.pdf',
    ]);
    expect(detail.body.questions).toHaveLength(5);
    expect(JSON.stringify(detail.body)).not.toMatch(/"(answer|correctAnswer|explanation)"/);
    const n = detail.body.questions.length as number;
    const unread = await signedIn(t, s.p5)
      .post(`/me/makeups/${id}/submit`, { answers: Array.from({ length: n }, () => ['A']) })
      .expect(422);
    expect(unread.body.code).toBe('SESSIONS.MAKEUP_READ_FIRST');
    await signedIn(t, s.p5).post(`/me/makeups/${id}/read`).expect(200);
    await signedIn(t, s.p5)
      .post(`/me/makeups/${id}/submit`, { answers: [['A']] })
      .expect(422);
    const wrong = await signedIn(t, s.p5)
      .post(`/me/makeups/${id}/submit`, { answers: await answers(p5.id, false) })
      .expect(200);
    expect(wrong.body).toMatchObject({ passed: false, correct: 0, total: 5 });
    expect(await records(p5.id)).toEqual([]);
    const right = await signedIn(t, s.p5)
      .post(`/me/makeups/${id}/submit`, { answers: await answers(p5.id, true) })
      .expect(200);
    expect(right.body).toMatchObject({ passed: true, correct: 5, total: 5 });
    expect(await records(p5.id)).toEqual([
      { kind: 'makeup_study', status: 'credited', hours: '2.00', source_key: id },
    ]);
    await signedIn(t, s.p5)
      .post(`/me/makeups/${id}/submit`, { answers: await answers(p5.id, true) })
      .expect(409);
    await signedIn(t, s.a1).get(`/me/makeups/${id}`).expect(404);
  });

  it('a late correction to present takes back the make-up credit: the hours never count twice', async () => {
    await signedIn(t, s.sec)
      .put(`/sessions/${id}/attendance/${p5.id}`, { status: 'present', note: '补登：实际到会' })
      .expect(200);
    expect(await records(p5.id)).toEqual([
      { kind: 'makeup_study', status: 'revoked', hours: '2.00', source_key: id },
      { kind: 'session', status: 'credited', hours: '2.00', source_key: id },
    ]);
  });

  it('a mark made while the session closes waits for the close and corrects its mark', async () => {
    const start = Math.ceil((t.clock.now().getTime() + HOUR) / MIN) * MIN;
    const created = await signedIn(t, s.sec)
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'law_study',
        topic: '集中学法：信访事项的办理期限',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + HOUR).toISOString(),
        place: '局三楼会议室',
        organiser: '办公室主任 李四',
        creditedHours: 1,
        invite: { staffIds: [p4.id] },
      })
      .expect(201);
    const other = created.body.id as string;
    await goTo(start + HOUR + 16 * MIN);
    // a close in progress: the session row locked and the unmarked marked absent, not committed
    const close = t.dataSource.createQueryRunner();
    await close.connect();
    await close.startTransaction();
    try {
      await close.query('SELECT id FROM study_session WHERE id = $1 FOR UPDATE', [other]);
      await close.query(
        `INSERT INTO study_session_attendance (session_id, staff_id, status, source, marked_at)
         VALUES ($1, $2, 'absent', 'auto', now())`,
        [other, p4.id],
      );
      let settled = false;
      const mark = signedIn(t, s.sec)
        .put(`/sessions/${other}/attendance/${p4.id}`, { status: 'present', note: '补登' })
        .then((res) => {
          settled = true;
          return res;
        });
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
      await close.commitTransaction();
      const res = await mark;
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ staffId: p4.id, status: 'present', source: 'secretary' });
    } finally {
      if (close.isTransactionActive) await close.rollbackTransaction();
      await close.release();
    }
    const [row] = await t.dataSource.query<{ status: string; source: string }[]>(
      'SELECT status, source FROM study_session_attendance WHERE session_id = $1 AND staff_id = $2',
      [other, p4.id],
    );
    expect(row).toEqual({ status: 'present', source: 'secretary' });
  });

  /** The letters as shown to the examinee: the keys, or a wrong choice for each. */
  async function answers(staffId: string, right: boolean): Promise<string[][]> {
    const [task] = await t.dataSource.query<
      { quiz: { revisionId: string; optionOrder: number[] }[] }[]
    >('SELECT quiz FROM study_session_makeup WHERE session_id = $1 AND staff_id = $2', [
      id,
      staffId,
    ]);
    const out: string[][] = [];
    for (const q of task.quiz) {
      const [rev] = await t.dataSource.query<{ answer: string }[]>(
        'SELECT answer FROM question_revision WHERE id = $1',
        [q.revisionId],
      );
      const key = q.optionOrder.indexOf(LETTERS.indexOf(rev.answer));
      const shown = right ? key : (key + 1) % q.optionOrder.length;
      out.push([LETTERS[shown]]);
    }
    return out;
  }
});

/** Two API replicas of one deployment (same database and Redis prefix) take the guesses. */
describe('check-in code guessing (e2e)', () => {
  let t: TestApp;
  let replica: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let id: string;
  let startsAt: number;
  const s = {} as Record<'sec' | 'a1' | 'a2', Session>;

  beforeAll(async () => {
    t = await createTestApp();
    replica = await createTestApp({ db: t.db, redisPrefix: t.config.redis.prefix });
    org = await buildOrg(t);
    startsAt = Math.ceil((Date.now() + 2 * HOUR) / MIN) * MIN;
    s.sec = await login(t, org.people.secA);
    const created = await signedIn(t, s.sec)
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'law_study',
        topic: '集中学法：签到码',
        organiser: '办公室主任 李四',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + HOUR).toISOString(),
        place: '局三楼会议室',
        creditedHours: 1,
        invite: { staffIds: [org.people.staffA1.id, org.people.staffA2.id] },
      })
      .expect(201);
    id = created.body.id as string;
    await signedIn(t, s.sec).post(`/sessions/${id}/checkin/open`).expect(200);
    for (const app of [t, replica]) app.clock.set(new Date(startsAt - 5 * MIN));
    s.sec = await login(t, org.people.secA);
    s.a1 = await login(t, org.people.staffA1);
    s.a2 = await login(t, org.people.staffA2);
  });
  afterAll(async () => {
    await replica.close();
    await t.close();
  });

  const currentCode = async () =>
    (await signedIn(t, s.sec).get(`/sessions/${id}/checkin`).expect(200)).body.code as string;
  const wrongCode = (code: string, n: number) =>
    String((Number(code) + n) % 1_000_000).padStart(6, '0');
  const attendanceRows = async () =>
    (
      await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM study_session_attendance WHERE session_id = $1',
        [id],
      )
    )[0].n;

  it('allows 5 wrong codes a minute per person and session, even fired at once at two replicas, then answers 429', async () => {
    const code = await currentCode();
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signedIn(i % 2 ? replica : t, s.a1)
          .post(`/sessions/${id}/checkin`)
          .send({ code: wrongCode(code, i + 1) }),
      ),
    );
    const statuses = guesses.map((r) => r.status);
    expect(statuses.filter((x) => x === 422)).toHaveLength(5);
    expect(statuses.filter((x) => x === 429)).toHaveLength(35);
    const refused = guesses.find((r) => r.status === 429);
    expect(refused?.body).toMatchObject({
      statusCode: 429,
      code: 'SESSIONS.CHECKIN_TOO_MANY_ATTEMPTS',
    });
    expect(refused?.body.message).toMatch(/^签到码输入错误次数过多，请 \d+ 秒后再试$/);
    // while the wait lasts even the right code is refused, so guessing gains nothing
    await signedIn(t, s.a1).post(`/sessions/${id}/checkin`, { code }).expect(429);
    expect(await attendanceRows()).toBe(0);
    // someone else at the same session is not affected
    const other = await signedIn(t, s.a2).post(`/sessions/${id}/checkin`, { code }).expect(200);
    expect(other.body).toMatchObject({ status: 'present', changed: true });
    // after a minute the first person may try again
    t.clock.advance(61_000);
    await signedIn(t, s.a1)
      .post(`/sessions/${id}/checkin`, { code: await currentCode() })
      .expect(200);
    expect(await attendanceRows()).toBe(2);
  });
});
