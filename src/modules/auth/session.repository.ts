import { Injectable } from '@nestjs/common';
import type { RoleGrant } from '../../common/auth';
import { TransactionHost } from '../../database/transaction-host';
import { AuthSessionEntity } from './entities/auth-session.entity';
import { RefreshTokenEntity } from './entities/refresh-token.entity';

/** Everything the guard needs to accept or refuse an access token, in one query. */
export interface SessionStateRow {
  sessionId: string;
  staffId: string;
  staffNo: string;
  name: string;
  unitId: string;
  unitPath: string;
  active: boolean;
  employmentEnd: string | null;
  tokenVersion: number;
  mustChangePassword: boolean;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  grants: RoleGrant[];
}

export interface RefreshTokenWithSession {
  token: RefreshTokenEntity;
  session: AuthSessionEntity;
}

@Injectable()
export class SessionRepository {
  constructor(private readonly tx: TransactionHost) {}

  async insertSession(session: AuthSessionEntity): Promise<void> {
    await this.tx.repository(AuthSessionEntity).insert(session);
  }

  async insertRefreshToken(token: RefreshTokenEntity): Promise<void> {
    await this.tx.repository(RefreshTokenEntity).insert(token);
  }

  /** Locks the token row: concurrent refreshes with one token are serialised. */
  async findRefreshTokenForUpdate(id: string): Promise<RefreshTokenWithSession | null> {
    const token = await this.tx
      .repository(RefreshTokenEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.id = :id', { id })
      .getOne();
    if (!token) return null;
    const session = await this.tx.repository(AuthSessionEntity).findOneBy({ id: token.sessionId });
    return session ? { token, session } : null;
  }

  async markRefreshTokenUsed(id: string, now: Date): Promise<void> {
    await this.tx.repository(RefreshTokenEntity).update({ id }, { usedAt: now });
  }

  /** The tokens of a session issued at or after `since` (the successors of a token used then). */
  async refreshTokensIssuedSince(sessionId: string, since: Date): Promise<RefreshTokenEntity[]> {
    return this.tx
      .repository(RefreshTokenEntity)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where('t.session_id = :sessionId AND t.created_at >= :since', { sessionId, since })
      .getMany();
  }

  async deleteRefreshTokens(ids: string[]): Promise<void> {
    if (ids.length) await this.tx.repository(RefreshTokenEntity).delete(ids);
  }

  async revokeSession(id: string, reason: string, now: Date): Promise<boolean> {
    const result = await this.tx
      .repository(AuthSessionEntity)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: now, revokedReason: reason })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async revokeAllForStaff(staffId: string, reason: string, now: Date): Promise<string[]> {
    const rows = await this.tx.manager.query<[{ id: string }[], number]>(
      `UPDATE auth_session SET revoked_at = $2, revoked_reason = $3
        WHERE staff_id = $1 AND revoked_at IS NULL RETURNING id`,
      [staffId, now, reason],
    );
    return rows[0].map((r) => r.id);
  }

  async touch(id: string, now: Date): Promise<void> {
    await this.tx.manager.query(
      'UPDATE auth_session SET last_seen_at = GREATEST(last_seen_at, $2) WHERE id = $1',
      [id, now],
    );
  }

  async loadState(sessionId: string): Promise<SessionStateRow | null> {
    const rows = await this.tx.manager.query<SessionStateRow[]>(
      `SELECT s.id AS "sessionId", st.id AS "staffId", st.staff_no AS "staffNo", st.name,
              st.unit_id AS "unitId", ou.path AS "unitPath", st.active,
              st.employment_end::text AS "employmentEnd", c.token_version AS "tokenVersion", c.must_change_password AS "mustChangePassword",
              s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
              s.revoked_at AS "revokedAt",
              COALESCE(
                (SELECT json_agg(json_build_object('role', r.role, 'unitId', r.unit_id,
                                                   'unitPath', u.path))
                   FROM role_assignment r JOIN org_unit u ON u.id = r.unit_id
                  WHERE r.staff_id = st.id),
                '[]'::json) AS grants
         FROM auth_session s
         JOIN staff st ON st.id = s.staff_id
         JOIN org_unit ou ON ou.id = st.unit_id
         JOIN staff_credential c ON c.staff_id = st.id
        WHERE s.id = $1`,
      [sessionId],
    );
    return rows[0] ?? null;
  }
}
