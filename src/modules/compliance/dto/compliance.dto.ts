import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Trim } from '../../../common/validation/transforms';

export class ComplianceQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A unit inside the plan’s unit (default: the plan’s unit), with its subtree',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class ReportQueryDto extends ComplianceQueryDto {
  @ApiPropertyOptional({ enum: ['md', 'docx'], default: 'md' })
  @IsOptional()
  @IsIn(['md', 'docx'])
  format?: 'md' | 'docx';
}

export class MissingQueryDto extends ComplianceQueryDto {
  @ApiProperty({ enum: ['participation', 'exam', 'pass'] })
  @IsIn(['participation', 'exam', 'pass'])
  rate!: 'participation' | 'exam' | 'pass';

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    description: 'With pageSize: one page of the list (default: the whole list)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize?: number;
}

/** A rate with its target (named apart from the exams' RateDto, which OpenAPI would merge it with). */
export class TargetRateDto {
  @ApiProperty() numerator!: number;
  @ApiProperty() denominator!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Percent, one decimal' })
  percent!: number | null;
  @ApiProperty({ nullable: true, type: Number }) target!: number | null;
  @ApiProperty({ nullable: true, type: Boolean }) met!: boolean | null;
}

export class FiguresDto {
  @ApiProperty({ description: '应参学人数: on the roster in the period, not exempted' })
  required!: number;
  @ApiProperty() studyMet!: number;
  @ApiProperty() sat!: number;
  @ApiProperty() passed!: number;
  @ApiProperty({ type: TargetRateDto, description: '参学率' }) participation!: TargetRateDto;
  @ApiProperty({ type: TargetRateDto, description: '参考率' }) exam!: TargetRateDto;
  @ApiProperty({ type: TargetRateDto, description: '通过率' }) pass!: TargetRateDto;
  @ApiProperty({ type: TargetRateDto, description: '通过率（按参考人数）' })
  passOfSat!: TargetRateDto;
}

export class UnitFiguresDto extends FiguresDto {
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
}

export class TrendPointDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty() studyMet!: number;
  @ApiProperty() sat!: number;
  @ApiProperty() passed!: number;
}

export class SessionStatDto {
  @ApiProperty() type!: string;
  @ApiProperty() typeLabel!: string;
  @ApiProperty() held!: number;
  @ApiProperty() invited!: number;
  @ApiProperty() attended!: number;
  @ApiProperty({ type: TargetRateDto }) attendance!: TargetRateDto;
}

export class ComplianceDto {
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty() planTitle!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty({ description: 'The last day counted' }) asOf!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Closed plans: when the figures were frozen (roster changes since do not count)',
  })
  frozenAt!: string | null;
  @ApiProperty({
    description:
      'When these figures were computed: now for units with fewer than 2,000 required staff; a ' +
      'bigger subtree’s are shared for up to 30 s (then refreshed in the background); a closed ' +
      'plan’s when it was frozen',
  })
  computedAt!: string;
  @ApiProperty() requiredHours!: number;
  @ApiProperty() passMark!: number;
  @ApiProperty({ type: FiguresDto }) figures!: FiguresDto;
  @ApiProperty({ type: [UnitFiguresDto], description: 'Per child unit' }) byUnit!: UnitFiguresDto[];
  @ApiProperty({ type: [TrendPointDto], description: 'Cumulative, by month' })
  trend!: TrendPointDto[];
  @ApiProperty({ type: [SessionStatDto], description: 'Sessions held in the period, by type' })
  sessions!: SessionStatDto[];
}

export class MissingItemDto {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty({ type: [String], description: 'What exactly is missing' }) missing!: string[];
  @ApiPropertyOptional() hoursShort?: number;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object' } })
  lawsMissing?: { lawId: string; title: string }[];
  @ApiPropertyOptional({ enum: ['none', 'in_progress', 'pending', 'failed', 'passed'] })
  examState?: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) bestPercentage?: number | null;
}

export class MissingDto {
  @ApiProperty({ enum: ['participation', 'exam', 'pass'] }) rate!: string;
  @ApiProperty() asOf!: string;
  @ApiProperty({ description: 'When this list was computed (see ComplianceDto.computedAt)' })
  computedAt!: string;
  @ApiProperty({ description: 'How many people miss it (all pages)' }) total!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The page asked for, or null' })
  page!: number | null;
  @ApiProperty({ nullable: true, type: Number }) pageSize!: number | null;
  @ApiProperty({ type: [MissingItemDto] }) items!: MissingItemDto[];
}

export class CreateExemptionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  staffId!: string;

  @ApiProperty({ example: '2026年6月退休' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ example: '局党组' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  approvedBy!: string;

  @ApiProperty({ example: '2026-06-20' })
  @IsISO8601({ strict: true })
  approvedOn!: string;
}

export class RevokeExemptionDto {
  @ApiProperty({ example: '登记有误' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class ExemptionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() approvedBy!: string;
  @ApiProperty() approvedOn!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokeReason!: string | null;
}
