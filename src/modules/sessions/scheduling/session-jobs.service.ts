import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { TransactionHost } from '../../../database/transaction-host';
import { AttendanceService } from '../attendance/attendance.service';
import { CHECKIN_TAIL_MS } from './session-scheduler.service';
import { SessionRepository } from '../session.repository';
import { SessionsService } from './sessions.service';

const BATCH = 100;

/**
 * What a session's delayed jobs do, and the sweeper that does the same for anything whose job
 * Redis lost: send due reminders (once per offset and start time), fix the invitees at the
 * start, close attendance after the end. Each step is idempotent.
 */
@Injectable()
export class SessionJobsService {
  private readonly logger = new Logger(SessionJobsService.name);

  constructor(
    private readonly repo: SessionRepository,
    private readonly sessions: SessionsService,
    private readonly attendance: AttendanceService,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** True when this call sent the reminder. */
  async remind(sessionId: string, offsetMinutes: number, startsAtMs: number): Promise<boolean> {
    const session = await this.repo.findById(sessionId);
    if (!session || session.status !== 'scheduled') return false;
    if (session.startsAt.getTime() !== startsAtMs || this.clock.nowMs() >= startsAtMs) return false;
    const label = await this.sessions.label(session);
    return this.tx.run(async () => {
      if (!(await this.repo.claimReminder(sessionId, offsetMinutes, session.startsAt))) {
        return false;
      }
      await this.sessions.notify(session, {
        kind: 'session_reminder',
        title: '学习活动提醒',
        body: `“${label}”（${session.topic}）将于 ${this.sessions.local(session.startsAt)} 开始${
          session.place
            ? `，地点：${session.place}`
            : session.onlineUrl
              ? `，线上参加：${session.onlineUrl}`
              : ''
        }。${session.required ? '请准时参加，不能参加的请提前请假。' : ''}`,
        dedupKey: `session-reminder:${sessionId}:${offsetMinutes}:${startsAtMs}`,
      });
      return true;
    });
  }

  async start(sessionId: string): Promise<boolean> {
    const session = await this.repo.findById(sessionId);
    if (!session || session.status !== 'scheduled') return false;
    if (this.clock.now() < session.startsAt) return false;
    return this.sessions.fixInvitees(session);
  }

  end(sessionId: string): Promise<boolean> {
    return this.attendance.close(sessionId);
  }

  /** One pass over everything due; returns how many steps it took. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    let done = 0;
    const step = async (what: string, work: () => Promise<boolean>) => {
      try {
        if (await work()) done += 1;
      } catch (err) {
        this.logger.error(`sessions sweeper: ${what} failed: ${String(err)}`);
      }
    };
    for (const r of await this.repo.dueReminders(now, BATCH)) {
      const s = await this.repo.findById(r.id);
      if (s)
        await step(`reminder ${r.id}`, () => this.remind(r.id, r.offset, s.startsAt.getTime()));
    }
    for (const id of await this.repo.unfixedStarted(now, BATCH)) {
      await step(`start ${id}`, () => this.start(id));
    }
    for (const id of await this.repo.unclosedEnded(
      new Date(now.getTime() - CHECKIN_TAIL_MS),
      BATCH,
    )) {
      await step(`end ${id}`, () => this.end(id));
    }
    if (done) this.logger.log(`sessions sweeper did ${done} overdue step(s)`);
    return done;
  }
}
