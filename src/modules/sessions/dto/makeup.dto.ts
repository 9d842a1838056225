import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray } from 'class-validator';

export class MakeupSummaryDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() sessionStartsAt!: string;
  @ApiProperty() creditedHours!: number;
  @ApiProperty({ enum: ['open', 'completed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) completedAt!: string | null;
}

export class MakeupMaterialDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty() size!: number;
}

export class MakeupQuestionDto {
  @ApiProperty() position!: number;
  @ApiProperty({ enum: ['single_choice', 'multiple_choice', 'true_false'] }) type!: string;
  @ApiProperty() stem!: string;
  @ApiProperty({ type: [String], description: 'Lettered A, B, … in this order' })
  options!: string[];
}

export class MakeupDetailDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty() topic!: string;
  @ApiProperty({ nullable: true, type: String }) minutes!: string | null;
  @ApiProperty({ enum: ['open', 'completed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) materialsReadAt!: string | null;
  @ApiProperty({ type: [MakeupMaterialDto] }) materials!: MakeupMaterialDto[];
  @ApiProperty({ type: [MakeupQuestionDto], description: 'No keys' })
  questions!: MakeupQuestionDto[];
  @ApiProperty() passPercent!: number;
}

export class MakeupSubmitDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    example: [['B'], ['A', 'C'], ['A']],
    description: 'One answer per question, in order (letters as shown)',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsArray({ each: true })
  answers!: string[][];
}

export class MakeupResultDto {
  @ApiProperty() passed!: boolean;
  @ApiProperty() correct!: number;
  @ApiProperty() total!: number;
  @ApiProperty() passPercent!: number;
}
