import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/pagination';
import { Trim, IsOptionalNotNull } from '../../../common/validation/transforms';
import { IsDecimalNumber } from '../../../common/validation/numbers';
import { QUESTION_TYPES } from '../../question-bank';
import type { QuestionType } from '../../question-bank';
import {
  EXAM_KINDS,
  EXAM_STATUSES,
  PAPER_MODES,
  REVIEW_CONTENTS,
  REVIEW_TIMINGS,
  SCORE_POLICIES,
} from '../entities/exam.entity';
import type {
  ExamKind,
  ExamStatus,
  PaperMode,
  ReviewContent,
  ReviewTiming,
  ScorePolicy,
} from '../entities/exam.entity';
import type { MultipleChoiceScoring } from '../grading/grading';

export class FixedQuestionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  questionId!: string;

  @ApiProperty({ example: 2 })
  @IsDecimalNumber(2)
  @Min(0.5)
  @Max(100)
  points!: number;
}

export class BlueprintRuleDto {
  @ApiProperty({ enum: QUESTION_TYPES })
  @IsIn(QUESTION_TYPES)
  type!: QuestionType;

  @ApiProperty({ minimum: 1, maximum: 500 })
  @IsInt()
  @Min(1)
  @Max(500)
  count!: number;

  @ApiProperty({ example: 2 })
  @IsDecimalNumber(2)
  @Min(0.5)
  @Max(100)
  pointsEach!: number;

