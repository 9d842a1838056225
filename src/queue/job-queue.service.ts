import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { CommonErrors } from '../common/errors';
import { QUEUE_OF, QueueName } from './jobs';
import type { JobItem, JobName } from './jobs';

/** How long a producer waits for Redis before telling the caller the service is unavailable. */
const PRODUCER_TIMEOUT_MS = 3000;

/** The one way to enqueue: maps each job to its queue so a payload cannot go astray. */
@Injectable()
export class JobQueueService {
  private readonly queues: Record<QueueName, Queue>;

  private readonly logger = new Logger(JobQueueService.name);

  constructor(
    @InjectQueue(QueueName.Audit) audit: Queue,
    @InjectQueue(QueueName.Exams) exams: Queue,
    @InjectQueue(QueueName.Sessions) sessions: Queue,
    @InjectQueue(QueueName.Notifications) notifications: Queue,
    @InjectQueue(QueueName.Evidence) evidence: Queue,
  ) {
    this.queues = {
      [QueueName.Audit]: audit,
      [QueueName.Exams]: exams,
      [QueueName.Sessions]: sessions,
      [QueueName.Notifications]: notifications,
      [QueueName.Evidence]: evidence,
    };
    for (const queue of Object.values(this.queues)) {
      // Without a listener an unreachable Redis would be reported on stderr only.
      queue.on('error', (err: Error) => this.logger.warn(`queue ${queue.name}: ${err.message}`));
    }
  }

  queueOf(name: JobName): Queue {
    return this.queues[QUEUE_OF[name]];
  }

  async queue(item: JobItem, options?: JobsOptions): Promise<string | undefined> {
    const job = await failFast(this.queueOf(item.name).add(item.name, item.data, options));
    return job.id;
  }

  /** Removes a delayed or waiting job by its deterministic id; true when something was removed. */
  async cancel(name: JobName, jobId: string): Promise<boolean> {
    return (await failFast(this.queueOf(name).remove(jobId))) === 1;
  }

  /** Creates or updates a cron schedule (UTC) that enqueues `item`. */
  async upsertSchedule(schedulerId: string, item: JobItem, pattern: string): Promise<void> {
    await failFast(
      this.queueOf(item.name).upsertJobScheduler(
        schedulerId,
        { pattern, tz: 'UTC' },
        { name: item.name, data: item.data },
      ),
    );
  }
}

async function failFast<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(CommonErrors.SERVICE_UNAVAILABLE()), PRODUCER_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
