import request from 'supertest';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { Session } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('staff roster and roles (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;
  let adminA: Session;
  let hrA: Session;
  let hrB: Session;
  let secA: Session;
  let staffA1: Session;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
    adminA = await login(t, org.people.adminA);
    hrA = await login(t, org.people.hrA);
    hrB = await login(t, org.people.hrB);
    secA = await login(t, org.people.secA);
    staffA1 = await login(t, org.people.staffA1);
  });
  afterAll(() => t.close());

  const staffCount = async () =>
    Number((await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM staff'))[0].n);

  it('creates a staff member with an initial password that must be changed', async () => {
    const res = await signedIn(t, adminA)
      .post('/staff')
      .send({
        staffNo: 'NEW001',
        name: '新同事',
        unitId: org.units.deptA2.id,
        position: '科员',
        partyMember: true,
        employmentStart: '2026-03-01',
      })
      .expect(201);
    expect(res.body).toMatchObject({
      staffNo: 'NEW001',
      unit: { id: org.units.deptA2.id, name: '办信科' },
      active: true,
      roles: [],
    });
    expect(res.body.initialPassword).toMatch(/^.{12}$/);
    const s = await login(t, { staffNo: 'NEW001', password: res.body.initialPassword as string });
    expect(s.mustChangePassword).toBe(true);
    const audit = await t.dataSource.query<{ actor_staff_no: string }[]>(
      `SELECT actor_staff_no FROM audit_log WHERE action = 'staff.create' AND target_id = $1`,
      [res.body.id],
    );
    expect(audit).toEqual([{ actor_staff_no: org.people.adminA.staffNo }]);
  });

  it('refuses bad input with 4xx in the envelope and writes nothing', async () => {
    const before = await staffCount();
    const cases: [object, number, string][] = [
      [
        {
          staffNo: 'X1',
          name: '甲',
          unitId: org.units.deptA1.id,
          employmentStart: '2020-01-01',
          salary: 1,
        },
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        { staffNo: 'X 1', name: '甲', unitId: org.units.deptA1.id, employmentStart: '2020-01-01' },
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        { staffNo: 'X2', name: '甲', unitId: org.units.deptA1.id, employmentStart: '2020-13-45' },
        400,
        'COMMON.VALIDATION_FAILED',
      ],
      [
        {
          staffNo: 'X3',
          name: '甲',
          unitId: org.units.deptA1.id,
          employmentStart: '2020-01-01',
          employmentEnd: '2019-01-01',
        },
        422,
        'STAFF.EMPLOYMENT_DATES',
      ],
      [
        {
          staffNo: org.people.staffA1.staffNo,
          name: '甲',
          unitId: org.units.deptA1.id,
          employmentStart: '2020-01-01',
        },
        409,
        'STAFF.STAFF_NO_TAKEN',
      ],
      [
        { staffNo: 'X4', name: '甲', unitId: org.units.bureauB.id, employmentStart: '2020-01-01' },
        404,
        'STAFF.UNIT_NOT_FOUND',
      ],
    ];
    for (const [body, status, code] of cases) {
      const res = await signedIn(t, adminA).post('/staff').send(body);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(typeof res.body.message).toBe('string');
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const extra = await signedIn(t, adminA).post('/staff').send(cases[0][0]);
    expect(extra.body.details).toEqual([expect.objectContaining({ field: 'salary' })]);
    expect(await staffCount()).toBe(before);
  });

  it('keeps every reader inside their scope: other units are a 404, staff see only themselves', async () => {
    const { staffA1: a1, staffB } = org.people;
    // HR of bureau B cannot read bureau A's people, and vice versa
    const cross = await signedIn(t, hrB).get(`/staff/${a1.id}`).expect(404);
    expect(cross.body.code).toBe('STAFF.NOT_FOUND');
    await signedIn(t, hrA).get(`/staff/${staffB.id}`).expect(404);
    await signedIn(t, hrA).get(`/staff/${a1.id}`).expect(200);
    await signedIn(t, secA).get(`/staff/${a1.id}`).expect(200);
    // a staff member reads their own record and nobody else's
    await signedIn(t, staffA1).get(`/staff/${a1.id}`).expect(200);
    await signedIn(t, staffA1).get(`/staff/${org.people.staffA2.id}`).expect(404);
    await signedIn(t, staffA1).get('/staff').expect(403);
    const listB = await signedIn(t, hrB).get('/staff').expect(200);
    expect(listB.body.items.map((s: { id: string }) => s.id).sort()).toEqual(
      [org.people.hrB.id, staffB.id].sort(),
    );
    // HR may read but not write
    await signedIn(t, hrB).patch(`/staff/${staffB.id}`).send({ name: '改名' }).expect(403);
    // an admin of bureau A cannot touch bureau B
    await signedIn(t, adminA).patch(`/staff/${staffB.id}`).send({ name: '改名' }).expect(404);
  });

  it('lists with filters and pagination', async () => {
    const all = await signedIn(t, hrA).get('/staff?pageSize=100').expect(200);
    const inDept2 = await signedIn(t, hrA).get(`/staff?unitId=${org.units.deptA2.id}`).expect(200);
    expect(
      inDept2.body.items.every((s: { unit: { id: string } }) => s.unit.id === org.units.deptA2.id),
    ).toBe(true);
    const direct = await signedIn(t, hrA)
      .get(`/staff?unitId=${org.units.bureauA.id}&includeSubunits=false`)
      .expect(200);
    expect(direct.body.total).toBe(0);
    const byName = await signedIn(t, hrA)
      .get(`/staff?q=${encodeURIComponent(org.people.staffA2.name)}`)
      .expect(200);
    expect(byName.body.items.map((s: { id: string }) => s.id)).toEqual([org.people.staffA2.id]);
    const page = await signedIn(t, hrA).get('/staff?pageSize=2&page=2').expect(200);
    expect(page.body).toMatchObject({ page: 2, pageSize: 2, total: all.body.total });
    expect(page.body.items[0].id).toBe(all.body.items[2].id);
    await signedIn(t, hrA).get(`/staff?unitId=${org.units.bureauB.id}`).expect(404);
    await signedIn(t, hrA).get('/staff?active=maybe').expect(400);
  });

  it('filters by role held (over any unit) and refuses an unknown role', async () => {
    const ids = async (role: string) =>
      (
        await signedIn(t, adminA).get(`/staff?role=${role}&pageSize=100`).expect(200)
      ).body.items.map((s: { id: string }) => s.id) as string[];
    expect(await ids('secretary')).toEqual([org.people.secA.id]);
    expect(await ids('hr')).toEqual([org.people.hrA.id]);
    expect((await ids('admin')).sort()).toEqual([org.people.adminA.id]);
    const bad = await signedIn(t, adminA).get('/staff?role=boss').expect(400);
    expect(bad.body.message).toContain('角色');
  });

  it('grants and revokes unit-scoped roles, never the caller’s own', async () => {
    const target = org.people.staffA2;
    const grant = await signedIn(t, adminA)
      .post(`/staff/${target.id}/roles`)
      .send({ role: 'hr', unitId: org.units.deptA2.id })
      .expect(201);
    expect(grant.body).toMatchObject({ role: 'hr', unit: { id: org.units.deptA2.id } });
    await signedIn(t, adminA)
      .post(`/staff/${target.id}/roles`)
      .send({ role: 'hr', unitId: org.units.deptA2.id })
      .expect(409);
    await signedIn(t, adminA)
      .post(`/staff/${target.id}/roles`)
      .send({ role: 'admin', unitId: org.units.bureauB.id })
      .expect(404);
    await signedIn(t, adminA)
      .post(`/staff/${target.id}/roles`)
      .send({ role: 'king', unitId: org.units.deptA2.id })
      .expect(400);
    const own = await signedIn(t, adminA)
      .post(`/staff/${org.people.adminA.id}/roles`)
      .send({ role: 'hr', unitId: org.units.deptA2.id })
      .expect(422);
    expect(own.body.code).toBe('STAFF.OWN_ROLES');
    // the new HR reads their department and nothing beyond
    const hrSession = await login(t, target);
    await signedIn(t, hrSession).get('/staff').expect(200);
    await signedIn(t, hrSession).get(`/staff/${org.people.staffA1.id}`).expect(404);
    await signedIn(t, adminA).delete(`/staff/${target.id}/roles/${grant.body.id}`).expect(204);
    await signedIn(t, adminA).delete(`/staff/${target.id}/roles/${grant.body.id}`).expect(404);
    const actions = await t.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE target_id = $1 AND action LIKE 'staff.role_%' ORDER BY id`,
      [target.id],
    );
    expect(actions.map((a) => a.action)).toEqual(['staff.role_grant', 'staff.role_revoke']);
  });

  it('updates, disables and resets passwords inside the scope', async () => {
    const person = await org.f.staff({ unit: org.units.deptA1 });
    const updated = await signedIn(t, adminA)
      .patch(`/staff/${person.id}`)
      .send({ position: '副科长', unitId: org.units.deptA2.id, partyMember: false })
      .expect(200);
    expect(updated.body).toMatchObject({
      position: '副科长',
      partyMember: false,
      unit: { id: org.units.deptA2.id },
    });
    const reset = await signedIn(t, adminA).post(`/staff/${person.id}/reset-password`).expect(200);
    await request(t.http)
      .post('/auth/login')
      .send({ staffNo: person.staffNo, password: person.password })
      .expect(401);
    const s = await login(t, {
      staffNo: person.staffNo,
      password: reset.body.temporaryPassword as string,
    });
    expect(s.mustChangePassword).toBe(true);
    await signedIn(t, adminA).post(`/staff/${org.people.adminA.id}/reset-password`).expect(422);
    await signedIn(t, adminA)
      .patch(`/staff/${person.id}`)
      .send({ employmentEnd: '2021-01-01' })
      .expect(200);
    await request(t.http)
      .post('/auth/login')
      .send({ staffNo: person.staffNo, password: reset.body.temporaryPassword as string })
      .expect(403);
  });

  describe('nobody manages a person who outranks them', () => {
    // An admin over one department who sits in it next to the bureau's admin and HR.
    let deptAdmin: Awaited<ReturnType<typeof org.f.staff>>;
    let dept: Session;

    beforeAll(async () => {
      deptAdmin = await org.f.staff({
        unit: org.units.deptA1,
        roles: [{ role: 'admin', unit: org.units.deptA1 }],
      });
      dept = await login(t, deptAdmin);
    });

    const row = async (id: string) =>
      (
        await t.dataSource.query<Record<string, unknown>[]>(
          `SELECT s.name, s.unit_id, s.active, s.employment_end, c.password_hash, c.token_version
             FROM staff s JOIN staff_credential c ON c.staff_id = s.id WHERE s.id = $1`,
          [id],
        )
      )[0];

    it('refuses resetting, disabling, ending, moving or editing the bureau admin and HR', async () => {
      const { adminA: bureauAdmin, hrA } = org.people;
      const before = [await row(bureauAdmin.id), await row(hrA.id)];
      const reset = await signedIn(t, dept)
        .post(`/staff/${bureauAdmin.id}/reset-password`)
        .expect(403);
      expect(reset.body).toMatchObject({ statusCode: 403, code: 'STAFF.OUTRANKS_CALLER' });
      expect(reset.body.message).toContain('超出您管理范围');
      for (const body of [
        { active: false },
        { employmentEnd: '2026-01-31' },
        { unitId: org.units.deptA1.id, name: '改名' },
        { position: '科员' },
      ]) {
        const res = await signedIn(t, dept).patch(`/staff/${bureauAdmin.id}`, body).expect(403);
        expect(res.body.code).toBe('STAFF.OUTRANKS_CALLER');
      }
      await signedIn(t, dept).patch(`/staff/${hrA.id}`, { name: '人事改名' }).expect(403);
      await signedIn(t, dept).post(`/staff/${hrA.id}/reset-password`).expect(403);
      await signedIn(t, dept).post(`/staff/${bureauAdmin.id}/unlock`).expect(403);
      await signedIn(t, dept)
        .post(`/staff/${bureauAdmin.id}/roles`, { role: 'staff', unitId: org.units.deptA1.id })
        .expect(403);
      expect([await row(bureauAdmin.id), await row(hrA.id)]).toEqual(before);
      // the bureau admin still signs in with their own password, and nothing was audited
      await login(t, bureauAdmin);
      const audit = await t.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_log WHERE actor_id = $1 AND action LIKE 'staff.%'`,
        [deptAdmin.id],
      );
      expect(audit[0].n).toBe(0);
    });

    it('refuses revoking a grant inside the scope from someone who also holds one beyond it', async () => {
      const both = await org.f.staff({
        unit: org.units.deptA1,
        roles: [
          { role: 'secretary', unit: org.units.deptA1 },
          { role: 'hr', unit: org.units.bureauA },
        ],
      });
      const detail = await signedIn(t, dept).get(`/staff/${both.id}`).expect(200);
      const grants = detail.body.roles as { id: string; role: string }[];
      const local = grants.find((g) => g.role === 'secretary');
      const wide = grants.find((g) => g.role === 'hr');
      const res = await signedIn(t, dept)
        .delete(`/staff/${both.id}/roles/${local?.id}`)
        .expect(403);
      expect(res.body.code).toBe('STAFF.OUTRANKS_CALLER');
      await signedIn(t, dept).delete(`/staff/${both.id}/roles/${wide?.id}`).expect(404);
      const left = await t.dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM role_assignment WHERE staff_id = $1',
        [both.id],
      );
      expect(left[0].n).toBe(2);
      // the bureau admin's scope covers both grants
      await signedIn(t, adminA).delete(`/staff/${both.id}/roles/${local?.id}`).expect(204);
    });

    it('refuses granting a role over a unit beyond the scope, and still manages plain staff', async () => {
      const person = await org.f.staff({ unit: org.units.deptA1 });
      const wide = await signedIn(t, dept)
        .post(`/staff/${person.id}/roles`, { role: 'admin', unitId: org.units.bureauA.id })
        .expect(404);
      expect(wide.body.code).toBe('STAFF.UNIT_NOT_FOUND');
      await signedIn(t, dept)
        .post(`/staff/${person.id}/roles`, { role: 'secretary', unitId: org.units.deptA1.id })
        .expect(201);
      await signedIn(t, dept).patch(`/staff/${person.id}`, { position: '副科长' }).expect(200);
      await signedIn(t, dept).post(`/staff/${person.id}/reset-password`).expect(200);
      await signedIn(t, dept).post(`/staff/${person.id}/unlock`).expect(204);
      // peers: the bureau admin manages the bureau HR
      await signedIn(t, adminA)
        .patch(`/staff/${org.people.hrA.id}`, { position: '人事科长' })
        .expect(200);
    });

    it('refuses managing oneself: account, unit and dates; the descriptive fields stay editable', async () => {
      for (const body of [
        { active: false },
        { employmentEnd: '2026-12-31' },
        { employmentStart: '2019-01-01' },
        { unitId: org.units.deptA2.id },
      ]) {
        const res = await signedIn(t, adminA)
          .patch(`/staff/${org.people.adminA.id}`, body)
          .expect(422);
        expect(res.body.code).toBe('STAFF.OWN_ACCOUNT');
      }
      await signedIn(t, dept).post(`/staff/${deptAdmin.id}/unlock`).expect(422);
      await signedIn(t, dept).post(`/staff/${deptAdmin.id}/reset-password`).expect(422);
      const own = await signedIn(t, dept)
        .patch(`/staff/${deptAdmin.id}`, { position: '科长' })
        .expect(200);
      expect(own.body.position).toBe('科长');
    });
  });
});
