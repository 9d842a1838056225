import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUUID } from 'class-validator';
import { Clock } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { JWT_SECRET } from './jwt-secret.provider';
import type { AccessTokenPayload } from './tokens';

export interface IssuedAccessToken {
  token: string;
  expiresAt: Date;
}

export interface IssuedRefreshToken {
  raw: string;
  entity: RefreshTokenEntity;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(JWT_SECRET) private readonly secret: string,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** HS256, expiry from the injected clock (verification checks it against the same clock). */
  issueAccessToken(staffId: string, sessionId: string, tokenVersion: number): IssuedAccessToken {
    const iat = Math.floor(this.clock.nowMs() / 1000);
    const exp = iat + this.config.auth.accessTokenTtlSeconds;
    const payload: AccessTokenPayload = {
      typ: 'access',
      sub: staffId,
      sid: sessionId,
      ver: tokenVersion,
      iat,
      exp,
    };
    const token = this.jwt.sign(payload, { secret: this.secret, algorithm: 'HS256' });
    return { token, expiresAt: new Date(exp * 1000) };
  }

  newRefreshToken(sessionId: string, expiresAt: Date): IssuedRefreshToken {
    const entity = new RefreshTokenEntity();
    entity.id = randomUUID();
    entity.sessionId = sessionId;
    const secret = randomBytes(32).toString('base64url');
    entity.tokenHash = sha256(secret);
    entity.createdAt = this.clock.now();
    entity.expiresAt = expiresAt;
    entity.usedAt = null;
    return { raw: `${entity.id}.${secret}`, entity };
  }

  parseRefreshToken(raw: string): { id: string; secret: string } | null {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,100})$/.exec(raw);
    // the id is looked up in a uuid column: anything but a UUID is simply not a token of ours
    return match && isUUID(match[1]) ? { id: match[1], secret: match[2] } : null;
  }

  refreshSecretMatches(entity: RefreshTokenEntity, secret: string): boolean {
    const a = Buffer.from(entity.tokenHash, 'hex');
    const b = Buffer.from(sha256(secret), 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
