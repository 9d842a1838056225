import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { isEmployed } from '../../../common/auth';
import { Clock } from '../../../common/clock/clock';
import { AttemptLimiter } from '../../../common/rate-limit/attempt-limiter';
import type { AttemptPolicy } from '../../../common/rate-limit/attempt-limits';
import type { AppError } from '../../../common/errors';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { AuditService } from '../../audit';
import { AuthErrors } from '../auth.errors';
import type { LoginCandidate } from '../credential.repository';
import { CredentialRepository } from '../credential.repository';
import type { TokenPairResponseDto } from '../dto/auth.dto';
import { AuthSessionEntity } from '../entities/auth-session.entity';
import { loginSourceKey } from './login-attempts';
import { PasswordHasher } from '../passwords/password-hasher.service';
import { passwordPolicyViolations } from '../passwords/password-policy';
import { SessionStateService } from '../tokens/session-state.service';
import { SessionRepository } from '../session.repository';
import { TokenService } from '../tokens/token.service';

type RefreshOutcome =
  | { ok: true; pair: TokenPairResponseDto }
  | { ok: false; error: AppError; revokedSessionId?: string };

export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

/** Failures of one source count within this window... */
const SOURCE_WINDOW_MS = 15 * 60_000;
/** ...and after a wait, for this long, it has one try at a time and the next wait doubles. */
const SOURCE_MEMORY_MS = 60 * 60_000;

@Injectable()
export class AuthService {
  private readonly sourcePolicy: AttemptPolicy;

  constructor(
    private readonly credentials: CredentialRepository,
    private readonly sessions: SessionRepository,
    private readonly state: SessionStateService,
    private readonly tokens: TokenService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly tx: TransactionHost,
    private readonly attempts: AttemptLimiter,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    this.sourcePolicy = {
      limit: config.auth.lockoutSourceFailures,
      windowMs: SOURCE_WINDOW_MS,
      blockMs: config.auth.lockoutFirstMs,
      maxBlockMs: config.auth.lockoutMs,
      memoryMs: SOURCE_MEMORY_MS,
    };
  }

  /**
   * The passport-local check. Two locks, both progressive (see README "Sign-in lockout"): the
   * source (address + staff number) waits after LOCKOUT_SOURCE_FAILURES, counted in Redis
   * before the password is checked and the same for unknown staff numbers, so it tells nothing;
   * the account locks after LOCKOUT_MAX_FAILURES from anywhere, in PostgreSQL. A locked account
   * answers exactly like a wrong password, without checking it (no oracle for the password
   * either). Every outcome is audited.
   */
  async validateCredentials(
    staffNo: string,
    password: string,
    ip: string,
  ): Promise<LoginCandidate> {
    const sourceKey = loginSourceKey(staffNo, ip);
    const source = await this.attempts.take(sourceKey, this.sourcePolicy);
    if (source.blockedMs > 0) {
      await this.auditLogin(null, false, {
        staffNo,
        reason: 'source_locked',
        newLock: source.newBlock,
        minutes: minutesOf(source.blockedMs),
      });
      throw AuthErrors.TOO_MANY_FAILURES({ minutes: minutesOf(source.blockedMs) });
    }
    const candidate = await this.credentials.findLoginCandidate({ staffNo });
    if (!candidate) {
      await this.hasher.verifyAgainstDummy(password);
      await this.auditLogin(null, false, { staffNo, reason: 'unknown_staff_no' });
      throw AuthErrors.INVALID_CREDENTIALS();
    }
    const now = this.clock.now();
    if (candidate.lockedUntil && candidate.lockedUntil > now) {
      await this.hasher.verifyAgainstDummy(password);
      await this.auditLogin(candidate, false, { reason: 'locked' });
      throw AuthErrors.INVALID_CREDENTIALS();
    }
    if (!(await this.hasher.verify(candidate.passwordHash, password))) {
      await this.registerFailure(candidate, 'wrong_password');
      throw AuthErrors.INVALID_CREDENTIALS();
    }
    if (!isEmployed(candidate, this.clock.today(this.config.timeZone))) {
      await this.auditLogin(candidate, false, { reason: 'disabled' });
      throw AuthErrors.ACCOUNT_DISABLED();
    }
    await this.credentials.clearFailures(candidate.staffId);
    await this.attempts.reset(sourceKey);
    if (this.hasher.needsRehash(candidate.passwordHash)) {
      await this.credentials.updateHash(candidate.staffId, await this.hasher.hash(password));
    }
    return candidate;
  }

