import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { QueryBoolean } from '../../../common/validation/transforms';
import { CHAIN_BREAKS } from '../audit.service';
import { AUDIT_HASH_ALGS } from '../entities/audit-log.entity';

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
  @ApiProperty({
    enum: AUDIT_HASH_ALGS,
    description:
      'hmac-sha256: keyed with AUDIT_HMAC_KEY; sha256: unkeyed (rows from before keying)',
  })
  hashAlg!: string;
}

export class AnchorComparedDto {
  @ApiProperty({ nullable: true, type: String, description: 'Id of the anchored head row' })
  headId!: string | null;
  @ApiProperty({ description: 'When the anchor was written (ISO 8601)' }) writtenAt!: string;
}

export class ChainVerificationResponseDto {
  @ApiProperty({ description: 'True when every link of the chain checks out' }) ok!: boolean;
  @ApiProperty() checked!: number;
  @ApiProperty({ nullable: true, type: String }) firstId!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastId!: string | null;
  @ApiPropertyOptional({ description: 'The first row whose link is broken' }) brokenAtId?: string;
  @ApiPropertyOptional({
    enum: CHAIN_BREAKS,
    description:
      'hash_mismatch: a row does not match its hash (keyed with AUDIT_HMAC_KEY); ' +
      'prev_hash_mismatch: a row is missing or out of place; unknown_anchor: the chain starts ' +
      'from no retention anchor; unkeyed_row: a row after the keyed cut-over carries the unkeyed ' +
      'scheme; truncated: the chain ends before the head anchored outside the database; ' +
      'head_mismatch: the anchored head row changed; anchor_invalid: the anchor file is not ' +
      'signed with the chain key',
  })
  reason?: string;

  @ApiProperty({
    type: AnchorComparedDto,
    nullable: true,
    description: 'The head anchored outside the database that the chain was compared with',
  })
  anchor!: AnchorComparedDto | null;
}

export class MaintenanceJobResponseDto {
  @ApiProperty() jobId!: string;
}
