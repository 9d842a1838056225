import { Injectable } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { AttemptLimiter } from '../../../common/rate-limit/attempt-limiter';
import { TransactionHost } from '../../../database/transaction-host';
import { CredentialRepository } from '../credential.repository';
import { StaffCredentialEntity } from '../entities/staff-credential.entity';
import { PasswordHasher } from './password-hasher.service';
import { loginSourcePrefix } from '../login/login-attempts';
import { generateTemporaryPassword } from './password-policy';
import { SessionStateService } from '../tokens/session-state.service';
import { SessionRepository } from '../session.repository';

/**
 * What other modules may do to an account: give it a first password, reset it, cut it off.
 * Callers record the audit entry (they know the target's unit).
 */
@Injectable()
export class AccountSecurityService {
  constructor(
    private readonly credentials: CredentialRepository,
    private readonly sessions: SessionRepository,
    private readonly state: SessionStateService,
    private readonly hasher: PasswordHasher,
    private readonly attempts: AttemptLimiter,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** A credential that must be changed at first sign-in; returns the initial password. */
  async createCredential(staffId: string, password?: string): Promise<string> {
    const initial = await this.prepareInitialPassword(password);
    await this.insertCredential(staffId, initial.hash);
    return initial.password;
  }

  /** Hashing is the slow part: bulk imports do it before opening their transaction. */
  async prepareInitialPassword(
    password = generateTemporaryPassword(),
  ): Promise<{ password: string; hash: string }> {
    return { password, hash: await this.hasher.hash(password) };
  }

  async insertCredential(staffId: string, passwordHash: string): Promise<void> {
    const credential = new StaffCredentialEntity();
    credential.staffId = staffId;
    credential.passwordHash = passwordHash;
    credential.mustChangePassword = true;
    credential.passwordChangedAt = null;
    credential.failedAttempts = 0;
    credential.lockedUntil = null;
    credential.tokenVersion = 0;
    await this.credentials.insert(credential);
  }

  /** A new temporary password; unlocks the account and ends every session. */
  async resetPassword(staffId: string): Promise<string> {
    const password = generateTemporaryPassword();
    const hash = await this.hasher.hash(password);
    await this.tx.run(async () => {
      await this.credentials.setPassword(staffId, hash, true, this.clock.now());
      await this.sessions.revokeAllForStaff(staffId, 'password_reset', this.clock.now());
    });
    this.state.forgetStaff(staffId);
    return password;
  }

  /**
   * An admin lifts the sign-in locks: the account's, and every source's for this staff number.
   * Returns the account lock that was in force, if any.
   */
  async unlock(staffId: string, staffNo: string): Promise<Date | null> {
    const lockedUntil = await this.credentials.unlock(staffId, this.clock.now());
    await this.attempts.resetPrefix(loginSourcePrefix(staffNo));
    return lockedUntil;
  }

  /** Disabled or left: every session ends and every access token stops working. */
  async revokeAccess(staffId: string, reason: string): Promise<void> {
    await this.tx.run(async () => {
      await this.credentials.bumpTokenVersion(staffId);
      await this.sessions.revokeAllForStaff(staffId, reason, this.clock.now());
    });
    this.state.forgetStaff(staffId);
  }

  /** Roles changed: access tokens must be refreshed to carry the new grants. */
  async rolesChanged(staffId: string): Promise<void> {
    await this.credentials.bumpTokenVersion(staffId);
    this.state.forgetStaff(staffId);
  }
}