  async login(candidate: LoginCandidate, client: ClientInfo): Promise<TokenPairResponseDto> {
    return this.tx.run(async () => {
      const pair = await this.openSession(candidate, client);
      await this.auditLogin(candidate, true, { sessionId: pair.sessionId });
      return pair;
    });
  }

  /**
   * Rotates a refresh token. A token presented twice means it leaked: the whole session
   * (every token of the family) is revoked, unless it is a retry within the grace period
   * (`reissueWithinGrace`).
   */
  async refresh(raw: string): Promise<TokenPairResponseDto> {
    const parsed = this.tokens.parseRefreshToken(raw);
    if (!parsed) throw AuthErrors.REFRESH_INVALID();
    // Revocations must commit even though the caller gets an error, so the transaction
    // returns the outcome and the error is thrown after it.
    const outcome = await this.tx.run(async (): Promise<RefreshOutcome> => {
      const found = await this.sessions.findRefreshTokenForUpdate(parsed.id);
      if (!found || !this.tokens.refreshSecretMatches(found.token, parsed.secret)) {
        return { ok: false, error: AuthErrors.REFRESH_INVALID() };
      }
      const { token, session } = found;
      const now = this.clock.now();
      const refuse = async (error: AppError, reason: string): Promise<RefreshOutcome> => {
        await this.sessions.revokeSession(session.id, reason, now);
        return { ok: false, error, revokedSessionId: session.id };
      };
      if (token.usedAt && !(await this.reissueWithinGrace(token, session.id, now))) {
        await this.audit.record({
          action: 'auth.refresh_reuse',
          success: false,
          actor: null,
          target: { type: 'staff', id: session.staffId },
          details: { sessionId: session.id },
        });
        return refuse(AuthErrors.REFRESH_REUSED(), 'refresh_reuse');
      }
      if (session.revokedAt || session.expiresAt <= now || token.expiresAt <= now) {
        return { ok: false, error: AuthErrors.REFRESH_INVALID() };
      }
      if (now.getTime() - session.lastSeenAt.getTime() > this.config.auth.idleTimeoutMs) {
        return refuse(AuthErrors.SESSION_IDLE(), 'idle');
      }
      const candidate = await this.credentials.findLoginCandidate({ staffId: session.staffId });
      if (!candidate || !isEmployed(candidate, this.clock.today(this.config.timeZone))) {
        return refuse(AuthErrors.ACCOUNT_DISABLED(), 'disabled');
      }
      if (!token.usedAt) await this.sessions.markRefreshTokenUsed(token.id, now);
      await this.sessions.touch(session.id, now);
      return { ok: true, pair: await this.issuePair(candidate, session) };
    });
    if (outcome.ok) return outcome.pair;
    if (outcome.revokedSessionId) this.state.forgetSession(outcome.revokedSessionId);
    throw outcome.error;
  }

  /**
   * A token presented again within `REFRESH_REUSE_GRACE_SECONDS` of its rotation, while its
   * successor is still unused, is a retry rather than a theft: the response of the first refresh
   * was lost (a phone's connection dropped), or two tabs raced and the second could not yet see
   * the pair the first stored. The unused successor is withdrawn and a new pair issued, so one
   * refresh token stays valid. Later, or once the successor was used, it is reuse.
   */
  private async reissueWithinGrace(
    token: { usedAt: Date | null },
    sessionId: string,
    now: Date,
  ): Promise<boolean> {
    if (!token.usedAt) return false;
    if (now.getTime() - token.usedAt.getTime() > this.config.auth.refreshReuseGraceMs) return false;
    const successors = await this.sessions.refreshTokensIssuedSince(sessionId, token.usedAt);
    if (successors.some((s) => s.usedAt)) return false;
    await this.sessions.deleteRefreshTokens(successors.map((s) => s.id));
    return true;
  }

  async logout(principal: Principal): Promise<void> {
    await this.tx.run(async () => {
      await this.sessions.revokeSession(principal.sessionId, 'logout', this.clock.now());
      await this.audit.record({
        action: 'auth.logout',
        target: { type: 'staff', id: principal.staffId },
        unitId: principal.unitId,
        details: { sessionId: principal.sessionId },
      });
    });
    this.state.forgetSession(principal.sessionId);
  }

