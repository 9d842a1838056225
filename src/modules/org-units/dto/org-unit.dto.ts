import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  Max,
} from 'class-validator';
import { INT4_MAX } from '../../../common/validation/id-param';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { Trim, IsOptionalNotNull } from '../../../common/validation/transforms';
import { ORG_UNIT_KINDS } from '../entities/org-unit.entity';
import type { OrgUnitKind } from '../entities/org-unit.entity';

export const UNIT_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export class CreateOrgUnitDto {
  @ApiProperty({ format: 'uuid', description: '上级单位' })
  @IsUUID()
  parentId!: string;

  @ApiProperty({ example: 'XFJ-FGK', description: 'Unique code used by imports' })
  @Trim()
  @IsString()
  @Matches(UNIT_CODE_PATTERN, {
    message: '只能包含字母、数字、下划线、点和连字符，且以字母或数字开头',
  })
  code!: string;

  @ApiProperty({ example: '法规科' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ORG_UNIT_KINDS })
  @IsIn(ORG_UNIT_KINDS)
  kind!: OrgUnitKind;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  sortOrder?: number;
}

export class UpdateOrgUnitDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Move under another unit' })
  @IsOptionalNotNull()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @Matches(UNIT_CODE_PATTERN, {
    message: '只能包含字母、数字、下划线、点和连字符，且以字母或数字开头',
  })
  code?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ enum: ORG_UNIT_KINDS })
  @IsOptionalNotNull()
  @IsIn(ORG_UNIT_KINDS)
  kind?: OrgUnitKind;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(INT4_MAX)
  sortOrder?: number;
}

export class ListOrgUnitsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Direct children of this unit only' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ enum: ORG_UNIT_KINDS })
  @IsOptional()
  @IsIn(ORG_UNIT_KINDS)
  kind?: OrgUnitKind;

  @ApiPropertyOptional({ description: 'Name or code contains' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class OrgUnitResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORG_UNIT_KINDS }) kind!: OrgUnitKind;
  @ApiProperty() depth!: number;
  @ApiProperty() sortOrder!: number;
}

export class OrgUnitTreeNodeDto extends OrgUnitResponseDto {
  @ApiProperty({ type: () => [OrgUnitTreeNodeDto] })
  children!: OrgUnitTreeNodeDto[];
}
