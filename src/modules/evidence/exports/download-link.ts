import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a download link works after it was issued. */
export const DOWNLOAD_LINK_TTL_MS = 60_000;

/** The public path a link points to; the token is its last segment (redacted in request logs). */
export const DOWNLOAD_LINK_PATH = '/export-downloads';

/** What a download link grants: one export's file, to the person (and sign-in) who asked. */
export interface DownloadLinkClaims {
  /** The export. */
  exportId: string;
  /** Who asked for the link (the audit actor of the download). */
  staffId: string;
  /** Their sign-in: the link dies with it (logout, idle, revoke). */
  sessionId: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  /** Random, so that each link is a different token and can be used once. */
  nonce: string;
}

/** Purpose label mixed into the key: a link key signs nothing else (not access tokens). */
const PURPOSE = 'xuefa:evidence-export-download:v1';

/** The HMAC key for links, derived from the platform secret for this one purpose. */
export function linkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update(PURPOSE).digest();
}

const mac = (key: Buffer, body: string): Buffer => createHmac('sha256', key).update(body).digest();

/** `<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`: only [A-Za-z0-9_-.] in a URL path. */
export function signLink(
  key: Buffer,
  claims: Omit<DownloadLinkClaims, 'nonce'> & { nonce?: string },
): string {
  const full: DownloadLinkClaims = {
    ...claims,
    nonce: claims.nonce ?? randomBytes(12).toString('base64url'),
  };
  const body = Buffer.from(
    JSON.stringify([full.exportId, full.staffId, full.sessionId, full.expiresAt, full.nonce]),
  ).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The claims of a token whose signature holds, else null (expiry is the caller's check). */
export function readLink(key: Buffer, token: string): DownloadLinkClaims | null {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const [body, sig] = parts;
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length !== 5) return null;
  const [exportId, staffId, sessionId, expiresAt, nonce] = raw as unknown[];
  if (
    typeof exportId !== 'string' ||
    typeof staffId !== 'string' ||
    typeof sessionId !== 'string' ||
    typeof expiresAt !== 'number' ||
    typeof nonce !== 'string'
  ) {
    return null;
  }
  return { exportId, staffId, sessionId, expiresAt, nonce };
}

/** A request URL with a download token replaced, for logs. */
export function redactLinkUrl(url: string): string {
  return url.startsWith(`${DOWNLOAD_LINK_PATH}/`)
    ? url.replace(/^(\/export-downloads\/)[^/?#]*/, '$1[redacted]')
    : url;
}
