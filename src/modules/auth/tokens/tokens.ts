import { isUUID } from 'class-validator';

/** Claims of an access token. `ver` must match the credential's token version. */
export interface AccessTokenPayload {
  typ: 'access';
  sub: string;
  sid: string;
  ver: number;
  iat: number;
  exp: number;
}

export function isAccessTokenPayload(value: unknown): value is AccessTokenPayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.typ === 'access' &&
    typeof p.sub === 'string' &&
    isUUID(p.sub) &&
    typeof p.sid === 'string' &&
    isUUID(p.sid) &&
    Number.isSafeInteger(p.ver) &&
    typeof p.iat === 'number' &&
    typeof p.exp === 'number'
  );
}
