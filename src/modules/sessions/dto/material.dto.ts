import { ApiProperty } from '@nestjs/swagger';

export class MaterialDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() mimeType!: string;
  @ApiProperty() size!: number;
  @ApiProperty({ description: 'SHA-256 of the content' }) sha256!: string;
  @ApiProperty() createdAt!: string;
}
