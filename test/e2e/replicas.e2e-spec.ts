import request from 'supertest';
import { buildOrg } from '../factories/org.factory';
import { login, signedIn } from '../utils/auth';
import type { TestApp } from '../utils/test-app';
import { createTestApp } from '../utils/test-app';

/** Two API replicas of one deployment: same PostgreSQL database, same Redis prefix. */
describe('state shared across API replicas (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let org: Awaited<ReturnType<typeof buildOrg>>;

  beforeAll(async () => {
    // No JWT_SECRET: the replicas must agree on the secret generated and kept in the database.
    const env = { LOGIN_THROTTLE_LIMIT: '6', AUTH_CACHE_TTL_MS: '500', JWT_SECRET: '' };
    a = await createTestApp({ env });
    b = await createTestApp({
      db: a.db,
      redisPrefix: a.config.redis.prefix,
      env,
    });
    org = await buildOrg(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('makes an address wait whose failures were spread over both replicas', async () => {
    const victim = await org.f.staff({ unit: org.units.deptA1 });
    const attempt = (t: TestApp, password = 'wrong-Pass1') =>
      request(t.http).post('/auth/login').send({ staffNo: victim.staffNo, password });
    for (const t of [a, b, a, b, a]) expect((await attempt(t)).status).toBe(401);
    // the sixth waits, even with the right password
    const sixth = await attempt(b, victim.password).expect(429);
    expect(sixth.body.code).toBe('AUTH.TOO_MANY_FAILURES');
  });

  it('throttles login attempts per address and staff number across replicas', async () => {
    // successful sign-ins too: the throttle counts every attempt
    const person = await org.f.staff({ unit: org.units.deptA1 });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const t = i % 2 ? b : a;
      const res = await request(t.http)
        .post('/auth/login')
        .send({ staffNo: person.staffNo, password: person.password });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    const res = await request(b.http)
      .post('/auth/login')
      .send({ staffNo: person.staffNo, password: person.password });
    expect(res.body).toMatchObject({ code: 'AUTH.TOO_MANY_ATTEMPTS', statusCode: 429 });
    // another staff number from the same address is not affected
    await login(b, org.people.staffA2);
  });

  it('accepts on one replica a token signed by the other (shared generated secret)', async () => {
    expect(a.config.auth.jwtSecret).toBeUndefined();
    const s = await login(a, org.people.hrA);
    await signedIn(b, s).get('/me').expect(200);
  });

  it('refuses a logged-out token on the other replica within a second', async () => {
    const s = await login(a, org.people.staffA1);
    await signedIn(b, s).get('/me').expect(200); // b caches the session
    await signedIn(a, s).post('/auth/logout').expect(204);
    await new Promise((r) => setTimeout(r, 600));
    const res = await signedIn(b, s).get('/me').expect(401);
    expect(res.body.code).toBe('AUTH.SESSION_REVOKED');
  });

  it('refuses tokens on the other replica within a second after a role change', async () => {
    const admin = await login(a, org.people.adminA);
    const s = await login(b, org.people.staffA2);
    await signedIn(b, s).get('/me').expect(200);
    await signedIn(a, admin)
      .post(`/staff/${org.people.staffA2.id}/roles`)
      .send({ role: 'secretary', unitId: org.units.deptA2.id })
      .expect(201);
    await new Promise((r) => setTimeout(r, 600));
    await signedIn(b, s).get('/me').expect(401);
  });
});