  @ApiPropertyOptional({ type: [String], description: 'Only questions citing these laws' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  lawIds?: string[];

  @ApiPropertyOptional({ description: 'With one law: cited article from' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  articleFrom?: number;

  @ApiPropertyOptional({ description: 'With one law: cited article to' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  articleTo?: number;

  @ApiPropertyOptional({ type: [String], description: 'Questions carrying any of these tags' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  tags?: string[];

  @ApiPropertyOptional({ minimum: 1, maximum: 5, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  difficultyMin?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, default: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  difficultyMax?: number;
}

class ExamSettingsDto {
  @ApiProperty({ example: '2026年度学法考试' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title!: string;

  @ApiProperty({ example: '2026-11-30T01:00:00Z' })
  @IsISO8601({ strict: true })
  opensAt!: string;

  @ApiProperty({ example: '2026-12-06T09:00:00Z' })
  @IsISO8601({ strict: true })
  closesAt!: string;

  @ApiProperty({ example: 60, description: 'Minutes each attempt may take' })
  @IsInt()
  @Min(1)
  @Max(1440)
  durationMinutes!: number;

  @ApiPropertyOptional({
    description: 'Percent of the paper’s points; default: the plan’s pass mark, else 60',
  })
  @IsOptional()
  @IsDecimalNumber(2)
  @Min(0)
  @Max(100)
  passMark?: number;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  attemptsAllowed?: number;

  @ApiPropertyOptional({ enum: SCORE_POLICIES, default: 'highest' })
  @IsOptional()
  @IsIn(SCORE_POLICIES)
  scorePolicy?: ScorePolicy;

  @ApiPropertyOptional({
    type: [String],
    description: 'Units whose staff (with subunits) sit the exam',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  audienceUnitIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Named staff who sit the exam' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  audienceStaffIds?: string[];

  @ApiProperty({ enum: PAPER_MODES })
  @IsIn(PAPER_MODES)
  paperMode!: PaperMode;

  @ApiPropertyOptional({ type: [FixedQuestionDto], description: 'paperMode fixed' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FixedQuestionDto)
  questions?: FixedQuestionDto[];

  @ApiPropertyOptional({ type: [BlueprintRuleDto], description: 'paperMode random' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BlueprintRuleDto)
  rules?: BlueprintRuleDto[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  shuffleQuestions?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  shuffleOptions?: boolean;

  @ApiPropertyOptional({ enum: ['all_or_nothing', 'partial'], default: 'all_or_nothing' })
  @IsOptional()
  @IsIn(['all_or_nothing', 'partial'])
  multipleChoiceScoring?: MultipleChoiceScoring;

  @ApiPropertyOptional({ enum: REVIEW_CONTENTS, default: 'score_only' })
  @IsOptional()
  @IsIn(REVIEW_CONTENTS)
  reviewContent?: ReviewContent;

  @ApiPropertyOptional({ enum: REVIEW_TIMINGS, default: 'after_submit' })
  @IsOptional()
  @IsIn(REVIEW_TIMINGS)
  reviewTiming?: ReviewTiming;
}

export class CreateExamDto extends ExamSettingsDto {
  @ApiProperty({ format: 'uuid', description: 'The unit that owns the exam' })
  @IsUUID()
  unitId!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiProperty({ enum: EXAM_KINDS })
  @IsIn(EXAM_KINDS)
  kind!: ExamKind;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'kind makeup: the official exam it makes up for',
  })
  @IsOptional()
  @IsUUID()
  parentExamId?: string;
}

/** A draft may change anything; a published exam only its closing time (later). */
export class UpdateExamDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  title?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsISO8601({ strict: true }) opensAt?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsISO8601({ strict: true }) closesAt?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsInt() @Min(1) @Max(1440) durationMinutes?: number;
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsDecimalNumber(2)
  @Min(0)
  @Max(100)
  passMark?: number;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsInt() @Min(1) @Max(20) attemptsAllowed?: number;
  @ApiPropertyOptional({ enum: SCORE_POLICIES })
  @IsOptionalNotNull()
  @IsIn(SCORE_POLICIES)
  scorePolicy?: ScorePolicy;
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  audienceUnitIds?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10000)
  @IsUUID('all', { each: true })
  audienceStaffIds?: string[];
  @ApiPropertyOptional({ enum: PAPER_MODES })
  @IsOptionalNotNull()
  @IsIn(PAPER_MODES)
  paperMode?: PaperMode;
  @ApiPropertyOptional({ type: [FixedQuestionDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FixedQuestionDto)
  questions?: FixedQuestionDto[];
  @ApiPropertyOptional({ type: [BlueprintRuleDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BlueprintRuleDto)
  rules?: BlueprintRuleDto[];
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() shuffleQuestions?: boolean;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() shuffleOptions?: boolean;
  @ApiPropertyOptional({ enum: ['all_or_nothing', 'partial'] })
  @IsOptionalNotNull()
  @IsIn(['all_or_nothing', 'partial'])
  multipleChoiceScoring?: MultipleChoiceScoring;
  @ApiPropertyOptional({ enum: REVIEW_CONTENTS })
  @IsOptionalNotNull()
  @IsIn(REVIEW_CONTENTS)
  reviewContent?: ReviewContent;
  @ApiPropertyOptional({ enum: REVIEW_TIMINGS })
  @IsOptionalNotNull()
  @IsIn(REVIEW_TIMINGS)
  reviewTiming?: ReviewTiming;
}

export class ChangeExamStatusDto {
  @ApiProperty({ enum: ['published', 'closed', 'archived'] })
  @IsIn(['published', 'closed', 'archived'])
  status!: 'published' | 'closed' | 'archived';

  @ApiPropertyOptional({
    example: '全员已交卷，提前结束以便当天安排补考',
    description:
      'Closing before the window ends (author or admin, nobody answering): why; recorded in the audit log',
  })
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason?: string;
}

export class GrantExtraTimeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  staffId!: string;

  @ApiProperty({ minimum: 1, maximum: 600, description: 'Extra minutes (added to earlier grants)' })
  @IsInt()
  @Min(1)
  @Max(600)
  minutes!: number;

  @ApiProperty({ example: '视力障碍，需要放大屏幕阅读' })
  @Trim()
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class ListExamsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EXAM_STATUSES })
  @IsOptional()
  @IsIn(EXAM_STATUSES)
  status?: ExamStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  planId?: string;
}

export class BlueprintRuleResponseDto {
  @ApiProperty() position!: number;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() count!: number;
  @ApiProperty() pointsEach!: number;
  @ApiProperty({ type: [String] }) lawIds!: string[];
  @ApiProperty({ nullable: true, type: Number }) articleFrom!: number | null;
  @ApiProperty({ nullable: true, type: Number }) articleTo!: number | null;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty() difficultyMin!: number;
  @ApiProperty() difficultyMax!: number;
  @ApiPropertyOptional({ description: 'Published: questions in the rule’s frozen pool' })
  available?: number;
}

export class FixedQuestionResponseDto {
  @ApiProperty() position!: number;
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) revisionId!: string | null;
  @ApiProperty() points!: number;
}

export class ExamResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) unitId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) planId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentExamId!: string | null;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: EXAM_KINDS }) kind!: ExamKind;
  @ApiProperty({ enum: EXAM_STATUSES }) status!: ExamStatus;
  @ApiProperty() opensAt!: string;
  @ApiProperty() closesAt!: string;
  @ApiProperty() durationMinutes!: number;
  @ApiProperty() passMark!: number;
  @ApiProperty() attemptsAllowed!: number;
  @ApiProperty({ enum: SCORE_POLICIES }) scorePolicy!: ScorePolicy;
  @ApiProperty({ enum: PAPER_MODES }) paperMode!: PaperMode;
  @ApiProperty() shuffleQuestions!: boolean;
  @ApiProperty() shuffleOptions!: boolean;
  @ApiProperty({ enum: ['all_or_nothing', 'partial'] })
  multipleChoiceScoring!: MultipleChoiceScoring;
  @ApiProperty({ enum: REVIEW_CONTENTS }) reviewContent!: ReviewContent;
  @ApiProperty({ enum: REVIEW_TIMINGS }) reviewTiming!: ReviewTiming;
  @ApiProperty() totalPoints!: number;
  @ApiProperty({ type: [String] }) audienceUnitIds!: string[];
  @ApiProperty({ type: [String] }) audienceStaffIds!: string[];
  @ApiProperty({ nullable: true, type: String }) publishedAt!: string | null;
}

export class ExamDetailResponseDto extends ExamResponseDto {
  @ApiProperty({ type: [FixedQuestionResponseDto] }) questions!: FixedQuestionResponseDto[];
  @ApiProperty({ type: [BlueprintRuleResponseDto] }) rules!: BlueprintRuleResponseDto[];
  @ApiProperty({ description: 'Published: how many may sit it' }) candidateCount!: number;
}

export class PreviewQuestionDto {
  @ApiProperty() position!: number;
  @ApiProperty({ format: 'uuid' }) questionId!: string;
  @ApiProperty() code!: string;
  @ApiProperty({ enum: QUESTION_TYPES }) type!: QuestionType;
  @ApiProperty() points!: number;
  @ApiProperty() stem!: string;
  @ApiProperty({ type: [String] }) options!: string[];
  @ApiProperty({ description: 'The key, in the displayed option letters' }) answer!: unknown;
}

export class ExamPreviewDto {
  @ApiProperty() totalPoints!: number;
  @ApiProperty({ type: [PreviewQuestionDto] }) questions!: PreviewQuestionDto[];
}

export class ExtraTimeResponseDto {
  @ApiProperty({ format: 'uuid' }) staffId!: string;
  @ApiProperty({ description: 'Total extra minutes for this person' }) totalMinutes!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Their open attempt’s new deadline' })
  deadlineAt!: string | null;
}

export class RuleAvailabilityQueryDto {
  @ApiProperty({ type: [BlueprintRuleDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BlueprintRuleDto)
  rules!: BlueprintRuleDto[];
}

export class RuleAvailabilityDto {
  @ApiProperty({ description: 'The rule’s position, from 1' }) position!: number;
  @ApiProperty({ description: 'Questions the rule asks for' }) needed!: number;
  @ApiProperty({ description: 'Active, unflagged questions matching the rule' }) matching!: number;
  @ApiProperty({
    description:
      'Of those, the ones it can draw from once the rules share the bank (as at publish)',
  })
  available!: number;
}
