import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '../../../queue/jobs';
import type { JobsOn } from '../../../queue/jobs';
import { AttemptFinalizer } from '../taking/attempt-finalizer.service';

type ExamJob = JobsOn<QueueName.Exams>;

/**
 * Deadline timers: each only asks the finalizer, which acts at most once (the sweeper is not a
 * queue job, see AttemptSweeper). The concurrency is high because timers sharing a deadline are finished in groups (finishDue): a
 * waiting job costs a promise, not a connection.
 */
@Processor(QueueName.Exams, { concurrency: 100 })
export class ExamsProcessor extends WorkerHost {
  constructor(private readonly finalizer: AttemptFinalizer) {
    super();
  }

  async process(job: Job<ExamJob['data'], unknown, ExamJob['name']>): Promise<unknown> {
    const item = { name: job.name, data: job.data } as ExamJob;
    switch (item.name) {
      case JobName.AttemptAutoSubmit:
        return this.finalizer.finishDue(item.data.attemptId);
    }
  }
}
