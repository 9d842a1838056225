import request from 'supertest';
import { LawImportService } from '../../src/modules/curriculum/laws/law-import.service';
import { fixtureLaw } from '../factories/law-fixtures';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('annual plans and the 普法责任清单 (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let adminA: Session;
  let hrB: Session;
  let staffA1: Session;
  let staffB: Session;
  let lawId: string;
  let planId: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
    adminA = await login(t, org.people.adminA);
    hrB = await login(t, org.people.hrB);
    staffA1 = await login(t, org.people.staffA1);
    staffB = await login(t, org.people.staffB);
    lawId = (await t.get(LawImportService).importText(fixtureLaw(), { source: 'f.md' })).lawId;
  });
  afterAll(() => t.close());

  const planCount = async () =>
    Number(
      (await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM study_plan'))[0].n,
    );

  it('creates a plan for a unit and year with default targets of 100% and pass mark 60', async () => {
    const res = await signedIn(t, adminA)
      .post('/plans')
      .send({
        unitId: org.units.bureauA.id,
        year: 2026,
        title: '2026年度学法考法工作计划',
        requiredHours: 40,
      })
      .expect(201);
    expect(res.body).toMatchObject({
      unit: { id: org.units.bureauA.id },
      year: 2026,
      periodStart: '2026-01-01',
      periodEnd: '2026-12-31',
      requiredHours: 40,
      participationTarget: 100,
      examTarget: 100,
      passTarget: 100,
      passMark: 60,
      status: 'draft',
      requiredLaws: [],
      responsibilityItems: [],
    });
    planId = res.body.id as string;
  });

  it('refuses a second plan for the same unit and year, bad periods, targets and foreign units', async () => {
    const before = await planCount();
    const cases: [object, number, string][] = [
      [
        { unitId: org.units.bureauA.id, year: 2026, title: '重复', requiredHours: 1 },
        409,
        'CURRICULUM.PLAN_EXISTS',
      ],
      [
        {
          unitId: org.units.deptA1.id,
          year: 2026,
          title: '期间',
          requiredHours: 1,
          periodStart: '2026-06-01',
          periodEnd: '2026-01-01',
        },
        422,
        'CURRICULUM.PLAN_PERIOD_INVALID',
      ],
      [
        {
          unitId: org.units.deptA1.id,
          year: 2026,
          title: '目标',
          requiredHours: 1,
          passTarget: 120,
        },
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        { unitId: org.units.bureauB.id, year: 2026, title: '别人的', requiredHours: 1 },
        404,
        'CURRICULUM.PLAN_NOT_FOUND',
      ],
      [
        { unitId: org.units.deptA1.id, year: 1999, title: '年份', requiredHours: 1 },
        400,
        'COMMON.VALIDATION_FAILED',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await signedIn(t, adminA).post('/plans').send(body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    }
    expect(await planCount()).toBe(before);
  });

  it('sets required laws, narrowed to chapters or articles that exist', async () => {
    const ok = await signedIn(t, adminA)
      .put(`/plans/${planId}/required-laws`)
      .send({ laws: [{ lawId, nodeKeys: ['第一章'], articles: [3, 1] }] })
      .expect(200);
    expect(ok.body.requiredLaws).toEqual([
      {
        lawId,
        title: '示范市信访工作办法',
        shortTitle: '示范市信访工作办法',
        nodeKeys: ['第一章'],
        articles: [1, 3],
      },
    ]);
    for (const [laws, reason] of [
      [[{ lawId, nodeKeys: ['第九章'] }], '没有“第九章”'],
      [[{ lawId, articles: [4] }], '没有第 4 条'],
      [[{ lawId }, { lawId }], '只能列一次'],
      [[{ lawId: '00000000-0000-4000-8000-000000000000' }], '不存在'],
    ] as const) {
      const res = await signedIn(t, adminA)
        .put(`/plans/${planId}/required-laws`)
        .send({ laws })
        .expect(422);
      expect(res.body.code).toBe('CURRICULUM.REQUIRED_LAW_INVALID');
      expect(res.body.message).toContain(reason);
    }
    const unchanged = await signedIn(t, adminA).get(`/plans/${planId}`).expect(200);
    expect(unchanged.body.requiredLaws).toHaveLength(1);
  });

  it('shows the plan to staff it covers and hides it from other units (404)', async () => {
    const mine = await signedIn(t, staffA1).get('/plans').expect(200);
    expect(mine.body.items.map((p: { id: string }) => p.id)).toEqual([planId]);
    await signedIn(t, staffA1).get(`/plans/${planId}`).expect(200);
    await signedIn(t, staffB).get(`/plans/${planId}`).expect(404);
    await signedIn(t, hrB).get(`/plans/${planId}`).expect(404);
    const none = await signedIn(t, hrB).get('/plans').expect(200);
    expect(none.body.total).toBe(0);
    await signedIn(t, staffA1).patch(`/plans/${planId}`).send({ title: '改' }).expect(403);
  });

  it('keeps the 普法责任清单 private until published, then serves it without signing in', async () => {
    const item = await signedIn(t, adminA)
      .post(`/plans/${planId}/responsibility-items`)
      .send({
        lawId,
        activity: '组织全体干部职工集中学习并参加网上答题',
        owner: '法规科',
        deadline: '2026-12-04',
      })
      .expect(201);
    expect(item.body).toMatchObject({
      topic: '示范市信访工作办法',
      status: 'planned',
      sortOrder: 0,
    });
    await signedIn(t, adminA)
      .post(`/plans/${planId}/responsibility-items`)
      .send({ topic: '宪法宣传周', activity: '开展宪法宣传活动', owner: '办公室' })
      .expect(201);
    await signedIn(t, adminA)
      .post(`/plans/${planId}/responsibility-items`)
      .send({ activity: '没有主题', owner: '办公室' })
      .expect(422);
    await request(t.http).get(`/public/plans/${planId}/responsibility-list`).expect(404);
    await signedIn(t, adminA).post(`/plans/${planId}/responsibility-list/publish`).expect(200);
    const pub = await request(t.http)
      .get(`/public/plans/${planId}/responsibility-list`)
      .expect(200);
    expect(pub.body).toMatchObject({
      unitName: '测试市信访局',
      year: 2026,
      planTitle: '2026年度学法考法工作计划',
    });
    expect(pub.body.items.map((i: { topic: string }) => i.topic)).toEqual([
      '示范市信访工作办法',
      '宪法宣传周',
    ]);
    const done = await signedIn(t, adminA)
      .patch(`/plans/${planId}/responsibility-items/${item.body.id}`)
      .send({ status: 'done' })
      .expect(200);
    expect(done.body.status).toBe('done');
    await signedIn(t, adminA).post(`/plans/${planId}/responsibility-list/unpublish`).expect(200);
    await request(t.http).get(`/public/plans/${planId}/responsibility-list`).expect(404);
    await request(t.http).get('/public/plans/not-a-uuid/responsibility-list').expect(400);
  });

  it('moves through draft → active → closed, and a closed plan cannot change', async () => {
    const plan = await signedIn(t, adminA)
      .post('/plans')
      .send({ unitId: org.units.deptA2.id, year: 2025, title: '2025年度计划', requiredHours: 30 })
      .expect(201);
    const id = plan.body.id as string;
    await signedIn(t, adminA).patch(`/plans/${id}`).send({ status: 'closed' }).expect(409);
    await signedIn(t, adminA).patch(`/plans/${id}`).send({ status: 'active' }).expect(200);
    await signedIn(t, adminA).delete(`/plans/${id}`).expect(409);
    await signedIn(t, adminA)
      .patch(`/plans/${id}`)
      .send({ status: 'closed', requiredHours: 20 })
      .expect(200);
    const closed = await signedIn(t, adminA)
      .patch(`/plans/${id}`)
      .send({ title: '改名' })
      .expect(409);
    expect(closed.body.code).toBe('CURRICULUM.PLAN_CLOSED');
    const after = await signedIn(t, adminA).get(`/plans/${id}`).expect(200);
    expect(after.body).toMatchObject({
      status: 'closed',
      requiredHours: 20,
      title: '2025年度计划',
    });
  });

  it('lets a secretary write the plans and 普法责任清单 of units in scope; HR is told which roles may', async () => {
    const secA = await login(t, org.people.secA);
    const hrA = await login(t, org.people.hrA);
    const created = await signedIn(t, secA)
      .post('/plans', {
        unitId: org.units.deptA1.id,
        year: 2027,
        title: '科室计划',
        requiredHours: 8,
      })
      .expect(201);
    const id = created.body.id as string;
    await signedIn(t, secA)
      .patch(`/plans/${id}`, { passTarget: 95, requiredHours: 10 })
      .expect(200);
    const laws = await signedIn(t, secA)
      .put(`/plans/${id}/required-laws`, { laws: [{ lawId, articles: [1, 2] }] })
      .expect(200);
    expect(laws.body).toMatchObject({
      passTarget: 95,
      requiredHours: 10,
      requiredLaws: [{ lawId, articles: [1, 2] }],
    });
    await signedIn(t, secA)
      .post(`/plans/${id}/responsibility-items`, {
        lawId,
        activity: '集中学习',
        owner: '来访接待科',
      })
      .expect(201);
    await signedIn(t, secA).post(`/plans/${id}/responsibility-list/publish`).expect(200);
    const pub = await request(t.http).get(`/public/plans/${id}/responsibility-list`).expect(200);
    expect(pub.body.items).toHaveLength(1);
    // outside the secretary's bureau: no such plan
    await signedIn(t, secA)
      .post('/plans', {
        unitId: org.units.bureauB.id,
        year: 2027,
        title: '外单位',
        requiredHours: 8,
      })
      .expect(404);
    // HR reads plans but does not write them, and the refusal names the roles that may
    for (const res of [
      await signedIn(t, hrA).patch(`/plans/${id}`, { title: '改' }),
      await signedIn(t, hrA).post(`/plans/${id}/responsibility-list/unpublish`),
      await signedIn(t, hrA).delete(`/plans/${id}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        code: 'COMMON.FORBIDDEN',
        message:
          '您没有执行此操作的权限：需要以下角色之一：系统管理员、党组（支部）书记/学习组织员',
      });
    }
    await signedIn(t, hrA).get(`/plans/${id}`).expect(200);
    await signedIn(t, secA).delete(`/plans/${id}`).expect(204);
  });
});
