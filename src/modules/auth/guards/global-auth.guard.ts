import type { ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
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
import { AuthErrors } from '../auth.errors';

/**
 * APP_GUARD: every route needs a valid access token unless marked @Public(). Then the
 * password-change gate, then @Roles() (role held anywhere; services check the unit scope).
 */
@Injectable()
export class GlobalAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    await super.canActivate(context);
    const req = context.switchToHttp().getRequest<AppRequest>();
    const principal = req.user as Principal;
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

  override handleRequest<TUser = Principal>(err: unknown, user: unknown, info: unknown): TUser {
    if (err) throw err as Error;
    if (!user) {
      const message = info instanceof Error ? info.message : '';
      throw message === 'No auth token' ? AuthErrors.TOKEN_MISSING() : AuthErrors.TOKEN_INVALID();
    }
    return user as TUser;
  }
}
