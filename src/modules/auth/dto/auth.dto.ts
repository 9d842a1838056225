import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'XF004', description: '工号' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  staffNo!: string;

  @ApiProperty({ example: 'Xuefa@2026' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from login or the previous refresh' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  currentPassword!: string;

  @ApiProperty({
    description:
      'At least 8 characters with 3 of: upper case, lower case, digits, other (configurable)',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  newPassword!: string;
}

export class StaffSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
}

export class TokenPairResponseDto {
  @ApiProperty({ example: 'Bearer' }) tokenType!: 'Bearer';
  @ApiProperty() accessToken!: string;
  @ApiProperty() accessTokenExpiresAt!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ description: 'Single use: each refresh returns a new one' }) refreshToken!: string;
  @ApiProperty() refreshTokenExpiresAt!: string;
  @ApiProperty({
    description:
      'Seconds without an authenticated request after which the sign-in ends (401 AUTH.SESSION_IDLE): clients warn before it',
  })
  idleTimeoutSeconds!: number;
  @ApiProperty({
    description:
      'When true, every route but password change, /me, refresh and logout answers 403 AUTH.PASSWORD_CHANGE_REQUIRED',
  })
  mustChangePassword!: boolean;
  @ApiProperty({ type: StaffSummaryDto }) staff!: StaffSummaryDto;
}
