import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../../../common/clock/clock';
import { AppConfig } from '../../../config';
import { JobQueueService } from '../../../queue/job-queue.service';
import { JobName } from '../../../queue/jobs';

/** The deterministic id of an attempt's timer for one deadline (no ':' in BullMQ ids). */
export const autosubmitJobId = (attemptId: string, deadlineAt: Date) =>
  `attempt-autosubmit-${attemptId}-${deadlineAt.getTime()}`;

/**
 * One delayed BullMQ job per attempt and deadline, due at deadline + grace. A moved deadline gets
 * a new job (the old one finds nothing due and does nothing). Redis is only a trigger: when it
 * cannot be reached the sweeper still finishes the attempt, so scheduling never fails a request.
 */
@Injectable()
export class DeadlineScheduler {
  private readonly logger = new Logger(DeadlineScheduler.name);

  constructor(
    private readonly jobs: JobQueueService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async schedule(attemptId: string, deadlineAt: Date): Promise<void> {
    const due = deadlineAt.getTime() + this.config.exams.saveGraceSeconds * 1000;
    try {
      await this.jobs.queue(
        { name: JobName.AttemptAutoSubmit, data: { attemptId } },
        {
          jobId: autosubmitJobId(attemptId, deadlineAt),
          delay: Math.max(0, due - this.clock.nowMs()),
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
        },
      );
    } catch (err) {
      this.logger.warn(
        `could not schedule the timer of attempt ${attemptId}: the sweeper will finish it (${String(err)})`,
      );
    }
  }
}
