import { Module } from '@nestjs/common';
import { WebhookProcessor } from './jobs/webhook.processor';
import { WebhookSender } from './webhook-sender.service';

/** Worker side of notifications: group-robot webhook posts; imported only by WorkerModule. */
@Module({
  providers: [WebhookProcessor, WebhookSender],
})
export class NotificationsJobsModule {}
