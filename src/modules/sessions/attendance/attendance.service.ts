import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth';
import { Clock, dateInZone } from '../../../common/clock/clock';
import { AttemptLimiter } from '../../../common/rate-limit/attempt-limiter';
import type { AttemptPolicy } from '../../../common/rate-limit/attempt-limits';
import { AppConfig } from '../../../config';
import { TransactionHost } from '../../../database/transaction-host';
import { NotificationsService } from '../../notifications';
import { StudyLedgerService } from '../../study';
import type {
  AttendanceListDto,
  CheckinInfoDto,
  CheckinResultDto,
  LeaveDecisionDto,
  LeaveRequestDto,
  LeaveResponseDto,
  MarkAttendanceDto,
} from '../dto/attendance.dto';
import { SessionAttendanceEntity, SessionLeaveEntity } from '../entities/study-session.entity';
import type { AttendanceStatus, StudySessionEntity } from '../entities/study-session.entity';
import { MakeupService } from '../makeup/makeup.service';
import { CHECKIN_TAIL_MS } from '../scheduling/session-scheduler.service';
import { SessionRepository } from '../session.repository';
import { SessionErrors } from '../sessions.errors';
import { SessionsService } from '../scheduling/sessions.service';

/** Check-in opens this long before the start. */
export const CHECKIN_LEAD_MS = 15 * 60_000;
/** Checking in later than this after the start counts as late. */
export const LATE_AFTER_MS = 10 * 60_000;
/** A check-in code is shown for this long; the previous one is still accepted. */
export const CODE_PERIOD_MS = 60_000;

/** The 6-digit code of one period (HOTP-style dynamic truncation of an HMAC-SHA256). */
export function checkinCode(secret: string, period: number): string {
  const mac = createHmac('sha256', secret).update(String(period)).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const n = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(n % 1_000_000).padStart(6, '0');
}

const COUNTS: AttendanceStatus[] = ['present', 'late'];

/**
 * Check-in codes per person and session: 5 tries a minute, then a minute's wait (shared by every
 * replica through Redis). Two codes in a million are valid at any time, so a brute force gets
 * about 300 guesses an hour: one lucky hit in some 1,700 hours of trying.
 */
export const CHECKIN_ATTEMPTS: AttemptPolicy = {
  limit: 5,
  windowMs: 60_000,
  blockMs: 60_000,
  maxBlockMs: 60_000,
  memoryMs: 0,
};