  /**
   * Changes the caller's password: every session (this one included) ends, and a fresh session
   * is returned so the client carries on.
   */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    client: ClientInfo,
  ): Promise<TokenPairResponseDto> {
    const candidate = await this.credentials.findLoginCandidate({ staffId: principal.staffId });
    if (!candidate) throw AuthErrors.SESSION_REVOKED();
    const now = this.clock.now();
    if (candidate.lockedUntil && candidate.lockedUntil > now) {
      throw AuthErrors.ACCOUNT_LOCKED({ minutes: minutesUntil(candidate.lockedUntil, now) });
    }
    if (!(await this.hasher.verify(candidate.passwordHash, currentPassword))) {
      const lockedUntil = await this.registerFailure(candidate, 'wrong_current_password');
      if (lockedUntil) {
        throw AuthErrors.ACCOUNT_LOCKED({ minutes: minutesUntil(lockedUntil, now) });
      }
      throw AuthErrors.CURRENT_PASSWORD_WRONG();
    }
    const violations = passwordPolicyViolations(
      newPassword,
      {
        minLength: this.config.auth.passwordMinLength,
        minClasses: this.config.auth.passwordMinClasses,
      },
      candidate.staffNo,
    );
    if (violations.length) {
      throw AuthErrors.PASSWORD_POLICY({ reason: violations.join('；') }, { violations });
    }
    if (currentPassword === newPassword) throw AuthErrors.PASSWORD_UNCHANGED();
    const hash = await this.hasher.hash(newPassword);
    const pair = await this.tx.run(async () => {
      await this.credentials.setPassword(candidate.staffId, hash, false, now);
      await this.sessions.revokeAllForStaff(candidate.staffId, 'password_change', now);
      const fresh = await this.credentials.findLoginCandidate({ staffId: candidate.staffId });
      const result = await this.openSession(fresh ?? candidate, client);
      await this.audit.record({
        action: 'auth.password_change',
        target: { type: 'staff', id: candidate.staffId },
        unitId: candidate.unitId,
      });
      return result;
    });
    this.state.forgetStaff(candidate.staffId);
    return pair;
  }

  private async openSession(
    candidate: LoginCandidate,
    client: ClientInfo,
  ): Promise<TokenPairResponseDto & { sessionId: string }> {
    const now = this.clock.now();
    const session = new AuthSessionEntity();
    session.id = randomUUID();
    session.staffId = candidate.staffId;
    session.createdAt = now;
    session.lastSeenAt = now;
    session.expiresAt = new Date(now.getTime() + this.config.auth.sessionMaxMs);
    session.revokedAt = null;
    session.revokedReason = null;
    session.ip = client.ip?.slice(0, 64) ?? null;
    session.userAgent = client.userAgent?.slice(0, 255) ?? null;
    await this.sessions.insertSession(session);
    return { ...(await this.issuePair(candidate, session)), sessionId: session.id };
  }

  private async issuePair(
    candidate: LoginCandidate,
    session: AuthSessionEntity,
  ): Promise<TokenPairResponseDto> {
    const access = this.tokens.issueAccessToken(
      candidate.staffId,
      session.id,
      candidate.tokenVersion,
    );
    const refresh = this.tokens.newRefreshToken(session.id, session.expiresAt);
    await this.sessions.insertRefreshToken(refresh.entity);
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      expiresIn: this.config.auth.accessTokenTtlSeconds,
      refreshToken: refresh.raw,
      refreshTokenExpiresAt: session.expiresAt.toISOString(),
      idleTimeoutSeconds: Math.round(this.config.auth.idleTimeoutMs / 1000),
      mustChangePassword: candidate.mustChangePassword,
      staff: { id: candidate.staffId, staffNo: candidate.staffNo, name: candidate.name },
    };
  }

  /** Counts a failure towards the account lock; returns the lock it started, if any. */
  private async registerFailure(candidate: LoginCandidate, reason: string): Promise<Date | null> {
    const now = this.clock.now();
    const { lockedUntil, failedAttempts } = await this.credentials.registerFailure(
      candidate.staffId,
      now,
      this.config.auth.lockoutMaxFailures,
      this.config.auth.lockoutFirstMs,
      this.config.auth.lockoutMs,
    );
    await this.auditLogin(candidate, false, { reason, failedAttempts });
    if (!lockedUntil || lockedUntil <= now) return null;
    await this.audit.record({
      action: 'auth.lockout',
      success: true,
      actor: null,
      target: { type: 'staff', id: candidate.staffId },
      unitId: candidate.unitId,
      details: { lockedUntil: lockedUntil.toISOString(), failedAttempts },
    });
    return lockedUntil;
  }

  private auditLogin(
    candidate: LoginCandidate | null,
    success: boolean,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({
      action: 'auth.login',
      success,
      actor: candidate ? { id: candidate.staffId, staffNo: candidate.staffNo } : null,
      target: candidate ? { type: 'staff', id: candidate.staffId } : undefined,
      unitId: candidate?.unitId ?? null,
      details,
    });
  }
}

function minutesUntil(until: Date, now: Date): number {
  return minutesOf(until.getTime() - now.getTime());
}

function minutesOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}
