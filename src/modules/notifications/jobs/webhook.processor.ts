import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, QueueName } from '../../../queue/jobs';
import type { JobsOn } from '../../../queue/jobs';
import { WebhookSender } from '../webhook-sender.service';

type NotificationJob = JobsOn<QueueName.Notifications>;

/**
 * Group-robot posts, one at a time and at most 20 a minute over all workers: WeCom and DingTalk
 * robots accept 20 messages a minute and then refuse (DingTalk for 10 minutes). A failed post
 * throws, and BullMQ retries it with the job's exponential backoff.
 */
@Processor(QueueName.Notifications, { concurrency: 1, limiter: { max: 20, duration: 60_000 } })
export class WebhookProcessor extends WorkerHost {
  private readonly logger = new Logger(WebhookProcessor.name);

  constructor(private readonly sender: WebhookSender) {
    super();
  }

  async process(
    job: Job<NotificationJob['data'], unknown, NotificationJob['name']>,
  ): Promise<unknown> {
    const item = { name: job.name, data: job.data } as NotificationJob;
    switch (item.name) {
      case JobName.WebhookDelivery:
        return this.sender.post(item.data.text);
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job<NotificationJob['data']> | undefined, err: Error): void {
    if (!job) return;
    const tries = `${job.attemptsMade}/${job.opts.attempts ?? 1}`;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    const line = `webhook post ${job.data.notificationKey} failed (try ${tries})${final ? ', given up' : ''}: ${err.message}`;
    if (final) this.logger.error(line);
    else this.logger.warn(line);
  }
}
