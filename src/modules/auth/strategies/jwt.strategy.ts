import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { Principal } from '../../../common/auth';
import { AuthErrors } from '../auth.errors';
import { JWT_SECRET } from '../jwt-secret.provider';
import { SessionStateService } from '../session-state.service';
import { isAccessTokenPayload } from '../tokens';

/**
 * passport-jwt checks the signature (HS256 only, so `alg: none` and other algorithms fail);
 * expiry and everything about the session are checked against the injected clock and
 * PostgreSQL by SessionStateService.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(JWT_SECRET) secret: string,
    private readonly sessions: SessionStateService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject: given a string, jsonwebtoken 9 first tries (and fails) to parse it as a
      // public key on every request, which cost a third of the API's CPU under load. It
      // accepts KeyObjects; @types/passport-jwt has not caught up, hence the cast.
      secretOrKey: createSecretKey(Buffer.from(secret)) as unknown as Buffer,
      algorithms: ['HS256'],
      ignoreExpiration: true,
    });
  }

  validate(payload: unknown): Promise<Principal> {
    if (!isAccessTokenPayload(payload)) throw AuthErrors.TOKEN_INVALID();
    return this.sessions.authenticate(payload);
  }
}
