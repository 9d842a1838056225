import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Principal, RoleName } from '../../../common/auth';
import {
  ALLOW_PENDING_PASSWORD_KEY,
  IS_PUBLIC_KEY,
  ROLES_KEY,
  ROLE_LABELS,
  hasAnyRole,
} from '../../../common/auth';
import { AppError, CommonErrors } from '../../../common/errors';
import type { AppRequest } from '../../../common/http/request-context';
import { RequestContext } from '../../../common/http/request-context';
import { AccessTokenVerifier, bearerToken } from './access-token-verifier.service';
import { AuthErrors } from '../auth.errors';
import { SessionStateService } from './session-state.service';

/**
 * APP_GUARD: every route needs a valid access token unless marked @Public() (signature by
 * AccessTokenVerifier, then the session's state by SessionStateService). Then the
 * password-change gate, then @Roles() (role held anywhere; services check the unit scope).
 * Passport stays for the password sign-in (LocalStrategy) only.
 */
@Injectable()
export class GlobalAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly sessions: SessionStateService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AppRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw AuthErrors.TOKEN_MISSING();
    const payload = this.verifier.verify(token);
    if (!payload) throw AuthErrors.TOKEN_INVALID();
    const principal: Principal = await this.sessions.authenticate(payload);
    request.user = principal;
    const ctx = RequestContext.current();
    if (ctx) ctx.actor = { id: principal.staffId, staffNo: principal.staffNo };
    if (
      principal.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD_KEY, targets)
    ) {
      throw AuthErrors.PASSWORD_CHANGE_REQUIRED();
    }
    const roles = this.reflector.getAllAndOverride<RoleName[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !hasAnyRole(principal, roles)) {
      // the same code as any refusal, but saying which roles would do, so whoever is refused
      // knows what to ask for
      const { code, status, message } = CommonErrors.FORBIDDEN;
      const needed = roles.map((r) => ROLE_LABELS[r]).join('、');
      throw new AppError(code, status, `${message}：需要以下角色之一：${needed}`);
    }
    return true;
  }
}
