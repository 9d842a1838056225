import { Injectable } from '@nestjs/common';
import { subtreePatterns } from '../../database/sql';
import { TransactionHost } from '../../database/transaction-host';
import {
  SessionAttendanceEntity,
  SessionLeaveEntity,
  StudySessionEntity,
  StudySessionInviteeEntity,
  StudySessionLawEntity,
  StudySessionSeriesEntity,
} from './entities/study-session.entity';
import type { SessionStatus, SessionType } from './entities/study-session.entity';
import { onRosterOnSql } from '../staff';

export interface SessionFilter {
  scopePaths: string[];
  unitPath?: string;
  type?: SessionType;
  status?: SessionStatus;
  from?: Date;
  to?: Date;
  offset: number;
  limit: number;
}

export interface InviteeRow {
  staffId: string;
  staffNo: string;
  name: string;
  unitId: string;
  unitName: string;
}

/** The invitation rule of a session, as stored. */
export type InviteRule = Pick<
  StudySessionEntity,
  'inviteUnitIds' | 'invitePartyOnly' | 'inviteStaffIds'
>;

@Injectable()
export class SessionRepository {
  constructor(private readonly tx: TransactionHost) {}

  private get sessions() {
    return this.tx.repository(StudySessionEntity);
  }

  findById(id: string): Promise<StudySessionEntity | null> {
    return this.sessions.findOneBy({ id });
  }

  async lock(id: string): Promise<StudySessionEntity | null> {
    return this.sessions
      .createQueryBuilder('s')
      .setLock('pessimistic_write')
      .where('s.id = :id', { id })
      .getOne();
  }

  /**
   * Shares the session row with other marks while excluding `lock` (closing attendance), so a
   * mark made while the session closes waits for the close and then corrects its mark.
   */
  async lockShared(id: string): Promise<void> {
    await this.sessions
      .createQueryBuilder('s')
      .setLock('pessimistic_read')
      .where('s.id = :id', { id })
      .getOne();
  }

  async insertSeries(series: StudySessionSeriesEntity): Promise<void> {
    await this.tx.repository(StudySessionSeriesEntity).insert(series);
  }

  async insert(session: StudySessionEntity): Promise<void> {
    await this.sessions.insert(session);
  }

  async update(id: string, patch: Partial<StudySessionEntity>): Promise<void> {
    await this.sessions.update({ id }, patch);
  }

  laws(sessionIds: string[]): Promise<StudySessionLawEntity[]> {
    if (!sessionIds.length) return Promise.resolve([]);
    return this.tx
      .repository(StudySessionLawEntity)
      .createQueryBuilder('l')
      .where('l.session_id IN (:...sessionIds)', { sessionIds })
      .orderBy('l.law_id')
      .addOrderBy('l.article_number')
      .getMany();
  }

  async replaceLaws(sessionId: string, laws: { lawId: string; articleNumber: number }[]) {
    await this.tx.repository(StudySessionLawEntity).delete({ sessionId });
    if (laws.length) {
      await this.tx
        .repository(StudySessionLawEntity)
        .insert(laws.map((l) => ({ sessionId, lawId: l.lawId, articleNumber: l.articleNumber })));
    }
  }

