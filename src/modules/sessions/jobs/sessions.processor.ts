import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '../../../queue/jobs';
import type { JobsOn } from '../../../queue/jobs';
import { SessionJobsService } from '../scheduling/session-jobs.service';

type SessionJob = JobsOn<QueueName.Sessions>;

/** Reminders and the start / end milestones of sessions (each step is idempotent). */
@Processor(QueueName.Sessions, { concurrency: 8 })
export class SessionsProcessor extends WorkerHost {
  constructor(private readonly work: SessionJobsService) {
    super();
  }

  async process(job: Job<SessionJob['data'], unknown, SessionJob['name']>): Promise<unknown> {
    const item = { name: job.name, data: job.data } as SessionJob;
    switch (item.name) {
      case JobName.SessionReminder:
        return this.work.remind(item.data.sessionId, item.data.offsetMinutes, item.data.startsAtMs);
      case JobName.SessionMilestone:
        return item.data.milestone === 'start'
          ? this.work.start(item.data.sessionId)
          : this.work.end(item.data.sessionId);
    }
  }
}
