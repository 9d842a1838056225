import type { ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { AppRequest } from '../../../common/http/request-context';
import { validateBody } from '../../../common/validation';
import { AuthErrors } from '../auth.errors';
import { LoginDto } from '../dto/auth.dto';

/** Validates the body first (guards run before pipes), then passport-local. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AppRequest>();
    req.body = await validateBody(LoginDto, req.body);
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(err: unknown, user: unknown): TUser {
    if (err) throw err as Error;
    if (!user) throw AuthErrors.INVALID_CREDENTIALS();
    return user as TUser;
  }
}
