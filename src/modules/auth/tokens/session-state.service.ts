import { Injectable, Logger } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { isEmployed } from '../../../common/auth';
import { Clock } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { AuthErrors } from '../auth.errors';
import type { AccessTokenPayload } from './tokens';
import type { SessionStateRow } from '../session.repository';
import { SessionRepository } from '../session.repository';

interface CacheEntry {
  state: SessionStateRow;
  loadedAt: number;
  lastActivity: number;
  lastWritten: number;
}

const MAX_CACHE_ENTRIES = 200_000;
/** Activity is written to PostgreSQL at most this often per session. */
const TOUCH_INTERVAL_MS = 30_000;

/**
 * Decides, for every authenticated request, whether the access token's session is still good:
 * not revoked, not expired, not idle, account enabled, token version current. Each replica
 * caches a session's state for AUTH_CACHE_TTL_MS (default 500 ms), which bounds how long a
 * logout, password change, disable or role change takes to reach every replica.
 */
@Injectable()
export class SessionStateService {
  private readonly logger = new Logger(SessionStateService.name);
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async authenticate(payload: AccessTokenPayload): Promise<Principal> {
    const now = this.clock.nowMs();
    if (payload.exp * 1000 <= now) throw AuthErrors.TOKEN_EXPIRED();
    const entry = await this.entryFor(payload.sid, now);
    const state = entry?.state;
    if (!entry || !state || state.staffId !== payload.sub) throw AuthErrors.TOKEN_INVALID();
    if (state.revokedAt || new Date(state.expiresAt).getTime() <= now) {
      throw AuthErrors.SESSION_REVOKED();
    }
    if (!isEmployed(state, this.clock.today(this.config.timeZone))) {
      throw AuthErrors.SESSION_REVOKED();
    }
    if (state.tokenVersion !== payload.ver) throw AuthErrors.TOKEN_STALE();
    const lastSeen = Math.max(new Date(state.lastSeenAt).getTime(), entry.lastActivity);
    if (now - lastSeen > this.config.auth.idleTimeoutMs) {
      await this.sessions.revokeSession(state.sessionId, 'idle', new Date(now));
      this.cache.delete(state.sessionId);
      throw AuthErrors.SESSION_IDLE();
    }
    this.recordActivity(entry, now);
    return {
      staffId: state.staffId,
      staffNo: state.staffNo,
      name: state.name,
      unitId: state.unitId,
      sessionId: state.sessionId,
      mustChangePassword: state.mustChangePassword,
      // Everyone is `staff` of their own unit; other roles come from assignments.
      grants: [{ role: 'staff', unitId: state.unitId, unitPath: state.unitPath }, ...state.grants],
    };
  }

  /** Forget cached state at once on this replica (others follow within the cache TTL). */
  forgetSession(sessionId: string): void {
    this.cache.delete(sessionId);
  }

  forgetStaff(staffId: string): void {
    for (const [sid, entry] of this.cache) {
      if (entry.state.staffId === staffId) this.cache.delete(sid);
    }
  }

  private async entryFor(sessionId: string, now: number): Promise<CacheEntry | undefined> {
    const cached = this.cache.get(sessionId);
    if (cached && now - cached.loadedAt < this.config.auth.cacheTtlMs && now >= cached.loadedAt) {
      return cached;
    }
    const state = await this.sessions.loadState(sessionId);
    if (!state) {
      this.cache.delete(sessionId);
      return undefined;
    }
    const entry: CacheEntry = {
      state,
      loadedAt: now,
      lastActivity: Math.max(cached?.lastActivity ?? 0, new Date(state.lastSeenAt).getTime()),
      lastWritten: Math.max(cached?.lastWritten ?? 0, new Date(state.lastSeenAt).getTime()),
    };
    if (this.cache.size >= MAX_CACHE_ENTRIES) this.evictStale(now);
    this.cache.set(sessionId, entry);
    return entry;
  }

  private recordActivity(entry: CacheEntry, now: number): void {
    entry.lastActivity = Math.max(entry.lastActivity, now);
    if (now - entry.lastWritten < TOUCH_INTERVAL_MS) return;
    entry.lastWritten = now;
    this.sessions.touch(entry.state.sessionId, new Date(now)).catch((err: unknown) => {
      this.logger.warn({ err }, 'could not record session activity');
    });
  }

  private evictStale(now: number): void {
    for (const [sid, entry] of this.cache) {
      if (now - entry.loadedAt >= this.config.auth.cacheTtlMs) this.cache.delete(sid);
    }
  }
}
