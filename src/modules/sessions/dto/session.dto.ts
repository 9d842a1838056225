import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { Trim, IsOptionalNotNull } from '../../../common/validation/transforms';
import { IsDecimalNumber } from '../../../common/validation/numbers';
import {
  ATTENDANCE_STATUSES,
  SESSION_STATUSES,
  SESSION_TYPES,
} from '../entities/study-session.entity';
import type {
  AttendanceStatus,
  SessionStatus,
  SessionType,
} from '../entities/study-session.entity';

export class SessionLawDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  lawId!: string;

  @ApiPropertyOptional({
    type: [Number],
    description: 'Articles covered; omitted or empty = the law as a whole',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(100000, { each: true })
  articles?: number[];
}

export class InviteDto {
  @ApiPropertyOptional({ type: [String], description: 'Everyone in these units (and below)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  unitIds?: string[];

  @ApiPropertyOptional({ default: false, description: 'Of those units, party members only' })
  @IsOptional()
  @IsBoolean()
  partyMembersOnly?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Named staff (always invited)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  staffIds?: string[];
}

export class RepeatDto {
  @ApiProperty({ enum: ['weekly', 'monthly'] })
  @IsIn(['weekly', 'monthly'])
  frequency!: 'weekly' | 'monthly';

  @ApiPropertyOptional({
    default: 1,
    minimum: 1,
    maximum: 12,
    description: 'Every n weeks / months',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(12)
  interval?: number;

  @ApiProperty({ minimum: 2, maximum: 52, description: 'How many sessions in all' })
  @IsInt()
  @Min(2)
  @Max(52)
  count!: number;
}

class SessionFieldsDto {
  @ApiProperty({ example: '学习《信访工作条例》' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  topic!: string;

  @ApiProperty({ example: '2026-12-03T06:30:00Z' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ example: '2026-12-03T08:30:00Z' })
  @IsISO8601({ strict: true })
  endsAt!: string;

  @ApiPropertyOptional({ example: '局三楼会议室' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  place?: string;

  @ApiPropertyOptional({ example: 'https://meeting.example.gov.cn/j/123' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  onlineUrl?: string;

  @ApiProperty({ example: '局党组书记 张三' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  organiser!: string;

  @ApiProperty({ example: 2, description: 'Hours credited to each attendee' })
  @IsDecimalNumber(2)
  @Min(0)
  @Max(24)
  creditedHours!: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @ApiProperty({ type: InviteDto })
  @ValidateNested()
  @Type(() => InviteDto)
  invite!: InviteDto;

  @ApiPropertyOptional({ type: [SessionLawDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SessionLawDto)
  laws?: SessionLawDto[];

  @ApiPropertyOptional({
    type: [Number],
    default: [1440, 60],
    description: 'Reminders, in minutes before the start',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(5, { each: true })
  @Max(10080, { each: true })
  reminderOffsetsMinutes?: number[];
}

export class CreateSessionDto extends SessionFieldsDto {
  @ApiProperty({ format: 'uuid', description: 'The unit that holds the session' })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ enum: SESSION_TYPES })
  @IsIn(SESSION_TYPES)
  type!: SessionType;
}

/** A repeating session: expanded into single sessions (each may then change alone). */
export class CreateSeriesDto extends CreateSessionDto {
  @ApiProperty({ type: RepeatDto })
  @ValidateNested()
  @Type(() => RepeatDto)
  repeat!: RepeatDto;
}

/** A session or (with `repeat`) a series to check before saving; nothing is saved. */
export class CheckSessionDto extends CreateSessionDto {
  @ApiPropertyOptional({ type: RepeatDto, description: 'Check a series' })
  @IsOptional()
  @ValidateNested()
  @Type(() => RepeatDto)
  repeat?: RepeatDto;
}

/** Before the start anything may change; after it, only topic, organiser and place. */
export class UpdateSessionDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  topic?: string;

  @ApiPropertyOptional({ enum: SESSION_TYPES })
  @IsOptionalNotNull()
  @IsIn(SESSION_TYPES)
  type?: SessionType;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ nullable: true, description: 'null or an empty string clears it' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  place?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'null or an empty string clears it' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  onlineUrl?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  organiser?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsDecimalNumber(2)
  @Min(0)
  @Max(24)
  creditedHours?: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  required?: boolean;

  @ApiPropertyOptional({ type: InviteDto })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => InviteDto)
  invite?: InviteDto;

  @ApiPropertyOptional({ type: [SessionLawDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SessionLawDto)
  laws?: SessionLawDto[];

  @ApiPropertyOptional({ type: [Number] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(5)
  @IsInt({ each: true })
  @Min(5, { each: true })
  @Max(10080, { each: true })
  reminderOffsetsMinutes?: number[];
}

export class CancelSessionDto {
  @ApiProperty({ example: '与市委全会时间冲突，另行通知' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class ListSessionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Sessions of this unit (and below)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ enum: SESSION_TYPES })
  @IsOptional()
  @IsIn(SESSION_TYPES)
  type?: SessionType;

  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @IsOptional()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @ApiPropertyOptional({ description: 'Starting at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Starting before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class SessionLawResponseDto {
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty() lawTitle!: string;
  @ApiProperty({ type: [Number], description: 'Empty = the law as a whole' }) articles!: number[];
}

export class SessionResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ enum: SESSION_TYPES }) type!: SessionType;
  @ApiProperty({ example: '党组理论学习中心组集体学习' }) typeLabel!: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Its number among the unit’s sessions of this type in the year (not cancelled)',
  })
  ordinal!: number | null;
  @ApiProperty({ example: '2026年第2次党组理论学习中心组集体学习' }) label!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ nullable: true, type: String }) place!: string | null;
  @ApiProperty({ nullable: true, type: String }) onlineUrl!: string | null;
  @ApiProperty() organiser!: string;
  @ApiProperty() creditedHours!: number;
  @ApiProperty() required!: boolean;
  @ApiProperty({ enum: SESSION_STATUSES }) status!: SessionStatus;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) seriesId!: string | null;
  @ApiProperty({ type: [SessionLawResponseDto] }) laws!: SessionLawResponseDto[];
}

export class SessionDetailResponseDto extends SessionResponseDto {
  @ApiProperty({ type: [String] }) inviteUnitIds!: string[];
  @ApiProperty() invitePartyMembersOnly!: boolean;
  @ApiProperty({ type: [String] }) inviteStaffIds!: string[];
  @ApiProperty({ type: [Number] }) reminderOffsetsMinutes!: number[];
  @ApiProperty({ description: 'Who is invited now (fixed once the session starts)' })
  inviteeCount!: number;
  @ApiProperty({ nullable: true, type: String }) minutes!: string | null;
}

export class OverlapWarningDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty() label!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ type: [String], description: 'Invitees of both, by name' }) names!: string[];
  @ApiProperty() count!: number;
}

export class SessionWriteResponseDto extends SessionDetailResponseDto {
  @ApiProperty({
    type: [OverlapWarningDto],
    description: 'Invitees who already have an overlapping session (not an error)',
  })
  warnings!: OverlapWarningDto[];
}

export class SeriesResponseDto {
  @ApiProperty({ format: 'uuid' }) seriesId!: string;
  @ApiProperty({ type: [SessionWriteResponseDto] }) sessions!: SessionWriteResponseDto[];
}

export class SessionCheckItemDto {
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ description: 'Who would be invited today' }) inviteeCount!: number;
  @ApiProperty({ type: [OverlapWarningDto] }) warnings!: OverlapWarningDto[];
}

export class SessionCheckResponseDto {
  @ApiProperty({ type: [SessionCheckItemDto], description: 'Each session that would be created' })
  sessions!: SessionCheckItemDto[];
}

export class MySessionDto extends SessionResponseDto {
  @ApiProperty({
    enum: [...ATTENDANCE_STATUSES, 'upcoming', 'unmarked'],
    description: 'My attendance, or upcoming / unmarked',
  })
  attendance!: AttendanceStatus | 'upcoming' | 'unmarked';
  @ApiProperty({ enum: ['pending', 'approved', 'refused'], nullable: true, type: String })
  leave!: string | null;
}

export class MySessionsQueryDto {
  @ApiPropertyOptional({ description: 'From (default: 30 days ago)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'To (default: 90 days ahead)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class MinutesDto {
  @ApiProperty({ description: 'Minutes of the session (纪要)' })
  @IsString()
  @MaxLength(50_000)
  text!: string;
}

export class CalendarLinkDto {
  @ApiProperty({
    description: 'Subscribe to it in a calendar app; making a new link stops the old one',
  })
  url!: string;
}
