import { ApiProperty } from '@nestjs/swagger';

export class ImportedAccountDto {
  @ApiProperty() staffNo!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Shown once; must be changed at first sign-in' })
  initialPassword!: string;
}

export class RosterImportResultDto {
  @ApiProperty() created!: number;
  @ApiProperty() updated!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ type: [ImportedAccountDto] }) accounts!: ImportedAccountDto[];
}

export class ImportRowErrorDto {
  @ApiProperty({ description: 'Row number in the sheet (the header is row 1)' }) row!: number;
  @ApiProperty({ example: '入职日期' }) column!: string;
  @ApiProperty({ example: '不是合法的日期（YYYY-MM-DD）' }) message!: string;
}

export class RosterImportFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: '.xlsx in the template’s form' })
  file!: unknown;
}
