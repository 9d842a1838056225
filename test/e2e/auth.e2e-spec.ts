import request from 'supertest';
import { buildOrg, bearer, login, TEST_PASSWORD } from '../factories/org.factory';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('sign-in, sessions and tokens (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrg(t);
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.reset());

  const auditCount = async (action: string, success?: boolean) => {
    const rows = await t.dataSource.query<{ n: string }[]>(
      `SELECT count(*)::text AS n FROM audit_log WHERE action = $1 AND ($2::boolean IS NULL OR success = $2)`,
      [action, success ?? null],
    );
    return Number(rows[0].n);
  };

  it('signs in with staff number and password and reads /me', async () => {
    const { staffA1 } = org.people;
    const res = await request(t.http)
      .post('/auth/login')
      .send({ staffNo: staffA1.staffNo, password: staffA1.password })
      .expect(200);
    expect(res.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 900,
      idleTimeoutSeconds: 900,
      mustChangePassword: false,
      staff: { id: staffA1.id, staffNo: staffA1.staffNo },
    });
    expect(typeof res.body.refreshToken).toBe('string');
    const exp = Date.parse(res.body.accessTokenExpiresAt as string);
    expect(exp - Date.now()).toBeGreaterThan(890_000);
    expect(exp - Date.now()).toBeLessThanOrEqual(900_000);
    const me = await request(t.http).get('/me').set('Authorization', bearer(res.body)).expect(200);
    expect(me.body).toMatchObject({
      id: staffA1.id,
      staffNo: staffA1.staffNo,
      mustChangePassword: false,
      idleTimeoutSeconds: 900,
    });
  });

  it('refuses a wrong password and an unknown staff number alike, and audits both', async () => {
    const before = await auditCount('auth.login', false);
    const wrong = await request(t.http)
      .post('/auth/login')
      .send({ staffNo: org.people.staffA2.staffNo, password: 'nope-Nope1' })
      .expect(401);
    const unknown = await request(t.http)
      .post('/auth/login')
      .send({ staffNo: 'NOBODY', password: 'nope-Nope1' })
      .expect(401);
    expect(wrong.body).toMatchObject({
      code: 'AUTH.INVALID_CREDENTIALS',
      message: '工号或密码错误',
    });
    expect(unknown.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    expect(typeof wrong.body.requestId).toBe('string');
    expect(await auditCount('auth.login', false)).toBe(before + 2);
  });

  it('refuses malformed login bodies before checking any credential', async () => {
    const before = await auditCount('auth.login');
    const extra = await request(t.http)
      .post('/auth/login')
      .send({ staffNo: org.people.staffA1.staffNo, password: TEST_PASSWORD, role: 'admin' })
      .expect(400);
    expect(extra.body.code).toBe('COMMON.VALIDATION_FAILED');
    expect(extra.body.details).toEqual([
      expect.objectContaining({ field: 'role', constraint: 'whitelistValidation' }),
    ]);
    const missing = await request(t.http).post('/auth/login').send({ staffNo: 'X' }).expect(400);
    expect(missing.body.details[0].field).toBe('password');
    expect(await auditCount('auth.login')).toBe(before);
  });

  it('locks an account after 5 failures for 15 minutes, across the lock and after it', async () => {
    const victim = await org.f.staff({ unit: org.units.deptA2 });
    for (let i = 0; i < 4; i++) {
      await request(t.http)
        .post('/auth/login')
        .send({ staffNo: victim.staffNo, password: 'wrong-Pass1' })
        .expect(401);
    }
    const fifth = await request(t.http)
      .post('/auth/login')
      .send({ staffNo: victim.staffNo, password: 'wrong-Pass1' })
      .expect(423);
    expect(fifth.body.code).toBe('AUTH.ACCOUNT_LOCKED');
    expect(fifth.body.message).toContain('15 分钟');
    // even the right password is refused while locked
    await request(t.http)
      .post('/auth/login')
      .send({ staffNo: victim.staffNo, password: victim.password })
      .expect(423);
    expect(await auditCount('auth.lockout')).toBeGreaterThanOrEqual(1);
    t.clock.advance(15 * 60_000 + 1000);
    await request(t.http)
      .post('/auth/login')
      .send({ staffNo: victim.staffNo, password: victim.password })
      .expect(200);
  });

  it('makes a user with an initial password change it before anything but /me', async () => {
    const fresh = await org.f.staff({ unit: org.units.deptA1, mustChangePassword: true });
    const s = await login(t, fresh);
    expect(s.mustChangePassword).toBe(true);
    await request(t.http).get('/me').set('Authorization', bearer(s)).expect(200);
    const blocked = await request(t.http)
      .get(`/staff/${fresh.id}`)
      .set('Authorization', bearer(s))
      .expect(403);
    expect(blocked.body.code).toBe('AUTH.PASSWORD_CHANGE_REQUIRED');

    const weak = await request(t.http)
      .post('/auth/password')
      .set('Authorization', bearer(s))
      .send({ currentPassword: fresh.password, newPassword: 'short' })
      .expect(422);
    expect(weak.body.code).toBe('AUTH.PASSWORD_POLICY');
    expect(weak.body.message).toContain('长度至少 8 个字符');
    const same = await request(t.http)
      .post('/auth/password')
      .set('Authorization', bearer(s))
      .send({ currentPassword: fresh.password, newPassword: fresh.password })
      .expect(422);
    expect(same.body.code).toBe('AUTH.PASSWORD_UNCHANGED');
    const wrongCurrent = await request(t.http)
      .post('/auth/password')
      .set('Authorization', bearer(s))
      .send({ currentPassword: 'Wrong-pass-1', newPassword: 'New-Passw0rd!' })
      .expect(422);
    expect(wrongCurrent.body.code).toBe('AUTH.CURRENT_PASSWORD_WRONG');

    const changed = await request(t.http)
      .post('/auth/password')
      .set('Authorization', bearer(s))
      .send({ currentPassword: fresh.password, newPassword: 'New-Passw0rd!' })
      .expect(200);
    expect(changed.body).toMatchObject({ mustChangePassword: false, idleTimeoutSeconds: 900 });
    // the old token is dead at once; the fresh one works everywhere
    await request(t.http).get('/me').set('Authorization', bearer(s)).expect(401);
    await request(t.http)
      .get(`/staff/${fresh.id}`)
      .set('Authorization', bearer(changed.body))
      .expect(200);
    await request(t.http).post('/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
    await request(t.http)
      .post('/auth/login')
      .send({ staffNo: fresh.staffNo, password: fresh.password })
      .expect(401);
    await login(t, { staffNo: fresh.staffNo, password: 'New-Passw0rd!' });
    expect(await auditCount('auth.password_change')).toBeGreaterThanOrEqual(1);
  });

  it('rotates refresh tokens and revokes the whole family when one is reused', async () => {
    const s1 = await login(t, org.people.staffA2);
    const r1 = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: s1.refreshToken })
      .expect(200);
    expect(r1.body.refreshToken).not.toBe(s1.refreshToken);
    expect(r1.body.idleTimeoutSeconds).toBe(900);
    await request(t.http).get('/me').set('Authorization', bearer(r1.body)).expect(200);

    const reuse = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: s1.refreshToken })
      .expect(401);
    expect(reuse.body.code).toBe('AUTH.REFRESH_REUSED');
    // every token of the family is dead: the newest refresh token and the access tokens
    await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: r1.body.refreshToken })
      .expect(401);
    const dead = await request(t.http).get('/me').set('Authorization', bearer(r1.body)).expect(401);
    expect(dead.body.code).toBe('AUTH.SESSION_REVOKED');
    expect(await auditCount('auth.refresh_reuse')).toBe(1);
  });

  it('refuses malformed and forged refresh tokens', async () => {
    const s = await login(t, org.people.staffA2);
    const [id] = s.refreshToken.split('.');
    for (const token of ['garbage', `${id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`]) {
      const res = await request(t.http)
        .post('/auth/refresh')
        .send({ refreshToken: token })
        .expect(401);
      expect(res.body.code).toBe('AUTH.REFRESH_INVALID');
    }
    // the forged attempt did not burn the real token
    await request(t.http).post('/auth/refresh').send({ refreshToken: s.refreshToken }).expect(200);
  });

  it('logout ends the session: access and refresh tokens stop working', async () => {
    const s = await login(t, org.people.staffA1);
    await request(t.http).post('/auth/logout').set('Authorization', bearer(s)).expect(204);
    await request(t.http).get('/me').set('Authorization', bearer(s)).expect(401);
    await request(t.http).post('/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
  });

  it('expires access tokens after 15 minutes and sessions idle for 15 minutes', async () => {
    const s = await login(t, org.people.staffA1);
    t.clock.advance(14 * 60_000);
    await request(t.http).get('/me').set('Authorization', bearer(s)).expect(200);
    t.clock.advance(2 * 60_000);
    const expired = await request(t.http).get('/me').set('Authorization', bearer(s)).expect(401);
    expect(expired.body.code).toBe('AUTH.TOKEN_EXPIRED');
    // activity at minute 14 kept the session alive: refresh works at minute 16
    const r = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: s.refreshToken })
      .expect(200);
    // then nothing for 16 minutes: idle timeout ends the session
    t.clock.advance(16 * 60_000);
    const idle = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: r.body.refreshToken })
      .expect(401);
    expect(idle.body.code).toBe('AUTH.SESSION_IDLE');
  });

  it('requests keep a session alive past the idle timeout', async () => {
    const s = await login(t, org.people.staffA2);
    let token = s.accessToken;
    let refresh = s.refreshToken;
    for (let minute = 0; minute < 40; minute += 10) {
      t.clock.advance(10 * 60_000);
      await request(t.http).get('/me').set('Authorization', `Bearer ${token}`).expect(200);
      const r = await request(t.http)
        .post('/auth/refresh')
        .send({ refreshToken: refresh })
        .expect(200);
      token = r.body.accessToken;
      refresh = r.body.refreshToken;
    }
  });

  it('refuses old access tokens at once after disable and after a role change', async () => {
    const admin = await login(t, org.people.adminA);
    const target = await org.f.staff({ unit: org.units.deptA1 });
    const s = await login(t, target);
    await request(t.http)
      .post(`/staff/${target.id}/roles`)
      .set('Authorization', bearer(admin))
      .send({ role: 'secretary', unitId: org.units.deptA1.id })
      .expect(201);
    const stale = await request(t.http).get('/me').set('Authorization', bearer(s)).expect(401);
    expect(stale.body.code).toBe('AUTH.TOKEN_STALE');
    // a refresh picks up the new role
    const r = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: s.refreshToken })
      .expect(200);
    const me = await request(t.http).get('/me').set('Authorization', bearer(r.body)).expect(200);
    expect(me.body.roles.map((x: { role: string }) => x.role)).toEqual(['secretary']);

    await request(t.http)
      .patch(`/staff/${target.id}`)
      .set('Authorization', bearer(admin))
      .send({ active: false })
      .expect(200);
    await request(t.http).get('/me').set('Authorization', bearer(r.body)).expect(401);
    await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: r.body.refreshToken })
      .expect(401);
    const disabled = await request(t.http)
      .post('/auth/login')
      .send({ staffNo: target.staffNo, password: target.password })
      .expect(403);
    expect(disabled.body.code).toBe('AUTH.ACCOUNT_DISABLED');
  });
});
