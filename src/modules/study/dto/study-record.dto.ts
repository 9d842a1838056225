import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { Trim } from '../../../common/validation/transforms';
import { IsDecimalNumber } from '../../../common/validation/numbers';
import { RECORD_STATUSES, STUDY_KINDS } from '../entities/study-record.entity';
import type { RecordStatus, StudyKind } from '../entities/study-record.entity';

export const HEARING_MODES = ['in_person', 'video'] as const;
export type HearingMode = (typeof HEARING_MODES)[number];

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A multipart list field: repeated fields, a JSON array or comma-separated values. */
const ListField = () =>
  Transform(({ value }: { value: unknown }) => {
    if (typeof value !== 'string') return value;
    const v = value.trim();
    if (v.startsWith('[')) {
      try {
        return JSON.parse(v) as unknown;
      } catch {
        return value;
      }
    }
    return v ? v.split(/[,，\s]+/).filter(Boolean) : [];
  });

export class CourtHearingDto {
  @ApiProperty({ example: '2026-03-02', description: 'The day of the hearing (not in the future)' })
  @Matches(DATE_ONLY, { message: '须为 YYYY-MM-DD 格式的日期' })
  @IsDateString({ strict: true })
  date!: string;

  @ApiProperty({ example: '示范市中级人民法院' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  court!: string;

  @ApiProperty({ example: '张某诉示范市某局政府信息公开案' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(150)
  caseName!: string;

  @ApiPropertyOptional({ example: '（2026）示01行初12号' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(60)
  caseNo?: string;

  @ApiProperty({ enum: HEARING_MODES, description: 'in person, or by trial video (庭审视频)' })
  @IsIn(HEARING_MODES)
  mode!: HearingMode;

  @ApiProperty({ example: 2, minimum: 0.5, maximum: 8 })
  @IsDecimalNumber(2)
  @Min(0.5)
  @Max(8)
  hours!: number;

  @ApiPropertyOptional({ description: 'What was learned (学习体会)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Laws the hearing covered' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  lawIds?: string[];
}

export class ExternalTrainingFieldsDto {
  @ApiProperty({ example: '2026年度全省信访干部法治培训班' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(150)
  title!: string;

  @ApiPropertyOptional({ example: '示范省信访局' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  organizer?: string;

  @ApiProperty({ example: '2026-03-02', description: 'The day the training ended' })
  @Matches(DATE_ONLY, { message: '须为 YYYY-MM-DD 格式的日期' })
  @IsDateString({ strict: true })
  date!: string;

  @ApiProperty({ example: 16, minimum: 0.5, maximum: 24 })
  @Type(() => Number)
  @IsDecimalNumber(2)
  @Min(0.5)
  @Max(24)
  hours!: number;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description: 'Laws the training covered: repeated fields, a JSON array or a comma list',
  })
  @IsOptional()
  @ListField()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  lawIds?: string[];
}

export class ExternalTrainingUploadDto extends ExternalTrainingFieldsDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'The certificate: PDF, JPEG or PNG, at most UPLOAD_LIMIT_BYTES',
  })
  file!: unknown;
}

export class RecordDecisionDto {
  @ApiProperty({ description: 'true: credit the hours; false: reject' })
  @IsBoolean()
  approve!: boolean;

  @ApiPropertyOptional({ description: 'Required when rejecting: the reason the person will see' })
  @ValidateIf((o: RecordDecisionDto) => o.approve === false || o.note !== undefined)
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  note?: string;
}

export class ListMyRecordsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STUDY_KINDS })
  @IsOptional()
  @IsIn(STUDY_KINDS)
  kind?: StudyKind;

  @ApiPropertyOptional({ enum: RECORD_STATUSES })
  @IsOptional()
  @IsIn(RECORD_STATUSES)
  status?: RecordStatus;
}

export class ListRecordsQueryDto extends ListMyRecordsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  staffId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Staff of this unit and its subtree' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class StudyYearQueryDto {
  @ApiPropertyOptional({ description: 'Default: the current year (configured time zone)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class RecordLawDto {
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty() shortTitle!: string;
  @ApiProperty({ description: '0: the law as a whole' }) articleNumber!: number;
}

export class CertificateDto {
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'] }) mimeType!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'SHA-256 of the file' }) sha256!: string;
}

export class RecordStaffDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
}

export class StudyRecordResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: STUDY_KINDS }) kind!: StudyKind;
  @ApiProperty({ example: '旁听庭审' }) kindLabel!: string;
  @ApiProperty({ enum: RECORD_STATUSES }) status!: RecordStatus;
  @ApiProperty({ example: '待审核' }) statusLabel!: string;
  @ApiProperty() occurredOn!: string;
  @ApiProperty() hours!: number;
  @ApiProperty() title!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Kind-specific facts (court and case, training, quiz, reading)',
  })
  details!: Record<string, unknown> | null;
  @ApiProperty({ type: [RecordLawDto] }) laws!: RecordLawDto[];
  @ApiPropertyOptional({ type: CertificateDto }) certificate?: CertificateDto;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionNote!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ type: RecordStaffDto, description: 'In lists for secretaries and HR' })
  staff?: RecordStaffDto;
}

export class KindHoursDto {
  @ApiProperty({ enum: STUDY_KINDS }) kind!: StudyKind;
  @ApiProperty({ example: '自学' }) label!: string;
  @ApiProperty({ description: 'Credited hours in the period' }) hours!: number;
  @ApiProperty({ description: 'Credited records in the period' }) records!: number;
}

export class SummaryPlanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty() year!: number;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() requiredHours!: number;
}

export class RequiredLawStatusDto {
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() shortTitle!: string;
  @ApiProperty({ description: 'At least one credited study record in the period covers it' })
  studied!: boolean;
}

export class StudySummaryDto {
  @ApiProperty({ type: RecordStaffDto }) staff!: RecordStaffDto;
  @ApiProperty() year!: number;
  @ApiProperty({ type: SummaryPlanDto, nullable: true }) plan!: SummaryPlanDto | null;
  @ApiPropertyOptional({ description: 'Why there is no requirement to meet (no plan)' })
  notice?: string;
  @ApiProperty({ description: 'The plan period, or the calendar year without a plan' })
  periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty({ type: [KindHoursDto] }) byKind!: KindHoursDto[];
  @ApiProperty() totalHours!: number;
  @ApiProperty({ nullable: true, type: Number }) requiredHours!: number | null;
  @ApiProperty({ nullable: true, type: Number }) remainingHours!: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) hoursMet!: boolean | null;
  @ApiProperty({ type: [RequiredLawStatusDto] }) requiredLaws!: RequiredLawStatusDto[];
  @ApiProperty({ type: [RequiredLawStatusDto], description: 'Required laws not studied yet' })
  lawsMissing!: RequiredLawStatusDto[];
  @ApiProperty({
    nullable: true,
    type: Boolean,
    description: 'Hours reached and every required law studied (null without a plan)',
  })
  requirementMet!: boolean | null;
  @ApiProperty({ description: 'Claims waiting for a secretary (not counted yet)' })
  pendingRecords!: number;
  @ApiProperty() pendingHours!: number;
}
