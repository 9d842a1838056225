import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The body of every error response. */
export class ErrorResponseDto {
  @ApiProperty({ example: 404 })
  statusCode!: number;

  @ApiProperty({ example: 'COMMON.NOT_FOUND', description: 'Stable, namespaced error code' })
  code!: string;

  @ApiProperty({ example: '请求的资源不存在', description: 'Simplified Chinese, for people' })
  message!: string;

  @ApiPropertyOptional({
    description: 'Per-field validation errors, per-row import errors, or other structured detail',
  })
  details?: unknown;

  @ApiProperty({ example: '6f1c2e0c-8c1e-4a53-9a55-3b9d2b6c1d10' })
  requestId!: string;
}