/**
 * Attendance: rotating check-in codes, the secretary's marks and corrections (audited), leave
 * requests, and closing a session (the unmarked become absent and get make-up study). Present
 * and late credit the session's hours to the study ledger; absent and excused do not.
 */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly repo: SessionRepository,
    private readonly sessions: SessionsService,
    private readonly ledger: StudyLedgerService,
    private readonly notifications: NotificationsService,
    private readonly makeups: MakeupService,
    private readonly attempts: AttemptLimiter,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async openCheckin(principal: Principal, id: string): Promise<CheckinInfoDto> {
    const session = await this.sessions.requireManaged(principal, id);
    if (session.status === 'cancelled') throw SessionErrors.CANCELLED();
    if (this.clock.nowMs() > session.endsAt.getTime() + CHECKIN_TAIL_MS) {
      throw SessionErrors.CHECKIN_WINDOW();
    }
    if (!session.checkinSecret) {
      await this.repo.update(id, { checkinSecret: randomBytes(32).toString('hex') });
      await this.sessions.audited(session, 'session.checkin_open', {});
    }
    return this.checkinInfo(principal, id);
  }

  /** The code to show now (for a screen or a QR code), and how long it stays current. */
  async checkinInfo(principal: Principal, id: string): Promise<CheckinInfoDto> {
    const session = await this.sessions.requireManaged(principal, id);
    if (!session.checkinSecret) throw SessionErrors.CHECKIN_NOT_OPEN();
    const now = this.clock.nowMs();
    const period = Math.floor(now / CODE_PERIOD_MS);
    const code = checkinCode(session.checkinSecret, period);
    return {
      code,
      expiresInSeconds: Math.ceil(((period + 1) * CODE_PERIOD_MS - now) / 1000),
      checkinUrl: `${this.config.http.publicUrl}/checkin?session=${session.id}&code=${code}`,
      opensAt: new Date(session.startsAt.getTime() - CHECKIN_LEAD_MS).toISOString(),
      closesAt: new Date(session.endsAt.getTime() + CHECKIN_TAIL_MS).toISOString(),
    };
  }

  /** An invitee checks in with the code on screen; a second check-in changes nothing. */
  async checkin(principal: Principal, id: string, code: string): Promise<CheckinResultDto> {
    const session = await this.repo.findById(id);
    if (!session || !(await this.sessions.isInvitee(session, principal))) {
      throw SessionErrors.NOT_FOUND();
    }
    if (session.status === 'cancelled') throw SessionErrors.CANCELLED();
    if (!session.checkinSecret) throw SessionErrors.CHECKIN_NOT_OPEN();
    const now = this.clock.now();
    if (
      now.getTime() < session.startsAt.getTime() - CHECKIN_LEAD_MS ||
      now.getTime() > session.endsAt.getTime() + CHECKIN_TAIL_MS
    ) {
      throw SessionErrors.CHECKIN_WINDOW();
    }
    // Counted before the code is compared, so parallel guesses cannot outrun the limit.
    const attemptKey = `checkin:${id}:${principal.staffId}`;
    const { blockedMs } = await this.attempts.take(attemptKey, CHECKIN_ATTEMPTS);
    if (blockedMs > 0) {
      throw SessionErrors.CHECKIN_TOO_MANY_ATTEMPTS({ seconds: Math.ceil(blockedMs / 1000) });
    }
    const period = Math.floor(now.getTime() / CODE_PERIOD_MS);
    const secret = session.checkinSecret;
    if (![period, period - 1].some((p) => checkinCode(secret, p) === code)) {
      throw SessionErrors.CHECKIN_CODE_INVALID();
    }
    await this.attempts.reset(attemptKey);
    const status: AttendanceStatus =
      now.getTime() > session.startsAt.getTime() + LATE_AFTER_MS ? 'late' : 'present';
    return this.tx.run(async () => {
      const row = new SessionAttendanceEntity();
      row.sessionId = id;
      row.staffId = principal.staffId;
      row.status = status;
      row.source = 'checkin';
      row.checkedInAt = now;
      row.markedBy = principal.staffId;
      row.markedAt = now;
      row.note = null;
      if (!(await this.repo.insertAttendanceIfNone(row))) {
        const existing = await this.repo.attendanceOf(id, principal.staffId);
        return {
          status: existing?.status ?? status,
          checkedInAt: existing?.checkedInAt?.toISOString() ?? null,
          changed: false,
        };
      }
      await this.credit(session, principal.staffId, status);
      return { status, checkedInAt: now.toISOString(), changed: true };
    });
  }

  /** The secretary marks or corrects one person (audited with the previous mark). */
  async mark(
    principal: Principal,
    id: string,
    staffId: string,
    dto: MarkAttendanceDto,
  ): Promise<AttendanceListDto['rows'][number]> {
    const session = await this.sessions.requireManaged(principal, id);
    if (session.status === 'cancelled') throw SessionErrors.CANCELLED();
    const now = this.clock.now();
    if (now.getTime() < session.startsAt.getTime() - CHECKIN_LEAD_MS) {
      throw SessionErrors.ATTENDANCE_TOO_EARLY();
    }
    const invitee = (await this.sessions.invitees(session)).find((i) => i.staffId === staffId);
    if (!invitee) throw SessionErrors.NOT_AN_INVITEE();
    return this.tx.run(async () => {
      // after a close that is marking absentees right now, not beside it (no duplicate mark)
      await this.repo.lockShared(id);
      const previous = await this.repo.attendanceOf(id, staffId);
      const previousStatus = previous?.status ?? null;
      const row = previous ?? new SessionAttendanceEntity();
      row.sessionId = id;
      row.staffId = staffId;
      row.status = dto.status;
      row.source = 'secretary';
      row.checkedInAt = previous?.checkedInAt ?? null;
      row.markedBy = principal.staffId;
      row.markedAt = now;
      row.note = dto.note ?? null;
      await this.repo.saveAttendance(row);
      await this.credit(session, staffId, dto.status, principal.staffId);
      await this.sessions.audited(session, 'session.attendance', {
        staffId,
        from: previousStatus,
        to: dto.status,
        note: dto.note ?? null,
      });
      return {
        staffId,
        staffNo: invitee.staffNo,
        name: invitee.name,
        unitName: invitee.unitName,
        status: row.status,
        source: row.source,
        checkedInAt: row.checkedInAt?.toISOString() ?? null,
        note: row.note,
        leave: (await this.repo.leaveOf(id, staffId))?.status ?? null,
      };
    });
  }

  async list(principal: Principal, id: string): Promise<AttendanceListDto> {
    const session = await this.sessions.requireManaged(principal, id);
    const invitees = await this.sessions.invitees(session);
    const marks = new Map((await this.repo.attendance(id)).map((a) => [a.staffId, a]));
    const leaves = new Map((await this.repo.leaves(id)).map((l) => [l.staffId, l]));
    const rows = invitees.map((i) => {
      const m = marks.get(i.staffId);
      return {
        staffId: i.staffId,
        staffNo: i.staffNo,
        name: i.name,
        unitName: i.unitName,
        status: m?.status ?? null,
        source: m?.source ?? null,
        checkedInAt: m?.checkedInAt?.toISOString() ?? null,
        note: m?.note ?? null,
        leave: leaves.get(i.staffId)?.status ?? null,
      };
    });
    const count = (s: AttendanceStatus | null) => rows.filter((r) => r.status === s).length;
    return {
      sessionId: id,
      invited: rows.length,
      present: count('present'),
      late: count('late'),
      excused: count('excused'),
      absent: count('absent'),
      unmarked: count(null),
      closed: session.attendanceClosedAt !== null,
      rows,
      leaves: [...leaves.values()].map((l) => this.leaveDto(l)),
    };
  }

  async requestLeave(
    principal: Principal,
    id: string,
    dto: LeaveRequestDto,
  ): Promise<LeaveResponseDto> {
    const session = await this.repo.findById(id);
    if (!session || !(await this.sessions.isInvitee(session, principal))) {
      throw SessionErrors.NOT_FOUND();
    }
    if (session.status === 'cancelled') throw SessionErrors.CANCELLED();
    if (this.clock.now() >= session.startsAt) throw SessionErrors.LEAVE_TOO_LATE();
    if (await this.repo.leaveOf(id, principal.staffId)) throw SessionErrors.LEAVE_EXISTS();
    const leave = new SessionLeaveEntity();
    leave.id = randomUUID();
    leave.sessionId = id;
    leave.staffId = principal.staffId;
    leave.reason = dto.reason;
    leave.status = 'pending';
    leave.decidedBy = null;
    leave.decidedAt = null;
    leave.decisionNote = null;
    try {
      await this.repo.insertLeave(leave);
    } catch (err) {
      // a double click: the unique index keeps one request
      if (await this.repo.leaveOf(id, principal.staffId)) throw SessionErrors.LEAVE_EXISTS();
      throw err;
    }
    return this.leaveDto((await this.repo.findLeave(leave.id)) as SessionLeaveEntity);
  }

  async decideLeave(
    principal: Principal,
    id: string,
    leaveId: string,
    dto: LeaveDecisionDto,
  ): Promise<LeaveResponseDto> {
    const session = await this.sessions.requireManaged(principal, id);
    const leave = await this.repo.findLeave(leaveId);
    if (!leave || leave.sessionId !== id) throw SessionErrors.LEAVE_NOT_FOUND();
    if (leave.status !== 'pending') throw SessionErrors.LEAVE_DECIDED();
    const now = this.clock.now();
    const label = await this.sessions.label(session);
    await this.tx.run(async () => {
      await this.repo.updateLeave(leaveId, {
        status: dto.approve ? 'approved' : 'refused',
        decidedBy: principal.staffId,
        decidedAt: now,
        decisionNote: dto.note ?? null,
      });
      if (dto.approve) {
        const row =
          (await this.repo.attendanceOf(id, leave.staffId)) ?? new SessionAttendanceEntity();
        row.sessionId = id;
        row.staffId = leave.staffId;
        row.status = 'excused';
        row.source = 'leave';
        row.checkedInAt = row.checkedInAt ?? null;
        row.markedBy = principal.staffId;
        row.markedAt = now;
        row.note = leave.reason;
        await this.repo.saveAttendance(row);
        await this.credit(session, leave.staffId, 'excused', principal.staffId);
      }
      await this.sessions.audited(session, 'session.leave_decide', {
        staffId: leave.staffId,
        approve: dto.approve,
        note: dto.note ?? null,
      });
      await this.notifications.notify({
        staffIds: [leave.staffId],
        kind: 'leave_decided',
        title: dto.approve ? '请假已批准' : '请假未批准',
        body: `您对“${label}”（${session.topic}）的请假申请${dto.approve ? '已批准，请按要求补学' : '未获批准，请按时参加'}${dto.note ? `。说明：${dto.note}` : ''}`,
        data: { sessionId: id },
        dedupKey: `leave-decided:${leaveId}`,
      });
    });
    return this.leaveDto((await this.repo.findLeave(leaveId)) as SessionLeaveEntity);
  }

  /**
   * After the check-in window: fixes the invitees if the start job was missed, marks everyone
   * without a mark absent, and gives each absentee (and each person excused) make-up study.
   * Runs once (the session row is locked; a second call finds it closed).
   */
  async close(sessionId: string): Promise<boolean> {
    const session = await this.repo.findById(sessionId);
    if (!session || session.status !== 'scheduled' || session.attendanceClosedAt) return false;
    if (this.clock.nowMs() < session.endsAt.getTime() + CHECKIN_TAIL_MS) return false;
    await this.sessions.fixInvitees(session);
    const missed = await this.tx.run(async () => {
      const locked = await this.repo.lock(sessionId);
      if (!locked || locked.attendanceClosedAt) return null;
      const now = this.clock.now();
      const invitees = await this.repo.fixedInvitees(sessionId);
      const marks = new Map((await this.repo.attendance(sessionId)).map((a) => [a.staffId, a]));
      for (const i of invitees) {
        if (marks.has(i.staffId)) continue;
        const row = new SessionAttendanceEntity();
        row.sessionId = sessionId;
        row.staffId = i.staffId;
        row.status = 'absent';
        row.source = 'auto';
        row.checkedInAt = null;
        row.markedBy = null;
        row.markedAt = now;
        row.note = null;
        await this.repo.insertAttendanceIfNone(row);
      }
      await this.repo.update(sessionId, { attendanceClosedAt: now });
      return (await this.repo.attendance(sessionId))
        .filter((a) => a.status === 'absent' || a.status === 'excused')
        .map((a) => a.staffId);
    });
    if (missed === null) return false;
    await this.makeups.assign(session, missed);
    return true;
  }

  private async credit(
    session: StudySessionEntity,
    staffId: string,
    status: AttendanceStatus,
    by: string | null = null,
  ): Promise<void> {
    if (COUNTS.includes(status)) {
      const laws = await this.repo.laws([session.id]);
      await this.ledger.credit(
        {
          staffId,
          kind: 'session',
          sourceKey: session.id,
          occurredOn: dateInZone(session.startsAt, this.config.timeZone),
          hours: session.creditedHours,
          title: `${await this.sessions.label(session)}：${session.topic}`,
          laws: laws.map((l) => ({ lawId: l.lawId, articleNumber: l.articleNumber })),
          details: { sessionId: session.id, attendance: status },
        },
        this.clock.now(),
      );
      // attended after all: a make-up credited meanwhile no longer counts (no double hours)
      await this.ledger.revoke(
        'makeup_study',
        session.id,
        staffId,
        by,
        '已按出席计入学时',
        this.clock.now(),
      );
    } else {
      await this.ledger.revoke(
        'session',
        session.id,
        staffId,
        by,
        status === 'excused' ? '请假' : '缺席',
        this.clock.now(),
      );
    }
  }

  private leaveDto(l: SessionLeaveEntity): LeaveResponseDto {
    return {
      id: l.id,
      sessionId: l.sessionId,
      staffId: l.staffId,
      reason: l.reason,
      status: l.status,
      decidedAt: l.decidedAt?.toISOString() ?? null,
      decisionNote: l.decisionNote,
      createdAt: l.createdAt.toISOString(),
    };
  }
}
