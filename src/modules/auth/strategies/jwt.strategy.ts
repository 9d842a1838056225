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
      secretOrKey: secret,
      algorithms: ['HS256'],
      ignoreExpiration: true,
    });
  }

  validate(payload: unknown): Promise<Principal> {
    if (!isAccessTokenPayload(payload)) throw AuthErrors.TOKEN_INVALID();
    return this.sessions.authenticate(payload);
  }
}
