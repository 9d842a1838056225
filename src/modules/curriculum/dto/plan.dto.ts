import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { Trim, IsOptionalNotNull } from '../../../common/validation/transforms';
import { IsDecimalNumber } from '../../../common/validation/numbers';
import { INT4_MAX } from '../../../common/validation/id-param';
import { ITEM_STATUSES } from '../entities/responsibility-item.entity';
import type { ItemStatus } from '../entities/responsibility-item.entity';
import { PLAN_STATUSES } from '../entities/study-plan.entity';
import type { PlanStatus } from '../entities/study-plan.entity';

const percent = () => [IsDecimalNumber(2), Min(0), Max(100)];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (t, k) =>
    decorators.forEach((d) => d(t, k));

export class CreatePlanDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The unit whose staff the plan covers (with its subunits)',
  })
  @IsUUID()
  unitId!: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: '2026年度学法考法工作计划' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'Default: 1 January of the year' })
  @IsOptional()
  @IsDateString({ strict: true })
  periodStart?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Default: 31 December of the year' })
  @IsOptional()
  @IsDateString({ strict: true })
  periodEnd?: string;

  @ApiProperty({ example: 40, description: 'Study hours each staff member must reach' })
  @IsDecimalNumber(1)
  @Min(0)
  @Max(2000)
  requiredHours!: number;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @apply(...percent())
  participationTarget?: number;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @apply(...percent())
  examTarget?: number;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional()
  @apply(...percent())
  passTarget?: number;

  @ApiPropertyOptional({
    default: 60,
    description: 'Default pass mark of the plan’s exams (percent)',
  })
  @IsOptional()
  @apply(...percent())
  passMark?: number;
}

export class UpdatePlanDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsDateString({ strict: true })
  periodStart?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsDateString({ strict: true })
  periodEnd?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsDecimalNumber(1)
  @Min(0)
  @Max(2000)
  requiredHours?: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @apply(...percent())
  participationTarget?: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @apply(...percent())
  examTarget?: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @apply(...percent())
  passTarget?: number;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @apply(...percent())
  passMark?: number;

  @ApiPropertyOptional({ enum: PLAN_STATUSES, description: 'draft ⇄ active → closed' })
  @IsOptionalNotNull()
  @IsIn(PLAN_STATUSES)
  status?: PlanStatus;
}

export class ListPlansQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class RequiredLawDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  lawId!: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Chapter or section keys from the law’s tree (第二章, 第一编/第三章); empty = whole law',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  nodeKeys?: string[];

  @ApiPropertyOptional({ type: [Number], description: 'Article numbers; empty = whole law' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(100000, { each: true })
  articles?: number[];
}

export class SetRequiredLawsDto {
  @ApiProperty({ type: [RequiredLawDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RequiredLawDto)
  laws!: RequiredLawDto[];
}

export class ResponsibilityItemDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  lawId?: string | null;

  @ApiPropertyOptional({ description: 'Default: the law’s short title', example: '宪法宣传周' })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  topic?: string;

  @ApiProperty({ example: '组织干部职工集中学习并参加网上答题' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  activity!: string;

  @ApiProperty({ example: '法规科' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  owner!: string;

  @ApiPropertyOptional({ example: '2026-12-04', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateString({ strict: true })
  deadline?: string | null;

  @ApiPropertyOptional({ enum: ITEM_STATUSES, default: 'planned' })
  @IsOptional()
  @IsIn(ITEM_STATUSES)
  status?: ItemStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  sortOrder?: number;
}

export class UpdateResponsibilityItemDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  lawId?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  topic?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  activity?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  owner?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateString({ strict: true })
  deadline?: string | null;

  @ApiPropertyOptional({ enum: ITEM_STATUSES })
  @IsOptionalNotNull()
  @IsIn(ITEM_STATUSES)
  status?: ItemStatus;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  sortOrder?: number;
}

export class RequiredLawResponseDto {
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() shortTitle!: string;
  @ApiProperty({ type: [String] }) nodeKeys!: string[];
  @ApiProperty({ type: [Number] }) articles!: number[];
}

export class ResponsibilityItemResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) lawId!: string | null;
  @ApiProperty() topic!: string;
  @ApiProperty() activity!: string;
  @ApiProperty() owner!: string;
  @ApiProperty({ nullable: true, type: String }) deadline!: string | null;
  @ApiProperty({ enum: ITEM_STATUSES }) status!: ItemStatus;
  @ApiProperty() sortOrder!: number;
}

export class PlanUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class PlanResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: PlanUnitDto }) unit!: PlanUnitDto;
  @ApiProperty() year!: number;
  @ApiProperty() title!: string;
  @ApiProperty() periodStart!: string;
  @ApiProperty() periodEnd!: string;
  @ApiProperty() requiredHours!: number;
  @ApiProperty() participationTarget!: number;
  @ApiProperty() examTarget!: number;
  @ApiProperty() passTarget!: number;
  @ApiProperty() passMark!: number;
  @ApiProperty({ enum: PLAN_STATUSES }) status!: PlanStatus;
  @ApiProperty({ nullable: true, type: String }) listPublishedAt!: string | null;
}

export class PlanDetailResponseDto extends PlanResponseDto {
  @ApiProperty({ type: [RequiredLawResponseDto] }) requiredLaws!: RequiredLawResponseDto[];
  @ApiProperty({ type: [ResponsibilityItemResponseDto] })
  responsibilityItems!: ResponsibilityItemResponseDto[];
}

export class PublicResponsibilityListDto {
  @ApiProperty() unitName!: string;
  @ApiProperty() year!: number;
  @ApiProperty() planTitle!: string;
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ type: [ResponsibilityItemResponseDto] }) items!: ResponsibilityItemResponseDto[];
}
