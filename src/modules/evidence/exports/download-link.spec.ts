import { linkKey, readLink, redactLinkUrl, signLink } from './download-link';

describe('download links', () => {
  const key = linkKey('a platform secret of at least thirty-two characters');
  const claims = {
    exportId: '11111111-1111-4111-8111-111111111111',
    staffId: '22222222-2222-4222-8222-222222222222',
    sessionId: '33333333-3333-4333-8333-333333333333',
    expiresAt: 1_800_000_000_000,
  };

  it('reads back what it signed, with a fresh nonce each time', () => {
    const a = signLink(key, claims);
    const b = signLink(key, claims);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(readLink(key, a)).toMatchObject(claims);
  });

  it('refuses another key, a changed body or signature, and junk', () => {
    const token = signLink(key, claims);
    const [body, sig] = token.split('.');
    expect(readLink(linkKey('another secret, also long enough to be one'), token)).toBeNull();
    const other = Buffer.from(
      JSON.stringify([claims.staffId, claims.staffId, claims.sessionId, claims.expiresAt, 'n']),
    ).toString('base64url');
    expect(readLink(key, `${other}.${sig}`)).toBeNull();
    expect(readLink(key, `${body}.${sig.slice(0, -2)}`)).toBeNull();
    expect(readLink(key, body)).toBeNull();
    expect(readLink(key, '')).toBeNull();
    expect(readLink(key, 'a.b.c')).toBeNull();
  });

  it('keeps tokens out of logged URLs, and other URLs as they are', () => {
    expect(redactLinkUrl('/export-downloads/abc.def')).toBe('/export-downloads/[redacted]');
    expect(redactLinkUrl('/export-downloads/abc.def?x=1')).toBe('/export-downloads/[redacted]?x=1');
    expect(redactLinkUrl('/exports/1/file')).toBe('/exports/1/file');
  });
});
