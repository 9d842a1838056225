import type { ExecutionContext } from '@nestjs/common';
import { SetMetadata, createParamDecorator } from '@nestjs/common';
import type { AppRequest } from '../http/request-context';
import type { Principal, RoleName } from './principal';

export const IS_PUBLIC_KEY = 'xuefa:isPublic';
export const ROLES_KEY = 'xuefa:roles';
export const ALLOW_PENDING_PASSWORD_KEY = 'xuefa:allowPendingPassword';
export const REVEALS_ANSWER_KEYS_KEY = 'xuefa:revealsAnswerKeys';

/** Opt out of authentication. Every public route must also be on the public-route list test. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Require at least one of these roles somewhere; services then check the object's unit against
 * the unit scope of those roles (someone else's object is a 404).
 */
export const Roles = (...roles: RoleName[]) => SetMetadata(ROLES_KEY, roles);

/** Reachable while the user still has to change an initial or reset password. */
export const AllowPendingPasswordChange = () => SetMetadata(ALLOW_PENDING_PASSWORD_KEY, true);

/**
 * The route shows exam questions or their keys (the bank, a paper's preview, statistics, attempts,
 * grading): refused with 409 COMMON.ANSWER_KEYS_WITHHELD while the caller has an exam attempt in
 * progress (the exams module's AnswerKeySecrecyInterceptor).
 */
export const RevealsAnswerKeys = () => SetMetadata(REVEALS_ANSWER_KEYS_KEY, true);

export const CurrentStaff = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): Principal => {
    const req = ctx.switchToHttp().getRequest<AppRequest>();
    if (!req.user) throw new Error('CurrentStaff used on a public route');
    return req.user;
  },
);
