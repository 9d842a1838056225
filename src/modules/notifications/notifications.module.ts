import { Module } from '@nestjs/common';
import { AfterCommit } from './after-commit.subscriber';
import { NotificationRepository } from './notification.repository';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

/** The in-app inbox (`/me/notifications`) and `NotificationsService.notify` for other modules. */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationRepository, AfterCommit, NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}
