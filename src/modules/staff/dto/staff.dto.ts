import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ROLE_NAMES } from '../../../common/auth';
import type { RoleName } from '../../../common/auth';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { QueryBoolean, Trim, IsOptionalNotNull } from '../../../common/validation/transforms';

export const STAFF_NO_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;
const STAFF_NO_MESSAGE = '只能包含字母、数字、下划线和连字符，最长 32 位';

export class CreateStaffDto {
  @ApiProperty({ example: 'XF030', description: '工号' })
  @Trim()
  @IsString()
  @Matches(STAFF_NO_PATTERN, { message: STAFF_NO_MESSAGE })
  staffNo!: string;

  @ApiProperty({ example: '王明' })
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId!: string;

  @ApiPropertyOptional({ example: '科员' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  position?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  partyMember?: boolean;

  @ApiProperty({ example: '2020-03-01' })
  @IsDateString({ strict: true })
  employmentStart!: string;

  @ApiPropertyOptional({ example: null, nullable: true, type: String })
  @IsOptional()
  @IsDateString({ strict: true })
  employmentEnd?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateStaffDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptionalNotNull()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Trim()
  @IsString()
  @MaxLength(100)
  position?: string | null;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsBoolean()
  partyMember?: boolean;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsDateString({ strict: true })
  employmentStart?: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsDateString({ strict: true })
  employmentEnd?: string | null;

  @ApiPropertyOptional({ description: 'false disables the account and ends its sessions' })
  @IsOptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class ListStaffQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Staff of this unit (and its subunits)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  includeSubunits?: boolean;

  @ApiPropertyOptional({ description: 'Name or staff number contains' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(50)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  partyMember?: boolean;

  @ApiPropertyOptional({
    enum: ['secretary', 'hr', 'admin'],
    description: 'Only people holding this role (over any unit)',
  })
  @IsOptional()
  @IsIn(['secretary', 'hr', 'admin'], { message: '角色只能是 secretary、hr 或 admin' })
  role?: Exclude<RoleName, 'staff'>;
}

export class ExportStaffQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsBoolean()
  active?: boolean;
}

export class GrantRoleDto {
  @ApiProperty({ enum: ROLE_NAMES })
  @IsIn(ROLE_NAMES)
  role!: RoleName;

  @ApiProperty({ format: 'uuid', description: 'The role covers this unit and its subtree' })
  @IsUUID()
  unitId!: string;
}

export class UnitRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
}

export class RoleAssignmentResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ROLE_NAMES }) role!: RoleName;
  @ApiProperty({ type: UnitRefDto }) unit!: UnitRefDto;
}

export class StaffResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: UnitRefDto }) unit!: UnitRefDto;
  @ApiProperty({ nullable: true, type: String }) position!: string | null;
  @ApiProperty() partyMember!: boolean;
  @ApiProperty() employmentStart!: string;
  @ApiProperty({ nullable: true, type: String }) employmentEnd!: string | null;
  @ApiProperty() active!: boolean;
}

export class StaffDetailResponseDto extends StaffResponseDto {
  @ApiProperty({ type: [RoleAssignmentResponseDto] }) roles!: RoleAssignmentResponseDto[];
}

export class StaffCreatedResponseDto extends StaffDetailResponseDto {
  @ApiProperty({ description: 'Shown once; the staff member must change it at first sign-in' })
  initialPassword!: string;
}

export class PasswordResetResponseDto {
  @ApiProperty({ description: 'Shown once; must be changed at the next sign-in' })
  temporaryPassword!: string;
}

export class MeResponseDto extends StaffDetailResponseDto {
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty({
    description:
      'Seconds without an authenticated request after which the sign-in ends (401 AUTH.SESSION_IDLE)',
  })
  idleTimeoutSeconds!: number;
}