  async search(filter: SessionFilter): Promise<[StudySessionEntity[], number]> {
    const qb = this.sessions
      .createQueryBuilder('s')
      .innerJoin('org_unit', 'u', 'u.id = s.unit_id')
      .where('u.path LIKE ANY(:scope)', { scope: subtreePatterns(filter.scopePaths) });
    if (filter.unitPath) {
      qb.andWhere('u.path LIKE :unitPath', { unitPath: subtreePatterns([filter.unitPath])[0] });
    }
    if (filter.type) qb.andWhere('s.type = :type', { type: filter.type });
    if (filter.status) qb.andWhere('s.status = :status', { status: filter.status });
    if (filter.from) qb.andWhere('s.starts_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('s.starts_at < :to', { to: filter.to });
    return qb
      .orderBy('s.starts_at', 'DESC')
      .addOrderBy('s.id')
      .skip(filter.offset)
      .take(filter.limit)
      .getManyAndCount();
  }

  /**
   * Each session's number among its unit's scheduled sessions of the same type in the same
   * calendar year (in the time zone), by start time.
   */
  async ordinals(sessions: StudySessionEntity[], timeZone: string): Promise<Map<string, number>> {
    if (!sessions.length) return new Map();
    const rows = await this.tx.manager.query<{ id: string; n: string }[]>(
      `SELECT id, n FROM (
         SELECT s.id, row_number() OVER (
                  PARTITION BY s.unit_id, s.type, extract(year FROM s.starts_at AT TIME ZONE $2)
                  ORDER BY s.starts_at, s.id) AS n
           FROM study_session s
          WHERE s.status = 'scheduled' AND s.unit_id = ANY($3::uuid[])
       ) x WHERE id = ANY($1::uuid[])`,
      [sessions.map((s) => s.id), timeZone, [...new Set(sessions.map((s) => s.unitId))]],
    );
    return new Map(rows.map((r) => [r.id, Number(r.n)]));
  }

  /** Who the rule invites today: active, employed staff (the roster as it is now). */
  async inviteesByRule(rule: InviteRule, today: string): Promise<InviteeRow[]> {
    const paths = rule.inviteUnitIds.length
      ? (
          await this.tx.manager.query<{ path: string }[]>(
            'SELECT path FROM org_unit WHERE id = ANY($1::uuid[])',
            [rule.inviteUnitIds],
          )
        ).map((r) => r.path)
      : [];
    return this.tx.manager.query<InviteeRow[]>(
      `SELECT s.id AS "staffId", s.staff_no AS "staffNo", s.name, u.id AS "unitId", u.name AS "unitName"
         FROM staff s JOIN org_unit u ON u.id = s.unit_id
        WHERE ${onRosterOnSql('s', '$4')}
          AND (s.id = ANY($3::uuid[])
               OR (u.path LIKE ANY($1::text[]) AND (NOT $2 OR s.party_member)))
        ORDER BY u.path, s.staff_no`,
      [subtreePatterns(paths), rule.invitePartyOnly, rule.inviteStaffIds, today],
    );
  }

  fixedInvitees(sessionId: string): Promise<InviteeRow[]> {
    return this.tx.manager.query<InviteeRow[]>(
      `SELECT s.id AS "staffId", s.staff_no AS "staffNo", s.name, u.id AS "unitId", u.name AS "unitName"
         FROM study_session_invitee i
         JOIN staff s ON s.id = i.staff_id JOIN org_unit u ON u.id = s.unit_id
        WHERE i.session_id = $1
        ORDER BY u.path, s.staff_no`,
      [sessionId],
    );
  }

  async fixInvitees(sessionId: string, staffIds: string[], at: Date): Promise<boolean> {
    const won = await this.tx.manager.query<[unknown[], number]>(
      `UPDATE study_session SET invitees_fixed_at = $2
        WHERE id = $1 AND invitees_fixed_at IS NULL RETURNING id`,
      [sessionId, at],
    );
    if (!won[0].length) return false;
    if (staffIds.length) {
      await this.tx
        .repository(StudySessionInviteeEntity)
        .insert(staffIds.map((staffId) => ({ sessionId, staffId })));
    }
    return true;
  }

  /**
   * Scheduled sessions overlapping [from, to) a person is invited to: by the fixed list once a
   * session has started, by its rule before.
   */
  async sessionsOf(
    staff: { id: string; unitPath: string; partyMember: boolean },
    from: Date,
    to: Date,
    includeCancelled = false,
  ): Promise<StudySessionEntity[]> {
    return this.sessions
      .createQueryBuilder('ss')
      .where('ss.ends_at > :from AND ss.starts_at < :to', { from, to })
      .andWhere(includeCancelled ? 'TRUE' : `ss.status = 'scheduled'`)
      .andWhere(
        `((ss.invitees_fixed_at IS NOT NULL AND EXISTS (
             SELECT 1 FROM study_session_invitee i WHERE i.session_id = ss.id AND i.staff_id = :staffId))
          OR (ss.invitees_fixed_at IS NULL AND (
             :staffId = ANY(ss.invite_staff_ids)
             OR (EXISTS (SELECT 1 FROM org_unit iu WHERE iu.id = ANY(ss.invite_unit_ids)
                           AND :unitPath LIKE iu.path || '%')
                 AND (NOT ss.invite_party_only OR :party)))))`,
        { staffId: staff.id, unitPath: staff.unitPath, party: staff.partyMember },
      )
      .orderBy('ss.starts_at')
      .getMany();
  }

  /** Sessions of a subtree that were held (started, not cancelled) between two local dates. */
  heldIn(unitPath: string, from: string, to: string, now: Date, timeZone: string) {
    return this.sessions
      .createQueryBuilder('s')
      .innerJoin('org_unit', 'u', 'u.id = s.unit_id')
      .where('u.path LIKE :path', { path: subtreePatterns([unitPath])[0] })
      .andWhere(`s.status = 'scheduled' AND s.ends_at <= :now`, { now })
      .andWhere('(s.starts_at AT TIME ZONE :tz)::date BETWEEN :from::date AND :to::date', {
        tz: timeZone,
        from,
        to,
      })
      .orderBy('s.starts_at')
      .getMany();
  }

  /** Scheduled sessions other than `exceptId` overlapping [from, to). */
  overlapping(from: Date, to: Date, exceptIds: string[]): Promise<StudySessionEntity[]> {
    return this.sessions
      .createQueryBuilder('s')
      .where(`s.status = 'scheduled' AND s.starts_at < :to AND s.ends_at > :from`, { from, to })
      .andWhere('NOT (s.id = ANY(:exceptIds))', { exceptIds })
      .getMany();
  }

  // ---- attendance and leave ----

  attendance(sessionId: string): Promise<SessionAttendanceEntity[]> {
    return this.tx.repository(SessionAttendanceEntity).findBy({ sessionId });
  }

  attendanceOf(sessionId: string, staffId: string): Promise<SessionAttendanceEntity | null> {
    return this.tx.repository(SessionAttendanceEntity).findOneBy({ sessionId, staffId });
  }

  /** Inserts a mark unless one exists; true when inserted. */
  async insertAttendanceIfNone(row: SessionAttendanceEntity): Promise<boolean> {
    const rows = await this.tx.manager.query<unknown[]>(
      `INSERT INTO study_session_attendance
         (session_id, staff_id, status, source, checked_in_at, marked_by, marked_at, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (session_id, staff_id) DO NOTHING RETURNING session_id`,
      [
        row.sessionId,
        row.staffId,
        row.status,
        row.source,
        row.checkedInAt,
        row.markedBy,
        row.markedAt,
        row.note,
      ],
    );
    return rows.length > 0;
  }

  async saveAttendance(row: SessionAttendanceEntity): Promise<void> {
    await this.tx.repository(SessionAttendanceEntity).save(row);
  }

  leaves(sessionId: string): Promise<SessionLeaveEntity[]> {
    return this.tx
      .repository(SessionLeaveEntity)
      .find({ where: { sessionId }, order: { createdAt: 'ASC' } });
  }

  leaveOf(sessionId: string, staffId: string): Promise<SessionLeaveEntity | null> {
    return this.tx.repository(SessionLeaveEntity).findOneBy({ sessionId, staffId });
  }

  leavesOfStaff(staffId: string, sessionIds: string[]): Promise<SessionLeaveEntity[]> {
    if (!sessionIds.length) return Promise.resolve([]);
    return this.tx
      .repository(SessionLeaveEntity)
      .createQueryBuilder('l')
      .where('l.staff_id = :staffId AND l.session_id IN (:...sessionIds)', { staffId, sessionIds })
      .getMany();
  }

  attendanceOfStaff(staffId: string, sessionIds: string[]): Promise<SessionAttendanceEntity[]> {
    if (!sessionIds.length) return Promise.resolve([]);
    return this.tx
      .repository(SessionAttendanceEntity)
      .createQueryBuilder('a')
      .where('a.staff_id = :staffId AND a.session_id IN (:...sessionIds)', { staffId, sessionIds })
      .getMany();
  }

  findLeave(id: string): Promise<SessionLeaveEntity | null> {
    return this.tx.repository(SessionLeaveEntity).findOneBy({ id });
  }

  async insertLeave(row: SessionLeaveEntity): Promise<void> {
    await this.tx.repository(SessionLeaveEntity).insert(row);
  }

  async updateLeave(id: string, patch: Partial<SessionLeaveEntity>): Promise<void> {
    await this.tx.repository(SessionLeaveEntity).update({ id }, patch);
  }

  /** Records that the reminder at `offset` went out for this start time; false if it had. */
  async claimReminder(sessionId: string, offset: number, startsAt: Date): Promise<boolean> {
    const rows = await this.tx.manager.query<[unknown[], number]>(
      `UPDATE study_session SET reminders_sent = array_append(reminders_sent, $2::int)
        WHERE id = $1 AND status = 'scheduled' AND starts_at = $3
          AND NOT ($2::int = ANY(reminders_sent)) RETURNING id`,
      [sessionId, offset, startsAt],
    );
    return rows[0].length > 0;
  }

  /** Upcoming sessions with a reminder due and not sent (its job was lost). */
  async dueReminders(now: Date, limit: number): Promise<{ id: string; offset: number }[]> {
    return this.tx.manager.query<{ id: string; offset: number }[]>(
      `SELECT s.id, o AS "offset"
         FROM study_session s, unnest(s.reminder_offsets_minutes) AS o
        WHERE s.status = 'scheduled' AND s.starts_at > $1
          AND s.starts_at - make_interval(mins => o) <= $1
          AND NOT (o = ANY(s.reminders_sent))
        ORDER BY s.starts_at LIMIT $2`,
      [now, limit],
    );
  }

  /** Sessions that started but whose invitees are not fixed yet (the sweeper's first list). */
  async unfixedStarted(now: Date, limit: number): Promise<string[]> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `SELECT id FROM study_session
        WHERE status = 'scheduled' AND invitees_fixed_at IS NULL AND starts_at <= $1
        ORDER BY starts_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.id);
  }

  /** Sessions whose check-in window has closed and whose attendance is not closed yet. */
  async unclosedEnded(before: Date, limit: number): Promise<string[]> {
    const rows = await this.tx.manager.query<{ id: string }[]>(
      `SELECT id FROM study_session
        WHERE status = 'scheduled' AND attendance_closed_at IS NULL AND ends_at <= $1
        ORDER BY ends_at LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.id);
  }
}
