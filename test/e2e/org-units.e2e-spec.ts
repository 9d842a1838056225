import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('org units (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let root: Session;
  let adminA: Session;
  let hrB: Session;
  let staff: Session;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
    root = await login(t, org.people.rootAdmin);
    adminA = await login(t, org.people.adminA);
    hrB = await login(t, org.people.hrB);
    staff = await login(t, org.people.staffA1);
  });
  afterAll(() => t.close());

  const count = async () =>
    Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM org_unit'))[0].n);

  it('creates units of any depth under a unit in scope, and audits it', async () => {
    const res = await signedIn(t, adminA)
      .post('/org-units')
      .send({ parentId: org.units.deptA1.id, code: 'A1-G1', name: '第一小组', kind: 'other' })
      .expect(201);
    expect(res.body).toMatchObject({
      code: 'A1-G1',
      name: '第一小组',
      depth: 4,
      parentId: org.units.deptA1.id,
    });
    const deeper = await signedIn(t, adminA)
      .post('/org-units')
      .send({ parentId: res.body.id, code: 'A1-G1-X', name: '子组', kind: 'other' })
      .expect(201);
    expect(deeper.body.depth).toBe(5);
    const audit = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'org_unit.create' AND target_id = $1`,
      [res.body.id],
    );
    expect(Number(audit[0].n)).toBe(1);
  });

  it('refuses a parent outside the scope (404), a taken code (409) and bad input (400), writing nothing', async () => {
    const before = await count();
    const outside = await signedIn(t, adminA)
      .post('/org-units')
      .send({ parentId: org.units.bureauB.id, code: 'B-NEW', name: '新科室', kind: 'department' })
      .expect(404);
    expect(outside.body.code).toBe('ORG_UNITS.PARENT_NOT_FOUND');
    const taken = await signedIn(t, adminA)
      .post('/org-units')
      .send({
        parentId: org.units.bureauA.id,
        code: org.units.deptA2.code,
        name: 'x',
        kind: 'department',
      })
      .expect(409);
    expect(taken.body.code).toBe('ORG_UNITS.CODE_TAKEN');
    const bad = await signedIn(t, adminA)
      .post('/org-units')
      .send({ parentId: 'nope', code: '中文', name: '', kind: 'planet', extra: true })
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['code', 'extra', 'kind', 'name', 'parentId'].sort(),
    );
    expect(await count()).toBe(before);
  });

  it('lets only admins write and keeps readers inside their scope', async () => {
    await signedIn(t, staff)
      .post('/org-units')
      .send({ parentId: org.units.deptA1.id, code: 'S-1', name: 'x', kind: 'other' })
      .expect(403);
    const list = await signedIn(t, hrB).get('/org-units').expect(200);
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([org.units.bureauB.id]);
    const other = await signedIn(t, hrB).get(`/org-units/${org.units.bureauA.id}`).expect(404);
    expect(other.body.code).toBe('ORG_UNITS.NOT_FOUND');
    await signedIn(t, staff).get('/org-units').expect(403);
  });

  it('lists with filters and pagination, and returns the scope as a tree', async () => {
    const page1 = await signedIn(t, root).get('/org-units?pageSize=2&page=1').expect(200);
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.total).toBeGreaterThanOrEqual(6);
    expect(page1.body.items[0].id).toBe(org.units.province.id);
    const kids = await signedIn(t, root)
      .get(`/org-units?parentId=${org.units.bureauA.id}&kind=department`)
      .expect(200);
    expect(kids.body.items.map((u: { name: string }) => u.name).sort()).toEqual([
      '办信科',
      '来访接待科',
    ]);
    const q = await signedIn(t, root).get('/org-units?q=司法').expect(200);
    expect(q.body.items.map((u: { id: string }) => u.id)).toEqual([org.units.bureauB.id]);
    const tree = await signedIn(t, adminA).get('/org-units/tree').expect(200);
    expect(tree.body).toHaveLength(1);
    expect(tree.body[0].id).toBe(org.units.bureauA.id);
    expect(tree.body[0].children.map((c: { name: string }) => c.name).sort()).toEqual([
      '办信科',
      '来访接待科',
    ]);
    await signedIn(t, root).get('/org-units?pageSize=1000').expect(400);
  });

  it('moves a subtree, refusing cycles', async () => {
    const team = await signedIn(t, adminA)
      .post('/org-units')
      .send({ parentId: org.units.deptA2.id, code: 'A2-T', name: '专班', kind: 'other' })
      .expect(201);
    const sub = await signedIn(t, adminA)
      .post('/org-units')
      .send({ parentId: team.body.id, code: 'A2-T-1', name: '专班一组', kind: 'other' })
      .expect(201);
    const cycle = await signedIn(t, adminA)
      .patch(`/org-units/${team.body.id}`)
      .send({ parentId: sub.body.id })
      .expect(422);
    expect(cycle.body.code).toBe('ORG_UNITS.CYCLE');
    const moved = await signedIn(t, adminA)
      .patch(`/org-units/${team.body.id}`)
      .send({ parentId: org.units.deptA1.id, name: '综合专班' })
      .expect(200);
    expect(moved.body).toMatchObject({ parentId: org.units.deptA1.id, name: '综合专班', depth: 4 });
    const rows = await t.dataSource.query<{ path: string; depth: number }[]>(
      'SELECT path, depth FROM org_unit WHERE id = $1',
      [sub.body.id],
    );
    expect(rows[0].path.startsWith(`${org.units.deptA1.path}`)).toBe(true);
    expect(rows[0].depth).toBe(5);
    const rootMove = await signedIn(t, adminA)
      .patch(`/org-units/${org.units.bureauA.id}`)
      .send({ parentId: org.units.deptA1.id })
      .expect(422);
    expect(rootMove.body.code).toBe('ORG_UNITS.ROOT_MOVE');
  });

  it('deletes only empty units', async () => {
    const notEmpty = await signedIn(t, adminA)
      .delete(`/org-units/${org.units.deptA2.id}`)
      .expect(409);
    expect(notEmpty.body.code).toBe('ORG_UNITS.NOT_EMPTY');
    const empty = await signedIn(t, adminA)
      .post('/org-units')
      .send({ parentId: org.units.bureauA.id, code: 'A-TMP', name: '临时', kind: 'department' })
      .expect(201);
    await signedIn(t, adminA).delete(`/org-units/${empty.body.id}`).expect(204);
    await signedIn(t, adminA).get(`/org-units/${empty.body.id}`).expect(404);
    const bad = await signedIn(t, adminA).delete('/org-units/not-a-uuid').expect(400);
    expect(bad.body.code).toBe('COMMON.VALIDATION_FAILED');
  });
});
