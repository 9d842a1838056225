import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../database/transaction-host';
import { StaffCredentialEntity } from './entities/staff-credential.entity';

export interface LoginCandidate {
  staffId: string;
  staffNo: string;
  name: string;
  unitId: string;
  active: boolean;
  employmentEnd: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  tokenVersion: number;
}

@Injectable()
export class CredentialRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get repo() {
    return this.tx.repository(StaffCredentialEntity);
  }

  async findLoginCandidate(
    by: { staffNo: string } | { staffId: string },
  ): Promise<LoginCandidate | null> {
    const [column, value] = 'staffNo' in by ? ['st.staff_no', by.staffNo] : ['st.id', by.staffId];
    const rows = await this.tx.manager.query<LoginCandidate[]>(
      `SELECT st.id AS "staffId", st.staff_no AS "staffNo", st.name, st.unit_id AS "unitId",
              st.active, st.employment_end::text AS "employmentEnd",
              c.password_hash AS "passwordHash", c.must_change_password AS "mustChangePassword",
              c.locked_until AS "lockedUntil", c.token_version AS "tokenVersion"
         FROM staff st JOIN staff_credential c ON c.staff_id = st.id
        WHERE ${column} = $1`,
      [value],
    );
    return rows[0] ?? null;
  }

  async insert(credential: StaffCredentialEntity): Promise<void> {
    await this.repo.insert(credential);
  }

  /**
   * Counts a failed password check atomically (safe across replicas). From the `maxFailures`-th
   * failure on, each failure locks the account: `firstLockMs`, doubling with every further one,
   * up to `maxLockMs`. Failures while locked are never checked, so never counted; the count
   * restarts only at a successful sign-in, a new password or an admin's unlock.
   */
  async registerFailure(
    staffId: string,
    now: Date,
    maxFailures: number,
    firstLockMs: number,
    maxLockMs: number,
  ): Promise<{ failedAttempts: number; lockedUntil: Date | null }> {
    const rows = await this.tx.manager.query<
      [{ failedAttempts: number; lockedUntil: Date | null }[], number]
    >(
      `UPDATE staff_credential
          SET failed_attempts = failed_attempts + 1,
              locked_until = CASE
                WHEN failed_attempts + 1 >= $3 THEN $2::timestamptz + interval '1 millisecond' *
                  least($5::float8, $4::float8 * 2 ^ least(failed_attempts + 1 - $3, 30))
                ELSE locked_until END
        WHERE staff_id = $1
      RETURNING failed_attempts AS "failedAttempts", locked_until AS "lockedUntil"`,
      [staffId, now, maxFailures, firstLockMs, maxLockMs],
    );
    return rows[0][0];
  }

  /** Lifts the lock and clears the count; returns the lock that was in force at `now`, if any. */
  async unlock(staffId: string, now: Date): Promise<Date | null> {
    const rows = await this.tx.manager.query<[{ lockedUntil: Date | null }[], number]>(
      `UPDATE staff_credential c SET failed_attempts = 0, locked_until = NULL
         FROM (SELECT staff_id, locked_until FROM staff_credential
                WHERE staff_id = $1 FOR UPDATE) old
        WHERE c.staff_id = old.staff_id
      RETURNING CASE WHEN old.locked_until > $2 THEN old.locked_until END AS "lockedUntil"`,
      [staffId, now],
    );
    return rows[0][0]?.lockedUntil ?? null;
  }

  async clearFailures(staffId: string): Promise<void> {
    await this.repo.update({ staffId }, { failedAttempts: 0, lockedUntil: null });
  }

  async updateHash(staffId: string, passwordHash: string): Promise<void> {
    await this.repo.update({ staffId }, { passwordHash });
  }

  /** New password: unlocks, bumps the token version (older access tokens die). */
  async setPassword(
    staffId: string,
    passwordHash: string,
    mustChangePassword: boolean,
    now: Date,
  ): Promise<void> {
    await this.tx.manager.query(
      `UPDATE staff_credential
          SET password_hash = $2, must_change_password = $3, password_changed_at = $4,
              failed_attempts = 0, locked_until = NULL, token_version = token_version + 1
        WHERE staff_id = $1`,
      [staffId, passwordHash, mustChangePassword, now],
    );
  }

  async bumpTokenVersion(staffId: string): Promise<void> {
    await this.tx.manager.query(
      'UPDATE staff_credential SET token_version = token_version + 1 WHERE staff_id = $1',
      [staffId],
    );
  }
}
