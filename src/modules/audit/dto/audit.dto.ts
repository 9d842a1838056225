import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { QueryBoolean } from '../../../common/validation/transforms';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'auth.login' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ description: '操作人工号' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  actorStaffNo?: string;

  @ApiPropertyOptional({ example: 'staff' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  targetType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  targetId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  success?: boolean;

  @ApiPropertyOptional({ description: 'From (inclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'To (exclusive), ISO 8601' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditLogResponseDto {
  @ApiProperty() id!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorStaffNo!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty({ nullable: true, type: String }) targetType!: string | null;
  @ApiProperty({ nullable: true, type: String }) targetId!: string | null;
  @ApiProperty({ nullable: true, type: String }) unitId!: string | null;
  @ApiProperty() success!: boolean;
  @ApiProperty({ nullable: true, type: String }) ip!: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class ChainVerificationResponseDto {
  @ApiProperty({ description: 'True when every link of the chain checks out' }) ok!: boolean;
  @ApiProperty() checked!: number;
  @ApiProperty({ nullable: true, type: String }) firstId!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastId!: string | null;
  @ApiPropertyOptional({ description: 'The first row whose link is broken' }) brokenAtId?: string;
  @ApiPropertyOptional({ enum: ['hash_mismatch', 'prev_hash_mismatch', 'unknown_anchor'] })
  reason?: string;
}

export class MaintenanceJobResponseDto {
  @ApiProperty() jobId!: string;
}
