import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { QueryBoolean } from '../../../common/validation/transforms';

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: unread notifications only' })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  unread?: boolean;
}

export class NotificationResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    description:
      'session_reminder, session_rescheduled, session_cancelled, leave_decided, record_decided, makeup_task …',
    example: 'session_reminder',
  })
  kind!: string;
  @ApiProperty({ example: '学习提醒：明天 09:00 中心组集体学习' }) title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'What the notification links to, e.g. { sessionId }',
  })
  data!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'null while unread' })
  readAt!: string | null;
}

export class NotificationPageResponseDto {
  @ApiProperty({ type: [NotificationResponseDto] }) items!: NotificationResponseDto[];
  @ApiProperty({ description: 'Notifications matching the filter' }) total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'All unread notifications of the caller (the badge)' })
  unreadCount!: number;
}

export class MarkAllReadResponseDto {
  @ApiProperty({ description: 'Notifications marked read by this call' }) marked!: number;
}
