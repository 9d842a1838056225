import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '../../../queue/jobs';
import type { JobsOn } from '../../../queue/jobs';
import { AttemptFinalizer } from '../attempt-finalizer.service';

type ExamJob = JobsOn<QueueName.Exams>;

/** Deadline timers and the sweeper; both only ask the finalizer, which acts at most once. */
@Processor(QueueName.Exams, { concurrency: 16 })
export class ExamsProcessor extends WorkerHost {
  constructor(private readonly finalizer: AttemptFinalizer) {
    super();
  }

  async process(job: Job<ExamJob['data'], unknown, ExamJob['name']>): Promise<unknown> {
    const item = { name: job.name, data: job.data } as ExamJob;
    switch (item.name) {
      case JobName.AttemptAutoSubmit:
        return this.finalizer.finish(item.data.attemptId, 'timer');
      case JobName.AttemptSweep:
        return this.finalizer.sweep();
    }
  }
}
