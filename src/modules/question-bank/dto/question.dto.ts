import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { QueryBoolean, Trim, IsOptionalNotNull } from '../../../common/validation/transforms';
import { QUESTION_TYPES } from '../question-content';
import type { QuestionType } from '../question-content';
import { QUESTION_STATUSES } from '../entities/question.entity';
import type { QuestionStatus } from '../entities/question.entity';

export const QUESTION_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/;

export class ReferenceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  lawId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Default: the law’s current version' })
  @IsOptional()
  @IsUUID()
  versionId?: string;

  @ApiProperty({ type: [Number], example: [22] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(100000, { each: true })
  articles!: number[];
}

class QuestionContentFields {
  @ApiProperty({ example: '信访事项自受理之日起，一般应当在多长时间内办结？' })
  @Trim()
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  stem!: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'Choice texts (A, B, … in order), 2–8; true/false: exactly two (default 正确/错误)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  options?: string[];

  @ApiProperty({
    description:
      'single_choice and true_false: a letter ("B"); multiple_choice: letters (["A","C"]); fill_blank: accepted answers per blank ([["十五日","15日"]]); short_answer: the reference answer',
    example: 'B',
  })
  @IsDefined()
  answer!: unknown;

  @ApiPropertyOptional({ type: [String], description: 'short_answer: points a grader looks for' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  keywords?: string[];

  @ApiPropertyOptional({
    description:
      'fill_blank: more accepted answers per blank, graded like the key but not shown as it ([["诚实信用"]]; [] for none)',
    example: [['诚实信用']],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  synonyms?: unknown;

  @ApiPropertyOptional({
    default: false,
    description: 'fill_blank with two or more blanks: the blanks may be answered in any order',
  })
  @IsOptional()
  @IsBoolean()
  orderFree?: boolean;

  @ApiProperty({ example: '依据《信访工作条例》第三十四条，……' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  explanation!: string;

  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  difficulty!: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    description: 'A phrase copied from a cited article that supports the key',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  evidence?: string;

  @ApiProperty({ type: [ReferenceDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ReferenceDto)
  references!: ReferenceDto[];
}

export class CreateQuestionDto extends QuestionContentFields {
  @ApiPropertyOptional({ example: 'XFTL-0500', description: 'Stable code; generated when absent' })
  @IsOptional()
  @Matches(QUESTION_CODE, { message: '只能包含字母、数字、下划线和连字符，2 到 40 位' })
  code?: string;

  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES)
  type!: QuestionType;

  @ApiPropertyOptional({ enum: QUESTION_STATUSES, default: 'draft' })
  @IsOptional()
  @IsIn(QUESTION_STATUSES)
  status?: QuestionStatus;
}

export class UpdateQuestionDto {
  @ApiPropertyOptional({ enum: QUESTION_TYPES })
  @IsOptionalNotNull()
  @IsIn(QUESTION_TYPES)
  type?: QuestionType;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(5)
  @MaxLength(1000)
  stem?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  options?: string[];

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  answer?: unknown;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  keywords?: string[];

  @ApiPropertyOptional({ description: 'fill_blank: more accepted answers per blank' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  synonyms?: unknown;

  @ApiPropertyOptional({ description: 'fill_blank: the blanks may be answered in any order' })
  @IsOptional()
  @IsBoolean()
  orderFree?: boolean;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(2000)
  explanation?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(5)
  difficulty?: number;

  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  tags?: string[];

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  evidence?: string;

  @ApiPropertyOptional({ type: [ReferenceDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => ReferenceDto)
  references?: ReferenceDto[];

  @ApiPropertyOptional({ enum: QUESTION_STATUSES })
  @IsOptionalNotNull()
  @IsIn(QUESTION_STATUSES)
  status?: QuestionStatus;

  @ApiPropertyOptional({ description: 'Why this revision (kept in the history)' })
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MaxLength(200)
  changeNote?: string;
}

export class ListQuestionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  lawId?: string;

  @ApiPropertyOptional({ description: 'With lawId: cited article number from' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  articleFrom?: number;

  @ApiPropertyOptional({ description: 'With lawId: cited article number to' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  articleTo?: number;

  @ApiPropertyOptional({ enum: QUESTION_TYPES })
  @IsOptional()
  @IsIn(QUESTION_TYPES)
  type?: QuestionType;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  difficulty?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(30)
  tag?: string;

  @ApiPropertyOptional({ enum: QUESTION_STATUSES })
  @IsOptional()
  @IsIn(QUESTION_STATUSES)
  status?: QuestionStatus;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  @IsIn([true, false])
  needsReview?: boolean;

  @ApiPropertyOptional({ description: 'Stem contains' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export const EXPORT_FORMATS = ['xlsx', 'json', 'moodle', 'gift', 'aiken'] as const;

export class ExportQuestionsQueryDto extends ListQuestionsQueryDto {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    default: 'xlsx',
    description:
      'xlsx: the Excel template; json: one law as a question-bank file; moodle: Moodle XML; gift: GIFT (fill-ins with one blank); aiken: Aiken (single choice only)',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: '导出格式须为 xlsx、json、moodle、gift 或 aiken' })
  format?: (typeof EXPORT_FORMATS)[number];
}

export class ReviewQuestionDto {
  @ApiPropertyOptional({ description: 'What the reviewer checked' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class ReferenceResponseDto {
  @ApiProperty({ format: 'uuid' }) lawId!: string;
  @ApiProperty() lawTitle!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) versionId!: string | null;
  @ApiProperty({ nullable: true, type: String }) versionLabel!: string | null;
  @ApiProperty({ type: [Number] }) articles!: number[];
}

export class RevisionResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() revisionNo!: number;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() stem!: string;
  @ApiProperty({ type: [String] }) options!: string[];
  @ApiProperty() answer!: unknown;
  @ApiProperty({ type: [String] }) keywords!: string[];
  @ApiProperty({
    description: 'fill_blank: more accepted answers per blank ([] for none)',
    example: [['诚实信用']],
  })
  synonyms!: string[][];
  @ApiProperty({ description: 'fill_blank: the blanks may be answered in any order' })
  orderFree!: boolean;
  @ApiProperty() explanation!: string;
  @ApiProperty() difficulty!: number;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ nullable: true, type: String }) evidence!: string | null;
  @ApiProperty({ type: [ReferenceResponseDto] }) references!: ReferenceResponseDto[];
  @ApiProperty({ nullable: true, type: String }) changeNote!: string | null;
  @ApiProperty() createdAt!: string;
}

export class SimilarQuestionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ description: '1 = identical once spacing and punctuation are ignored' })
  similarity!: number;
}

export class QuestionSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty({ enum: QUESTION_STATUSES }) status!: QuestionStatus;
  @ApiProperty() difficulty!: number;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() needsReview!: boolean;
  @ApiProperty({ nullable: true, type: String }) reviewReason!: string | null;
  @ApiProperty() revisionNo!: number;
  @ApiProperty() stem!: string;
}

export class QuestionDetailResponseDto extends QuestionSummaryDto {
  @ApiProperty({ type: RevisionResponseDto }) current!: RevisionResponseDto;
  @ApiPropertyOptional({
    type: [SimilarQuestionDto],
    description: 'On create and update: questions whose stems are identical or nearly so',
  })
  similar?: SimilarQuestionDto[];
}

export class QuestionImportResultDto {
  @ApiProperty() created!: number;
  @ApiProperty({ description: 'Existing codes whose content changed: a new revision each' })
  revised!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({
    description: 'Nearly identical stems found while importing (reported, not refused)',
    type: 'array',
    items: { type: 'object' },
  })
  similar!: { code: string; similarTo: string; similarity: number }[];
}

export const IMPORT_FORMATS = ['json', 'xlsx', 'moodle', 'gift', 'aiken', 'docx'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The form fields of an import besides the file. */
export class QuestionImportOptionsDto {
  @ApiPropertyOptional({
    enum: IMPORT_FORMATS,
    description:
      'The file format; by default told by the extension (.txt: GIFT, or Aiken when it has ANSWER: lines and no braces)',
  })
  @IsOptional()
  @IsIn(IMPORT_FORMATS, { message: '导入格式须为 json、xlsx、moodle、gift、aiken 或 docx' })
  format?: ImportFormat;
}

export class QuestionImportFileDto extends QuestionImportOptionsDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'question-bank .json, the .xlsx template, Moodle XML (.xml), GIFT (.gift/.txt), Aiken (.txt) or a Word question file (.docx)',
  })
  file!: unknown;
}
