import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { EXPORT_KINDS, EXPORT_STATUSES } from '../entities/evidence-export.entity';
import type { ExportKind, ExportStatus } from '../entities/evidence-export.entity';

export class CreateExportDto {
  @ApiProperty({
    enum: EXPORT_KINDS,
    description: 'unit_workbook: a unit and its subtree; dossier: one person (staffId)',
  })
  @IsIn(EXPORT_KINDS)
  kind!: ExportKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for unit_workbook' })
  @ValidateIf((o: CreateExportDto) => o.kind !== 'dossier' || o.unitId !== undefined)
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for dossier' })
  @ValidateIf((o: CreateExportDto) => o.kind === 'dossier' || o.staffId !== undefined)
  @IsUUID()
  staffId?: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The plan to measure against; default: the plan that applies to the unit in the year',
  })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

export class ListExportsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only exports of this unit' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ enum: EXPORT_STATUSES })
  @IsOptional()
  @IsIn(EXPORT_STATUSES)
  status?: ExportStatus;
}

export class ExportPersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
}

export class ExportUnitDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class ExportPlanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
}

export class ExportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EXPORT_KINDS }) kind!: ExportKind;
  @ApiProperty({ example: '单位学法考法情况' }) kindLabel!: string;
  @ApiProperty({ enum: EXPORT_STATUSES }) status!: ExportStatus;
  @ApiProperty({ example: '生成中' }) statusLabel!: string;
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Percent built' }) progress!: number;
  @ApiProperty({ type: ExportUnitDto }) unit!: ExportUnitDto;
  @ApiProperty({ type: ExportPersonDto, nullable: true, description: 'The person of a dossier' })
  staff!: ExportPersonDto | null;
  @ApiProperty() year!: number;
  @ApiProperty({ type: ExportPlanDto, nullable: true, description: 'The plan measured against' })
  plan!: ExportPlanDto | null;
  @ApiProperty({ nullable: true, type: Number, description: 'People in the file' })
  staffCount!: number | null;
  @ApiProperty({ nullable: true, type: String }) fileName!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Bytes' }) size!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the file (hex)' })
  sha256!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The audit entry recording the SHA-256',
  })
  auditEntryId!: string | null;
  @ApiProperty({ type: ExportPersonDto }) requestedBy!: ExportPersonDto;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the file is deleted (done) or was deleted (expired)',
  })
  expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why the build failed (Chinese)' })
  error!: string | null;
}

export class VerifiedExportDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EXPORT_KINDS }) kind!: ExportKind;
  @ApiProperty() kindLabel!: string;
  @ApiProperty({ type: ExportUnitDto }) unit!: ExportUnitDto;
  @ApiProperty({ type: ExportPersonDto, nullable: true }) staff!: ExportPersonDto | null;
  @ApiProperty() year!: number;
  @ApiProperty({ type: ExportPlanDto, nullable: true }) plan!: ExportPlanDto | null;
  @ApiProperty() fileName!: string;
  @ApiProperty() size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ type: ExportPersonDto }) requestedBy!: ExportPersonDto;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
  @ApiProperty({ enum: EXPORT_STATUSES, description: 'done, or expired (the file was deleted)' })
  status!: ExportStatus;
}

export class VerifiedAuditDto {
  @ApiProperty({ nullable: true, type: String }) entryId!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) recordedAt!: string | null;
  @ApiProperty({
    description:
      'The entry records this export and this SHA-256, its hash matches its content and it is linked to its neighbours in the chain',
  })
  intact!: boolean;
}

export class VerifyResultDto {
  @ApiProperty({ description: 'The file is an unmodified export (its SHA-256 is on record)' })
  match!: boolean;
  @ApiPropertyOptional({ type: VerifiedExportDto }) export?: VerifiedExportDto;
  @ApiPropertyOptional({ type: VerifiedAuditDto }) audit?: VerifiedAuditDto;
  @ApiPropertyOptional({
    example: '文件与任何导出记录都不一致，可能已被修改或并非本平台导出',
    description:
      'Why the file is not vouched for (Chinese): present when match is false, or when the audit entry is not intact',
  })
  reason?: string;
  @ApiProperty({ description: 'SHA-256 of the uploaded file (hex)' }) sha256!: string;
  @ApiProperty({ description: 'Bytes uploaded' }) size!: number;
}

export class ExportLinkDto {
  @ApiProperty({
    example: '/export-downloads/eyJ…',
    description:
      'Path (same origin) that downloads the file once, without the Authorization header, until expiresAt',
  })
  url!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
