import request from 'supertest';
import type { TestApp } from './test-app';

/** The token pair POST /auth/login answers with. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  mustChangePassword: boolean;
}

/** Signs in through POST /auth/login; throws with the server's answer if it is not a 200. */
export async function login(
  t: TestApp,
  who: { staffNo: string; password: string },
): Promise<Session> {
  const res = await request(t.http)
    .post('/auth/login')
    .send({ staffNo: who.staffNo, password: who.password });
  if (res.status !== 200) {
    throw new Error(`login of ${who.staffNo} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as Session;
}

/** The Authorization header value for a session or a raw access token. */
export const bearer = (s: Session | string) =>
  `Bearer ${typeof s === 'string' ? s : s.accessToken}`;

/**
 * The one way the tests make a signed-in request: supertest requests to the app (or to a URL of a
 * spawned process) carrying `who`'s access token. `post`, `put` and `patch` send `body` as JSON when
 * given; otherwise chain `.send(...)`, `.attach(...)` or `.query(...)` as with supertest.
 */
export function signedIn(target: TestApp | string, who: Session | string) {
  const app = typeof target === 'string' ? target : target.http;
  const auth = bearer(who);
  const withBody = (req: request.Test, body: object | undefined) =>
    body === undefined ? req : req.send(body);
  return {
    get: (url: string) => request(app).get(url).set('Authorization', auth),
    post: (url: string, body?: object) =>
      withBody(request(app).post(url).set('Authorization', auth), body),
    put: (url: string, body?: object) =>
      withBody(request(app).put(url).set('Authorization', auth), body),
    patch: (url: string, body?: object) =>
      withBody(request(app).patch(url).set('Authorization', auth), body),
    delete: (url: string) => request(app).delete(url).set('Authorization', auth),
  };
}

export type SignedIn = ReturnType<typeof signedIn>;
