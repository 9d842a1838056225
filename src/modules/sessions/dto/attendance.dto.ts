import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Trim } from '../../../common/validation/transforms';
import { ATTENDANCE_STATUSES } from '../entities/study-session.entity';
import type { AttendanceStatus } from '../entities/study-session.entity';

export class CheckinInfoDto {
  @ApiProperty({ example: '482913', description: 'Show it on screen; it changes every minute' })
  code!: string;
  @ApiProperty() expiresInSeconds!: number;
  @ApiProperty({ description: 'The same code as a link, fit for a QR code' }) checkinUrl!: string;
  @ApiProperty({ description: '15 minutes before the start' }) opensAt!: string;
  @ApiProperty({ description: '15 minutes after the end' }) closesAt!: string;
}

export class CheckinDto {
  @ApiProperty({ example: '482913' })
  @Trim()
  @Matches(/^\d{6}$/, { message: '签到码是 6 位数字' })
  code!: string;
}

export class CheckinResultDto {
  @ApiProperty({ enum: ATTENDANCE_STATUSES }) status!: AttendanceStatus;
  @ApiProperty({ nullable: true, type: String }) checkedInAt!: string | null;
  @ApiProperty({ description: 'false when already checked in (nothing changed)' })
  changed!: boolean;
}

export class MarkAttendanceDto {
  @ApiProperty({ enum: ATTENDANCE_STATUSES })
  @IsIn(ATTENDANCE_STATUSES)
  status!: AttendanceStatus;

  @ApiPropertyOptional({ example: '因公出差' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class AttendanceRowDto {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: ATTENDANCE_STATUSES, nullable: true, type: String })
  status!: AttendanceStatus | null;
  @ApiProperty({ enum: ['checkin', 'secretary', 'leave', 'auto'], nullable: true, type: String })
  source!: string | null;
  @ApiProperty({ nullable: true, type: String }) checkedInAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ enum: ['pending', 'approved', 'refused'], nullable: true, type: String })
  leave!: string | null;
}

export class LeaveRequestDto {
  @ApiProperty({ example: '参加市里集中培训' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class LeaveDecisionDto {
  @ApiProperty()
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class LeaveResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'refused'] }) status!: string;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote!: string | null;
  @ApiProperty() createdAt!: string;
}

export class AttendanceListDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty() invited!: number;
  @ApiProperty() present!: number;
  @ApiProperty() late!: number;
  @ApiProperty() excused!: number;
  @ApiProperty() absent!: number;
  @ApiProperty() unmarked!: number;
  @ApiProperty({ description: 'The end job has marked the unmarked absent' }) closed!: boolean;
  @ApiProperty({ type: [AttendanceRowDto] }) rows!: AttendanceRowDto[];
  @ApiProperty({ type: [LeaveResponseDto] }) leaves!: LeaveResponseDto[];
}
