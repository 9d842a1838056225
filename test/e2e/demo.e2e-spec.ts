import { DEMO_PASSWORD, DEMO_STAFF } from '../../src/modules/demo/demo-data';
import { DemoSeedService } from '../../src/modules/demo/demo-seed.service';
import { login, signedIn } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('the demo bureau (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('seeds 示范市信访局 with exactly 29 staff, an admin, a secretary and an HR officer, once', async () => {
    const seeder = t.get(DemoSeedService);
    expect(await seeder.seedIfEmpty()).toBe(true);
    expect(await seeder.seedIfEmpty()).toBe(false);
    const [bureau] = await t.dataSource.query<{ id: string; path: string }[]>(
      `SELECT id, path FROM org_unit WHERE name = '示范市信访局'`,
    );
    const staff = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM staff s JOIN org_unit u ON u.id = s.unit_id WHERE u.path LIKE $1`,
      [`${bureau.path}%`],
    );
    expect(Number(staff[0].n)).toBe(29);
    const depts = await t.dataSource.query<{ name: string }[]>(
      'SELECT name FROM org_unit WHERE parent_id = $1',
      [bureau.id],
    );
    expect(depts.map((d) => d.name)).toEqual(
      expect.arrayContaining([
        '办公室',
        '来访接待科',
        '办信科',
        '督查督办科',
        '法规科',
        '网上信访科',
      ]),
    );
    const roles = await t.dataSource.query<{ role: string; n: string }[]>(
      `SELECT role, count(*) AS n FROM role_assignment WHERE unit_id = $1 GROUP BY role ORDER BY role`,
      [bureau.id],
    );
    expect(roles).toEqual([
      { role: 'admin', n: '1' },
      { role: 'hr', n: '1' },
      { role: 'secretary', n: '1' },
    ]);
    expect(new Set(DEMO_STAFF.map((s) => s.name)).size).toBe(29);
  });

  it('lets a demo staff member sign in, makes them change the password, then shows /me', async () => {
    const who = DEMO_STAFF[9];
    const first = await login(t, { staffNo: who.staffNo, password: DEMO_PASSWORD });
    expect(first.mustChangePassword).toBe(true);
    await signedIn(t, first).get('/org-units').expect(403);
    const changed = await signedIn(t, first)
      .post('/auth/password')
      .send({ currentPassword: DEMO_PASSWORD, newPassword: '学法考法-2026a' })
      .expect(200);
    const me = await signedIn(t, changed.body).get('/me').expect(200);
    expect(me.body).toMatchObject({
      staffNo: who.staffNo,
      name: who.name,
      mustChangePassword: false,
    });
  });

  it('gives the demo admin the whole bureau and nothing beyond it', async () => {
    const admin = DEMO_STAFF.find((s) => s.roles?.includes('admin'));
    const s = await login(t, { staffNo: admin?.staffNo ?? '', password: DEMO_PASSWORD });
    const changed = await signedIn(t, s)
      .post('/auth/password')
      .send({ currentPassword: DEMO_PASSWORD, newPassword: 'Admin-Passw0rd' })
      .expect(200);
    const list = await signedIn(t, changed.body).get('/staff?pageSize=100').expect(200);
    expect(list.body.total).toBe(29);
  });
});
