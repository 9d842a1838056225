import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { JobQueueService } from '../../../queue/job-queue.service';
import { JobName } from '../../../queue/jobs';
import type { StudySessionEntity } from '../entities/study-session.entity';

/** Check-in stays open this long after the end; the end milestone runs then. */
export const CHECKIN_TAIL_MS = 15 * 60_000;

export const reminderJobId = (sessionId: string, offsetMinutes: number, startsAt: Date) =>
  `session-reminder-${sessionId}-${offsetMinutes}-${startsAt.getTime()}`;

export const milestoneJobId = (sessionId: string, milestone: 'start' | 'end', at: Date) =>
  `session-${milestone}-${sessionId}-${at.getTime()}`;

type Timing = Pick<StudySessionEntity, 'id' | 'startsAt' | 'endsAt' | 'reminderOffsetsMinutes'>;

/**
 * A session's delayed jobs, with ids derived from the session and its times: reminders at
 * start − offset, the start (invitees fixed) and the end + 15 min (absentees marked). Moving or
 * cancelling a session removes the jobs of the old times. Redis is only a trigger: the sessions
 * sweeper does the same work for anything whose job was lost, so scheduling never fails a
 * request.
 */
@Injectable()
export class SessionScheduler {
  private readonly logger = new Logger(SessionScheduler.name);

  constructor(
    private readonly jobs: JobQueueService,
    private readonly clock: Clock,
  ) {}

  async plan(session: Timing): Promise<void> {
    const now = this.clock.nowMs();
    try {
      for (const offset of session.reminderOffsetsMinutes) {
        const due = session.startsAt.getTime() - offset * 60_000;
        if (due <= now) continue;
        await this.jobs.queue(
          {
            name: JobName.SessionReminder,
            data: {
              sessionId: session.id,
              offsetMinutes: offset,
              startsAtMs: session.startsAt.getTime(),
            },
          },
          { jobId: reminderJobId(session.id, offset, session.startsAt), delay: due - now },
        );
      }
      for (const [milestone, at] of this.milestones(session)) {
        await this.jobs.queue(
          {
            name: JobName.SessionMilestone,
            data: { sessionId: session.id, milestone, atMs: at.getTime() },
          },
          {
            jobId: milestoneJobId(session.id, milestone, at),
            delay: Math.max(0, at.getTime() - now),
          },
        );
      }
    } catch (err) {
      this.logger.warn(
        `could not schedule the jobs of session ${session.id}: the sweeper covers it (${String(err)})`,
      );
    }
  }

  async unplan(session: Timing): Promise<void> {
    try {
      for (const offset of session.reminderOffsetsMinutes) {
        await this.jobs.cancel(
          JobName.SessionReminder,
          reminderJobId(session.id, offset, session.startsAt),
        );
      }
      for (const [milestone, at] of this.milestones(session)) {
        await this.jobs.cancel(JobName.SessionMilestone, milestoneJobId(session.id, milestone, at));
      }
    } catch (err) {
      this.logger.warn(`could not remove the jobs of session ${session.id} (${String(err)})`);
    }
  }

  private milestones(session: Timing): ['start' | 'end', Date][] {
    return [
      ['start', session.startsAt],
      ['end', new Date(session.endsAt.getTime() + CHECKIN_TAIL_MS)],
    ];
  }
}
