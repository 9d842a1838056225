import { randomUUID } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { AccessTokenVerifier, bearerToken } from './access-token-verifier.service';

const SECRET = 'x'.repeat(40);
const claims = () => ({
  typ: 'access',
  sub: randomUUID(),
  sid: randomUUID(),
  ver: 1,
  iat: 1_780_000_000,
  exp: 1_780_000_900,
});

describe('AccessTokenVerifier', () => {
  const verifier = new AccessTokenVerifier(SECRET);

  it('accepts an HS256 access token signed with the key (expiry is the session check’s)', () => {
    const c = claims();
    const token = sign(c, SECRET, { algorithm: 'HS256' });
    expect(verifier.verify(token)).toEqual(c);
    // again, from the cache
    expect(verifier.verify(token)).toEqual(c);
  });

  it('refuses other keys, other algorithms, alg none, tampering and non-access claims', () => {
    const c = claims();
    const good = sign(c, SECRET, { algorithm: 'HS256' });
    expect(verifier.verify(good)).not.toBeNull();
    const [header, , signature] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ ...c, sub: randomUUID() })).toString('base64url');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${forged}.`;
    for (const bad of [
      sign(c, 'y'.repeat(40), { algorithm: 'HS256' }),
      sign(c, SECRET, { algorithm: 'HS512' }),
      none,
      `${header}.${forged}.${signature}`,
      sign({ ...c, typ: 'refresh' }, SECRET, { algorithm: 'HS256' }),
      'garbage',
    ]) {
      expect(verifier.verify(bad)).toBeNull();
    }
  });

  it('reads the token of a Bearer header only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer  abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken(['Bearer a'])).toBeNull();
  });
});
