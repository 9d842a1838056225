import { createHmac } from 'node:crypto';
import request from 'supertest';
import { SessionJobsService } from '../../src/modules/sessions/scheduling/session-jobs.service';
import { oneQuestionExam, publishExam, seedBank } from '../factories/exam.factory';
import { buildOrg } from '../factories/org.factory';
import { bearer, login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { FuzzCase, Json, OpenApiDocument } from '../utils/openapi-fuzz';
import { CaseBuilder, FAMILIES, IdPools, prng } from '../utils/openapi-fuzz';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

/**
 * Every operation of the OpenAPI document, as an admin and as a plain member of staff, with one
 * thing spoiled per request (see test/utils/openapi-fuzz.ts). None may answer 5xx, and every
 * error must be the envelope with a Chinese message. A run samples FUZZ_CASES cases (default
 * 2000, the same number for each operation and actor) from a seed it prints; FUZZ_SEED repeats a
 * run, FUZZ_DEBUG=1 prints how many of each family got which status and code.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.FUZZ_CASES ?? 2000);

type Actor = 'admin' | 'staff';

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe(`bad input never gets a 5xx: fuzz of every operation (e2e, seed ${SEED})`, () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  const sessions: Partial<Record<Actor, Session>> = {};
  let people: Awaited<ReturnType<typeof buildOrg>>['people'];
  const ids = new IdPools();
  let fixture: {
    units: Awaited<ReturnType<typeof buildOrg>>['units'];
    sec: Session;
    planId: string;
    lawId: string;
    questionId: string;
  };

  const relogin = async (actor: Actor) => {
    const who = actor === 'admin' ? people.rootAdmin : people.staffA1;
    await t.dataSource.query('UPDATE staff SET active = true WHERE id = $1', [who.id]);
    await t.dataSource.query(
      'UPDATE staff_credential SET must_change_password = false, locked_until = NULL, failed_attempts = 0 WHERE staff_id = $1',
      [who.id],
    );
    sessions[actor] = await login(t, who);
  };

  beforeAll(async () => {
    process.stdout.write(`fuzz seed ${SEED} (repeat with FUZZ_SEED=${SEED})\n`);
    t = await createTestApp();
    const org = await buildOrg(t);
    people = org.people;
    await relogin('admin');
    await relogin('staff');
    const secSession = await login(t, people.secA);
    const sec = signedIn(t, secSession);
    const admin = signedIn(t, sessions.admin!);
    const staff = signedIn(t, sessions.staff!);

    // Something behind the ids, so requests reach past the 404s into the services.
    const bank = await seedBank(t, { single_choice: 6, true_false: 2, short_answer: 1 });
    const plan = await admin
      .post('/plans', {
        unitId: org.units.bureauA.id,
        year: 2026,
        title: '2026年度学法考法计划',
        requiredHours: 4,
        passTarget: 95,
      })
      .expect(201);
    const planId = plan.body.id as string;
    fixture = {
      units: org.units,
      sec: secSession,
      planId,
      lawId: bank.lawId,
      questionId: Object.values(bank.codes)[2],
    };
    await admin
      .put(`/plans/${planId}/required-laws`, { laws: [{ lawId: bank.lawId }] })
      .expect(200);
    await admin
      .post(`/plans/${planId}/responsibility-items`, { title: '学习信访工作条例' })
      .then(() => undefined);
    await admin.patch(`/plans/${planId}`, { status: 'active' }).expect(200);
    const examId = await publishExam(
      sec,
      oneQuestionExam({
        unitId: org.units.bureauA.id,
        planId,
        audienceUnitIds: [org.units.bureauA.id],
        questionId: Object.values(bank.codes)[0],
        now: t.clock.nowMs(),
      }),
    );
    await sec
      .post('/exams', {
        unitId: org.units.bureauA.id,
        planId,
        title: '模拟考试（草稿）',
        kind: 'mock',
        opensAt: new Date(t.clock.nowMs() + 86_400_000).toISOString(),
        closesAt: new Date(t.clock.nowMs() + 2 * 86_400_000).toISOString(),
        durationMinutes: 30,
        audienceUnitIds: [org.units.bureauA.id],
        paperMode: 'fixed',
        questions: [{ questionId: Object.values(bank.codes)[1], points: 100 }],
      })
      .expect(201);
    await sec
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'law_study',
        topic: '下周的学法活动',
        startsAt: new Date(t.clock.nowMs() + 7 * 86_400_000).toISOString(),
        endsAt: new Date(t.clock.nowMs() + 7 * 86_400_000 + 3_600_000).toISOString(),
        place: '会议室',
        organiser: '法规科',
        creditedHours: 1,
        invite: { unitIds: [org.units.deptA2.id] },
      })
      .expect(201);
    const attempt = await staff.post(`/exams/${examId}/attempts`).expect(201);
    ids.add('attemptId', attempt.body.id as string);
    await staff.post('/me/practice', { lawId: bank.lawId, count: 5 }).then((r) => {
      if (r.status === 201) ids.add('practice', r.body.id as string);
    });
    const session = await sec
      .post('/sessions', {
        unitId: org.units.bureauA.id,
        type: 'theory_group',
        topic: '学习示范办法',
        startsAt: new Date(t.clock.nowMs() - 600_000).toISOString(),
        endsAt: new Date(t.clock.nowMs() + 3_600_000).toISOString(),
        place: '会议室',
        organiser: '局党组书记',
        creditedHours: 1,
        invite: { staffIds: [people.staffA1.id, people.staffA2.id] },
      })
      .expect(201);
    await t.get(SessionJobsService).start(session.body.id as string);
    await staff
      .post('/me/study/court-hearings', {
        date: '2026-03-02',
        court: '示范市中级人民法院',
        caseName: '张某诉某局案',
        mode: 'in_person',
        hours: 2,
      })
      .then(() => undefined);
    await admin
      .post(`/plans/${planId}/exemptions`, {
        staffId: people.staffA2.id,
        reason: '退休',
        approvedBy: '局党组',
        approvedOn: '2026-06-20',
      })
      .then(() => undefined);

    doc = (await request(t.http).get('/api/docs-json').expect(200)).body as OpenApiDocument;

    // Harvest the ids every list shows each actor (not the actors' own: a PATCH that disables
    // the admin would only end the run early).
    const own = new Set([people.rootAdmin.id, people.staffA1.id, people.secA.id]);
    const harvestAll = async (withParams: boolean) => {
      for (const [template, ops] of Object.entries(doc.paths)) {
        if (!ops.get || /export|file|certificate|report|template|docs/.test(template)) continue;
        const params = (ops.get.parameters ?? []).filter((p) => p.in === 'path');
        if (withParams !== params.length > 0) continue;
        const builder = new CaseBuilder(doc, ids, prng(1));
        const url = withParams ? builder.build('GET', template, ops.get, 'valid').url : template;
        const resource =
          template
            .split('/')
            .filter((s) => s && !s.startsWith('{'))
            .pop() ?? '';
        for (const actor of ['admin', 'staff'] as Actor[]) {
          const res = await signedIn(t, sessions[actor]!).get(url.split('?')[0]);
          if (res.status === 200) ids.harvest(resource, res.body, own);
        }
      }
    };
    await harvestAll(false);
    await harvestAll(true);
  }, 120_000);
  afterAll(() => t.close());

  const send = (c: FuzzCase, token: string | undefined) => {
    let req = request(t.http)[c.method.toLowerCase() as 'get'](c.url);
    if (token) req = req.set('Authorization', bearer(token));
    if (c.body?.kind === 'raw') return req.set('Content-Type', c.body.type).send(c.body.text);
    if (c.body?.kind === 'json') {
      return req.set('Content-Type', 'application/json').send(JSON.stringify(c.body.value));
    }
    if (c.multipart) {
      for (const [k, v] of Object.entries(c.multipart.fields)) req = req.field(k, v);
      if (c.multipart.file) req = req.attach(c.multipart.file, Buffer.from('%PDF-1.4\n'), 'a.pdf');
    }
    return req;
  };

  /** What is wrong with a response, or undefined. */
  const problem = (status: number, body: unknown): string | undefined => {
    if (status >= 500) return `status ${status} ${JSON.stringify(body).slice(0, 200)}`;
    if (status < 400) return undefined;
    const b = body as Record<string, unknown>;
    if (
      typeof b !== 'object' ||
      b === null ||
      b.statusCode !== status ||
      typeof b.code !== 'string' ||
      !/^[A-Z_]+\.[A-Z0-9_]+$/.test(b.code) ||
      typeof b.message !== 'string' ||
      !/[\u4e00-\u9fff]/.test(b.message) ||
      typeof b.requestId !== 'string'
    ) {
      return `status ${status} without the envelope: ${JSON.stringify(body).slice(0, 200)}`;
    }
    return undefined;
  };

  it('answers an explicit null for each field of every PATCH with a 2xx or a 4xx, never 5xx', async () => {
    const builder = new CaseBuilder(doc, ids, prng(SEED));
    const failures: string[] = [];
    let reached = 0;
    for (const [method, template, op] of builder.operations()) {
      if (method !== 'PATCH') continue;
      for (const field of builder.bodyFields(op)) {
        const c = builder.build(method, template, op, 'valid');
        const res = await send(
          { ...c, body: { kind: 'json', value: { [field]: null } } },
          sessions.admin!.accessToken,
        );
        if (res.status !== 404) reached++;
        const wrong = problem(res.status, res.body);
        if (wrong) failures.push(`PATCH ${c.url} {"${field}":null}: ${wrong}`);
      }
    }
    expect(failures).toEqual([]);
    expect(reached).toBeGreaterThan(10);
  });

  it('answers an explicit null for each field of valid create bodies with a 2xx or a 4xx, never 5xx', async () => {
    const { units, planId, lawId, questionId } = fixture;
    const day = 86_400_000;
    const at = (ms: number) => new Date(t.clock.nowMs() + ms).toISOString();
    // Practice is refused while an exam attempt is in progress (the fuzz may have started one):
    // hand the staff member's attempts in first, so the practice body is valid.
    const open = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM exam_attempt WHERE staff_id = $1 AND status = 'in_progress'`,
      [people.staffA1.id],
    );
    for (const { id } of open)
      await signedIn(t, sessions.staff!).post(`/exam-attempts/${id}/submit`, {});
    const creates: [Session, string, Record<string, Json>][] = [
      [
        sessions.admin!,
        '/org-units',
        {
          parentId: units.bureauB.id,
          code: 'NULL-1',
          name: '空值科',
          kind: 'department',
          sortOrder: 3,
        },
      ],
      [
        sessions.admin!,
        '/staff',
        {
          staffNo: 'N0001',
          name: '空值测试',
          unitId: units.bureauB.id,
          position: '科员',
          partyMember: true,
          employmentStart: '2020-01-01',
          employmentEnd: '2030-01-01',
          active: true,
        },
      ],
      [
        sessions.admin!,
        '/plans',
        {
          unitId: units.bureauB.id,
          year: 2027,
          title: '2027年度计划',
          periodStart: '2027-01-01',
          periodEnd: '2027-12-31',
          requiredHours: 4,
          participationTarget: 100,
          examTarget: 100,
          passTarget: 95,
          passMark: 60,
        },
      ],
      [
        fixture.sec,
        '/sessions',
        {
          unitId: units.bureauA.id,
          type: 'law_study',
          topic: '空值测试活动',
          startsAt: at(10 * day),
          endsAt: at(10 * day + 3_600_000),
          place: '会议室',
          onlineUrl: 'https://meeting.example.gov.cn/j/1',
          organiser: '法规科',
          creditedHours: 1,
          required: true,
          invite: { unitIds: [units.deptA2.id], partyMembersOnly: false },
          laws: [{ lawId, articles: [1] }],
          reminderOffsetsMinutes: [60],
        },
      ],
      [
        fixture.sec,
        '/exams',
        {
          unitId: units.bureauA.id,
          planId,
          title: '空值测试考试',
          kind: 'mock',
          opensAt: at(day),
          closesAt: at(2 * day),
          durationMinutes: 30,
          passMark: 60,
          attemptsAllowed: 2,
          scorePolicy: 'highest',
          audienceUnitIds: [units.deptA2.id],
          paperMode: 'fixed',
          questions: [{ questionId, points: 100 }],
          shuffleQuestions: true,
          shuffleOptions: false,
          multipleChoiceScoring: 'partial',
          reviewContent: 'with_answers',
          reviewTiming: 'after_close',
        },
      ],
      [
        sessions.staff!,
        '/me/study/court-hearings',
        {
          date: '2026-03-02',
          court: '示范市中级人民法院',
          caseName: '李某诉某局案',
          caseNo: '（2026）示01行初1号',
          mode: 'video',
          hours: 1.5,
          note: '学习体会',
          lawIds: [lawId],
        },
      ],
      [
        sessions.admin!,
        `/plans/${planId}/exemptions`,
        {
          staffId: people.hrA.id,
          reason: '病休',
          approvedBy: '局党组',
          approvedOn: '2026-06-20',
        },
      ],
      [
        sessions.admin!,
        '/exports',
        { kind: 'unit_workbook', unitId: units.bureauA.id, year: 2026, planId },
      ],
      [sessions.staff!, '/me/practice', { source: 'law', lawId, count: 5 }],
    ];
    const failures: string[] = [];
    const refused: string[] = [];
    for (const [who, url, body] of creates) {
      const base = await send(
        {
          method: 'POST',
          url,
          template: url,
          family: 'valid',
          note: '',
          body: { kind: 'json', value: body },
        },
        who.accessToken,
      );
      if (base.status >= 300) refused.push(`${url} ${base.status} ${JSON.stringify(base.body)}`);
      for (const field of Object.keys(body)) {
        const res = await send(
          {
            method: 'POST',
            url,
            template: url,
            family: 'null',
            note: '',
            body: { kind: 'json', value: { ...body, [field]: null } },
          },
          who.accessToken,
        );
        const wrong = problem(res.status, res.body);
        if (wrong) failures.push(`POST ${url} {"${field}":null}: ${wrong}`);
      }
    }
    expect(failures).toEqual([]);
    // the bodies are valid, so the nulls are what the answers are about
    expect(refused).toEqual([]);
  });

  it('refuses malformed refresh tokens and validly signed tokens with malformed claims with 401', async () => {
    const secret = t.config.auth.jwtSecret as string;
    const sign = (claims: Record<string, Json>) => {
      const body = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
      return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    };
    const now = Math.floor(t.clock.nowMs() / 1000);
    const claims = JSON.parse(
      Buffer.from(sessions.admin!.accessToken.split('.')[1], 'base64url').toString(),
    ) as Record<string, Json>;
    const failures: string[] = [];
    for (const refreshToken of [
      `${'-'.repeat(36)}.${'a'.repeat(40)}`,
      `${'a'.repeat(36)}.${'a'.repeat(40)}`,
      `00000000-0000-0000-0000-00000000000g.${'a'.repeat(40)}`,
      `${'0'.repeat(36)}.${'a'.repeat(40)}`,
    ]) {
      const res = await request(t.http).post('/auth/refresh').send({ refreshToken });
      if (res.status !== 401 || problem(res.status, res.body))
        failures.push(`refresh ${refreshToken}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const malformed: Record<string, Json>[] = [
      { sid: 'not-a-uuid' },
      { sub: 'not-a-uuid' },
      { sid: '-'.repeat(36) },
      { ver: 1e308 },
      { ver: 2 ** 40 },
      { ver: 1.5 },
    ];
    for (const bad of malformed) {
      const token = sign({ ...claims, iat: now, exp: now + 600, ...bad });
      const res = await signedIn(t, token).get('/me');
      if (res.status !== 401 || problem(res.status, res.body))
        failures.push(`token ${JSON.stringify(bad)}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(failures).toEqual([]);
  });

  it(`answers ${CASES} sampled variants with no 5xx and every error in the envelope, in Chinese`, async () => {
    const rnd = prng(SEED);
    const builder = new CaseBuilder(doc, ids, rnd);
    const operations = builder.operations();
    const perOp = Math.max(1, Math.floor(CASES / (operations.length * 2)));
    const failures: string[] = [];
    let sent = 0;
    const histo = new Map<string, number>();
    for (const [method, template, op] of operations) {
      for (const actor of ['admin', 'staff'] as Actor[]) {
        for (let i = 0; i < perOp; i++) {
          const family = FAMILIES[Math.floor(rnd() * FAMILIES.length)];
          const c = builder.build(method, template, op, family);
          const res = await send(c, sessions[actor]!.accessToken);
          sent++;
          if (process.env.FUZZ_DEBUG) {
            const k = `${family} ${res.status} ${res.body?.code ?? ''}`;
            histo.set(k, (histo.get(k) ?? 0) + 1);
          }
          const wrong = problem(res.status, res.body);
          if (wrong) failures.push(`${actor} ${method} ${template} [${c.note}] ${c.url}: ${wrong}`);
          // a fuzzed logout, password reset or role change may end the actor's sign-in
          if (res.status === 401 || res.body?.code === 'AUTH.PASSWORD_CHANGE_REQUIRED') {
            await relogin(actor);
          }
        }
      }
    }
    if (process.env.FUZZ_DEBUG)
      process.stdout.write(
        [...histo]
          .sort()
          .map(([k, n]) => `${k}: ${n}`)
          .join('\n') + '\n',
      );
    process.stdout.write(`fuzz seed ${SEED}: ${sent} requests, ${failures.length} failures\n`);
    expect(failures).toEqual([]);
  }, 300_000);
});
