import { Logger } from '@nestjs/common';
import request from 'supertest';
import { buildOrg, TEST_PASSWORD } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import { ScratchRedis } from '../utils/redis-server';
import { freePort } from '../utils/spawn-app';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

describe('sign-in, sessions and tokens (e2e)', () => {
  let t: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;

  beforeAll(async () => {
    t = await createTestApp({ env: { TRUST_PROXY_HOPS: '1' } });
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
    const me = await signedIn(t, res.body).get('/me').expect(200);
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
      message: '工号或密码错误，或账号已被暂时锁定，请稍后再试',
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

  /** A sign-in from a given address (the test app trusts one proxy hop). */
  const signIn = (ip: string, staffNo: string, password: string) =>
    request(t.http).post('/auth/login').set('X-Forwarded-For', ip).send({ staffNo, password });
  const envelope = (res: request.Response) => ({
    status: res.status,
    code: res.body.code as string,
    message: res.body.message as string,
  });
  const GENERIC = {
    status: 401,
    code: 'AUTH.INVALID_CREDENTIALS',
    message: '工号或密码错误，或账号已被暂时锁定，请稍后再试',
  };

  it('makes one address wait after 5 failures, the same for unknown staff numbers, doubling each time', async () => {
    const victim = await org.f.staff({ unit: org.units.deptA2 });
    for (const staffNo of [victim.staffNo, 'NOBODY-7']) {
      for (let i = 0; i < 5; i++) {
        expect(envelope(await signIn('10.1.0.1', staffNo, 'wrong-Pass1'))).toEqual(GENERIC);
      }
      // the sixth try waits, even with the right password, and says how long
      const sixth = await signIn('10.1.0.1', staffNo, victim.password);
      expect(envelope(sixth)).toEqual({
        status: 429,
        code: 'AUTH.TOO_MANY_FAILURES',
        message: '登录失败次数过多，请 1 分钟后再试',
      });
    }
    // the owner, from their own desk, is not locked out
    await signIn('10.1.0.2', victim.staffNo, victim.password).expect(200);
    // after the wait the address has one try; failing it doubles the wait
    t.clock.advance(61_000);
    expect(envelope(await signIn('10.1.0.1', victim.staffNo, 'wrong-Pass1'))).toEqual(GENERIC);
    const again = await signIn('10.1.0.1', victim.staffNo, victim.password).expect(429);
    expect(again.body.message).toBe('登录失败次数过多，请 2 分钟后再试');
    t.clock.advance(2 * 60_000 + 1000);
    await signIn('10.1.0.1', victim.staffNo, victim.password).expect(200);
    // a success forgets the address's failures
    for (let i = 0; i < 5; i++) await signIn('10.1.0.1', victim.staffNo, 'wrong-Pass1').expect(401);
    await signIn('10.1.0.1', victim.staffNo, 'wrong-Pass1').expect(429);
  });

  it('locks an account after 20 failures from anywhere, answering exactly like a wrong password, for 1 minute and then longer', async () => {
    const victim = await org.f.staff({ unit: org.units.deptA2 });
    for (let i = 0; i < 20; i++) {
      await signIn(`10.2.0.${i % 5}`, victim.staffNo, 'wrong-Pass1').expect(401);
    }
    expect(await auditCount('auth.lockout')).toBeGreaterThanOrEqual(1);
    // locked: the right password, a wrong one and an unknown staff number answer alike
    const right = await signIn('10.2.1.1', victim.staffNo, victim.password);
    const wrong = await signIn('10.2.1.2', victim.staffNo, 'wrong-Pass1');
    const unknown = await signIn('10.2.1.3', 'NOBODY-8', 'wrong-Pass1');
    for (const res of [right, wrong, unknown]) expect(envelope(res)).toEqual(GENERIC);
    expect(Object.keys(right.body).sort()).toEqual(Object.keys(unknown.body).sort());
    // the first lock lasts a minute; a failure after it locks again for two
    t.clock.advance(61_000);
    await signIn('10.2.1.4', victim.staffNo, 'wrong-Pass1').expect(401);
    t.clock.advance(61_000);
    expect(envelope(await signIn('10.2.1.5', victim.staffNo, victim.password))).toEqual(GENERIC);
    t.clock.advance(61_000);
    await signIn('10.2.1.5', victim.staffNo, victim.password).expect(200);
    const [row] = await t.dataSource.query<{ failed_attempts: number }[]>(
      'SELECT failed_attempts FROM staff_credential WHERE staff_id = $1',
      [victim.id],
    );
    expect(row.failed_attempts).toBe(0);
  });

  it('lets an admin in scope unlock an account and its addresses, audited', async () => {
    const victim = await org.f.staff({ unit: org.units.deptA1 });
    for (let i = 0; i < 20; i++) {
      await signIn(`10.3.0.${i % 4}`, victim.staffNo, 'wrong-Pass1').expect(401);
    }
    for (let i = 0; i < 5; i++) await signIn('10.3.1.1', victim.staffNo, 'wrong-Pass1');
    await signIn('10.3.1.1', victim.staffNo, victim.password).expect(429);
    await signIn('10.3.1.2', victim.staffNo, victim.password).expect(401);

    const plain = await login(t, org.people.staffA1);
    await signedIn(t, plain).post(`/staff/${victim.id}/unlock`).expect(403);
    const hrB = await login(t, org.people.hrB);
    await signedIn(t, hrB).post(`/staff/${victim.id}/unlock`).expect(403);
    const admin = await login(t, org.people.adminA);
    await signedIn(t, admin).post(`/staff/${victim.id}/unlock`).expect(204);
    await signIn('10.3.1.1', victim.staffNo, victim.password).expect(200);
    await signIn('10.3.1.2', victim.staffNo, victim.password).expect(200);
    const audit = await t.dataSource.query<
      { actor_id: string; details: { lockedUntil: string | null } }[]
    >(`SELECT actor_id, details FROM audit_log WHERE action = 'staff.unlock' AND target_id = $1`, [
      victim.id,
    ]);
    expect(audit).toEqual([
      {
        actor_id: org.people.adminA.id,
        details: expect.objectContaining({ lockedUntil: expect.any(String) }),
      },
    ]);
  });

  it('makes a user with an initial password change it before anything but /me', async () => {
    const fresh = await org.f.staff({ unit: org.units.deptA1, mustChangePassword: true });
    const s = await login(t, fresh);
    expect(s.mustChangePassword).toBe(true);
    await signedIn(t, s).get('/me').expect(200);
    const blocked = await signedIn(t, s).get(`/staff/${fresh.id}`).expect(403);
    expect(blocked.body.code).toBe('AUTH.PASSWORD_CHANGE_REQUIRED');

    const weak = await signedIn(t, s)
      .post('/auth/password')
      .send({ currentPassword: fresh.password, newPassword: 'short' })
      .expect(422);
    expect(weak.body.code).toBe('AUTH.PASSWORD_POLICY');
    expect(weak.body.message).toContain('长度至少 8 个字符');
    const same = await signedIn(t, s)
      .post('/auth/password')
      .send({ currentPassword: fresh.password, newPassword: fresh.password })
      .expect(422);
    expect(same.body.code).toBe('AUTH.PASSWORD_UNCHANGED');
    const wrongCurrent = await signedIn(t, s)
      .post('/auth/password')
      .send({ currentPassword: 'Wrong-pass-1', newPassword: 'New-Passw0rd!' })
      .expect(422);
    expect(wrongCurrent.body.code).toBe('AUTH.CURRENT_PASSWORD_WRONG');

    const changed = await signedIn(t, s)
      .post('/auth/password')
      .send({ currentPassword: fresh.password, newPassword: 'New-Passw0rd!' })
      .expect(200);
    expect(changed.body).toMatchObject({ mustChangePassword: false, idleTimeoutSeconds: 900 });
    // the old token is dead at once; the fresh one works everywhere
    await signedIn(t, s).get('/me').expect(401);
    await signedIn(t, changed.body).get(`/staff/${fresh.id}`).expect(200);
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
    await signedIn(t, r1.body).get('/me').expect(200);

    // past the 30 s grace for retries, a used token is reuse
    t.clock.advance(31_000);
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
    const dead = await signedIn(t, r1.body).get('/me').expect(401);
    expect(dead.body.code).toBe('AUTH.SESSION_REVOKED');
    expect(await auditCount('auth.refresh_reuse')).toBe(1);
  });

  it('a retry of a refresh within the grace period gets a new pair; the unused successor is withdrawn', async () => {
    const s1 = await login(t, org.people.staffA2);
    const first = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: s1.refreshToken })
      .expect(200);
    // the response was lost (or another tab raced): the same token comes again 20 s later
    t.clock.advance(20_000);
    const retry = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: s1.refreshToken })
      .expect(200);
    expect(retry.body.refreshToken).not.toBe(first.body.refreshToken);
    await signedIn(t, retry.body).get('/me').expect(200);
    // the withdrawn successor no longer works, and presenting it does not end the sign-in
    const withdrawn = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: first.body.refreshToken })
      .expect(401);
    expect(withdrawn.body.code).toBe('AUTH.REFRESH_INVALID');
    const next = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: retry.body.refreshToken })
      .expect(200);
    // a retry of that one works too (its successor unused)
    const again = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: retry.body.refreshToken })
      .expect(200);
    expect(again.body.refreshToken).not.toBe(next.body.refreshToken);
    // but the first token's successor was used since: presenting it is reuse, even within 30 s
    await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: s1.refreshToken })
      .expect(401)
      .expect((r) => expect(r.body.code).toBe('AUTH.REFRESH_REUSED'));
    await signedIn(t, next.body).get('/me').expect(401);
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
    await signedIn(t, s).post('/auth/logout').expect(204);
    await signedIn(t, s).get('/me').expect(401);
    await request(t.http).post('/auth/refresh').send({ refreshToken: s.refreshToken }).expect(401);
  });

  it('expires access tokens after 15 minutes and sessions idle for 15 minutes', async () => {
    const s = await login(t, org.people.staffA1);
    t.clock.advance(14 * 60_000);
    await signedIn(t, s).get('/me').expect(200);
    t.clock.advance(2 * 60_000);
    const expired = await signedIn(t, s).get('/me').expect(401);
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
      await signedIn(t, token).get('/me').expect(200);
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
    await signedIn(t, admin)
      .post(`/staff/${target.id}/roles`)
      .send({ role: 'secretary', unitId: org.units.deptA1.id })
      .expect(201);
    const stale = await signedIn(t, s).get('/me').expect(401);
    expect(stale.body.code).toBe('AUTH.TOKEN_STALE');
    // a refresh picks up the new role
    const r = await request(t.http)
      .post('/auth/refresh')
      .send({ refreshToken: s.refreshToken })
      .expect(200);
    const me = await signedIn(t, r.body).get('/me').expect(200);
    expect(me.body.roles.map((x: { role: string }) => x.role)).toEqual(['secretary']);

    await signedIn(t, admin).patch(`/staff/${target.id}`).send({ active: false }).expect(200);
    await signedIn(t, r.body).get('/me').expect(401);
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

describe('sign-in when Redis cannot be reached (e2e)', () => {
  let redis: ScratchRedis;
  let t: TestApp;

  beforeAll(async () => {
    redis = new ScratchRedis(await freePort());
    await redis.start();
    t = await createTestApp({ env: { REDIS_URL: redis.url, LOGIN_THROTTLE_LIMIT: '7' } });
  });
  afterAll(async () => {
    await redis.start();
    await t.close();
    await redis.stop();
  });

  it('still signs in, falls back to per-process limits and says so in the log once', async () => {
    const org = await buildOrg(t);
    const warn = jest.spyOn(Logger.prototype, 'warn');
    await redis.stop();
    try {
      const s = await login(t, org.people.staffA1);
      await signedIn(t, s).get('/me').expect(200);
      // the throttle still holds, in this process: 7 attempts per address and staff number
      for (let i = 0; i < 6; i++) await login(t, org.people.staffA1);
      const throttled = await request(t.http)
        .post('/auth/login')
        .send({ staffNo: org.people.staffA1.staffNo, password: org.people.staffA1.password })
        .expect(429);
      expect(throttled.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
      // and so does the wait after 5 failures
      const attempts = [];
      for (let i = 0; i < 6; i++) {
        attempts.push(
          (
            await request(t.http)
              .post('/auth/login')
              .send({ staffNo: org.people.staffA2.staffNo, password: 'wrong-Pass1' })
          ).status,
        );
      }
      expect(attempts).toEqual([401, 401, 401, 401, 401, 429]);
      const logged = warn.mock.calls.filter((args) =>
        args.some((a) => typeof a === 'string' && a.startsWith('Redis unavailable')),
      );
      expect(logged).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });
});
