import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthErrors } from '../auth.errors';

/**
 * Login attempts per source IP and staff number (so a whole office behind one NAT address can
 * still sign in at exam time). Counters live in Redis, shared by every API replica.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const body = req.body as { staffNo?: unknown } | undefined;
    const staffNo = typeof body?.staffNo === 'string' ? body.staffNo.slice(0, 32) : '';
    return Promise.resolve(`${String(req.ip)}|${staffNo}`);
  }

  protected override throwThrottlingException(): Promise<void> {
    throw AuthErrors.TOO_MANY_ATTEMPTS();
  }
}
