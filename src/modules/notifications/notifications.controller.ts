import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../../common/auth';
import { CurrentStaff } from '../../common/auth';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { IdParam } from '../../common/validation';
import {
  ListNotificationsQueryDto,
  MarkAllReadResponseDto,
  NotificationPageResponseDto,
  NotificationResponseDto,
} from './dto/notification.dto';
import { NotificationsService } from './notifications.service';
import { NotificationErrors } from './notifications.errors';

/** The caller's own inbox; someone else's notification is a 404. */
@ApiTags('通知 notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'My notifications, newest first (unread=true: unread only), with the unread count',
  })
  @ApiOkResponse({ type: NotificationPageResponseDto })
  list(
    @CurrentStaff() me: Principal,
    @Query() q: ListNotificationsQueryDto,
  ): Promise<NotificationPageResponseDto> {
    return this.notifications.list(me, q);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: MarkAllReadResponseDto })
  markAllRead(@CurrentStaff() me: Principal): Promise<MarkAllReadResponseDto> {
    return this.notifications.markAllRead(me);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notifications read (again: keeps the first time)' })
  @ApiOkResponse({ type: NotificationResponseDto })
  @ApiErrors(NotificationErrors.NOT_FOUND)
  markRead(@CurrentStaff() me: Principal, @IdParam() id: string): Promise<NotificationResponseDto> {
    return this.notifications.markRead(me, id);
  }
}
