import type { KeyObject } from 'node:crypto';
import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { verify } from 'jsonwebtoken';
import { JWT_SECRET } from './jwt-secret.provider';
import type { AccessTokenPayload } from './tokens';
import { isAccessTokenPayload } from './tokens';

/** Verified tokens kept per process; a repeat skips the HMAC and JSON work. */
const CACHE_MAX = 10_000;
const CACHE_TTL_MS = 60_000;

/**
 * Checks an access token's signature (HS256 only: `alg: none` and every other algorithm fail)
 * with jsonwebtoken, the library passport-jwt used, without passport's per-request machinery.
 * A token verified in the last minute is taken from a per-process cache keyed by the whole token
 * string (never by a claim, so a forged token cannot hit it). Expiry and everything about the
 * session (revocation, idle, disable, token version) are checked afterwards on every request by
 * SessionStateService, so the cache changes nothing about when a token stops working.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { payload: AccessTokenPayload; until: number }>();

  constructor(@Inject(JWT_SECRET) secret: string) {
    // a KeyObject: given a string, jsonwebtoken 9 first tries to parse it as a public key
    this.key = createSecretKey(Buffer.from(secret));
  }

  /** The token's claims, or null when it is not a well-formed access token signed with our key. */
  verify(token: string): AccessTokenPayload | null {
    const now = Date.now();
    const hit = this.verified.get(token);
    if (hit && hit.until > now) return hit.payload;
    let payload: unknown;
    try {
      payload = verify(token, this.key, { algorithms: ['HS256'], ignoreExpiration: true });
    } catch {
      return null;
    }
    if (!isAccessTokenPayload(payload)) return null;
    if (hit) this.verified.delete(token);
    if (this.verified.size >= CACHE_MAX) {
      // the oldest entry (Maps keep insertion order)
      const oldest = this.verified.keys().next();
      if (!oldest.done) this.verified.delete(oldest.value);
    }
    this.verified.set(token, { payload, until: now + CACHE_TTL_MS });
    return payload;
  }
}

/** The token of an `Authorization: Bearer …` header (scheme case-insensitive), else null. */
export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
